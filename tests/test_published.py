"""Published reports (PDF, web page, .docx) read by their printed labels: `import` and `audit`.

The two real reports in tests/data/published/ come with every printed number read by hand; the
others are our own compiled report as .docx, and as PDF and HTML written by a real LibreOffice,
with mutations (a missing row, thousands separators, a GBK page, a scan, a page that only links).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from report_kit.api import compile_report, load_submission
from report_kit.published.audit import audit_files
from report_kit.published.reading import read_published
from report_kit.report.pdf import docx_to_pdf, find_office
from report_kit.form import FORM
from report_kit.submission import _plain

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "published"
HUAIAN = DATA / "huaian_hongze_2023.pdf"
PINGTAN = DATA / "pingtan_gov_2024.html"
SAMPLE = ROOT / "samples" / "2024-某某市生态环境局.xlsx"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


def printed_value(report, field_id):
    """A field's value as the report printed it (a total as printed, not recomputed)."""
    sub = report.submission
    value = sub.stated_totals.get(field_id) if FORM.field(field_id).derived else sub.values.get(field_id)
    return _plain(value) if value is not None else None


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> Path:
    """Our own compiled report, as a published .docx."""
    path = tmp_path_factory.mktemp("docx") / "2024年政府信息公开工作年度报告-某某市生态环境局.docx"
    path.write_bytes(compile_report(load_submission(SAMPLE)).docx)
    return path


# --- the two real reports -------------------------------------------------------------------------

@pytest.mark.parametrize("path", [HUAIAN, PINGTAN], ids=["pdf", "html"])
def test_every_printed_number_of_the_real_reports_is_read_exactly(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    report = read_published(path)
    printed = expected["printed_values"]
    assert {fid for fid in report.readings} == set(printed)  # nothing more, nothing less
    for field_id, value in printed.items():
        assert printed_value(report, field_id) == value, field_id
    assert report.not_read == {}
    assert (report.submission.agency, report.submission.year) == (
        {"huaian_hongze_2023": "洪泽区人民政府"}.get(path.stem, expected["agency"]), expected["year"])


def test_huaian_places_point_at_page_table_row_and_column():
    report = read_published(HUAIAN)
    # 表三 breaks inside the （四） group: its third row is on page 4 without the group label
    assert report.place("t3_unavailable_needs_creation_natural") == "第3页 表三 （四）无法提供 2.没有现成信息需要另行制作 / 自然人"
    assert report.place("t3_unavailable_unclear_total") == "第4页 表三 （四）无法提供 3.补正后申请内容仍不明确 / 总计"
    assert report.place("t2_penalty") == "第3页 表二 行政处罚 / 本年处理决定数量"  # 信息内容 lost on page 3
    assert report.place("t4_suit_after_review_total") == "第4页 表四 复议后起诉 / 总计"
    assert report.one_row_other and "t3_other_no_correction_natural" in report.absent
    # prose: the PDF prints "申请 21 件" across a line; R8 needs the number whole
    assert "2023年全区受理政府信息公开申请21件，均在法定期限答复。" in report.submission.prose["overview_requests"]


def test_audit_huaian_finds_the_two_real_R4_failures_exit_1():
    done = run("audit", HUAIAN)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        "huaian_hongze_2023.pdf（洪泽区人民政府 2023年）：有错误（错误 2 项，提示 2 项）",
        "  [提示] P1 第3页 表三 （三）不予公开 2.其他法律行政止公开 / 自然人：行标签印作“2.其他法律行政止公开”，"
        "与格式中的“（三）不予公开 2.其他法律行政法规禁止公开”不完全相同，已按后者读取。请核对。",
        "      位置：第3页 表三 （三）不予公开 2.其他法律行政止公开 / 自然人",
        "  [提示] P1 表三“（六）其他处理”印作一行（2019 年格式）：其数字按该组合计读取，核对（七）总计时使用。",
        "  [错误] R4 表四“行政复议”：总计 = 四种结果之和：总计 = 0，应等于结果维持+结果纠正+其他结果+尚未审结 = 11"
        "（10 + 1 + 0 + 0），相差 11。",
        "      位置：第4页 表四 行政复议 / 总计；第4页 表四 行政复议 / 结果维持等",
        "  [错误] R4 表四“行政诉讼·复议后起诉”：总计 = 四种结果之和：总计 = 0，应等于结果维持+结果纠正+其他结果+尚未审结 = 5"
        "（5 + 0 + 0 + 0），相差 5。",
        "      位置：第4页 表四 复议后起诉 / 总计；第4页 表四 复议后起诉 / 结果维持等",
    ]
    report = json.loads(run("audit", HUAIAN, "--json").stdout)[0]
    r4 = [f for f in report["findings"] if f["rule"] == "R4"]
    assert [f["cells"][0] for f in r4] == [{"field": "t4_review_total", "place": "第4页 表四 行政复议 / 总计"},
                                           {"field": "t4_suit_after_review_total", "place": "第4页 表四 复议后起诉 / 总计"}]
    assert (report["agency"], report["year"], report["format"]) == ("洪泽区人民政府", 2023, "pdf")


def test_import_keeps_totals_as_printed_with_a_source_block(tmp_path):
    target = tmp_path / "2023.json"
    done = run("import", HUAIAN, "-o", target)
    assert done.returncode == 0 and done.stdout.strip() == f"已导出：{target}（读出 186 个数字，未能读出 0 个）"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["values"]["t4_review_total"] == 0 and data["values"]["t4_review_upheld"] == 10  # as printed
    assert "t3_other_no_correction_natural" not in data["values"]  # the 2019 layout does not print it
    source = data["source"]
    assert source["file"] == "huaian_hongze_2023.pdf" and source["format"] == "pdf" and source["pages"] == 5
    assert len(source["sha256"]) == 64 and source["one_row_other"] is True
    assert source["fields"]["t2_fees"] == {"page": 3, "table": "表二", "table_number": 3, "row": "行政事业性收费",
                                           "column": "本年收费金额（单位：万元）", "raw": "7730.28"}
    assert data["facts"]["year"] == 2023 and "21件" in data["prose"]["overview_requests"]
    # the JSON is the export shape: `check` reads it and still sees the printed totals
    checked = run("check", target)
    assert checked.returncode == 1 and checked.stdout.count("[错误] R4") == 2


def test_pingtan_prose_is_split_by_section_and_R8_reads_it():
    report = read_published(PINGTAN)
    prose = report.submission.prose
    assert prose["overview_requests"].startswith("（二）依申请公开方面。")
    assert prose["other_fees"] == "2024年，无收取信息处理费情况。"
    assert all(not p.startswith("（一）主动公开情况") for p in prose.values())


def test_audit_pingtan_passes_its_plan_for_2025_is_not_copied_text(tmp_path):
    # section 五 says "2025年，将重点从以下方面做好改进": next year's plan (R9 once questioned it)
    done = run("audit", PINGTAN)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "pingtan_gov_2024.html（平潭综合实验区 2024年）：通过（错误 0 项，提示 0 项）\n"
    # the real page, with its 依申请公开 sentence worded as other reports word it and a wrong number:
    # R8 reads it where the reader put it, under （二）
    page = tmp_path / "平潭.html"
    page.write_text(PINGTAN.read_text(encoding="utf-8").replace(
        "全年办理政府信息公开申请218件。", "全年受理依申请公开件二百一十七件（含上年度结转申请0件）。"), encoding="utf-8")
    done = run("audit", page)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "平潭.html（平潭综合实验区 2024年）：仅有提示（错误 0 项，提示 1 项）",
        "  [提示] R8 正文“（二）依申请公开情况”：正文写“全年受理依申请公开件二百一十七件（含上年度结转申请0件）”。"
        "本年新收与上年结转政府信息公开申请数之和，正文写的是 217 件，表格（表三 一、本年新收政府信息公开申请数量 / 总计 + "
        "表三 二、上年结转政府信息公开申请数量 / 总计）是 218 件，请核对哪一处有误。"]


# --- our own report as .docx, and through LibreOffice as PDF and HTML ------------------------------

def _assert_round_trip(report):
    expected = load_submission(SAMPLE)
    computed = expected.computed()
    assert report.not_read == {}
    for f in FORM.numbers:
        assert printed_value(report, f.id) == _plain(computed[f.id]), f.id
    assert (report.submission.agency, report.submission.year) == ("某某市生态环境局", 2024)
    assert report.submission.prose["problems_this_year"] != ""


def test_docx_report_round_trip_every_number(sample_docx):
    report = read_published(sample_docx)
    assert report.kind == "docx"
    _assert_round_trip(report)
    assert report.place("t3_granted_natural") == "表三 （一）予以公开 / 自然人"
    assert run("audit", sample_docx).returncode == 0


def _libreoffice_html(docx: Path, out: Path) -> Path:
    profile = out / "profile"
    subprocess.run([find_office(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "html", "--outdir", str(out), str(docx)], capture_output=True, timeout=180)
    return out / (docx.stem + ".html")


@pytest.mark.skipif(find_office() is None, reason="LibreOffice is not installed")
def test_libreoffice_pdf_and_html_round_trip_every_number(sample_docx, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(docx_to_pdf(sample_docx.read_bytes()).pdf)
    report = read_published(pdf)
    assert report.kind == "pdf"
    _assert_round_trip(report)
    assert report.place("t3_granted_natural").startswith("第")
    html = _libreoffice_html(sample_docx, tmp_path)
    report = read_published(html)
    assert report.kind == "html"
    _assert_round_trip(report)


def _table_three_across_pages(source: Path, target: Path, blanks: int = 10) -> Path:
    """Our report with table 三 pushed down so that it breaks across two pages, its header not
    repeated on the second (as in 洪泽's PDF) and the merged 三、本年度办理结果 cut in two."""
    import copy

    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(source))
    body = document.element.body
    table = body.findall(qn("w:tbl"))[1]
    for tag in ("w:tblHeader", "w:cantSplit", "w:keepNext", "w:keepLines"):
        for element in list(table.iter(qn(tag))):
            element.getparent().remove(element)
    for _ in range(blanks):
        blank = copy.deepcopy(body.findall(qn("w:p"))[-1])
        for run_ in blank.findall(qn("w:r")):
            blank.remove(run_)
        table.addprevious(blank)
    document.save(str(target))
    return target


@pytest.mark.skipif(find_office() is None, reason="LibreOffice is not installed")
def test_table_split_across_pages_without_header_is_read_by_x_position(sample_docx, tmp_path):
    # Push table 三 down until a page break falls inside it, between its first rows and the rest
    # (where exactly depends on the template's layout and the fonts).
    for blanks in (10, 4, 16, 7, 13, 19, 1, 22):
        split = _table_three_across_pages(sample_docx, tmp_path / "split.docx", blanks)
        pdf = tmp_path / "split.pdf"
        pdf.write_bytes(docx_to_pdf(split.read_bytes()).pdf)
        report = read_published(pdf)
        first, later = report.place("t3_granted_total"), report.place("t3_withheld_internal_natural")
        if first.split(" ")[0] != later.split(" ")[0]:
            break
    _assert_round_trip(report)
    page = int(first.split("页")[0].removeprefix("第"))
    assert first == f"第{page}页 表三 （一）予以公开 / 总计"
    assert later == f"第{page + 1}页 表三 （三）不予公开 5.属于三类内部事务信息 / 自然人"


# --- mutations: each reported as what it is, nothing shifted --------------------------------------

def _soup() -> BeautifulSoup:
    return BeautifulSoup(PINGTAN.read_text(encoding="utf-8"), "lxml")


def _row(soup, label: str):
    cell = next(td for td in soup.find_all("td") if td.get_text("", strip=True) == label)
    return cell.find_parent("tr")


def _cells_of(soup, label: str):
    """The value cells of the row labelled `label` (the cells after it)."""
    row = _row(soup, label)
    cells = row.find_all("td")
    start = next(i for i, td in enumerate(cells) if td.get_text("", strip=True) == label)
    return cells[start + 1:]


def test_html_missing_row_is_not_read_and_nothing_shifts(tmp_path):
    soup = _soup()
    _row(soup, "2.没有现成信息需要另行制作").decompose()
    for label in ("（四）无法提供", "三、本 年 度办 理结果"):  # the CMS shrinks the merged labels with it
        for td in soup.find_all("td"):
            if td.get_text("", strip=True).replace("\xa0", "").replace(" ", "") == label.replace(" ", "") \
                    and td.get("rowspan"):
                td["rowspan"] = str(int(td["rowspan"]) - 1)
    page = tmp_path / "missing-row.html"
    page.write_text(str(soup), encoding="utf-8")
    report = read_published(page)
    expected = json.loads(PINGTAN.with_suffix(".json").read_text(encoding="utf-8"))["printed_values"]
    missing = {f"t3_unavailable_needs_creation_{c}" for c, _ in (("natural", 0), ("business", 0), ("research", 0),
                                                                  ("nonprofit", 0), ("legal", 0), ("other", 0),
                                                                  ("total", 0))}
    assert set(report.not_read) == missing
    for field_id, value in expected.items():  # every other number where it was, nothing shifted
        if field_id not in missing:
            assert printed_value(report, field_id) == value, field_id
    done = run("audit", page)
    assert done.returncode == 0, done.stdout  # nothing wrong was found: what could not be read is a 提示
    assert ("[提示] P2 表三 （四）无法提供 2.没有现成信息需要另行制作：未能读出（报告中没有找到这一格），相关勾稽关系无法核对。"
            in done.stdout)
    assert ("[提示] R3 表三“自然人”列：（七）总计 = （一）至（六）各项之和：表三 （四）无法提供 2.没有现成信息需要另行制作 / 自然人"
            "未能读出，无法核对。") in done.stdout
    assert "[错误]" not in done.stdout


def test_html_row_deleted_without_mending_the_row_spans_slides_nothing(tmp_path):
    """An editor deletes a row but leaves the merged labels' row spans as they were: the rows below
    slide one column to the right under the header. They are not read (and said so); no number is
    read under another column's head."""
    soup = _soup()
    _row(soup, "4.保护第三方合法权益").decompose()
    page = tmp_path / "stale-spans.html"
    page.write_text(str(soup), encoding="utf-8")
    report = read_published(page)
    expected = json.loads(PINGTAN.with_suffix(".json").read_text(encoding="utf-8"))["printed_values"]
    assert {"t3_carried_out_natural", "t3_carried_out_total"} <= set(report.not_read)  # the last row slid
    for field_id in expected:  # whatever was read is what was printed there
        if field_id not in report.not_read and printed_value(report, field_id) is not None:
            assert printed_value(report, field_id) == expected[field_id], field_id


def test_html_printed_oddities_are_cleaned_or_rejected_by_place(tmp_path):
    soup = _soup()
    cells = _cells_of(soup, "行政许可")
    cells[0].string = "4,529"
    cells = _cells_of(soup, "行政规范性文件")
    cells[0].string = "62（其中修订16件）"
    cells[1].string = "３３"
    cells = _cells_of(soup, "规章")
    cells[0].string = "—"
    page = tmp_path / "odd.html"
    page.write_text(str(soup), encoding="utf-8")
    report = read_published(page)
    assert printed_value(report, "t2_licensing") == 4529
    assert printed_value(report, "t2_normative_repealed") == 33
    assert printed_value(report, "t2_rules_issued") == 0
    assert report.not_read == {"t2_normative_issued": "印的是“62（其中修订16件）”"}
    messages = [f.message for f in report.submission.findings]
    assert "表二 行政许可 / 本年处理决定数量：“4,529”已按 4529 读取（去掉了千位分隔符）。" in messages
    assert "表二 行政规范性文件 / 本年废止件数：“３３”已按 33 读取（全角字符改为半角）。" in messages
    assert "表二 规章 / 本年制发件数：印的是“—”，按 0 计算。" in messages
    done = run("audit", page)
    assert done.returncode == 1
    assert "[错误] R5 表二 行政规范性文件 / 本年制发件数：印的是“62（其中修订16件）”，不是数字（表格中只能印数字），未能读出。" \
        in done.stdout
    assert "[提示] R7" not in done.stdout and "[错误] R7" not in done.stdout


def test_gbk_page_is_decoded(tmp_path):
    text = PINGTAN.read_text(encoding="utf-8").replace('<meta charset="utf-8" />', '<meta charset="gb2312" />')
    page = tmp_path / "gbk.html"
    page.write_bytes(text.encode("gb18030"))
    report = read_published(page)
    assert report.submission.agency == "平潭综合实验区" and printed_value(report, "t2_normative_in_force") == 440
    assert len(report.readings) == 200


@pytest.mark.parametrize("name, content, message", [
    ("link.html", '<html><body><p>2024年度报告</p><a href="/files/2024nb.pdf">点击下载</a></body></html>',
     "错误：“link.html”只是一个链接页面，报告本身在链接的文件中（/files/2024nb.pdf）。请下载该文件后再读取。"),
    ("script.html", "<html><body><div id='app'></div><script>load()</script></body></html>",
     "错误：“script.html”中没有找到年度报告的表格（页面中没有表格，可能由脚本加载或是翻页书），无法读取。"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
     "错误：“old.doc”是旧版 Word/WPS 文件（.doc/.wps），请另存为 .docx 后再读取。"),
])
def test_unusable_pages_exit_2_with_the_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    done = run("audit", path)
    assert done.returncode == 2 and done.stderr.strip() == message and "Traceback" not in done.stderr


def test_scan_without_text_layer_exits_2(tmp_path):
    """An image-only PDF: one page that only draws (what a scanner's PDF holds, minus the image)."""
    stream = b"0 0 1 rg 100 100 200 200 re f"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    body, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path = tmp_path / "scan.pdf"
    path.write_bytes(body)
    done = run("audit", path)
    assert done.returncode == 2
    assert done.stderr.strip() == "错误：“scan.pdf”是扫描件或图片（PDF 中没有文字层），无法读取。本工具不做文字识别（OCR）。"


# --- two years: pairing in a folder, --previous, copied paragraphs ---------------------------------

APPLICANTS = ("natural", "business", "research", "nonprofit", "legal", "other")


def _year_docx(folder: Path, year: int, overview: str = "") -> Path:
    """The sample as a published report of `year`. For 2023 its 四、结转下年度继续办理 equals the 2024
    sample's 二、上年结转 except 自然人 (9 instead of 3); 一、本年新收 moves with it so R1 holds."""
    data = load_submission(SAMPLE)
    data.facts["year"] = year
    if year == 2023:
        for col in APPLICANTS:
            target = 9 if col == "natural" else data.values[f"t3_carried_in_{col}"]
            delta = target - data.values[f"t3_carried_out_{col}"]
            data.values[f"t3_carried_out_{col}"] += delta
            data.values[f"t3_new_{col}"] += delta
            assert data.values[f"t3_new_{col}"] >= 0
    if overview:
        data.prose["overview_platform"] = overview
    path = folder / f"{year}年报告.docx"
    path.write_bytes(compile_report(data, force=True).docx)
    return path


def test_folder_pairs_consecutive_years_for_R6_and_flags_copied_paragraphs(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    _year_docx(folder, 2023)
    this_year = _year_docx(folder, 2024, overview="本年度对门户网站进行了全面改版，新增无障碍浏览和适老化服务功能。")
    audited = {a.path.name: a for a in audit_files(sorted(folder.iterdir()))}
    now = audited[this_year.name]
    assert now.previous_name == "2023年报告.docx"
    r6 = [f for f in now.result.findings if f.code == "R6"]
    assert [f.cells for f in r6] == [("表三 二、上年结转政府信息公开申请数量 / 自然人",)]
    assert "本年 表三 二、上年结转政府信息公开申请数量 / 自然人 为 3，按上年数据应为 9" in r6[0].message
    copied = [f for f in now.result.findings if f.code == "C1"]
    assert copied and all("上年报告（2023年报告.docx）" in f.message for f in copied)
    assert not any("全面改版" in f.message for f in copied)  # the rewritten paragraph is not flagged
    assert copied[0].message.count("“") >= 2  # quotes both paragraphs
    ledger = tmp_path / "审核情况.xlsx"
    done = run("audit", folder, "--ledger", ledger)
    assert done.returncode == 1 and ledger.exists()
    import openpyxl

    book = openpyxl.load_workbook(ledger)
    assert book.sheetnames == ["审核情况", "问题清单", "两年对照"]
    rows = list(book["两年对照"].iter_rows(min_row=2, values_only=True))
    assert ("2024年报告.docx", "某某市生态环境局", "一、本年新收政府信息公开申请数量 / 总计", 95, 100, -5) in rows


def test_a_paragraph_with_its_numbers_updated_is_not_a_copy():
    """Last year's words with this year's numbers is how reports state recurring facts; the same
    words with the same numbers (the years aside) is the paragraph carried over unchanged."""
    from report_kit.published.copied import copied_paragraphs

    base = load_submission(SAMPLE)
    words = "{year}年，本机关动态更新行政规范性文件库，现行有效规范性文件{count}件，均已在门户网站集中公开并标注有效性。"
    last = replace(base, facts={**base.facts, "year": 2023}, prose={"overview_proactive": words.format(year=2023, count=35)})
    updated = replace(base, prose={"overview_proactive": words.format(year=2024, count=38)})
    unchanged = replace(base, prose={"overview_proactive": words.format(year=2024, count=35)})
    assert copied_paragraphs(updated, last) == []
    [finding] = copied_paragraphs(unchanged, last)
    assert finding.code == "C1" and "现行有效规范性文件35件" in finding.message


def test_one_report_twice_in_the_folder_is_a_notice_on_both(tmp_path):
    """The same agency and year as a web page and as a PDF (or published twice)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(PINGTAN, folder / "平潭.html")
    shutil.copy(PINGTAN, folder / "平潭（网页另存）.html")
    audited = audit_files(sorted(folder.iterdir()))
    said = ("“平潭综合实验区”2024年的报告在所审核的文件中有 2 份（平潭.html、平潭（网页另存）.html）：是同一份报告的不同格式，"
            "还是发布了两次？跨年对照只用其中一份。")
    assert [[(f.code, f.message) for f in a.result.findings] for a in audited] == [[("C2", said)], [("C2", said)]]
    assert all(a.ok for a in audited)  # a notice, not an error


def test_previous_accepts_a_published_report(tmp_path, sample_docx):
    last = _year_docx(tmp_path, 2023)
    done = run("check", SAMPLE, "--previous", last)
    assert done.returncode == 1
    assert "[错误] R6 表三“自然人”列：本年“二、上年结转”应等于上年“四、结转下年度继续办理”：本年 表三!D6 为 3，按上年数据应为 9" \
        in done.stdout
    made = run("make-workbook", "--agency", "某某市生态环境局", "--year", 2025, "--previous", sample_docx,
               "-o", tmp_path / "2025.xlsx")
    assert made.returncode == 0, made.stderr
    assert load_submission(tmp_path / "2025.xlsx").values["t3_carried_in_natural"] == \
        load_submission(SAMPLE).values["t3_carried_out_natural"]


def test_money_is_read_as_decimal_exactly():
    report = read_published(PINGTAN)
    assert report.submission.values["t2_fees"] == Decimal("18651.06")


@pytest.mark.parametrize("command", ["import", "audit"])
def test_help_is_chinese(command):
    done = run(command, "--help")
    assert done.returncode == 0 and done.stdout.startswith(f"用法：report-kit {command} [选项]")
    assert "显示本帮助并退出。" in done.stdout and "Show this message" not in done.stdout


def test_pdf_text_outside_every_cell_is_noticed():
    """On 洪泽's page 3 the header cell "信息内容" has no ruling lines: its text lands in no cell.
    It is a header word, not a number, so the values stand and no 提示 is raised for it."""
    report = read_published(HUAIAN)
    assert report.document.stray == [(3, 3, "信息内容")]
    assert not any(f.code == "P3" for f in report.submission.findings)


def test_label_cut_in_two_rows_is_joined(tmp_path):
    """A row cut by a page break: the first part of the label in a row of its own, without numbers."""
    soup = _soup()
    label = "5.要求行政机关确认或重新出具已获取信息"
    row = _row(soup, label)
    head = soup.new_tag("tr")
    cell = soup.new_tag("td")
    cell.string = "5.要求行政机关确认或重新出具"
    head.append(cell)
    row.insert_before(head)
    next(td for td in row.find_all("td") if td.get_text("", strip=True) == label).string = "已获取信息"
    for td in soup.find_all("td"):  # the merged group labels grow by the extra row
        if td.get_text("", strip=True).replace(" ", "") in ("（五）不予处理", "三、本年度办理结果") and td.get("rowspan"):
            td["rowspan"] = str(int(td["rowspan"]) + 1)
    page = tmp_path / "cut.html"
    page.write_text(str(soup), encoding="utf-8")
    report = read_published(page)
    assert report.not_read == {} and len(report.readings) == 200
    assert report.place("t3_rejected_confirmation_total") == \
        "表三 （五）不予处理 5.要求行政机关确认或重新出具已获取信息 / 总计"


def test_2019_table_two_is_named_not_guessed(tmp_path):
    soup = _soup()
    header = next(tr for tr in soup.find_all("tr") if "本年制发件数" in tr.get_text())
    for td, word in zip(header.find_all("td")[1:], ("本年新制作数量", "本年新公开数量", "对外公开总数量")):
        td.string = word
    page = tmp_path / "2019.html"
    page.write_text(str(soup), encoding="utf-8")
    report = read_published(page)
    assert {f for f in report.not_read} == {"t2_rules_issued", "t2_rules_repealed", "t2_rules_in_force",
                                           "t2_normative_issued", "t2_normative_repealed", "t2_normative_in_force"}
    assert printed_value(report, "t2_licensing") == 4529  # the next group has its own header again
    messages = [f.message for f in report.submission.findings]
    assert ("表二是 2019 年试行格式（国办公开办函〔2019〕60号），栏目与 2021 年格式不同，无法逐项对应，未读取；"
            "表三、表四两种格式相同，照常读取。") in messages


def test_imported_json_with_carry_over_not_read_is_refused_as_previous(tmp_path):
    soup = _soup()
    row = _row(soup, "四、结转下年度继续办理")
    row.decompose()
    page = tmp_path / "2023.html"
    page.write_text(str(soup).replace("2024年度政府", "2023年度政府"), encoding="utf-8")
    imported = tmp_path / "2023.json"
    assert run("import", page, "-o", imported).returncode == 0
    assert "t3_carried_out_natural" not in json.loads(imported.read_text(encoding="utf-8"))["values"]
    for last in (page, imported):
        done = run("check", SAMPLE, "--previous", last)
        assert done.returncode == 2
        assert done.stderr.strip() == (f"错误：上年报告“{last.name}”中“四、结转下年度继续办理 / 自然人、"
                                       "四、结转下年度继续办理 / 法人或其他组织·商业企业、四、结转下年度继续办理 / "
                                       "法人或其他组织·科研机构”未能读出，无法用于跨年核对。")


def test_lost_header_leaves_its_table_unread_not_guessed(tmp_path):
    """Table 三 without its header rows: its numbers cannot be given columns, so none is read;
    tables 二 and 四 (with their headers) are read as printed."""
    soup = _soup()
    header = next(tr for tr in soup.find_all("tr") if "申请人情况" in tr.get_text())
    for tr in [header] + header.find_next_siblings("tr")[:2]:
        tr.decompose()
    page = tmp_path / "no-header.html"
    page.write_text(str(soup), encoding="utf-8")
    report = read_published(page)
    t3 = {f.id for f in FORM.numbers if f.table == "t3"}
    assert set(report.not_read) == t3
    assert printed_value(report, "t4_suit_after_review_total") == 19 and printed_value(report, "t2_fees") == 18651.06
    done = run("audit", page)
    assert done.returncode == 0 and "[错误]" not in done.stdout
    assert done.stdout.count("[提示] P2 表三") == 25


def test_our_web_page_round_trip_every_number(tmp_path):
    """`compile --html` writes the page an agency publishes; `import` reads every number back exactly."""
    from report_kit.report.formats import render

    page = tmp_path / "报告.html"
    page.write_bytes(render("html", load_submission(SAMPLE)).data)
    report = read_published(page)
    assert report.kind == "html"
    _assert_round_trip(report)
    assert run("audit", page).returncode == 0


def test_a_zip_archive_is_refused_saying_to_unpack_it(tmp_path):
    import zipfile

    from report_kit.errors import UnusableInput

    archive = tmp_path / "年度报告.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("说明.txt", "年度报告见附件")
    with pytest.raises(UnusableInput) as raised:
        read_published(archive)
    assert str(raised.value) == ("“年度报告.zip”不是可读取的年度报告（这是一个压缩包或已损坏的 Word 文件；"
                                 "如是压缩包，请解压后读取其中的报告）。")
