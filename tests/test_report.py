"""The compiled Word report against the real published example, and against hostile prose."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx

from report_kit.pipeline import compile_report
from report_kit.report.render import render_report
from report_kit.report.template_builder import build_template
from report_kit.workbook.reader import read_workbook
from tests.helpers import edit_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example-report-2024.txt"  # copy of shared/reference/
SAMPLE = ROOT / "samples" / "2024-济宁高新区科技创新局.xlsx"
HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


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
    assert paragraphs[0] == "济宁高新区科技创新局2024年政府信息公开工作年度报告"
    assert example[2] in paragraphs  # preamble: which rules the report follows
    # The period, website and contact sentences are built from the facts; the example words the
    # website sentence with an extra "管委会", so compare sentence by sentence.
    period = next(p for p in paragraphs if p.startswith("本报告所列数据的统计期限"))
    for sentence in example[4].replace("”管委会门户网站", "”门户网站").split("。")[:-1]:
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
    text = lambda d: [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert text(committed) == text(fresh), "run: python templates/build.py"


def test_numbers_are_placeholders_one_per_cell():
    variables = re.findall(r"\{\{ (\w+) \}\}", "\n".join(
        c.text for t in _document(build_template()).tables for r in t.rows for c in r.cells))
    assert len(set(variables)) == 10 + 175 + 15
