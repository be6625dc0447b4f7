"""Which kind of file this is, by content, not by its extension."""

from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_kind(data: bytes) -> str:
    """"pdf", "docx", "xlsx", "ole" (old .doc/.wps/.xls), "json" or "html" (anything else with text)."""
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK"):
        return zip_kind(io.BytesIO(data))
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "json"
    return "html"


def zip_kind(file) -> str:
    """"docx", "xlsx" or "zip" (any other or a damaged one) for a zip, a path or a binary file
    object: by its member names, which the central directory at its end holds, so a large file
    on disk is not read whole."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"
