"""The 汇总: the 本级 workbook summing every department return that passed.

Every input of the summary is the sum of that input over the accepted returns; totals are
formulas again, so the summary satisfies R1–R4 whenever each return does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..errors import UnusableInput
from .roster import normalize_name
from .rows import LedgerRow, Round
from ..form import FORM
from ..form import messages as msg
from ..form.form2021 import SHEET_BREAKDOWN, SHEET_EXCLUDED
from ..submission import Submission
from ..workbook.writer import DEFAULT_PASSWORD, Appendix, build_workbook



@dataclass
class Excluded:
    """A department left out of the 汇总 (or a 汇总 found among the returns): every file it
    sent, and why. A department that sent two files (D1) is one entry naming both."""

    department: str
    files: tuple[str, ...]
    status: str
    reason: str
    summary: bool = False  # last run's 汇总 saved among the returns: a file, not a department


@dataclass
class Aggregate:
    """The summed submission, the rows it sums and what it left out."""

    submission: Submission
    included: list[LedgerRow] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)

    @property
    def excluded_departments(self) -> list[Excluded]:
        """The departments left out (not a 汇总 among the returns): with `included`, every department."""
        return [e for e in self.excluded if not e.summary]


def aggregate(round_: Round, agency: str, year: int | None = None) -> Aggregate:
    """Sum the usable returns of `round_` for `year` (default: the year most returns state).

    Raises UnusableInput when no return can be summed.
    """
    usable = [row for row in round_.rows if row.status.usable and not row.outcome.submission.summary_of]
    years = Counter(row.outcome.submission.year for row in usable)
    year = year or (years.most_common(1)[0][0] if years else None)
    included, left_out = [], []
    for row in round_.rows:
        if not row.status.usable:
            left_out.append((row, row.messages(1)[0]))
        elif row.outcome.submission.summary_of:  # last run's 汇总 saved among the returns
            left_out.append((row, msg.EXCLUDED_SUMMARY.text(count=row.outcome.submission.summary_of)))
        elif row.outcome.submission.year != year:
            left_out.append((row, msg.EXCLUDED_YEAR.text(year=row.outcome.submission.year, target=year)))
        else:
            included.append(row)
    excluded = _by_department(left_out)
    if not included:
        raise UnusableInput(msg.NOTHING_TO_AGGREGATE.text(why=msg.NOTHING_USABLE if round_.rows else msg.NO_FILES))
    parts = [row.outcome.submission for row in included]
    computed = [p.computed() for p in parts]
    values = {f.id: sum(c[f.id] for c in computed) for f in FORM.inputs}
    summed = Submission(facts={"agency": agency, "year": year}, values=values, source="汇总")
    # last year's 汇总 baseline is the sum of the departments', when all carry one of one year
    if all(p.baseline for p in parts) and len({p.baseline_year for p in parts}) == 1:
        summed.baseline = {i: sum(p.baseline[i] for p in parts) for i in FORM.baseline_fields}
        summed.baseline_year = parts[0].baseline_year
    return Aggregate(summed, included, excluded)


def aggregate_workbook(result: Aggregate, password: str = DEFAULT_PASSWORD) -> bytes:
    """The 汇总 workbook: the form with every number locked, prose left to write, plus the
    per-department breakdown and the list of what was left out."""
    computed = {row.department: row.outcome.submission.computed() for row in result.included}
    summed = result.submission.computed()
    names = list(computed)
    breakdown = Appendix(
        SHEET_BREAKDOWN, msg.BREAKDOWN_HEADING.text(departments=len(names)),
        ("表格", "项目", "汇总") + tuple(names),
        tuple((f.sheet, f.label, summed[f.id], *(computed[n][f.id] for n in names)) for f in FORM.numbers),
        (6, 50, 10) + (14,) * len(names))
    left_out = Appendix(
        SHEET_EXCLUDED, excluded_heading(result),
        ("部门", "文件", "状态", "原因"),
        tuple((e.department, "\n".join(e.files), e.status, e.reason) for e in result.excluded)
        or (("（无）", "", "", ""),),
        (20, 30, 9, 60))
    locked = frozenset(f.id for f in FORM.inputs)
    return build_workbook(result.submission, password=password, locked_fields=locked,
                          appendix=(breakdown, left_out), aggregated_from=len(names))


def excluded_heading(result: Aggregate) -> str:
    """"未纳入汇总的部门（5 个）": departments, however many files each sent (and a 汇总 found
    among the returns said apart, as it is no department)."""
    departments = len(result.excluded_departments)
    summaries = len(result.excluded) - departments
    if summaries:
        return msg.EXCLUDED_HEADING_SUMMARIES.text(departments=departments, summaries=summaries)
    return msg.EXCLUDED_HEADING.text(departments=departments)


def excluded_lines(result: Aggregate) -> str:
    """What the terminal says was left out: departments (a department that sent two files is one,
    and says so), then any 汇总 found among the returns."""
    departments = result.excluded_departments
    multi = sum(1 for e in departments if len(e.files) > 1)
    lines = [msg.NOT_AGGREGATED_MULTI.text(departments=len(departments), multi=multi) if multi
             else msg.NOT_AGGREGATED.text(departments=len(departments))] if departments else []
    summaries = [e for e in result.excluded if e.summary]
    for e in departments + ([None] if summaries else []) + summaries:
        if e is None:
            lines.append(msg.NOT_AGGREGATED_SUMMARIES.text(summaries=len(summaries)))
        elif len(e.files) > 1:  # the reason names the files (D1), or says each file's own, a line each
            lines.append(msg.NOT_AGGREGATED_ITEM_FILES.text(department=e.department, status=e.status,
                                                            count=len(e.files),
                                                            reason=e.reason.replace("\n", "\n    ")))
        else:
            lines.append(f"  {e.department}（{e.status}）：{e.reason}")  # no words of its own to catalogue
    return "\n".join(lines)


def _by_department(left_out: list[tuple[LedgerRow, str]]) -> list[Excluded]:
    """One entry per department left out, in the round's order, naming each file it sent; a
    reason said once when every file has it, else per file."""
    groups: dict[str, list[tuple[LedgerRow, str]]] = {}
    for row, reason in left_out:
        groups.setdefault(normalize_name(row.department), []).append((row, reason))
    excluded = []
    for rows in groups.values():
        first = rows[0][0]
        files = tuple(row.file for row, _ in rows if row.file)
        statuses = list(dict.fromkeys(row.status.value for row, _ in rows))
        reasons = list(dict.fromkeys(reason for _, reason in rows))
        reason = reasons[0] if len(reasons) == 1 else "\n".join(f"{row.file}：{why}" for row, why in rows)
        excluded.append(Excluded(first.department, files, "、".join(statuses), reason,
                                 summary=bool(first.outcome and first.outcome.submission
                                              and first.outcome.submission.summary_of)))
    return excluded
