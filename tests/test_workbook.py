"""The generated workbook, opened with openpyxl: names, labels, locks, protection, validation."""

from __future__ import annotations


import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from report_kit.json_data import from_json_dict
from report_kit.api import make_workbook
from report_kit.form import FORM, Kind, cell_name


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "wb.xlsx"
    path.write_bytes(make_workbook("某某局", 2025))
    return openpyxl.load_workbook(path)


def _merged_value(ws, row: int, col: int):
    """The value shown at (row, col), 1-based, looking through merged ranges."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return ws.cell(merged.min_row, merged.min_col).value
    return ws.cell(row, col).value


def _labels_beside(ws, row: int, col: int) -> tuple[str, str]:
    """All label text left of a value cell in its row, and all header text above it in its column."""
    left = " ".join(str(_merged_value(ws, row, c) or "") for c in range(1, col) if isinstance(
        _merged_value(ws, row, c), str))
    above = " ".join(str(_merged_value(ws, r, col)) for r in range(2, row) if isinstance(_merged_value(ws, r, col), str))
    return left, above


def test_every_field_is_a_defined_name_at_its_labelled_cell(book):
    for f in FORM.fields:
        defined = book.defined_names[f.id]
        (sheet, coordinate), = list(defined.destinations)
        col, row, _c, _r = range_boundaries(coordinate.replace("$", ""))
        assert (sheet, row - 1, col - 1) == (f.sheet, f.row, f.col), f.id
        if f.table in ("t2", "t3"):
            left, above = _labels_beside(book[sheet], row, col)
            leaf_row = f.row_label.split(" ")[-1]
            assert leaf_row in left, (f.id, left)
            assert f.column_label.split("·")[-1] in above, (f.id, above)
        if f.table == "t4":
            _left, above = _labels_beside(book[sheet], row, col)
            assert f.column_label in above and f.row_label.split("·")[-1] in above, (f.id, above)


def test_inputs_unlocked_everything_else_locked(book):
    unlocked_expected = {(f.sheet, cell_name(f.row, f.col + i)) for f in FORM.fields
                         if not f.derived and f.id not in ("agency", "year") for i in range(f.width)}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                is_input = (ws.title, cell.coordinate) in unlocked_expected
                assert cell.protection.locked is (not is_input), (ws.title, cell.coordinate)


def test_every_sheet_protected_and_structure_locked(book):
    assert all(ws.protection.sheet for ws in book.worksheets)
    assert book.security.lockStructure
    assert book["_meta"].sheet_state == "hidden"


def test_validation_on_every_input(book):
    for f in FORM.fields:
        if f.derived or f.id in ("agency", "year"):
            continue
        rules = [dv for dv in book[f.sheet].data_validations.dataValidation if f.cell in dv.sqref]
        assert len(rules) == 1, f.id
        rule = rules[0]
        if f.kind is Kind.COUNT:
            assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
            assert rule.showErrorMessage and "不小于 0 的整数" in rule.error
        elif f.kind is Kind.MONEY:
            assert (rule.type, rule.formula1) == ("decimal", "0") and "万元" in rule.prompt
        else:
            assert rule.prompt == f.hint


def test_totals_are_formulas_over_their_terms(book):
    for f in FORM.totals:
        formula = book[f.sheet][f.cell].value
        assert formula == "=SUM(" + ",".join(FORM.field(t).cell for t in f.terms) + ")"


def test_inputs_start_at_zero_and_facts_are_filled(book):
    assert all(book[f.sheet][f.cell].value == 0 for f in FORM.inputs)
    assert book["基本信息"]["B3"].value == "某某局" and book["基本信息"]["B4"].value == 2025


def test_meta_identifies_form_version_and_fingerprint(book):
    meta = {row[0]: row[1] for row in book["_meta"].iter_rows(values_only=True)}
    assert meta["form_id"] == FORM.form_id and meta["template_version"] == str(FORM.template_version)
    assert meta["fingerprint"] == FORM.fingerprint and meta["agency"] == "某某局"


def test_printing_a4_and_table3_landscape_on_one_page(book):
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == 9
    t3 = book["表三"]
    assert t3.page_setup.orientation == "landscape"
    assert t3.sheet_properties.pageSetUpPr.fitToPage and t3.page_setup.fitToWidth in (None, 1) and t3.page_setup.fitToHeight in (None, 1)  # absent: 1 (OOXML)


def test_check_sheet_lists_every_sum_rule_live(book):
    ws = book["校验"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(rows) == len(FORM.sum_rules)
    first = rows[0]
    assert first[0] == "R1" and first[2] == "='表三'!$D$5+'表三'!$D$6" and first[5] == '=IF(E4=0,"✓","✗")'


def test_data_prefills_values_and_formula_results(tmp_path):
    data = from_json_dict({"facts": {"year": 2024}, "values": {"t3_new_natural": 7, "t2_fees": "12.5"}})
    path = tmp_path / "prefilled.xlsx"
    path.write_bytes(make_workbook("某局", None, data))
    values = openpyxl.load_workbook(path, data_only=True)
    def cached(field_id):
        f = FORM.field(field_id)
        return values[f.sheet][f.cell].value

    assert cached("t3_new_natural") == 7 and cached("t3_new_total") == 7  # the cached total is right
    assert cached("t2_fees") == 12.5 and cached("year") == 2024


def test_agency_that_looks_like_a_formula_stays_text(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(make_workbook('=HYPERLINK("http://evil","点我")', 2025))
    cell = openpyxl.load_workbook(path)["基本信息"]["B3"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil","点我")'


def test_guide_is_generated_from_the_spec(book):
    text = "\n".join(str(row[0]) for row in book["填表说明"].iter_rows(values_only=True) if row[0])
    for code in ("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9"):
        assert f"\n{code}　" in text
    assert f"本表共有 {len(FORM.inputs)} 个需填写的数字格子" in text and len(FORM.inputs) == 10 + 6 * 24 + 12
    assert "按 0 计算，但会被提示" in text and "“无”" in text
