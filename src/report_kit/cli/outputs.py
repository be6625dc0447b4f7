"""The report beyond Word: the `draft` command and the web page `compile --html` writes.

The renderers are imported inside the functions so that `report-kit --help` and plain `compile`
do not load them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import FontMissing, ReportKitError
from ..fsutil import write_atomic
from .common import (EXIT_DATA, EXIT_OK, EXIT_UNUSABLE, app, fail, print_result, refuse_replacing_inputs, typed_path,
                     write_or_print)
from .help import ChineseCommand


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
    if output is not None:
        return output
    return _beside(submission, base, "fragment" if fragment else "html")


def _beside(submission, base: Path, name: str) -> Path:
    """Output `name`'s file beside `base`: named after `base` when it is the Word report, else
    named like the report."""
    from .. import api
    from ..report.formats import OUTPUTS, file_name

    if base.suffix.lower() != OUTPUTS["docx"].suffix:
        base = base.with_name(api.report_filename(submission))
    return base.with_name(file_name(base.stem, name))


def _ours(target: Path, submission, name: str) -> bool:
    """Whether `target` is a file of output `name` this tool wrote for the same agency and year."""
    from ..stamps import owner_stamp
    from ..report.formats import owner

    return target.is_file() and owner(target, name) == owner_stamp(submission)


def save_html(submission, target: Path, *, fragment: bool, overwrite: bool, charts: bool = False,
              previous=None) -> Path:
    """Write the page; an existing page of the same agency and year is replaced (as the .docx is)."""
    from ..report.formats import RenderOptions, render

    name = "fragment" if fragment else "html"
    page = render(name, submission, RenderOptions(charts=charts, previous=previous))
    write_atomic(target, page.data, overwrite=overwrite or _ours(target, submission, name))
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
    """Write the 图解 as .svg and .png beside `base` (the .docx or the input), named like the report.
    Without a Chinese font the .svg is still written (a viewer draws its text with its own fonts)
    and the missing .png is said, exit 2."""
    from ..report.formats import RenderOptions, render

    options = RenderOptions(previous=previous)
    for name in ("charts", "charts_png"):
        target = _beside(submission, base, name)
        try:
            picture = render(name, submission, options)
        except FontMissing as error:
            typer.echo(f"错误：{error}PNG 图片未生成（SVG 图解已生成）。", err=True)
            raise typer.Exit(EXIT_UNUSABLE) from None
        write_atomic(target, picture.data, overwrite=overwrite or _ours(target, submission, name))
        typer.echo(f"已生成图解：{target}")
    return target


def compile_report(submission, last, template: bytes, force: bool, charts_page: bool):
    """`api.compile_report`, with `--charts-docx`: without a Chinese font to draw the 图解 page,
    no report is written (exit 2) rather than one without the page asked for."""
    from .. import api

    try:
        return api.compile_report(submission, previous=last, template=template, force=force,
                                  charts_page=charts_page)
    except FontMissing as error:
        typer.echo(f"错误：{error}未生成报告；不加 --charts-docx 可生成不带图解页的报告。", err=True)
        raise typer.Exit(EXIT_UNUSABLE) from None


@app.command("draft", cls=ChineseCommand,
             help="按表格数字起草正文段落（依申请公开情况、行政复议和行政诉讼、表二的规章和规范性文件），供复制或修改。")
def draft_command(
    file: Path = typer.Argument(..., metavar="文件", help="填报表 .xlsx 或 JSON 数据文件。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="把起草的段落写入文本文件（默认输出到屏幕）。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
):
    from .. import api
    from ..checker import check
    from ..report.draft import draft, refusal
    from ..form import FORM

    file = typed_path(file)
    refuse_replacing_inputs(output, file)
    try:
        submission = api.load_submission(file)
        result = check(submission)
        if not result.ok:  # a number read as 0 or sums that do not add up would be drafted as they are
            print_result(result)
            typer.echo(refusal(submission, result.errors), err=True)
            raise typer.Exit(EXIT_DATA)
        paragraphs = draft(submission).paragraphs
        text = "".join(f"【{FORM.field(fid).row_label}】\n{body}\n\n" for fid, body in paragraphs.items())
    except ReportKitError as error:
        fail(error)
    write_or_print(text, output, overwrite, "已写入：{path}")
    raise typer.Exit(EXIT_OK)
