"""The 图解: every number it shows is a table value (or a ratio of them), over random tables, in the
laid-out figure both the SVG and the PNG draw; the SVG is well-formed and fits a phone; the PNG is drawn
with a Chinese font at print size; `compile --charts` writes both and embeds the SVG in the page, and
`compile --charts-docx` ends the Word report with the 图解 on a page of its own."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import xml.dom.minidom
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from PIL import Image, ImageDraw

from report_kit.api import compile_report, load_submission
from report_kit.errors import FontMissing
from report_kit.form import messages as msg
from report_kit.report import chart_font
from report_kit.report.chart_png import SCALE, chart_png, draw_png
from report_kit.report.charts import PAGE_WIDTH, WIDTH, chart_figure, chart_svg, texts
from tests.test_draft import consistent_tables

ROOT = Path(__file__).resolve().parents[1]
BUSY = ROOT / "samples" / "2024-某某市生态环境局.json"
QUIET = ROOT / "samples" / "2024-济宁高新区科技创新局.json"
NAME = "2024年政府信息公开工作年度报告-某某市生态环境局"


def _numbers_match_the_tables(submission, previous=None, page=False) -> list[str]:
    """Check every text of the figure (what the PNG draws) against the tables, and that the SVG
    writes exactly those texts; return the numbers shown. `page`: the Word page's layout."""
    values = submission.computed()
    last = previous.computed() if previous is not None else {}
    figure = chart_figure(submission, previous, page=page)
    if page:
        return _figure_numbers(figure, submission, values, last)
    svg = chart_svg(submission, previous)
    xml.dom.minidom.parseString(svg)  # well-formed: opens as a file, not only inside HTML
    assert texts(svg) == [({"x": f"{t.x:.0f}", "y": f"{t.y:.0f}", "font-size": str(t.size), "fill": t.fill,
                            "text-anchor": t.anchor, "font-weight": t.weight, **t.attrs}, t.text)
                          for t in figure.texts]
    return _figure_numbers(figure, submission, values, last)


def _figure_numbers(figure, submission, values, last) -> list[str]:
    shown = []
    for attrs, text in ((t.attrs, t.text) for t in figure.texts):
        digits = re.findall(r"\d+(?:\.\d+)?", text)
        if attrs.get("data-role") in ("title", "legend"):
            assert digits in ([], [str(submission.year)], [str(submission.year - 1)]), text
            continue
        if "data-fields" in attrs:
            source = last if attrs.get("data-year") == "previous" else values
            expected = sum(source[i] for i in attrs["data-fields"].split("+"))
            assert digits == [str(expected)], (text, attrs)
        elif "data-ratio" in attrs:
            top, bottom = (sum(values[i] for i in part.split("+")) for part in attrs["data-ratio"].split("/"))
            if bottom == 0:
                assert text == "—"
            else:
                assert Decimal(digits[0]) == (Decimal(top) * 100 / bottom).quantize(Decimal("0.1")), text
        else:
            assert digits == [], text  # a label: no number without saying where it comes from
            continue
        shown.append(text)
    return shown


def test_busy_sample_shows_its_key_figures_and_bars():
    shown = _numbers_match_the_tables(load_submission(BUSY))
    assert shown[:5] == ["95件", "5件", "94%", "办结94件", "59.6%"]
    assert len(shown) == 9 + 6 + 6  # key figures and notes, applicants by type, six result groups


def test_a_year_without_requests_shows_zeros_and_no_made_up_rates():
    svg = chart_svg(load_submission(QUIET))
    _numbers_match_the_tables(load_submission(QUIET))
    assert svg.count(">—</text>") == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_tables(), consistent_tables())
def test_every_number_drawn_is_a_table_number(submission, last_year):
    _numbers_match_the_tables(submission)
    shown = _numbers_match_the_tables(submission, last_year)
    assert len(shown) == 21 + 12  # six items compared, this year and last
    assert _numbers_match_the_tables(submission, last_year, page=True) == shown  # the Word page's layout


def test_the_page_layouts_two_columns_do_not_run_into_each_other():
    figure = chart_figure(load_submission(BUSY), page=True)
    heads = [t for t in figure.texts if t.weight == "bold" and t.size == 14]
    assert len(heads) == 2 and heads[0].y == heads[1].y
    left, right = heads
    assert left.x + left.size * len(left.text) < right.x  # CJK characters are one em wide
    assert figure.width == PAGE_WIDTH and figure.height / figure.width < 225 / 156  # fits an A4 text block


def test_a_long_agency_name_stays_inside_the_chart():
    submission = load_submission(QUIET)
    submission.facts["agency"] = "某某省某某市某某区人民政府办公室（区政务服务和大数据管理局）"
    first = texts(chart_svg(submission))[0][0]
    width = int(re.search(r'viewBox="0 0 (\d+)', chart_svg(submission)).group(1))
    assert int(first["font-size"]) * len(submission.facts["agency"]) <= width - 32


def test_compile_charts_writes_the_svg_and_puts_it_in_the_page(tmp_path):
    source = tmp_path / "in.json"
    source.write_bytes(BUSY.read_bytes())
    done = subprocess.run([sys.executable, "-m", "report_kit", "compile", source, "--html-only", "--charts"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    name = "2024年政府信息公开工作年度报告-某某市生态环境局"
    assert f"已生成图解：{tmp_path / (name + '（图解）.svg')}" in done.stdout
    svg = (tmp_path / f"{name}（图解）.svg").read_text("utf-8")
    xml.dom.minidom.parseString(svg)
    page = (tmp_path / f"{name}.html").read_text("utf-8")
    assert "<h2" in page and ">图解</h2><svg" in page and page.count("<svg") == 1


def test_compile_charts_with_previous_compares_with_last_year(tmp_path):
    import json

    data = json.loads(BUSY.read_text("utf-8"))
    last = json.loads(BUSY.read_text("utf-8"))
    last["facts"]["year"] = 2023
    for key in list(last["values"]):
        if key.startswith("t3_carried_out_"):
            last["values"][key] = data["values"][key.replace("carried_out", "carried_in")]
    last["values"]["t4_review_upheld"] = 7
    (tmp_path / "last.json").write_text(json.dumps(last, ensure_ascii=False), "utf-8")
    source = tmp_path / "in.json"
    source.write_bytes(BUSY.read_bytes())
    done = subprocess.run([sys.executable, "-m", "report_kit", "compile", source, "--html-only", "--charts",
                           "--previous", tmp_path / "last.json", "-o", tmp_path / "r.html"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    svg = next(tmp_path.glob("*（图解）.svg")).read_text("utf-8")
    assert ">与上年对比</text>" in svg and ">2023年</text>" in svg
    assert '<text x="430" y="' in svg  # numbers drawn beside the bars
    assert re.search(r'data-fields="t4_review_total" data-year="previous">9</text>', svg)


# --- the PNG ----------------------------------------------------------------------------------------

def test_the_png_draws_exactly_the_figures_texts_at_print_size(monkeypatch):
    """What Pillow is asked to draw is the figure checked above, text for text, with a font that
    covers Chinese; the picture is 4 pixels per chart unit (1920 wide: over 300 dpi at 156 mm)."""
    submission = load_submission(BUSY)
    drawn = []
    original = ImageDraw.ImageDraw.text

    def recording(self, xy, text, *args, **kwargs):
        drawn.append((text, kwargs["font"]))
        return original(self, xy, text, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", recording)
    figure = chart_figure(submission, submission)
    png = chart_png(submission, submission)
    assert [text for text, _font in drawn] == [t.text for t in figure.texts]
    assert _numbers_match_the_tables(submission, submission)
    for text, font in drawn:  # no character is drawn as the font's missing-glyph box
        assert not [ch for ch in text if _glyph(font, ch) == _glyph(font, "\uffff")], text
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (WIDTH * SCALE, figure.height * SCALE) == (1920, 4192)
        assert round(image.info["dpi"][0]) == 300
        assert image.getpixel((0, 0)) == (255, 255, 255)


def _glyph(font, ch: str) -> tuple:
    """The pixels `font` draws for `ch` (equal to those of U+FFFF when it has no glyph for it)."""
    mask = font.getmask(ch)
    return mask.size, Image.Image()._new(mask).tobytes()


def test_the_chinese_font_is_found_and_its_simplified_face_chosen():
    from PIL import ImageFont

    fonts = chart_font.find_chart_fonts()
    face = ImageFont.truetype(fonts.regular.path, 20, index=fonts.regular.index)
    # fontconfig's answer with fonts-noto-cjk: the SC face of the collection, not the Japanese one
    assert face.getname() == ("Noto Sans CJK SC", "Regular")
    assert _glyph(face, "图") != _glyph(face, "\uffff")
    bold = ImageFont.truetype(fonts.bold.path, 20, index=fonts.bold.index)
    assert bold.getname() == ("Noto Sans CJK SC", "Bold")


def test_a_font_without_chinese_is_not_taken():
    """fc-match always answers, with the closest face it has; one not covering zh-cn is refused."""
    assert chart_font._fontconfig("DejaVu Sans") is None
    assert chart_font._fontconfig("Noto Sans CJK SC") is not None


def test_no_chinese_font_is_said_not_drawn_as_boxes(monkeypatch, tmp_path):
    monkeypatch.setattr(chart_font, "_from_fontconfig", lambda: None)
    monkeypatch.setattr(chart_font.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    with pytest.raises(FontMissing) as raised:
        draw_png(chart_figure(load_submission(BUSY)))
    assert str(raised.value) == msg.CHART_FONT_MISSING.text()
    (tmp_path / "Fonts").mkdir()
    (tmp_path / "Fonts" / "simhei.ttf").write_bytes(b"")  # 黑体: found in the Windows fonts folder
    found = chart_font.find_chart_fonts()
    assert found.regular.path == str(tmp_path / "Fonts" / "simhei.ttf") and found.bold is None


# --- the command ------------------------------------------------------------------------------------

def run(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})})


def _no_fonts(tmp_path) -> dict[str, str]:
    """A fontconfig that knows no fonts at all: a machine without a Chinese font."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<fontconfig><cachedir>' + str(tmp_path / "cache")
                    + "</cachedir></fontconfig>\n", "utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def test_compile_charts_writes_svg_and_png_and_replaces_its_own(tmp_path):
    source = tmp_path / "in.json"
    source.write_bytes(BUSY.read_bytes())
    done = run("compile", source, "--charts")
    assert done.returncode == 0, done.stderr
    png = tmp_path / f"{NAME}（图解）.png"
    assert f"已生成图解：{png}" in done.stdout and (tmp_path / f"{NAME}（图解）.svg").is_file()
    with Image.open(png) as image:
        assert image.size == (1920, chart_figure(load_submission(BUSY)).height * 4)
        assert image.text["report-kit"]  # the owner stamp: a later run replaces it
    again = run("compile", source, "--charts")
    assert again.returncode == 0, again.stderr
    png.write_bytes(b"someone else's picture")
    third = run("compile", source, "--charts")
    assert third.returncode == 2 and "已存在，未覆盖" in third.stderr
    assert png.read_bytes() == b"someone else's picture"


def test_without_a_chinese_font_the_png_is_not_made_and_says_why(tmp_path):
    source = tmp_path / "in.json"
    source.write_bytes(BUSY.read_bytes())
    done = run("compile", source, "--charts", env=_no_fonts(tmp_path))
    assert done.returncode == 2
    assert f"错误：{msg.CHART_FONT_MISSING.text()}PNG 图片未生成（SVG 图解已生成）。" in done.stderr
    assert (tmp_path / f"{NAME}（图解）.svg").is_file() and not list(tmp_path.glob("*.png"))
    docx = run("compile", source, "--charts-docx", "-o", tmp_path / "r.docx", env=_no_fonts(tmp_path))
    assert docx.returncode == 2 and "Traceback" not in docx.stderr
    assert "未生成报告；不加 --charts-docx 可生成不带图解页的报告。" in docx.stderr
    assert not (tmp_path / "r.docx").exists()


def test_charts_docx_does_not_go_with_html_only_or_a_batch(tmp_path):
    source = tmp_path / "in.json"
    source.write_bytes(BUSY.read_bytes())
    alone = run("compile", source, "--html-only", "--charts-docx")
    assert alone.returncode == 2 and "--html-only 不生成 Word 报告" in alone.stderr
    batch = run("compile", tmp_path, "--charts-docx")
    assert batch.returncode == 2 and "--charts-docx" in batch.stderr and "请逐个文件编制" in batch.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_plain_compile_does_not_load_the_chart_drawing(tmp_path):
    """Neither the chart modules nor Pillow's drawing (openpyxl itself imports PIL.Image when it is
    installed, for pictures in workbooks: that import is not ours and costs a few milliseconds)."""
    source = tmp_path / "in.json"
    source.write_bytes(BUSY.read_bytes())
    code = ("import sys\nfrom report_kit.cli import run\nsys.argv = ['report-kit'] + sys.argv[1:]\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('report_kit.report.chart', 'report_kit.report.docx_',"
            " 'PIL.ImageDraw', 'PIL.ImageFont', 'PIL.PngImagePlugin'))), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, "compile", str(source)], capture_output=True, text=True)
    assert "已生成报告" in done.stdout and done.stderr.strip().splitlines()[-1] == "[]"


# --- the last page of the Word report ----------------------------------------------------------------

def _last_page(docx: bytes):
    """The Word report's body after its last page break: (heading, the paragraphs after it)."""
    from docx import Document

    document = Document(io.BytesIO(docx))
    paragraphs = document.paragraphs
    starts = [i for i, p in enumerate(paragraphs) if p.paragraph_format.page_break_before
              or p._p.xpath(".//w:br[@w:type='page']")]
    return document, paragraphs[starts[-1]], paragraphs[starts[-1] + 1:]


@pytest.mark.parametrize("force", [False, True], ids=["compiled template", "docxtpl (a draft)"])
def test_charts_docx_ends_the_report_with_the_picture_on_a_page_of_its_own(force):
    submission = load_submission(BUSY)
    if force:
        submission.prose.clear()  # unwritten sections: a draft, rendered by docxtpl
    plain = compile_report(submission, force=force)
    result = compile_report(submission, force=force, charts_page=True)
    assert result.forced == force
    document, heading, after = _last_page(result.docx)
    assert heading.text == "图解" and heading.paragraph_format.page_break_before
    assert heading.style.name == "Heading 1"
    assert len(after) == 1 and after[0].text == ""
    pictures = after[0]._p.xpath(".//pic:pic")
    assert len(pictures) == 1 and document.inline_shapes[-1]._inline.xpath(".//pic:pic")
    shape = document.inline_shapes[-1]
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert shape.width <= text_width and shape.height <= text_height - 355600  # under the heading's line
    figure = chart_figure(submission, page=True)
    assert abs(shape.height / shape.width - figure.height / figure.width) < 0.01
    assert shape.width == text_width  # the page's layout fills the text block's width
    blip = shape._inline.xpath(".//a:blip/@r:embed")[0]
    with Image.open(io.BytesIO(document.part.related_parts[blip].blob)) as image:
        assert image.size == (PAGE_WIDTH * SCALE, figure.height * SCALE)
    # nothing else changed: the plain report's paragraphs come first, unchanged
    from docx import Document

    before = [p.text for p in Document(io.BytesIO(plain.docx)).paragraphs]
    assert [p.text for p in document.paragraphs][:len(before)] == before


def test_the_charts_page_prints_as_one_last_page_inside_the_text_block(tmp_path):
    """Through LibreOffice: one page more than the report without it; on it the heading and the
    picture (the tallest chart, compared with last year), inside the 156 × 225 mm text block."""
    import pdfplumber

    from report_kit.report.pdf import docx_to_pdf, find_office

    if find_office() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI but is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    submission = load_submission(BUSY)
    pages = {}
    for page_added in (False, True):
        report = compile_report(submission, previous=submission, charts_page=page_added, force=True).docx
        (tmp_path / f"{page_added}.pdf").write_bytes(docx_to_pdf(report).pdf)
        with pdfplumber.open(tmp_path / f"{page_added}.pdf") as pdf:
            pages[page_added] = len(pdf.pages)
            last = pdf.pages[-1]
            if page_added:
                images, words = last.images, last.extract_words()
    assert pages[True] == pages[False] + 1
    mm = 72 / 25.4
    assert len(images) == 1
    image = images[0]
    assert words[0]["text"] == "图解" and words[0]["bottom"] <= image["top"]
    assert image["x0"] >= 28 * mm - 1 and image["x1"] <= (210 - 26) * mm + 1  # the text block's width
    assert image["top"] >= 37 * mm - 1 and image["bottom"] <= (297 - 35) * mm + 1
