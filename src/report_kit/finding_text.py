"""How a finding is written in a ledger's 问题清单: the places it names, kept short, and its
message without saying those places again.

A message usually opens with the place it is about ("表二!B5（…）：“22件”不是数字"); with the
place in a column of its own, the 说明 column says only what is wrong. A sum names every cell it
adds up: with their full labels one per line, seven cells made a row ten lines tall, so more
than `FULL_PLACES` places are written grouped ("表三!J5、D5、E5（一、本年新收政府信息公开申请数量）").
"""

from __future__ import annotations

from collections.abc import Sequence

from .form import FORM
from .form.model import LABEL_PARTS
from .submission import Finding

FULL_PLACES = 2  # up to this many places are each written whole, on a line of their own
_AFTER_PLACE = "：，、 "  # what may stand between an opening place and the rest of a message


def places_text(finding: Finding) -> str:
    """The places `finding` names, one per line; more than `FULL_PLACES` of them grouped."""
    cells = finding.cells
    if len(cells) <= FULL_PLACES:
        return "\n".join(cells)
    if finding.places:
        return _grouped_places(cells)
    return _grouped_cells(finding.fields)


def explanation(finding: Finding) -> str:
    """The message without the places it opens with (they are in the 位置 column)."""
    text = finding.message
    for place in finding.cells:
        if not text.startswith(place):
            break
        rest = text[len(place):].lstrip(_AFTER_PLACE)
        if not rest:
            break
        text = rest
    return text


def _grouped_places(places: Sequence[str]) -> str:
    """Printed places ("第4页 表四 行政复议 / 总计"): those sharing everything before the last
    " / " on one line, the parts after it joined ("第4页 表四 行政复议 / 总计、结果维持")."""
    groups: dict[str, list[str]] = {}
    for place in places:
        head, sep, tail = place.rpartition(LABEL_PARTS)
        groups.setdefault(head + sep, []).append(tail)
    return "\n".join(head + "、".join(tails) for head, tails in groups.items())


def _grouped_cells(field_ids: Sequence[str]) -> str:
    """Workbook cells: by sheet and by the part of the label they share, rows or columns,
    whichever makes fewer lines ("表三!D5、D6、D28、D29（自然人）")."""
    fields = [FORM.field(fid) for fid in field_ids]

    def by(part: int) -> dict[tuple[str, str], list[str]]:
        groups: dict[tuple[str, str], list[str]] = {}
        for f in fields:
            sheet, _, cell = f.ref.partition("!")
            parts = f.label.split(LABEL_PARTS)
            shared = parts[part] if len(parts) == 2 else f.label
            groups.setdefault((sheet, shared), []).append(cell)
        return groups

    groups = min(by(0), by(1), key=len)
    return "\n".join(f"{sheet}!{'、'.join(cells)}（{shared}）" for (sheet, shared), cells in groups.items())
