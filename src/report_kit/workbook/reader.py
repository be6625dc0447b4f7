"""Read a returned workbook back into a Submission: by defined name, cleaned, totals distrusted."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from .cells import range_boundaries

from ..errors import WrongWorkbook
from ..form import FORM, Field, Kind
from ..form import form2021 as layout
from ..form import messages as msg
from ..cleaning import clean_field, clean_number, clean_year, date_serial, take, unescape_xlsx
from ..submission import Finding, Submission, where
from .arrangement import verify_arrangement
from .fast_reader import open_fast, unquote_title
from .opening import open_workbook


def read_workbook(path: str | Path) -> Submission:
    """Read, verify and clean a report-kit workbook. Problems with values become findings;
    a file that is not a usable report-kit workbook raises UnusableInput / WrongWorkbook."""
    path = Path(path)
    book = open_fast(path) or open_workbook(path)  # lxml over the few parts; openpyxl for anything unusual
    meta = _verify_meta(book, path.name)
    raw, places, formats = _read_named_cells(book, path.name)
    verify_arrangement(places, path.name)
    submission = Submission(source=str(path))
    for f in FORM.fields:
        _take(submission, f, raw[f.id], formats.get(f.id, "General"))
    submission.baseline, submission.baseline_year = read_baseline(meta)
    submission.summary_of = read_summary_of(meta)
    submission.findings.extend(_dates_in_counts(submission, raw))
    sheets = {FORM.field(i).sheet: sheet for i, (sheet, _cell) in places.items()}
    submission.findings.extend(_layout_findings(sheets, places))
    submission.findings.extend(_protection_findings(book, sheets))
    return submission


def _verify_meta(book, name: str) -> dict[str, str]:
    if layout.SHEET_META not in book.sheetnames:
        raise WrongWorkbook(msg.NOT_OUR_WORKBOOK.text(name=name))
    ws = book[layout.SHEET_META]
    meta = {str(row[0]): str(row[1]) for row in ws.iter_rows(max_col=2, values_only=True) if row[0]}
    if meta.get(layout.META_FORM_ID) != FORM.form_id:
        raise WrongWorkbook(msg.OTHER_FORM.text(name=name))
    if meta.get(layout.META_EDITION) != FORM.edition:
        raise WrongWorkbook(msg.OTHER_EDITION.text(name=name, found=meta.get(layout.META_EDITION), edition=FORM.edition))
    if meta.get(layout.META_TEMPLATE_VERSION) != str(FORM.template_version):
        raise WrongWorkbook(msg.OTHER_TEMPLATE_VERSION.text(name=name, found=meta.get(layout.META_TEMPLATE_VERSION),
                                                            version=FORM.template_version))
    return meta


def read_baseline(meta: dict[str, str]) -> tuple[dict, int | None]:
    """Last year's values recorded in _meta by `make-workbook --previous`; ignored unless all are sound."""
    baseline = {}
    for field_id in FORM.baseline_fields:
        stored = meta.get(layout.META_BASELINE_PREFIX + field_id)
        cleaned = clean_number(stored, FORM.field(field_id).kind)
        if stored is None or not cleaned.ok:
            return {}, None  # stored as text by us, so a cleaning notice here is expected
        baseline[field_id] = cleaned.value
    year = clean_year(meta.get(layout.META_BASELINE_YEAR))
    return baseline, year.value if year.ok else None


def read_summary_of(meta: dict[str, str]) -> int:
    """How many returns a 汇总 workbook sums (from _meta); 0 for a department's own workbook."""
    text = meta.get(layout.META_SUMMARY_OF, "0")
    # ASCII digits only: str.isdigit accepts "²", which int() refuses
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else 0


def named_cell(book, field_id: str):
    """The cell a field's defined name points to now (it follows renamed sheets and inserted
    rows), or None when the name is gone or points nowhere."""
    defined = book.defined_names.get(field_id)
    destinations = [(unquote_title(title), cells) for title, cells in defined.destinations] if defined is not None else []
    if len(destinations) != 1 or destinations[0][0] not in book.sheetnames:
        return None
    sheet, coordinate = destinations[0]
    min_col, min_row, _max_col, _max_row = range_boundaries(coordinate.replace("$", ""))
    return book[sheet].cell(row=min_row, column=min_col)


def _read_named_cells(book, name: str):
    """Raw values by field id, where each name points now: (sheet, "D5"), and each cell's number format."""
    values: dict[str, object] = {}
    places: dict[str, tuple[str, str]] = {}
    formats: dict[str, str] = {}
    missing: list[str] = []
    for f in FORM.fields:
        cell = named_cell(book, f.id)
        if cell is None and f.id in layout.FACTS_ADDED_LATER and f.id not in book.defined_names:
            values[f.id] = None  # a workbook handed out before this optional fact existed
            continue
        if cell is None:
            missing.append(f.id)
            continue
        values[f.id] = cell.value
        places[f.id] = (cell.parent.title, cell.coordinate)
        formats[f.id] = cell.number_format or "General"
    if missing:
        shown = "、".join(FORM.field(i).label for i in missing[:3]) + ("等" if len(missing) > 3 else "")
        raise WrongWorkbook(msg.NAMES_LOST.text(name=name, count=len(missing), shown=shown))
    return values, places, formats


def _dates_in_counts(submission: Submission, raw: dict[str, object]) -> list[Finding]:
    """A count that is exactly the serial of a date between the report year and now: "1/2" typed
    into a count cell of a protected sheet keeps the cell's number format and stores 46024, which
    no format or validation can tell from a count. Applications, reviews and lawsuits of one
    department never reach tens of thousands (error); 表二's counts and a 汇总's can (notice)."""
    year = submission.year
    if year is None:
        return []
    today = _dt.date.today().year
    years = range(min(year, today), max(year + 1, today) + 1)
    findings = []
    for f in FORM.inputs:
        if f.kind is not Kind.COUNT or f.id in submission.rejected or isinstance(raw[f.id], str):
            continue
        day = date_serial(raw[f.id], years)
        if day is None:
            continue
        details = {"where": where(f), "raw": int(raw[f.id]), "date": f"{day.year}年{day.month}月{day.day}日",
                   "typed": f"{day.month}/{day.day}"}
        if f.table in ("t3", "t4") and not submission.summary_of:
            findings.append(Finding.of(msg.DATE_SERIAL, (f.id,), **details))
            submission.rejected.add(f.id)
            submission.values[f.id] = 0
        else:
            findings.append(Finding.of(msg.DATE_SERIAL_CHECK, (f.id,), **details))
    return findings


def _layout_findings(sheets: dict[str, str], places: dict[str, tuple[str, str]]) -> list[Finding]:
    """Sheets renamed, rows or columns inserted: the names followed the cells, so the values are
    read correctly, but the department changed the form and should be told."""
    findings = []
    renamed = [msg.SHEET_RENAMED.format(ours=ours, now=now) for ours, now in sheets.items() if ours != now]
    if renamed:
        findings.append(Finding.of(msg.SHEETS_RENAMED, renamed="、".join(renamed)))
    moved = [f for f in FORM.fields if f.id in places and places[f.id][1] != f.cell]
    for sheet in dict.fromkeys(f.sheet for f in moved):
        first = next(f for f in moved if f.sheet == sheet)
        findings.append(Finding.of(msg.CELLS_MOVED, (first.id,), sheet=sheet, label=first.label, was=first.cell,
                                   now=places[first.id][1]))
    return findings


def _take(submission: Submission, f: Field, raw: object, number_format: str = "General") -> None:
    if f.kind in (Kind.PROSE, Kind.TEXT) and isinstance(raw, str):
        # A control character typed or pasted into a cell is stored as _x0001_: decode, then drop it
        raw = unescape_xlsx(raw)
    if f.derived and isinstance(raw, str) and raw.startswith("="):
        return  # our formula: its cached value is never trusted, the total is recomputed
    cleaned = clean_field(f, raw, "General" if f.derived else number_format)
    if f.derived and cleaned.ok:  # a number typed over our formula: kept for the checker to compare
        submission.stated_totals[f.id] = cleaned.value
        submission.findings.append(Finding.of(msg.TOTAL_OVERWRITTEN, (f.id,), where=where(f),
                                              raw=cleaned.details.get("raw", raw)))
        return
    take(submission, f, cleaned, where(f))


def _protection_findings(book, sheets: dict[str, str]) -> list[Finding]:
    unprotected = [ours for ours, now in sheets.items() if not book[now].protection.sheet]
    if not unprotected:
        return []
    return [Finding.of(msg.PROTECTION_REMOVED, sheets="、".join(unprotected))]
