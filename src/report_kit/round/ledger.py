"""The ledger (报送情况.xlsx): one row per department, and every finding on a second sheet; the
sheet-writing pieces the audit ledger (published/ledger.py) shares.
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path
from typing import Sequence

import xlsxwriter

from ..errors import OutputError
from ..form import Severity
from ..form import messages as msg
from ..fsutil import write_atomic
from ..stamps import LEDGER_SHEET, LEDGER_STAMP, read_stamp, xlsx_properties
from .checking import Outcome
from .rows import Compiled, LedgerRow, Round, Status
from ..printing import RowSizer, page_setup
from ..finding_text import explanation, places_text
from ..defaults import MESSAGES_SHOWN

DETAILS_SHEET = "问题清单"  # the second sheet of both ledgers: every finding
STATUS_COLOURS = {
    Status.PASSED: "#C6EFCE", Status.WARNINGS: "#FFEB9C", Status.ERRORS: "#FFC7CE", Status.EMPTY: "#FFC7CE",
    Status.UNREADABLE: "#FFC7CE", Status.MISSING: "#D9D9D9",
}


def ledger_bytes(round_: Round, title: str, compiled: Sequence[Compiled] = ()) -> bytes:
    """The ledger workbook; with what `operations.compile_round` made of the round, a column of
    the reports. Every name and message is written as text, never as a formula."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties(xlsx_properties(title, LEDGER_STAMP))
    formats = ledger_formats(book)
    _overview(book.add_worksheet(LEDGER_SHEET), formats, round_, title, {c.outcome: c for c in compiled})
    _details(book.add_worksheet(DETAILS_SHEET), formats, round_)
    book.close()
    return buffer.getvalue()


def ledger_formats(book) -> dict:
    """The cell formats of a ledger (this one and the audit's): "head", "text", "number",
    "title", "plain", and one per `Status`, coloured as the status is."""
    base = {"font_name": "宋体", "font_size": 11, "valign": "top", "text_wrap": True, "border": 1}
    return {
        "head": book.add_format({**base, "bold": True, "bg_color": "#D9D9D9", "align": "center"}),
        "text": book.add_format(base),
        "number": book.add_format({**base, "align": "center"}),
        "title": book.add_format({"font_name": "宋体", "font_size": 14, "bold": True}),
        "plain": book.add_format({"font_name": "宋体", "font_size": 11}),
        "owed": book.add_format({"font_name": "宋体", "font_size": 11, "text_wrap": True, "valign": "top",
                                 "font_color": "#9C0006"}),
        **{status: book.add_format({**base, "align": "center", "bold": True, "bg_color": colour})
           for status, colour in STATUS_COLOURS.items()},
    }


def columns(ws, widths: Sequence[float]) -> RowSizer:
    """Set a ledger sheet's column widths; returns the sizer that will give its rows their heights."""
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    return RowSizer(widths)


def write_title(ws, rows: RowSizer, formats: dict, title: str) -> None:
    """A ledger sheet's title, in its first row."""
    ws.write_string(0, 0, title, formats["title"])
    rows.add(0, 0, title, font_size=14, wrap=False)


def write_header(ws, rows: RowSizer, formats: dict, r: int, headers: Sequence[str]) -> None:
    """A ledger table's header row `r`."""
    for col, name in enumerate(headers):
        ws.write_string(r, col, name, formats["head"])
        rows.add(r, col, name)


def messages_cell(messages: Sequence[str], total: int) -> str:
    """A file's 主要问题 cell: its first `messages`, then how many more of its `total` the 问题清单 lists."""
    more = total - len(messages)
    return "\n".join(messages) + ("\n" + msg.LEDGER_MORE.text(count=more) if more > 0 else "")


def finding_lines(who: str, file: str, problem: str, findings) -> list[list[str]]:
    """A file's lines of the 问题清单: why it could not be read (`problem`, when it could not),
    then its findings, errors first, each with the places it names and what is wrong there."""
    lines = [[who, file, Severity.ERROR.value, "", "", problem]] if problem else []
    return lines + [[who, file, f.severity.value, f.code, places_text(f), explanation(f)]
                    for f in sorted(findings, key=lambda f: not f.is_error)]


def write_details(ws, formats: dict, who: str, widths: Sequence[float], lines: list[list[str]],
                  frozen_cols: int) -> None:
    """The 问题清单 sheet of a ledger (the round's and the audit's): `who` (部门 or 机关), 文件,
    级别, 规则, 位置, 说明, one line per finding (`finding_lines`)."""
    headers = [who, "文件", "级别", "规则", "位置", "说明"]
    rows = columns(ws, widths)
    write_header(ws, rows, formats, 0, headers)
    for r, values in enumerate(lines, start=1):
        for col, value in enumerate(values):
            ws.write_string(r, col, value, formats["number"] if col in (2, 3) else formats["text"])  # 级别, 规则
            rows.add(r, col, value)
    rows.apply(ws)
    ws.freeze_panes(1, frozen_cols)
    ws.autofilter(0, 0, max(len(lines), 1), len(headers) - 1)
    page_setup(ws, landscape=True, repeat_rows=(0, 0))


def _overview(ws, formats: dict, round_: Round, title: str, compiled: dict[Outcome, Compiled]) -> None:
    """One row per department: status, counts, file, the first messages (and the report)."""
    with_reports = any(c.report or c.problem for c in compiled.values())
    headers = ["序号", "部门", "状态", "错误", "提示", "文件", "主要问题"] + (["报告"] if with_reports else [])
    # narrow enough that a landscape page shows it at a readable size; long text wraps instead
    rows = columns(ws, [5, 20, 9, 5, 5, 30, 60, 28][:len(headers)])
    write_title(ws, rows, formats, title)
    stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    summary = f"{round_.counts()}（生成时间 {stamp}）"
    ws.write_string(1, 0, summary, formats["plain"])
    rows.add(1, 0, summary, wrap=False)
    owed = round_.owed()  # may name many departments: wrapped over the table's width, not one long line
    if owed:
        ws.merge_range(2, 0, 2, len(headers) - 1, owed, formats["owed"])
        rows.add(2, 0, owed, cols=len(headers))
    write_header(ws, rows, formats, 3, headers)
    text, number = formats["text"], formats["number"]
    for i, row in enumerate(round_.rows, start=1):
        r = 3 + i
        shown = messages_cell(row.messages(MESSAGES_SHOWN), len(row.findings))
        ws.write_number(r, 0, i, number)
        ws.write_string(r, 1, row.department, text)
        ws.write_string(r, 2, row.status.value, formats[row.status])
        ws.write_number(r, 3, row.errors, number)
        ws.write_number(r, 4, row.warnings, number)
        ws.write_string(r, 5, row.file, text)
        ws.write_string(r, 6, shown, text)
        if with_reports:
            ws.write_string(r, 7, _report_cell(row, compiled), text)
            rows.add(r, 7, _report_cell(row, compiled))
        for col, value in ((1, row.department), (2, row.status.value), (5, row.file), (6, shown)):
            rows.add(r, col, value)
    rows.apply(ws)
    ws.freeze_panes(4, 2)
    ws.autofilter(3, 0, 3 + len(round_.rows), len(headers) - 1)
    page_setup(ws, landscape=True, repeat_rows=(3, 3))


def _report_cell(row: LedgerRow, compiled: dict[Outcome, Compiled]) -> str:
    done = compiled.get(row.outcome) if row.outcome is not None else None
    if done is None:
        return ""
    return done.report.name if done.report else done.problem


def _details(ws, formats: dict, round_: Round) -> None:
    """Every finding of every file, with the cells it names: the list to work through."""
    lines = []
    for row in round_.rows:
        unread = row.outcome is not None and row.outcome.result is None
        lines += finding_lines(row.department, row.file, row.outcome.problem if unread else "", row.findings)
    write_details(ws, formats, "部门", [16, 24, 6, 6, 34, 60], lines, frozen_cols=1)


def save_ledger(path: Path, content: bytes) -> Path:
    """Write the ledger. A previous ledger is replaced; any other file of that name is kept."""
    if path.exists() and not is_ledger(path):
        raise OutputError(msg.NOT_A_LEDGER.text(path=path))
    return write_atomic(path, content, overwrite=True)


def is_ledger(path: Path) -> bool:
    """Whether `path` is a ledger this tool wrote (its document keywords carry the stamp)."""
    return read_stamp(path) == LEDGER_STAMP


def missing_departments(path: Path) -> list[str]:
    """The departments a ledger this tool wrote lists as 未报送 (none when `path` is no such ledger)."""
    if not path.is_file() or not is_ledger(path):
        return []
    import openpyxl  # here: the audit ledger shares this module's formats and does not read workbooks

    try:
        sheet = openpyxl.load_workbook(path, read_only=True)[LEDGER_SHEET]
        rows = list(sheet.iter_rows(max_col=3, values_only=True))  # only department rows say 未报送 in C
    except Exception:  # a damaged old ledger: nothing to carry over, it is replaced anyway
        return []
    return [str(row[1]) for row in rows if len(row) >= 3 and row[2] == Status.MISSING.value and row[1]]
