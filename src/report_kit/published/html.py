"""Web pages (the sites' CMS, e.g. TRS editor): tables with rowspan/colspan, labels split across
<p>/<span> with &nbsp;. Cells are placed on the expanded grid, so x is a grid column."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from .document import Cell, Document, Table, printed
from .prose import is_title

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "table")
_DOC_LINK = re.compile(r"\.(pdf|docx?|wps)(\?|$)", re.I)
# A CMS page nests a few dozen tags deep. Deeper trees make bs4's recursive walks (Tag equality,
# find) overflow the stack and this module's per-tag steps quadratic (10,000 deep: 6 s; 100,000: hours).
MAX_DEPTH = 500


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
    soup = BeautifulSoup(decode(data), "lxml")
    _check_depth(soup)
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    doc = Document(kind="html", title=_title(soup))
    doc.links = [a.get("href") for a in soup.find_all("a", href=True) if _DOC_LINK.search(a.get("href", ""))]
    for number, element in enumerate(_outer_tables(soup), start=1):
        doc.tables.append(Table(rows=_grid(element), number=number))
        element.replace_with(NavigableString(f"\n\x00table{number}\x00\n"))
    for tag in soup.find_all("br"):
        tag.replace_with(NavigableString("\n"))
    for tag in soup.find_all(_BLOCKS):
        tag.append(NavigableString("\n"))
    body = soup.body or soup
    lines = [printed(line) for line in body.get_text("").split("\n")]
    doc.paragraphs = [line for line in lines if line]
    return doc


def _check_depth(soup: BeautifulSoup) -> None:
    """Raise TooDeep when any tag sits deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TooDeep(MAX_DEPTH)
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))


def _title(soup: BeautifulSoup) -> str:
    candidates = [t.get_text(" ", strip=True) for t in soup.find_all(["h1", "h2"])]
    candidates += [t.get_text(" ", strip=True) for t in soup.find_all(class_=re.compile("title", re.I))]
    if soup.title:
        candidates.append(soup.title.get_text(" ", strip=True))
    for text in candidates:
        if is_title(text):
            return printed(text)
    return printed(candidates[0]) if candidates else ""


def _outer_tables(soup: BeautifulSoup) -> list:
    """Tables not nested in another table (a layout table holding the real one counts once)."""
    tables = soup.find_all("table")
    inner = [t for t in tables if t.find("table") is not None]
    return [t for t in tables if t not in inner] if inner else tables


def _span(value, default: int = 1) -> int:
    try:
        return max(1, min(int(str(value).strip() or default), 100))
    except ValueError:
        return default


def _grid(table) -> list[list[Cell]]:
    """Rows of cells, each cell placed on the grid that rowspan/colspan make."""
    taken: set[tuple[int, int]] = set()
    rows: list[list[Cell]] = []
    for r, tr in enumerate(table.find_all("tr")):
        if tr.find_parent("table") is not table:
            continue
        r = len(rows)
        cells = []
        col = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, col) in taken:
                col += 1
            rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, col + dc))
            cells.append(Cell(td.get_text(" "), col, col + colspan, r, r + rowspan))
            col += colspan
        rows.append(cells)
    return rows
