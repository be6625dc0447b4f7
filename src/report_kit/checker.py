"""Evaluate the spec's rules on a Submission: every finding in one run."""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass, field
from decimal import Decimal

from .form import FORM, CrossYearRule, Kind, SumRule
from .form import messages as msg
from .form.rules import YEAR_CHECKED_PROSE, YEAR_OPENING, YEAR_PLAN_PROSE
from .numerals import read_count
from .submission import Finding, Number, Submission, where
from .formatting import format_money

MAX_TERMS_SHOWN = 6  # beyond this a sum's parts make the message unreadable


@dataclass
class CheckResult:
    """A submission with every finding about it, reader's and rules' alike."""

    submission: Submission
    findings: list[Finding] = field(default_factory=list)
    untouched: bool = False  # sent back as it came: nothing typed (see `is_untouched`)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def check(submission: Submission, previous: Submission | None = None) -> CheckResult:
    """Run rules R1–R9 (R6/R7 only with last year's data of the year before) and the fact checks.

    Without `previous`, last year's data recorded in the workbook itself (if any) is used. Last
    year's data of another year (`year_mismatch`) gets one R9 hint and no R6/R7.
    A return sent back untouched (`is_untouched`) gets one error, F3, instead of the rules.
    """
    previous = previous if previous is not None else submission.previous()
    computed = submission.computed()
    findings = list(submission.findings)
    if is_untouched(submission):
        # One finding says it all: twelve "not written" notices, a notice per blank cell and sums
        # over pre-filled carry-overs would only bury it. A changed form (T1) is still worth saying.
        findings = [Finding.of(msg.UNTOUCHED), *(f for f in findings if f.code != "R5")]
        findings += [f for f in _fact_findings(submission) if f.is_error]
        return CheckResult(submission, findings, untouched=True)
    findings += _fact_findings(submission)
    for rule in FORM.sum_rules:
        finding = _check_sum(rule, submission, computed)
        if finding:
            findings.append(finding)
    if previous is not None:
        findings += _cross_year(submission, computed, previous)
    findings += _prose_claims(submission, computed)
    findings += _prose_years(submission)
    return CheckResult(submission, findings)


def is_untouched(submission: Submission) -> bool:
    """Whether nothing was filled in: every number 0 and no prose (facts do not count).

    The 二、上年结转 values a workbook made with --previous carries were pre-filled, not typed, so
    they do not count while they are as pre-filled. All-zero tables with prose written are real
    data (zero is a value).
    """
    if any(text.strip() for text in submission.prose.values()) or submission.rejected:
        return False
    prefilled = {now: submission.baseline.get(then, 0) for now, then in FORM.carried_forward.items()}
    typed = [value for fid, value in submission.values.items()
             if not (submission.baseline and value == prefilled.get(fid, 0))]  # as pre-filled: not typed
    return all(value == 0 for value in typed + list(submission.stated_totals.values()))


def _fmt(value: Number) -> str:
    return format_money(value) if isinstance(value, Decimal) else str(value)


def _describe(name: str, ids: tuple[str, ...], values: list[Number]) -> str:
    total = sum(values)
    if len(ids) == 1 or len(ids) > MAX_TERMS_SHOWN:
        return f"{name} = {_fmt(total)}"
    return f"{name} = {_fmt(total)}（{' + '.join(_fmt(v) for v in values)}）"


def _check_sum(rule: SumRule, submission: Submission, computed: dict) -> Finding | None:
    ids = rule.left + rule.right
    if any(FORM.inputs_under(i) & submission.rejected for i in ids):
        return None  # a rejected cell is already reported; a sum over it would only repeat that
    stated = rule.stated_totals
    left = [submission.value_for_rule(i, computed, stated) for i in rule.left]
    right = [submission.value_for_rule(i, computed, stated) for i in rule.right]
    if sum(left) == sum(right):
        return None
    difference = abs(sum(left) - sum(right))
    return Finding.of(msg.SUM_MISMATCH, ids, sum(left), sum(right), code=rule.code, severity=rule.severity,
                      title=rule.title, left_side=_describe(rule.left_name, rule.left, left),
                      right_side=_describe(rule.right_name, rule.right, right), difference=_fmt(difference))


def _fact_findings(submission: Submission) -> list[Finding]:
    findings = []
    for f in FORM.facts:
        # a value refused while cleaning (FACT_TOO_LONG) is said once, not also as missing
        if f.required and f.kind is not Kind.YEAR and not submission.facts.get(f.id) and f.id not in submission.rejected:
            findings.append(Finding.of(msg.FACT_MISSING, (f.id,), where=where(f)))
    for f in FORM.prose:
        if not submission.prose.get(f.id):
            findings.append(Finding.of(msg.PROSE_EMPTY, (f.id,), where=where(f)))
    return findings


def _cross_year(submission: Submission, computed: dict, previous: Submission) -> list[Finding]:
    """R6/R7 against last year's data; data of another year is named (R9) and not compared: its
    differences would be errors about nothing."""
    mismatch = _year_mismatch(previous, submission.year)
    if mismatch:
        return [Finding.of(msg.PREVIOUS_YEAR_MISMATCH, **mismatch)]
    findings = []
    last = previous.computed()
    for rule in FORM.cross_year_rules:
        finding = _check_cross_year(rule, computed, last)
        if finding:
            findings.append(finding)
    return findings


def year_mismatch(previous: Submission, year: int | None) -> str:
    """Why `previous` is not last year's data for a report of `year` ("" when it is, or a year is
    unknown). The one test of it: `check` makes it R9, `api.carry_forward` refuses to carry."""
    mismatch = _year_mismatch(previous, year)
    return msg.PREVIOUS_YEAR_MISMATCH.text(**mismatch) if mismatch else ""


def _year_mismatch(previous: Submission, year: int | None) -> dict | None:
    if not year or not previous.year or previous.year == year - 1:
        return None
    source = f"“{Path(previous.source).name}”" if previous.source else ""
    return {"source": source, "previous": previous.year, "year": year, "expected": year - 1}


def _check_cross_year(rule: CrossYearRule, computed: dict, last: dict) -> Finding | None:
    expected = (sum(last[i] for i in rule.previous_plus) + sum(computed[i] for i in rule.current_plus)
                - sum(computed[i] for i in rule.current_minus))
    actual = computed[rule.field]
    if actual == expected:
        return None
    parts = [f"{rule.previous_name} {_fmt(sum(last[i] for i in rule.previous_plus))}"]
    parts += [f"+ {FORM.field(i).column_label} {_fmt(computed[i])}" for i in rule.current_plus]
    parts += [f"− {FORM.field(i).column_label} {_fmt(computed[i])}" for i in rule.current_minus]
    return Finding.of(msg.CROSS_YEAR, (rule.field,) + rule.current_plus + rule.current_minus, actual, expected,
                      code=rule.code, severity=rule.severity, title=rule.title, where=FORM.field(rule.field).ref,
                      actual=_fmt(actual), expected=_fmt(expected), how=" ".join(parts),
                      difference=_fmt(abs(actual - expected)), explanation=rule.explanation)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The clause holding a match, for quoting it back to the user."""
    left = max(text.rfind(c, 0, start) for c in "，。；！？\n") + 1
    rights = [i for i in (text.find(c, end) for c in "，。；！？\n") if i != -1]
    return text[left:min(rights) if rights else len(text)].strip()


def _prose_claims(submission: Submission, computed: dict) -> list[Finding]:
    findings = []
    for f in FORM.prose:
        text = submission.prose.get(f.id, "")
        read: list[tuple[int, int]] = []  # spans claims have read: a later claim does not read them again
        for claim in FORM.prose_claims:
            if any(FORM.inputs_under(i) & submission.rejected for i in claim.fields):
                continue  # a cell that could not be read is already reported; its 0 would only mislead here
            for match in re.finditer(claim.pattern, text):
                if any(match.start() < end and start < match.end() for start, end in read):
                    continue
                read.append(match.span())
                states_number = "n" in match.re.groupindex
                stated = read_count(match.group("n")) if states_number else 0
                if stated is None:
                    continue  # not a number written the standard way: no guess
                actual = sum(computed[i] for i in claim.fields)
                if stated == actual:
                    continue
                cells = " + ".join(FORM.field(i).ref for i in claim.fields)  # the table side is their sum
                template = msg.PROSE_NUMBER if states_number else msg.PROSE_NONE
                findings.append(Finding.of(
                    template, (f.id,) + claim.fields, stated, actual, where=where(f),
                    sentence=_sentence_around(text, match.start(), match.end()),
                    what=claim.what, stated=stated, actual=_fmt(actual), cells=cells))
    return findings


def _prose_years(submission: Submission) -> list[Finding]:
    """R9: the first paragraph or sentence of a section opening with a year it should not (see
    `form.rules.YEAR_PLAN_PROSE` for the next year's plans in 五 and 六)."""
    year = submission.year
    if not year:
        return []
    findings = []
    for fid in YEAR_CHECKED_PROSE:
        text = submission.prose.get(fid, "")
        for match in re.finditer(YEAR_OPENING, text):
            opened = int(match.group("y"))
            if opened == year or (opened == year + 1 and fid in YEAR_PLAN_PROSE):
                continue
            template = msg.PROSE_LATER_YEAR if opened > year else msg.PROSE_OTHER_YEAR
            findings.append(Finding.of(template, (fid,), where=where(FORM.field(fid)),
                                       opening=match.group(0).strip("。；\n "), year=year))
            break
    return findings
