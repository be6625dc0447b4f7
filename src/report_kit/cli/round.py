"""The round commands' bodies: many files in, a ledger and a summary out.

Imported by the commands when they run (it loads the whole library), never for `--help`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import List, Optional

import typer

from ..previous import PreviousYear, load_previous
from ..errors import ReportKitError, UnusableInput
from ..defaults import DEFAULT_LEDGER, DEFAULT_PASSWORD, MESSAGES_SHOWN, RETURN_FOLDER
from ..form import FORM
from ..form import messages as msg
from ..form.form2021 import REPORT_NAME
from ..fsutil import make_folder
from ..round import operations
from ..round.discovery import find_inputs
from ..round.ledger import ledger_bytes, missing_departments, save_ledger
from ..report.render import load_template
from ..round.roster import read_roster
from ..round.rows import Round, Status
from ..paths import pasteable, shell_arg, shown
from .common import (EXIT_DATA, EXIT_OK, fail, interrupt_note, next_step, password_note, progress, result_json,
                     say_shortened)


def make_for_departments(departments: Path, out_dir: Path, previous: Optional[Path], year: int,
                          password: str, overwrite: bool, skip_existing: bool = False) -> None:
    """make-workbook --departments: one workbook per listed department; Ctrl-C says how to make the rest."""
    again = ["report-kit make-workbook --departments", pasteable(departments), "--year", str(year),
             "--out-dir", pasteable(out_dir)] + (["--previous", pasteable(previous)] if previous else []) + \
        (["--password", shell_arg(password)] if password != DEFAULT_PASSWORD else []) + ["--skip-existing"]
    with interrupt_note(lambda: msg.MAKE_INTERRUPTED.text(command=" ".join(again))):
        _make_for_departments(departments, out_dir, previous, year, password, overwrite, skip_existing)


def _make_for_departments(departments: Path, out_dir: Path, previous: Optional[Path], year: int,
                          password: str, overwrite: bool, skip_existing: bool) -> None:
    try:
        roster = read_roster(departments)
        last = load_previous([previous]) if previous else None
        make_folder(out_dir)
        with progress(len(roster.names), "正在生成填报表") as advance:
            everything = operations.make_workbooks(roster, out_dir, year=year, previous=last, password=password,
                                             overwrite=overwrite, skip_existing=skip_existing, progress=advance)
    except ReportKitError as error:
        fail(error)
    made = [m for m in everything if not m.kept]
    carried = [m for m in made if m.carried_from]
    typer.echo(f"已在“{shown(out_dir)}”中生成 {len(made)} 份 {year} 年填报表" +
               (f"，其中 {len(carried)} 份已按上年数据预填“{FORM.carried_labels[1]}”。" if last else "。"))
    if len(made) < len(everything):
        typer.echo(f"已有的 {len(everything) - len(made)} 份保留未动（--skip-existing）。")
    say_shortened([m.path for m in made], [m.department for m in made])
    _previous_problems(last)
    for item in made:
        if item.note:
            typer.echo(f"提示：{item.department}：{item.note}未预填“{FORM.carried_labels[1]}”。", err=True)
        elif last and not item.carried_from:
            typer.echo(f"提示：{item.department}：没有找到上年数据，未预填“{FORM.carried_labels[1]}”。", err=True)
    typer.echo(password_note(password, DEFAULT_PASSWORD))
    next_step(f"把“{shown(out_dir)}”中的填报表分别发给各部门（文件名带有部门名称）；收回后放进一个文件夹（如 回收），一次检查全部：",
              f"report-kit check 回收 --departments {pasteable(departments)} --annotate")


def read_round(files: List[Path], departments: Optional[Path], previous: Optional[Path],
               jobs: Optional[int], skip: List[Path] = ()) -> Round:
    """Read and check every return in `files` (files or folders), with a progress bar."""
    if jobs is not None and jobs < 1:
        raise UnusableInput(f"--jobs {jobs} 无效：进程数应为不小于 1 的整数。")
    roster = read_roster(departments) if departments else None
    last = load_previous([previous], jobs) if previous else None
    found = find_inputs(files, skip=skip)
    with progress(len(found), "正在检查") as advance:
        round_ = operations.check_round(found, roster=roster, previous=last, jobs=jobs, progress=advance)
    _previous_problems(last)
    return round_


def _check_batch(files: List[Path], departments: Optional[Path], ledger: Optional[Path],
                 previous: Optional[Path], jobs: Optional[int]) -> tuple[Round, Path]:
    """Read, check and assemble a round; the ledger path it will be written to."""
    ledger_path = ledger or Path(DEFAULT_LEDGER)
    dropped = missing_departments(ledger_path) if departments is None else []  # read before it is replaced
    round_ = read_round(files, departments, previous, jobs, skip=[ledger_path])
    if departments is None:  # without the list nobody can be missing: say so rather than drop them silently
        typer.echo("提示：没有给出部门名单（--departments），报送情况表不会列出未报送的部门" +
                   (f"；上次的报送情况表中“未报送”的 {len(dropped)} 个部门（{'、'.join(dropped[:5])}"
                    f"{'等' if len(dropped) > 5 else ''}）这次不再列出。" if dropped else "。"), err=True)
    return round_, ledger_path


def _previous_problems(last: Optional[PreviousYear]) -> None:
    for problem in (last.problems if last else []):
        typer.echo(f"提示：上年数据未能使用：{problem}", err=True)


def compile_batch(files, out_dir, departments, ledger, template, previous, overwrite, jobs) -> None:
    """compile on a round: a report for every usable return, the ledger, the summary."""
    started = time.time() - 1  # file times come from a coarser clock than time.time()
    with interrupt_note(lambda: msg.LEDGER_NOT_WRITTEN.text()) as note:
        try:
            template_bytes = load_template(template)
            round_, ledger_path = _check_batch(files, departments, ledger, previous, jobs)
            out_dir = out_dir or operations.default_report_folder(files)
            make_folder(out_dir)
            note.say = lambda: msg.REPORTS_INTERRUPTED.text(count=_written_since([out_dir], started),
                                                            folder=shown(out_dir))
            with progress(len(round_.usable), "正在编制报告") as advance:
                compiled = operations.compile_round(round_, template=template_bytes, out_dir=out_dir,
                                                    overwrite=overwrite, jobs=jobs, progress=advance)
            save_ledger(ledger_path, ledger_bytes(round_, _ledger_title(round_, "编制"), compiled))
        except ReportKitError as error:
            fail(error)
    _print_round(round_)
    written = [c for c in compiled if c.report]
    say_shortened([c.report for c in written], [c.outcome.submission.agency for c in written])
    typer.echo(f"已生成 {len(written)} 份报告，输出到“{shown(out_dir)}”。")
    for done in compiled:
        if done.problem and done.outcome.submission.summary_of:  # a 汇总 is compiled on its own
            typer.echo(f"提示：{done.outcome.path.name}：{done.problem}", err=True)
        elif done.problem:
            typer.echo(f"未生成报告：{done.outcome.path.name}：{done.problem}", err=True)
    typer.echo(f"报送情况表：{shown(ledger_path)}")
    failed = not round_.ok or any(c.problem and not c.outcome.submission.summary_of for c in compiled)
    raise typer.Exit(EXIT_DATA if failed else EXIT_OK)


def check_batch_command(files, departments, ledger, annotate, previous, as_json, jobs) -> None:
    """check on a round: the ledger, the summary and (with --annotate) the annotated copies."""
    started = time.time() - 1  # file times come from a coarser clock than time.time()
    with interrupt_note(lambda: msg.LEDGER_NOT_WRITTEN.text()) as note:
        try:
            round_, ledger_path = _check_batch(files, departments, ledger, previous, jobs)
            save_ledger(ledger_path, ledger_bytes(round_, _ledger_title(round_, "检查")))
            note.say = lambda: msg.LEDGER_WRITTEN.text(path=shown(ledger_path))
            annotated, removed = [], []
            if annotate:
                results = operations.annotatable(round_)
                folders = sorted({Path(r.submission.source).parent / RETURN_FOLDER for r in results})
                note.say = lambda: msg.LEDGER_WRITTEN.text(path=shown(ledger_path)) + _copies_so_far(folders, started)
                with progress(len(results), "正在生成标注副本") as advance:
                    annotated = operations.annotate_all(results, jobs=jobs, progress=advance)
                removed = operations.remove_stale_copies([row.outcome.path for row in round_.rows if row.outcome],
                                                   [path for path, problem in annotated if not problem])
        except ReportKitError as error:
            fail(error)
    if as_json:
        rows = [{"department": row.department, "status": row.status.value, "file": str(row.outcome.path) if row.outcome else "",
                 "problem": row.outcome.problem if row.outcome else "",
                 **(result_json(str(row.outcome.path), row.result) if row.result else {})}
                for row in round_.rows]
        typer.echo(json.dumps({"summary": round_.summary(), "ledger": str(ledger_path), "rows": rows},
                              ensure_ascii=False, indent=2))
    else:
        _print_round(round_)
        typer.echo(f"报送情况表：{shown(ledger_path)}")
        written = [path for path, problem in annotated if not problem]
        if annotate:
            typer.echo(f"已生成 {len(written)} 份标注副本（在{_folders(written)}中），可直接发回修改。")
        if removed:
            typer.echo(f"已删除 {len(removed)} 份过时的标注副本（相应的填报表已通过检查，或已不在文件夹中）。")
        for path, problem in annotated:
            if problem:
                typer.echo(f"未能生成标注副本：{path.name}：{problem}", err=True)
    raise typer.Exit(EXIT_OK if round_.ok else EXIT_DATA)


def _folders(copies: List[Path]) -> str:
    """Where the annotated copies are: their folders by name, or the rule when there are none."""
    folders = sorted({shown(copy.parent) for copy in copies})
    if not folders:
        return f"各文件旁的“{RETURN_FOLDER}”文件夹"
    return "、".join(f"“{folder}”" for folder in folders[:3]) + ("等文件夹" if len(folders) > 3 else "")


def _written_since(folders: List[Path], started: float) -> int:
    """How many finished files (not our hidden temporary ones) in `folders` were written since `started`."""
    count = 0
    for folder in folders:
        try:
            count += sum(1 for f in folder.iterdir() if not f.name.startswith(".") and f.is_file()
                         and f.stat().st_mtime >= started)
        except OSError:  # a folder not made yet
            continue
    return count


def _copies_so_far(folders: List[Path], started: float) -> str:
    """What an interrupt leaves of the annotated copies (see `check_batch_command`)."""
    count = _written_since(folders, started)
    if not count:
        return msg.COPIES_NONE_WRITTEN.text()
    made = [f for f in folders if f.is_dir()]
    return msg.COPIES_INTERRUPTED.text(count=count, folders="”、“".join(shown(f) for f in made))


def _ledger_title(round_: Round, what: str) -> str:
    years = sorted({row.outcome.submission.year for row in round_.rows
                    if row.outcome and row.outcome.submission and row.outcome.submission.year})
    year = f"{years[0]}年" if len(years) == 1 else ""
    return f"{year}{REPORT_NAME}报送情况（{what}）"


def _print_round(round_: Round) -> None:
    width = min(16, max((len(row.department) for row in round_.rows), default=4))
    for row in round_.rows:
        counts = f"错误 {row.errors} 项，提示 {row.warnings} 项" if row.outcome and row.outcome.result else ""
        typer.echo(f"{row.status.value:　<4} {row.department:　<{width}}  {row.file}  {counts}".rstrip())
        if row.status is Status.PASSED:
            continue
        for message in row.messages(MESSAGES_SHOWN):
            typer.echo(f"      · {message}")
        more = len(row.findings) - MESSAGES_SHOWN
        if more > 0:
            typer.echo(f"      · ……另有 {more} 项，见报送情况表")
    typer.echo(round_.summary())
