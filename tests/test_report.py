"""The compiled Word report against the real published example, and against hostile prose."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import docx

from report_kit.api import compile_report
from report_kit.report.render import render_report
from report_kit.report.template_builder import build_template as _build_template
from report_kit.workbook.reader import read_workbook
from tests.helpers import edit_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example-report-2024.txt"  # copy of shared/reference/
SAMPLE = ROOT / "samples" / "2024-济宁高新区科技创新局.xlsx"
HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


# Building the template takes seconds: once per test run.
build_template = functools.cache(_build_template)


def _document(data: bytes):
    return docx.Document(io.BytesIO(data))


def _example_lines() -> list[str]:
    text = EXAMPLE.read_text("utf-8")
    return [line.strip().replace("[bookmark: _GoBack]", "") for line in text.splitlines() if line.strip()]


def test_example_report_prose_and_headings_in_order():
    result = compile_report(read_workbook(SAMPLE))
    paragraphs = [p.text for p in _document(result.docx).paragraphs if p.text.strip()]
    example = _example_lines()
    # Every prose paragraph of the published report appears, in the same order.
    prose = [line for line in example if len(line) > 40 and not line.startswith(("本报告", "（"))]
    positions = [paragraphs.index(line) for line in prose]
    assert positions == sorted(positions) and len(prose) >= 8
    assert [p for p in paragraphs if p in HEADINGS] == HEADINGS
    assert paragraphs[0] == "济宁高新区科技创新局\n2024年政府信息公开工作年度报告"  # two lines, as published
    assert example[2] in paragraphs  # preamble: which rules the report follows
    # The period, website and contact sentences are built from the facts; the example words the
    # website sentence with an extra "管委会" and leaves the address unlabelled (we print "地址：" as
    # "联系电话：" is), so compare sentence by sentence.
    period = next(p for p in paragraphs if p.startswith("本报告所列数据的统计期限"))
    published = example[4].replace("”管委会门户网站", "”门户网站").replace("联系（", "联系（地址：")
    for sentence in published.split("。")[:-1]:
        assert sentence + "。" in period


def test_example_report_tables_labels_and_values():
    document = _document(compile_report(read_workbook(SAMPLE)).docx)
    t2, t3, t4 = document.tables
    example = "\n".join(_example_lines())
    t2_rows = [[c.text for c in row.cells] for row in t2.rows]
    assert ["行政规范性文件", "0", "0", "1"] in t2_rows
    labels_in_order = [row.cells[2].text for row in t3.rows[3:]]
    for label in labels_in_order:
        assert label.replace("\n", "") in example.replace("\n", ""), label
    assert all(c.text == "0" for row in t3.rows[3:] for c in row.cells[3:])
    assert len(t3.rows) == 28 and len(t3.columns) == 10 and len(t4.columns) == 15


def test_prose_comes_out_literally(blank_workbook, tmp_path):
    text = "第一段：a < b & c > d，“引号”，{{ agency }} {% if x %}\n\n第二段"
    submission = read_workbook(edit_workbook(blank_workbook, tmp_path / "p.xlsx", {"overview_intro": text}))
    paragraphs = [p.text for p in _document(render_report(submission)).paragraphs]
    start = paragraphs.index("一、总体情况")
    assert paragraphs[start + 1: start + 3] == ["第一段：a < b & c > d，“引号”，{{ agency }} {% if x %}", "第二段"]


def test_fonts_are_in_the_template_styles():
    styles = _document(build_template()).styles
    def east_asia(name):
        element = styles[name].element.rPr.rFonts
        return element.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert (east_asia("Normal"), east_asia("Title"), east_asia("Heading 1"), east_asia("Heading 2")) == (
        "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312")


def test_committed_template_is_what_the_spec_builds():
    committed = _document((ROOT / "templates" / "政府信息公开工作年度报告模板.docx").read_bytes())
    fresh = _document(build_template())
    def text(d):
        return [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]

    assert text(committed) == text(fresh), "run: python templates/build.py"


def test_numbers_are_placeholders_one_per_cell():
    variables = re.findall(r"\{\{ (\w+) \}\}", "\n".join(
        c.text for t in _document(build_template()).tables for r in t.rows for c in r.cells))
    assert len(set(variables)) == 10 + 175 + 15


# --- typography: what Word and WPS read from the template ------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _report_docx(**facts) -> bytes:
    from tests.helpers import department_data

    submission = department_data("某某市生态环境局")
    submission.facts.update(facts)
    return render_report(submission)


def _part(data: bytes, name: str):
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def test_styles_name_the_official_fonts_without_theme_fonts_in_chinese():
    report = _report_docx()
    styles, document, settings = (_part(report, f"word/{n}.xml") for n in ("styles", "document", "settings"))
    theme_attrs = [f"{W}{a}" for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]
    for root in (styles, document):
        for fonts in root.iter(f"{W}rFonts"):
            assert not [a for a in theme_attrs if a in fonts.attrib], fonts.attrib
    languages = list(styles.iter(f"{W}lang"))
    assert languages and all(lang.get(f"{W}eastAsia") == "zh-CN" for lang in languages)
    theme_lang = settings.find(f"{W}themeFontLang")
    assert (theme_lang.get(f"{W}val"), theme_lang.get(f"{W}eastAsia")) == ("zh-CN", "zh-CN")
    default = styles.find(f"{W}docDefaults").find(f".//{W}rFonts")
    assert default.get(f"{W}eastAsia") == "仿宋_GB2312"
    # Word and WPS without 仿宋_GB2312 / 楷体_GB2312 fall back to the fonts named here
    alt = {f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val")
           for f in _part(report, "word/fontTable.xml") if f.find(f"{W}altName") is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    import zipfile

    assert not [n for n in zipfile.ZipFile(io.BytesIO(report)).namelist() if "stylesWithEffects" in n]
    sheet = _document(report).styles
    named = {name: (sheet[name].element.rPr.rFonts.get(f"{W}eastAsia"), sheet[name].font.size.pt)
             for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Cell", "Page Number")}
    assert named == {"Normal": ("仿宋_GB2312", 16), "Title": ("方正小标宋简体", 22), "Heading 1": ("黑体", 16),
                     "Heading 2": ("楷体_GB2312", 16), "Table Cell": ("宋体", 10.5), "Page Number": ("宋体", 14)}


def test_page_numbers_odd_right_even_left_with_dashes():
    report = _report_docx()
    assert _part(report, "word/settings.xml").find(f"{W}evenAndOddHeaders") is not None
    section = _document(report).sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"  # the PAGE field's placeholder result between 一字线
        instructions = [t.text for t in paragraph._p.iter(f"{W}instrText")]
        assert instructions == [" PAGE "]
        assert paragraph.alignment == (2 if side == "right" else 0)  # RIGHT / LEFT
        assert getattr(paragraph.paragraph_format, f"{side}_indent").pt == 14  # one character in


def test_table_rows_keep_whole_headers_repeat_bands_keep_with_next():
    t2, t3, t4 = _document(_report_docx()).tables
    for table in (t2, t3, t4):
        for row in table.rows:
            assert row._tr.trPr.find(f"{W}cantSplit") is not None
        margins = table._tbl.tblPr.find(f"{W}tblCellMar")
        assert margins is not None and int(margins.find(f"{W}top").get(f"{W}w")) > 0
    def repeated(t):
        return [r._tr.trPr.find(f"{W}tblHeader") is not None for r in t.rows]

    assert repeated(t3) == [True] * 3 + [False] * 25
    assert repeated(t4) == [True] * 3 + [False]
    assert not any(repeated(t2))
    bands = [r for r in t2.rows if r.cells[0].text.startswith("第二十条")]
    assert len(bands) == 4
    for band in bands:
        assert all(p.paragraph_format.keep_with_next for c in band.cells for p in c.paragraphs)
    # numbers centred
    assert t3.rows[3].cells[9].paragraphs[0].alignment in (None, 1)
    assert _document(_report_docx()).styles["Table Cell"].paragraph_format.alignment == 1


def test_results_label_stacks_without_a_lone_comma():
    t3 = _document(_report_docx()).tables[1]
    lines = t3.rows[5].cells[0].text.split("\n")
    assert lines == ["三、", "本", "年", "度", "办", "理", "结", "果"]
    # narrow column heads two characters a line, as published tables print them
    assert [c.text for c in t3.rows[2].cells[4:8]] == ["商业\n企业", "科研\n机构", "社会\n公益\n组织", "法律\n服务\n机构"]
    # a column of counts holds five digits of 五号 type on one line, the 总计 column six
    mm = [int(g.get(f"{W}w")) / 56.7 for g in t3._tbl.tblGrid.iter(f"{W}gridCol")]
    assert all(w >= 12.1 for w in mm[3:9]) and mm[9] >= 13.4 and abs(sum(mm) - 156) < 0.5


def _contact(report: bytes) -> str:
    period = next(p.text for p in _document(report).paragraphs if p.text.startswith("本报告所列数据的统计期限"))
    return period[period.index("。本报告电子版") + 1:] if "如对" in period else ""


def test_preamble_contact_prints_each_given_fact_with_its_label():
    full = _contact(_report_docx(address="某某市人民路100号", postcode="272000", phone="0537-1234567",
                                 email="gk@example.gov.cn"))
    assert full.endswith("如对本报告有疑问，请与某某市生态环境局联系（地址：某某市人民路100号，邮编：272000，"
                         "联系电话：0537-1234567，电子邮箱：gk@example.gov.cn）。")
    without = _contact(_report_docx(address="某某市人民路100号", postcode="", phone="0537-1234567", email=""))
    assert without.endswith("联系（地址：某某市人民路100号，联系电话：0537-1234567）。")
    only_mail = _contact(_report_docx(address="", postcode="", phone="", email="gk@example.gov.cn"))
    assert only_mail.endswith("联系（电子邮箱：gk@example.gov.cn）。")
    assert _contact(_report_docx(address="", postcode="", phone="", email="")) == ""


def test_postcode_and_email_come_from_the_workbook(blank_workbook, tmp_path):
    path = edit_workbook(blank_workbook, tmp_path / "f.xlsx", {"postcode": 272000, "email": " gk@example.gov.cn "})
    submission = read_workbook(path)
    assert (submission.facts["postcode"], submission.facts["email"]) == ("272000", "gk@example.gov.cn")
    # A workbook handed out before these facts existed (the samples) still reads; they are empty.
    old = read_workbook(SAMPLE)
    assert (old.facts["postcode"], old.facts["email"]) == ("", "") and not old.findings


def test_title_two_lines_and_a_long_agency_breaks_before_its_parenthesis():
    def title(agency):
        return _document(_report_docx(agency=agency)).paragraphs[0].text

    assert title("某某市生态环境局") == "某某市生态环境局\n2024年政府信息公开工作年度报告"
    assert title("某某市人民政府办公室（某某市政务服务和数据管理局）") == (
        "某某市人民政府办公室\n（某某市政务服务和数据管理局）\n2024年政府信息公开工作年度报告")
    assert title("某某县人民政府（办公室）") == "某某县人民政府（办公室）\n2024年政府信息公开工作年度报告"  # fits
