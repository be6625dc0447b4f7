"""Word .docx reports: tables read from the XML with their merges (gridSpan, vMerge), placed on the grid."""

from __future__ import annotations

import io

from docx import Document as open_docx
from docx.oxml.ns import qn

from .document import Cell, Document, Table, printed
from .prose import is_title


def read_docx(data: bytes) -> Document:
    """Tables (cells on the grid, merged cells once) and the paragraphs outside them, in body order."""
    word = open_docx(io.BytesIO(data))
    doc = Document(kind="docx")
    number = 0
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = printed("".join(t.text or "" for t in child.iter(qn("w:t"))))
            if text:
                doc.paragraphs.append(text)
        elif child.tag == qn("w:tbl"):
            number += 1
            doc.tables.append(Table(rows=_grid(child), number=number))
    for p in doc.paragraphs[:5]:
        if is_title(p):
            doc.title = p
            break
    return doc


def _grid(tbl) -> list[list[Cell]]:
    rows = []
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        col = 0
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        if before is not None:
            col = _number(before.get(qn("w:val")), 0)
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span = 1
            merged_below = False
            if props is not None:
                grid_span = props.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(1, _number(grid_span.get(qn("w:val")), 1))
                v_merge = props.find(qn("w:vMerge"))
                merged_below = v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"
            if not merged_below:  # a vertically merged cell is read once, in its first row
                text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
                cells.append(Cell(text, col, col + span, r, r + 1))
            col += span
        rows.append(cells)
    return rows


def _number(value: str | None, default: int) -> int:
    """A grid count as Word writes it; anything else (damaged, hostile) as `default`, at most 100."""
    try:
        return max(0, min(int(value), 100)) if value is not None else default
    except ValueError:
        return default
