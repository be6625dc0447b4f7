"""Building the round's workbooks on every core (make-workbook --departments).

Each workbook costs ~50 ms of xlsxwriter; 500 departments were 25 s on one core. Workers build the
bytes; the caller writes them in order, so what a failed write leaves behind is unchanged.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Iterator, Sequence

from ..api import make_workbook
from ..errors import UnusableInput
from ..submission import Submission
from .pool import run_each


def build_workbooks(wanted: Sequence[tuple[str, Submission | None]], *, year: int, password: str,
                    jobs: int | None = None) -> Iterator[tuple[bytes, str, str]]:
    """For each (department, last year's data or None), in order: (workbook bytes, the name of
    the file carried from or "", a note why last year's data was not used or "")."""
    yield from run_each(partial(_build, year=year, password=password), list(wanted), jobs=jobs)


def _build(item: tuple[str, Submission | None], *, year: int, password: str) -> tuple[bytes, str, str]:
    name, last = item
    try:
        return make_workbook(name, year, password=password, previous=last), \
            (Path(last.source).name if last else ""), ""
    except UnusableInput as problem:  # last year's data unusable: send the workbook without it
        return make_workbook(name, year, password=password), "", str(problem)
