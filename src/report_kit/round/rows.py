"""A department round: the outcomes of many files turned into one row per department.

Adds the findings only a whole round can see to the rows, leaving each file's check as it was:
two files for one department (D1), two departments with identical figures and prose (D2), a
return from a department not on the list (D3), a 汇总 fed back among the returns (D4), a return
of another year than the round's (D5).
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..checker import CheckResult
from .checking import Outcome
from ..fsutil import safe_filename
from .roster import Roster, normalize_name
from ..form import messages as msg
from ..submission import Finding, Submission


class Status(enum.Enum):
    """A department's standing in the round, as the ledger shows it."""

    PASSED = "通过"
    WARNINGS = "仅有提示"
    ERRORS = "有错误"
    EMPTY = "未填写"  # returned untouched: nothing but the pre-filled facts
    UNREADABLE = "无法读取"
    MISSING = "未报送"

    @property
    def usable(self) -> bool:
        """Whether the data may go into a report or the 汇总."""
        return self in (Status.PASSED, Status.WARNINGS)


# Round findings said before the file's own: what the file is (a 汇总, a return of another year)
# comes before what is wrong in it.
_SAID_FIRST = frozenset({"D4", "D5"})


@dataclass
class LedgerRow:
    """One department (or one unattributed file) in the round."""

    department: str
    outcome: Outcome | None = None  # None: nothing was returned
    round_findings: tuple[Finding, ...] = ()  # D1–D5: what only the whole round shows about this file

    @property
    def result(self) -> CheckResult | None:
        """The file's check with the round's findings added: a new result, the file's own is left as it was."""
        if self.outcome is None or self.outcome.result is None:
            return None
        checked = self.outcome.result
        first = [f for f in self.round_findings if f.code in _SAID_FIRST]
        after = [f for f in self.round_findings if f.code not in _SAID_FIRST]
        return replace(checked, findings=[*first, *checked.findings, *after])

    @property
    def status(self) -> Status:
        result = self.result
        if self.outcome is None:
            return Status.MISSING
        if result is None:
            return Status.UNREADABLE
        if result.untouched:
            return Status.EMPTY
        if result.errors:
            return Status.ERRORS
        return Status.WARNINGS if result.warnings else Status.PASSED

    @property
    def file(self) -> str:
        return self.outcome.path.name if self.outcome else ""

    @property
    def findings(self) -> list[Finding]:
        """The file's check findings, then the round's (a 汇总's D4 first)."""
        result = self.result
        return result.findings if result else []

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if not f.is_error)

    def messages(self, limit: int | None = None) -> list[str]:
        """What to tell the department, errors first."""
        if self.outcome is None:
            return [msg.MISSING_RETURN.text()]
        if self.outcome.result is None:
            return [self.outcome.problem]
        ordered = sorted(self.findings, key=lambda f: not f.is_error)
        return [f.message for f in ordered[:limit]]


@dataclass
class Round:
    """Every row of a round, in the department list's order (unlisted files after)."""

    rows: list[LedgerRow] = field(default_factory=list)
    roster: Roster | None = None

    def count(self, status: Status) -> int:
        """Departments with a row of `status` (a department that sent two files counts once)."""
        return len({normalize_name(row.department) for row in self.departments if row.status is status})

    @property
    def departments(self) -> list[LedgerRow]:
        """The rows of departments: not a 汇总 fed back among the returns."""
        return [row for row in self.rows if not (row.outcome and _is_summary(row.outcome))]

    @property
    def ok(self) -> bool:
        """Every department returned a usable file."""
        return all(row.status.usable for row in self.rows)

    def summary(self) -> str:
        """"共 5 个部门（收到 5 个文件）：通过 2，仅有提示 1，有错误 1，未填写 0，无法读取 0，未报送 1",
        then (see `owed`) who sent a return of another year and so still owes the round's."""
        owed = self.owed()
        return self.counts() + (f"；{owed}" if owed else "")

    def counts(self) -> str:
        """"共 5 个部门（收到 5 个文件）：通过 2，仅有提示 1，有错误 1，未填写 0，无法读取 0，未报送 1"."""
        departments = len({normalize_name(row.department) for row in self.departments})
        files = sum(1 for row in self.rows if row.outcome)
        counts = "，".join(f"{s.value} {self.count(s)}" for s in Status
                          if s is not Status.MISSING or self.roster)
        return msg.ROUND_COUNTS.text(departments=departments, files=files, counts=counts)

    def owed(self) -> str:
        """"其中 1 个部门交来的是其他年度的填报表，仍需报送 2025 年的：甲局" (D5 without a return of the
        round's year beside it), or "" when none did."""
        sent = {normalize_name(row.department) for row in self.departments
                if row.result and not any(f.code == "D5" for f in row.round_findings)}  # a return of the round's year
        owed = {normalize_name(row.department): (row.department, f.right) for row in self.departments
                for f in row.round_findings if f.code == "D5" and normalize_name(row.department) not in sent}
        if not owed:
            return ""
        target = next(iter(owed.values()))[1]  # the round's year: the same in every D5
        names = "、".join(name for name, _ in owed.values())
        return msg.OTHER_YEAR_OWED.text(count=len(owed), target=target, departments=names)

    @property
    def usable(self) -> list[LedgerRow]:
        return [row for row in self.rows if row.status.usable]


@dataclass(frozen=True)
class Compiled:
    """What became of one usable return when the round was compiled: its report, or why none was written."""

    outcome: Outcome
    report: Path | None = None
    problem: str = ""


# The round's findings about each file, gathered before the rows are made.
_Notes = dict[Outcome, list[Finding]]


def assemble(outcomes: list[Outcome], roster: Roster | None = None) -> Round:
    """Attribute each file to a department, give the rows the round's own findings, list who is missing.

    The outcomes (and their checks) are read, never changed."""
    notes: _Notes = defaultdict(list)
    summaries = [o for o in outcomes if _is_summary(o)]
    for outcome in summaries:  # last run's 汇总 saved among the returns: said first, counted apart
        _add(notes, outcome, Finding.of(msg.SUMMARY_IN_ROUND, count=outcome.submission.summary_of))
    outcomes = [o for o in outcomes if not _is_summary(o)]
    attributed = [(_department(outcome, roster), outcome) for outcome in outcomes]
    other_years = _mark_other_years(notes, attributed)
    this_round = [(name, o) for name, o in attributed if o not in other_years]  # of the rest, D5 says it all
    _mark_duplicates(notes, this_round)
    _mark_identical(notes, this_round)
    listed = set(roster.names) if roster else set()
    for name, outcome in attributed if roster else ():
        if name not in listed:
            _add(notes, outcome, Finding.of(msg.NOT_ON_ROSTER, agency=name))

    def row(name: str, outcome: Outcome) -> LedgerRow:
        return LedgerRow(name, outcome, tuple(notes.get(outcome, ())))

    at_end = [row(f"（汇总表）{o.submission.agency}", o) for o in summaries]
    if roster is None:
        return Round([row(name, outcome) for name, outcome in attributed] + at_end)
    rows = []
    by_department: dict[str, list[Outcome]] = defaultdict(list)
    for name, outcome in attributed:
        by_department[name].append(outcome)
    for name in roster.names:
        rows += [row(name, o) for o in by_department.pop(name, [])] or [LedgerRow(name)]
    for name, unlisted in by_department.items():
        rows += [row(name, o) for o in unlisted]
    return Round(rows + at_end, roster)


def _is_summary(outcome: Outcome) -> bool:
    return outcome.submission is not None and outcome.submission.summary_of > 0


def _mark_other_years(notes: _Notes, attributed: list[tuple[str, Outcome]]) -> set[Outcome]:
    """A return of another year than most of the round's (last year's file sent again; on a tie, the
    earlier year's): an error, it is not the department's return this round. Returns those outcomes."""
    years = Counter(o.submission.year for _, o in attributed if o.submission and o.submission.year)
    if len(years) < 2:
        return set()
    # The year most returns are of; on a tie the later one: early in a round a department's corrected
    # return and a stale one of last year may be all there is, and last year's is never this round's
    target, count = max(years.items(), key=lambda item: (item[1], item[0]))
    current = {normalize_name(name): o for name, o in attributed if o.submission and o.submission.year == target}
    marked = set()
    for name, outcome in attributed:
        year = outcome.submission.year if outcome.submission else None
        if not year or year == target:
            continue
        marked.add(outcome)
        beside = current.get(normalize_name(name))
        finding = (Finding.of(msg.OTHER_YEAR_BESIDE, (), year, target, year=year, target=target, file=beside.path.name)
                   if beside else Finding.of(msg.OTHER_YEAR_IN_ROUND, (), year, target,  # the two years, compared
                                             year=year, target=target, count=count))
        _add(notes, outcome, finding)
    return marked


def _department(outcome: Outcome, roster: Roster | None) -> str:
    """The department a file belongs to: its agency as typed (the listed spelling when it matches);
    for an unreadable file, the listed department its file name mentions."""
    agency = outcome.submission.agency if outcome.submission else ""
    if agency:
        return (roster.find(agency) if roster else None) or agency
    if roster:
        stem = normalize_name(outcome.path.stem)
        mentioned = [n for n in roster.names if normalize_name(safe_filename(n)) in stem]
        if mentioned:
            return max(mentioned, key=len)  # "某某市生态环境局" over "某某市"
    return msg.UNRECOGNISED_DEPARTMENT.text(file=outcome.path.name)


def _add(notes: _Notes, outcome: Outcome, finding: Finding) -> None:
    if outcome.result is not None:  # an unreadable file says only why it could not be read
        notes[outcome].append(finding)


def _mark_duplicates(notes: _Notes, attributed: list[tuple[str, Outcome]]) -> None:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for name, outcome in attributed:
        groups[normalize_name(name)].append(outcome)
    for name, outcome in attributed:
        group = groups[normalize_name(name)]
        if len(group) > 1:
            files = "、".join(o.path.name for o in group)
            _add(notes, outcome, Finding.of(msg.DUPLICATE_FILES, department=name, count=len(group), files=files))


def _mark_identical(notes: _Notes, attributed: list[tuple[str, Outcome]]) -> None:
    seen: dict[str, tuple[str, Outcome]] = {}
    for name, outcome in attributed:
        submission = outcome.submission
        if submission is None or not any(submission.prose.values()):
            continue  # an empty return matches every other empty one; F2 already reports it
        key = _content_key(submission)
        if key in seen and normalize_name(seen[key][0]) != normalize_name(name):
            other_name, other = seen[key]
            _add(notes, outcome, Finding.of(msg.IDENTICAL_RETURNS, other=other_name, file=other.path.name))
            _add(notes, other, Finding.of(msg.IDENTICAL_RETURNS, other=name, file=outcome.path.name))
        seen.setdefault(key, (name, outcome))


def _content_key(submission: Submission) -> str:
    """A digest of the figures and the prose, not of who sent them."""
    data = {"values": {k: str(v) for k, v in submission.computed().items()}, "prose": submission.prose}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
