"""Every workbook the tool writes prints cleanly from LibreOffice: the generated 填报表, the same
file after a department filled it in LibreOffice and saved it, an annotated copy, the ledger,
the 汇总 and the audit ledger are exported to PDF by a real LibreOffice (one export for all six). Each printed
page names its sheet in the footer, so the pages of each sheet are counted; LibreOffice's own
optimal row heights show any row too short for its text (cut off or overlapping in print)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from report_kit.finding_text import explanation, places_text
from report_kit.published.audit import audit_files
from report_kit.published.ledger import audit_ledger_bytes
from report_kit.round.aggregate import aggregate, aggregate_workbook
from report_kit.round.annotate import annotate
from report_kit.round.ledger import STATUS_COLOURS, ledger_bytes
from report_kit.round.rows import Status
from report_kit.api import load_submission, make_workbook
from report_kit.round.roster import Roster
from report_kit.round.operations import check_round
from report_kit.form import FORM
from report_kit.workbook.guide import guide_lines
from tests.helpers import SAMPLE, department_data, edit_workbook, office_cells
from tests.test_published import HUAIAN, PINGTAN, _year_docx

DEPARTMENTS = ("市发展和改革委员会", "市教育局", "市科学技术局", "市公安局", "市民政局",
               "市人力资源和社会保障局", "市自然资源和规划局", "市住房和城乡建设局")
BAD = "市教育局"
BOOKS = ["generated", "saved", "annotated", "ledger", "summary", "audit"]
FORM_PAGES = {"填表说明": 1, "基本信息": 1, "文字内容": 2, "表二": 1, "表三": 1, "表四": 1, "校验": 2}
NO_FOOTER = "（页脚没有表名）"
FOOTER = re.compile(r"(\S+)\s+第 \d+ 页，共 \d+ 页")


def flat(text: str) -> str:
    """Text without the line breaks and spaces wrapping puts in (nor punctuation and symbols
    such as ✓, which pdftotext may give as another character)."""
    return re.sub(r"[\W_]+", "", text)


def _returns(folder: Path) -> tuple[list[Path], Roster]:
    """A round: five returns (one with typing mistakes), one unreadable file, two not returned."""
    folder.mkdir()
    files = []
    for i, name in enumerate(DEPARTMENTS[:5]):
        path = folder / f"2024年政府信息公开工作年度报告填报表-{name}.xlsx"
        path.write_bytes(make_workbook(name, 2024, department_data(name, penalty=100 + i)))
        files.append(path)
    edit_workbook(files[1], files[1], {"t3_granted_business": "22（其中修订16件）", "t2_fees": "251000元",
                                       "t3_withheld_secret_natural": -3, "t4_review_upheld": 1.5,
                                       "t2_penalty": None})
    broken = folder / f"2024年政府信息公开工作年度报告填报表-{DEPARTMENTS[5]}.xlsx"
    broken.write_bytes(files[0].read_bytes()[:3000])  # cut off by a mail gateway
    return files + [broken], Roster(DEPARTMENTS)


def _published(folder: Path) -> list[Path]:
    """Published reports to audit: two real ones (洪泽 2023 with two R4 errors, 平潭 2024 that
    passes), one agency's 2023 and 2024 reports (paired: the two-year table), and a damaged PDF."""
    folder.mkdir()
    files = [_year_docx(folder, 2023),
             _year_docx(folder, 2024, overview="本年度对门户网站进行了全面改版，新增无障碍浏览和适老化服务功能。")]
    for source in (HUAIAN, PINGTAN):
        files.append(folder / source.name)
        files[-1].write_bytes(source.read_bytes())
    files.append(folder / "损坏的报告.pdf")
    files[-1].write_bytes(HUAIAN.read_bytes()[:2000])
    return files


@pytest.fixture(scope="module")
def printed(office, tmp_path_factory):
    """name -> (workbook, {sheet: [page texts]}, rows LibreOffice finds too short)."""
    root = tmp_path_factory.mktemp("printing")
    books = {"generated": root / "generated.xlsx"}
    books["generated"].write_bytes(make_workbook(data=load_submission(SAMPLE)))
    # A department types every number of 表三 and a paragraph, in LibreOffice, and saves: rows
    # LibreOffice re-measures come back taller (17.15 pt), which must not push 表三 onto a second page.
    typed = {f.id: 1000 + i for i, f in enumerate(f for f in FORM.inputs if f.table == "t3")}
    typed["overview_requests"] = "2024年共收到政府信息公开申请95件。\n办理情况如下：" + "依法按时答复。" * 30
    books["saved"] = root / "saved.xlsx"
    office.fill(books["generated"], books["saved"], office_cells(typed))

    files, roster = _returns(root / "回收")
    round_ = check_round(files, roster=roster, jobs=1)
    bad = next(row.result for row in round_.rows if row.department == BAD)
    books["annotated"] = root / "annotated.xlsx"
    books["annotated"].write_bytes(annotate(bad))
    books["ledger"] = root / "报送情况.xlsx"
    books["ledger"].write_bytes(ledger_bytes(round_, "2024年政府信息公开工作年度报告报送情况（检查）"))
    books["summary"] = root / "汇总.xlsx"
    books["summary"].write_bytes(aggregate_workbook(aggregate(round_, "某某市人民政府")))
    audited = audit_files(_published(root / "已发布"), jobs=1)
    books["audit"] = root / "审核情况.xlsx"
    books["audit"].write_bytes(audit_ledger_bytes(audited))

    short = office.printout([(path, path.with_suffix(".pdf")) for path in books.values()])
    return {name: (path, _pages(path.with_suffix(".pdf")), short[str(path)]) for name, path in books.items()}, \
        bad, audited


def _pages(pdf: Path) -> dict[str, list[str]]:
    """Sheet -> the text of each of its printed pages (in content order, so a cell's text stays together)."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sheets: dict[str, list[str]] = {}
    for page in text.split("\f")[:-1]:
        footer = FOOTER.search(page)
        sheets.setdefault(footer.group(1) if footer else NO_FOOTER, []).append(page)
    return sheets


def page_counts(pages: dict[str, list[str]]) -> dict[str, int]:
    return {sheet: len(texts) for sheet, texts in pages.items()}


@pytest.mark.parametrize("name", BOOKS)
def test_no_row_is_too_short_for_its_text(printed, name):
    books = printed[0]
    _path, _pages_, short = books[name]
    assert short == []  # [sheet, row, height, what LibreOffice needs]


@pytest.mark.parametrize("name", BOOKS)
def test_every_wrapped_row_has_its_height_set(printed, name):
    books = printed[0]
    path = books[name][0]
    book = openpyxl.load_workbook(path)
    unsized = [(ws.title, cell.coordinate) for ws in book.worksheets if ws.sheet_state == "visible"
               for row in ws.iter_rows() for cell in row
               if isinstance(cell.value, str) and cell.value and cell.alignment.wrap_text
               and ws.row_dimensions[cell.row].height is None]
    assert unsized == []


def test_the_form_prints_one_page_per_table(printed):
    books = printed[0]
    for name in ("generated", "saved"):
        assert page_counts(books[name][1]) == FORM_PAGES, name
    assert page_counts(books["annotated"][1]) == {"退回意见": 1, **FORM_PAGES}


def test_table3_stays_on_one_page_after_a_libreoffice_save(printed):
    books = printed[0]
    (page,) = books["saved"][1]["表三"]
    assert "1000" in page and "1143" in page  # the first and the last number typed
    sheet = openpyxl.load_workbook(books["saved"][0])["表三"]
    assert sheet.page_setup.fitToHeight in (None, 1) and sheet.page_setup.orientation == "landscape"


def test_the_guide_prints_whole_with_the_line_break_keys(printed):
    books = printed[0]
    (page,) = books["generated"][1]["填表说明"]
    for _kind, line in guide_lines("某某市生态环境局", 2024):
        assert flat(line) in flat(page)  # nothing cut off at the page edges
    assert flat("分段换行：Excel、WPS 按 Alt+Enter，LibreOffice 按 Ctrl+Enter。") in flat(page)


def test_checks_repeat_their_header_on_the_second_page(printed):
    books = printed[0]
    for name in ("generated", "saved", "annotated"):
        for page in books[name][1]["校验"]:
            assert "规则 检查内容 左边 右边 差额 结果" in page, name


def test_annotated_copy_lists_every_finding_whole_on_one_page(printed):
    books, bad, _audited = printed
    (page,) = books["annotated"][1]["退回意见"]
    for finding in bad.findings:
        assert flat(finding.message) in flat(page)


def test_ledger_prints_each_finding_on_one_page_with_the_header(printed):
    books, bad, _audited = printed
    pages = books["ledger"][1]
    assert page_counts(pages) == {"报送情况": 1, "问题清单": 1}
    assert "序号 部门 状态 错误 提示 文件 主要问题" in pages["报送情况"][0]
    assert all("部门 文件 级别 规则 位置 说明" in page for page in pages["问题清单"])
    for finding in bad.findings:  # the whole row on one page: who, where and what
        assert any(flat(explanation(finding)) in flat(page) and flat(places_text(finding)) in flat(page)
                   and BAD in page for page in pages["问题清单"]), finding.message


def test_summary_appendices_print_their_titles_and_headers_whole(printed):
    books = printed[0]
    pages = books["summary"][1]
    counts = page_counts(pages)
    assert counts.pop("分部门明细") > 1  # 190 rows: it goes on over pages, its header on each
    assert counts == {**FORM_PAGES, "填表说明": 1, "未纳入汇总": 1}  # the 汇总's guide is longer, shrunk onto one sheet
    assert flat("分部门明细（共 4 个部门，汇总 = 各部门之和）") in flat(pages["分部门明细"][0])
    assert all(flat("表格 项目 汇总 " + " ".join(DEPARTMENTS[i] for i in (0, 2, 3, 4))) in flat(page)
               for page in pages["分部门明细"])
    (left_out,) = pages["未纳入汇总"]
    assert flat("未纳入汇总的部门（4 个）") in flat(left_out)
    assert all(name in left_out for name in (BAD, DEPARTMENTS[5], DEPARTMENTS[6], DEPARTMENTS[7]))


def test_audit_ledger_prints_like_the_round_ledger(printed):
    """审核情况 on one landscape page with its title and count line, 问题清单 with its header on
    every page and each finding whole on one, the two-year table on one page."""
    books, _bad, audited = printed
    path, pages, _short = books["audit"]
    counts = page_counts(pages)
    assert NO_FOOTER not in counts
    assert counts["审核情况"] == 1 and counts["两年对照"] == 1 and counts["问题清单"] <= 4
    (overview,) = pages["审核情况"]
    assert "政府信息公开工作年度报告审核情况" in overview
    assert flat("共 5 份报告：通过 1，仅有提示 1，有错误 2，无法读取 1；其中 1 份与上年报告作了对照") in flat(overview)
    assert "序号 文件 机关 年度 格式 状态 错误 提示 未读出 上年报告 主要问题" in overview
    assert all("机关 文件 级别 规则 位置 说明" in page for page in pages["问题清单"])
    for item in audited:
        for finding in item.result.findings if item.result else []:
            assert any(flat(explanation(finding)) in flat(page) and flat(places_text(finding)) in flat(page)
                       and flat(item.path.name) in flat(page) for page in pages["问题清单"]), finding.message
    (pairs,) = pages["两年对照"]
    assert flat("主要数字两年对照（1 份报告与上年报告）") in flat(pairs)
    assert "文件 机关 项目 本年 上年 增减" in pairs
    assert "某某市生态环境局 95 100 -5" in pairs and flat("一、本年新收政府信息公开申请数量 / 总计") in flat(pairs)

    sheet = openpyxl.load_workbook(path)["审核情况"]
    statuses = {row[1].value: row[5] for row in sheet.iter_rows(min_row=5)}
    assert {name: cell.value for name, cell in statuses.items()} == {
        "2023年报告.docx": "仅有提示", "2024年报告.docx": "有错误", HUAIAN.name: "有错误", PINGTAN.name: "通过",
        "损坏的报告.pdf": "无法读取"}
    for cell in statuses.values():  # coloured as 报送情况.xlsx colours them
        assert cell.fill.fgColor.rgb == "FF" + STATUS_COLOURS[Status(cell.value)].lstrip("#")
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0  # one page wide, as long as it takes
    assert sheet.print_title_rows == "$4:$4" and "&A" in sheet.oddFooter.center.text
