"""Many files at once: find them, and run a per-file job over a process pool.

One bad file never stops a run: every failure becomes that file's outcome. Work that does not
pay for a pool (a handful of files) runs in this process.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from .checker import CheckResult, check
from .errors import ReportKitError, UnusableInput
from .fsutil import reason
from .pipeline import load_submission
from .roster import normalize_name
from .submission import Submission

# What a folder of returns may hold. Old formats are listed so they are reported, not skipped.
INPUT_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods", ".json"})
POOL_THRESHOLD = 8  # below this many files a pool costs more than it saves

Item = TypeVar("Item")
Result = TypeVar("Result")


def find_inputs(paths: Sequence[Path], skip: Iterable[Path] = ()) -> list[Path]:
    """Files named, plus the returns directly inside named folders (sorted, each once).

    Office lock files (~$x.xlsx, .~lock.x#) and hidden files are not returns; `skip` names files
    this run writes itself (the ledger). Sub-folders such as 退回修改/ are not entered.
    Raises UnusableInput for a path that does not exist.
    """
    from .ledger import is_ledger  # the ledger module needs the round, which needs this one

    skipped = {p.resolve() for p in skip}
    found: dict[Path, Path] = {}  # resolved -> as named: "a.xlsx" and "/x/a.xlsx" are one file
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() in INPUT_SUFFIXES and not _is_noise(child.name) \
                        and not (child.suffix.lower() == ".xlsx" and is_ledger(child)):  # last run's ledger
                    found.setdefault(child.resolve(), child)
        elif path.exists():
            found.setdefault(path.resolve(), path)
        else:
            raise UnusableInput(f"找不到“{path}”。")
    return [p for resolved, p in found.items() if resolved not in skipped]


def _is_noise(name: str) -> bool:
    return name.startswith(("~$", ".~lock", "."))


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
            raise ReportKitError("批量处理时一个工作进程意外退出（可能是内存不足）。请加 --jobs 1 重新运行，"
                                 "以便找出有问题的文件。") from None
    else:
        pool.shutdown()
        return
    finally:
        _stop(pool)
    yield from _one_by_one(job, items[done:], initializer, initargs, crashed)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool now (Ctrl-C, an error, a broken pool): queued work is dropped and the workers
    are terminated rather than left to finish the batch nobody will read."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):  # no public API for this
        if process.is_alive():
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


CRASHED = ("处理“{name}”时工作进程意外退出（可能是文件过大或内存不足），无法使用。请打开该文件确认内容，"
           "或单独用 report-kit check 检查它。")


@dataclass
class Outcome:
    """What became of one file: its check, or why it could not be used."""

    path: Path
    result: CheckResult | None = None
    problem: str = ""  # the Chinese sentence saying why the file could not be used
    report: Path | None = None  # the report written from it (compile)
    report_problem: str = ""  # why no report was written although the data passed

    @property
    def submission(self) -> Submission | None:
        return self.result.submission if self.result else None


# The previous year's data, by normalized agency name; set once per worker process.
_previous: dict[str, Submission] = {}


def set_previous(previous: dict[str, Submission]) -> None:
    """Make last year's data (by normalized agency name) available to `check_file` in this process."""
    global _previous
    _previous = previous


def check_file(path: Path) -> Outcome:
    """Read and check one file; never raises for a bad file."""
    try:
        submission = load_submission(path)
    except ReportKitError as error:
        return Outcome(path, problem=str(error))
    except OSError as error:  # a path the OS refuses (too long, no permission) or a read failing
        return Outcome(path, problem=f"无法读取“{path.name}”：{reason(error)}。")
    except Exception as error:  # a damaged file may break a library in ways nobody listed
        return Outcome(path, problem=f"“{path.name}”读取时出现意外错误（{type(error).__name__}），无法使用。")
    last = _previous.get(normalize_name(submission.agency))
    return Outcome(path, check(submission, last))


def check_crashed(path: Path) -> Outcome:
    """The outcome of a file whose worker process died while reading it."""
    return Outcome(path, problem=CRASHED.format(name=path.name))
