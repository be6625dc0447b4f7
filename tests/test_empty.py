"""An untouched return is not a return, a report is not compiled with blank sections, and the
friction a first-time coordinator meets: next steps, a first year without --previous, stale
annotated copies, where a round's reports go, a round checked without the department list.

Every case runs the real command on real workbooks (one returned untouched from LibreOffice)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.utils.protection import hash_password

from report_kit.api import load_submission, make_workbook
from report_kit.form import FORM
from tests.helpers import department_data, edit_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "2024-某某市生态环境局.xlsx"
UNTOUCHED = ("填报表未填写：表二、表三、表四的数字全部为 0，文字内容也全部空白，像是原样退回的。"
             "请填写后重新报送（数字确实全部为 0 的，也要写好文字内容）。")
FIRST_YEAR = ("第一年使用本工具时没有上年回收的填报表，不加 --previous 即可"
              "（“二、上年结转政府信息公开申请数量”由各部门自己填写）。")


def report_kit(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def roster(folder: Path, names: list[str]) -> Path:
    path = folder / "名单.csv"
    path.write_text("部门名称\n" + "".join(f"{n}\n" for n in names), encoding="utf-8")
    return path


def zero_with_prose(name: str):
    """A department that truly had nothing to count this year, and wrote so."""
    data = department_data(name)
    data.values = {f.id: 0 * data.values.get(f.id, 0) for f in FORM.inputs}
    data.prose = {f.id: "本年度无相关情况。" for f in FORM.prose}
    return data


def ledger_statuses(path: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path)["报送情况"]
    return {row[1]: row[2] for row in sheet.iter_rows(min_row=5, values_only=True)}


# --- an untouched return ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def returned(office, tmp_path_factory) -> Path:
    """回收/: 甲局 filled in, 乙局 opened in LibreOffice and saved without typing anything,
    丙局 all zero with its prose written."""
    root = tmp_path_factory.mktemp("empty-round")
    roster(root, ["甲局", "乙局", "丙局"])
    returns = root / "回收"
    returns.mkdir()
    (returns / "甲局.xlsx").write_bytes(make_workbook("甲局", 2024, department_data("甲局")))
    sent = root / "乙局-下发.xlsx"
    sent.write_bytes(make_workbook("乙局", 2024))
    office.fill(sent, returns / "乙局.xlsx", [])
    (returns / "丙局.xlsx").write_bytes(make_workbook("丙局", 2024, zero_with_prose("丙局")))
    return root


def test_untouched_return_is_its_own_status_in_the_ledger_and_the_summary(returned):
    done = report_kit("check", "回收", "--departments", "名单.csv", cwd=returned)
    assert done.returncode == 1, done.stderr
    assert ledger_statuses(returned / "报送情况.xlsx") == {"甲局": "通过", "乙局": "未填写", "丙局": "通过"}
    assert f"未填写　 乙局  乙局.xlsx  错误 1 项，提示 0 项\n      · {UNTOUCHED}\n" in done.stdout
    assert "共 3 个部门（收到 3 个文件）：通过 2，仅有提示 0，有错误 0，未填写 1，无法读取 0，未报送 0\n" in done.stdout


def test_untouched_return_checked_alone_exits_1(returned):
    done = report_kit("check", returned / "回收" / "乙局.xlsx", cwd=returned)
    assert done.returncode == 1
    assert done.stdout == f"[错误] F3 {UNTOUCHED}\n乙局.xlsx：未填写（错误 1 项，提示 0 项）\n"
    as_json = json.loads(report_kit("check", returned / "回收" / "乙局.xlsx", "--json", cwd=returned).stdout)
    assert (as_json["ok"], as_json["untouched"], as_json["findings"][0]["rule"]) == (False, True, "F3")


def test_aggregate_leaves_the_untouched_return_out_and_says_why(returned, tmp_path):
    done = report_kit("aggregate", "回收", "--agency", "某某县人民政府", "-o", tmp_path / "汇总.xlsx", cwd=returned)
    assert done.returncode == 0, done.stderr
    assert "已汇总 2 个部门的数据" in done.stdout
    assert f"未纳入汇总 1 个部门：\n  乙局（未填写）：{UNTOUCHED}\n" in done.stdout
    left_out = list(openpyxl.load_workbook(tmp_path / "汇总.xlsx")["未纳入汇总"].iter_rows(min_row=4, values_only=True))
    assert left_out == [("乙局", "乙局.xlsx", "未填写", UNTOUCHED)]


def test_untouched_workbook_made_with_last_years_carry_over_is_still_untouched(tmp_path):
    last = tmp_path / "2024.xlsx"
    last.write_bytes(make_workbook("甲局", 2024, department_data("甲局")))  # carries 4, 1, 0, 0, 0, 1 out
    done = report_kit("make-workbook", "--agency", "甲局", "--year", 2025, "--previous", last, "-o", "甲局.xlsx",
                      cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    checked = report_kit("check", "甲局.xlsx", cwd=tmp_path)
    assert checked.returncode == 1
    assert checked.stdout == f"[错误] F3 {UNTOUCHED}\n甲局.xlsx：未填写（错误 1 项，提示 0 项）\n"  # no R1 over the carry-over


# --- compile and the 文字内容 ---------------------------------------------------------------------

BLANK_TWO = ("“文字内容”表中还有 2 节没有填写，不能编制报告：（一）主动公开情况；"
             "（四）其他有关文件专门要求通过政府信息公开工作年度报告予以报告的事项。请填写后重新编制")


def test_compile_refuses_blank_sections_then_force_writes_a_marked_draft(tmp_path):
    blank = edit_workbook(SAMPLE, tmp_path / "in.xlsx", {"overview_proactive": None, "other_misc": "  "})
    report = tmp_path / "r.docx"
    refused = report_kit("compile", blank, "-o", report, cwd=tmp_path)
    assert refused.returncode == 1 and not report.exists()
    assert refused.stderr == f"{BLANK_TWO}（确需先出草稿可加 --force）。\n"
    forced = report_kit("compile", blank, "-o", report, "--force", cwd=tmp_path)
    assert forced.returncode == 1 and report.exists()
    assert forced.stderr == ("注意：这是按 --force 强制生成的草稿：文字内容有 2 节尚未填写，不能作为正式版本发布。"
                             "报告开头已标明“草稿”。\n")
    document = docx.Document(report)
    first = document.paragraphs[0]
    assert first.text == "草稿：文字内容有 2 节尚未填写，不能作为正式版本发布。"
    assert first.runs[0].bold and str(first.runs[0].font.color.rgb) == "C00000"
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("（一）主动公开情况") + 1] == "【此节尚未填写】"
    assert document.core_properties.title.startswith("（草稿）")


def test_force_with_errors_and_blank_sections_names_both(tmp_path):
    bad = edit_workbook(SAMPLE, tmp_path / "in.xlsx", {"t3_new_natural": 61, "overview_proactive": None})
    forced = report_kit("compile", bad, "-o", tmp_path / "r.docx", "--force", cwd=tmp_path)
    assert forced.returncode == 1
    assert docx.Document(tmp_path / "r.docx").paragraphs[0].text == (
        "草稿：数据有 2 项错误，文字内容有 1 节尚未填写，不能作为正式版本发布。")


def test_a_report_fit_to_publish_carries_no_draft_mark(tmp_path):
    done = report_kit("compile", SAMPLE, "-o", tmp_path / "r.docx", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    document = docx.Document(tmp_path / "r.docx")
    assert not any("草稿" in p.text or "尚未填写" in p.text for p in document.paragraphs)


def test_round_compile_writes_reports_beside_the_returns_and_skips_blank_prose(tmp_path):
    returns = tmp_path / "回收"
    returns.mkdir()
    (returns / "甲局.xlsx").write_bytes(make_workbook("甲局", 2024, department_data("甲局")))
    thin = department_data("丁局")
    thin.prose["overview_intro"] = ""
    (returns / "丁局.xlsx").write_bytes(make_workbook("丁局", 2024, thin))
    done = report_kit("compile", "回收", cwd=tmp_path)
    assert done.returncode == 1
    assert sorted(p.name for p in (tmp_path / "报告").iterdir()) == ["2024年政府信息公开工作年度报告-甲局.docx"]
    assert sorted(p.name for p in returns.iterdir()) == ["丁局.xlsx", "甲局.xlsx"]  # nothing among the returns
    assert f"已生成 1 份报告，输出到“{tmp_path / '报告'}”。" in done.stdout  # in the current folder: said in full
    assert ("未生成报告：丁局.xlsx：“文字内容”表中还有 1 节没有填写，不能编制报告：一、总体情况（总述）。"
            "请填写后重新编制。") in done.stderr
    sheet = openpyxl.load_workbook(tmp_path / "报送情况.xlsx")["报送情况"]
    assert sheet["H5"].value.startswith("“文字内容”表中还有 1 节没有填写")  # 丁局 sorts first
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    again = report_kit("compile", returns, "--ledger", elsewhere / "情况.xlsx", cwd=elsewhere)
    assert f"输出到“{tmp_path / '报告'}”。" in again.stdout and not (elsewhere / "报告").exists()


# --- R8 -----------------------------------------------------------------------------------------

def test_r8_names_both_sides_without_taking_the_tables_side(tmp_path):
    text = load_submission(SAMPLE).prose["overview_requests"].replace("申请95件", "申请26件")
    edited = edit_workbook(SAMPLE, tmp_path / "r8.xlsx", {"overview_requests": text})
    done = report_kit("check", edited, cwd=tmp_path)
    assert ("[提示] R8 文字内容!B6（（二）依申请公开情况）：正文写“2024年共收到政府信息公开申请26件”。"
            "本年新收政府信息公开申请数，正文写的是 26 件，表格（表三!J5）是 95 件，请核对哪一处有误。\n") in done.stdout


# --- make-workbook and a first year -----------------------------------------------------------

def test_make_workbook_ends_with_the_next_step_and_the_password(tmp_path):
    done = report_kit("make-workbook", "--agency", "某某局", "--year", 2025, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == (
        "已生成填报表：2025年政府信息公开工作年度报告填报表-某某局.xlsx\n"
        "工作表保护密码：report-kit（默认密码，可用 --password 另设）。\n"
        "下一步：把填报表发给填报单位填写（Excel、WPS、LibreOffice 均可），收回后检查：\n"
        "  report-kit check 2025年政府信息公开工作年度报告填报表-某某局.xlsx\n")
    spaced = report_kit("make-workbook", "--agency", "某某 局", "--year", 2025, "--password", "s3cret", cwd=tmp_path)
    assert spaced.stdout.splitlines()[1:] == [
        "工作表保护密码：s3cret。", "下一步：把填报表发给填报单位填写（Excel、WPS、LibreOffice 均可），收回后检查：",
        '  report-kit check "2025年政府信息公开工作年度报告填报表-某某 局.xlsx"']
    book = openpyxl.load_workbook(tmp_path / "2025年政府信息公开工作年度报告填报表-某某 局.xlsx")
    assert book["表三"].protection.password == hash_password("s3cret")  # the password printed is the one set


def test_a_missing_previous_folder_says_a_first_year_has_none(tmp_path):
    names = roster(tmp_path, ["甲局"])
    for args in (("make-workbook", "--departments", names, "--previous", "2024回收"),
                 ("make-workbook", "--agency", "甲局", "--previous", "2024回收"),
                 ("check", SAMPLE, "--previous", "2024回收"),
                 ("check", SAMPLE, SAMPLE, "--previous", "2024回收")):
        done = report_kit(*args, cwd=tmp_path)
        assert done.returncode == 2, args
        assert done.stderr.endswith(f"错误：找不到上年数据“2024回收”。{FIRST_YEAR}\n"), args
    assert not (tmp_path / "下发").exists()


# --- annotated copies and the ledger without a list -------------------------------------------

def test_a_passing_return_takes_its_stale_annotated_copy_away(tmp_path):
    returns = tmp_path / "回收"
    returns.mkdir()
    for name in ("甲局", "乙局"):
        blank = tmp_path / f"{name}-下发.xlsx"
        blank.write_bytes(make_workbook(name, 2024, department_data(name)))
        edit_workbook(blank, returns / f"{name}.xlsx", {"t3_new_natural": 61})
    first = report_kit("check", "回收", "--annotate", cwd=tmp_path)
    assert "已生成 2 份标注副本" in first.stdout
    copies = returns / "退回修改"
    assert sorted(p.name for p in copies.iterdir()) == ["乙局.xlsx", "甲局.xlsx"]
    (copies / "说明.xlsx").write_bytes(SAMPLE.read_bytes())  # the coordinator's own file: never touched
    # 乙局 corrects and sends again; 甲局's file is taken out of the folder
    (returns / "乙局.xlsx").write_bytes(make_workbook("乙局", 2024, department_data("乙局")))
    (returns / "甲局.xlsx").unlink()
    second = report_kit("check", "回收", "--annotate", cwd=tmp_path)
    assert second.returncode == 0, second.stdout
    assert ("已生成 0 份标注副本（在各文件旁的“退回修改”文件夹中），可直接发回修改。\n"
            "已删除 2 份过时的标注副本（相应的填报表已通过检查，或已不在文件夹中）。\n") in second.stdout
    assert sorted(p.name for p in copies.iterdir()) == ["说明.xlsx"]


def test_a_single_passing_file_takes_its_stale_copy_away(tmp_path):
    source = edit_workbook(SAMPLE, tmp_path / "甲局.xlsx", {"t3_new_natural": 61})
    assert report_kit("check", source, "--annotate", cwd=tmp_path).returncode == 1
    assert (tmp_path / "退回修改" / "甲局.xlsx").exists()
    source.write_bytes(SAMPLE.read_bytes())
    done = report_kit("check", source, "--annotate", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.endswith(f"已删除过时的标注副本：{tmp_path / '退回修改' / '甲局.xlsx'}\n")
    assert not (tmp_path / "退回修改" / "甲局.xlsx").exists()


def test_a_round_checked_without_the_list_says_who_it_no_longer_lists(tmp_path):
    names = roster(tmp_path, ["甲局", "乙局", "丙局"])
    returns = tmp_path / "回收"
    returns.mkdir()
    (returns / "甲局.xlsx").write_bytes(make_workbook("甲局", 2024, department_data("甲局")))
    with_list = report_kit("check", "回收", "--departments", names, cwd=tmp_path)
    assert ledger_statuses(tmp_path / "报送情况.xlsx") == {"甲局": "通过", "乙局": "未报送", "丙局": "未报送"}
    assert "没有给出部门名单" not in with_list.stderr
    without = report_kit("check", "回收", cwd=tmp_path)
    assert without.returncode == 0
    assert without.stderr.endswith("提示：没有给出部门名单（--departments），报送情况表不会列出未报送的部门；"
                                   "上次的报送情况表中“未报送”的 2 个部门（乙局、丙局）这次不再列出。\n")
    assert ledger_statuses(tmp_path / "报送情况.xlsx") == {"甲局": "通过"}
    again = report_kit("check", "回收", cwd=tmp_path)
    assert again.stderr.endswith("提示：没有给出部门名单（--departments），报送情况表不会列出未报送的部门。\n")


def test_next_step_after_aggregate_is_a_command_to_paste(tmp_path):
    returns = tmp_path / "回收"
    returns.mkdir()
    (returns / "甲局.xlsx").write_bytes(make_workbook("甲局", 2024, department_data("甲局")))
    done = report_kit("aggregate", "回收", "--agency", "某某县", "-o", "汇总 2024.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("下一步：在汇总表中填写基本信息和“文字内容”后，编制本级报告：\n"
                                '  report-kit compile "汇总 2024.xlsx"\n')
