"""Workbooks out to a department list, last year carried in, and the batch machinery itself."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from report_kit.round.discovery import find_inputs
from report_kit.checker import check
from report_kit.errors import OutputError, UnusableInput
from report_kit.round.ledger import ledger_bytes, save_ledger
from report_kit.api import load_submission, make_workbook
from report_kit.round.roster import read_roster
from report_kit.previous import load_previous
from report_kit.round.operations import check_round, make_workbooks
from report_kit.form import FORM
from tests.helpers import department_data, edit_workbook

HOSTILE = ['=HYPERLINK("http://evil","点我")', "+1办公室", "-2局", "@某某中心"]


def report_kit(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def test_one_locked_workbook_per_department_and_names_stay_text(tmp_path):
    with (tmp_path / "名单.csv").open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([["部门名称"], ["某某市生态环境局"]] + [[n] for n in HOSTILE])
    done = report_kit("make-workbook", "--departments", "名单.csv", "--out-dir", "下发", "--year", "2025", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (  # the folder in full: a bare "下发" would not say where the run was started
        f"已在“{tmp_path / '下发'}”中生成 5 份 2025 年填报表。\n"
        "工作表保护密码：report-kit（默认密码，可用 --password 另设）。\n"
        f"下一步：把“{tmp_path / '下发'}”中的填报表分别发给各部门（文件名带有部门名称）；收回后放进一个文件夹（如 回收），一次检查全部：\n"
        "  report-kit check 回收 --departments 名单.csv --annotate\n")
    files = sorted(p.name for p in (tmp_path / "下发").iterdir())
    assert files == sorted(f"2025年政府信息公开工作年度报告填报表-{n}.xlsx" for n in
                           ["某某市生态环境局", '=HYPERLINK(_http___evil_,_点我_)', "+1办公室", "-2局", "@某某中心"])
    agency = FORM.field("agency")
    for name in HOSTILE:
        path = next(p for p in (tmp_path / "下发").iterdir() if name[1:4] in p.name)
        cell = openpyxl.load_workbook(path)[agency.sheet][agency.cell]
        assert (cell.value, cell.data_type, cell.protection.locked) == (name, "s", True)
        assert load_submission(path).agency == name


def test_existing_workbooks_are_not_overwritten_and_clashing_names_are_refused(tmp_path):
    roster = read_roster(_csv(tmp_path, ["甲局", "乙局"]))
    make_workbooks(roster, tmp_path, year=2025)
    with pytest.raises(OutputError, match="已有 2 个同名填报表.*--overwrite"):
        make_workbooks(roster, tmp_path, year=2025)
    clash = read_roster(_csv(tmp_path, ["甲/局", "甲_局"]))
    with pytest.raises(OutputError, match="“甲/局”、“甲_局”"):
        make_workbooks(clash, tmp_path, year=2025)


def _csv(folder: Path, names: list[str]) -> Path:
    path = folder / "名单.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([n] for n in names)
    return path


def test_previous_year_is_carried_in_locked_and_checked_without_passing_it_again(tmp_path):
    last_year = tmp_path / "2024"
    last_year.mkdir()
    data = department_data("甲局")  # 2024: carried out 4, 1, 0, 0, 0, 1; normative in force 38
    (last_year / "甲局.xlsx").write_bytes(make_workbook("甲局", 2024, data))
    roster = read_roster(_csv(tmp_path, ["甲局", "乙局"]))
    out = tmp_path / "下发"
    out.mkdir()
    made = make_workbooks(roster, out, year=2025, previous=load_previous([last_year]))
    assert [(m.department, m.carried_from) for m in made] == [("甲局", "甲局.xlsx"), ("乙局", "")]
    workbook = made[0].path
    book = openpyxl.load_workbook(workbook)
    for now, then in FORM.carried_forward.items():
        f = FORM.field(now)
        cell = book[f.sheet][f.cell]
        assert cell.value == data.computed()[then] and cell.protection.locked, now
    assert any("已按上年报告“四、结转下年度继续办理”预填并锁定" in (c.value or "") for c in book["填表说明"]["A"])
    # R7 from the baseline the workbook carries: 38 in force + 0 issued - 0 repealed, but 40 typed
    filled = edit_workbook(workbook, tmp_path / "filled.xlsx", {"t2_normative_in_force": 40})
    findings = {f.code: f for f in check(load_submission(filled)).findings}
    assert findings["R7"].message == (
        "表二“行政规范性文件”：现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数：本年 表二!D5 为 40，"
        "按上年数据应为 38（上年现行有效件数 38 + 本年制发件数 0 − 本年废止件数 0），相差 2。修订计为制发、失效计为废止时可能不相等，请核实。")
    # Someone unprotects the sheet and changes a carried-in value: R6 still knows last year's
    tampered = edit_workbook(workbook, tmp_path / "tampered.xlsx", {"t3_carried_in_natural": 9})
    assert "R6" in {f.code for f in check(load_submission(tampered)).errors}
    assert "R6" not in {f.code for f in check(load_submission(workbook)).findings}


def test_previous_of_the_wrong_year_is_not_carried(tmp_path):
    (tmp_path / "old.xlsx").write_bytes(make_workbook("甲局", 2022, department_data("甲局")))
    done = report_kit("make-workbook", "--agency", "甲局", "--year", "2025", "--previous", "old.xlsx", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "错误：上年数据“old.xlsx”是 2022 年的，而报告年度是 2025 年，应使用 2024 年的数据。"


def test_roster_from_xlsx_gbk_csv_and_headers(tmp_path):
    book = xlsxwriter.Workbook(tmp_path / "名单.xlsx", {"strings_to_formulas": False})
    sheet = book.add_worksheet()
    for row, values in enumerate([["序号", "单位名称"], [1, "某某市机关事务管理局"], [2, "=SUM(1)"], [3, " 某某市 教育局 "],
                                  [4, "某某市机关事务管理局"]]):
        for col, value in enumerate(values):
            sheet.write(row, col, value) if col == 0 else sheet.write_string(row, col, value)
    sheet.write_formula(5, 1, '="某某市"&"财政局"', None, "某某市财政局")  # a real formula: its result counts
    book.close()
    assert read_roster(tmp_path / "名单.xlsx").names == ("某某市机关事务管理局", "=SUM(1)", "某某市 教育局", "某某市财政局")
    (tmp_path / "twice.csv").write_text("某某市教育局\n某某市　教育局\n", encoding="utf-8")
    assert read_roster(tmp_path / "twice.csv").names == ("某某市教育局",)
    (tmp_path / "gbk.csv").write_bytes("某某市机关事务管理局\n某某市财政局\n".encode("gbk"))
    assert read_roster(tmp_path / "gbk.csv").names == ("某某市机关事务管理局", "某某市财政局")
    assert read_roster(tmp_path / "gbk.csv").find("某某市　财政局") == "某某市财政局"  # full-width space typed
    (tmp_path / "empty.csv").write_text("部门名称\n\n", encoding="utf-8")
    with pytest.raises(UnusableInput, match="没有读到部门名称"):
        read_roster(tmp_path / "empty.csv")


def test_the_process_pool_gives_the_same_round_as_one_process(tmp_path):
    for i in range(10):
        data = department_data(f"局{i}", penalty=i)
        if i == 3:
            data.values["t3_new_natural"] = 61  # R1 breaks in two columns
        (tmp_path / f"局{i}.xlsx").write_bytes(make_workbook(f"局{i}", 2024, data))
    files = find_inputs([tmp_path])
    pooled, single = check_round(files, jobs=2), check_round(files, jobs=1)

    def seen(round_):
        return [(r.department, r.status.value, [f.message for f in r.findings]) for r in round_.rows]

    assert seen(pooled) == seen(single)
    assert [r.status.value for r in pooled.rows].count("有错误") == 1


def test_inputs_skip_office_lock_files_the_ledger_and_subfolders(tmp_path):
    for name in ("a.xlsx", "b.json", "c.xls", "~$a.xlsx", ".~lock.a.xlsx#", "notes.txt", "报送情况.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "退回修改").mkdir()
    (tmp_path / "退回修改" / "a.xlsx").write_bytes(b"x")
    found = find_inputs([tmp_path], skip=[tmp_path / "报送情况.xlsx"])
    assert [p.name for p in found] == ["a.xlsx", "b.json", "c.xls"]


def test_a_ledger_replaces_only_a_ledger(tmp_path, blank_workbook):
    round_ = check_round([blank_workbook])
    ledger = tmp_path / "报送情况.xlsx"
    save_ledger(ledger, ledger_bytes(round_, "报送情况"))
    save_ledger(ledger, ledger_bytes(round_, "报送情况"))  # our own: replaced
    mine = tmp_path / "mine.xlsx"
    mine.write_bytes(blank_workbook.read_bytes())
    with pytest.raises(OutputError, match="不是本工具生成的报送情况表，未覆盖"):
        save_ledger(mine, ledger_bytes(round_, "报送情况"))
    assert mine.read_bytes() == blank_workbook.read_bytes()


def test_hostile_names_stay_text_through_the_ledger_and_the_aggregate(tmp_path):
    returns = tmp_path / "回收"
    returns.mkdir()
    for i, name in enumerate(HOSTILE):
        (returns / f"{i}.xlsx").write_bytes(make_workbook(name, 2024, department_data(name, penalty=i)))
    done = report_kit("check", "回收", "--departments", _csv(tmp_path, HOSTILE).name, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    sheet = openpyxl.load_workbook(tmp_path / "报送情况.xlsx")["报送情况"]
    cells = [row[1] for row in sheet.iter_rows(min_row=5, max_col=2)]
    assert [(c.value, c.data_type) for c in cells] == [(n, "s") for n in HOSTILE]
    done = report_kit("aggregate", "回收", "--agency", "=某某县", "-o", "汇总.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "汇总.xlsx")
    headers = [c for c in book["分部门明细"][3][3:]]
    assert [(c.value, c.data_type) for c in headers] == [(n, "s") for n in HOSTILE]
    assert load_submission(tmp_path / "汇总.xlsx").agency == "=某某县"


def test_the_aggregate_carries_the_summed_baseline(tmp_path):
    from report_kit.round.aggregate import aggregate, aggregate_workbook

    returns = tmp_path / "回收"
    returns.mkdir()
    for name, in_force in (("甲局", 38), ("乙局", 10)):
        data = department_data(name)  # issued 5, repealed 2 this year
        data.facts["year"] = 2025
        data.values["t2_normative_in_force"] = in_force
        last = department_data(name)  # last year's carried out is this year's carried in
        last.values.update({then: data.values[now] for now, then in FORM.carried_forward.items()})
        last.values["t2_normative_in_force"] = in_force - 5 + 2
        (returns / f"{name}.xlsx").write_bytes(make_workbook(name, 2025, data, previous=last))
    result = aggregate(check_round(find_inputs([returns])), "某某县人民政府")
    assert result.submission.baseline["t2_normative_in_force"] == 35 + 7
    (tmp_path / "汇总.xlsx").write_bytes(aggregate_workbook(result))
    summed = load_submission(tmp_path / "汇总.xlsx")
    assert (summed.baseline_year, summed.baseline["t3_carried_out_natural"]) == (2024, 3 + 3)
    assert not [f for f in check(summed).findings if f.code in ("R6", "R7")]


def _dies_on_three(item: int) -> int:
    if item == 3:
        os._exit(1)  # a worker killed mid-run, as the out-of-memory killer would
    return item


def test_a_killed_worker_ends_the_run_with_a_message_not_a_traceback():
    from report_kit.round.pool import run_each
    from report_kit.errors import ReportKitError

    assert list(run_each(_dies_on_three, [0, 1, 2], jobs=2)) == [0, 1, 2]
    with pytest.raises(ReportKitError, match="一个工作进程意外退出.*--jobs 1"):
        list(run_each(_dies_on_three, list(range(10)), jobs=2))


def test_a_summary_saved_among_the_returns_is_never_counted_again(tmp_path):
    returns = tmp_path / "回收"
    returns.mkdir()
    for name, penalty in (("甲局", 10), ("乙局", 20)):
        (returns / f"{name}.xlsx").write_bytes(make_workbook(name, 2024, department_data(name, penalty)))
    for _ in range(2):  # a late return arrives; the coordinator runs it again, same command
        done = report_kit("aggregate", "回收", "--agency", "某某县人民政府", "-o", "回收/汇总.xlsx", "--overwrite",
                          cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert load_submission(returns / "汇总.xlsx").computed()["t2_penalty"] == 30
    assert "某某县人民政府（仅有提示）：这是 2 个部门的汇总表，不重复计入。" in done.stdout


def test_exported_json_keeps_the_baseline_so_r7_still_runs(tmp_path):
    last = department_data("甲局")
    last.values["t2_normative_in_force"] = 20
    workbook = tmp_path / "甲局.xlsx"
    data = department_data("甲局")
    data.facts["year"] = 2025
    data.values.update({now: last.values[then] for now, then in FORM.carried_forward.items()})
    workbook.write_bytes(make_workbook("甲局", 2025, data, previous=last))
    done = report_kit("export", workbook, "-o", "甲局.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    exported = load_submission(tmp_path / "甲局.json")
    assert (exported.baseline_year, exported.baseline["t2_normative_in_force"]) == (2024, 20)
    assert [f.code for f in check(exported).findings if f.code == "R7"] == ["R7"]  # 38 ≠ 20 + 5 − 2


def test_check_json_with_annotate_keeps_stdout_pure_json(tmp_path):
    import json

    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(make_workbook("甲局", 2024, department_data("甲局")))
    spoiled = edit_workbook(blank, tmp_path / "甲局.xlsx", {"t2_penalty": "三十"})
    done = report_kit("check", spoiled, "--json", "--annotate", cwd=tmp_path)
    assert done.returncode == 1
    assert json.loads(done.stdout)["errors"] == 1
    assert "已生成标注副本" in done.stderr and (tmp_path / "退回修改" / "甲局.xlsx").exists()


def test_many_departments_are_built_on_every_core_as_one_process_builds_them(tmp_path):
    """Past the pool threshold the workbooks are built in worker processes: the same files, in
    the roster's order, each with its own department, last year's data carried where it exists."""
    last_year = tmp_path / "2024"
    last_year.mkdir()
    (last_year / "部门03.xlsx").write_bytes(make_workbook("部门03", 2024, department_data("部门03")))
    names = [f"部门{i:02d}" for i in range(12)]
    roster = read_roster(_csv(tmp_path, names))
    runs = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        out.mkdir()
        made = make_workbooks(roster, out, year=2025, previous=load_previous([last_year]), jobs=jobs)
        runs[jobs] = [(m.department, m.path.name, m.carried_from, m.note) for m in made]
        assert [load_submission(m.path).agency for m in made] == names
    assert runs[1] == runs[2]
    assert [r[2] for r in runs[2]] == ["部门03.xlsx" if n == "部门03" else "" for n in names]
