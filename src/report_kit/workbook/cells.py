"""Cell references ("D5", "$D$5:$E$9") to numbers, without importing openpyxl.

A cold `compile` of a normal return never needs openpyxl (~90 ms to import) except for this;
anything other than a plain cell or range of cells goes to openpyxl's own `range_boundaries`, so
what an unusual reference does (a whole column, a bad one) stays exactly what it was.
"""

from __future__ import annotations

import re

_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})(?::\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6}))?$")
_FOUND: dict[str, tuple[int, int, int, int]] = {}  # the same few hundred references in every return


def column_index(letters: str) -> int:
    """"A" -> 1, "AA" -> 27."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def range_boundaries(reference: str) -> tuple[int, int, int, int]:
    """(min_col, min_row, max_col, max_row) of "D5" or "D5:E9" ($ allowed), as openpyxl gives them."""
    found = _FOUND.get(reference)
    if found is not None:
        return found
    match = _RANGE.match(reference)
    if match is None or column_index(match.group(1)) > 18278 or (match.group(3) and column_index(match.group(3)) > 18278):
        from openpyxl.utils.cell import range_boundaries as openpyxl_boundaries  # the unusual: openpyxl decides

        return openpyxl_boundaries(reference)
    min_col, min_row = column_index(match.group(1)), int(match.group(2))
    max_col, max_row = (column_index(match.group(3)), int(match.group(4))) if match.group(3) else (min_col, min_row)
    if len(_FOUND) < 10_000:
        _FOUND[reference] = (min_col, min_row, max_col, max_row)
    return min_col, min_row, max_col, max_row
