"""The command line: parse arguments, call the library, print Chinese, exit 0/1/2."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__, pipeline
from .checker import CheckResult, check
from .cli_help import ChineseCommand, ChineseGroup
from .datafile import dumps
from .errors import ReportKitError
from .fsutil import write_atomic
from .report.pdf import docx_to_pdf
from .report.render import load_template, template_variables
from .workbook.writer import DEFAULT_PASSWORD

EXIT_OK, EXIT_DATA, EXIT_UNUSABLE = 0, 1, 2

app = typer.Typer(
    help="report-kit：政府信息公开工作年度报告的填报表生成、回收校验与报告编制工具"
         "（依据国办公开办函〔2021〕30号格式）。",
    cls=ChineseGroup, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]})


def _fail(error: ReportKitError) -> None:
    typer.echo(f"错误：{error}", err=True)
    raise typer.Exit(EXIT_UNUSABLE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"report-kit {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号。")):
    """report-kit 命令行。"""


@app.command("make-workbook", cls=ChineseCommand, help="生成带保护的 Excel 填报表，发给各部门填写。")
def make_workbook(
    agency: str = typer.Option("", "--agency", help="机关名称，预填并锁定在填报表中。"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度（默认：上一年）。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="输出文件（默认：{年度}年政府信息公开工作年度报告填报表-{机关}.xlsx）。"),
    data: Optional[Path] = typer.Option(None, "--data", help="用 JSON 数据文件预填数值（字段名见 fields 命令）。"),
    password: str = typer.Option(DEFAULT_PASSWORD, "--password", help="工作表保护密码。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
):
    try:
        prefill = pipeline.load_submission(data) if data else None
        content = pipeline.make_workbook(agency, year, prefill, password)
        target = output or Path(pipeline.workbook_filename(year or (prefill and prefill.year)
                                                           or pipeline.default_year(), agency))
        write_atomic(target, content, overwrite=overwrite)
    except ReportKitError as error:
        _fail(error)
    typer.echo(f"已生成填报表：{target}")


@app.command("fields", cls=ChineseCommand, help="列出全部字段：字段名、所在表格、行列标签、类型、工作表和单元格。")
def fields(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。")):
    rows = pipeline.field_rows()
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        label = row["row_label"] + (f" / {row['column_label']}" if row["column_label"] else "")
        kind = {"count": "件数", "money": "万元", "text": "文字", "year": "年份", "prose": "正文"}[row["type"]]
        derived = "（公式）" if row["derived"] else ""
        typer.echo(f"{row['id']}\t{row['sheet']}!{row['cell']}\t{kind}{derived}\t{label}")


def _print_result(result: CheckResult) -> None:
    name = Path(result.submission.source).name or "数据"
    for finding in result.findings:
        typer.echo(f"[{finding.severity.value}] {finding.code} {finding.message}")
    verdict = "通过" if result.ok and not result.warnings else ("有错误" if not result.ok else "仅有提示")
    typer.echo(f"{name}：{verdict}（错误 {len(result.errors)} 项，提示 {len(result.warnings)} 项）")


@app.command("compile", cls=ChineseCommand, help="检查回收的填报表并编制 Word 报告。有错误时不生成报告（--force 可强制生成并注明）。")
def compile_command(
    file: Path = typer.Argument(..., metavar="文件", help="回收的填报表 .xlsx 或 JSON 数据文件。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="输出的 Word 文件（默认：{年度}年政府信息公开工作年度报告-{机关}.docx）。"),
    template: Optional[Path] = typer.Option(None, "--template", help="自定义 Word 模板（变量见 template-vars 命令）。"),
    previous: Optional[Path] = typer.Option(None, "--previous", help="上年的填报表或 JSON，用于跨年核对。"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 生成 PDF。"),
    force: bool = typer.Option(False, "--force", help="数据有错误时仍然生成报告（不建议用于正式发布）。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件属于其他机关或非本工具生成时也覆盖。"),
):
    try:
        submission = pipeline.load_submission(file)
        last = pipeline.load_submission(previous) if previous else None
        template_bytes = load_template(template)
        result = pipeline.compile_report(submission, previous=last, template=template_bytes, force=force)
        _print_result(result.check)
        if result.docx is None:
            typer.echo("数据有错误，未生成报告。请按上面的提示修改填报表后重试（确需先出草稿可加 --force）。", err=True)
            raise typer.Exit(EXIT_DATA)
        target = output or Path(file).with_name(pipeline.report_filename(submission))
        pipeline.save_report(target, result.docx, submission, overwrite=overwrite)
        typer.echo(f"已生成报告：{target}")
        if result.forced:
            typer.echo(f"注意：报告含 {len(result.check.errors)} 项错误，是按 --force 强制生成的，不能作为正式版本发布。",
                       err=True)
        if pdf:
            pdf_target = target.with_suffix(".pdf")
            write_atomic(pdf_target, docx_to_pdf(result.docx), overwrite=True)
            typer.echo(f"已生成 PDF：{pdf_target}")
    except ReportKitError as error:
        _fail(error)
    raise typer.Exit(EXIT_DATA if result.forced else EXIT_OK)


@app.command("template-vars", cls=ChineseCommand, help="列出 Word 模板可以使用的全部变量。")
def template_vars(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。")):
    described = template_variables()
    if as_json:
        typer.echo(json.dumps(described, ensure_ascii=False, indent=2))
        return
    for name, text in described.items():
        typer.echo(f"{name}\t{text}")


@app.command("template", cls=ChineseCommand, help="导出默认的 Word 模板，作为自定义模板的起点。")
def template_command(
    output: Path = typer.Argument(..., metavar="输出文件", help="输出的 .docx 文件。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
):
    try:
        write_atomic(output, load_template(None), overwrite=overwrite)
    except ReportKitError as error:
        _fail(error)
    typer.echo(f"已导出默认模板：{output}")


@app.command("check", cls=ChineseCommand, help="检查回收的填报表（或 JSON 数据）：逐格核对数值和勾稽关系。有错误时退出码为 1。")
def check_command(
    file: Path = typer.Argument(..., metavar="文件", help="回收的填报表 .xlsx 或 JSON 数据文件。"),
    previous: Optional[Path] = typer.Option(None, "--previous", help="上年的填报表或 JSON，用于跨年核对（R6、R7）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出检查结果。"),
):
    try:
        submission = pipeline.load_submission(file)
        last = pipeline.load_submission(previous) if previous else None
    except ReportKitError as error:
        _fail(error)
    result = check(submission, last)
    if as_json:
        typer.echo(json.dumps({"file": str(file), "ok": result.ok, "errors": len(result.errors),
                               "warnings": len(result.warnings),
                               "findings": [f.to_dict() for f in result.findings]}, ensure_ascii=False, indent=2))
    else:
        _print_result(result)
    raise typer.Exit(EXIT_OK if result.ok else EXIT_DATA)


@app.command("export", cls=ChineseCommand, help="把填报表中的数值、基本信息和文字内容导出为 JSON（可供 make-workbook --data 和 --previous 使用）。")
def export(
    file: Path = typer.Argument(..., metavar="文件", help="填报表 .xlsx。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出 JSON 文件（默认输出到屏幕）。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
):
    try:
        submission = pipeline.load_submission(file)
        text = dumps(submission)
        if output:
            write_atomic(output, text.encode("utf-8"), overwrite=overwrite)
    except ReportKitError as error:
        _fail(error)
    if output:
        typer.echo(f"已导出：{output}")
    else:
        sys.stdout.write(text)
    result = check(submission)
    if not result.ok:
        typer.echo(f"注意：数据中有 {len(result.errors)} 项错误，可用 check 命令查看。", err=True)


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
