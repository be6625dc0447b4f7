"""The report beyond Word: the `draft` command and the web page `compile --html` writes.

The renderers are imported inside the functions so that `report-kit --help` and plain `compile`
do not load them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Optional

import typer

from ..errors import ReportKitError
from ..fsutil import write_atomic
from .common import EXIT_DATA, EXIT_OK, app, fail, print_result
from .help import ChineseCommand

FRAGMENT_SUFFIX = "（正文片段）"


def draft_prose(submission):
    """`compile --draft-prose`: fill the empty draftable sections and say which were filled."""
    from ..report.draft import fill_empty_prose
    from ..form import FORM

    submission, filled = fill_empty_prose(submission)
    if filled:
        names = "、".join(f"“{FORM.field(fid).row_label}”" for fid in filled)
        typer.echo(f"已按表格数字起草{names}（原为空白）；请核对后再发布。")
    else:
        typer.echo("可起草的小节都已填写，未改动正文。")
    return submission


def html_target(submission, base: Path, output: Path | None, fragment: bool) -> Path:
    """Where the page goes: `output` (-o with --html-only), else beside `base` (the .docx, or the
    input file) named like the report."""
    from .. import api

    if output is not None:
        return output
    if base.suffix.lower() != ".docx":
        base = base.with_name(api.report_filename(submission))
    return base.with_name(base.stem + (FRAGMENT_SUFFIX if fragment else "") + ".html")


def _ours(target: Path, submission) -> bool:
    """Whether `target` is a page or chart this tool wrote for the same agency and year."""
    from ..report.html import html_owner
    from ..report.render import owner_stamp

    try:
        return target.is_file() and html_owner(target.read_bytes()[:4096]) == owner_stamp(submission)
    except OSError:
        return False


def save_html(submission, target: Path, *, fragment: bool, overwrite: bool, charts: bool = False,
              previous=None) -> Path:
    """Write the page; an existing page of the same agency and year is replaced (as the .docx is)."""
    from ..report.html import page_html

    page = page_html(submission, fragment=fragment, charts=charts, previous=previous)
    write_atomic(target, page.encode("utf-8"), overwrite=overwrite or _ours(target, submission))
    typer.echo(f"已生成{'网页正文片段' if fragment else '网页'}：{target}")
    return target


def compile_html_only(submission, last, file: Path, output: Path | None, fragment: bool, force: bool,
                      overwrite: bool, charts: bool = False) -> int:
    """`compile --html-only`: check, then write only the page (not when the data has errors, unless
    `force`). Returns the exit code, as plain `compile` would."""
    from ..checker import check

    result = check(submission, last)
    print_result(result)
    if not result.ok and not force:
        typer.echo("数据有错误，未生成网页。请按上面的提示修改填报表后重试（确需先出草稿可加 --force）。", err=True)
        return EXIT_DATA
    target = save_html(submission, html_target(submission, Path(file), output, fragment), fragment=fragment,
                       overwrite=overwrite, charts=charts, previous=last)
    if charts:
        save_charts(submission, target if output else Path(file), overwrite=overwrite, previous=last)
    if not result.ok:
        typer.echo(f"注意：网页含 {len(result.errors)} 项错误，是按 --force 强制生成的，不能作为正式版本发布。", err=True)
        return EXIT_DATA
    return EXIT_OK


def save_charts(submission, base: Path, *, overwrite: bool, previous=None) -> Path:
    """Write the 图解 as .svg beside `base` (the .docx or the input), named like the report."""
    from .. import api
    from ..report.charts import CHARTS_HEADING, chart_svg
    from ..report.render import owner_stamp

    if base.suffix.lower() != ".docx":
        base = base.with_name(api.report_filename(submission))
    target = base.with_name(f"{base.stem}（{CHARTS_HEADING}）.svg")
    svg = f"<!-- {escape(owner_stamp(submission))} -->\n" + chart_svg(submission, previous)
    write_atomic(target, svg.encode("utf-8"), overwrite=overwrite or _ours(target, submission))
    typer.echo(f"已生成图解：{target}")
    return target


@app.command("draft", cls=ChineseCommand,
             help="按表格数字起草正文段落（依申请公开情况、行政复议和行政诉讼、表二的规章和规范性文件），供复制或修改。")
def draft_command(
    file: Path = typer.Argument(..., metavar="文件", help="填报表 .xlsx 或 JSON 数据文件。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="把起草的段落写入文本文件（默认输出到屏幕）。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
):
    from .. import api
    from ..report.draft import draft
    from ..form import FORM

    try:
        submission = api.load_submission(file)
        paragraphs = draft(submission).paragraphs
        text = "".join(f"【{FORM.field(fid).row_label}】\n{body}\n\n" for fid, body in paragraphs.items())
        if output:
            write_atomic(output, text.encode("utf-8"), overwrite=overwrite)
    except ReportKitError as error:
        fail(error)
    if output:
        typer.echo(f"已写入：{output}")
    else:
        typer.echo(text.rstrip("\n"))
    raise typer.Exit(EXIT_OK)
