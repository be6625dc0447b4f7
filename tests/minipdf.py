"""A minimal PDF writer for hostile test files: pages of raw content streams, Helvetica as /F1,
optional Form XObjects. The files are small (content streams deflated) however much they draw, so
the corpus and the benchmarks build them on the fly instead of storing them.
"""

from __future__ import annotations

import zlib


def pdf(pages: list[bytes], forms: dict[str, bytes] | None = None, compress: bool = True,
        content_filter: bytes = b"", password: bool = False, deflated: bool = False) -> bytes:
    """A PDF whose page i draws `pages[i]` (a content stream); `forms` are Form XObjects by name,
    usable on every page as `/Name Do`. `content_filter` names the pages' stream filter as is (the
    content left as given); `password` declares a password to open that no empty password opens;
    `deflated`: the pages' content streams are given deflated already."""
    forms = forms or {}
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"", page: bool = False) -> bytes:
        if page and content_filter:
            extra += b" /Filter /" + content_filter
        elif page and deflated:
            extra += b" /Filter /FlateDecode"
        elif compress:
            data = zlib.compress(data, 9)
            extra += b" /Filter /FlateDecode"
        return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"

    catalog = add(b"")  # filled in below
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    form_refs = {name: add(stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
                                        b" /Resources << /Font << /F1 %d 0 R >> >>" % font))
                 for name, body in forms.items()}
    xobjects = b" ".join(b"/%s %d 0 R" % (name.encode(), ref) for name, ref in form_refs.items())
    resources = add(b"<< /Font << /F1 %d 0 R >> /XObject << %s >> >>" % (font, xobjects))
    kids = []
    for content in pages:
        body = add(stream(content, page=True))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %d 0 R"
                        b" /Contents %d 0 R >>" % (tree, resources, body)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    # RC4 40-bit standard security: /U is what the user password's key would encrypt; random bytes
    # match no password, so the file asks for one as a real password-protected file does.
    encrypt = (b" /Encrypt << /Filter /Standard /V 1 /R 2 /P -4 /O <%s> /U <%s> >> /ID [<%s> <%s>]"
               % (b"ab" * 32, b"cd" * 32, b"01" * 16, b"01" * 16)) if password else b""
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, encrypt, xref)
    return bytes(out)


def text(line: str, x: int = 72, y: int = 770, size: int = 12) -> bytes:
    """A content stream printing one line of ASCII text."""
    return b"BT /F1 %d Tf %d %d Td (%s) Tj ET\n" % (size, x, y, line.encode("latin-1"))


def many_pages(count: int) -> bytes:
    """`count` pages, each with one line of text (a text layer, so none is skipped as a scan)."""
    return pdf([text(f"Page {n}") for n in range(1, count + 1)])


def many_characters_page(count: int) -> bytes:
    """A content stream printing `count` characters (rows of 100, far off the page if need be)."""
    rows = []
    for start in range(0, count, 100):
        rows.append(b"(%s) Tj T*" % (b"x" * min(100, count - start)))
    return b"BT /F1 6 Tf 6 TL 20 830 Td " + b" ".join(rows) + b" ET"


def many_characters(count: int) -> bytes:
    """One page printing `count` characters."""
    return pdf([many_characters_page(count)])


def many_lines(count: int) -> bytes:
    """One page drawing `count` short ruling lines in a grid (what table finding works on)."""
    ops = []
    side = int(count ** 0.5) or 1
    for i in range(count):
        x, y = 20 + (i % side) * 500 / side, 20 + (i // side) * 800 / side
        ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x, y, x + 2, y) if i % 2 else b"%.2f %.2f m %.2f %.2f l S"
                   % (x, y, x, y + 2))
    return pdf([b"0.5 w " + b"\n".join(ops)])


def inflating_stream(megabytes: int) -> bytes:
    """One page whose content stream inflates to `megabytes` MB of spaces (a deflate bomb), deflated
    1 MB at a time so that building it never holds the whole."""
    return pdf([_deflated_spaces(megabytes)], deflated=True)


def _deflated_spaces(megabytes: int) -> bytes:
    deflater = zlib.compressobj(9)
    parts = [deflater.compress(text("Report"))]
    block = b" " * (1024 * 1024)
    parts += [deflater.compress(block) for _ in range(megabytes)]
    parts.append(deflater.flush())
    return b"".join(parts)


def damaged_streams(pages: int, megabytes: int) -> bytes:
    """`pages` pages, each a content stream of `megabytes` MB deflated and cut short by 8 bytes (as
    a broken download leaves it): pdfminer alone inflates such a stream a byte at a time."""
    return pdf([_deflated_spaces(megabytes)[:-8]] * pages, deflated=True)


def repeated_form(times: int, characters: int = 1000) -> bytes:
    """One page invoking a Form XObject of `characters` characters `times` times: a small content
    stream that draws `times * characters` characters."""
    form = b"BT /F1 6 Tf 20 800 Td (%s) Tj ET" % (b"y" * characters)
    return pdf([text("Report") + b"/Fm1 Do " * times], forms={"Fm1": form})
