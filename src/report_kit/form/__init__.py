"""The official form as one declarative spec. Everything else reads it from `FORM`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property

from . import form2021, rules
from .model import (Block, CrossYearRule, Field, Kind, ProseClaim, Severity, Sheet, SumRule,
                    cell_name, column_letter)

__all__ = ["FORM", "Form", "Field", "Kind", "Severity", "Sheet", "Block", "SumRule", "CrossYearRule",
           "ProseClaim", "cell_name", "column_letter"]


@dataclass(frozen=True)
class Form:
    """The whole form: fields in order, sheet layouts, rules and identity."""

    form_id: str
    edition: str
    template_version: int
    fields: tuple[Field, ...]
    sheets: tuple[Sheet, ...]
    sum_rules: tuple[SumRule, ...]
    cross_year_rules: tuple[CrossYearRule, ...]
    prose_claims: tuple[ProseClaim, ...]

    @cached_property
    def by_id(self) -> dict[str, Field]:
        return {f.id: f for f in self.fields}

    def field(self, field_id: str) -> Field:
        return self.by_id[field_id]

    @cached_property
    def numbers(self) -> tuple[Field, ...]:
        """Every table field, inputs and totals, in table order."""
        return tuple(f for f in self.fields if f.is_number)

    @cached_property
    def inputs(self) -> tuple[Field, ...]:
        """Table fields that staff type."""
        return tuple(f for f in self.numbers if not f.derived)

    @cached_property
    def totals(self) -> tuple[Field, ...]:
        return tuple(f for f in self.numbers if f.derived)

    @cached_property
    def facts(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind in (Kind.TEXT, Kind.YEAR))

    @cached_property
    def prose(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind is Kind.PROSE)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of everything that shapes the workbook: ids, places, kinds, labels."""
        data = [(f.id, f.sheet, f.row, f.col, f.kind.value, f.label, f.terms) for f in self.fields]
        data.append([(s.name, [(b.row, b.col, b.text) for b in s.blocks]) for s in self.sheets])
        blob = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    @cached_property
    def baseline_fields(self) -> tuple[str, ...]:
        """Last year's inputs the cross-year rules read (what a workbook carries as its baseline)."""
        ids = [i for rule in self.cross_year_rules for i in rule.previous_plus]
        return tuple(dict.fromkeys(ids))

    @cached_property
    def carried_forward(self) -> dict[str, str]:
        """This year's input -> last year's input it must equal (二、上年结转 <- 四、结转下年度继续办理)."""
        return {r.field: r.previous_plus[0] for r in self.cross_year_rules
                if len(r.previous_plus) == 1 and not r.current_plus and not r.current_minus}

    @cached_property
    def carried_labels(self) -> tuple[str, str, str]:
        """(sheet, this year's row label, last year's row label) of the carried-forward values,
        for messages: ("表三", "二、上年结转政府信息公开申请数量", "四、结转下年度继续办理")."""
        now, then = next(iter(self.carried_forward.items()))
        return self.by_id[now].sheet, self.by_id[now].row_label, self.by_id[then].row_label

    def inputs_under(self, field_id: str) -> frozenset[str]:
        """The typed inputs a value depends on (itself, for an input)."""
        return self._inputs_under[field_id]

    @cached_property
    def _inputs_under(self) -> dict[str, frozenset[str]]:
        # every check asks this of every sum's fields: worked out once, not per return
        found: dict[str, frozenset[str]] = {}

        def under(field_id: str) -> frozenset[str]:
            if field_id not in found:
                f = self.by_id[field_id]
                found[field_id] = frozenset().union(*(under(t) for t in f.terms)) if f.derived \
                    else frozenset({field_id})
            return found[field_id]

        for f in self.fields:
            under(f.id)
        return found

    @property
    def version_label(self) -> str:
        """What users read as the form's version."""
        return f"{self.edition}版格式 · 填报表第{self.template_version}版"


def _build() -> Form:
    fields, sheets = form2021.build()
    return Form(
        form_id=form2021.FORM_ID, edition=form2021.FORM_EDITION,
        template_version=form2021.TEMPLATE_VERSION, fields=fields, sheets=sheets,
        sum_rules=rules.SUM_RULES, cross_year_rules=rules.CROSS_YEAR_RULES,
        prose_claims=rules.PROSE_CLAIMS)


FORM = _build()
