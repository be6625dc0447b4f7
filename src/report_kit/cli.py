"""The command line: parse arguments, call the library, print Chinese, exit 0/1/2."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__, pipeline
from .checker import CheckResult, check
from .datafile import dumps
from .errors import ReportKitError
from .fsutil import write_atomic
from .workbook.writer import DEFAULT_PASSWORD

EXIT_OK, EXIT_DATA, EXIT_UNUSABLE = 0, 1, 2

app = typer.Typer(
    help="report-kit：政府信息公开工作年度报告的填报表生成、回收校验与报告编制工具"
         "（依据国办公开办函〔2021〕30号格式）。",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
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


@app.command("make-workbook", help="生成带保护的 Excel 填报表，发给各部门填写。")
def make_workbook(
    agency: str = typer.Option("", "--agency", help="机关名称，预填并锁定在填报表中。"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度（默认：上一年）。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="输出文件（默认：{年度}年政府信息公开工作年度报告填报表-{机关}.xlsx）。"),
    data: Optional[Path] = typer.Option(None, "--data", help="用 JSON 数据文件预填数值（字段名见 fields 命令）。"),
    password: str = typer.Option(DEFAULT_PASSWORD, "--password", help="工作表保护密码。"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖。"),
):
    try:
        prefill = pipeline.load_submission(data) if data else None
        content = pipeline.make_workbook(agency, year, prefill, password)
        target = output or Path(pipeline.workbook_filename(year or (prefill and prefill.year)
                                                           or pipeline.default_year(), agency))
        write_atomic(target, content, overwrite=force)
    except ReportKitError as error:
        _fail(error)
    typer.echo(f"已生成填报表：{target}")


@app.command("fields", help="列出全部字段：字段名、所在表格、行列标签、类型、工作表和单元格。")
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


@app.command("check", help="检查回收的填报表（或 JSON 数据）：逐格核对数值和勾稽关系。有错误时退出码为 1。")
def check_command(
    file: Path = typer.Argument(..., help="回收的填报表 .xlsx 或 JSON 数据文件。"),
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


@app.command("export", help="把填报表中的数值、基本信息和文字内容导出为 JSON（可供 make-workbook --data 和 --previous 使用）。")
def export(
    file: Path = typer.Argument(..., help="填报表 .xlsx。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出 JSON 文件（默认输出到屏幕）。"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖。"),
):
    try:
        submission = pipeline.load_submission(file)
        text = dumps(submission)
        if output:
            write_atomic(output, text.encode("utf-8"), overwrite=force)
    except ReportKitError as error:
        _fail(error)
    if output:
        typer.echo(f"已导出：{output}")
    else:
        sys.stdout.write(text)
    result = check(submission)
    if not result.ok:
        typer.echo(f"注意：数据中有 {len(result.errors)} 项错误，可用 check 命令查看。", err=True)
