"""The 图解 as the last page of a Word report: a post-step on the rendered .docx bytes.

Whichever path rendered the report (the compiled template or docxtpl, see render.py), the page is
added the same way with python-docx: a heading 图解 that starts a new page, then the chart's PNG
as an inline picture fitted to the text block (its width, or its height when the chart is taller
than the page leaves room for).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Emu, Pt

from .charts import CHARTS_HEADING

HEADING_STYLE = "Heading 1"
# Room kept under the picture on its page: the heading's line and what Word adds round a picture
# line (a picture exactly as tall as the room left would be pushed to a page of its own).
_SLACK = Pt(12)


def add_charts_page(docx: bytes, png: bytes, chart_size: tuple[int, int]) -> bytes:
    """`docx` with a last page: the heading 图解 and the picture `png` (whose chart is `chart_size`
    = (width, height) in any unit: only its proportions are used)."""
    document = Document(io.BytesIO(docx))
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin

    heading = document.add_paragraph(CHARTS_HEADING)
    if HEADING_STYLE in [s.name for s in document.styles]:
        heading.style = document.styles[HEADING_STYLE]
    else:  # a custom template without the style: a bold line all the same
        heading.runs[0].bold = True
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.keep_with_next = True
    room = text_height - _line_height(heading) - _SLACK

    width, height = chart_size
    fitted_width = min(text_width, int(room * width / height))
    picture = document.add_paragraph()
    fmt = picture.paragraph_format
    # The body's exact line spacing would cut an inline picture to one line's height
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = 0
    fmt.left_indent = fmt.right_indent = 0
    fmt.space_before = fmt.space_after = 0
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = picture.add_run().add_picture(io.BytesIO(png), width=Emu(fitted_width),
                                          height=Emu(int(fitted_width * height / width)))
    # No spacing round the picture: without these LibreOffice puts its default 0.32 cm on each side,
    # and a picture as wide as the text block then sticks out of it on the right
    for side in ("distT", "distB", "distL", "distR"):
        shape._inline.set(side, "0")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _line_height(paragraph) -> int:
    """The height (EMU) the heading takes: its line and the space round it, from its style."""
    fmt, style = paragraph.paragraph_format, paragraph.style.paragraph_format
    line = fmt.line_spacing or style.line_spacing
    rule = fmt.line_spacing_rule or style.line_spacing_rule
    if rule in (WD_LINE_SPACING.EXACTLY, WD_LINE_SPACING.AT_LEAST) and line:
        height = int(line)
    else:  # a multiple of the font's line: reckon with a generous 1.5 of 3号 (16 pt)
        height = int(Pt(16) * 1.5 * (line if isinstance(line, float) else 1))
    before = fmt.space_before or style.space_before or 0
    after = fmt.space_after or style.space_after or 0
    return height + int(before) + int(after)
