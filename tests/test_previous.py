"""Last year's data (previous.py) and the round's own findings (round/rows.py): one way in for last
year's files, read and not checked; D1–D5 on the rows, each file's check left as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from report_kit.api import compile_report, load_submission, make_workbook
from report_kit.checker import check
from report_kit.cli import main
from report_kit.errors import UnusableInput
from report_kit.form import FORM
from report_kit.previous import load_previous
from report_kit.round.checking import check_file
from report_kit.round.operations import check_round, compile_round
from report_kit.round.rows import assemble
from tests.helpers import department_data

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "2024-某某市生态环境局.xlsx"
AGENCY = "某某市生态环境局"
R6_NATURAL = "· 表三“自然人”列：本年“二、上年结转”应等于上年“四、结转下年度继续办理”：本年 表三!D6 为 3，按上年数据应为 9"


def _last_year_report(folder: Path) -> Path:
    """The sample as last year's published report (.docx) whose 四、结转下年度继续办理 / 自然人 is 9,
    where this year's 二、上年结转 says 3. Its own sums no longer hold: last year's data is read, not checked."""
    data = load_submission(SAMPLE)
    data.facts["year"] = 2023
    data.values["t3_carried_out_natural"] = 9
    path = folder / "2023年政府信息公开工作年度报告-某某市生态环境局.docx"
    path.write_bytes(compile_report(data, force=True).docx)
    return path


def test_a_folder_of_last_years_reports_serves_a_round_and_a_return_wins_over_a_report(tmp_path, capsys):
    returns, last_year = tmp_path / "回收", tmp_path / "2023"
    returns.mkdir()
    last_year.mkdir()
    shutil.copy(SAMPLE, returns / SAMPLE.name)
    _last_year_report(last_year)
    (last_year / "通知.txt").write_text("not last year's data", encoding="utf-8")  # neither a return nor a report
    code = main(["check", str(returns), "--previous", str(last_year), "--ledger", str(tmp_path / "l.xlsx")])
    out = capsys.readouterr()
    assert code == 1 and R6_NATURAL in out.out and "上年数据未能使用" not in out.err, out
    # last year's return of the same agency beside its report: the return's exact figures are used
    data = load_submission(SAMPLE)
    data.facts["year"] = 2023
    data.values.update({f"t3_carried_out_{col}": data.values[f"t3_carried_in_{col}"]
                        for col in ("natural", "business", "research", "nonprofit", "legal", "other")})
    (last_year / "甲.xlsx").write_bytes(make_workbook(AGENCY, 2023, data))
    previous = load_previous([last_year])
    assert Path(previous.get(AGENCY).source).name == "甲.xlsx" and previous.problems == ()
    code = main(["check", str(returns), "--previous", str(last_year), "--ledger", str(tmp_path / "l.xlsx")])
    out = capsys.readouterr()
    assert code == 0 and "错误 0 项" in out.out and "上年“四、结转下年度继续办理”" not in out.out, out


def test_one_agency_missing_from_last_years_folder(tmp_path, capsys):
    folder = tmp_path / "2023"
    folder.mkdir()
    (folder / "乙局.xlsx").write_bytes(make_workbook("乙局", 2023, department_data("乙局")))
    code = main(["check", str(SAMPLE), "--previous", str(folder)])
    assert code == 2
    assert capsys.readouterr().err == f"错误：“{folder}”中没有“{AGENCY}”的上年数据。\n"


def test_the_year_mismatch_is_one_sentence_for_check_and_for_the_carry_over(tmp_path):
    old = tmp_path / "old.xlsx"
    old.write_bytes(make_workbook("甲局", 2022, department_data("甲局")))
    last = load_submission(old)
    r9 = [f.message for f in check(department_data("甲局"), last).findings if f.code == "R9"]
    with pytest.raises(UnusableInput) as refused:
        make_workbook("甲局", 2024, previous=last)
    assert r9 == [str(refused.value)] == ["上年数据“old.xlsx”是 2022 年的，而报告年度是 2024 年，应使用 2023 年的数据。"]


def test_round_findings_are_on_the_rows_and_each_files_check_is_left_as_it_was(tmp_path):
    for name in ("a.xlsx", "b.xlsx"):  # one department, two files: D1 on both rows
        (tmp_path / name).write_bytes(make_workbook("甲局", 2024, department_data("甲局")))
    files = sorted(tmp_path.glob("*.xlsx"))
    round_ = check_round(files, jobs=1)
    assert [row.status.value for row in round_.rows] == ["有错误", "有错误"]
    assert [[f.code for f in row.findings if f.code.startswith("D")] for row in round_.rows] == [["D1"], ["D1"]]
    for row in round_.rows:
        alone = check_file(row.outcome.path)
        assert row.outcome.result.findings == alone.result.findings  # nothing added to the file's check
        assert row.findings == alone.result.findings + list(row.round_findings)
    again = assemble([row.outcome for row in round_.rows])  # assembled twice: said once, not twice
    assert [row.findings for row in again.rows] == [row.findings for row in round_.rows]
    assert compile_round(round_, out_dir=tmp_path, jobs=1) == []  # D1 is an error: nothing to compile


# --- Last year's data must be the agency's own, of the year before ---------------------------------

PUBLISHED = ROOT / "tests" / "data" / "published"
RENAMED = ("请改用“{agency}”自己的上年数据；如果机关确实更名了，可先把上年数据导出为 JSON（填报表用 report-kit export，"
           "已发布的报告用 report-kit import），把其中的机关名称（agency）改为“{agency}”，再用 --previous 指定这个 JSON 文件。")


def _return(path: Path, agency: str, year: int, penalty: int = 356) -> Path:
    data = department_data(agency, penalty)
    data.facts["year"] = year
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(make_workbook(agency, year, data))
    return path


@pytest.mark.parametrize("command", ["check", "compile", "make-workbook"])
def test_another_agencys_file_is_refused_by_every_command(tmp_path, capsys, command):
    last = _return(tmp_path / "上年" / "人社局.xlsx", "某某县人力资源和社会保障局", 2024)
    this = _return(tmp_path / "教育局.xlsx", "某某县教育局", 2025)
    args = ["--agency", "某某县教育局", "--year", "2025", "-o", str(tmp_path / "新.xlsx")] \
        if command == "make-workbook" else [str(this)]
    code = main([command, *args, "--previous", str(last)])
    assert code == 2 and not (tmp_path / "新.xlsx").exists()
    assert capsys.readouterr().err == (
        "错误：上年数据“人社局.xlsx”是“某某县人力资源和社会保障局”的，而本年的机关是“某某县教育局”，"
        "不能用于跨年核对或结转。" + RENAMED.format(agency="某某县教育局") + "\n")


def test_the_way_on_for_a_renamed_agency_is_an_exported_json_with_the_new_name(tmp_path, capsys):
    last = _return(tmp_path / "上年" / "教委.xlsx", "某某县教育委员会", 2024)
    this = _return(tmp_path / "教育局.xlsx", "某某县教育局", 2025)
    assert main(["check", str(this), "--previous", str(last)]) == 2
    exported = tmp_path / "上年.json"
    assert main(["export", str(last), "-o", str(exported)]) == 0
    exported.write_text(exported.read_text(encoding="utf-8").replace("某某县教育委员会", "某某县教育局"),
                        encoding="utf-8")
    capsys.readouterr()
    code = main(["check", str(this), "--previous", str(exported)])
    out = capsys.readouterr()
    assert code == 1 and "[错误] R6 表三“自然人”列" in out.out, out  # compared: last year's carry-out differs


def test_names_match_after_cleaning_or_when_one_contains_the_other(tmp_path, capsys):
    from report_kit.previous import same_agency

    assert same_agency("某某县\u3000教育局", "某某县教育局") and same_agency("ＡＢ县教育局", "AB县教育局")
    assert same_agency("平潭综合实验区", "平潭综合实验区管理委员会") and same_agency("", "某某县教育局")
    assert not same_agency("某某县人社局", "某某县教育局")
    # a published report titled 平潭综合实验区 is last year's data of 平潭综合实验区管理委员会: compared
    this = _return(tmp_path / "平潭.xlsx", "平潭综合实验区管理委员会", 2025)
    code = main(["check", str(this), "--previous", str(PUBLISHED / "pingtan_gov_2024.html")])
    out = capsys.readouterr()
    assert code == 1 and "[错误] R6 " in out.out and "上年数据“" not in out.err, out


def test_a_folder_never_pairs_different_agencies(tmp_path, capsys):
    last_year = tmp_path / "上年"
    _return(last_year / "县政府.xlsx", "某某县", 2024)  # contains nobody's name but its own
    _return(last_year / "人社局.xlsx", "某某县人社局", 2024)
    returns = tmp_path / "回收"
    _return(returns / "教育局.xlsx", "某某县教育局", 2025)
    assert load_previous([last_year]).get("某某县教育局") is None
    code = main(["check", str(returns / "教育局.xlsx"), "--previous", str(last_year)])
    assert code == 2 and capsys.readouterr().err == f"错误：“{last_year}”中没有“某某县教育局”的上年数据。\n"
    code = main(["check", str(returns), "--previous", str(last_year), "--ledger", str(tmp_path / "l.xlsx")])
    out = capsys.readouterr().out
    assert code == 0 and "错误 0 项，提示 1 项" in out and "上年“四、" not in out and "上年数据" not in out, out


def test_last_years_data_of_another_year_is_named_and_never_compared(tmp_path, capsys):
    two_years_ago = _return(tmp_path / "2023.xlsx", "某某县教育局", 2023)
    this = _return(tmp_path / "2025.xlsx", "某某县教育局", 2025)
    hint = "上年数据“2023.xlsx”是 2023 年的，而报告年度是 2025 年，应使用 2024 年的数据。"
    # the library: one R9 hint, no R6/R7 (the sample's carry-out differs from its carry-in: R6 would speak)
    found = check(load_submission(this), load_submission(two_years_ago)).findings
    assert [f.message for f in found if f.code in ("R6", "R7") or f.message == hint] == [hint]
    for command in ("check", "compile"):  # one file named: refused, as make-workbook does
        assert main([command, str(this), "--previous", str(two_years_ago)]) == 2
        assert capsys.readouterr().err == f"错误：{hint}\n"


def test_a_workbooks_own_baseline_of_another_year_is_named_and_never_compared(tmp_path):
    from report_kit.workbook.writer import build_workbook

    data = department_data("甲局")  # 2024
    data.baseline = {i: 99 for i in FORM.baseline_fields}
    data.baseline_year = 2022
    path = tmp_path / "甲局.xlsx"
    path.write_bytes(build_workbook(data))
    read = load_submission(path)
    assert read.baseline_year == 2022
    found = [f for f in check(read).findings if f.code in ("R6", "R7") or "上年数据" in f.message]
    assert [f.message for f in found] == ["上年数据“填报表中记录的上年数据”是 2022 年的，而报告年度是 2024 年，应使用 2023 年的数据。"]
    read.baseline_year = 2023  # the same numbers of the year before are compared
    assert {f.code for f in check(read).findings} >= {"R6", "R7"}


def test_audit_refuses_a_previous_of_another_agency_or_year_and_a_batch_says_which_it_skipped(tmp_path, capsys):
    huaian, pingtan = PUBLISHED / "huaian_hongze_2023.pdf", PUBLISHED / "pingtan_gov_2024.html"
    assert main(["audit", str(pingtan), "--previous", str(pingtan)]) == 2
    assert capsys.readouterr().err == "错误：上年数据“pingtan_gov_2024.html”是 2024 年的，而报告年度是 2024 年，应使用 2023 年的数据。\n"
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(huaian, folder / huaian.name)
    shutil.copy(pingtan, folder / pingtan.name)
    code = main(["audit", str(folder), "--previous", str(pingtan)])
    out = capsys.readouterr()
    assert code == 1 and "已与上年报告" not in out.out, out
    # one line for the folder, not one per report
    assert [line for line in out.err.splitlines() if line.startswith("提示：上年数据")] == [
        "提示：上年数据“pingtan_gov_2024.html”不是所审核的任何一份报告的机关上一年度的数据，未用于跨年核对；"
        "文件夹内同一机关相邻年度的报告仍配对核对。"]
    exported = tmp_path / "洪泽2022.json"  # 洪泽's report read as data, and called the year before's
    assert main(["import", str(huaian), "-o", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["facts"]["year"] = 2022
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    main(["audit", str(folder), "--previous", str(exported)])
    out = capsys.readouterr()
    assert [line for line in out.err.splitlines() if line.startswith("提示：上年数据")] == [
        "提示：上年数据“洪泽2022.json”用于 1 份报告的跨年核对：huaian_hongze_2023.pdf；其余报告不是它的机关或下一年度的，"
        "按文件夹内同一机关上一年度的报告核对（有的话）。"]
    assert "huaian_hongze_2023.pdf（洪泽区人民政府 2023年）" in out.out and "已与上年报告 洪泽2022.json 核对" in out.out


def test_audit_says_which_report_it_paired_instead_of_a_previous_that_does_not_fit(tmp_path, capsys):
    """A report whose own report of the year before is among the files is paired with that one; the
    --previous that fits none of them is said once, and never as if nothing was compared."""
    folder = tmp_path / "reports"
    folder.mkdir()
    pingtan = PUBLISHED / "pingtan_gov_2024.html"
    shutil.copy(pingtan, folder / pingtan.name)
    (folder / "pingtan_2023.html").write_text(pingtan.read_text(encoding="utf-8").replace("2024", "2023"),
                                              encoding="utf-8")
    main(["audit", str(folder), "--previous", str(PUBLISHED / "huaian_hongze_2023.pdf")])
    out = capsys.readouterr()
    assert [line for line in out.err.splitlines() if line.startswith("提示：")] == [
        "提示：上年数据“huaian_hongze_2023.pdf”不是所审核的任何一份报告的机关上一年度的数据，未用于跨年核对；"
        "文件夹内同一机关相邻年度的报告仍配对核对。"]
    assert "pingtan_gov_2024.html（平潭综合实验区 2024年）" in out.out
    assert "已与上年报告 pingtan_2023.html 核对" in out.out  # paired within the folder, and said so


def test_a_return_of_another_year_is_an_error_not_compiled_and_left_out_of_the_summary(tmp_path, capsys):
    returns = tmp_path / "回收"
    _return(returns / "甲局.xlsx", "甲局", 2025)
    _return(returns / "乙局.xlsx", "乙局", 2025, penalty=1)
    _return(returns / "丙局.xlsx", "丙局", 2024)  # last year's return sent again, the same figures as 甲局's
    d5 = ("报告年度是 2024 年，而本轮其他 2 份填报表是 2025 年：这不是本轮的报送（是否交错了文件？），不编制报告，"
          "也不计入汇总。该部门仍需报送 2025 年的填报表。")
    owed = "；其中 1 个部门交来的是其他年度的填报表，仍需报送 2025 年的：丙局"
    round_ = check_round(sorted(returns.iterdir()), jobs=1)
    row = next(r for r in round_.rows if r.department == "丙局")
    assert (row.status.value, row.messages(1)) == ("有错误", [d5]) and not round_.ok
    assert round_.summary().endswith(owed)
    code = main(["compile", str(returns), "--out-dir", str(tmp_path / "报告"), "--ledger", str(tmp_path / "l.xlsx")])
    out = capsys.readouterr().out
    assert code == 1 and f"      · {d5}" in out and out.count("已生成 2 份报告") == 1, out
    assert sorted(p.name for p in (tmp_path / "报告").iterdir()) == [
        "2025年政府信息公开工作年度报告-乙局.docx", "2025年政府信息公开工作年度报告-甲局.docx"]
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "l.xlsx")["报送情况"]
    assert sheet["A2"].value.startswith("共 3 个部门（收到 3 个文件）：通过 0，仅有提示 2，有错误 1，未填写 0，无法读取 0（生成时间 ")
    assert sheet["A3"].value == owed.lstrip("；") and "A3:G3" in sheet.merged_cells  # wrapped over the table's width
    ledger_row = next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1] == "丙局")
    assert (ledger_row[2], ledger_row[6], ledger_row[7]) == ("有错误", d5, "")
    assert main(["aggregate", str(returns), "--agency", "某某县人民政府", "-o", str(tmp_path / "汇总.xlsx")]) == 0
    assert f"未纳入汇总 1 个部门：\n  丙局（有错误）：{d5}\n" in capsys.readouterr().out


def test_last_years_return_beside_this_years_is_no_duplicate_but_must_go(tmp_path):
    returns = tmp_path / "回收"
    _return(returns / "甲局.xlsx", "甲局", 2025, penalty=1)
    _return(returns / "乙局.xlsx", "乙局", 2025, penalty=2)
    _return(returns / "乙局2024.xlsx", "乙局", 2024, penalty=2)
    round_ = check_round(sorted(returns.iterdir()), jobs=1)
    rows = {row.file: row for row in round_.rows}
    assert rows["乙局.xlsx"].round_findings == ()  # no D1: the 2024 file is not a second return of this round
    assert rows["乙局2024.xlsx"].messages() == [
        "报告年度是 2024 年，而本轮是 2025 年：这不是本轮的报送，该部门的 2025 年填报表是“乙局.xlsx”。请把这个文件移出文件夹。"]
    assert not round_.ok and "仍需报送" not in round_.summary()


def test_in_last_years_folder_the_file_of_the_year_before_wins(tmp_path, capsys):
    last_year = tmp_path / "2024回收"
    _return(last_year / "a-教育局.xlsx", "某某县教育局", 2024, penalty=1)  # the one sent again, corrected
    _return(last_year / "b-教育局.xlsx", "某某县教育局", 2023, penalty=2)  # sent by mistake, sorted after it
    previous = load_previous([last_year])
    assert [load.year for load in previous.by_agency["某某县教育局"]] == [2024, 2023]
    assert previous.get("某某县教育局", 2025).year == 2024 and previous.get("某某县教育局", 2024).year == 2023
    assert previous.get("某某县 教育局").year == 2023  # no year asked: the last read, as before
    (tmp_path / "名单.csv").write_text("部门名称\n某某县教育局\n", encoding="utf-8")
    code = main(["make-workbook", "--departments", str(tmp_path / "名单.csv"), "--year", "2025",
                 "--previous", str(last_year), "--out-dir", str(tmp_path / "下发")])
    assert code == 0 and "其中 1 份已按上年数据预填" in capsys.readouterr().out
    made = load_submission(tmp_path / "下发" / "2025年政府信息公开工作年度报告填报表-某某县教育局.xlsx")
    assert made.baseline_year == 2024


def test_on_a_tie_of_years_the_later_is_the_rounds(tmp_path):
    """Early in a round: one department's 2025 return and another's stale 2024 file. The stale one is
    the error, not the return of this year."""
    returns = tmp_path / "回收"
    _return(returns / "甲局.xlsx", "甲局", 2024)
    _return(returns / "乙局.xlsx", "乙局", 2025, penalty=1)
    round_ = check_round(sorted(returns.iterdir()), jobs=1)
    status = {row.department: row.status.value for row in round_.rows}
    assert status == {"甲局": "有错误", "乙局": "仅有提示"}  # 乙局: an R9 提示 on its prose
    [stale] = [r for r in round_.rows if r.department == "甲局"]
    assert stale.messages(1) == ["报告年度是 2024 年，而本轮其他 1 份填报表是 2025 年：这不是本轮的报送（是否交错了文件？），"
                                 "不编制报告，也不计入汇总。该部门仍需报送 2025 年的填报表。"]
