"""What every reader of a published report produces: tables as positioned cells, and the text.

A cell's horizontal extent (`x0`, `x1`) is in points for a PDF and in grid columns for a web page or
a .docx; either way a value is placed by comparing its extent with the header cells' extents, never
by its index in the row (one missing cell must not shift the others).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cleaning import SPACES, squeeze  # noqa: F401 (squeeze: the readers match labels with it)



@dataclass(frozen=True)
class Cell:
    """One cell as printed: its text and where it is (x in points or grid columns, top in rows or points)."""

    text: str
    x0: float
    x1: float
    top: float = 0.0
    bottom: float = 0.0

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def key(self) -> str:
        """The text normalised for matching labels: NFKC, no whitespace."""
        return squeeze(self.text)

    @property
    def printed(self) -> str:
        """The text as printed, on one line."""
        return printed(self.text)


@dataclass
class Table:
    """A table as the file holds it: rows of cells. `page` is 1-based (None for a web page)."""

    rows: list[list[Cell]]
    page: int | None = None
    number: int = 0  # the table's position in the document, 1-based
    bbox: tuple[float, float, float, float] | None = None  # a PDF table's box on its page


@dataclass
class Document:
    """A published report as read from its file, before any label is matched."""

    kind: str  # "pdf", "html", "docx"
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # text outside the data tables, in order
    title: str = ""
    pages: int = 0
    links: list[str] = field(default_factory=list)  # document links found (a page that only links a PDF)
    stray: list[tuple[int, int, str]] = field(default_factory=list)  # (page, table, text in its box but in no cell)


def printed(text: str) -> str:
    """Whitespace runs collapsed to one space, for quoting a label back to the user."""
    text = SPACES.sub(" ", text or "").strip()
    # Chinese text has no spaces between characters: drop the ones layout put there.
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)
