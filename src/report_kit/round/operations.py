"""The coordinator's round as library calls: workbooks out, returns checked, reports compiled.

Each call takes an optional `progress` callback, called once per file finished; the CLI turns it
into a progress bar. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .annotate import RETURN_FOLDER, is_annotated_copy, save_annotated
from .checking import Outcome, check_crashed, check_file, set_previous
from .discovery import find_inputs
from .making import build_workbooks
from .pool import run_each
from ..checker import CheckResult
from ..errors import OutputError, ReportKitError, UnusableInput
from ..fsutil import remove_stale_temps, write_atomic
from ..api import (empty_sections, prose_missing, report_filename, save_report,
                   workbook_filename)
from ..report.render import render_report
from .roster import Roster, normalize_name
from .rows import Round, assemble
from ..form import FORM
from ..form import messages as msg
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
class PreviousYear:
    """Last year's returns by normalized agency name, and the files that could not be used."""

    by_agency: dict[str, Submission]
    problems: list[str]

    def get(self, agency: str) -> Submission | None:
        return self.by_agency.get(normalize_name(agency))


def require_previous(path: Path) -> None:
    """Raise UnusableInput, saying a first year has none, when last year's data `path` does not exist."""
    if not path.exists():
        raise UnusableInput(msg.PREVIOUS_NOT_FOUND.format(path=path, carried=FORM.carried_labels[1]))


def load_previous(paths: Sequence[Path], jobs: int | None = None) -> PreviousYear:
    """Read last year's returned workbooks or JSON files (files or folders), keyed by agency.

    Raises UnusableInput when a path does not exist (see `require_previous`)."""
    for path in paths:
        require_previous(path)
    outcomes = list(run_each(check_file, find_inputs(paths), jobs=jobs, initializer=set_previous, initargs=({},),
                             crashed=check_crashed))
    by_agency, problems = {}, []
    for outcome in outcomes:
        if outcome.submission is None:
            problems.append(outcome.problem)
        elif not outcome.submission.agency:
            problems.append(f"上年数据“{outcome.path.name}”没有填写机关名称，无法对应到部门。")
        else:
            by_agency[normalize_name(outcome.submission.agency)] = outcome.submission
    return PreviousYear(by_agency, problems)


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
        raise OutputError(f"输出文件夹“{out_dir}”不存在。")
    remove_stale_temps(out_dir)  # what a killed run left half-written
    targets = {name: out_dir / workbook_filename(year, name) for name in roster.names}
    clashes = _clashes(targets)
    if clashes:
        raise OutputError(f"这些部门名称生成的文件名相同，请在名单中区分：{'；'.join(clashes)}。")
    existing = [name for name, path in targets.items() if path.exists()]
    if existing and not (overwrite or skip_existing):
        shown = "、".join(targets[n].name for n in existing[:3]) + ("等" if len(existing) > 3 else "")
        raise OutputError(f"“{out_dir}”中已有 {len(existing)} 个同名填报表（{shown}），未覆盖；"
                          f"名单共 {len(targets)} 个部门，其余 {len(targets) - len(existing)} 个尚未生成。"
                          "如果是上次运行中断留下的，加 --skip-existing 保留已有的、只生成缺少的；"
                          "如需全部重新生成，加 --overwrite。")
    made = []
    kept = {name for name in existing if skip_existing and not overwrite}
    built = build_workbooks([(name, previous.get(name) if previous else None) for name in targets if name not in kept],
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
            raise OutputError(f"{error}已完成 {done} 份（共 {len(targets)} 份），其余未生成。"
                              "解决问题后，加 --skip-existing 重新运行即可补齐。") from None
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
    """Read and check every file (see `batch.find_inputs`) and assemble the round.

    Raises UnusableInput when there is nothing to check.
    """
    if not files and roster is None:
        raise UnusableInput("没有找到可检查的文件（.xlsx 或 .json）。")
    by_agency = previous.by_agency if previous else {}
    outcomes = _counted(run_each(check_file, files, jobs=jobs, initializer=set_previous,
                                 initargs=(by_agency,), crashed=check_crashed), progress)
    return assemble(outcomes, roster)


REPORT_FOLDER = "报告"


def default_report_folder(inputs: Sequence[Path]) -> Path:
    """Where a round's reports go when no folder is named: 报告/ beside the folder of returns
    (回收/ -> 报告/), never among the returns; 报告/ here when the returns come from several folders."""
    folders = {path if path.is_dir() else path.parent for path in inputs}
    return folders.pop().parent / REPORT_FOLDER if len(folders) == 1 else Path(REPORT_FOLDER)


# The template for this worker process, set once by the pool's initializer.
_template: bytes | None = None


def _set_template(template: bytes | None) -> None:
    global _template
    _template = template


def _render(task: tuple[Submission, Path, bool]) -> tuple[Path | None, str]:
    submission, target, overwrite = task
    try:
        return save_report(target, render_report(submission, _template), submission, overwrite=overwrite), ""
    except ReportKitError as error:
        return None, str(error)
    except Exception as error:  # one report must not end the round; the ledger shows it
        return None, f"生成报告时出现意外错误（{type(error).__name__}）。"


def compile_round(round_: Round, *, template: bytes | None = None, out_dir: Path | None = None,
                  overwrite: bool = False, jobs: int | None = None, progress: Progress = None) -> list[Outcome]:
    """Render a report for every usable return in `round_` (into `out_dir`, else beside the
    return). Sets each outcome's `report` or `report_problem`; returns the outcomes compiled.

    A return with an unwritten 文字内容 section gets no report: its `report_problem` names the
    sections (see `api.prose_missing`)."""
    usable = [row.outcome for row in round_.usable]
    if out_dir is not None and not out_dir.is_dir():
        raise OutputError(f"输出文件夹“{out_dir}”不存在。")
    for outcome in usable:  # a report with a blank section is not written (no --force in a round)
        outcome.report_problem = prose_missing(empty_sections(outcome.submission))
    for outcome in usable:  # a 汇总 fed back among the returns is compiled on its own, not as a department
        if outcome.submission.summary_of:
            outcome.report_problem = msg.SUMMARY_NOT_COMPILED.format(file=outcome.path)
    outcomes = [o for o in usable if not o.report_problem]
    if progress and len(outcomes) < len(usable):
        progress(len(usable) - len(outcomes))
    tasks = [(o.submission, target, overwrite) for o, target in zip(outcomes, _report_targets(outcomes, out_dir))]
    results = _counted(run_each(_render, tasks, jobs=jobs, initializer=_set_template, initargs=(template,),
                                crashed=lambda task: (None, "生成报告时工作进程意外退出（可能是内存不足）。")), progress)
    for outcome, (path, problem) in zip(outcomes, results):
        outcome.report, outcome.report_problem = path, problem
    return usable


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
        return None, f"生成标注副本时出现意外错误（{type(error).__name__}）。"


def annotatable(round_: Round) -> list[CheckResult]:
    """The checked workbooks (not JSON files) that have something to tell their department."""
    return [row.outcome.result for row in round_.rows
            if row.outcome and row.outcome.result and row.outcome.result.findings
            and row.outcome.path.suffix.lower() != ".json"]


def annotate_all(results: list[CheckResult], *, jobs: int | None = None,
                 progress: Progress = None) -> list[tuple[Path, str]]:
    """Write an annotated copy (see `annotate`) of each checked workbook; returns
    (copy, "") or (original, why not) for each."""
    done = _counted(run_each(_annotate, results, jobs=jobs,
                             crashed=lambda result: (None, "生成标注副本时工作进程意外退出（可能是内存不足）。")), progress)
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
