"""The library's front door: the few calls the CLI (or any program) needs."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from pathlib import Path

from .checker import CheckResult, check, year_mismatch

from .errors import UnusableInput
from .fsutil import fit_filename, write_atomic
from .inputs import input_kind, read  # noqa: F401 (input_kind: the front door's answer to "what is this file")
from .stamps import owner_stamp
from .report.formats import Rendered, RenderOptions, file_name, owner, render
from .form import FORM, Field, Severity
from .form import messages as msg
from .form.form2021 import REPORT_NAME
from .submission import Submission
from .cleaning import report_years
from .defaults import DEFAULT_PASSWORD


def default_year() -> int:
    """Reports are written early in the year about the year before."""
    return _dt.date.today().year - 1


def check_year(year: int | None) -> None:
    """Refuse a report year no workbook can be for (its own check would reject it)."""
    years = report_years()
    if year is not None and year not in years:
        raise UnusableInput(msg.YEAR_OUT_OF_RANGE.text(year=year, first=years.start, last=years.stop - 1))


def workbook_filename(year: int, agency: str) -> str:
    """`{year}年政府信息公开工作年度报告填报表-{agency}.xlsx`: sorts well in a folder of 60."""
    return fit_filename(f"{year}年{REPORT_NAME}填报表-", agency, ".xlsx") if agency else \
        f"{year}年{REPORT_NAME}填报表.xlsx"


def load_submission(path: str | Path, *, published: bool = False) -> Submission:
    """Read a returned workbook (.xlsx) or a JSON data file (by the input table, `inputs.INPUTS`);
    with `published`, also a published report (PDF, web page, .docx, recognised by content)."""
    return read(path, published)


def make_workbook(agency: str = "", year: int | None = None, data: Submission | None = None,
                  password: str = DEFAULT_PASSWORD, locked_fields: frozenset[str] = frozenset(),
                  previous: Submission | None = None) -> bytes:
    """Bytes of a new workbook for `agency` and `year`, pre-filled from `data` when given.

    With `previous` (last year's return of the same agency) 二、上年结转 is filled in from it and
    locked, and last year's baseline is recorded for the cross-year rules.
    Raises UnusableInput when `data` or `previous` holds values that cannot be used.
    """
    data = data or Submission()
    errors = [f for f in data.findings if f.severity is Severity.ERROR]
    if errors:
        raise UnusableInput(msg.PREFILL_WRONG.text(problems="；".join(f.message for f in errors[:5])))
    facts = {**data.facts, "year": year if year is not None else (data.year or default_year())}
    check_year(facts["year"])
    if agency:
        facts["agency"] = agency
    prefill = replace(data, facts=facts)  # the caller's data is left as it was
    if previous is not None:
        prefill, carried = carry_forward(prefill, previous)
        locked_fields = locked_fields | carried
    from .workbook.writer import build_workbook  # xlsxwriter only when a workbook is made, not for compile

    return build_workbook(prefill, password=password, locked_fields=locked_fields)


def carry_forward(data: Submission, last: Submission) -> tuple[Submission, frozenset[str]]:
    """`data` with 二、上年结转 taken from last year's 四、结转下年度继续办理 and last year's
    baseline recorded; returns it with the ids to lock. Raises UnusableInput when last year's
    data is of the wrong year or its values are unusable."""
    mismatch = year_mismatch(last, data.year)
    if mismatch:
        raise UnusableInput(mismatch)
    name = f"“{Path(last.source).name}”" if last.source else ""
    bad = [FORM.field(i).label for i in FORM.baseline_fields if i in last.rejected]
    if bad:
        raise UnusableInput(msg.PREVIOUS_VALUES_WRONG.text(source=name, labels="、".join(bad[:3])))
    last_values = last.computed()
    values = {**data.values, **{now: last_values[then] for now, then in FORM.carried_forward.items()}}
    baseline = {i: last_values[i] for i in FORM.baseline_fields}
    carried = replace(data, values=values, baseline=baseline, baseline_year=last.year)
    return carried, frozenset(FORM.carried_forward)


def field_rows() -> list[dict]:
    """The field vocabulary as the spec has it, for `report-kit fields`."""
    return [{"id": f.id, "table": f.table or ("facts" if f in FORM.facts else "prose"),
             "row_label": f.row_label, "column_label": f.column_label, "type": f.kind.value,
             "derived": f.derived, "sheet": f.sheet, "cell": f.cell} for f in FORM.fields]


@dataclass
class CompileResult:
    """The check of a submission and, unless errors or unwritten prose stopped it, the rendered
    report (its bytes and suffix).

    `forced`: the report was written with `force` although it is not fit to publish (a draft,
    marked as such in the document). `empty_sections`: the 文字内容 sections not written.
    """

    check: CheckResult
    report: Rendered | None = None
    forced: bool = False
    empty_sections: tuple[Field, ...] = ()

    @property
    def docx(self) -> bytes | None:
        """The Word report's bytes (None when none was rendered, or another format was)."""
        return self.report.data if self.report is not None and self.report.format == "docx" else None

    @property
    def prose_problem(self) -> str:
        """Why the prose stops the report ("" when every section is written)."""
        return prose_missing(self.empty_sections)


def report_filename(submission: Submission, output: str = "docx") -> str:
    """`{year}年政府信息公开工作年度报告-{agency}.docx` (the suffix, and any tail, of `output`)."""
    return fit_filename(f"{submission.year or ''}年{REPORT_NAME}-", submission.agency or "未命名",
                        file_name("", output))


def empty_sections(submission: Submission) -> tuple[Field, ...]:
    """The 文字内容 sections with nothing written: a published report cannot leave them blank."""
    return tuple(f for f in FORM.prose if not submission.prose.get(f.id, "").strip())


def prose_missing(sections: tuple[Field, ...]) -> str:
    """The one message naming every unwritten section ("" when there is none)."""
    if not sections:
        return ""
    return msg.REPORT_PROSE_MISSING.text(count=len(sections), sections="；".join(f.row_label for f in sections))


def draft_note(result: CheckResult, sections: tuple[Field, ...]) -> str:
    """The line that marks a forced report as a draft ("" when it is fit to publish)."""
    reasons = ([msg.DRAFT_ERRORS.format(count=len(result.errors))] if result.errors else []) + \
        ([msg.DRAFT_PROSE.format(count=len(sections))] if sections else [])
    return msg.DRAFT_MARK.text(reasons="，".join(reasons)) if reasons else ""


def compile_report(submission: Submission, *, previous: Submission | None = None,
                   template: bytes | None = None, force: bool = False, output: str = "docx",
                   charts_page: bool = False) -> CompileResult:
    """Check `submission`; render the report (as output format `output`, see `report.formats.OUTPUTS`)
    unless it has errors or an unwritten 文字内容 section. With `force` it is rendered anyway, as
    a draft marked at its top.

    `template` comes from `report.render.load_template` (the default template when None).
    `charts_page`: the Word report ends with the 图解 on a page of its own (raises FontMissing
    when no Chinese font is installed to draw it with).
    """
    result = check(submission, previous)
    if previous is not None and year_mismatch(previous, submission.year):
        previous = None  # data of another year is no "last year" for the charts either (R9 has said so)
    sections = empty_sections(submission)
    note = draft_note(result, sections)
    if note and not force:
        return CompileResult(result, empty_sections=sections)
    rendered = render(output, submission, RenderOptions(template=template, draft=note, previous=previous,
                                                         charts_page=charts_page))
    return CompileResult(result, rendered, forced=bool(note), empty_sections=sections)


def save_report(path: Path, report: Rendered | bytes, submission: Submission, *, overwrite: bool = False) -> Path:
    """Write a report (bytes: a Word report) atomically. An existing report of the same agency and
    year is replaced (the usual fix-and-recompile loop); anything else is kept unless `overwrite`."""
    output = report.format if isinstance(report, Rendered) else "docx"
    data = report.data if isinstance(report, Rendered) else report
    same = owner(path, output) == owner_stamp(submission) if path.exists() else False
    return write_atomic(path, data, overwrite=overwrite or same)
