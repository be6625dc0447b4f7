"""The "this file is ours" stamp: what report-kit writes into the document properties (keywords) of
the files it makes, so a later run knows which existing files it may replace.

One place for both stamps: a report's names its department and year (a report for another
department of the same name is never overwritten), a ledger's says only that it is a ledger.
The stamps' text is what earlier versions wrote, so their files are still recognised.
"""

from __future__ import annotations

import re

TOOL = "report-kit"  # also the files' author
LEDGER_STAMP = f"{TOOL}-ledger"


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


def core_has_stamp(core_xml: str, stamp: str) -> bool:
    """Whether an Office file's docProps/core.xml carries exactly `stamp` as its keywords."""
    return re.search(rf"<cp:keywords>{re.escape(stamp)}</cp:keywords>", core_xml) is not None
