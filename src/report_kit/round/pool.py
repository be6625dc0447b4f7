"""Run a per-file job over a process pool.

One bad file never stops a run: every failure becomes that file's result. Work that does not
pay for a pool (a handful of files) runs in this process. Workers end with the main process,
however it ends, and ignore Ctrl-C, which is the main process's to report.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator, Sequence, TypeVar

from ..errors import ReportKitError
from ..form import messages as msg

POOL_THRESHOLD = 8  # below this many files a pool costs more than it saves
STOP_SECONDS = 30  # how long a stopped pool's workers may take to finish what they hold

Item = TypeVar("Item")
Result = TypeVar("Result")


def run_each(job: Callable[[Item], Result], items: Sequence[Item], *, jobs: int | None = None,
             initializer: Callable | None = None, initargs: tuple = (),
             crashed: Callable[[Item], Result] | None = None) -> Iterator[Result]:
    """`job(item)` for every item, in order, on up to `jobs` processes (default: every core).

    `job` must not raise for a bad item; it returns the failure as its result. A worker that dies
    (killed, out of memory) takes no file's result with it: the items not yet done are run again
    one at a time, each in a fresh process, so the one that kills its process is found and
    `crashed(item)` stands for its result. Without `crashed` the run stops with ReportKitError.
    """
    workers = min(jobs or os.cpu_count() or 1, len(items))
    if workers <= 1 or len(items) < POOL_THRESHOLD:
        if initializer:
            initializer(*initargs)
        yield from (job(item) for item in items)
        return
    chunk = max(1, min(16, len(items) // (workers * 8)))  # small chunks keep the progress bar moving
    done, pool = 0, _pool(workers, initializer, initargs)
    try:
        for result in pool.map(job, items, chunksize=chunk):
            done += 1
            yield result
    except BrokenProcessPool:  # a worker was killed: which file it held is unknown
        if crashed is None:
            raise ReportKitError(msg.WORKER_CRASHED.text()) from None
    else:
        pool.shutdown()
        return
    finally:
        _stop(pool)
    yield from _one_by_one(job, items[done:], initializer, initargs, crashed)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool now (Ctrl-C, an error, a broken pool): queued work is dropped; what the workers
    already hold (a chunk or two) is finished, and they are waited for, so that whatever counts the
    files afterwards ("标注副本已写完 N 份") counts what is on disk. (Before, the workers were meant to be
    terminated, but shutdown() had already forgotten them: they went on with what they held while
    the count was taken.) Waiting rather than terminating leaves the pool's own threads and queues
    to end as they expect; a worker that does not finish in time is terminated."""
    # Taken before shutdown(), which forgets them (no public API for this)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
        if process.is_alive():  # stuck: not worth waiting for
            process.terminate()


def _one_by_one(job, items, initializer, initargs, crashed) -> Iterator:
    pool = None
    try:
        for item in items:
            pool = pool or _pool(1, initializer, initargs)
            try:
                result = pool.submit(job, item).result()
            except BrokenProcessPool:
                _stop(pool)
                pool = None
                result = crashed(item)
            yield result
    finally:
        if pool is not None:
            _stop(pool)


def _pool(workers: int, initializer, initargs) -> ProcessPoolExecutor:
    """A pool whose workers end when this process ends, however it ends (see `_watch_parent`)."""
    return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(initializer, initargs))


def _start_worker(initializer, initargs) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle and report
    # The parent is the main process (fork) or the fork server, which ends with the main process
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    if initializer:
        initializer(*initargs)


def _watch_parent(parent: int) -> None:
    """A killed main process cannot shut its pool down: each worker ends itself when orphaned."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
