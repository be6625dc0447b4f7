"""The 汇总: the 本级 workbook summing every department return that passed.

Every input of the summary is the sum of that input over the accepted returns; totals are
formulas again, so the summary satisfies R1–R4 whenever each return does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..errors import UnusableInput
from .rows import LedgerRow, Round
from ..form import FORM
from ..form import messages as msg
from ..form.form2021 import SHEET_BREAKDOWN, SHEET_EXCLUDED
from ..submission import Submission
from ..workbook.writer import DEFAULT_PASSWORD, Appendix, build_workbook



@dataclass
class Excluded:
    """A department (or file) left out of the 汇总, and why."""

    department: str
    file: str
    status: str
    reason: str


@dataclass
class Aggregate:
    """The summed submission, the rows it sums and what it left out."""

    submission: Submission
    included: list[LedgerRow] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)


def aggregate(round_: Round, agency: str, year: int | None = None) -> Aggregate:
    """Sum the usable returns of `round_` for `year` (default: the year most returns state).

    Raises UnusableInput when no return can be summed.
    """
    usable = [row for row in round_.rows if row.status.usable and not row.outcome.submission.summary_of]
    years = Counter(row.outcome.submission.year for row in usable)
    year = year or (years.most_common(1)[0][0] if years else None)
    included, excluded = [], []
    for row in round_.rows:
        if not row.status.usable:
            excluded.append(Excluded(row.department, row.file, row.status.value, row.messages(1)[0]))
        elif row.outcome.submission.summary_of:  # last run's 汇总 saved among the returns
            excluded.append(Excluded(row.department, row.file, row.status.value,
                                     msg.EXCLUDED_SUMMARY.text(count=row.outcome.submission.summary_of)))
        elif row.outcome.submission.year != year:
            excluded.append(Excluded(row.department, row.file, row.status.value,
                                     msg.EXCLUDED_YEAR.text(year=row.outcome.submission.year, target=year)))
        else:
            included.append(row)
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
        SHEET_BREAKDOWN, f"分部门明细（共 {len(names)} 个部门，汇总 = 各部门之和）",
        ("表格", "项目", "汇总") + tuple(names),
        tuple((f.sheet, f.label, summed[f.id], *(computed[n][f.id] for n in names)) for f in FORM.numbers),
        (6, 50, 10) + (14,) * len(names))
    left_out = Appendix(
        SHEET_EXCLUDED, f"未纳入汇总的部门（{len(result.excluded)} 个）",
        ("部门", "文件", "状态", "原因"),
        tuple((e.department, e.file, e.status, e.reason) for e in result.excluded) or (("（无）", "", "", ""),),
        (20, 30, 9, 60))
    locked = frozenset(f.id for f in FORM.inputs)
    return build_workbook(result.submission, password=password, locked_fields=locked,
                          appendix=(breakdown, left_out), aggregated_from=len(names))
