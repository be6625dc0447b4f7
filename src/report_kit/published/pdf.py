"""PDF reports with a text layer (WPS, Word, LibreOffice exports), through pdfplumber.

Tables come from the ruling lines pdfplumber finds; each cell keeps its box, so a table continued on
the next page (without its header, with other grid columns) is placed against the header by x.
WPS draws boxes round prose paragraphs too: a one-column row is prose, not table data.
What one read may cost (pages, objects drawn, bytes inflated) is bounded in pdf_bounds.
"""

from __future__ import annotations

import io
import re

import pdfplumber
from pdfminer.pdfinterp import PDFPageInterpreter

from .document import Cell, Document, Table, printed
from .pdf_bounds import Budget, CountingAggregator, bounded_streams, count_pages

_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d+[-—–\s]*$")
INDENT = 12.0  # points: a line starting this much right of the page's left text edge opens a paragraph


class NoTextLayer(Exception):
    """The PDF has pages but no text on them (a scan)."""


def read_pdf(data: bytes) -> Document:
    """Tables (cells with their boxes, page numbers) and the prose paragraphs outside them.

    Raises pdf_bounds.TooManyPages, PageTooBusy or StreamTooLarge for a file costing far more than a
    report; pdfplumber's PdfminerException (or pdfminer's own) for a damaged or encrypted one."""
    with bounded_streams(), pdfplumber.open(io.BytesIO(data)) as pdf:
        return _read(pdf)


def _read(pdf) -> Document:
    doc = Document(kind="pdf")
    lines: list[tuple[int, float, str]] = []  # (page, x0, text) in reading order
    any_text = False
    number = 0
    budget = Budget()
    doc.pages = count_pages(pdf.doc)
    for page_no, page in enumerate(pdf.pages, start=1):
        _lay_out(pdf, page, budget)
        if page.chars:
            any_text = True
        boxes = []
        for found in page.find_tables():
            number += 1
            texts = found.extract()
            rows = []
            for row, row_texts in zip(found.rows, texts):
                cells = [Cell(text or "", box[0], box[2], box[1], box[3])
                         for box, text in zip(row.cells, row_texts) if box is not None]
                rows.append(cells)
                if sum(1 for c in cells if c.key) >= 2:
                    boxes.append(row.bbox)  # table data: not prose
            doc.tables.append(Table(rows=rows, page=page_no, number=number, bbox=found.bbox))
            stray = _outside_cells(page, found)
            if stray:
                doc.stray.append((page_no, number, stray))
        for line in page.extract_text_lines(layout=False):
            middle = ((line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2)
            if any(b[0] <= middle[0] <= b[2] and b[1] <= middle[1] <= b[3] for b in boxes):
                continue
            if _PAGE_NUMBER.match(line["text"]):
                continue
            lines.append((page_no, line["x0"], line["text"]))
        page.close()  # its objects are done with: keep one page in memory, not all
    if not any_text and doc.pages:
        raise NoTextLayer()
    doc.paragraphs = _paragraphs(lines)
    doc.title = _title(doc.paragraphs)
    return doc


def _lay_out(pdf, page, budget: Budget) -> None:
    """Interpret the page as pdfplumber's `Page.layout` would, through a device that stops at the
    object bounds; pdfplumber then takes this layout (it caches it as `_layout`)."""
    device = CountingAggregator(pdf.rsrcmgr, pageno=page.page_number, laparams=pdf.laparams, budget=budget)
    PDFPageInterpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _outside_cells(page, found) -> str:
    """Text inside a table's box that landed in no cell (a cell without ruling lines loses it)."""
    x0, top, x1, bottom = found.bbox
    cells = found.cells
    lost = []
    for char in page.chars:
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom) or not char["text"].strip():
            continue
        if not any(c[0] <= cx <= c[2] and c[1] <= cy <= c[3] for c in cells):
            lost.append(char["text"])
    return "".join(lost)


def _paragraphs(lines: list[tuple[int, float, str]]) -> list[str]:
    """Lines joined into paragraphs: an indented line opens one; numbers cut by a line break are joined."""
    if not lines:
        return []
    left = min(x for _p, x, _t in lines)
    paragraphs: list[str] = []
    for _page, x0, text in lines:
        if not paragraphs or x0 > left + INDENT:
            paragraphs.append(text)
        else:
            paragraphs[-1] += text
    return [printed(p) for p in paragraphs if printed(p)]


def _title(paragraphs: list[str]) -> str:
    """The title, which a PDF often prints on two centred lines (agency, then year and name)."""
    for i, p in enumerate(paragraphs[:4]):
        if "年度报告" in p:
            before = [q for q in paragraphs[:i] if len(q) <= 30]
            return "".join(before[-1:] + [p]) if len(before) == i else p
    return paragraphs[0] if paragraphs else ""
