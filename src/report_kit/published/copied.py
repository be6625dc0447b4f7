"""Paragraphs copied from last year's report: the same text (≥ 90% after removing the years) is a 提示.

A paragraph whose words are last year's but whose numbers were updated ("现行有效38件" for "35件") is
how every report words its recurring facts, not text left unchanged: it is not reported. What
auditors look for is a paragraph carried over as it was: the same words and the same numbers."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

from ..form import FORM
from ..form import messages as msg
from ..submission import Finding, Submission, where
from ..formatting import split_paragraphs

COPIED_RATIO = 0.9
MIN_LENGTH = 30  # short lines ("无。", a sub-head) repeat every year by nature
_YEARS = re.compile(r"(?:19|20)\d{2}\s*年?度?")
_NOISE = re.compile(r"[\s，。、；：,.;:“”\"（）()]")
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")


def _plain(text: str) -> str:
    return _NOISE.sub("", _YEARS.sub("", text))


def _numbers(text: str) -> list[str]:
    """The numbers a paragraph states, years left out (in their order)."""
    return _NUMBERS.findall(_YEARS.sub("", text))


def _quote(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def copied_paragraphs(submission: Submission, previous: Submission, place=where) -> list[Finding]:
    """One 提示 per paragraph of this year's prose that repeats a paragraph of last year's."""
    then = [(fid, p, _plain(p)) for fid in previous.prose for p in split_paragraphs(previous.prose.get(fid, ""))]
    then = [t for t in then if len(t[2]) >= MIN_LENGTH]
    findings = []
    name = Path(previous.source).name if previous.source else f"{previous.year or ''}年"
    for f in FORM.prose:
        for paragraph in split_paragraphs(submission.prose.get(f.id, "")):
            plain = _plain(paragraph)
            if len(plain) < MIN_LENGTH:
                continue
            best, best_text = 0.0, ""
            for _fid, text, other in then:
                matcher = SequenceMatcher(None, plain, other, autojunk=False)
                if matcher.real_quick_ratio() < COPIED_RATIO or matcher.quick_ratio() < COPIED_RATIO:
                    continue
                ratio = matcher.ratio()
                if ratio > best:
                    best, best_text = ratio, text
            if best >= COPIED_RATIO and _numbers(paragraph) == _numbers(best_text):
                findings.append(Finding.of(msg.COPIED, (f.id,), where=place(f), previous=name, ratio=int(best * 100),
                                           now=_quote(paragraph), then=_quote(best_text)))
    return findings
