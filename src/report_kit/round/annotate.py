"""Annotated returns: a copy of a department's workbook with every problem marked, to email back.

The copy keeps everything the original has (protection and its password, names, validation,
the hidden meta sheet); the problem cells are coloured and carry a comment, and a first sheet
“退回意见” lists every finding. The original file is only read.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
import zipfile
from collections import defaultdict
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ..checker import CheckResult
from ..fsutil import make_folder, write_atomic
from ..form import Severity
from ..form import form2021 as layout
from ..form import messages as msg
from ..stamps import TOOL
from ..submission import Finding
from ..printing import DEFAULT_WIDTH, SINGLE_LINE, openpyxl_page_setup
from ..textwidth import lines_height, row_height
from ..workbook.opening import open_workbook
from ..workbook.reader import named_cell
from ..defaults import RETURN_FOLDER

_FILLS = {Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"), Severity.WARNING: PatternFill("solid", fgColor="FFEB9C")}
_AUTHOR = TOOL


def annotated_path(path: Path) -> Path:
    """Where the annotated copy of `path` goes: 退回修改/ beside it, under the same name, so the
    department gets its own file back and a re-scan of the folder never mistakes it for a return."""
    return path.parent / RETURN_FOLDER / path.name


def annotate(result: CheckResult) -> bytes:
    """The annotated copy of the workbook `result` was read from, as bytes."""
    source = Path(result.submission.source)
    book = open_workbook(source)
    by_cell: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        for field_id in finding.fields:
            by_cell[field_id].append(finding)
    for field_id, findings in by_cell.items():
        _mark(book, field_id, findings)
    _notes_sheet(book, result)
    book.calculation.fullCalcOnLoad = True  # openpyxl keeps no cached totals; let the office recompute
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def save_annotated(result: CheckResult) -> Path:
    """Write the annotated copy into 退回修改/ beside the original (replacing an older copy)."""
    target = annotated_path(Path(result.submission.source))
    make_folder(target.parent)
    return write_atomic(target, annotate(result), overwrite=True)


def is_annotated_copy(path: Path) -> bool:
    """Whether `path` is a copy this tool annotated (its workbook has the “退回意见” sheet)."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f'name="{layout.SHEET_RETURN_NOTES}"' in book


def _mark(book, field_id: str, findings: list[Finding]) -> None:
    cell = named_cell(book, field_id)  # where the cell is now, should rows have been inserted
    worst = Severity.ERROR if any(x.is_error for x in findings) else Severity.WARNING
    cell.fill = _FILLS[worst]  # a new style: the cell's locked/unlocked flag is kept
    if isinstance(cell.value, str) and cell.value:  # a number typed with words: let it show whole in print
        ws = cell.parent
        width = next((d.width for d in ws.column_dimensions.values()
                      if d.min and d.max and d.min <= cell.column <= d.max and d.width), DEFAULT_WIDTH)
        row = ws.row_dimensions[cell.row]
        row.height = max(row.height or 0, row_height([(cell.value, width)]))
    # The comment goes on the first cell a finding names; the others are only coloured, so a sum
    # over seven cells does not carry the same comment seven times.
    own = sorted((x for x in findings if x.fields[0] == field_id), key=lambda x: not x.is_error)
    if own:
        text = "\n".join(f"【{x.severity.value}】{x.message}" for x in own)
        cell.comment = Comment(text, _AUTHOR, height=min(400, 60 + 18 * len(text) // 24), width=360)


def _notes_sheet(book, result: CheckResult) -> None:
    if layout.SHEET_RETURN_NOTES in book.sheetnames:  # a copy annotated before, returned and checked again
        del book[layout.SHEET_RETURN_NOTES]
    guide = book.worksheets[0]  # 填表说明, unless someone renamed or moved it
    ws = book.create_sheet(layout.SHEET_RETURN_NOTES, 0)
    ws.protection = copy.copy(guide.protection)  # the same protection (and password) as the form
    widths = {"A": 6, "B": 6, "C": 36, "D": 80}
    for column, width in widths.items():
        ws.column_dimensions[column].width = width
    submission = result.submission
    ws["A1"] = layout.SHEET_RETURN_NOTES
    ws["A1"].font = Font(name="宋体", size=14, bold=True)
    ws["A2"] = msg.ANNOTATED_INTRO.text(agency=submission.agency or msg.ANNOTATED_NO_AGENCY,
                                        date=_dt.date.today().isoformat(), errors=len(result.errors),
                                        warnings=len(result.warnings))
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws["A2"].font = Font(name="宋体", size=11)
    ws.merge_cells("A2:D2")
    ws.row_dimensions[1].height = lines_height(1, font_size=14)
    ws.row_dimensions[2].height = row_height([(ws["A2"].value, sum(widths.values()))])
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, text in enumerate(["序号", "级别", "位置", "说明"], start=1):
        cell = ws.cell(row=4, column=col, value=text)
        cell.font = Font(name="宋体", bold=True)
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[4].height = SINGLE_LINE
    ordered = sorted(result.findings, key=lambda x: not x.is_error)
    for i, finding in enumerate(ordered, start=1):
        row = 4 + i
        values = [i, finding.severity.value, "\n".join(finding.cells), finding.message]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.data_type = "n" if col == 1 else "s"  # a message starting with "=" stays text
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if col < 3 else None)
            cell.font = Font(name="宋体", size=11)
            cell.border = box
        ws.cell(row=row, column=2).fill = _FILLS[finding.severity]
        ws.row_dimensions[row].height = row_height([(values[2], widths["C"]), (values[3], widths["D"])])
    openpyxl_page_setup(ws, landscape=True, repeat_rows="4:4")
    book.active = 0
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
