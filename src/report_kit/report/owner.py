"""Whose report a .docx is, read from docProps/core.xml directly.

A batch re-run into the same folder asks this of every existing report; opening each with
python-docx cost a parse of the whole document. The stamp is one element of a small part.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

CORE = "docProps/core.xml"
_KEYWORDS = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"
_MAX_CORE = 1024 * 1024  # ours is under 1 KB; a larger part is not one of our reports
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def read_owner_stamp(path: Path) -> str | None:
    """The keywords of `path`'s core properties (where render_report puts the owner stamp),
    or None when it is not a Word document, is damaged, or has none."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names or CORE not in names:
                return None
            if archive.getinfo(CORE).file_size > _MAX_CORE:
                return None
            with archive.open(CORE) as part:
                data = part.read(_MAX_CORE + 1)
        if len(data) > _MAX_CORE:
            return None
        keywords = etree.fromstring(data, _PARSER).find(_KEYWORDS)
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError, EOFError, RuntimeError):
        return None  # not a docx, damaged, encrypted member: not ours
    return (keywords.text or None) if keywords is not None else None
