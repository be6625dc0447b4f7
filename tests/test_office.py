"""A real LibreOffice plays the staff member: types into the workbook, is refused on locked cells,
recalculates and saves. What it saved must still be our workbook, and compile into the report."""

from __future__ import annotations

import docx
import openpyxl
import pytest

from report_kit.api import compile_report
from report_kit.form import FORM
from report_kit.workbook.reader import read_workbook
from tests.helpers import office_cells

TYPED = {
    "t3_new_natural": 12, "t3_new_business": 3, "t3_carried_in_natural": 1,
    "t3_granted_natural": 8, "t3_partial_business": 2, "t3_unavailable_not_held_natural": 4,
    "t3_rejected_duplicate_business": 1, "t3_carried_out_natural": 1,
    "t2_normative_issued": 4, "t2_normative_in_force": 30, "t2_penalty": 693957, "t2_fees": 4068.208,
    "t4_review_upheld": 2, "t4_review_pending": 1, "t4_suit_direct_corrected": 1,
    "overview_requests": "共收到政府信息公开申请15件。\n其中予以公开8件。",
    "phone": "0537-1234567",
    # every other section written, as a report needs (compile refuses a blank one)
    **{f.id: f"{f.row_label}的情况。" for f in FORM.prose if f.id != "overview_requests"},
}


@pytest.fixture(scope="module")
def saved(office, tmp_path_factory):
    from report_kit.api import make_workbook

    folder = tmp_path_factory.mktemp("office")
    source, target = folder / "blank.xlsx", folder / "filled.xlsx"
    source.write_bytes(make_workbook("某某局", 2025))
    locked = [{"sheet": "表三", "cell": FORM.field("t3_new_total").cell, "value": 99},
              {"sheet": "表三", "cell": "A5", "value": "改标签"},
              {"sheet": "基本信息", "cell": FORM.field("agency").cell, "value": "别的局"}]
    outcome = office.fill(source, target, office_cells(TYPED) + locked)
    return target, outcome


def test_locked_cells_are_refused_inputs_accepted(saved):
    _target, outcome = saved
    assert outcome["typed"] == len(TYPED)
    assert outcome["refused"] == [f"表三!{FORM.field('t3_new_total').cell}", "表三!A5", "基本信息!B3"]


def test_saved_file_keeps_values_protection_names_and_validation(saved):
    target, _ = saved
    book = openpyxl.load_workbook(target)
    assert all(book[s.name].protection.sheet for s in FORM.sheets)
    for f in FORM.fields:
        assert f.id in book.defined_names, f.id
    assert book[FORM.field("t2_penalty").sheet][FORM.field("t2_penalty").cell].value == 693957
    validations = book["表三"].data_validations.dataValidation
    assert any(FORM.field("t3_new_natural").cell in dv.sqref and dv.type == "whole" for dv in validations)
    assert book["基本信息"]["B3"].value == "某某局"


def test_formula_totals_show_the_right_sums_after_recalculation(saved):
    target, _ = saved
    values = openpyxl.load_workbook(target, data_only=True)

    def shown(field_id):
        f = FORM.field(field_id)
        return values[f.sheet][f.cell].value

    assert shown("t3_new_total") == 15
    assert shown("t3_handled_total_natural") == 12 and shown("t3_handled_total_total") == 15
    assert shown("t4_review_total") == 3
    assert values["校验"]["A2"].value.startswith("✓")  # R1 holds per column: 12+1 = 12+1, 3 = 3


def test_libreoffice_saved_workbook_compiles_with_the_typed_numbers(saved):
    target, _ = saved
    submission = read_workbook(target)
    result = compile_report(submission)
    assert result.check.errors == [] and not result.forced
    document = docx.Document(__import__("io").BytesIO(result.docx))
    t2, t3, t4 = document.tables
    t3_rows = {row.cells[2].text: [c.text for c in row.cells[3:]] for row in t3.rows}
    assert t3_rows["一、本年新收政府信息公开申请数量"] == ["12", "3", "0", "0", "0", "0", "15"]
    assert t3_rows["2.重复申请"] == ["0", "1", "0", "0", "0", "0", "1"]
    assert t3_rows["（七）总计"] == ["12", "3", "0", "0", "0", "0", "15"]
    t2_rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in t2.rows}
    assert t2_rows["行政处罚"][0] == "693957" and t2_rows["行政事业性收费"][0] == "4068.208"
    assert [c.text for c in t4.rows[-1].cells] == ["2", "0", "0", "1", "3", "0", "1", "0", "0", "1",
                                                  "0", "0", "0", "0", "0"]
    paragraphs = [p.text for p in document.paragraphs]
    assert "共收到政府信息公开申请15件。" in paragraphs and "其中予以公开8件。" in paragraphs
