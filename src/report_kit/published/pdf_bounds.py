"""What reading one PDF may cost: pages, drawn objects, inflated bytes.

The 50 MB file limit alone bounds nothing: a small file can hold 5,000 pages, a page drawing a
million characters (a 4 KB file took 2 GB and 30 s), a form drawn 10,000 times (1 KB: over 20 GB
before it was killed) or a content stream that inflates to 500 MB. A published annual report has
under ~40 pages of a few hundred to a few thousand characters and ruling lines each, so each bound
below is tens of times what a real report needs, and reading stops as soon as one is passed.
"""

from __future__ import annotations

import zlib
from contextlib import contextmanager
from itertools import islice

from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

MAX_PAGES = 200
# Characters cost reading; lines, rectangles, curves and images (paths) cost finding tables far more
# (19,000 short lines on a page: 1.5 s; a grid of 9,500 rectangles: 3.7 s).
MAX_PAGE_CHARS = 20_000  # real: up to ~550 a page
MAX_DOCUMENT_CHARS = 200_000
MAX_PAGE_PATHS = 4_000  # real: up to ~170 a page
MAX_DOCUMENT_PATHS = 20_000
# Streams inflated: real reports hold under 2 MB in all, but a Chinese font embedded whole rather than
# as the characters used (some PDF printers do) is 10-20 MB, and a 公文 uses four.
MAX_STREAM_BYTES = 32 * 1024 * 1024
MAX_DECODED_BYTES = 96 * 1024 * 1024


class TooManyPages(Exception):
    """More pages than MAX_PAGES; `pages` is the count the file states, or None if it lies."""

    def __init__(self, pages: int | None, limit: int) -> None:
        super().__init__(pages, limit)
        self.pages, self.limit = pages, limit


class PageTooBusy(Exception):
    """A page (or the whole document when `page` is None) draws more objects of a `kind` ("chars"
    or "paths") than allowed."""

    def __init__(self, page: int | None, limit: int, kind: str) -> None:
        super().__init__(page, limit, kind)
        self.page, self.limit, self.kind = page, limit, kind


class StreamTooLarge(Exception):
    """A stream, or all streams together, inflate past the limit (in MB)."""

    def __init__(self, limit_mb: int) -> None:
        super().__init__(limit_mb)
        self.limit_mb = limit_mb


def count_pages(doc) -> int:
    """The number of pages of a pdfminer document; raises TooManyPages past MAX_PAGES without
    walking the rest of the page tree (a file can state a small /Count and hold thousands)."""
    walked = sum(1 for _ in islice(PDFPage.create_pages(doc), MAX_PAGES + 1))
    if walked > MAX_PAGES:
        stated = _stated_count(doc)
        raise TooManyPages(stated if stated and stated > MAX_PAGES else None, MAX_PAGES)
    return walked


def _stated_count(doc) -> int | None:
    try:
        from pdfminer.pdftypes import resolve1

        count = resolve1(resolve1(doc.catalog["Pages"])["Count"])
        return count if isinstance(count, int) else None
    except Exception:  # a damaged page tree: the count is only for the message
        return None


class Budget:
    """Objects drawn so far in the document, by kind; one per read."""

    def __init__(self) -> None:
        self.drawn = {"chars": 0, "paths": 0}


class CountingAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, stopping the interpreter once a page or the document has drawn
    more objects than allowed (before they all sit in memory, not after)."""

    _LIMITS = {"chars": (MAX_PAGE_CHARS, MAX_DOCUMENT_CHARS), "paths": (MAX_PAGE_PATHS, MAX_DOCUMENT_PATHS)}

    def __init__(self, *args, budget: Budget, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.drawn = {"chars": 0, "paths": 0}

    def _count(self, kind: str) -> None:
        self.drawn[kind] += 1
        self.budget.drawn[kind] += 1
        page_limit, document_limit = self._LIMITS[kind]
        if self.drawn[kind] > page_limit:
            raise PageTooBusy(self.pageno, page_limit, kind)
        if self.budget.drawn[kind] > document_limit:
            raise PageTooBusy(None, document_limit, kind)

    def render_char(self, *args, **kwargs):
        self._count("chars")
        return super().render_char(*args, **kwargs)

    def paint_path(self, *args, **kwargs):
        self._count("paths")
        return super().paint_path(*args, **kwargs)

    def render_image(self, *args, **kwargs):
        self._count("paths")
        return super().render_image(*args, **kwargs)


_PIECE = 8192  # deflated bytes inflated at a time: at most ~8 MB of output each


def inflate(data: bytes, limit: int) -> bytes:
    """Deflated `data` inflated, a piece at a time, raising StreamTooLarge past `limit` bytes (a
    bomb is never held whole). A stream cut short yields what it holds; damage before its last
    bytes yields nothing, as pdfminer does; both without pdfminer's byte-at-a-time loop over the
    whole stream (a damaged 15 MB stream took it 9 s)."""
    inflater = zlib.decompressobj()
    out, size = [], 0
    for start in range(0, len(data), _PIECE):
        piece = data[start:start + _PIECE]
        saved = inflater.copy()
        try:
            produced = inflater.decompress(piece)
        except zlib.error:
            produced, at = _before_damage(saved, piece)
            if start + at < len(data) - 3:  # not merely a bad checksum at the end
                return b""
        out.append(produced)
        size += len(produced)
        if size > limit:
            raise StreamTooLarge(limit // 1024 // 1024)
        if inflater.eof:
            break
    return b"".join(out)


def _before_damage(inflater, piece: bytes) -> tuple[bytes, int]:
    """What `inflater` yields of `piece` before the byte where it fails, and that byte's index."""
    out = []
    for at in range(len(piece)):
        try:
            out.append(inflater.decompress(piece[at:at + 1]))
        except zlib.error:
            return b"".join(out), at
    return b"".join(out), len(piece)


def _only_deflated(stream: PDFStream) -> bool:
    """One FlateDecode filter and no predictor: inflating is all pdfminer's decode would do."""
    filters = stream.get_filters()
    return len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE and not (
        filters[0][1] and "Predictor" in filters[0][1])


@contextmanager
def bounded_streams():
    """Within: every PDF stream pdfminer inflates (page contents, forms, fonts, cmaps) is refused
    past MAX_STREAM_BYTES, and all of them together past MAX_DECODED_BYTES.

    pdfminer inflates a stream whole in `PDFStream.decode` and offers no hook or limit, so the
    method is wrapped for the duration of one read (reads run one at a time in a process): a
    stream only deflated (nearly all) is inflated here; any other goes to pdfminer, refused
    after if too large (its filters other than deflate expand far less)."""
    original = PDFStream.decode
    decoded = [0]

    def decode(stream: PDFStream) -> None:
        if _only_deflated(stream):
            raw = stream.rawdata or b""
            if stream.decipher:  # an encrypted file (often only "no copying", no password to open)
                raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
            stream.data, stream.rawdata = inflate(raw, MAX_STREAM_BYTES), None
        else:
            original(stream)
        size = len(stream.data or b"")
        decoded[0] += size
        if size > MAX_STREAM_BYTES:
            raise StreamTooLarge(MAX_STREAM_BYTES // 1024 // 1024)
        if decoded[0] > MAX_DECODED_BYTES:
            raise StreamTooLarge(MAX_DECODED_BYTES // 1024 // 1024)

    PDFStream.decode = decode
    try:
        yield
    finally:
        PDFStream.decode = original
