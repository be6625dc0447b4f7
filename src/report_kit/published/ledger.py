"""The audit ledger (审核情况.xlsx): one row per report, every finding, and the main figures of two years."""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from ..stamps import LEDGER_STAMP, xlsx_properties
from ..form import FORM
from ..textwidth import row_height

# The figures shown side by side with last year's (this year, last year, change).
MAIN_FIGURES = ("t3_new_total", "t3_carried_in_total", "t3_granted_total", "t3_partial_total", "t3_handled_total_total",
                "t3_carried_out_total", "t4_review_total", "t4_suit_direct_total", "t4_suit_after_review_total",
                "t2_normative_issued", "t2_normative_in_force", "t2_licensing", "t2_penalty", "t2_fees")


def _status(item) -> str:
    if item.result is None:
        return "无法读取"
    if not item.result.ok:
        return "有错误"
    return "仅有提示" if item.result.warnings else "通过"


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
    base = {"font_name": "宋体", "font_size": 11, "valign": "top", "text_wrap": True, "border": 1}
    head = book.add_format({**base, "bold": True, "bg_color": "#D9D9D9", "align": "center"})
    text = book.add_format(base)
    number = book.add_format({**base, "align": "right"})

    ws = book.add_worksheet("审核情况")
    headers = ["序号", "文件", "机关", "年度", "格式", "状态", "错误", "提示", "未读出", "上年报告", "主要问题"]
    widths = [6, 30, 24, 7, 7, 10, 6, 6, 7, 24, 70]
    for col, (name, width) in enumerate(zip(headers, widths)):
        ws.set_column(col, col, width)
        ws.write_string(0, col, name, head)
    for r, item in enumerate(audited, start=1):
        sub = item.report.submission if item.report else None
        findings = item.result.findings if item.result else []
        shown = item.problem or "\n".join(f.message for f in sorted(findings, key=lambda f: not f.is_error)[:3])
        row = [str(r), item.path.name, sub.agency if sub else "", str(sub.year or "") if sub else "",
               item.report.kind if item.report else "", _status(item),
               str(len(item.result.errors)) if item.result else "", str(len(item.result.warnings)) if item.result else "",
               str(len(item.report.not_read)) if item.report else "", item.previous_name, shown]
        for col, value in enumerate(row):
            ws.write_string(r, col, value, text)
        ws.set_row(r, row_height([(shown, widths[-1]), (item.path.name, widths[1]), (row[2], widths[2])]))
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, max(len(audited), 1), len(headers) - 1)
    _printable(ws)

    details = book.add_worksheet("问题清单")
    for col, (name, width) in enumerate(zip(["文件", "级别", "规则", "位置", "说明"], [36, 6, 6, 50, 90])):
        details.set_column(col, col, width)
        details.write_string(0, col, name, head)
    r = 0
    for item in audited:
        lines = [["错误", "", "", item.problem]] if item.problem else []
        lines += [[f.severity.value, f.code, "\n".join(f.cells), f.message]
                  for f in sorted(item.result.findings if item.result else [], key=lambda f: not f.is_error)]
        for values in lines:
            r += 1
            for col, value in enumerate([item.path.name] + values):
                details.write_string(r, col, value, text)
            details.set_row(r, row_height([(values[2], 50), (values[3], 90)]))
    _printable(details)

    pairs = book.add_worksheet("两年对照")
    columns = ["文件", "机关", "项目", "本年", "上年", "增减"]
    for col, (name, width) in enumerate(zip(columns, [36, 26, 50, 12, 12, 12])):
        pairs.set_column(col, col, width)
        pairs.write_string(0, col, name, head)
    r = 0
    for item in audited:
        if item.report is None or item.previous is None:
            continue
        for fid in MAIN_FIGURES:
            now, then = _figure(item.report.submission, fid), _figure(item.previous, fid)
            r += 1
            f = FORM.field(fid)
            for col, value in enumerate([item.path.name, item.report.submission.agency, f.label]):
                pairs.write_string(r, col, value, text)
            for col, value in ((3, now), (4, then)):
                if value is None:
                    pairs.write_string(r, col, "未读出", text)
                else:
                    pairs.write_number(r, col, float(value), number)
            if now is not None and then is not None:
                pairs.write_number(r, 5, float(Decimal(now) - Decimal(then)), number)  # no float noise
            else:
                pairs.write_string(r, 5, "", text)
    _printable(pairs)
    book.close()
    return buffer.getvalue()


def _printable(ws) -> None:
    """A4 landscape, all columns on one page width, the header row on every page."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
