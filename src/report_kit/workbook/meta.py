"""The hidden _meta sheet: what identifies a workbook, and last year's baseline it carries."""

from __future__ import annotations

import datetime as _dt
import re

from .. import __version__
from ..form import FORM
from ..submission import Submission
from ..values import clean_number, clean_year

BASELINE_PREFIX = "baseline."  # + field id: last year's value (make-workbook --previous)
SUMMARY_OF = "summary_of"  # in a 汇总 workbook: how many department returns it sums


def meta_entries(prefill: Submission, aggregated_from: int = 0) -> list[tuple[str, str]]:
    """What the hidden meta sheet records: (key, value), read back by the reader."""
    summary = [(SUMMARY_OF, str(aggregated_from))] if aggregated_from else []
    return [
        ("form_id", FORM.form_id),
        ("edition", FORM.edition),
        ("template_version", str(FORM.template_version)),
        ("fingerprint", FORM.fingerprint),
        ("generator", f"report-kit {__version__}"),
        ("created", _dt.date.today().isoformat()),
        ("agency", prefill.agency),
        ("year", str(prefill.year)),
    ] + baseline_entries(prefill) + summary


def baseline_entries(prefill: Submission) -> list[tuple[str, str]]:
    """Last year's values the cross-year rules need, when the workbook was made with them."""
    if not prefill.baseline:
        return []
    entries = [("baseline_year", str(prefill.baseline_year or ""))]
    for field_id in FORM.baseline_fields:
        value = prefill.baseline.get(field_id, 0)
        entries.append((BASELINE_PREFIX + field_id, str(value)))
    return entries


def read_baseline(meta: dict[str, str]) -> tuple[dict, int | None]:
    """Last year's values recorded by `make-workbook --previous`; ignored unless all are sound."""
    baseline = {}
    for field_id in FORM.baseline_fields:
        cleaned = clean_number(meta.get(BASELINE_PREFIX + field_id), FORM.field(field_id).kind)
        if meta.get(BASELINE_PREFIX + field_id) is None or not cleaned.ok:
            return {}, None  # stored as text by us, so a cleaning notice here is expected
        baseline[field_id] = cleaned.value
    year = clean_year(meta.get("baseline_year"))
    return baseline, year.value if year.ok else None


def read_summary_of(meta: dict[str, str]) -> int:
    """How many returns a 汇总 workbook sums; 0 for a department's own workbook."""
    text = meta.get(SUMMARY_OF, "0")
    # ASCII digits only: str.isdigit accepts "²", which int() refuses
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else 0
