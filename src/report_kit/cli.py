"""The command line: parse arguments, call the library, print Chinese, exit 0/1/2."""

from __future__ import annotations

import json
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__, pipeline, runs
from .aggregate import aggregate, aggregate_workbook
from .annotate import RETURN_FOLDER, save_annotated
from .batch import find_inputs
from .checker import CheckResult, check
from .cli_help import ChineseCommand, ChineseGroup
from .datafile import dumps
from .errors import OutputError, ReportKitError, UnusableInput
from .fsutil import write_atomic
from .ledger import DEFAULT_LEDGER, MESSAGES_SHOWN, ledger_bytes, save_ledger
from .roster import read_roster
from .round import Round, Status
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


@app.command("make-workbook", cls=ChineseCommand, help="生成带保护的 Excel 填报表，发给各部门填写（--departments 按名单批量生成）。")
def make_workbook(
    agency: str = typer.Option("", "--agency", help="机关名称，预填并锁定在填报表中。"),
    departments: Optional[Path] = typer.Option(None, "--departments", metavar="部门名单",
                                               help="部门名单 .csv 或 .xlsx（第一列为部门名称）：每个部门生成一份。"),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", metavar="文件夹", help="批量生成时的输出文件夹（默认：下发）。"),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="文件或文件夹",
                                            help="上年回收的填报表或 JSON：预填并锁定“二、上年结转”，记录上年现行有效件数供核对。"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度（默认：上一年）。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="输出文件（默认：{年度}年政府信息公开工作年度报告填报表-{机关}.xlsx）。"),
    data: Optional[Path] = typer.Option(None, "--data", help="用 JSON 数据文件预填数值（字段名见 fields 命令）。"),
    password: str = typer.Option(DEFAULT_PASSWORD, "--password", help="工作表保护密码。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
):
    if departments:
        if agency or output or data:
            _usage("按名单批量生成时不能同时使用 --agency、-o 或 --data。")
        _make_for_departments(departments, out_dir or Path("下发"), previous, year or pipeline.default_year(),
                              password, overwrite)
        return
    try:
        prefill = pipeline.load_submission(data) if data else None
        year = year or (prefill and prefill.year) or pipeline.default_year()
        last = _previous_for(previous, agency) if previous else None
        content = pipeline.make_workbook(agency, year, prefill, password, previous=last)
        target = output or Path(pipeline.workbook_filename(year, agency))
        write_atomic(target, content, overwrite=overwrite)
    except ReportKitError as error:
        _fail(error)
    typer.echo(f"已生成填报表：{target}")
    if last is not None:
        typer.echo(f"已按上年数据（{Path(last.source).name}）预填并锁定“二、上年结转政府信息公开申请数量”。")


def _previous_for(path: Path, agency: str):
    """Last year's data for one agency: the file given, or the agency's file in a folder."""
    if not path.is_dir():
        return pipeline.load_submission(path)
    found = runs.load_previous([path]).get(agency)
    if found is None:
        raise UnusableInput(f"“{path}”中没有“{agency}”的上年数据。")
    return found


def _make_for_departments(departments: Path, out_dir: Path, previous: Optional[Path], year: int,
                          password: str, overwrite: bool) -> None:
    try:
        roster = read_roster(departments)
        last = runs.load_previous([previous]) if previous else None
        _mkdir(out_dir)
        with _progress(len(roster.names), "正在生成填报表") as advance:
            made = runs.make_workbooks(roster, out_dir, year=year, previous=last, password=password,
                                       overwrite=overwrite, progress=advance)
    except ReportKitError as error:
        _fail(error)
    carried = [m for m in made if m.carried_from]
    typer.echo(f"已在“{out_dir}”中生成 {len(made)} 份 {year} 年填报表" +
               (f"，其中 {len(carried)} 份已按上年数据预填“二、上年结转”。" if last else "。"))
    for problem in (last.problems if last else []):
        typer.echo(f"提示：{problem}", err=True)
    for item in made:
        if item.note:
            typer.echo(f"提示：{item.department}：{item.note}未预填上年结转。", err=True)
        elif last and not item.carried_from:
            typer.echo(f"提示：{item.department}：没有找到上年数据，未预填上年结转。", err=True)


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"无法创建文件夹“{folder}”：{error.strerror or error}。") from None


@contextmanager
def _progress(total: int, label: str):
    """A progress bar on stderr; yields the callback the library calls once per file."""
    if total == 0:
        yield None
        return
    with typer.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


def _usage(text: str) -> None:
    typer.echo(f"用法错误：{text}", err=True)
    raise typer.Exit(EXIT_UNUSABLE)


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


@app.command("compile", cls=ChineseCommand,
             help="检查回收的填报表并编制 Word 报告；可给多个文件或文件夹批量编制。有错误的不生成报告。")
def compile_command(
    files: List[Path] = typer.Argument(..., metavar="文件或文件夹", help="回收的填报表 .xlsx、JSON 数据文件，或存放它们的文件夹。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="输出的 Word 文件（只编制一份时；默认：{年度}年政府信息公开工作年度报告-{机关}.docx）。"),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", metavar="文件夹", help="批量编制时报告的输出文件夹（默认：与填报表同一文件夹）。"),
    departments: Optional[Path] = typer.Option(None, "--departments", metavar="部门名单", help="部门名单 .csv 或 .xlsx，用于列出未报送的部门。"),
    ledger: Optional[Path] = typer.Option(None, "--ledger", metavar="文件", help=f"批量时报送情况表的位置（默认：当前文件夹的 {DEFAULT_LEDGER}）。"),
    template: Optional[Path] = typer.Option(None, "--template", help="自定义 Word 模板（变量见 template-vars 命令）。"),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="文件或文件夹", help="上年的填报表或 JSON，用于跨年核对。"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 生成 PDF（只编制一份时）。"),
    force: bool = typer.Option(False, "--force", help="数据有错误时仍然生成报告（只编制一份时；不建议用于正式发布）。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件属于其他机关或非本工具生成时也覆盖。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", min=1, help="批量时同时处理的进程数（默认：CPU 核数）。"),
):
    if _is_batch(files, departments, ledger, out_dir):
        if output or pdf or force:
            _usage("批量编制时不能使用 -o、--pdf 或 --force；请用 --out-dir 指定输出文件夹。")
        _compile_batch(files, out_dir, departments, ledger, template, previous, overwrite, jobs)
        return
    file = files[0]
    try:
        submission = pipeline.load_submission(file)
        last = _previous_for(previous, submission.agency) if previous else None
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


def _is_batch(files: List[Path], *options) -> bool:
    return len(files) > 1 or files[0].is_dir() or any(option is not None for option in options)


def _check_batch(files: List[Path], departments: Optional[Path], ledger: Optional[Path],
                 previous: Optional[Path], jobs: Optional[int]):
    """Read, check and assemble a round; the ledger path it will be written to."""
    ledger_path = ledger or Path(DEFAULT_LEDGER)
    roster = read_roster(departments) if departments else None
    last = runs.load_previous([previous], jobs) if previous else None
    found = find_inputs(files, skip=[ledger_path])
    with _progress(len(found), "正在检查") as advance:
        round_ = runs.check_round(found, roster=roster, previous=last, jobs=jobs, progress=advance)
    for problem in (last.problems if last else []):
        typer.echo(f"提示：上年数据{problem}", err=True)
    return round_, ledger_path


def _compile_batch(files, out_dir, departments, ledger, template, previous, overwrite, jobs) -> None:
    try:
        template_bytes = load_template(template)
        round_, ledger_path = _check_batch(files, departments, ledger, previous, jobs)
        if out_dir is not None:
            _mkdir(out_dir)
        with _progress(len(round_.usable), "正在编制报告") as advance:
            compiled = runs.compile_round(round_, template=template_bytes, out_dir=out_dir, overwrite=overwrite,
                                          jobs=jobs, progress=advance)
        save_ledger(ledger_path, ledger_bytes(round_, _ledger_title(round_, "编制")))
    except ReportKitError as error:
        _fail(error)
    _print_round(round_)
    written = [o for o in compiled if o.report]
    typer.echo(f"已生成 {len(written)} 份报告" + (f"，输出到“{out_dir}”。" if out_dir else "（与各自的填报表在同一文件夹）。"))
    for outcome in compiled:
        if outcome.report_problem:
            typer.echo(f"未生成报告：{outcome.path.name}：{outcome.report_problem}", err=True)
    typer.echo(f"报送情况表：{ledger_path}")
    failed = not round_.ok or any(o.report_problem for o in compiled)
    raise typer.Exit(EXIT_DATA if failed else EXIT_OK)


def _ledger_title(round_: Round, what: str) -> str:
    years = sorted({row.outcome.submission.year for row in round_.rows
                    if row.outcome and row.outcome.submission and row.outcome.submission.year})
    year = f"{years[0]}年" if len(years) == 1 else ""
    return f"{year}政府信息公开工作年度报告报送情况（{what}）"


def _print_round(round_: Round) -> None:
    width = min(16, max((len(row.department) for row in round_.rows), default=4))
    for row in round_.rows:
        counts = f"错误 {row.errors} 项，提示 {row.warnings} 项" if row.outcome and row.outcome.result else ""
        typer.echo(f"{row.status.value:　<4} {row.department:　<{width}}  {row.file}  {counts}".rstrip())
        if row.status is Status.PASSED:
            continue
        for message in row.messages(MESSAGES_SHOWN):
            typer.echo(f"      · {message}")
        more = len(row.findings) - MESSAGES_SHOWN
        if more > 0:
            typer.echo(f"      · ……另有 {more} 项，见报送情况表")
    typer.echo(round_.summary())


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


@app.command("check", cls=ChineseCommand,
             help="检查回收的填报表（或 JSON 数据）：逐格核对数值和勾稽关系。可给多个文件或文件夹，生成报送情况表。有问题时退出码为 1。")
def check_command(
    files: List[Path] = typer.Argument(..., metavar="文件或文件夹", help="回收的填报表 .xlsx、JSON 数据文件，或存放它们的文件夹。"),
    departments: Optional[Path] = typer.Option(None, "--departments", metavar="部门名单", help="部门名单 .csv 或 .xlsx，用于列出未报送的部门。"),
    ledger: Optional[Path] = typer.Option(None, "--ledger", metavar="文件", help=f"报送情况表的位置（默认：当前文件夹的 {DEFAULT_LEDGER}）。"),
    annotate: bool = typer.Option(False, "--annotate", help=f"为有问题的填报表生成标注副本（在其旁边的“{RETURN_FOLDER}”文件夹中），可直接发回修改。"),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="文件或文件夹", help="上年的填报表或 JSON，用于跨年核对（R6、R7）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出检查结果。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", min=1, help="批量时同时处理的进程数（默认：CPU 核数）。"),
):
    if _is_batch(files, departments, ledger):
        _check_batch_command(files, departments, ledger, annotate, previous, as_json, jobs)
        return
    file = files[0]
    try:
        submission = pipeline.load_submission(file)
        last = _previous_for(previous, submission.agency) if previous else None
    except ReportKitError as error:
        _fail(error)
    result = check(submission, last)
    if as_json:
        typer.echo(json.dumps(_result_json(str(file), result), ensure_ascii=False, indent=2))
    else:
        _print_result(result)
    if annotate and result.findings and file.suffix.lower() != ".json":
        try:
            typer.echo(f"已生成标注副本：{save_annotated(result)}")
        except ReportKitError as error:
            _fail(error)
    raise typer.Exit(EXIT_OK if result.ok else EXIT_DATA)


def _result_json(file: str, result: CheckResult) -> dict:
    return {"file": file, "ok": result.ok, "errors": len(result.errors), "warnings": len(result.warnings),
            "findings": [f.to_dict() for f in result.findings]}


def _check_batch_command(files, departments, ledger, annotate, previous, as_json, jobs) -> None:
    try:
        round_, ledger_path = _check_batch(files, departments, ledger, previous, jobs)
        save_ledger(ledger_path, ledger_bytes(round_, _ledger_title(round_, "检查")))
        annotated = []
        if annotate:
            results = runs.annotatable(round_)
            with _progress(len(results), "正在生成标注副本") as advance:
                annotated = runs.annotate_all(results, jobs=jobs, progress=advance)
    except ReportKitError as error:
        _fail(error)
    if as_json:
        rows = [{"department": row.department, "status": row.status.value, "file": str(row.outcome.path) if row.outcome else "",
                 "problem": row.outcome.problem if row.outcome else "",
                 **(_result_json(str(row.outcome.path), row.outcome.result) if row.outcome and row.outcome.result else {})}
                for row in round_.rows]
        typer.echo(json.dumps({"summary": round_.summary(), "ledger": str(ledger_path), "rows": rows},
                              ensure_ascii=False, indent=2))
    else:
        _print_round(round_)
        typer.echo(f"报送情况表：{ledger_path}")
        written = [path for path, problem in annotated if not problem]
        if annotate:
            typer.echo(f"已生成 {len(written)} 份标注副本（在各文件旁的“{RETURN_FOLDER}”文件夹中），可直接发回修改。")
        for path, problem in annotated:
            if problem:
                typer.echo(f"未能生成标注副本：{path.name}：{problem}", err=True)
    raise typer.Exit(EXIT_OK if round_.ok else EXIT_DATA)


@app.command("aggregate", cls=ChineseCommand,
             help="把通过检查的各部门填报表汇总成一份同格式的填报表（数字锁定，附分部门明细和未纳入汇总的清单），再用 compile 编制本级报告。")
def aggregate_command(
    files: List[Path] = typer.Argument(..., metavar="文件或文件夹", help="各部门回收的填报表，或存放它们的文件夹。"),
    agency: str = typer.Option(..., "--agency", help="汇总后的机关名称，如“某某县人民政府”。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出的汇总填报表（默认：{年度}年政府信息公开工作年度报告填报表-{机关}.xlsx）。"),
    year: Optional[int] = typer.Option(None, "--year", help="汇总的年度（默认：多数填报表的年度）。"),
    departments: Optional[Path] = typer.Option(None, "--departments", metavar="部门名单", help="部门名单，用于列出未报送的部门。"),
    previous: Optional[Path] = typer.Option(None, "--previous", metavar="文件或文件夹", help="上年的填报表或 JSON，用于跨年核对。"),
    password: str = typer.Option(DEFAULT_PASSWORD, "--password", help="工作表保护密码。"),
    overwrite: bool = typer.Option(False, "--overwrite", help="输出文件已存在时覆盖。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", min=1, help="同时处理的进程数（默认：CPU 核数）。"),
):
    try:
        roster = read_roster(departments) if departments else None
        last = runs.load_previous([previous], jobs) if previous else None
        found = find_inputs(files)
        with _progress(len(found), "正在检查") as advance:
            round_ = runs.check_round(found, roster=roster, previous=last, jobs=jobs, progress=advance)
        result = aggregate(round_, agency, year)
        target = output or Path(pipeline.workbook_filename(result.submission.year, agency))
        write_atomic(target, aggregate_workbook(result, password), overwrite=overwrite)
    except ReportKitError as error:
        _fail(error)
    typer.echo(f"已汇总 {len(result.included)} 个部门的数据：{target}")
    if result.excluded:
        typer.echo(f"未纳入汇总 {len(result.excluded)} 个：")
        for item in result.excluded:
            typer.echo(f"  {item.department}（{item.status}）：{item.reason}")
    typer.echo(f"下一步：在汇总表中填写基本信息和文字内容后，运行 report-kit compile “{target}” 编制本级报告。")


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
