"""`import` and `audit`: published reports (PDF, web page, .docx) read by their printed labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import ReportKitError, UnusableInput
from ..form import messages as msg
from .common import (EXIT_DATA, EXIT_OK, EXIT_UNUSABLE, app, fail, progress, result_json, typed_path, typed_paths,
                     refuse_replacing_inputs, typed_previous, write_or_print)
from .help import ChineseCommand

PLACES_SHOWN = 2


@app.command("import", cls=ChineseCommand,
             help="读取已发布的年度报告（PDF、网页 .html、Word .docx），按行列标签取出表格中的每个数字，导出为 JSON"
                  "（总计按印出的数字保留；附每个数字的出处）。")
def import_command(
    file: Path = typer.Argument(..., metavar="报告文件", help="已发布的年度报告：PDF、网页或 .docx（按内容识别，不看扩展名）。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="输出 JSON 文件（默认输出到屏幕）。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
):
    from ..published.reading import read_published, to_json_dict

    file = typed_path(file)
    refuse_replacing_inputs(output, file)
    try:
        report = read_published(file)
        text = json.dumps(to_json_dict(report), ensure_ascii=False, indent=2) + "\n"
    except ReportKitError as error:
        fail(error)
    write_or_print(text, output, overwrite,
                   f"已导出：{{path}}（读出 {len(report.readings)} 个数字，未能读出 {len(report.not_read)} 个）")
    if report.not_read:
        typer.echo(f"注意：{len(report.not_read)} 个数字未能读出，见 JSON 中的 source.not_read。", err=True)


@app.command("audit", cls=ChineseCommand,
             help="审核已发布的年度报告（PDF、网页、.docx）：与 check 相同的规则，问题指向页码和行列标签。"
                  "可给多个文件或文件夹；同一机关相邻年度的报告自动配对做跨年核对。有错误时退出码为 1。")
def audit_command(
    files: List[Path] = typer.Argument(..., metavar="文件或文件夹", help="已发布的年度报告，或存放它们的文件夹。"),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="文件",
                                            help="上年的报告（PDF、网页、.docx）或填报表、JSON，用于跨年核对（R6、R7）和雷同段落。"),
    ledger: Optional[Path] = typer.Option(None, "--ledger", metavar="文件", help="生成审核情况表 .xlsx（每份报告一行，附问题清单和两年对照）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出审核结果。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", metavar="进程数", help="同时读取的进程数（默认：CPU 核数）。"),
):
    from ..published.audit import audit_files, find_published
    from ..published.ledger import audit_ledger_bytes

    files, previous = typed_paths(files), typed_previous(previous)
    try:
        paths = find_published(files)
        batch = len(paths) > 1 or any(f.is_dir() for f in files)
        with progress(len(paths) if batch else 0, "读取报告") as step:
            audited = audit_files(paths, previous, jobs=jobs, progress=step)
        if not batch and audited and audited[0].previous_problem:  # the one report and its --previous disagree
            raise UnusableInput(audited[0].previous_problem)
        if ledger:
            from ..round.ledger import save_ledger

            save_ledger(ledger, audit_ledger_bytes(audited))
    except ReportKitError as error:
        fail(error)
    if not paths:
        typer.echo("错误：没有找到已发布的年度报告（.pdf、.html、.docx）。", err=True)
        raise typer.Exit(EXIT_UNUSABLE)
    if previous and batch:
        _say_where_previous_was_used(previous, audited)
    if as_json:
        typer.echo(json.dumps([_item_json(a) for a in audited], ensure_ascii=False, indent=2))
    else:
        for item in audited:
            _print_item(item, batch)
    if ledger:
        typer.echo(f"已生成审核情况表：{ledger}", err=as_json)
    if not batch and audited[0].result is None:
        raise typer.Exit(EXIT_UNUSABLE)
    raise typer.Exit(EXIT_OK if all(a.ok for a in audited) else EXIT_DATA)


def _say_where_previous_was_used(previous: Path, audited) -> None:
    """One line for the folder, not one per report: which reports `--previous` was last year's
    data for (the others were paired within the folder, or had no last year)."""
    read = [a for a in audited if a.report is not None]
    used = [a.path.name for a in read if not a.previous_problem]
    if used:
        names = "、".join(used[:3]) + (f" 等 {len(used)} 份" if len(used) > 3 else "")
        typer.echo(f"提示：{msg.PREVIOUS_USED_FOR.text(file=previous.name, count=len(used), names=names)}", err=True)
    elif read:
        typer.echo(f"提示：{msg.PREVIOUS_USED_FOR_NONE.text(file=previous.name)}", err=True)


def _item_json(item) -> dict:
    if item.result is None:
        return {"file": str(item.path), "ok": False, "problem": item.problem, "findings": []}
    data = result_json(str(item.path), item.result)
    sub = item.report.submission
    data.update(agency=sub.agency, year=sub.year, format=item.report.kind, previous=item.previous_name or None,
                not_read=sorted(item.report.not_read))
    return data


def _print_item(item, batch: bool) -> None:
    if item.result is None:
        typer.echo(f"错误：{item.problem}", err=not batch)
        if batch:
            typer.echo(f"{item.path.name}：无法读取")
        return
    sub = item.report.submission
    verdict = "通过" if item.result.ok and not item.result.warnings else ("有错误" if not item.result.ok else "仅有提示")
    who = f"{sub.agency or '（未认出机关）'} {sub.year or '（未认出年度）'}年"
    last = f"，已与上年报告 {item.previous_name} 核对" if item.previous_name else ""
    # the report's line first, its findings under it (as check prints a round)
    typer.echo(f"{item.path.name}（{who}）：{verdict}（错误 {len(item.result.errors)} 项，提示 {len(item.result.warnings)} 项{last}）")
    for finding in item.result.findings:
        typer.echo(f"  [{finding.severity.value}] {finding.code} {finding.message}")
        places = [p for p in finding.cells if p.startswith("第")]  # a page to turn to
        if places:
            more = "等" if len(places) > PLACES_SHOWN else ""
            typer.echo(f"      位置：{'；'.join(places[:PLACES_SHOWN])}{more}")
