"""The drafted 依申请公开 paragraph, live in the 文字内容 sheet: a formula over the table cells.

It sits beside the 依申请公开 input cell and changes as staff type numbers, for them to copy or
adapt. The formula and its wording come from `report.draft` (the same words as `report-kit draft`).
"""

from __future__ import annotations

from ..form import FORM, Sheet
from ..submission import Submission

DRAFTED_FIELD = "overview_requests"
HEADING = "按表格数字起草（随表三自动更新）"
COLUMN_WIDTH = 48


def write_live_draft(ws, styles, sheet: Sheet, prefill: Submission) -> None:
    """On the prose sheet: the heading over, and the live paragraph beside, the 依申请公开 cell."""
    target = FORM.field(DRAFTED_FIELD)
    if sheet.name != target.sheet:
        return
    from ..report.draft import requests_formula, requests_paragraph  # only when a workbook is written
    col = target.col + 1
    heading_row = max(b.row for b in sheet.blocks if b.role == "group" and b.row < target.row)
    ws.set_column(col, col, COLUMN_WIDTH)
    ws.write_string(heading_row, col, HEADING, styles.header)
    # the cached result is what a viewer shows before it recalculates
    ws.write_formula(target.row, col, "=" + requests_formula(), styles.fixed, requests_paragraph(prefill))
    # A help for the screen, not part of the form: the printed sheet stays the two columns it was.
    last_row = max([b.row + b.rows - 1 for b in sheet.blocks] + [f.row for f in FORM.fields if f.sheet == sheet.name])
    ws.print_area(0, 0, last_row, target.col)
