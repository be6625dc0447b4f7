"""Workbook structure protection, which xlsxwriter cannot write (its maintainer declined it).

Rather than re-save the whole file through openpyxl (slow, and a second library's idea of the
file), add the one element to xl/workbook.xml in the zip.
"""

from __future__ import annotations

import io
import re
import zipfile


def legacy_password_hash(password: str) -> str:
    """The 16-bit hash Office uses for sheet and workbook protection (ECMA-376 Part 4, 14.7.1)."""
    digest = 0
    for char in password[::-1]:
        digest = ((digest >> 14) & 0x01) | ((digest << 1) & 0x7FFF)
        digest ^= ord(char)
    digest = ((digest >> 14) & 0x01) | ((digest << 1) & 0x7FFF)
    digest ^= len(password) ^ 0xCE4B
    return f"{digest:X}"


def lock_structure(xlsx: bytes, password: str) -> bytes:
    """Return `xlsx` with <workbookProtection lockStructure="1"> added to the workbook part."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = _add_protection(data.decode("utf-8"), password).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def _add_protection(xml: str, password: str) -> str:
    attrs = 'lockStructure="1"'
    if password:
        attrs = f'workbookPassword="{legacy_password_hash(password)}" ' + attrs
    element = f"<workbookProtection {attrs}/>"
    # Schema order: ... workbookPr, workbookProtection, bookViews ...
    patched, count = re.subn(r"(<workbookPr\b[^>]*/>)", r"\1" + element, xml, count=1)
    if not count:
        patched = xml.replace("<bookViews>", element + "<bookViews>", 1)
    return patched
