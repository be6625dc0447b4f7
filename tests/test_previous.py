"""Last year's data (previous.py) and the round's own findings (round/rows.py): one way in for last
year's files, read and not checked; D1–D5 on the rows, each file's check left as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report_kit.api import compile_report, load_submission, make_workbook
from report_kit.checker import check
from report_kit.cli import main
from report_kit.errors import UnusableInput
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
