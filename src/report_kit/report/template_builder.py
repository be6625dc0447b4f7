"""Build the default Word template from the spec (python-docx).

The template is generated, not hand-drawn: section headings, sub-heads and the three tables
with their merged cells come from the same spec as the workbook, one placeholder per number.
Fonts are set in the styles (w:eastAsia) in the usual official-document look: 方正小标宋简体 title,
黑体 / 楷体_GB2312 heads, 仿宋_GB2312 body, A4 with GB/T 9704 margins.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..spec import FORM, Sheet
from ..spec import form2021 as layout

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEAD1_FONT = "黑体"
HEAD2_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
TEXT_WIDTH_MM = 210 - 28 - 26

PREAMBLE = (
    "本报告由{{ agency }}按照《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开"
    "工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。",
    "本报告内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼"
    "情况、存在的主要问题及改进情况、其他需要报告的事项等六部分内容。",
    "本报告所列数据的统计期限自{{ year }}年1月1日起至{{ year }}年12月31日止。"
    "{% if website_url %}本报告电子版可在{% if website_name %}“{{ website_name }}”{% endif %}门户网站"
    "（{{ website_url }}）查阅或下载。{% endif %}"
    "{% if address or phone %}如对本报告有疑问，请与{{ agency }}联系（{{ address }}"
    "{% if address and phone %}，{% endif %}{% if phone %}联系电话：{{ phone }}{% endif %}）。{% endif %}",
)
TITLE = "{{ agency }}{{ year }}年政府信息公开工作年度报告"


def build_template() -> bytes:
    """The default template as .docx bytes."""
    doc = Document()
    _page_setup(doc)
    _styles(doc)
    doc.add_paragraph(TITLE, style="Title")
    for text in PREAMBLE:
        doc.add_paragraph(text)
    sheets = {s.name: s for s in FORM.sheets}
    prose_by_id = {f.id: f for f in FORM.prose}
    for heading, content in layout.SECTIONS:
        doc.add_paragraph(heading, style="Heading 1")
        if isinstance(content, str):
            _table(doc, sheets[_TABLE_SHEETS[content]])
            continue
        for field_id, subhead, _hint in content:
            assert field_id in prose_by_id
            if subhead:
                doc.add_paragraph(subhead, style="Heading 2")
            doc.add_paragraph("{%p for paragraph in " + field_id + " %}")
            doc.add_paragraph("{{ paragraph }}")
            doc.add_paragraph("{%p endfor %}")
    out = io.BytesIO()
    doc.core_properties.title = "政府信息公开工作年度报告"
    doc.core_properties.author = "report-kit"
    doc.save(out)
    return out.getvalue()


_TABLE_SHEETS = {"t2": layout.SHEET_T2, "t3": layout.SHEET_T3, "t4": layout.SHEET_T4}


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _set_font(style_or_run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = style_or_run.font
    font.name = name
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _paragraph_format(style, *, indent: bool, align=None, before: float = 0, after: float = 0) -> None:
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)  # 22 lines a page, as GB/T 9704 sets
    fmt.first_line_indent = Pt(32) if indent else Pt(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        fmt.alignment = align


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _set_font(normal, BODY_FONT, 16)
    _paragraph_format(normal, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    title = styles["Title"]
    _set_font(title, TITLE_FONT, 22, bold=False)
    title.font.color.rgb = None
    _paragraph_format(title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, after=16)
    title.paragraph_format.line_spacing = Pt(36)
    title.element.get_or_add_pPr().remove_all("w:pBdr")
    for name, font in (("Heading 1", HEAD1_FONT), ("Heading 2", HEAD2_FONT)):
        style = styles[name]
        _set_font(style, font, 16, bold=False)
        style.font.color.rgb = None
        style.font.italic = False
        _paragraph_format(style, indent=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        style.paragraph_format.keep_with_next = True
    cell = styles.add_style("Table Cell", 1)
    cell.base_style = normal
    _set_font(cell, TABLE_FONT, 9)
    _paragraph_format(cell, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _table(doc, sheet: Sheet) -> None:
    """One Word table mirroring a table sheet: same merges, labels and one placeholder per value."""
    blocks = [b for b in sheet.blocks if b.role != "title"]
    fields = [f for f in FORM.fields if f.sheet == sheet.name]
    first_row = min(b.row for b in blocks)
    last_row = max([b.row + b.rows - 1 for b in blocks] + [f.row for f in fields])
    cols = len(sheet.column_widths)
    table = doc.add_table(rows=last_row - first_row + 1, cols=cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    scale = TEXT_WIDTH_MM / sum(sheet.column_widths)
    for col, grid in enumerate(table._tbl.tblGrid.gridCol_lst):
        grid.w = Mm(sheet.column_widths[col] * scale)  # LibreOffice and WPS lay out by the grid
    for row in table.rows:
        for col, cell in enumerate(row.cells):
            cell.width = Mm(sheet.column_widths[col] * scale)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    items = [(b.row, b.col, b.rows, b.cols, b.text, b.role == "label" and b.rows == 1) for b in blocks]
    items += [(f.row, f.col, 1, f.width, "{{ " + f.id + " }}", False) for f in fields]
    for row, col, rows, span, text, left in items:
        cell = table.cell(row - first_row, col)
        if rows > 1 or span > 1:
            cell = cell.merge(table.cell(row - first_row + rows - 1, col + span - 1))
        paragraph = cell.paragraphs[0]
        paragraph.style = doc.styles["Table Cell"]
        paragraph.text = text
        if left:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.add_paragraph("")
