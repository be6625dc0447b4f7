"""What a department submitted, cleaned: the one shape every part of report-kit passes around."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .form import FORM, Field, Kind, Severity
from .form.messages import Message

Number = int | Decimal


@dataclass(frozen=True)
class Finding:
    """One problem (or notice) about a submission.

    `fields` are the field ids involved, `cells` the same as users read them: the workbook cell
    ("表三!D5（一、本年新收政府信息公开申请数量 / 自然人）"), or, where a field was read from
    somewhere else, the explicit `places` given for each field ("第4页 表三 （四）无法提供 2. / 自然人"
    in a published report).
    """

    code: str
    severity: Severity
    message: str
    fields: tuple[str, ...] = ()
    left: Number | None = None
    right: Number | None = None
    places: tuple[str, ...] = ()  # one per field, when not a workbook cell

    @classmethod
    def of(cls, message: Message, fields: tuple[str, ...] = (), left: Number | None = None,
           right: Number | None = None, places: tuple[str, ...] = (), *, code: str = "",
           severity: Severity | None = None, **values) -> Finding:
        """The finding a catalogue entry (`form.messages`) makes, its placeholders filled from `values`.

        Code and severity are the entry's; `code`/`severity` are given only for an entry shared by
        several rules (a sum or cross-year rule's, a cleaning notice filed under F1 or F2).
        """
        code, severity = code or message.code, severity or message.severity
        if not code or severity is None:
            raise ValueError(f"{message.template!r} is not a finding: it has no code or severity")
        return cls(code, severity, message.text(**values), tuple(fields), left, right, tuple(places))

    @property
    def cells(self) -> tuple[str, ...]:
        if self.places:
            return self.places
        return tuple(where(FORM.field(fid)) for fid in self.fields)

    @property
    def difference(self) -> Number | None:
        if self.left is None or self.right is None:
            return None
        return self.left - self.right

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict:
        return {
            "rule": self.code, "severity": self.severity.value, "message": self.message,
            "cells": [{"field": fid, "place": place} for fid, place in zip(self.fields, self.places)]
            if self.places else [{"field": fid, "ref": FORM.field(fid).ref, "label": FORM.field(fid).label}
                                 for fid in self.fields],
            "left": _plain(self.left), "right": _plain(self.right), "difference": _plain(self.difference),
        }


def where(f: Field) -> str:
    """How a message names a cell: sheet!cell and its official labels."""
    return f"{f.ref}（{f.label}）"


def _plain(value: Number | None):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass
class Submission:
    """Cleaned values of one report.

    `values` holds the typed inputs of tables 二–四 (every input id is present after reading);
    `stated_totals` holds totals found in the source that are not our formulas (typed over in a
    workbook, or given in JSON): kept so the checker can compare them with the recomputed sums.
    """

    facts: dict[str, object] = field(default_factory=dict)
    prose: dict[str, str] = field(default_factory=dict)
    values: dict[str, Number] = field(default_factory=dict)
    stated_totals: dict[str, Number] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    rejected: set[str] = field(default_factory=set)  # inputs whose value could not be used
    source: str = ""
    # Last year's values the cross-year rules need, carried inside a workbook made with --previous,
    # so R6/R7 run even when the coordinator does not pass last year's files again.
    baseline: dict[str, Number] = field(default_factory=dict)
    baseline_year: int | None = None
    summary_of: int = 0  # a 汇总: the number of department returns it sums

    @property
    def agency(self) -> str:
        return str(self.facts.get("agency") or "")

    @property
    def year(self) -> int | None:
        year = self.facts.get("year")
        return year if isinstance(year, int) else None

    def previous(self) -> Submission | None:
        """Last year's data as far as this submission carries it (see `baseline`), else None."""
        if not self.baseline:
            return None
        return Submission(facts={"year": self.baseline_year}, values=dict(self.baseline),
                          source="填报表中记录的上年数据")

    def computed(self) -> dict[str, Number]:
        """Every table value by id, totals recomputed from the inputs (never taken from the file)."""
        result: dict[str, Number] = {f.id: self.values.get(f.id, _zero(f)) for f in FORM.inputs}
        for total in FORM.totals:
            result[total.id] = _sum_of(total, result)
        return result

    def value_for_rule(self, field_id: str, computed: dict[str, Number], stated: bool) -> Number:
        """A value as a rule sees it: a stated total wins when the rule compares stated totals."""
        if stated and field_id in self.stated_totals:
            return self.stated_totals[field_id]
        return computed[field_id]


def _zero(f: Field) -> Number:
    return Decimal(0) if f.kind is Kind.MONEY else 0


def _sum_of(total: Field, known: dict[str, Number]) -> Number:
    """Sum a total's terms, recursing into terms that are totals themselves."""
    result: Number = 0
    for term in total.terms:
        if term not in known:
            known[term] = _sum_of(FORM.field(term), known)
        result += known[term]
    return result
