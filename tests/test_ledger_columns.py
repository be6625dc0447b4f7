"""The 问题清单 of both ledgers: 位置 says where (a sum's many cells on one line), 说明 says what is
wrong without saying the place again."""

from __future__ import annotations

import io

import openpyxl

from report_kit.api import make_workbook
from report_kit.published.audit import audit_files
from report_kit.published.ledger import audit_ledger_bytes
from report_kit.round.ledger import ledger_bytes
from report_kit.round.operations import check_round
from tests.helpers import department_data, edit_workbook
from tests.test_published import HUAIAN

TYPED = "22（其中修订16件）"


def _details(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_round_ledger_lists_a_sums_cells_on_one_line_and_never_repeats_the_place(tmp_path):
    path = tmp_path / "2025年政府信息公开工作年度报告填报表-某某县住房和城乡建设局.xlsx"
    path.write_bytes(make_workbook("某某县住房和城乡建设局", 2025, department_data("某某县住房和城乡建设局")))
    # the total typed over (its formula gone) and a note typed into a number
    edit_workbook(path, path, {"t3_new_total": 100, "t2_normative_issued": TYPED})
    rows = _details(ledger_bytes(check_round([path], jobs=1), "报送情况"))
    by_rule = {row["规则"]: row for row in rows}
    assert by_rule["R2"]["位置"] == "表三!J5、D5、E5、F5、G5、H5、I5（一、本年新收政府信息公开申请数量）"
    assert by_rule["R2"]["说明"].startswith("表三“一、本年新收政府信息公开申请数量”行：总计 = 六类申请人之和")
    r5 = [row for row in rows if row["规则"] == "R5" and row["级别"] == "错误"]
    assert [(row["位置"], row["说明"]) for row in r5] == [
        ("表二!B5（第二十条第（一）项 行政规范性文件 / 本年制发件数）",
         f"“{TYPED}”不是数字。此处只填数字，文字说明请写在“文字内容”表的相应小节。")]
    for row in rows:
        assert row["位置"] is None or not row["说明"].startswith(row["位置"].split("\n")[0]), row


def test_audit_ledger_groups_printed_places_and_never_repeats_them(tmp_path):
    rows = _details(audit_ledger_bytes(audit_files([HUAIAN], jobs=1)))
    r4 = [row["位置"] for row in rows if row["规则"] == "R4"]
    assert r4 == ["第4页 表四 行政复议 / 总计、结果维持、结果纠正、其他结果、尚未审结",
                  "第4页 表四 复议后起诉 / 总计、结果维持、结果纠正、其他结果、尚未审结"]
    p1 = next(row for row in rows if row["规则"] == "P1" and row["位置"])
    assert p1["说明"].startswith("行标签印作“2.其他法律行政止公开”")
    for row in rows:
        assert not row["位置"] or not row["说明"].startswith(row["位置"].split("\n")[0]), row


def _first_sheet_cell(content: bytes, header: str) -> list:
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if header in row)
    column = rows[at].index(header)
    return [row[column] for row in rows[at + 1:]]


def test_both_ledgers_show_the_first_three_messages_and_count_the_rest(tmp_path):
    path = tmp_path / "某某县住房和城乡建设局.xlsx"
    path.write_bytes(make_workbook("某某县住房和城乡建设局", 2025, department_data("某某县住房和城乡建设局")))
    edit_workbook(path, path, {"t3_new_total": 100, "t2_normative_issued": TYPED, "t2_rules_issued": -1,
                               "t2_licensing": "三"})
    round_ = check_round([path], jobs=1)
    findings = round_.rows[0].findings
    assert len(findings) > 3
    [cell] = _first_sheet_cell(ledger_bytes(round_, "报送情况"), "主要问题")
    assert cell.split("\n")[:3] == list(round_.rows[0].messages(3))
    assert cell.split("\n")[3:] == [f"……另有 {len(findings) - 3} 项，见“问题清单”"]
    audited = audit_files([HUAIAN], jobs=1)
    audit_findings = audited[0].result.findings
    assert len(audit_findings) > 3
    [cell] = _first_sheet_cell(audit_ledger_bytes(audited), "主要问题")
    assert cell.split("\n")[-1] == f"……另有 {len(audit_findings) - 3} 项，见“问题清单”"
    assert len(cell.split("\n")) == 4  # three messages, each on one line here, then the count
