"""Never trust the spreadsheet: each kind of bad cell, the exact message and the cell address."""

from __future__ import annotations

import pytest

from report_kit.checker import check
from report_kit.workbook.reader import read_workbook
from tests.helpers import edit_workbook

WHERE = "表三!D5（一、本年新收政府信息公开申请数量 / 自然人）"


def _read(blank_workbook, tmp_path, values):
    return read_workbook(edit_workbook(blank_workbook, tmp_path / "edited.xlsx", values))


@pytest.mark.parametrize("raw, value, severity, message", [
    (7, 7, None, None),
    (7.0, 7, None, None),
    (" 3 ", 3, "提示", f"{WHERE}：“ 3 ”已按 3 读取（去掉了空格、以文本形式保存的数字）。"),
    ("１２", 12, "提示", f"{WHERE}：“１２”已按 12 读取（全角字符改为半角、以文本形式保存的数字）。"),
    ("1,234", 1234, "提示", f"{WHERE}：“1,234”已按 1234 读取（去掉了千位分隔符、以文本形式保存的数字）。"),
    (None, 0, "提示", f"{WHERE}：是空白，按 0 计算。如确实为 0，请填写数字 0。"),
    ("无", 0, "提示", f"{WHERE}：填的是“无”，按 0 计算。请改填数字 0。"),
    ("/", 0, "提示", f"{WHERE}：填的是“/”，按 0 计算。请改填数字 0。"),
    ("—", 0, "提示", f"{WHERE}：填的是“—”，按 0 计算。请改填数字 0。"),
    ("22（其中修订16件）", None, "错误",
     f"{WHERE}：“22（其中修订16件）”不是数字。此处只填数字，文字说明请写在“文字内容”表的相应小节。"),
    ("251000元", None, "错误", f"{WHERE}：“251000元”不是数字。此处只填数字，文字说明请写在“文字内容”表的相应小节。"),
    ("1e3", None, "错误", f"{WHERE}：“1e3”是科学计数法，可能已丢失位数。请直接填写完整的数字。"),
    (-2, None, "错误", f"{WHERE}：-2 是负数，此处只能填不小于 0 的数。"),
    (2.5, None, "错误", f"{WHERE}：2.5 不是整数，件数只能填整数。"),
    (1e15, None, "错误", f"{WHERE}：1000000000000000 大得不合常理，请核对。"),
    ("=1+2", None, "错误", f"{WHERE}：填的是公式“=1+2”。请直接填写数字，不要填公式。"),
    (True, None, "错误", f"{WHERE}：填的是逻辑值“True”，请填写数字。"),
])
def test_a_count_cell(blank_workbook, tmp_path, raw, value, severity, message):
    submission = _read(blank_workbook, tmp_path, {"t3_new_natural": raw})
    notes = [f for f in submission.findings if f.fields == ("t3_new_natural",)]
    if severity is None:
        assert notes == [] and submission.values["t3_new_natural"] == value
        return
    assert [(f.severity.value, f.code, f.message) for f in notes] == [(severity, "R5", message)]
    if value is None:
        assert "t3_new_natural" in submission.rejected
    else:
        assert submission.values["t3_new_natural"] == value


def test_money_keeps_decimals_and_rejects_units(blank_workbook, tmp_path):
    submission = _read(blank_workbook, tmp_path, {"t2_fees": 4068.208})
    assert str(submission.values["t2_fees"]) == "4068.208"
    bad = _read(blank_workbook, tmp_path, {"t2_fees": "3.5万元"})
    assert [f.message for f in bad.findings if f.fields == ("t2_fees",)] == [
        "表二!B15（第二十条第（八）项 行政事业性收费 / 本年收费金额（单位：万元））：“3.5万元”不是数字。"
        "此处只填数字，文字说明请写在“文字内容”表的相应小节。"]


def test_a_rejected_cell_is_reported_once_not_again_by_every_sum(blank_workbook, tmp_path):
    result = check(_read(blank_workbook, tmp_path, {"t3_new_natural": "十二"}))
    assert [f.code for f in result.errors] == ["R5"]


def test_total_typed_over_is_caught_and_recomputed(blank_workbook, tmp_path):
    submission = _read(blank_workbook, tmp_path, {"t3_new_natural": 5, "t3_new_total": 4})
    assert submission.computed()["t3_new_total"] == 5
    result = check(submission)
    assert [(f.code, f.message) for f in result.findings if f.code in ("R2", "R5")] == [
        ("R5", "表三!J5（一、本年新收政府信息公开申请数量 / 总计）：总计格子的公式被改成了数值 4。"
               "总计由本工具按各项重新计算，请恢复公式或使用新下发的填报表。"),
        ("R2", "表三“一、本年新收政府信息公开申请数量”行：总计 = 六类申请人之和：总计 = 4，"
               "应等于六类申请人之和 = 5（5 + 0 + 0 + 0 + 0 + 0），相差 1。"),
    ]
    r2 = next(f for f in result.errors if f.code == "R2")
    assert r2.cells[0] == "表三!J5（一、本年新收政府信息公开申请数量 / 总计）"


def test_prose_is_read_literally(blank_workbook, tmp_path):
    text = "第一段 <b> & {{ agency }}\r\n\r\n第二段"
    submission = _read(blank_workbook, tmp_path, {"overview_intro": text})
    assert submission.prose["overview_intro"] == "第一段 <b> & {{ agency }}\n\n第二段"
