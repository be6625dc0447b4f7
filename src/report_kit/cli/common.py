"""What every command shares: the Typer app, exit codes, failing in Chinese, progress bars."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import List

import typer

from ..checker import CheckResult
from ..errors import ReportKitError, UnusableInput
from ..fsutil import was_shortened
from ..form import messages as msg
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


def previous_for(path: Path, agency: str):
    """Last year's data for one agency: the file given, or the agency's file in a folder."""
    from ..round import operations

    operations.require_previous(path)
    if not path.is_dir():  # a workbook, a JSON file, or last year's published report (PDF, web page, .docx)
        from ..published.audit import previous_from_published

        return previous_from_published(path)
    found = operations.load_previous([path]).get(agency)
    if found is None:
        raise UnusableInput(f"“{path}”中没有“{agency}”的上年数据。")
    return found


@contextmanager
def progress(total: int, label: str):
    """A progress bar on stderr; yields the callback the library calls once per file."""
    if total == 0:
        yield None
        return
    with typer.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


# Characters a shell (bash, cmd.exe, PowerShell) reads as something other than part of a name.
_SHELL_SPECIAL = set(" \t'\"$`&|;<>()*?![]{}#~^%,")


def shell_arg(path: Path | str) -> str:
    """A path as it can be pasted into a shell: bare when that is safe, else in ASCII double quotes.
    Never Chinese quotation marks: a shell takes “x.xlsx” as part of the name."""
    text = str(path)
    return f'"{text}"' if any(c in _SHELL_SPECIAL for c in text) else text


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
    typer.echo(msg.FONTS_SUBSTITUTED.format(pairs=pairs), err=True)
