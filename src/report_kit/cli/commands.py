"""The commands: parse arguments, call the library, print Chinese, exit 0/1/2.

The library is imported inside each command, so that `--help` (of the tool or of any command)
loads none of openpyxl, xlsxwriter, python-docx, docxtpl or jinja2 (tests/test_speed.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .. import __version__
from ..defaults import DEFAULT_LEDGER, DEFAULT_PASSWORD, RETURN_FOLDER
from ..errors import ReportKitError
from ..form.model import KIND_NAMES, Kind
from ..fsutil import write_atomic
from ..form import FORM
from ..form.form2021 import SHEET_PROSE
from ..form import messages as msg
from ..paths import pasteable, shown
from .common import (EXIT_DATA, EXIT_OK, app, fail, is_batch, next_step, password_note,
                     print_font_substitutions, print_result, result_json, say_shortened, typed_path, typed_paths,
                     refuse_replacing_inputs, typed_previous, usage, write_or_print)
from .help import ChineseCommand


def _previous_for(path: Path, agency: str, year: Optional[int]):
    """Last year's data of `agency` for a report of `year` (see `previous.previous_for`: the same
    agency, the year before), loaded only when asked for."""
    from ..previous import previous_for

    return previous_for(path, agency, year)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"report-kit {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号。")):
    """report-kit 命令行。"""


@app.command("make-workbook", cls=ChineseCommand, help="生成带保护的 Excel 填报表，发给各部门填写（--departments 按名单批量生成）。")
def make_workbook(
    agency: str = typer.Option("", "--agency", metavar="机关名称", help="机关名称，预填并锁定在填报表中。"),
    departments: Optional[Path] = typer.Option(None, "--departments", metavar="部门名单",
                                               help="部门名单 .csv 或 .xlsx（第一列为部门名称）：每个部门生成一份。"),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", metavar="文件夹", help="输出文件夹（按名单批量生成时默认：下发）。"),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="文件或文件夹",
                                            help=f"上年回收的填报表或 JSON：预填并锁定“{FORM.carried_labels[1]}”，"
                                                 "记录上年现行有效件数供核对。"),
    year: Optional[int] = typer.Option(None, "--year", metavar="年份", help="报告年度（默认：上一年）。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件",
                                          help="输出文件（默认：{年度}年政府信息公开工作年度报告填报表-{机关}.xlsx）。"),
    data: Optional[Path] = typer.Option(None, "--data", metavar="数据文件", help="用 JSON 数据文件预填数值（字段名见 fields 命令）。"),
    password: str = typer.Option(DEFAULT_PASSWORD, "--password", metavar="密码", help="工作表保护密码。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
    skip_existing: bool = typer.Option(False, "--skip-existing",
                                       help="按名单批量生成时保留已有的填报表，只生成缺少的（用于中断后继续）。"),
):
    from .. import api
    from .round import make_for_departments

    try:
        api.check_year(year)
    except ReportKitError as error:
        fail(error)
    agency = agency.strip()  # " " or a full-width space is no name: the department fills it in
    previous, data = typed_previous(previous), typed_path(data)
    if departments:
        departments = typed_path(departments, msg.ROSTER_WHAT)
        if agency or output or data:
            usage("按名单批量生成时不能同时使用 --agency、-o 或 --data。")
        make_for_departments(departments, out_dir or Path("下发"), previous,
                             year if year is not None else api.default_year(), password, overwrite,
                             skip_existing)
        return
    if output and out_dir:
        usage("-o 和 --out-dir 不能同时使用：-o 指定这一份填报表的文件名，--out-dir 指定它放在哪个文件夹。")
    refuse_replacing_inputs(output, data, previous)
    from ..fsutil import make_folder

    try:
        prefill = api.load_submission(data) if data else None
        if year is None:
            year = (prefill and prefill.year) or api.default_year()
        last = _previous_for(previous, agency, year) if previous else None
        content = api.make_workbook(agency, year, prefill, password, previous=last)
        target = output or (out_dir or Path()) / api.workbook_filename(year, agency)
        if out_dir:
            make_folder(out_dir)
        write_atomic(target, content, overwrite=overwrite)
    except ReportKitError as error:
        fail(error)
    typer.echo(f"已生成填报表：{shown(target) if out_dir else target}")
    if not output:
        say_shortened([target], [agency])
    if last is not None:
        typer.echo(f"已按上年数据（{Path(last.source).name}）预填并锁定“{FORM.carried_labels[1]}”。")
    typer.echo(password_note(password, DEFAULT_PASSWORD))
    next_step("把填报表发给填报单位填写（Excel、WPS、LibreOffice 均可），收回后检查：",
              f"report-kit check {pasteable(target)}")


@app.command("fields", cls=ChineseCommand, help="列出全部字段：字段名、所在表格、行列标签、类型、工作表和单元格。")
def fields(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。")):
    from .. import api

    rows = api.field_rows()
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        label = row["row_label"] + (f" / {row['column_label']}" if row["column_label"] else "")
        kind = KIND_NAMES[Kind(row["type"])]
        derived = "（公式）" if row["derived"] else ""
        typer.echo(f"{row['id']}\t{row['sheet']}!{row['cell']}\t{kind}{derived}\t{label}")


@app.command("compile", cls=ChineseCommand,
             help="检查回收的填报表并编制 Word 报告；可给多个文件或文件夹批量编制。有错误的不生成报告。")
def compile_command(
    files: List[Path] = typer.Argument(..., metavar="文件或文件夹", help="回收的填报表 .xlsx、JSON 数据文件，或存放它们的文件夹。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件",
                                          help="输出的 Word 文件（只编制一份时；默认：{年度}年政府信息公开工作年度报告-{机关}.docx）。"),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", metavar="文件夹", help="报告的输出文件夹（默认：只编制一份时在填报表旁；批量时在回收文件夹旁的“报告”文件夹，如 回收 → 报告）。"),
    departments: Optional[Path] = typer.Option(None, "--departments", metavar="部门名单", help="部门名单 .csv 或 .xlsx，用于列出未报送的部门。"),
    ledger: Optional[Path] = typer.Option(None, "--ledger", metavar="文件", help=f"批量时报送情况表的位置（默认：当前文件夹的 {DEFAULT_LEDGER}）。"),
    template: Optional[Path] = typer.Option(None, "--template", metavar="模板", help="自定义 Word 模板（变量见 template-vars 命令）。"),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="文件或文件夹", help="上年的填报表或 JSON，用于跨年核对。"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 生成 PDF（只编制一份时）。"),
    force: bool = typer.Option(False, "--force", help="数据有错误或文字内容未填完时仍然生成报告，作为标明“草稿”的草稿（只编制一份时）。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件属于其他机关或非本工具生成时也覆盖。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", metavar="进程数", help="批量时同时处理的进程数（默认：CPU 核数）。"),
    html: bool = typer.Option(False, "--html", help="同时生成网页版报告（.html，一个文件，可直接发布，手机上可读）。"),
    html_only: bool = typer.Option(False, "--html-only", help="只生成网页版报告，不生成 Word（-o 指定网页文件名）。"),
    fragment: bool = typer.Option(False, "--fragment", help="网页只含正文（带内联样式），用于粘贴到网站内容管理系统。"),
    draft_prose: bool = typer.Option(False, "--draft-prose", help="按表格数字起草空白的小节（依申请公开情况等）；已填写的正文不改动。"),
    charts: bool = typer.Option(False, "--charts", help="同时生成图解（.svg 和 .png 图片：主要数字和图表）；生成网页时也放进网页。"),
    charts_docx: bool = typer.Option(False, "--charts-docx", help="把图解作为 Word 报告的最后一页（可与 --charts 同用）。"),
):
    from .. import api
    from ..report.render import load_template

    departments = typed_path(departments, msg.ROSTER_WHAT, files)
    files = typed_paths(files)
    previous, template = typed_previous(previous), typed_path(template)
    if is_batch(files, departments, ledger):
        from .round import compile_batch  # the round's modules (openpyxl among them) only for a round

        if html or html_only or fragment or draft_prose or charts or charts_docx:
            usage("批量编制暂不支持 --html、--html-only、--fragment、--draft-prose、--charts 和 --charts-docx；"
                  "请逐个文件编制。")
        if output or pdf or force:
            usage("批量编制时不能使用 -o、--pdf 或 --force；请用 --out-dir 指定输出文件夹。")
        compile_batch(files, out_dir, departments, ledger, template, previous, overwrite, jobs)
        return
    refuse_replacing_inputs(output, files, template, previous)
    if html_only and charts_docx:
        usage("--html-only 不生成 Word 报告，不能加 --charts-docx（图解可用 --charts 放进网页）。")
    if output and out_dir:
        usage("-o 和 --out-dir 不能同时使用：-o 指定这一份报告的文件名，--out-dir 指定报告放在哪个文件夹。")
    file = files[0]
    # With --out-dir the outputs go into that folder, named as they would be beside the return
    base = out_dir / Path(file).name if out_dir else Path(file)
    from . import outputs
    from ..fsutil import make_folder
    try:
        submission = api.load_submission(file)
        submission = outputs.draft_prose(submission) if draft_prose else submission
        last = _previous_for(previous, submission.agency, submission.year) if previous else None
        if out_dir:
            make_folder(out_dir)
        if html_only:
            raise typer.Exit(outputs.compile_html_only(submission, last, base, output, fragment, force, overwrite,
                                                       charts))
        template_bytes = load_template(template)
        result = outputs.compile_report(submission, last, template_bytes, force, charts_docx)
        print_result(result.check)
        if result.report is None:
            if result.check.errors:
                typer.echo("数据有错误，未生成报告。请按上面的提示修改填报表后重试（确需先出草稿可加 --force）。", err=True)
            if result.prose_problem and not result.check.untouched:
                typer.echo(f"{result.prose_problem.rstrip('。')}（确需先出草稿可加 --force）。", err=True)
            raise typer.Exit(EXIT_DATA)
        target = output or base.with_name(api.report_filename(submission))
        api.save_report(target, result.report, submission, overwrite=overwrite)
        typer.echo(f"已生成报告：{target}")
        if not output:
            say_shortened([target], [submission.agency])
        if result.forced:
            typer.echo(f"注意：这是按 --force 强制生成的{api.draft_note(result.check, result.empty_sections)}"
                       "报告开头已标明“草稿”。", err=True)
        if pdf:
            from ..report.pdf import docx_to_pdf  # its XML helpers import urllib: only when asked

            pdf_target = target.with_suffix(".pdf")
            converted = docx_to_pdf(result.report.data)
            write_atomic(pdf_target, converted.pdf, overwrite=True)
            typer.echo(f"已生成 PDF：{pdf_target}")
            print_font_substitutions(converted.substitutions)
        if html or fragment:
            outputs.save_html(submission, outputs.html_target(submission, target, None, fragment),
                              fragment=fragment, overwrite=overwrite, charts=charts, previous=last)
        if charts:
            outputs.save_charts(submission, target, overwrite=overwrite, previous=last)
    except ReportKitError as error:
        fail(error)
    raise typer.Exit(EXIT_DATA if result.forced else EXIT_OK)


@app.command("template-vars", cls=ChineseCommand, help="列出 Word 模板可以使用的全部变量。")
def template_vars(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。")):
    from ..report.render import template_variables

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
    from ..report.render import load_template

    try:
        write_atomic(output, load_template(None), overwrite=overwrite)
    except ReportKitError as error:
        fail(error)
    typer.echo(f"已导出默认模板：{shown(output)}")


@app.command("check", cls=ChineseCommand,
             help="检查回收的填报表（或 JSON 数据）：逐格核对数值和勾稽关系。可给多个文件或文件夹，生成报送情况表。有问题时退出码为 1。")
def check_command(
    files: List[Path] = typer.Argument(..., metavar="文件或文件夹", help="回收的填报表 .xlsx、JSON 数据文件，或存放它们的文件夹。"),
    departments: Optional[Path] = typer.Option(None, "--departments", metavar="部门名单", help="部门名单 .csv 或 .xlsx，用于列出未报送的部门。"),
    ledger: Optional[Path] = typer.Option(None, "--ledger", metavar="文件", help=f"报送情况表的位置（默认：当前文件夹的 {DEFAULT_LEDGER}）。"),
    annotate: bool = typer.Option(False, "--annotate", help=f"为有问题的填报表生成标注副本（在其旁边的“{RETURN_FOLDER}”文件夹中），可直接发回修改；"
                                                              "已通过的填报表的旧副本会被删除。"),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="文件或文件夹", help="上年的填报表或 JSON，用于跨年核对（R6、R7）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出检查结果。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", metavar="进程数", help="批量时同时处理的进程数（默认：CPU 核数）。"),
):
    from .. import api
    from ..checker import check
    from ..round import operations
    from ..round.annotate import save_annotated
    from .round import check_batch_command

    departments = typed_path(departments, msg.ROSTER_WHAT, files)
    files = typed_paths(files)
    previous = typed_previous(previous)
    if is_batch(files, departments, ledger):
        check_batch_command(files, departments, ledger, annotate, previous, as_json, jobs)
        return
    file = files[0]
    try:
        submission = api.load_submission(file)
        last = _previous_for(previous, submission.agency, submission.year) if previous else None
    except ReportKitError as error:
        fail(error)
    result = check(submission, last)
    if as_json:
        typer.echo(json.dumps(result_json(str(file), result), ensure_ascii=False, indent=2))
    else:
        print_result(result)
    if annotate and result.findings and api.input_kind(file).annotatable:
        try:  # with --json, stdout holds only the JSON
            typer.echo(f"已生成标注副本：{save_annotated(result)}", err=as_json)
        except ReportKitError as error:
            fail(error)
    elif annotate:  # nothing to send back: a copy from an earlier check would mislead
        for copy in operations.remove_stale_copies([file], []):
            typer.echo(f"已删除过时的标注副本：{copy}", err=as_json)
    raise typer.Exit(EXIT_OK if result.ok else EXIT_DATA)


@app.command("aggregate", cls=ChineseCommand,
             help="把通过检查的各部门填报表汇总成一份同格式的填报表（数字锁定，附分部门明细和未纳入汇总的清单），再用 compile 编制本级报告。")
def aggregate_command(
    files: List[Path] = typer.Argument(..., metavar="文件或文件夹", help="各部门回收的填报表，或存放它们的文件夹。"),
    agency: str = typer.Option(..., "--agency", metavar="机关名称", help="汇总后的机关名称，如“某某县人民政府”。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="输出的汇总填报表（默认：{年度}年政府信息公开工作年度报告填报表-{机关}.xlsx）。"),
    year: Optional[int] = typer.Option(None, "--year", metavar="年份", help="汇总的年度（默认：多数填报表的年度）。"),
    departments: Optional[Path] = typer.Option(None, "--departments", metavar="部门名单", help="部门名单，用于列出未报送的部门。"),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="文件或文件夹", help="上年的填报表或 JSON，用于跨年核对。"),
    password: str = typer.Option(DEFAULT_PASSWORD, "--password", metavar="密码", help="工作表保护密码。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", metavar="进程数", help="同时处理的进程数（默认：CPU 核数）。"),
):
    from .. import api
    from ..round.aggregate import aggregate, aggregate_workbook, excluded_lines
    from .round import read_round

    departments = typed_path(departments, msg.ROSTER_WHAT, files)
    files = typed_paths(files)
    previous = typed_previous(previous)
    try:
        round_ = read_round(files, departments, previous, jobs)
        result = aggregate(round_, agency, year)
        target = output or Path(api.workbook_filename(result.submission.year, agency))
        # the returns read, not last run's 汇总 among them (this run writes it anew)
        refuse_replacing_inputs(target, files, [row.outcome.path for row in round_.rows if row.outcome
                                                and not (row.outcome.submission and row.outcome.submission.summary_of)])
        write_atomic(target, aggregate_workbook(result, password), overwrite=overwrite)
    except ReportKitError as error:
        fail(error)
    typer.echo(f"已汇总 {len(result.included)} 个部门的数据：{shown(target)}")
    if not output:
        say_shortened([target], [agency])
    if result.excluded:
        typer.echo(excluded_lines(result))
    next_step(f"在汇总表中填写基本信息和“{SHEET_PROSE}”后，编制本级报告：", f"report-kit compile {pasteable(target)}")


@app.command("export", cls=ChineseCommand, help="把填报表中的数值、基本信息和文字内容导出为 JSON（可供 make-workbook --data 和 --previous 使用）。")
def export(
    file: Path = typer.Argument(..., metavar="文件", help="填报表 .xlsx。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="输出 JSON 文件（默认输出到屏幕）。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
):
    from .. import api
    from ..checker import check
    from ..json_data import dumps

    file = typed_path(file)
    refuse_replacing_inputs(output, file)
    try:
        submission = api.load_submission(file)
        text = dumps(submission)
    except ReportKitError as error:
        fail(error)
    write_or_print(text, output, overwrite)
    result = check(submission)
    if not result.ok:
        typer.echo(f"注意：数据中有 {len(result.errors)} 项错误，可用 check 命令查看。", err=True)


