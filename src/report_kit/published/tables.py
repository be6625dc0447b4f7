"""Read the three tables of a published report by their printed labels, never by position.

Rows are recognised by their row label (through the form spec and its accepted variants), columns by
the header cells above them: a value belongs to the header cell whose horizontal extent holds its
centre. A table continued on the next page without its header uses the last header seen. A field
that cannot be placed this way is "not read"; nothing is filled in by counting cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..form import FORM
from ..form import printed as spec
from .document import Cell, Document, Table, squeeze

_NUMBERING = re.compile(r"[（(][一二三四五六七八九十]+[)）]|^[一二三四五六七八九十]+[、.]|\d+[.、．]")
_QUOTES = re.compile(r"[“”\"'‘’「」]")
_PAREN = str.maketrans({"(": "（", ")": "）"})


def label_key(text: str) -> str:
    """A label reduced for matching: NFKC, no whitespace, no numbering, no quotes, full-width brackets."""
    text = squeeze(text)
    text = _NUMBERING.sub("", text)
    return _QUOTES.sub("", text).translate(_PAREN)


@dataclass(frozen=True)
class Reading:
    """Where one field was read, and the text printed there."""

    field: str
    raw: str
    page: int | None
    table: str  # "表三"
    table_number: int  # the table's position in the file
    row: str  # the row label as printed (group and item)
    column: str  # the column label as printed
    fuzzy_from: str = ""  # the printed label when it matched only approximately

    @property
    def place(self) -> str:
        page = spec.WHERE_PAGE.format(page=self.page) if self.page else ""
        if self.column:
            return spec.PLACE.format(page=page, table=self.table, row=self.row, column=self.column)
        return spec.PLACE_NO_COLUMN.format(page=page, table=self.table, row=self.row)

    def to_dict(self) -> dict:
        return {"page": self.page, "table": self.table, "table_number": self.table_number, "row": self.row,
                "column": self.column, "raw": self.raw, **({"printed_label": self.fuzzy_from} if self.fuzzy_from else {})}


@dataclass
class Column:
    key: str  # the column's id part: "natural", "issued", "review_upheld", or a t2 column label key
    label: str  # as printed
    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def holds(self, cell: Cell) -> bool:
        return self.x0 <= cell.center <= self.x1


@dataclass
class TableReading:
    """Everything read from the tables of one document."""

    readings: dict[str, Reading] = field(default_factory=dict)
    one_row_other: bool = False  # （六）其他处理 printed as one row (2019 form)
    old_t2: bool = False  # table 二 printed in the 2019 trial form's columns
    data_tables: set[int] = field(default_factory=set)  # numbers of the tables that held data
    duplicates: list[Reading] = field(default_factory=list)


# --- the labels, from the spec ------------------------------------------------------------------

T3_COLUMN_KEYS = {label_key(label): key for key, label in spec.t3_columns()}
T4_RESULT_KEYS = {label_key(label): key for key, label in spec.t4_results()}
T4_GROUP_KEYS = {label_key(word): group for group, words in spec.T4_GROUP_WORDS.items() for word in words}
T2_ROWS = spec.t2_rows()
T2_ROW_KEYS = {label_key(label): label for label in T2_ROWS}
for (_t, official), variants in spec.ROW_VARIANTS.items():
    if _t == "t2":
        T2_ROW_KEYS.update({label_key(v): official for v in variants})
T2_COLUMN_KEYS = {label_key(f.column_label): label_key(f.column_label)
                  for _g, fields in T2_ROWS.values() for f in fields}
for official, variants in spec.T2_COLUMN_VARIANTS.items():
    T2_COLUMN_KEYS.update({label_key(v): label_key(official) for v in variants})
T3_ROWS = spec.t3_rows()
T3_PLACES = {key: place for key, _leaf, _group, place in T3_ROWS}
T3_LEAVES: dict[str, list[tuple[str, str]]] = {}
for _key, _leaf, _group, _place in T3_ROWS:
    T3_LEAVES.setdefault(label_key(_leaf), []).append((_key, _group))
for (_t, _key), variants in spec.ROW_VARIANTS.items():
    if _t == "t3":
        for v in variants:
            T3_LEAVES.setdefault(label_key(v), []).append((_key, ""))
T3_GROUPS = {label_key(group): group for _k, _l, group, _p in T3_ROWS if group}
RESULTS_KEY = label_key(spec.RESULTS_LABEL)
_EXTRA = {kind: {label_key(word) for word in words} for kind, words in spec.HEADER_EXTRA.items()}
HEADER_WORDS = {"t3": set(T3_COLUMN_KEYS) | _EXTRA["t3"],
                "t4": set(T4_RESULT_KEYS) | set(T4_GROUP_KEYS) | _EXTRA["t4"],
                "t2": set(T2_COLUMN_KEYS) | _EXTRA["t2"]}
# A table 三 header shows a column no other table has ("总计" is table 四's too; "其他" is any word).
T3_OWN = (set(T3_COLUMN_KEYS) - set(T4_RESULT_KEYS) - {label_key(spec.t3_columns()[5][1])}) | _EXTRA["t3"]
OLD_T2_KEYS = {label_key(word) for word in spec.OLD_T2_COLUMNS}


def _header_kind(row: list[Cell]) -> str | None:
    """Which table's header this row belongs to, or None (a data row or prose)."""
    keys = {label_key(c.text) for c in row if c.key}
    if not keys or any(_is_number(c.key) for c in row):
        return None
    if keys & T3_OWN:
        return "t3"
    if keys & HEADER_WORDS["t4"]:
        return "t4"
    if keys & OLD_T2_KEYS:  # before table 二's words: the 2019 header says 信息内容 too
        return "old_t2"
    if keys & HEADER_WORDS["t2"]:
        return "t2"
    return None


_NUMBERISH = re.compile(r"^[\d.,，．]+$")


def _is_number(key: str) -> bool:
    return bool(_NUMBERISH.match(key))


def _columns(kind: str, header: list[list[Cell]]) -> list[Column]:
    """The value columns a header block defines, each with its extent."""
    cells = [c for row in header for c in row if c.key]
    columns: list[Column] = []
    if kind == "t3":
        for c in cells:
            key = T3_COLUMN_KEYS.get(label_key(c.text))
            if key:
                columns.append(Column(key, c.printed.replace(" ", ""), c.x0, c.x1))
    elif kind == "t4":
        groups = [(T4_GROUP_KEYS[label_key(c.text)], c) for c in cells if label_key(c.text) in T4_GROUP_KEYS]
        for c in cells:
            result = T4_RESULT_KEYS.get(label_key(c.text))
            if not result:
                continue
            owners = [(g, gc) for g, gc in groups if gc.x0 <= c.center <= gc.x1]
            if len(owners) == 1:
                group, owner = owners[0]
                columns.append(Column(f"{group}_{result}", f"{owner.printed.replace(' ', '')}·{c.printed.replace(' ', '')}",
                                      c.x0, c.x1))
    else:
        for c in cells:
            key = T2_COLUMN_KEYS.get(label_key(c.text))
            if key:
                columns.append(Column(key, c.printed.replace(" ", ""), c.x0, c.x1))
    return columns


class _Reader:
    """Walks the rows of every table in order, keeping the current header and row group."""

    def __init__(self) -> None:
        self.result = TableReading()
        self.kind: str | None = None
        self.columns: list[Column] = []
        self.header: list[list[Cell]] = []
        self.group = ""  # the current 表三 group as printed (（三）不予公开)
        self.group_key = ""
        self.pending = ""  # a label cut by a page break, waiting for its other half
        self.in_header = False

    def table(self, table: Table) -> None:
        for row in table.rows:
            self.row(row, table)

    def row(self, row: list[Cell], table: Table) -> None:
        kind = _header_kind(row)
        if kind == "old_t2":
            self.result.old_t2 = True
            self.kind, self.columns, self.header = None, [], []
            return
        if kind is not None:
            if not self.in_header or kind != self.kind:
                self.header = []  # a new header, not the next row of the one before
            self.kind, self.in_header = kind, True
            self.header.append(row)
            self.columns = _columns(kind, self.header)
            self.pending = ""
            if kind != "t3":
                self.group, self.group_key = "", ""
            return
        self.in_header = False
        if not self.columns:
            return
        if self._slid(row):
            self.pending = ""
            return
        # A cell spanning several columns (a prose box, a group title) is no column's value.
        single = [c for c in row if sum(1 for col in self.columns if c.x0 <= col.center <= c.x1) <= 1]
        values = {col.key: [c for c in single if col.holds(c)] for col in self.columns}
        in_values = {id(c) for cs in values.values() for c in cs}
        labels = [c for c in row if id(c) not in in_values and c.key]
        if self.kind == "t4":
            self._t4(values, table)
            return
        if not any(values.values()) and labels and not any(self._group_of(c) for c in labels):
            self.pending += "".join(c.text for c in labels)  # a label without its numbers (page break)
            return
        if self.kind == "t3":
            self._t3(labels, values, table)
        else:
            self._t2(labels, values, table)
        self.pending = ""

    def _slid(self, row: list[Cell]) -> bool:
        """Whether the row's cells slid sideways under the header: a label reaching into the first
        value column, or a number right of the last. A web page whose editor deleted a row without
        mending the row spans above it does this to the rows below; their numbers would land under
        the wrong heads, so such a row is not read (its fields say so), never shifted back by guessing."""
        left = min(col.x0 for col in self.columns)
        right = max(col.x1 for col in self.columns)
        slack = min(col.x1 - col.x0 for col in self.columns) / 4
        return any(c.key and ((c.x0 < left - slack and c.x1 > left + 2 * slack)
                              or (c.x0 >= right - slack and _is_number(c.key))) for c in row)

    # -- table 二 --
    def _t2(self, labels: list[Cell], values: dict, table: Table) -> None:
        text = self.pending + "".join(c.text for c in labels)
        official = T2_ROW_KEYS.get(label_key(text))
        if official is None and self.pending:  # what waited was not this label's first half
            self.pending = ""
            official = T2_ROW_KEYS.get(label_key("".join(c.text for c in labels)))
        if official is None:
            return
        _group, fields = T2_ROWS[official]
        for f in fields:
            cells = values.get(label_key(f.column_label), [])
            column = next((c.label for c in self.columns if c.key == label_key(f.column_label)), "")
            if cells:
                self._read(f.id, cells, table, spec.TABLE_NAMES["t2"], _printed(labels, self.pending) or official,
                           column)

    # -- table 三 --
    def _group_of(self, cell: Cell) -> str:
        return T3_GROUPS.get(label_key(cell.text), "")

    def _t3(self, labels: list[Cell], values: dict, table: Table) -> None:
        leaf_cells = []
        for c in labels:
            group = self._group_of(c)
            if group:
                self.group, self.group_key = c.printed.replace(" ", ""), group
            elif not _is_results_piece(label_key(c.text)):
                leaf_cells.append(c)
        leaf_text = self.pending + "".join(c.text for c in leaf_cells)
        key, fuzzy = self._t3_row(leaf_text, labels)
        if key is None and self.pending:  # what waited was not this label's first half
            self.pending = ""
            leaf_text = "".join(c.text for c in leaf_cells)
            key, fuzzy = self._t3_row(leaf_text, labels)
        if key is None:
            return
        if T3_PLACES[key] != "item":  # a row of its own ends the group above it
            self.group, self.group_key = "", ""
        row_printed = " ".join(p for p in (self.group, _printed(leaf_cells, self.pending)) if p)
        for col in self.columns:
            self._read(f"t3_{key}_{col.key}", values[col.key], table, spec.TABLE_NAMES["t3"], row_printed,
                       col.label, fuzzy=leaf_text if fuzzy else "")

    def _t3_row(self, leaf_text: str, labels: list[Cell]) -> tuple[str | None, bool]:
        leaf = label_key(leaf_text)
        if not leaf:
            # （六）其他处理 printed as one row: the group label is the row's only label
            if self.group_key == spec.ONE_ROW_GROUP and any(self._group_of(c) == spec.ONE_ROW_GROUP for c in labels):
                self.result.one_row_other = True
                return spec.ONE_ROW_TARGET, False
            return None, False
        candidates = list({key: (key, group) for key, group in T3_LEAVES.get(leaf, [])}.values())
        if len(candidates) > 1:
            candidates = [c for c in candidates if c[1] == self.group_key] or candidates
        if len(candidates) == 1:
            return candidates[0][0], False
        if len(leaf) < 4:
            return None, False
        pool = [(k, key) for k, options in T3_LEAVES.items() for key, group in options
                if not self.group_key or group in (self.group_key, "")]
        scored = sorted(((SequenceMatcher(None, leaf, k).ratio(), key) for k, key in pool), reverse=True)
        if scored and scored[0][0] >= spec.FUZZY_RATIO and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.05):
            return scored[0][1], True
        return None, False

    # -- table 四 --
    def _t4(self, values: dict, table: Table) -> None:
        if not any(any(c.key for c in cells) for cells in values.values()):
            return
        for col in self.columns:
            group, result = col.key.rsplit("_", 1)
            self._read(f"t4_{group}_{result}", values[col.key], table, spec.TABLE_NAMES["t4"],
                       col.label.split("·")[0], col.label.split("·")[-1])

    def _read(self, field_id: str, cells: list[Cell], table: Table, name: str, row: str, column: str,
              fuzzy: str = "") -> None:
        if field_id not in FORM.by_id:
            return
        raw = " ".join(c.text.strip() for c in cells).strip()
        reading = Reading(field_id, raw, table.page, name, table.number, row, column, fuzzy)
        if not cells:
            return  # no cell under this header: not read (reported by the caller)
        if field_id in self.result.readings:
            self.result.duplicates.append(reading)
            return
        self.result.readings[field_id] = reading
        self.result.data_tables.add(table.number)


def _is_results_piece(key: str) -> bool:
    """三、本年度办理结果, or the piece of it a page break left on one page ("三、本年度办" / "结果")."""
    return key == RESULTS_KEY or (len(key) >= 2 and (RESULTS_KEY.startswith(key) or RESULTS_KEY.endswith(key)))


def _printed(cells: list[Cell], pending: str = "") -> str:
    from .document import printed

    return printed(pending + " ".join(c.text for c in cells)).replace(" ", "") or ""


def read_tables(doc: Document) -> TableReading:
    """Every field the tables of `doc` print, by label; see the module docstring."""
    reader = _Reader()
    for table in doc.tables:
        reader.table(table)
    return reader.result
