"""The library's front door: the few calls the CLI (or any program) needs."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from pathlib import Path

from .checker import CheckResult, check

from .datafile import load_json
from .errors import UnusableInput
from .fsutil import safe_filename, write_atomic
from .report.render import owner_stamp, render_report, report_owner
from .spec import FORM, Severity
from .submission import Submission
from .workbook.reader import read_workbook
from .workbook.writer import DEFAULT_PASSWORD, build_workbook


def default_year() -> int:
    """Reports are written early in the year about the year before."""
    return _dt.date.today().year - 1


def workbook_filename(year: int, agency: str) -> str:
    """`{year}年政府信息公开工作年度报告填报表-{agency}.xlsx`: sorts well in a folder of 60."""
    return f"{year}年政府信息公开工作年度报告填报表-{safe_filename(agency)}.xlsx" if agency else \
        f"{year}年政府信息公开工作年度报告填报表.xlsx"


def load_submission(path: str | Path) -> Submission:
    """Read a returned workbook (.xlsx) or a JSON data file."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return load_json(path)
    return read_workbook(path)


def make_workbook(agency: str = "", year: int | None = None, data: Submission | None = None,
                  password: str = DEFAULT_PASSWORD, locked_fields: frozenset[str] = frozenset()) -> bytes:
    """Bytes of a new workbook for `agency` and `year`, pre-filled from `data` when given.

    Raises UnusableInput when `data` holds values that cannot be used.
    """
    data = data or Submission()
    errors = [f for f in data.findings if f.severity is Severity.ERROR]
    if errors:
        raise UnusableInput("预填数据有误：" + "；".join(f.message for f in errors[:5]))
    facts = {**data.facts, "year": year or data.year or default_year()}
    if agency:
        facts["agency"] = agency
    prefill = replace(data, facts=facts)  # the caller's data is left as it was
    return build_workbook(prefill, password=password, locked_fields=locked_fields)


def field_rows() -> list[dict]:
    """The field vocabulary as the spec has it, for `report-kit fields`."""
    return [{"id": f.id, "table": f.table or ("facts" if f in FORM.facts else "prose"),
             "row_label": f.row_label, "column_label": f.column_label, "type": f.kind.value,
             "derived": f.derived, "sheet": f.sheet, "cell": f.cell} for f in FORM.fields]


@dataclass
class CompileResult:
    """The check of a submission and, unless errors stopped it, the report's bytes."""

    check: CheckResult
    docx: bytes | None = None
    forced: bool = False


def report_filename(submission: Submission) -> str:
    """`{year}年政府信息公开工作年度报告-{agency}.docx`."""
    agency = safe_filename(submission.agency) if submission.agency else "未命名"
    return f"{submission.year or ''}年政府信息公开工作年度报告-{agency}.docx"


def compile_report(submission: Submission, *, previous: Submission | None = None,
                   template: bytes | None = None, force: bool = False) -> CompileResult:
    """Check `submission`; render the report unless it has errors (or `force` is set).

    `template` comes from `report.render.load_template` (the default template when None).
    """
    result = check(submission, previous)
    if not result.ok and not force:
        return CompileResult(result)
    return CompileResult(result, render_report(submission, template), forced=not result.ok)


def save_report(path: Path, docx: bytes, submission: Submission, *, overwrite: bool = False) -> Path:
    """Write a report atomically. An existing report of the same agency and year is replaced
    (the usual fix-and-recompile loop); anything else is kept unless `overwrite`."""
    same = report_owner(path) == owner_stamp(submission) if path.exists() else False
    return write_atomic(path, docx, overwrite=overwrite or same)
