"""How much room text takes in a spreadsheet cell, so rows of wrapped text can be sized.

Neither Excel nor LibreOffice grows a row to fit wrapped text it did not lay out itself, so
every workbook the tool writes sets its rows' heights from these estimates.

Lines are laid out as Excel lays them out, where text is widest relative to its column
(LibreOffice's columns come out wider still). Heights follow LibreOffice, the tallest of the
three: with a CJK face an 11 pt line takes 15.65 pt and a one-line row 17.15 pt (measured with
its optimal row height), where Excel and WPS need 14.25 pt a line.
"""

from __future__ import annotations

import re
import unicodedata

BASE_SIZE = 11.0  # the font size the workbooks use for text
POINTS_PER_LINE = 15.75  # one line of 11 pt text
PADDING_POINTS = 1.5  # above and below the lines of a cell


def display_width(text: str) -> int:
    """Width in column units: a CJK or full-width character takes two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped_lines(text: str, width: float, font_size: float = BASE_SIZE) -> int:
    """Lines `text` needs in a column `width` units wide (at least one).

    Laid out as Excel does, the narrowest of the three: a column of w units is 7w + 5 pixels
    with about 3 of them padding; an 11 pt CJK glyph is 14.67 pixels (2.1 units), other
    characters half that. A run of Latin letters or digits moves to the next line whole.
    """
    room = width + 2 / 7
    scale = font_size / BASE_SIZE
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for piece in _PIECES.findall(paragraph):
            size = sum(_CJK_UNITS if display_width(c) == 2 else _CJK_UNITS / 2 for c in piece) * scale
            if used + size <= room:
                used += size
            elif len(piece) > 1 and size <= room:  # a word that fits on a line of its own
                lines += 1
                used = size
            else:  # a character at a time
                for c in piece:
                    step = (_CJK_UNITS if display_width(c) == 2 else _CJK_UNITS / 2) * scale
                    if used + step > room and used > 0:
                        lines += 1
                        used = 0.0
                    used += step
    return max(1, lines)


_CJK_UNITS = 2.1
_PIECES = re.compile(r"[A-Za-z0-9.@:/_\-]+|.", re.S)


def lines_height(lines: int, font_size: float = BASE_SIZE) -> float:
    """Points for a row of `lines` lines of text."""
    return round(lines * POINTS_PER_LINE * font_size / BASE_SIZE + PADDING_POINTS, 2)


def row_height(texts: list[tuple[str, float]], font_size: float = BASE_SIZE) -> float:
    """Points for a row holding each (text, column width)."""
    return lines_height(max([wrapped_lines(text, width, font_size) for text, width in texts] or [1]), font_size)
