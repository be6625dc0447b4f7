"""The command line: parse arguments, call the library, print Chinese, exit 0/1/2."""

from __future__ import annotations

import re
import sys

import typer

from ..fsutil import os_error_text
from .commands import app  # defining the commands registers them on the app
from . import outputs, published  # noqa: F401,E402  (registers draft, import and audit)
from .coercion import NOT_INTEGER
from .coercion import install as _install_plain_coercion
from .common import EXIT_OK, EXIT_UNUSABLE, Interrupted

_install_plain_coercion()

_INTERRUPTED = 130  # typer turns Ctrl-C into this exit code, silently

__all__ = ["app", "run"]

_USAGE_MESSAGES = (
    (re.compile(r"Missing argument '(.+)'"), "缺少参数 {0}。"),
    (re.compile(r"No such option: (\S+)"), "没有这个选项：{0}。"),
    (re.compile(r"No such command '(.+)'"), "没有这个命令：{0}。"),
    (re.compile(r"Option '(.+)' requires an argument"), "选项 {0} 需要一个值。"),
    (re.compile(r"Invalid value for '(.+?)': (.+)"), "参数 {0} 的值无效：{1}"),
    # Most often a name or path with a space typed without quotes: --agency 某某 局
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((.+)\)"),
     "多出了参数 {0}。名称或路径中有空格时，请把它整个放在英文引号中，如 \"某某 局\"。"),
)


# The reasons click gives for an invalid value, in the order it phrases them
_VALUE_REASONS = (
    (re.compile(r"Input should be a valid integer.*"), NOT_INTEGER),
    (re.compile(r"Input should be a valid (number|decimal).*"), "应填写数字。"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), "应不小于 {0}。"),
    (re.compile(r"'(.*)' is not a valid integer( range)?\.?"), "“{0}”不是整数。"),
    (re.compile(r"'(.*)' is not a valid float( range)?\.?"), "“{0}”不是数字。"),
    (re.compile(r"(\S+) is not in the range (.+?)\.?$"), "{0} 不在允许的范围内（{1}）。"),
    (re.compile(r"'(.*)' is not one of (.+?)\.?$"), "“{0}”不是可选的值之一（{1}）。"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' does not exist\.?"), "“{0}”不存在。"),
)


def _usage_message(text: str) -> str:
    for pattern, chinese in _USAGE_MESSAGES:
        match = pattern.search(text)
        if match:
            return chinese.format(*(_value_reason(part) for part in match.groups()))
    return text


def _value_reason(text: str) -> str:
    for pattern, chinese in _VALUE_REASONS:
        match = pattern.fullmatch(text.strip())
        if match:
            return chinese.format(*match.groups())
    return text


def run() -> None:
    """Console entry point: usage errors in Chinese, exit codes 0/1/2, no traceback for users."""
    sys.exit(main())


def main(args: list[str] | None = None) -> int:
    """Run one command line (`args`, default sys.argv) and return its exit code."""
    note = ""
    try:
        code = app(args=args, prog_name="report-kit", standalone_mode=False)
    except Interrupted as interrupted:  # a command that says what it had written by then
        code, note = _INTERRUPTED, interrupted.note
    except (KeyboardInterrupt, typer.Abort):
        code = _INTERRUPTED
    except OSError as error:  # anything the library did not turn into a sentence of its own
        typer.echo(f"错误：{os_error_text(error)}", err=True)
        code = EXIT_UNUSABLE
    except Exception as error:  # click's usage errors carry exit_code and format_message
        if not hasattr(error, "format_message"):
            raise
        typer.echo(f"用法错误：{_usage_message(error.format_message())}", err=True)
        typer.echo("查看帮助：report-kit -h，或 report-kit 命令 -h", err=True)
        code = EXIT_UNUSABLE
    if code == _INTERRUPTED:
        typer.echo("已中断。已写完的文件保留，未写完的不会留下半个文件。", err=True)
        if note:  # what the command had written by then, and the way on
            typer.echo(note, err=True)
    return code if isinstance(code, int) else EXIT_OK
