"""The "this file is ours" stamp: what report-kit writes into the document properties (keywords) of
the files it makes, so a later run knows which existing files it may replace.

One place for both stamps: a report's names its department and year (a report for another
department of the same name is never overwritten), a ledger's says only that it is a ledger.
The stamps' text is what earlier versions wrote, so their files are still recognised.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

TOOL = "report-kit"  # also the files' author
LEDGER_STAMP = f"{TOOL}-ledger"
# The first sheets of the two ledgers: what tells the round's ledger from the audit's, both stamped as ledgers
LEDGER_SHEET = "报送情况"
AUDIT_SHEET = "审核情况"


def owner_stamp(submission) -> str:
    """The stamp of `submission`'s report (any output format)."""
    return f"{TOOL}|{submission.agency}|{submission.year}"


def comment_stamp(stamp: str) -> str:
    """`stamp` escaped for an HTML/SVG comment: markup characters as entities and every "-" after the
    tool's name as &#45; (an XML comment may not hold "--", so an agency with "--" made an SVG that
    no browser would show). `html.unescape` gives the stamp back."""
    from html import escape

    head, rest = stamp[:len(TOOL)], stamp[len(TOOL):]
    return head + escape(rest, quote=True).replace("-", "&#45;")


def xlsx_properties(title: str, stamp: str) -> dict[str, str]:
    """Document properties of a workbook we write (xlsxwriter's `set_properties`)."""
    return {"title": title, "keywords": stamp, "author": TOOL}


_CORE = "docProps/core.xml"
_KEYWORDS = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"
_MAX_CORE = 1024 * 1024  # ours is under 1 KB; a larger part is not one of our files
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def read_stamp(path: Path, requires: str | None = None) -> str | None:
    """The keywords of an Office file's docProps/core.xml (where our stamps go), read from that
    part alone (bounded: any file in a folder may be asked), or None when `path` is not such a
    file, lacks the part `requires` (say "word/document.xml"), is damaged, or has none."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if _CORE not in names or (requires is not None and requires not in names):
                return None
            if archive.getinfo(_CORE).file_size > _MAX_CORE:
                return None
            with archive.open(_CORE) as part:
                data = part.read(_MAX_CORE + 1)
        if len(data) > _MAX_CORE:
            return None
        keywords = etree.fromstring(data, _PARSER).find(_KEYWORDS)
    except (OSError, zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, ValueError, EOFError, RuntimeError):
        return None  # not a zip, damaged, encrypted member: not ours
    return (keywords.text or None) if keywords is not None else None
