"""The coordinator's round as library calls: workbooks out, returns checked, reports compiled.

Each call takes an optional `progress` callback, called once per file finished; the CLI turns it
into a progress bar. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..defaults import RETURN_FOLDER
from .annotate import is_annotated_copy, save_annotated
from .checking import Outcome, checked, read_crashed, read_safely
from .making import build_workbooks
from .pool import POOL_THRESHOLD, run_each
from ..checker import CheckResult
from ..errors import OutputError, ReportKitError, UnusableInput
from ..fsutil import remove_stale_temps, write_atomic
from ..inputs import input_kind
from ..paths import pasteable
from ..api import (empty_sections, prose_missing, report_filename, save_report,
                   workbook_filename)
from ..report.render import prepare, render_report
from .roster import Roster
from .rows import Compiled, Round, assemble
from ..form import messages as msg
from ..previous import PreviousYear
from ..submission import Submission
from ..workbook.writer import DEFAULT_PASSWORD

Progress = Callable[[int], None] | None


def _counted(results: Iterable, progress: Progress) -> list:
    done = []
    for result in results:
        done.append(result)
        if progress:
            progress(1)
    return done


@dataclass
class Made:
    """One workbook sent out: to whom, where, and whether last year's data was carried in."""

    department: str
    path: Path
    carried_from: str = ""  # last year's file the carried-in values came from
    note: str = ""  # why last year's data was not carried in
    kept: bool = False  # it existed already and was kept (--skip-existing)


def make_workbooks(roster: Roster, out_dir: Path, *, year: int, previous: PreviousYear | None = None,
                   password: str = DEFAULT_PASSWORD, overwrite: bool = False, skip_existing: bool = False,
                   progress: Progress = None, jobs: int | None = None) -> list[Made]:
    """One locked workbook per listed department in `out_dir`, named after the department, built
    on up to `jobs` processes (default: every core).

    Raises OutputError before writing anything when two names give one file name or a file
    exists (unless `overwrite`, or `skip_existing`: keep it and make only the missing ones — the
    way on after an interrupted run). A write that fails part-way says how far the run got.
    """
    if not out_dir.is_dir():
        raise OutputError(msg.OUTPUT_FOLDER_MISSING.text(folder=out_dir))
    remove_stale_temps(out_dir)  # what a killed run left half-written
    targets = {name: out_dir / workbook_filename(year, name) for name in roster.names}
    clashes = _clashes(targets)
    if clashes:
        raise OutputError(msg.FILENAME_CLASH.text(clashes="；".join(clashes)))
    existing = [name for name, path in targets.items() if path.exists()]
    if existing and not (overwrite or skip_existing):
        shown = "、".join(targets[n].name for n in existing[:3]) + ("等" if len(existing) > 3 else "")
        raise OutputError(msg.WORKBOOKS_EXIST.text(folder=out_dir, count=len(existing), shown=shown,
                                                   total=len(targets), rest=len(targets) - len(existing)))
    made = []
    kept = {name for name in existing if skip_existing and not overwrite}
    built = build_workbooks([(name, previous.get(name, year) if previous else None) for name in targets if name not in kept],
                            year=year, password=password, jobs=jobs)  # on every core, in order
    for name, target in targets.items():
        if name in kept:
            made.append(Made(name, target, kept=True))
            if progress:
                progress(1)
            continue
        item = Made(name, target)
        content, item.carried_from, item.note = next(built)
        try:
            write_atomic(target, content, overwrite=True)
        except OutputError as error:  # disk full, say: what is done stays, and the way on
            done = sum(1 for m in made)
            raise OutputError(msg.MAKING_STOPPED.text(error=error, done=done, total=len(targets))) from None
        made.append(item)
        if progress:
            progress(1)
    return made


def _clashes(targets: dict[str, Path]) -> list[str]:
    by_file: dict[str, list[str]] = {}
    for name, path in targets.items():
        by_file.setdefault(path.name.casefold(), []).append(name)
    return ["、".join(f"“{n}”" for n in names) for names in by_file.values() if len(names) > 1]


def check_round(files: Sequence[Path], *, roster: Roster | None = None, previous: PreviousYear | None = None,
                jobs: int | None = None, progress: Progress = None) -> Round:
    """Read and check every file (see `discovery.find_inputs`) and assemble the round.

    Raises UnusableInput when there is nothing to check.
    """
    if not files and roster is None:
        raise UnusableInput(msg.NOTHING_TO_CHECK.text())
    read = run_each(read_safely, files, jobs=jobs, crashed=read_crashed)  # workers read; last year's data stays here
    outcomes = _counted((checked(path, *done, previous) for path, done in zip(files, read)), progress)
    return assemble(outcomes, roster)


REPORT_FOLDER = "报告"


def default_report_folder(inputs: Sequence[Path]) -> Path:
    """Where a round's reports go when no folder is named: 报告/ beside the folder of returns
    (回收/ -> 报告/), never among the returns; 报告/ here when the returns come from several folders."""
    folders = {path if path.is_dir() else path.parent for path in inputs}
    return folders.pop().parent / REPORT_FOLDER if len(folders) == 1 else Path(REPORT_FOLDER)


def _render(task: tuple[Submission, Path, bool], template: bytes | None) -> tuple[Path | None, str]:
    submission, target, overwrite = task
    try:
        return save_report(target, render_report(submission, template), submission, overwrite=overwrite), ""
    except ReportKitError as error:
        return None, str(error)
    except Exception as error:  # one report must not end the round; the ledger shows it
        return None, msg.REPORT_CRASHED.text(error=type(error).__name__)


def compile_round(round_: Round, *, template: bytes | None = None, out_dir: Path | None = None,
                  overwrite: bool = False, jobs: int | None = None, progress: Progress = None) -> list[Compiled]:
    """Render a report for every usable return in `round_` (into `out_dir`, else beside the
    return). Returns what became of each: its report, or why none was written.

    A return with an unwritten 文字内容 section gets no report: its problem names the sections
    (see `api.prose_missing`); nor does a 汇总 fed back among the returns."""
    usable = [row.outcome for row in round_.usable]
    if out_dir is not None and not out_dir.is_dir():
        raise OutputError(msg.OUTPUT_FOLDER_MISSING.text(folder=out_dir))
    stopped = {outcome: _not_compiled(outcome) for outcome in usable}
    outcomes = [o for o in usable if not stopped[o]]
    if progress and len(outcomes) < len(usable):
        progress(len(usable) - len(outcomes))
    tasks = [(o.submission, target, overwrite) for o, target in zip(outcomes, _report_targets(outcomes, out_dir))]
    if len(tasks) >= POOL_THRESHOLD:  # compiled here once, inherited by every worker the pool forks
        prepare(template)
    # the template goes with the job to every worker (once per chunk of tasks), never into a module's state
    results = _counted(run_each(partial(_render, template=template), tasks, jobs=jobs,
                                crashed=lambda task: (None, msg.REPORT_WORKER_CRASHED.text())), progress)
    rendered = dict(zip(outcomes, results))
    return [Compiled(o, *rendered[o]) if o in rendered else Compiled(o, problem=stopped[o]) for o in usable]


def _not_compiled(outcome: Outcome) -> str:
    """Why a usable return gets no report in a round ("" when it gets one)."""
    if outcome.submission.summary_of:  # a 汇总 fed back among the returns is compiled on its own
        return msg.SUMMARY_NOT_COMPILED.text(file=pasteable(outcome.path))  # a command to paste: ASCII quotes
    return prose_missing(empty_sections(outcome.submission))  # no --force in a round


def _report_targets(outcomes: list[Outcome], out_dir: Path | None) -> list[Path]:
    """Each return's report path. Two agencies whose names clean to one file name ("甲/乙局",
    "甲:乙局") get "-2", "-3" so that neither report replaces the other."""
    targets, taken = [], set()
    for outcome in outcomes:
        target = (out_dir or outcome.path.parent) / report_filename(outcome.submission)
        number = 1
        while (str(target.parent.resolve()), target.name.casefold()) in taken:
            number += 1
            base = Path(report_filename(outcome.submission))
            target = target.with_name(f"{base.stem}-{number}{base.suffix}")
        taken.add((str(target.parent.resolve()), target.name.casefold()))
        targets.append(target)
    return targets


def _annotate(result: CheckResult) -> tuple[Path | None, str]:
    try:
        return save_annotated(result), ""
    except ReportKitError as error:
        return None, str(error)
    except Exception as error:  # e.g. a part openpyxl cannot write back; the others go on
        return None, msg.ANNOTATE_CRASHED.text(error=type(error).__name__)


def annotatable(round_: Round) -> list[CheckResult]:
    """The checked files that can be annotated (workbooks, not JSON files: see `inputs.INPUTS`)
    and have something to tell their department."""
    return [row.result for row in round_.rows
            if row.result and row.result.findings and input_kind(row.outcome.path).annotatable]


def annotate_all(results: list[CheckResult], *, jobs: int | None = None,
                 progress: Progress = None) -> list[tuple[Path, str]]:
    """Write an annotated copy (see `annotate`) of each checked workbook; returns
    (copy, "") or (original, why not) for each."""
    done = _counted(run_each(_annotate, results, jobs=jobs,
                             crashed=lambda result: (None, msg.ANNOTATE_WORKER_CRASHED.text())), progress)
    return [(path or Path(r.submission.source), problem) for r, (path, problem) in zip(results, done)]


def remove_stale_copies(checked: Iterable[Path], written: Iterable[Path]) -> list[Path]:
    """Delete the annotated copies in 退回修改/ beside the `checked` files that no longer say
    anything true: the copy of a file checked now that got no new copy (it passed, say), and the
    copy of a file no longer there. Copies just `written`, copies of files not checked in this run
    and anything this tool did not write are kept. Returns the copies deleted."""
    checked = {path.resolve() for path in checked}
    kept = {path.resolve() for path in written}
    removed = []
    for folder in sorted({path.parent for path in checked}):
        returned = folder / RETURN_FOLDER
        if not returned.is_dir():
            continue
        for copy in sorted(returned.iterdir()):
            original = (folder / copy.name).resolve()
            stale = original in checked or not original.exists()
            if copy.resolve() not in kept and stale and copy.is_file() and is_annotated_copy(copy):
                copy.unlink()
                removed.append(copy)
    return removed
