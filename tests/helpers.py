"""Small builders for tests: edit a real generated workbook by field id, as a script would."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from report_kit.form import FORM


def edit_workbook(source: Path, target: Path, values: dict[str, object]) -> Path:
    """Write raw values into the cells named by field ids (no protection check: a script)."""
    book = openpyxl.load_workbook(source)
    for field_id, value in values.items():
        f = FORM.field(field_id)
        book[f.sheet][f.cell] = value
    book.save(target)
    return target


def office_cells(values: dict[str, object]) -> list[dict]:
    """Field ids -> the cell list tests/office/fill.py types into."""
    return [{"sheet": FORM.field(i).sheet, "cell": FORM.field(i).cell, "value": v} for i, v in values.items()]


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "2024-某某市生态环境局.json"


def department_data(name: str, penalty: int = 356):
    """The consistent 2024 sample as department `name` returned it (行政处罚 set to `penalty`,
    so two departments differ in one figure only)."""
    from report_kit.api import load_submission

    data = load_submission(SAMPLE)
    data.facts["agency"] = name
    data.values["t2_penalty"] = penalty
    return data
