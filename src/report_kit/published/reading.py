"""A published report file -> a Submission with every number as printed, and where each was read.

Every field ends as one of: read (its printed text cleaned like a workbook cell), blank as printed
(0 with a 提示), or not read (never 0: the rules that need it say "无法核对"). Totals are kept as
printed (stated totals), so R2–R4 check what was published; nothing is repaired with R1–R4.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import UnusableInput
from ..fsutil import reason
from ..form import FORM, Kind
from ..form import messages as msg
from ..form import printed as spec
from ..submission import Finding, Submission, _plain
from ..cleaning import MONEY_DECIMALS, Cleaned, clean_number
from .detect import detect_kind
from .document import Document
from .prose import split_prose, title_facts
from .tables import Reading, TableReading, read_tables

KINDS = ("pdf", "html", "docx")
# A published report is a few hundred KB (a PDF with pictures a few MB). The size on disk bounds little
# by itself: what a file holds is bounded where it is parsed (pdf_bounds; html: depth and grid squares;
# Word: each XML part). A web page stays capped at 2 MB (a report's is under 1 MB; a 2 MB page of
# paragraphs still takes ~100 MB and 1 s through lxml, and took 250 MB and 3.5 s through BeautifulSoup).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_HTML_BYTES = 2 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
# Word's XML parts are parsed whole, at ~18 times their size (a 45 MB table in document.xml: 820 MB,
# 11 s); a report's document.xml is under 1 MB, its pictures are separate parts and not parsed.
MAX_DOCX_XML = 8 * 1024 * 1024
_PRINTED_MESSAGES = {msg.BLANK_AS_ZERO: msg.BLANK_PRINTED, msg.PLACEHOLDER_AS_ZERO: msg.PLACEHOLDER_PRINTED,
                     msg.CLEANED: msg.CLEANED_PRINTED, msg.NOT_A_NUMBER: msg.NOT_A_NUMBER_PRINTED}


@dataclass
class PublishedReport:
    """One published report read: the submission, where each value came from, what was not read."""

    submission: Submission
    path: Path
    kind: str
    sha256: str
    readings: dict[str, Reading]
    not_read: dict[str, str] = field(default_factory=dict)  # field id -> why
    absent: tuple[str, ...] = ()  # rows the report's (older) layout does not print
    one_row_other: bool = False
    document: Document | None = None

    def place(self, field_id: str) -> str:
        """Where a user finds the field in the published file ("第4页 表三 … / 自然人")."""
        if field_id in self.readings:
            return self.readings[field_id].place
        f = FORM.field(field_id)
        if not f.is_number:
            return spec.PROSE_PLACE.format(label=f.row_label)
        name = spec.TABLE_NAMES.get(f.table, "")
        return spec.PLACE.format(page="", table=name, row=f.row_label, column=f.column_label) if f.column_label \
            else spec.PLACE_NO_COLUMN.format(page="", table=name, row=f.row_label)

    def source(self) -> dict:
        """The `source` block of the imported JSON: file, hash, format, and per field where it was read."""
        return {
            "file": self.path.name, "sha256": self.sha256, "format": self.kind,
            "pages": self.document.pages if self.document and self.document.pages else None,
            "title": self.document.title if self.document else "",
            "one_row_other": self.one_row_other,
            "fields": {fid: r.to_dict() for fid, r in self.readings.items()},
            "not_read": dict(self.not_read),
            "not_printed": list(self.absent),
        }


def to_json_dict(report: PublishedReport) -> dict:
    """The export JSON shape with every number as printed (totals too) and the `source` block.

    A field that was not read is left out of `values` (and listed in `source.not_read`), never 0.
    """
    sub = report.submission
    values = {}
    for f in FORM.numbers:
        value = sub.stated_totals.get(f.id) if f.derived else sub.values.get(f.id)
        if value is not None and f.id not in report.absent:
            values[f.id] = _plain(value)
    return {
        "form": FORM.form_id, "edition": FORM.edition,
        "facts": {f.id: sub.facts.get(f.id) if sub.facts.get(f.id) is not None else "" for f in FORM.facts},
        "values": values,
        "prose": {f.id: sub.prose.get(f.id, "") for f in FORM.prose},
        "source": report.source(),
    }


def read_document(data: bytes, name: str) -> tuple[str, Document]:
    """Detect the kind of `data` by content and parse it. Raises UnusableInput with the reason."""
    if not data:  # a download that failed, or a file saved before it was written
        raise UnusableInput(msg.EMPTY_FILE.text(name=name))
    kind = detect_kind(data)
    if kind == "html" and _binary(data):
        kind = "binary"  # detect_kind calls anything else a web page; garbage has no tables to look for
    if kind == "pdf":
        from .pdf import NoTextLayer, read_pdf

        try:
            return kind, read_pdf(data)
        except NoTextLayer:
            raise UnusableInput(msg.NO_TEXT_LAYER.text(name=name)) from None
        except Exception as error:  # pdfminer raises many kinds for a damaged file
            raise UnusableInput(_pdf_problem(error, name)) from None
    if kind == "docx":
        from .docx import read_docx

        _check_unzipped_size(data, name)
        try:
            return kind, read_docx(data)
        except Exception as error:  # python-docx and lxml raise many kinds for damaged XML
            raise UnusableInput(msg.DOCX_UNREADABLE.text(
                name=name, tech=msg.TECH_INFO.format(detail=type(error).__name__))) from None
    if kind == "ole":
        raise UnusableInput(msg.OLD_WORD.text(name=name))
    if kind == "html":
        from .html import TooDeep, TooManySquares, read_html

        if len(data) > MAX_HTML_BYTES:
            raise UnusableInput(msg.PAGE_TOO_LARGE.text(name=name, size=_megabytes(len(data))))
        try:
            return kind, read_html(data)
        except TooDeep as error:
            raise UnusableInput(msg.PAGE_TOO_DEEP.text(name=name, limit=error.limit)) from None
        except TooManySquares as error:
            raise UnusableInput(msg.PAGE_TOO_MANY_SQUARES.text(name=name, limit=error.limit)) from None
    why = msg.NOT_A_REPORT_KINDS.get(kind, kind)
    raise UnusableInput(msg.NOT_A_REPORT.text(name=name, why=why))


def _binary(data: bytes) -> bool:
    """Whether `data` is not text: control bytes (a web page in UTF-16 has a byte-order mark and
    its NULs are expected) make up over a tenth of its start."""
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls * 10 > len(head)


def _pdf_problem(error: Exception, name: str) -> str:
    """What kind of problem kept a PDF from being read, in Chinese; the library's name for it last."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFNotImplementedError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    from .pdf_bounds import PageTooBusy, StreamTooLarge, TooManyPages

    while isinstance(error, PdfminerException) and error.args and isinstance(error.args[0], Exception):
        error = error.args[0]  # pdfplumber wraps what pdfminer raised
    if isinstance(error, TooManyPages):
        pages = msg.PAGES_STATED.format(pages=error.pages) if error.pages else msg.PAGES_OVER.format(limit=error.limit)
        return msg.PDF_TOO_MANY_PAGES.text(name=name, pages=pages, limit=error.limit)
    if isinstance(error, PageTooBusy):
        what, usual = msg.PDF_OBJECT_KINDS[error.kind]
        if error.page is None:
            return msg.PDF_TOO_BUSY.text(name=name, limit=error.limit, what=what, usual=usual)
        return msg.PDF_PAGE_TOO_BUSY.text(name=name, page=error.page, limit=error.limit, what=what, usual=usual)
    if isinstance(error, StreamTooLarge):
        return msg.PDF_INFLATES.text(name=name, limit=error.limit_mb)
    if isinstance(error, MemoryError):
        raise error  # not the file's fault alone: the batch's worker handling says so
    tech = msg.TECH_INFO.format(detail=type(error).__name__)
    if isinstance(error, PDFPasswordIncorrect):
        return msg.PDF_PASSWORD.text(name=name)
    if isinstance(error, PDFEncryptionError) or "crypt" in str(error).lower():
        return msg.PDF_ENCRYPTION.text(name=name, tech=tech)
    if isinstance(error, PDFNotImplementedError):
        return msg.PDF_UNSUPPORTED.text(name=name, tech=tech)
    if isinstance(error, (PSException, EOFError, ValueError, KeyError, TypeError, IndexError, AssertionError)):
        return msg.PDF_DAMAGED.text(name=name, tech=tech)
    return msg.PDF_UNREADABLE.text(name=name, tech=tech)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def _check_unzipped_size(data: bytes, name: str) -> None:
    """Refuse a .docx whose parts inflate past MAX_DOCX_UNCOMPRESSED (a zip bomb), or one of whose XML
    parts past MAX_DOCX_XML, before Word's XML is parsed. zipfile stops a member at its declared
    size, so the declared sizes bound what is read."""
    import io
    import zipfile

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise UnusableInput(msg.DOCX_DAMAGED.text(name=name)) from None
    if sum(m.file_size for m in members) > MAX_DOCX_UNCOMPRESSED:
        raise UnusableInput(msg.PUBLISHED_UNZIPS_TOO_LARGE.text(
            name=name, limit=MAX_DOCX_UNCOMPRESSED // 1024 // 1024))
    xml = [m for m in members if m.filename.lower().endswith((".xml", ".rels"))]
    if xml and max(m.file_size for m in xml) > MAX_DOCX_XML:
        raise UnusableInput(msg.DOCX_XML_TOO_LARGE.text(name=name, limit=MAX_DOCX_XML // 1024 // 1024))


def read_published(path: str | Path) -> PublishedReport:
    """Read a published report (PDF, web page, .docx). Raises UnusableInput when it cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnusableInput(msg.PUBLISHED_TOO_LARGE.text(name=path.name, size=_megabytes(size)))
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnusableInput(msg.NOT_FOUND_FILE.text(path=path)) from None
    except OSError as error:
        raise UnusableInput(msg.CANNOT_READ.text(name=path.name, reason=reason(error))) from None
    kind, doc = read_document(data, path.name)
    tables = read_tables(doc)
    if not tables.readings:
        if doc.links and not doc.tables:
            raise UnusableInput(msg.LINK_ONLY.text(name=path.name, links="、".join(doc.links[:3])))
        why = msg.NO_TABLES_AT_ALL[kind] if not doc.tables else msg.NO_TABLES_RECOGNIZED
        raise UnusableInput(msg.NO_TABLES.text(name=path.name, why=why))
    report = _build(tables, doc, path, kind, hashlib.sha256(data).hexdigest())
    return report


def _build(tables: TableReading, doc: Document, path: Path, kind: str, sha: str) -> PublishedReport:
    agency, year = title_facts(doc.title, doc.paragraphs)
    submission = Submission(source=str(path))
    submission.facts = {f.id: "" for f in FORM.facts}
    submission.facts.update(agency=agency, year=year)
    submission.prose = split_prose(doc.paragraphs)
    absent = tuple(f"t3_{row}_{col}" for row in spec.ONE_ROW_ABSENT for col, _ in spec.t3_columns()) \
        if tables.one_row_other else ()
    report = PublishedReport(submission, path, kind, sha, tables.readings, absent=absent,
                             one_row_other=tables.one_row_other, document=doc)
    for f in FORM.numbers:
        reading = tables.readings.get(f.id)
        if f.id in absent:
            if not f.derived:
                submission.values[f.id] = 0  # not printed: the group's total sits in its one row
            continue
        if reading is None:
            report.not_read[f.id] = msg.NOT_FOUND_IN_REPORT
            if not f.derived:
                submission.rejected.add(f.id)
            continue
        cleaned = _clean(reading.raw, f.kind)
        if cleaned.message is not None:
            printed = _PRINTED_MESSAGES.get(cleaned.message)
            finding = Finding.of(printed, (f.id,), place=reading.place, **cleaned.details) if printed \
                else Finding.of(cleaned.message, (f.id,), code="R5", where=reading.place, **cleaned.details)
            submission.findings.append(finding)
        if not cleaned.ok:
            report.not_read[f.id] = msg.PRINTED_AS.format(raw=reading.raw)
            if not f.derived:
                submission.rejected.add(f.id)
        elif f.derived:
            submission.stated_totals[f.id] = cleaned.value
        else:
            submission.values[f.id] = cleaned.value
        if reading.fuzzy_from:
            official = f.row_label
            submission.findings.append(Finding.of(msg.FUZZY_LABEL, (f.id,), place=reading.place,
                                                  printed=reading.fuzzy_from, official=official))
    if tables.one_row_other:
        submission.findings.append(Finding.of(msg.ONE_ROW_NOTE))
    for page, number, text in doc.stray:
        if any(ch.isdigit() for ch in text) and number in tables.data_tables:
            submission.findings.append(Finding.of(msg.STRAY_TEXT, page=page, text=text))
    if tables.old_t2:
        submission.findings.append(Finding.of(msg.OLD_T2))
    by_row: dict[tuple[str, str], list[str]] = {}
    for fid in report.not_read:
        if fid not in tables.readings:  # printed but unusable: the R5 finding says why
            f = FORM.field(fid)
            by_row.setdefault((f.table, f.row_label), []).append(fid)
    for (table, row), fids in by_row.items():  # one 提示 per row, not one per column
        place = spec.PLACE_NO_COLUMN.format(page="", table=spec.TABLE_NAMES.get(table, ""), row=row)
        columns = "、".join(FORM.field(i).column_label for i in fids if FORM.field(i).column_label)
        why = report.not_read[fids[0]] + (f"：{columns}" if columns and len(fids) < 7 else "")
        submission.findings.append(Finding.of(msg.NOT_READ, tuple(fids), place=place, why=why))
    _dedupe_fuzzy(submission)
    return report


_PLAIN = re.compile(r"[0-9]+(\.[0-9]+)?")  # ASCII only: full-width digits get their 提示
_TEXT_NOTE = "以文本形式保存的数字"  # every printed number is text: not worth a word


def _clean(raw: str, kind: Kind) -> Cleaned:
    """A printed cell's text cleaned like a workbook cell; a plain printed number is just that number."""
    text = raw.strip()
    if not text:
        return clean_number(None, kind)
    if _PLAIN.fullmatch(text) and "." not in text:
        return clean_number(int(text), kind)
    if _PLAIN.fullmatch(text) and kind is Kind.MONEY and len(text.split(".")[1]) <= MONEY_DECIMALS:
        return Cleaned(Decimal(text))
    cleaned = clean_number(text, kind)
    how = cleaned.details.get("how")
    if how is not None:
        notes = [n for n in how.split("、") if n != _TEXT_NOTE]
        if not notes:
            return Cleaned(cleaned.value)
        cleaned = Cleaned(cleaned.value, cleaned.message, {**cleaned.details, "how": "、".join(notes)})
    return cleaned


def _dedupe_fuzzy(submission: Submission) -> None:
    """One 提示 per fuzzily matched row, not one per column."""
    seen, kept = set(), []
    for finding in submission.findings:
        if finding.code == "P1" and finding.fields:
            key = finding.message.split("：", 1)[1]
            if key in seen:
                continue
            seen.add(key)
        kept.append(finding)
    submission.findings[:] = kept
