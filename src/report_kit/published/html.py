"""Web pages (the sites' CMS, e.g. TRS editor): tables with rowspan/colspan, labels split across
<p>/<span> with &nbsp;. Cells are placed on the expanded grid, so x is a grid column.

Parsed with lxml directly, walked without recursion and in one pass: a BeautifulSoup tree of a 2 MB
page took 220-320 MB and 4-6 s to build, and replacing each of 60,000 tables in it 145 s (each
`replace_with` looks the table up among its siblings); lxml's tree of the same page is a few MB.
"""

from __future__ import annotations

import re

from lxml import etree

from .document import Cell, Document, Table, printed
from .prose import is_title

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "table")
_DOC_LINK = re.compile(r"\.(pdf|docx?|wps)(\?|$)", re.I)
# A CMS page nests a few dozen tags deep; a tree much deeper is no report (under BeautifulSoup a page
# 100,000 deep ran for hours). libxml2 keeps at most 2,048 levels (huge_tree), so deeper is seen.
MAX_DEPTH = 500
# The report's tables have a few hundred grid squares (表三: 29 rows of 9). Each square a cell spans
# is a step and an entry: 1,000 cells spanning 100 x 100 each (36 KB) took 1.2 GB and 8 s.
MAX_GRID_SQUARES = 50_000
_DROPPED = ("script", "style", "noscript", "template")
_TITLE_CLASS = re.compile("title", re.I)


class TooManySquares(Exception):
    """The page's tables span more than MAX_GRID_SQUARES grid squares in all."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class TooDeep(Exception):
    """The page nests its tags deeper than MAX_DEPTH."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def decode(data: bytes) -> str:
    """Bytes of a page -> text: BOM, then <meta charset>, then UTF-8, then detection.
    GBK and GB2312 pages are decoded as GB18030 (a superset that never loses a character)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    match = _META_CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii").lower()
        if name in ("gbk", "gb2312", "gb_2312-80", "gb18030", "x-gbk"):
            name = "gb18030"
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", "replace")


def read_html(data: bytes) -> Document:
    """Parse a page into tables on their grid and the paragraphs outside them."""
    parser = etree.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True, no_network=True,
                              encoding="utf-8")  # decoded here (BOM, <meta>, detection): libxml2 is told
    text = decode(data)
    root = etree.fromstring(text.encode("utf-8"), parser) if text.strip() else None
    if root is None:  # nothing but whitespace or comments
        return Document(kind="html")
    _check_depth(root)
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    _check_squares(root)
    doc = Document(kind="html", title=_title(root))
    doc.links = [a.get("href") for a in root.iter("a") if a.get("href") is not None
                 and _DOC_LINK.search(a.get("href"))]
    tables = {}
    for number, element in enumerate(_outer_tables(root), start=1):
        doc.tables.append(Table(rows=_grid(element), number=number))
        tables[element] = number
    body = root.find("body")
    lines = [printed(line) for line in _text(root if body is None else body, tables).split("\n")]
    doc.paragraphs = [line for line in lines if line]
    return doc


def _check_depth(root) -> None:
    """Raise TooDeep when any tag sits deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TooDeep(MAX_DEPTH)
        stack.extend((child, depth + 1) for child in node)


def _check_squares(root) -> None:
    """Raise TooManySquares before any grid is built when the cells span too many squares."""
    squares = 0
    for cell in root.iter("td", "th"):
        squares += _span(cell.get("rowspan")) * _span(cell.get("colspan"))
        if squares > MAX_GRID_SQUARES:
            raise TooManySquares(MAX_GRID_SQUARES)


def _text(top, tables: dict) -> str:
    """The text under `top` in document order: each data table as a marker line, <br> as a line
    break, a line break after every block; in one pass without recursion."""
    out: list[str] = []
    stack = [(top, True)]
    while stack:
        node, opening = stack.pop()
        if opening:
            number = tables.get(node)
            if number is not None:
                out.append(f"\n\x00table{number}\x00\n")
                stack.append((node, None))  # its tail only
                continue
            out.append("\n" if node.tag == "br" else node.text or "")
            stack.append((node, False))
            stack.extend((child, True) for child in reversed(node))
            continue
        if opening is False and node.tag in _BLOCKS:
            out.append("\n")
        if node is not top:
            out.append(node.tail or "")
    return "".join(out)


def _words(element) -> str:
    """Its text pieces stripped and joined by one space (BeautifulSoup's get_text(" ", strip=True))."""
    return " ".join(piece.strip() for piece in element.itertext() if piece.strip())


def _title(root) -> str:
    candidates = [_words(t) for t in root.iter("h1", "h2")]
    candidates += [_words(t) for t in root.xpath("//*[@class]") if _TITLE_CLASS.search(t.get("class"))]
    title = root.find(".//title")
    if title is not None:
        candidates.append(_words(title))
    for text in candidates:
        if is_title(text):
            return printed(text)
    return printed(candidates[0]) if candidates else ""


def _outer_tables(root) -> list:
    """Tables holding no other table (a layout table holding the real one is not itself read)."""
    return [t for t in root.iter("table") if t.find(".//table") is None]


def _span(value, default: int = 1) -> int:
    if value is None:
        return default
    try:
        return max(1, min(int(str(value).strip() or default), 100))
    except ValueError:
        return default


def _grid(table) -> list[list[Cell]]:
    """Rows of cells, each cell placed on the grid that rowspan/colspan make."""
    taken: set[tuple[int, int]] = set()
    rows: list[list[Cell]] = []
    for tr in table.iter("tr"):  # a table holding no other table: every row is its own
        r = len(rows)
        cells = []
        col = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, col) in taken:
                col += 1
            rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, col + dc))
            cells.append(Cell(" ".join(td.itertext()), col, col + colspan, r, r + rowspan))
            col += colspan
        rows.append(cells)
    return rows
