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
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..form import FORM, Sheet
from ..form import form2021 as layout
from ..stamps import TOOL

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEAD1_FONT = "黑体"
HEAD2_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
TABLE_SIZE = 10.5  # 五号
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE = 14  # 4号
CELL_PAD_TOPBOTTOM = 34  # twips: 0.6 mm (rows about as tall as in published tables)
CELL_PAD_SIDE = 28  # twips: 0.5 mm
NUMBER_PAD_SIDE = 20  # twips: 0.35 mm
NUMBER_COL_MM = 12.2  # five digits of 五号 type (in a substitute face too), or the head 自然人
TOTAL_COL_MM = 13.5  # six digits
TEXT_WIDTH_MM = 210 - 28 - 26

def _contact_sentence() -> str:
    """“如对本报告有疑问，请与…联系（地址：…，邮编：…，联系电话：…，电子邮箱：…）。” with only the
    facts that were given, each with its label, separated by “，”."""
    parts = (("address", "地址"), ("postcode", "邮编"), ("phone", "联系电话"), ("email", "电子邮箱"))
    any_of = " or ".join(fid for fid, _ in parts)
    text = "{% if " + any_of + " %}如对本报告有疑问，请与{{ agency }}联系（"
    for i, (fid, label) in enumerate(parts):
        comma = ("{% if " + " or ".join(f for f, _ in parts[:i]) + " %}，{% endif %}") if i else ""
        text += "{% if " + fid + " %}" + comma + label + "：{{ " + fid + " }}{% endif %}"
    return text + "）。{% endif %}"


PREAMBLE = (
    "本报告由{{ agency }}按照《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开"
    "工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。",
    "本报告内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼"
    "情况、存在的主要问题及改进情况、其他需要报告的事项等六部分内容。",
    "本报告所列数据的统计期限自{{ year }}年1月1日起至{{ year }}年12月31日止。"
    "{% if website_url %}本报告电子版可在{% if website_name %}“{{ website_name }}”{% endif %}门户网站"
    "（{{ website_url }}）查阅或下载。{% endif %}"
    + _contact_sentence(),
)
# Two lines, as published reports print it: the agency (see `context.title_agency`), then the year
# and the report's name (18 characters, which fit one line of 2号 type, so it is never broken mid-word).
TITLE_LINES = (
    "{{ title_agency }}",
    "{{ year }}年" + layout.REPORT_NAME,
)


def build_template() -> bytes:
    """The default template as .docx bytes."""
    doc = Document()
    _page_setup(doc)
    _styles(doc)
    _page_numbers(doc)
    title = doc.add_paragraph(TITLE_LINES[0], style="Title")
    title.add_run().add_break()
    title.add_run(TITLE_LINES[1])
    for text in PREAMBLE:
        doc.add_paragraph(text)
    sheets = {s.name: s for s in FORM.sheets}
    prose_by_id = {f.id: f for f in FORM.prose}
    for heading, content in layout.SECTIONS:
        doc.add_paragraph(heading, style="Heading 1")
        if isinstance(content, str):
            _table(doc, sheets[layout.TABLE_SHEETS[content]])
            continue
        for field_id, subhead, _hint in content:
            assert field_id in prose_by_id
            if subhead:
                doc.add_paragraph(subhead, style="Heading 2")
            doc.add_paragraph("{%p for paragraph in " + field_id + " %}")
            doc.add_paragraph("{{ paragraph }}")
            doc.add_paragraph("{%p endfor %}")
    _no_theme_fonts(doc.styles.element)
    _no_theme_fonts(doc.element)
    _chinese_language(doc)
    _font_table(doc)
    out = io.BytesIO()
    doc.core_properties.title = layout.REPORT_NAME
    doc.core_properties.author = TOOL
    doc.save(out)
    return out.getvalue()


_THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))


def _page_setup(doc) -> None:
    """A4, GB/T 9704: 版心 156 mm × 225 mm, top 37 mm, left 28 mm."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The page number's line (4号, about 5 mm) starts 7 mm below the text block.
    section.footer_distance = Mm(35 - 7 - 5)
    section.header_distance = Mm(15)


def _page_numbers(doc) -> None:
    """“— 3 —” in 4号 半角宋体: odd pages right, even pages left, one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles["Page Number"]
        paragraph.alignment = align
        setattr(paragraph.paragraph_format, f"{side}_indent", Pt(PAGE_NUMBER_SIZE))
        paragraph.add_run("— ")
        _page_field(paragraph)
        paragraph.add_run(" —")


def _page_field(paragraph) -> None:
    """A PAGE field as Word writes it (begin, instruction, separate, result, end)."""
    def run_with(tag: str, **attrs):
        run = paragraph.add_run()
        element = run._r.makeelement(qn(tag), {qn(k): v for k, v in attrs.items()})
        run._r.append(element)
        return run, element
    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    _run, instruction = run_with("w:instrText", **{"xml:space": "preserve"})
    instruction.text = " PAGE "
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run("1")
    run_with("w:fldChar", **{"w:fldCharType": "end"})


def _no_theme_fonts(root) -> None:
    """Drop every theme-font attribute: where one is present Word ignores the named font beside it."""
    for fonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(attr, None)


# Word and WPS fall back to a font's w:altName when it is not installed: the common Windows
# faces (仿宋, 楷体 come with Chinese Windows) instead of a guess. (id: altName, GB2312 charset, family)
_ALT_NAMES = (
    (BODY_FONT, "仿宋", "modern"),
    (HEAD2_FONT, "楷体", "modern"),
    (TITLE_FONT, "宋体", "roman"),
    (HEAD1_FONT, "SimHei", "modern"),
    (TABLE_FONT, "SimSun", "auto"),
)


def _font_table(doc) -> None:
    """Declare the 公文 fonts with Windows fallbacks; drop the Japanese theme faces python-docx's
    default template lists, and its stylesWithEffects part (Word 2010's copy of the styles, with
    the theme fonts back in it)."""
    from lxml import etree

    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)
        elif rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            fonts = etree.fromstring(part.blob)
            for font in fonts.findall(qn("w:font")):
                if font.find(qn("w:charset")) is not None and font.find(qn("w:charset")).get(qn("w:val")) == "80":
                    fonts.remove(font)  # Shift-JIS faces (ＭＳ 明朝, ＭＳ ゴシック)
            for name, alt, family in _ALT_NAMES:
                font = etree.SubElement(fonts, qn("w:font"), {qn("w:name"): name})
                etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
                etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
                etree.SubElement(font, qn("w:family"), {qn("w:val"): family})
                etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
            part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _chinese_language(doc) -> None:
    """zh-CN for East-Asian text in every style and in the theme-font language setting, so that
    Word and LibreOffice pick Chinese, not Japanese, glyphs and line-breaking rules."""
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:eastAsia"), "zh-CN")
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = settings.makeelement(qn("w:themeFontLang"), {})
        settings.append(theme_lang)
    theme_lang.set(qn("w:val"), "zh-CN")
    theme_lang.set(qn("w:eastAsia"), "zh-CN")


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
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        defaults.find(qn("w:rFonts")).set(qn(attr), BODY_FONT)
    normal = styles["Normal"]
    _set_font(normal, BODY_FONT, 16)
    _paragraph_format(normal, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    title = styles["Title"]
    _set_font(title, TITLE_FONT, 22, bold=False)
    title.font.color.rgb = None
    _paragraph_format(title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, after=28)
    title.paragraph_format.line_spacing = Pt(36)
    spacing = title.element.get_or_add_rPr().find(qn("w:spacing"))
    if spacing is not None:  # python-docx's Title spaces its letters: 20 characters no longer fit a line
        spacing.getparent().remove(spacing)
    title.element.get_or_add_pPr().remove_all("w:pBdr")
    for name, font in (("Heading 1", HEAD1_FONT), ("Heading 2", HEAD2_FONT)):
        style = styles[name]
        _set_font(style, font, 16, bold=False)
        style.font.color.rgb = None
        style.font.italic = False
        _paragraph_format(style, indent=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        style.paragraph_format.keep_with_next = True
    cell = styles.add_style("Table Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    _set_font(cell, TABLE_FONT, TABLE_SIZE)
    _paragraph_format(cell, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    spacer = styles.add_style("Table Spacer", WD_STYLE_TYPE.PARAGRAPH)  # half a line after a table
    spacer.base_style = normal
    _paragraph_format(spacer, indent=False)
    spacer.paragraph_format.line_spacing = Pt(14)
    number = styles.add_style("Page Number", WD_STYLE_TYPE.PARAGRAPH)
    number.base_style = normal
    _set_font(number, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _paragraph_format(number, indent=False)
    number.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _table(doc, sheet: Sheet) -> None:
    """One Word table mirroring a table sheet: same merges, labels and one placeholder per value.

    Rows never split; the header rows at the top repeat on a new page; in 表二 a 第二十条 band
    and its 信息内容 row keep with the rows under them; 表三 and 表四 keep together when they fit."""
    blocks = [b for b in sheet.blocks if b.role != "title"]
    fields = [f for f in FORM.fields if f.sheet == sheet.name]
    first_row = min(b.row for b in blocks)
    last_row = max([b.row + b.rows - 1 for b in blocks] + [f.row for f in fields])
    cols = len(sheet.column_widths)
    table = doc.add_table(rows=last_row - first_row + 1, cols=cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_padding(table)
    widths = _column_widths(sheet, fields)
    for col, grid in enumerate(table._tbl.tblGrid.gridCol_lst):
        grid.w = Mm(widths[col])  # LibreOffice and WPS lay out by the grid
    for row in table.rows:
        for col, cell in enumerate(row.cells):
            cell.width = Mm(widths[col])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    items = [(b.row, b.col, b.rows, b.cols, _fit_narrow(b.text, widths[b.col]) if b.cols == 1 else b.text,
              b.role == "label" and b.rows == 1) for b in blocks]
    items += [(f.row, f.col, 1, f.width, "{{ " + f.id + " }}", False) for f in fields]
    for row, col, rows, span, text, left in items:
        cell = table.cell(row - first_row, col)
        if rows > 1 or span > 1:
            cell = cell.merge(table.cell(row - first_row + rows - 1, col + span - 1))
        if text.startswith("{{"):
            _narrow_sides(cell)
        paragraph = cell.paragraphs[0]
        paragraph.style = doc.styles["Table Cell"]
        paragraph.text = _stacked(text) if text == layout.T3_RESULTS_LABEL else text
        if left:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    header_rows = _leading_header_rows(blocks, first_row)
    if header_rows:  # 表三, 表四: whole on one page when they fit (else they break, headers repeated)
        keep_rows = set(range(len(table.rows) - 1))
    else:  # 表二: a band and its 信息内容 row stay with the first row under them
        keep_rows = {b.row - first_row + i for b in blocks if b.role == "group" for i in (0, 1)}
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
        if index < header_rows:
            tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
        if index in keep_rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    doc.add_paragraph("", style="Table Spacer")


def _column_widths(sheet: Sheet, fields) -> list[float]:
    """Column widths in mm across the text block: the sheet's proportions, except that a column of
    numbers gets room for five digits on one line, a column of totals for six (a number must never
    wrap; a city's 表三 has five-digit counts and six-digit totals), taken from the widest label
    column."""
    scale = TEXT_WIDTH_MM / sum(sheet.column_widths)
    widths = [w * scale for w in sheet.column_widths]
    value_cols = {f.col for f in fields if f.width == 1}
    total_cols = {c for c in value_cols if all(f.derived for f in fields if f.col == c)}
    labels = [c for c in range(len(widths)) if c not in value_cols]
    if not labels:
        return widths  # 表四: fifteen counts and no label column to borrow from
    widest = max(labels, key=lambda c: widths[c])
    for col in value_cols:
        extra = max(0.0, (TOTAL_COL_MM if col in total_cols else NUMBER_COL_MM) - widths[col])
        widths[col] += extra
        widths[widest] -= extra
    return widths


def _narrow_sides(cell) -> None:
    """Less padding left and right of a number: the digits get the column's width."""
    # the schema's order: tcMar comes before vAlign
    _add_margins(cell._tc.get_or_add_tcPr(), "w:tcMar", "w:vAlign",
                 (("left", NUMBER_PAD_SIDE), ("right", NUMBER_PAD_SIDE)))


def _add_margins(properties, tag: str, before: str, sides) -> None:
    """Append a `tag` margins element (twips per side) to `properties`, placed before its `before`
    child when there is one, as the schema orders them."""
    margins = properties.makeelement(qn(tag), {})
    for side, twips in sides:
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): str(twips), qn("w:type"): "dxa"}))
    follower = properties.find(qn(before))
    if follower is not None:
        follower.addprevious(margins)
    else:
        properties.append(margins)


def _leading_header_rows(blocks, first_row: int) -> int:
    """How many rows at the top of a table hold nothing but column headers (they repeat on a new
    page). 表二 starts with a 第二十条 band, so none of its rows repeat."""
    count = 0
    while True:
        row = first_row + count
        here = [b for b in blocks if b.row <= row < b.row + b.rows]
        if not here or any(b.role != "header" for b in here):
            return count
        count += 1


def _cell_padding(table) -> None:
    """Room around the text in every cell, so rows breathe like the published tables."""
    # the schema's order: tblCellMar comes before tblLook
    _add_margins(table._tbl.tblPr, "w:tblCellMar", "w:tblLook",
                 (("top", CELL_PAD_TOPBOTTOM), ("left", CELL_PAD_SIDE),
                  ("bottom", CELL_PAD_TOPBOTTOM), ("right", CELL_PAD_SIDE)))


def _fit_narrow(label: str, width_mm: float) -> str:
    """A label in a column too narrow for it, broken where published tables break it: after its
    “（三）”, then two characters a line (“社会/公益/组织”, “不予/公开”, “结果/维持”) instead of wherever
    the line happens to fill (“商业企/业”, “不予公/开”). Labels that fit, or read as a sentence
    (long ones), are left to wrap on their own."""
    per_line = int((width_mm - 2 * CELL_PAD_SIDE / 56.7) / (TABLE_SIZE * 25.4 / 72))
    if len(label) <= per_line or per_line >= 5 or label == layout.T3_RESULTS_LABEL:
        return label
    head = ""
    if label.startswith("（") and "）" in label[:4]:
        head, label = label[:label.index("）") + 1], label[label.index("）") + 1:]
    if len(label) > 8:
        return head + label  # a phrase: let it wrap
    return "\n".join(([head] if head else []) + [label[i:i + 2] for i in range(0, len(label), 2)])


def _stacked(label: str) -> str:
    """“三、本年度办理结果” one character a line, the number and its “、” together on the first line
    (the column is just wide enough for two characters): no lone “、”. Vertical text direction
    would do the same in Word, but LibreOffice prints the “、” there on a line of its own."""
    head, _, rest = label.partition("、")
    return "\n".join([head + "、", *rest])
