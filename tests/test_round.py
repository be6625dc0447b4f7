"""A department round end to end: a folder of returns (some saved by a real LibreOffice, one with
errors, one unreadable, one department missing, one department twice, two copying each other)
-> ledger rows, terminal summary, annotated copies, and the 汇总."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from report_kit.api import make_workbook
from report_kit.form import FORM
from tests.helpers import department_data, edit_workbook, office_cells

ROSTER = ["甲局", "乙局", "丙局", "丁局", "戊局", "己局", "庚局"]


def report_kit(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


@pytest.fixture(scope="module")
def round_folder(office, tmp_path_factory) -> Path:
    """回收/ as a coordinator finds it after the deadline, plus 名单.csv beside it."""
    root = tmp_path_factory.mktemp("round")
    (root / "名单.csv").write_text("序号,部门名称\n" + "".join(f"{i},{n}\n" for i, n in enumerate(ROSTER, 1)),
                                   encoding="gb18030")  # as Excel in China saves CSV
    returns = root / "回收"
    returns.mkdir()
    sent = root / "下发"
    sent.mkdir()
    for i, name in enumerate(("甲局", "乙局")):
        blank = sent / f"{name}.xlsx"
        blank.write_bytes(make_workbook(name, 2024, department_data(name, penalty=100 + i)))
        typed = {"phone": "0537-1234567"} if name == "甲局" else {"t3_new_natural": 70}
        office.fill(blank, returns / f"2024年政府信息公开工作年度报告填报表-{name}.xlsx", office_cells(typed))
    (returns / "2024年政府信息公开工作年度报告填报表-丙局.xlsx").write_bytes(
        make_workbook("丙局", 2024, department_data("丙局"))[:4000])  # cut off by a mail gateway
    for suffix in ("", "(1)"):
        (returns / f"戊局{suffix}.xlsx").write_bytes(make_workbook("戊局", 2024, department_data("戊局", 300)))
    copied = department_data("己局", penalty=7)
    (returns / "己局.xlsx").write_bytes(make_workbook("己局", 2024, copied))
    (returns / "庚局.xlsx").write_bytes(make_workbook("庚局", 2024, copied))
    (returns / "~$己局.xlsx").write_bytes(b"owner file Excel leaves while the workbook is open")
    return root


@pytest.fixture(scope="module")
def checked(round_folder):
    done = report_kit("check", "回收", "--departments", "名单.csv", "--annotate", cwd=round_folder)
    return round_folder, done


def ledger_rows(path: Path) -> list[tuple]:
    sheet = openpyxl.load_workbook(path)["报送情况"]
    return [row[:6] for row in sheet.iter_rows(min_row=5, values_only=True)]


def test_ledger_has_one_row_per_department_and_file(checked):
    root, done = checked
    assert done.returncode == 1, done.stderr
    assert ledger_rows(root / "报送情况.xlsx") == [
        (1, "甲局", "通过", 0, 0, "2024年政府信息公开工作年度报告填报表-甲局.xlsx"),
        (2, "乙局", "有错误", 2, 1, "2024年政府信息公开工作年度报告填报表-乙局.xlsx"),
        (3, "丙局", "无法读取", 0, 0, "2024年政府信息公开工作年度报告填报表-丙局.xlsx"),
        (4, "丁局", "未报送", 0, 0, ""),
        (5, "戊局", "有错误", 1, 0, "戊局(1).xlsx"),
        (6, "戊局", "有错误", 1, 0, "戊局.xlsx"),
        (7, "己局", "仅有提示", 0, 1, "己局.xlsx"),
        (8, "庚局", "仅有提示", 0, 1, "庚局.xlsx"),
    ]


def test_terminal_summary_names_each_problem(checked):
    root, done = checked
    out = done.stdout
    assert "共 7 个部门（收到 7 个文件）：通过 1，仅有提示 2，有错误 2，未填写 0，无法读取 1，未报送 1" in out
    assert ("表三“自然人”列：一 + 二 = （七）总计 + 四：一+二 = 73（70 + 3），应等于（七）总计+四 = 63（59 + 4），"
            "相差 10。") in out
    assert "“2024年政府信息公开工作年度报告填报表-丙局.xlsx”已损坏" in out
    assert "“戊局”报送了 2 个文件（戊局(1).xlsx、戊局.xlsx），无法确定以哪个为准。" in out
    assert "与“庚局”（庚局.xlsx）报送的数字和文字完全相同，请核实是否抄报。" in out
    assert "未报送　 丁局" in out and "~$" not in out
    assert f"报送情况表：{root / '报送情况.xlsx'}\n" in out  # in full: it lands where the run was started
    assert "已生成 5 份标注副本（在“回收/退回修改”中），可直接发回修改。\n" in out


def test_annotated_copies_mark_the_cells_and_keep_the_protection(checked):
    root, _ = checked
    original = root / "回收" / "2024年政府信息公开工作年度报告填报表-乙局.xlsx"
    copy = root / "回收" / "退回修改" / original.name
    assert sorted(p.name for p in copy.parent.iterdir()) == sorted(
        [original.name, "戊局(1).xlsx", "戊局.xlsx", "己局.xlsx", "庚局.xlsx"])
    before, after = openpyxl.load_workbook(original), openpyxl.load_workbook(copy)
    cell = FORM.field("t3_new_natural")
    marked = after[cell.sheet][cell.cell]
    assert marked.comment.text.startswith("【错误】表三“自然人”列：一 + 二 = （七）总计 + 四：一+二 = 73（70 + 3）")
    assert marked.fill.fgColor.rgb.endswith("FFC7CE")
    assert marked.protection.locked is False  # still an input the department can correct
    total = FORM.field("t3_handled_total_natural")
    assert after[total.sheet][total.cell].protection.locked is True
    for sheet in FORM.sheets:
        assert after[sheet.name].protection.sheet == before[sheet.name].protection.sheet is True
        assert after[sheet.name].protection.password == before[sheet.name].protection.password
    assert set(after.defined_names) == set(before.defined_names)
    assert after.sheetnames[0] == "退回意见" and after.active.title == "退回意见"
    notes = [row for row in after["退回意见"].iter_rows(min_row=5, values_only=True)]
    assert [row[1] for row in notes] == ["错误", "错误", "提示"]


def test_annotation_never_touches_the_original_or_weakens_it(tmp_path):
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(make_workbook("己局", 2024, department_data("己局")))
    source = edit_workbook(blank, tmp_path / "己局.xlsx", {"t2_penalty": "七十"})
    before = source.read_bytes()
    done = report_kit("check", source, "--annotate", cwd=tmp_path)
    assert done.returncode == 1 and f"已生成标注副本：{tmp_path / '退回修改' / '己局.xlsx'}" in done.stdout
    assert source.read_bytes() == before
    copy = openpyxl.load_workbook(tmp_path / "退回修改" / "己局.xlsx")
    assert copy.security.lockStructure and copy.security.workbookPassword == "A683"
    cell = FORM.field("t2_penalty")
    assert copy[cell.sheet][cell.cell].comment.text == (
        "【错误】表二!B11（第二十条第（六）项 行政处罚 / 本年处理决定数量）：“七十”不是数字。此处只填数字，文字说明请写在“文字内容”表的相应小节。")


def test_the_department_corrects_the_annotated_copy_in_libreoffice(checked, office, tmp_path):
    root, _ = checked
    copy = root / "回收" / "退回修改" / "2024年政府信息公开工作年度报告填报表-乙局.xlsx"
    fixed = tmp_path / copy.name
    outcome = office.fill(copy, fixed, office_cells({"t3_new_natural": 60}))
    assert outcome["refused"] == []
    done = report_kit("check", fixed, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "通过（错误 0 项，提示 0 项）" in done.stdout


def test_compile_batch_writes_reports_for_usable_returns_only(checked):
    root, _ = checked
    done = report_kit("compile", "回收", "--departments", "名单.csv", "--out-dir", "报告", "--ledger", "编制情况.xlsx",
                      cwd=root)
    assert done.returncode == 1
    assert sorted(p.name for p in (root / "报告").iterdir()) == [
        "2024年政府信息公开工作年度报告-己局.docx", "2024年政府信息公开工作年度报告-庚局.docx",
        "2024年政府信息公开工作年度报告-甲局.docx"]
    sheet = openpyxl.load_workbook(root / "编制情况.xlsx")["报送情况"]
    assert sheet["H5"].value == "2024年政府信息公开工作年度报告-甲局.docx" and sheet["H6"].value in ("", None)


def test_aggregate_sums_the_accepted_returns(checked, office, tmp_path):
    root, _ = checked
    done = report_kit("aggregate", "回收", "--agency", "某某县人民政府", "--departments", "名单.csv",
                      "-o", tmp_path / "汇总.xlsx", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "已汇总 3 个部门的数据" in done.stdout
    from report_kit.checker import check
    from report_kit.api import load_submission

    parts = [load_submission(root / "回收" / name).computed() for name in
             ("2024年政府信息公开工作年度报告填报表-甲局.xlsx", "己局.xlsx", "庚局.xlsx")]
    summed = load_submission(tmp_path / "汇总.xlsx")
    computed = summed.computed()
    for f in FORM.numbers:
        assert computed[f.id] == sum(p[f.id] for p in parts), f.id
    assert computed["t2_penalty"] == 100 + 7 + 7
    result = check(summed)
    assert [f for f in result.findings if f.code.startswith("R")] == []
    book = openpyxl.load_workbook(tmp_path / "汇总.xlsx")
    assert all(book[f.sheet][f.cell].protection.locked for f in FORM.inputs)
    assert book["分部门明细"]["C3"].value == "汇总" and [c.value for c in book["分部门明细"][3][3:]] == ["甲局", "己局", "庚局"]
    left_out = [row[:3] for row in book["未纳入汇总"].iter_rows(min_row=4, values_only=True)]
    # one row per department: 戊局 sent two files, both named in its row; 3 + 4 = the 7 departments
    assert sorted(left_out) == sorted([("乙局", "2024年政府信息公开工作年度报告填报表-乙局.xlsx", "有错误"),
                                       ("丙局", "2024年政府信息公开工作年度报告填报表-丙局.xlsx", "无法读取"),
                                       ("丁局", "", "未报送"), ("戊局", "戊局(1).xlsx\n戊局.xlsx", "有错误")])
    assert book["未纳入汇总"]["A1"].value == "未纳入汇总的部门（4 个）"
    assert "未纳入汇总 4 个部门（其中 1 个部门报送了不止一个文件，按一个部门计）：\n" in done.stdout
    assert "\n  戊局（有错误，2 个文件）：“戊局”报送了 2 个文件（戊局(1).xlsx、戊局.xlsx）" in done.stdout
    assert done.stdout.endswith("下一步：在汇总表中填写基本信息和“文字内容”后，编制本级报告：\n"
                                f"  report-kit compile {tmp_path / '汇总.xlsx'}\n")
    report = tmp_path / "2024年政府信息公开工作年度报告-某某县人民政府.docx"
    refused = report_kit("compile", tmp_path / "汇总.xlsx", cwd=tmp_path)  # step 4 skipped: prose not yet written
    assert refused.returncode == 1 and not report.exists()
    assert refused.stderr.startswith("“文字内容”表中还有 12 节没有填写，不能编制报告：一、总体情况（总述）；（一）主动公开情况；")
    office.fill(tmp_path / "汇总.xlsx", tmp_path / "汇总（已填写）.xlsx",
                office_cells({f.id: f"{f.row_label}：全县汇总情况。" for f in FORM.prose}))
    compiled = report_kit("compile", tmp_path / "汇总（已填写）.xlsx", "-o", report, cwd=tmp_path)
    assert compiled.returncode == 0 and report.exists(), compiled.stdout + compiled.stderr


def test_annotation_finds_cells_that_moved_when_rows_were_inserted(office, tmp_path):
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(make_workbook("辛局", 2024, department_data("辛局")))
    moved = tmp_path / "辛局.xlsx"
    office.fill(blank, moved, office_cells({"t3_new_natural": 70}) + [
        {"action": "unprotect", "sheet": "表三", "password": "report-kit"},
        {"action": "insert_rows", "sheet": "表三", "row": 4, "count": 2}])
    done = report_kit("check", moved, "--annotate", cwd=tmp_path)
    assert done.returncode == 1 and "已生成标注副本" in done.stdout, done.stdout
    sheet = openpyxl.load_workbook(tmp_path / "退回修改" / "辛局.xlsx")["表三"]
    assert sheet["D7"].value == 70 and sheet["D7"].comment.text.startswith("【错误】表三“自然人”列")
    assert sheet["D5"].comment is None
