"""The department list (部门名单): who should report, read from the coordinator's .csv or .xlsx."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import UnusableInput
from ..form import messages as msg
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
    text = unicodedata.normalize("NFKC", name or "")
    return "".join(text.split())


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
    Raises UnusableInput when the file cannot be read or holds no names.
    """
    path = Path(path)
    if not path.is_file():
        raise UnusableInput(msg.ROSTER_NOT_FOUND.text(path=path))
    rows = _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path)
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


def _xlsx_rows(path: Path) -> list[list[str]]:
    # A formula in a list (="某某市"&B2) means its result; a name typed as text stays text.
    sheet = open_workbook(path, cached_values=True).worksheets[0]
    return [[_name_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]


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
