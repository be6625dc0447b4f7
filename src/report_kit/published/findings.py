"""Findings about a published report point at the page and the printed labels, not at a cell."""

from __future__ import annotations

from dataclasses import dataclass

from ..form import FORM
from ..submission import Finding, where


@dataclass(frozen=True)
class PublishedFinding(Finding):
    """A finding whose places are as printed ("第4页 表三 （四）无法提供 2.没有现成信息需要另行制作 / 自然人")."""

    places: tuple[str, ...] = ()

    @property
    def cells(self) -> tuple[str, ...]:
        return self.places

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["cells"] = [{"field": fid, "place": place} for fid, place in zip(self.fields, self.places)]
        return data


def placed(finding: Finding, place) -> PublishedFinding:
    """`finding` with the printed place of each of its fields (`place(field_id) -> str`); a workbook
    cell named in the message ("表三!D5（…）") is replaced by the printed place too."""
    message = finding.message
    for fid in finding.fields:
        f = FORM.field(fid)
        message = message.replace(where(f), place(fid)).replace(f.ref, place(fid))
    return PublishedFinding(finding.code, finding.severity, message, finding.fields, finding.left,
                            finding.right, places=tuple(place(fid) for fid in finding.fields))
