"""Data classes that describe a form: fields, their places, the static layout and the rules.

Only `report_kit.form` builds instances of these; every other module reads them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import lru_cache


class Kind(enum.Enum):
    """What a field holds; decides cleaning, validation and formatting."""

    COUNT = "count"  # whole number >= 0
    MONEY = "money"  # decimal >= 0, in 万元
    TEXT = "text"  # one line of text (report facts)
    YEAR = "year"  # a four-digit year
    PROSE = "prose"  # free text, paragraphs separated by line breaks


LABEL_PARTS = " / "  # between a row's label and a column's ("（七）总计 / 自然人"); finding_text splits on it

# How users read each kind (`report-kit fields`): the one place a kind has a display name.
KIND_NAMES = {Kind.COUNT: "件数", Kind.MONEY: "万元", Kind.TEXT: "文字", Kind.YEAR: "年份", Kind.PROSE: "正文"}


class Severity(enum.Enum):
    """How bad a finding is. The values are what users read."""

    ERROR = "错误"
    WARNING = "提示"


def column_letter(col: int) -> str:
    """0-based column index -> spreadsheet letters (0 -> A, 26 -> AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@lru_cache(maxsize=4096)  # every message and every read names the same few hundred cells
def cell_name(row: int, col: int) -> str:
    """0-based (row, col) -> A1-style address."""
    return f"{column_letter(col)}{row + 1}"


@dataclass(frozen=True)
class Field:
    """One value of the form, with its public id and its place in the workbook.

    `row_label` and `column_label` are the official labels a user sees beside the cell.
    `terms` is set for a derived total: the ids whose sum it is.
    """

    id: str
    sheet: str
    row: int
    col: int
    kind: Kind
    row_label: str
    column_label: str = ""
    table: str = ""  # "t2", "t3", "t4" or "" for facts and prose
    terms: tuple[str, ...] = ()
    width: int = 1  # merged input cells span this many columns
    hint: str = ""  # guidance shown to the person filling the form
    required: bool = False

    @property
    def derived(self) -> bool:
        return bool(self.terms)

    @property
    def cell(self) -> str:
        return cell_name(self.row, self.col)

    @property
    def ref(self) -> str:
        """Where a user finds the cell, e.g. 表三!D5."""
        return f"{self.sheet}!{self.cell}"

    @property
    def label(self) -> str:
        """Row and column label as a user reads them together."""
        if self.column_label:
            return f"{self.row_label}{LABEL_PARTS}{self.column_label}"
        return self.row_label

    @property
    def is_number(self) -> bool:
        return self.kind in (Kind.COUNT, Kind.MONEY)


@dataclass(frozen=True)
class Block:
    """A static (locked) cell of the layout: a title, a header or a row label."""

    row: int
    col: int
    text: str
    role: str  # "title", "header", "label", "group", "note"
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook and its static layout."""

    name: str
    blocks: tuple[Block, ...]
    column_widths: tuple[float, ...]
    landscape: bool = False
    row_heights: dict[int, float] = field(default_factory=dict)  # at least these (e.g. room to write)
    one_page: bool = False  # printed on one page (the form's tables)


@dataclass(frozen=True)
class Check:
    """One rule or check, declared once: its code and what it says.

    `title` ("表三每列：一 + 二 = （七）总计 + 四") is how the guide lists it; a rule applied to one
    column, row or group is titled `at(place)` ("表三“自然人”列：一 + 二 = （七）总计 + 四"), so both
    say the same `statement`. `note` is added to the listed title only. `applies` says what the
    check looks at: "return" (one department's file), "round" (the files of a round) or
    "published" (a published report read back).
    """

    code: str
    statement: str
    scope: str = ""  # what the listed title says it applies to ("表三每列")
    note: str = ""
    applies: str = "return"

    @property
    def title(self) -> str:
        return (f"{self.scope}：" if self.scope else "") + self.statement + self.note

    def at(self, place: str) -> str:
        """The title of this rule applied at `place` ("表三“自然人”列")."""
        return f"{place}：{self.statement}"


@dataclass(frozen=True)
class SumRule:
    """A 勾稽关系: the sum of `left` must equal the sum of `right`.

    With `stated_totals`, a derived total in the rule is taken as the value found in the file
    (typed over, or given in JSON) rather than recomputed, so a wrong typed total is caught.
    """

    code: str
    severity: Severity
    title: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    left_name: str
    right_name: str
    stated_totals: bool = False


@dataclass(frozen=True)
class CrossYearRule:
    """This year's `field` compared with last year's values (R6, R7)."""

    code: str
    severity: Severity
    title: str
    field: str
    previous_plus: tuple[str, ...]  # last year's ids added
    previous_name: str  # how the message names last year's value
    current_plus: tuple[str, ...] = ()  # this year's ids added
    current_minus: tuple[str, ...] = ()  # this year's ids subtracted
    explanation: str = ""


@dataclass(frozen=True)
class ProseClaim:
    """A sentence pattern in the prose whose number must match the tables (R8).

    `pattern` is a regular expression; its group "n" is the number stated, in digits or Chinese
    numerals (absent for claims of none, which state 0). The claim is compared with the sum of
    `fields`. Claims are read in their declared order, and words one claim has read are not read
    again by a later one: a wording naming two cells ("予以公开及部分公开42件") goes first.
    """

    pattern: str
    fields: tuple[str, ...]
    what: str  # what the number is, for the message
