"""The audit ledger (审核情况.xlsx): one row per report, every finding, and the main figures of two years.

It prints as the round's ledger (报送情况.xlsx) does: a title and a count line, coloured statuses,
rows as tall as their text, fitted to the width of a landscape A4 page, the header repeated and a
footer naming the sheet and the page (`printing`).
"""

from __future__ import annotations

import datetime as _dt
import io
from decimal import Decimal

import xlsxwriter

from ..defaults import MESSAGES_SHOWN
from ..form import FORM
from ..form import messages as msg
from ..printing import page_setup
from ..round.ledger import (DETAILS_SHEET, columns, finding_lines, ledger_formats, messages_cell, write_details,
                            write_header, write_title)
from ..round.rows import Status
from ..stamps import AUDIT_SHEET, LEDGER_STAMP, xlsx_properties

# The figures shown side by side with last year's (this year, last year, change).
MAIN_FIGURES = ("t3_new_total", "t3_carried_in_total", "t3_granted_total", "t3_partial_total", "t3_handled_total_total",
                "t3_carried_out_total", "t4_review_total", "t4_suit_direct_total", "t4_suit_after_review_total",
                "t2_normative_issued", "t2_normative_in_force", "t2_licensing", "t2_penalty", "t2_fees")
# The statuses a report can have, in the order the count line gives them
STATUSES = (Status.PASSED, Status.WARNINGS, Status.ERRORS, Status.UNREADABLE)
HEAD_ROW = 3  # title, count line, a blank row, then the header


def _status(item) -> Status:
    if item.result is None:
        return Status.UNREADABLE
    if not item.result.ok:
        return Status.ERRORS
    return Status.WARNINGS if item.result.warnings else Status.PASSED


def _figure(submission, fid):
    if submission is None:
        return None
    f = FORM.field(fid)
    value = submission.stated_totals.get(fid) if f.derived else submission.values.get(fid)
    if value is None and f.derived and not (FORM.inputs_under(fid) & submission.rejected):
        value = submission.computed()[fid]
    return value


def audit_ledger_bytes(audited: list) -> bytes:
    """The ledger workbook; names and messages are written as text, never as formulas."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties(xlsx_properties("年度报告审核情况", LEDGER_STAMP))
    formats = ledger_formats(book)
    formats["change"] = book.add_format({"font_name": "宋体", "font_size": 11, "valign": "top", "border": 1,
                                         "align": "right", "num_format": "+General;-General;0"})
    formats["figure"] = book.add_format({"font_name": "宋体", "font_size": 11, "valign": "top", "border": 1,
                                         "align": "right"})
    _overview(book.add_worksheet(AUDIT_SHEET), formats, audited)
    _details(book.add_worksheet(DETAILS_SHEET), formats, audited)
    _pairs(book.add_worksheet("两年对照"), formats, audited)
    book.close()
    return buffer.getvalue()


def _overview(ws, formats: dict, audited: list) -> None:
    """One row per report: who and which year, its status and counts, and the first messages."""
    headers = ["序号", "文件", "机关", "年度", "格式", "状态", "错误", "提示", "未读出", "上年报告", "主要问题"]
    # as narrow as the round's ledger, so a landscape page shows it at a readable size
    rows = columns(ws, [5, 24, 18, 6, 5, 9, 5, 5, 7, 18, 60])
    write_title(ws, rows, formats, msg.AUDIT_LEDGER_TITLE)
    statuses = [_status(item) for item in audited]
    summary = msg.AUDIT_LEDGER_SUMMARY.text(
        count=len(audited), counts="，".join(f"{s.value} {statuses.count(s)}" for s in STATUSES),
        paired=sum(1 for item in audited if item.previous is not None),
        stamp=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
    ws.write_string(1, 0, summary, formats["plain"])
    rows.add(1, 0, summary, wrap=False)
    write_header(ws, rows, formats, HEAD_ROW, headers)
    text, number = formats["text"], formats["number"]
    for i, (item, status) in enumerate(zip(audited, statuses), start=1):
        r = HEAD_ROW + i
        sub = item.report.submission if item.report else None
        texts = {1: item.path.name, 2: sub.agency if sub else "", 3: str(sub.year or "") if sub else "",
                 4: item.report.kind if item.report else "", 9: item.previous_name, 10: _shown(item)}
        ws.write_number(r, 0, i, number)
        for col, value in texts.items():
            ws.write_string(r, col, value, number if col in (3, 4) else text)
            rows.add(r, col, value)
        ws.write_string(r, 5, status.value, formats[status])
        rows.add(r, 5, status.value)
        counts = (item.result.errors, item.result.warnings) if item.result else None
        for col, value in ((6, len(counts[0]) if counts else None), (7, len(counts[1]) if counts else None),
                           (8, len(item.report.not_read) if item.report else None)):
            if value is None:
                ws.write_blank(r, col, None, number)
            else:
                ws.write_number(r, col, value, number)
    rows.apply(ws)
    ws.freeze_panes(HEAD_ROW + 1, 2)
    ws.autofilter(HEAD_ROW, 0, HEAD_ROW + max(len(audited), 1), len(headers) - 1)
    page_setup(ws, landscape=True, repeat_rows=(HEAD_ROW, HEAD_ROW))


def _shown(item) -> str:
    """Why the file could not be read, or its first messages, errors first."""
    if item.problem:
        return item.problem
    findings = sorted(item.result.findings if item.result else [], key=lambda f: not f.is_error)
    return messages_cell([f.message for f in findings[:MESSAGES_SHOWN]], len(findings))


def _details(ws, formats: dict, audited: list) -> None:
    """Every finding of every report: the place it names, and what is wrong there."""
    lines = []
    for item in audited:
        agency = item.report.submission.agency if item.report else ""
        lines += finding_lines(agency, item.path.name, item.problem, item.result.findings if item.result else [])
    write_details(ws, formats, "机关", [18, 24, 6, 6, 34, 60], lines, frozen_cols=2)


def _pairs(ws, formats: dict, audited: list) -> None:
    """The main figures of each report beside last year's, and the change."""
    headers = ["文件", "机关", "项目", "本年", "上年", "增减"]
    rows = columns(ws, [24, 18, 60, 12, 12, 10])
    paired = [item for item in audited if item.report is not None and item.previous is not None]
    write_title(ws, rows, formats, msg.AUDIT_PAIRS_TITLE.format(count=len(paired)))
    write_header(ws, rows, formats, 2, headers)
    r = 2
    for item in paired:
        for fid in MAIN_FIGURES:
            now, then = _figure(item.report.submission, fid), _figure(item.previous, fid)
            r += 1
            for col, value in enumerate([item.path.name, item.report.submission.agency, FORM.field(fid).label]):
                ws.write_string(r, col, value, formats["text"])
                rows.add(r, col, value)
            for col, value in ((3, now), (4, then)):
                if value is None:
                    ws.write_string(r, col, "未读出", formats["figure"])
                else:
                    ws.write_number(r, col, float(value), formats["figure"])
            if now is not None and then is not None:
                ws.write_number(r, 5, float(Decimal(now) - Decimal(then)), formats["change"])  # no float noise
            else:
                ws.write_blank(r, 5, None, formats["figure"])
    if not paired:
        ws.merge_range(3, 0, 3, len(headers) - 1, msg.AUDIT_NO_PAIRS, formats["text"])
        rows.add(3, 0, msg.AUDIT_NO_PAIRS, cols=len(headers))
    rows.apply(ws)
    ws.freeze_panes(3, 0)
    page_setup(ws, landscape=True, repeat_rows=(2, 2))
