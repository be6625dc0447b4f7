"""A coordinator's round as a tester played it: the wrong file given as the department list, paths
typed with the slips a shell lets through, where the written files are said to be, next-step lines
that work when pasted, a blank-looking agency, and `compile --out-dir` for one file.

Real files through the real command line (a process of its own, in a folder of its own)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from report_kit.api import make_workbook
from report_kit.errors import UnusableInput
from report_kit.round.roster import read_roster
from report_kit.form import FORM
from tests.helpers import department_data

PUBLISHED = Path("/work/shared/reference/published")
SHAPE = "部门名单应是 .csv 或 .xlsx 文件，第一列每行一个部门名称（第一行可以是表头“部门名称”）。"


def report_kit(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


@pytest.fixture(scope="module")
def round_folder(tmp_path_factory) -> Path:
    """回收/ with two passing returns, the ledger of a check, a 汇总, a report and an audit ledger."""
    root = tmp_path_factory.mktemp("round")
    returns = root / "回收"
    returns.mkdir()
    for number, name in enumerate(("甲局", "乙局")):
        (returns / f"{name}.xlsx").write_bytes(make_workbook(name, 2024, department_data(name, penalty=number)))
    (root / "名单.csv").write_text("部门名称\n甲局\n乙局\n", encoding="utf-8")
    assert report_kit("check", "回收", "--departments", "名单.csv", cwd=root).returncode == 0
    assert report_kit("aggregate", "回收", "--agency", "某某县人民政府", "-o", "汇总.xlsx", cwd=root).returncode == 0
    assert report_kit("compile", "回收/甲局.xlsx", "-o", "甲局报告.docx", cwd=root).returncode == 0
    done = report_kit("audit", PUBLISHED / "pingtan_gov_2024.html", "--ledger", "审核情况.xlsx", cwd=root)
    assert (root / "审核情况.xlsx").exists(), done.stderr
    shutil.copy(root / "报送情况.xlsx", root / "报送情况（副本）.xlsx")
    shutil.copy(PUBLISHED / "huaian_hongze_2023.pdf", root / "年报.pdf")
    return root


@pytest.mark.parametrize("given, what", [
    ("汇总.xlsx", "本工具生成的汇总表（2 个部门的汇总）"),
    ("回收/甲局.xlsx", "本工具生成的填报表（甲局）"),
    ("报送情况（副本）.xlsx", "本工具生成的报送情况表"),
    ("报送情况.xlsx", "本工具生成的报送情况表"),
    ("审核情况.xlsx", "本工具生成的年度报告审核情况表"),
    ("甲局报告.docx", "本工具编制的年度报告（Word 文档）"),
    ("年报.pdf", "PDF 文件（如已发布的年度报告）"),
])
def test_a_file_of_ours_is_refused_as_the_list_before_the_ledger_is_touched(round_folder, given, what):
    ledger = (round_folder / "报送情况.xlsx").read_bytes()
    done = report_kit("check", "回收", "--departments", given, cwd=round_folder)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"错误：“{Path(given).name}”是{what}，不是部门名单。{SHAPE}\n"
    assert (round_folder / "报送情况.xlsx").read_bytes() == ledger  # not rewritten with made-up departments


def test_the_list_is_refused_by_every_command_that_takes_one(round_folder):
    for args in (("make-workbook", "--departments", "汇总.xlsx", "--out-dir", "新下发"),
                 ("compile", "回收", "--departments", "汇总.xlsx", "--out-dir", "新报告"),
                 ("aggregate", "回收", "--agency", "某某县", "--departments", "汇总.xlsx", "-o", "新汇总.xlsx")):
        done = report_kit(*args, cwd=round_folder)
        assert done.returncode == 2, args
        assert done.stderr.endswith(f"错误：“汇总.xlsx”是本工具生成的汇总表（2 个部门的汇总），不是部门名单。{SHAPE}\n")
    assert not any((round_folder / name).exists() for name in ("新下发", "新报告", "新汇总.xlsx"))


def test_a_folder_given_as_the_list_is_said_to_be_a_folder(round_folder):
    done = report_kit("check", "回收", "--departments", "回收", cwd=round_folder)
    assert (done.returncode, done.stderr) == (2, f"错误：“回收”是一个文件夹，不是部门名单文件。{SHAPE}\n")


@pytest.mark.parametrize("name, content, said", [
    ("名单.html", (PUBLISHED / "pingtan_gov_2024.html").read_bytes(),
     f"“名单.html”是网页文件（如已发布的年度报告），不是部门名单。{SHAPE}"),
    ("名单.json", (PUBLISHED / "pingtan_gov_2024.json").read_bytes(), f"“名单.json”是JSON 数据文件，不是部门名单。{SHAPE}"),
    ("名单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1016,
     f"部门名单“名单.xls”是旧版 Office 格式的文件（.xls、.doc 等），无法读取。请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后使用。{SHAPE}"),
])
def test_other_files_are_named_for_what_they_are(tmp_path, name, content, said):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(UnusableInput) as refused:
        read_roster(tmp_path / name)
    assert str(refused.value) == said


def test_a_list_that_starts_like_nothing_else_is_still_a_list(tmp_path):
    (tmp_path / "名单.txt").write_text("<未分组>\n甲局\n", encoding="utf-8")  # not a web page: no markup after it
    (tmp_path / "名单2.csv").write_text("{甲局}\n乙局\n", encoding="utf-8")
    assert read_roster(tmp_path / "名单.txt").names == ("<未分组>", "甲局")
    assert read_roster(tmp_path / "名单2.csv").names == ("{甲局}", "乙局")


def test_the_list_given_as_a_return_is_told_to_go_with_departments(round_folder):
    done = report_kit("check", "名单.csv", cwd=round_folder)
    assert (done.returncode, done.stderr) == (2, "错误：“名单.csv”是 .csv 文件，像是部门名单，不是填报表。部门名单要用 "
                                                 "--departments 给出，如：report-kit check 回收 --departments 名单.csv\n")


# --- Paths typed with a slip ----------------------------------------------------------------------

@pytest.fixture
def spaced(tmp_path) -> Path:
    returns = tmp_path / "政务 公开办" / "回收"
    returns.mkdir(parents=True)
    (returns / "甲局.xlsx").write_bytes(make_workbook("甲局", 2024, department_data("甲局")))
    return tmp_path


def test_a_path_cut_at_an_unquoted_space_says_to_quote_it(spaced):
    done = report_kit("check", "政务", "公开办/回收", cwd=spaced)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"错误：找不到“政务”（在当前文件夹“{spaced}”下查找）。当前文件夹中有“政务 公开办”：路径中有空格时，"
                           '命令行会把它拆成几段，请把整个路径放在英文引号中，如 "政务 公开办/回收"。\n')
    assert not (spaced / "报送情况.xlsx").exists()


def test_a_path_in_chinese_quotes_says_to_use_english_ones(spaced):
    done = report_kit("check", "“政务", "公开办/回收”", cwd=spaced)  # what the shell makes of “政务 公开办/回收”
    assert done.returncode == 2
    assert done.stderr == (f"错误：找不到 “政务（在当前文件夹“{spaced}”下查找）：路径两边是中文引号，命令行不认中文引号"
                           '（会当作名称的一部分）。请改用英文引号，如 "政务 公开办/回收"。\n')
    roster = report_kit("check", "政务 公开办/回收", "--departments", "“名单.csv”", cwd=spaced)
    assert roster.returncode == 2
    assert roster.stderr == (f"错误：找不到部门名单 “名单.csv”（在当前文件夹“{spaced}”下查找）：路径两边是中文引号，"
                             '命令行不认中文引号（会当作名称的一部分）。请改用英文引号，如 "名单.csv"。\n')


def test_spaces_around_a_path_are_dropped_when_that_is_the_only_reading(spaced):
    done = report_kit("check", " 政务 公开办/回收　", cwd=spaced)  # an ASCII space before, a full-width one after
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("提示：“ 政务 公开办/回收　”前后有空格，已按“政务 公开办/回收”读取。\n")
    assert "共 1 个部门（收到 1 个文件）：通过 1，" in done.stdout


def test_every_command_and_previous_get_the_same_help_with_a_slip(spaced):
    """Not only check: audit, import, draft and --previous say the same of the same slip; a
    --previous simply not there still says that a first year has none."""
    folder = spaced / "政务 公开办"
    shutil.copy(PUBLISHED / "pingtan_gov_2024.html", folder / "平潭.html")
    audit = report_kit("audit", "政务", "公开办", cwd=spaced)
    assert audit.returncode == 2 and "当前文件夹中有“政务 公开办”" in audit.stderr, audit.stderr
    imported = report_kit("import", "政务 公开办/平潭.html ", "-o", "平潭.json", cwd=spaced)
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr.startswith("提示：“政务 公开办/平潭.html ”前后有空格，已按“政务 公开办/平潭.html”读取。")
    returned = "政务 公开办/回收/甲局.xlsx"
    quoted = report_kit("check", returned, "--previous", "“乙局.json”", cwd=spaced)
    assert quoted.returncode == 2
    assert quoted.stderr == (f"错误：找不到上年数据 “乙局.json”（在当前文件夹“{spaced}”下查找）：路径两边是中文引号，"
                             '命令行不认中文引号（会当作名称的一部分）。请改用英文引号，如 "乙局.json"。\n')
    missing = report_kit("check", returned, "--previous", "乙局.json", cwd=spaced)
    assert missing.returncode == 2 and "第一年使用本工具时没有上年回收的填报表，不加 --previous 即可" in missing.stderr


def test_a_missing_relative_path_names_the_folder_it_was_looked_for_in(spaced):
    inner = spaced / "政务 公开办"
    done = report_kit("check", "回收/丙局.xlsx", cwd=inner)
    assert (done.returncode, done.stderr) == (2, f"错误：找不到文件“回收/丙局.xlsx”（在当前文件夹“{inner}”下查找）。\n")
    absolute = report_kit("check", spaced / "无此文件夹", cwd=inner)
    assert absolute.stderr == f"错误：找不到“{spaced / '无此文件夹'}”。\n"  # an absolute path says where itself


# --- Where written files are, and next steps that work when pasted ---------------------------------

def test_the_ledger_and_the_reports_folder_are_said_in_full(round_folder, tmp_path):
    done = report_kit("compile", round_folder / "回收", "--out-dir", "报告", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(f"已生成 2 份报告，输出到“{tmp_path / '报告'}”。\n报送情况表：{tmp_path / '报送情况.xlsx'}\n")
    (tmp_path / "报告" / "台账").mkdir()
    deeper = report_kit("check", round_folder / "回收", "--ledger", "台账/报送情况.xlsx", cwd=tmp_path / "报告")
    assert deeper.stdout.endswith("报送情况表：台账/报送情况.xlsx\n")  # under the current folder: relative


def test_next_steps_name_a_path_that_works_from_here(tmp_path):
    (tmp_path / "回收").mkdir()
    inside = report_kit("make-workbook", "--agency", "甲局", "-o", "回收/xx.xlsx", cwd=tmp_path)
    assert inside.stdout.endswith("收回后检查：\n  report-kit check 回收/xx.xlsx\n")
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    outside = report_kit("make-workbook", "--agency", "甲局", "-o", tmp_path / "y.xlsx", cwd=elsewhere)
    assert outside.stdout.endswith(f"收回后检查：\n  report-kit check {tmp_path / 'y.xlsx'}\n")
    (tmp_path / "年报 2025").mkdir()
    spaced = report_kit("make-workbook", "--agency", "甲局", "-o", "../年报 2025/z.xlsx", cwd=elsewhere)
    assert spaced.stdout.endswith(f'收回后检查：\n  report-kit check "{tmp_path / "年报 2025" / "z.xlsx"}"\n')


# --- A blank-looking agency, and compile --out-dir for one file -------------------------------------

@pytest.mark.parametrize("agency", [" ", "　", " \t　"])
def test_a_blank_looking_agency_is_no_agency(tmp_path, agency):
    plain = report_kit("make-workbook", "--agency", "", "--year", 2025, cwd=tmp_path)
    (tmp_path / "2025年政府信息公开工作年度报告填报表.xlsx").rename(tmp_path / "plain.xlsx")
    done = report_kit("make-workbook", "--agency", agency, "--year", 2025, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, plain.stdout)
    assert done.stdout.startswith("已生成填报表：2025年政府信息公开工作年度报告填报表.xlsx\n")
    field = FORM.field("agency")
    cell = openpyxl.load_workbook(tmp_path / "2025年政府信息公开工作年度报告填报表.xlsx")[field.sheet][field.cell]
    blank = openpyxl.load_workbook(tmp_path / "plain.xlsx")[field.sheet][field.cell]
    assert (cell.value or "", cell.protection.locked) == (blank.value or "", False)  # the department fills it in


def test_compile_one_file_into_a_folder(round_folder, tmp_path):
    done = report_kit("compile", round_folder / "汇总.xlsx", "--html-only", "--charts", "--out-dir", "网页",
                      cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    stem = "2024年政府信息公开工作年度报告-某某县人民政府"
    assert sorted(p.name for p in (tmp_path / "网页").iterdir()) == [
        f"{stem}.html", f"{stem}（图解）.png", f"{stem}（图解）.svg"]
    assert not (tmp_path / "报送情况.xlsx").exists()  # one file is not a round
    word = report_kit("compile", round_folder / "回收" / "甲局.xlsx", "--out-dir", "报告", cwd=tmp_path)
    assert word.returncode == 0, word.stderr
    assert "已生成报告：报告/2024年政府信息公开工作年度报告-甲局.docx\n" in word.stdout
    both = report_kit("compile", round_folder / "回收" / "甲局.xlsx", "--out-dir", "报告", "-o", "x.docx", cwd=tmp_path)
    assert (both.returncode, both.stderr) == (2, "用法错误：-o 和 --out-dir 不能同时使用：-o 指定这一份报告的文件名，"
                                                 "--out-dir 指定报告放在哪个文件夹。\n")


def test_make_one_workbook_into_a_folder(tmp_path):
    """--out-dir was read only with --departments: one workbook went to the current folder instead."""
    done = report_kit("make-workbook", "--agency", "某某局", "--year", "2024", "--out-dir", "x y", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "x y").iterdir()] == ["2024年政府信息公开工作年度报告填报表-某某局.xlsx"]
    assert 'report-kit check "x y/2024年政府信息公开工作年度报告填报表-某某局.xlsx"' in done.stdout
    both = report_kit("make-workbook", "--agency", "某某局", "--out-dir", "x y", "-o", "a.xlsx", cwd=tmp_path)
    assert both.returncode == 2 and not (tmp_path / "a.xlsx").exists()
