"""What every command shares: the Typer app, exit codes, failing in Chinese, progress bars."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Union

import typer

from ..checker import CheckResult
from ..errors import ReportKitError, UnusableInput
from ..fsutil import was_shortened, write_atomic
from ..form import messages as msg
from ..paths import is_slip, locate, shown
from .help import ChineseGroup

EXIT_OK, EXIT_DATA, EXIT_UNUSABLE = 0, 1, 2

app = typer.Typer(
    help="report-kit：政府信息公开工作年度报告的填报表生成、回收校验与报告编制工具"
         "（依据国办公开办函〔2021〕30号格式）。",
    cls=ChineseGroup, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]})


def fail(error: ReportKitError) -> None:
    """Print the error as the user's message and exit 2 (the input or output could not be used)."""
    typer.echo(f"错误：{error}", err=True)
    raise typer.Exit(EXIT_UNUSABLE)


def refuse_replacing_inputs(output: Optional[Path], *inputs: Union[Path, Iterable[Path], None]) -> None:
    """Exit 2 when `output` is a file this command reads: `-o` typed as the input's own name would,
    with --overwrite, replace a department's return (a template, last year's data) with the
    command's output. Decided here, where the command knows both, before anything is written."""
    try:
        if output is None or not output.is_file():
            return
    except OSError:  # a name the system refuses: the write says so in its own words
        return
    for given in inputs:
        for path in ([given] if isinstance(given, Path) else list(given or ())):
            try:
                same = path.is_file() and os.path.samefile(output, path)
            except OSError:
                same = False
            if same:
                fail(UnusableInput(msg.OUTPUT_IS_INPUT.text(path=output)))


def write_or_print(text: str, output: Optional[Path], overwrite: bool, said: str = "已导出：{path}") -> None:
    """`text` written to `output` (atomically, UTF-8) and `said` with the written path filled in,
    or, without `output`, `text` printed (ending in one newline). A write that fails exits 2."""
    if not output:
        typer.echo(text.rstrip("\n"))
        return
    try:
        write_atomic(output, text.encode("utf-8"), overwrite=overwrite)
    except ReportKitError as error:
        fail(error)
    typer.echo(said.format(path=shown(output)))


@contextmanager
def progress(total: int, label: str):
    """A progress bar on stderr; yields the callback the library calls once per file."""
    if total == 0:
        yield None
        return
    with typer.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


def typed_paths(paths: List[Path], what: str = "", following: List[Path] = ()) -> List[Path]:
    """The paths the user typed, each checked before anything runs: one that is not there fails
    saying where it was looked for and the likely slip (see `paths.locate`); one that is there
    only without the spaces around it is used so, with a note."""
    located = []
    for number, path in enumerate(paths):
        try:
            found, note = locate(path, [str(p) for p in [*paths[number + 1:], *following]], what)
        except ReportKitError as error:
            fail(error)
        if note:
            typer.echo(f"提示：{note}", err=True)
        located.append(found)
    return located


def typed_path(path: Optional[Path], what: str = "", following: List[Path] = ()) -> Optional[Path]:
    """`typed_paths` for an option's one path (None stays None)."""
    return None if path is None else typed_paths([path], what, following)[0]


def typed_previous(path: Optional[Path]) -> Optional[Path]:
    """`--previous` as typed: a slip (quotes, spaces) is said as for any path; a path simply not
    there is left to the library, whose sentence says that a first year has no last year's data."""
    if path is None or path.exists() or not is_slip(path):
        return path
    return typed_path(path, msg.PREVIOUS_WHAT)


class Interrupted(BaseException):
    """Ctrl-C, carrying what the command had written by then and the way on (`note`), which
    `cli.main` says after "已中断。". A BaseException, as KeyboardInterrupt is, but not one: typer
    turns a KeyboardInterrupt into a bare exit code, and the note would be lost on the way."""

    def __init__(self, note: str):
        super().__init__(note)
        self.note = note


class InterruptNote:
    """What a command would say if interrupted now: `say()` ("" or a sentence), set as it goes."""

    def __init__(self, say: Optional[Callable[[], str]] = None):
        self.say = say


@contextmanager
def interrupt_note(say: Optional[Callable[[], str]] = None):
    """Run a command's body so that Ctrl-C in it says `note.say()` (a callable: it says what is
    true at that moment, such as how many copies are written). Yields the note to update."""
    note = InterruptNote(say)
    try:
        yield note
    except KeyboardInterrupt:
        raise Interrupted(note.say() if note.say else "") from None


def next_step(text: str, *commands: str) -> None:
    """Tell the user what to do next, each command on a line of its own, ready to copy."""
    typer.echo(f"下一步：{text}")
    for command in commands:
        typer.echo(f"  {command}")


def password_note(password: str, default: str) -> str:
    return f"工作表保护密码：{password}" + ("（默认密码，可用 --password 另设）。" if password == default else "。")


def say_shortened(paths: list[Path], names: list[str]) -> None:
    """Tell the user which file names were shortened to fit the file system's limit."""
    shortened = [p.name for p, name in zip(paths, names) if p is not None and was_shortened(p, name)]
    if len(shortened) == 1:
        typer.echo(f"提示：名称较长，文件名已按文件系统的长度限制缩短为“{shortened[0]}”；文件内的机关名称完整保留。",
                   err=True)
    elif shortened:
        typer.echo(f"提示：{len(shortened)} 个文件名因名称较长已按文件系统的长度限制缩短（如“{shortened[0]}”）；"
                   "文件内的机关名称完整保留。", err=True)


def usage(text: str) -> None:
    """Options that do not go together: say so in Chinese, exit 2."""
    typer.echo(f"用法错误：{text}", err=True)
    raise typer.Exit(EXIT_UNUSABLE)


def is_batch(files: List[Path], *options) -> bool:
    """Several files, a folder, or a round option: the command works on a round."""
    return len(files) > 1 or files[0].is_dir() or any(option is not None for option in options)


def print_result(result: CheckResult) -> None:
    name = Path(result.submission.source).name or "数据"
    for finding in result.findings:
        typer.echo(f"[{finding.severity.value}] {finding.code} {finding.message}")
    verdict = ("未填写" if result.untouched else "通过" if result.ok and not result.warnings
               else "有错误" if not result.ok else "仅有提示")
    typer.echo(f"{name}：{verdict}（错误 {len(result.errors)} 项，提示 {len(result.warnings)} 项）")


def result_json(file: str, result: CheckResult) -> dict:
    return {"file": file, "ok": result.ok, "untouched": result.untouched, "errors": len(result.errors),
            "warnings": len(result.warnings),
            "findings": [f.to_dict() for f in result.findings]}


def print_font_substitutions(substitutions) -> None:
    """Say which 公文 fonts the PDF could not use and what stood in for them (on stderr: a note)."""
    if not substitutions:
        return
    pairs = "；".join((msg.FONT_PAIR if s.used else msg.FONT_NO_STAND_IN).format(wanted=s.wanted, used=s.used)
                     for s in substitutions)
    typer.echo(msg.FONTS_SUBSTITUTED.text(pairs=pairs), err=True)
