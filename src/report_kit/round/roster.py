"""The department list (部门名单): who should report, read from the coordinator's .csv or .xlsx."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..cleaning import squeeze
from ..errors import UnusableInput
from ..form import form2021 as layout
from ..form import messages as msg
from ..inputs import content_kind
from ..paths import missing_text
from ..stamps import AUDIT_SHEET, TOOL, read_stamp
from ..workbook.opening import open_workbook

MAX_NAME = 100  # the longest real department names are about 40 characters

# Header cells naming the column of department names. Exact words only: "机关事务管理局" is a
# department, not a header.
_HEADERS = frozenset({"部门", "部门名称", "单位", "单位名称", "机关", "机关名称", "名称", "填报单位", "报送单位",
                      "部门（单位）", "单位（部门）", "部门(单位)", "单位(部门)"})


def normalize_name(name: str) -> str:
    """The form of a department name used to match files to the list: NFKC, no spaces at all.

    "某某市 生态环境局" typed with a full-width space and "某某市生态环境局" are the same department.
    """
    return squeeze(name)


@dataclass(frozen=True)
class Roster:
    """Department names in the list's order (duplicates removed), and the file they came from."""

    names: tuple[str, ...]
    source: str = ""

    def find(self, name: str) -> str | None:
        """The listed name matching `name`, or None."""
        key = normalize_name(name)
        return next((n for n in self.names if normalize_name(n) == key), None)


def read_roster(path: str | Path) -> Roster:
    """Read department names from the first column (or the column headed 部门/单位/名称) of a
    .csv (UTF-8 or GBK, as Excel in China saves it) or the first sheet of an .xlsx.

    Names are kept as text exactly as typed: "=HYPERLINK(…)" or "+1" is a name, not a formula.
    Raises UnusableInput when the file cannot be read or holds no names, and when it is one of the
    files a round uses or makes (a return, a 汇总, a ledger, a report): its rows are not departments.
    """
    path = Path(path)
    if path.is_dir():
        raise UnusableInput(msg.ROSTER_IS_FOLDER.text(path=path))
    if not path.is_file():
        raise UnusableInput(missing_text(path, what=msg.ROSTER_WHAT))
    kind = content_kind(path)  # by content: a ledger copied to 名单.xlsx is still a ledger
    if kind == "xlsx" and path.suffix.lower() not in _XLSX:
        kind = ""  # a workbook renamed .csv: openpyxl opens workbooks by their names only
    if kind == "ole":
        raise UnusableInput(msg.ROSTER_OLD_FORMAT.text(name=path.name))
    if kind in ("xlsx", "docx") and (read_stamp(path) or "").startswith(TOOL):
        _refuse_ours(path, kind)
    if kind in ("docx", "pdf", "zip") or (kind == "html" and _is_markup(path)) or (kind == "json" and _is_json(path)):
        raise UnusableInput(msg.ROSTER_WRONG_FILE.text(name=path.name, what=msg.ROSTER_IS_KIND[kind]))
    rows = _xlsx_rows(path) if path.suffix.lower() in _XLSX else _csv_rows(path)
    names = _names(rows, path.name)
    if not names:
        raise UnusableInput(msg.ROSTER_EMPTY.text(name=path.name))
    return Roster(names, str(path))


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnusableInput(msg.ROSTER_ENCODING.text(name=path.name))
    try:
        return [row for row in csv.reader(io.StringIO(text))]
    except csv.Error:  # a field over the csv module's 128 KB limit, or a NUL byte
        raise UnusableInput(msg.ROSTER_NOT_CSV.text(name=path.name)) from None


_XLSX = (".xlsx", ".xlsm")


def _refuse_ours(path: Path, kind: str) -> None:
    """A ledger or a report this tool wrote (its stamp says so) is not a department list."""
    if kind == "docx":
        what = msg.ROSTER_IS_REPORT
    else:  # the ledgers are the workbooks we stamp (LEDGER_STAMP); a return is told by its _meta sheet
        sheets = open_workbook(path).sheetnames
        if layout.SHEET_META in sheets:
            return
        what = msg.ROSTER_IS_AUDIT_LEDGER if sheets[0] == AUDIT_SHEET else msg.ROSTER_IS_LEDGER
    raise UnusableInput(msg.ROSTER_WRONG_FILE.text(name=path.name, what=what))


_MARKUP = re.compile(rb"<(!doctype|html|head|body|meta|title|table|div|p|span)\b", re.IGNORECASE)
_MAX_JSON = 10 * 1024 * 1024  # a list is a few KB; beyond this it is read as a list and refused there


def _is_markup(path: Path) -> bool:
    """Whether a text file is a web page: tags at its start, not a name in angle brackets."""
    with path.open("rb") as handle:
        return bool(_MARKUP.search(handle.read(4096)))


def _is_json(path: Path) -> bool:
    """Whether a file starting with "{" or "[" is JSON, not a list whose first name is in brackets."""
    try:
        if path.stat().st_size > _MAX_JSON:
            return False
        json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return False
    return True


def _xlsx_rows(path: Path) -> list[list[str]]:
    # A formula in a list (="某某市"&B2) means its result; a name typed as text stays text.
    book = open_workbook(path, cached_values=True)
    if layout.SHEET_META in book.sheetnames:  # one of our workbooks: its first sheet is the guide
        raise UnusableInput(msg.ROSTER_WRONG_FILE.text(name=path.name, what=_workbook_is(book)))
    sheet = book.worksheets[0]
    return [[_name_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def _workbook_is(book) -> str:
    """What one of our workbooks is, as the user knows it: a department's return or a 汇总."""
    meta = {str(row[0]): str(row[1] or "") for row in book[layout.SHEET_META].iter_rows(max_col=2, values_only=True)
            if row and row[0]}
    agency = meta.get(layout.META_AGENCY, "").strip()
    count = meta.get(layout.META_SUMMARY_OF, "0")
    if count.isascii() and count.isdigit() and int(count) > 0:
        return msg.ROSTER_IS_SUMMARY.format(count=int(count))
    return msg.ROSTER_IS_RETURN.format(agency=agency) if agency else msg.ROSTER_IS_BLANK_RETURN


# The error values a formula may leave in a cell (LibreOffice and Excel write the same codes)
_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                     "#SPILL!", "#CALC!", "Err:502", "Err:504", "Err:508", "Err:522"})


def _name_cell(value: object) -> str:
    """A cell as a department name: only text is one. TRUE, numbers (序号), dates and a formula's
    error value (#DIV/0!) are not departments."""
    if not isinstance(value, str) or value.strip() in _ERRORS:
        return ""
    return value


def _names(rows: list[list[str]], source: str) -> tuple[str, ...]:
    rows = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return ()
    column = 0
    header = rows[0]
    headed = [i for i, cell in enumerate(header) if normalize_name(cell) in _HEADERS]
    if headed:
        column, rows = headed[0], rows[1:]
    names = [row[column] for row in rows if column < len(row) and row[column]]
    for number, name in enumerate(names, 1):
        if len(name) > MAX_NAME:
            raise UnusableInput(msg.ROSTER_NAME_TOO_LONG.text(name=source, number=number, length=len(name),
                                                              start=name[:10]))
    unique: dict[str, str] = {}  # normalized -> first spelling: "某某 局" and "某某局" are one department
    for name in names:
        unique.setdefault(normalize_name(name), name)
    return tuple(unique.values())
