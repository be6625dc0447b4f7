"""The text of a published report: agency and year from the title, the prose by section.

Sections are found by their official headings (一、总体情况 … 六、其他需要报告的事项) and sub-heads
（（一）…（五））; the prose fields of the form spec receive the paragraphs under them.
"""

from __future__ import annotations

import re

from ..form import FORM
from ..form import printed as spec
from .document import squeeze

_TITLE = re.compile(r"(?P<agency>.*?)(?P<year>(?:19|20)\d{2})年度?(?:政府信息公开|政务公开).*?年度?报告")
_PERIOD = re.compile(r"统计期限.{0,6}?(?P<year>(?:19|20)\d{2})年1月1日")
_HEADING = re.compile(r"^(?P<n>[一二三四五六])、(?P<rest>.*)")
_SUB = re.compile(r"^[（(](?P<n>[一二三四五六七])[)）]")
_CN = "一二三四五六七"
_SPLIT_NUMBER = re.compile(r"(?<=\d)\s+(?=\d)|(?<=\d)\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+(?=\d)")


def is_title(text: str) -> bool:
    """Whether `text` reads as a report's title (an agency, a year, 政府信息公开工作年度报告)."""
    return bool(_TITLE.search(squeeze(text))) and len(squeeze(text)) <= 80


def title_facts(title: str, paragraphs: list[str]) -> tuple[str, int | None]:
    """(agency, year) from the title; the year also from the statistics period when the title has none."""
    match = _TITLE.search(squeeze(title))
    agency = match.group("agency").strip("：:") if match else ""
    year = int(match.group("year")) if match else None
    if year is None:
        for p in paragraphs[:6]:
            period = _PERIOD.search(squeeze(p))
            if period:
                year = int(period.group("year"))
                break
    return agency, year


def join_numbers(text: str) -> str:
    """"申请 21 件" -> "申请21件", "35 1件" -> "351件": numbers cut by layout, before R8 reads them."""
    return _SPLIT_NUMBER.sub("", text)


def _section_fields() -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading key, [(sub-head key or "", field id)]) in report order, for the prose sections."""
    out = []
    for heading, content in spec.PROSE_SECTIONS:
        if isinstance(content, str):
            out.append((heading, []))
        else:
            out.append((heading, [(sub, fid) for fid, sub, _hint in content]))
    return out


_SUBHEADS = {squeeze(sub) for _h, content in spec.PROSE_SECTIONS if not isinstance(content, str)
             for _f, sub, _hint in content if sub}


def split_prose(paragraphs: list[str]) -> dict[str, str]:
    """Prose field id -> its paragraphs ("\\n" between them), numbers re-joined."""
    sections = _section_fields()
    prose: dict[str, list[str]] = {f.id: [] for f in FORM.prose}
    current: tuple[str, list[tuple[str, str]]] | None = None
    target = ""
    for paragraph in paragraphs:
        heading = _HEADING.match(squeeze(paragraph))
        if heading:
            index = _CN.index(heading.group("n"))
            if index < len(sections) and squeeze(sections[index][0])[2:4] in heading.group("rest")[:8]:
                current = sections[index]
                subs = current[1]
                target = subs[0][1] if subs else ""
                continue
        if current is None:
            continue  # the preamble
        sub = _SUB.match(squeeze(paragraph))
        if sub and current[1]:
            numbered = [fid for s, fid in current[1] if s]
            index = _CN.index(sub.group("n"))
            if index < len(numbered):
                target = numbered[index]
        # Fields without sub-heads of their own (五's two) cannot be told apart in print: the last takes it all.
        if len(current[1]) > 1 and not any(s for s, _fid in current[1]):
            target = current[1][-1][1]
        if sub and squeeze(paragraph) in _SUBHEADS:
            continue  # the sub-head on its own line: the field is named by it already
        if target:
            prose[target].append(join_numbers(paragraph))
    return {fid: "\n".join(parts) for fid, parts in prose.items()}
