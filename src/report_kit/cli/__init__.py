"""The command line: parse arguments, call the library, print Chinese, exit 0/1/2."""

from __future__ import annotations

import re
import sys

import typer

from .commands import app  # defining the commands registers them on the app
from . import outputs, published  # noqa: F401,E402  (registers draft, import and audit)
from .common import EXIT_OK, EXIT_UNUSABLE

__all__ = ["app", "run"]

_USAGE_MESSAGES = (
    (re.compile(r"Missing argument '(.+)'"), "缺少参数 {0}。"),
    (re.compile(r"No such option: (\S+)"), "没有这个选项：{0}。"),
    (re.compile(r"No such command '(.+)'"), "没有这个命令：{0}。"),
    (re.compile(r"Option '(.+)' requires an argument"), "选项 {0} 需要一个值。"),
    (re.compile(r"Invalid value for '(.+?)': (.+)"), "参数 {0} 的值无效：{1}"),
)


def _usage_message(text: str) -> str:
    for pattern, chinese in _USAGE_MESSAGES:
        match = pattern.search(text)
        if match:
            return chinese.format(*match.groups())
    return text


def run() -> None:
    """Console entry point: usage errors in Chinese, exit codes 0/1/2, no traceback for users."""
    try:
        code = app(prog_name="report-kit", standalone_mode=False)
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        code = 130
    except Exception as error:  # click's usage errors carry exit_code and format_message
        if not hasattr(error, "format_message"):
            raise
        typer.echo(f"用法错误：{_usage_message(error.format_message())}", err=True)
        typer.echo("查看帮助：report-kit -h，或 report-kit 命令 -h", err=True)
        code = EXIT_UNUSABLE
    sys.exit(code if isinstance(code, int) else EXIT_OK)
