"""Findings about a published report point at the page and the printed labels, not at a cell."""

from __future__ import annotations

from dataclasses import replace

from ..form import FORM
from ..submission import Finding, where


def placed(finding: Finding, place) -> Finding:
    """`finding` with the printed place of each of its fields (`place(field_id) -> str`) as its
    `places`; a workbook cell named in the message ("表三!D5（…）") is replaced by the printed place too."""
    message = finding.message
    for fid in finding.fields:
        f = FORM.field(fid)
        message = message.replace(where(f), place(fid)).replace(f.ref, place(fid))
    return replace(finding, message=message, places=tuple(place(fid) for fid in finding.fields))
