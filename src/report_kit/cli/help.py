"""Chinese help screens: typer's usage prefix, help option and section titles.

Typer (with the click it vendors) writes "Usage:", "Options" and "Show this message and exit."
in English. Staff-facing text must be Chinese, so the command classes below override the two
methods that write them, and the section titles go through a small translation table.
"""

from __future__ import annotations

import typer.core

_TITLES = {
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "Aborted!": "已中止。",
}
_original_gettext = getattr(typer.core, "_", None)


def _translate(message: str) -> str:
    return _TITLES.get(message, _original_gettext(message) if _original_gettext else message)


if _original_gettext is not None:  # typer looks `_` up at call time; absent in other versions: stay English
    typer.core._ = _translate


class _Chinese:
    def format_usage(self, ctx, formatter) -> None:
        self.options_metavar = "[选项]"
        if getattr(self, "subcommand_metavar", None):
            self.subcommand_metavar = "命令 [参数]..."
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="用法：")

    def format_options(self, ctx, formatter) -> None:
        # An argument's help line shows its Python type ("<list[Path]>") beside its metavar; the
        # metavar already says what to give, in Chinese.
        for param in self.get_params(ctx):
            if isinstance(param, typer.core.TyperArgument) and param.metavar:
                param.display_type_rich = lambda ctx: None
        super().format_options(ctx, formatter)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option


class ChineseGroup(_Chinese, typer.core.TyperGroup):
    """The top-level command group with Chinese help."""


class ChineseCommand(_Chinese, typer.core.TyperCommand):
    """A command with Chinese help."""
