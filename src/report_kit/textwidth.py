"""How much room text takes in a spreadsheet cell, so rows of wrapped text can be sized.

Neither Excel nor LibreOffice grows a row to fit wrapped text it did not lay out itself, so
every workbook the tool writes sets its rows' heights from these estimates.

Widths are in column units (a CJK character counts two, as in Excel, where an 11 pt CJK glyph
is 2.1 units; LibreOffice's columns are wider still). Heights follow LibreOffice, the tallest
of the three: with a CJK face an 11 pt line takes 15.65 pt and a one-line row 17.15 pt
(measured with its optimal row height), where Excel and WPS need 14.25 pt a line — the spare
height also absorbs Excel's slightly narrower lines.
"""

from __future__ import annotations

import math
import unicodedata

BASE_SIZE = 11.0  # the font size the workbooks use for text
POINTS_PER_LINE = 15.75  # one line of 11 pt text
PADDING_POINTS = 1.5  # above and below the lines of a cell


def display_width(text: str) -> int:
    """Width in column units: a CJK or full-width character takes two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped_lines(text: str, width: float, font_size: float = BASE_SIZE) -> int:
    """Lines `text` needs in a column `width` units wide (at least one)."""
    room = max(1.0, (width - 1) * BASE_SIZE / font_size)  # less the cell padding
    return max(1, sum(max(1, math.ceil(display_width(line) / room)) for line in text.split("\n")))


def lines_height(lines: int, font_size: float = BASE_SIZE) -> float:
    """Points for a row of `lines` lines of text."""
    return round(lines * POINTS_PER_LINE * font_size / BASE_SIZE + PADDING_POINTS, 2)


def row_height(texts: list[tuple[str, float]], font_size: float = BASE_SIZE) -> float:
    """Points for a row holding each (text, column width)."""
    return lines_height(max([wrapped_lines(text, width, font_size) for text, width in texts] or [1]), font_size)
