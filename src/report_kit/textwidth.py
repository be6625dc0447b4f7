"""How much room text takes in a spreadsheet cell, so rows of wrapped messages can be sized.

Neither Excel nor LibreOffice reliably grows a row to fit wrapped text it did not lay out
itself, so the ledger and the annotated copies set row heights from these estimates.
"""

from __future__ import annotations

import math
import unicodedata

POINTS_PER_LINE = 15  # one line of 11 pt 宋体, with leading


def display_width(text: str) -> int:
    """Width in column units: a CJK or full-width character takes two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` needs in a column `width` units wide (at least one)."""
    room = max(1.0, width - 1)  # cell padding
    return max(1, sum(max(1, math.ceil(display_width(line) / room)) for line in text.split("\n")))


def row_height(texts: list[tuple[str, float]]) -> float:
    """Points for a row holding each (text, column width)."""
    return POINTS_PER_LINE * max(wrapped_lines(text, width) for text, width in texts)
