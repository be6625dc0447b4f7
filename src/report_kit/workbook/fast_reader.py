"""Open a returned workbook by reading its few XML parts directly with lxml.

openpyxl builds an object for every cell, style and merged range of every sheet (~50 ms a
return); reading needs the defined names, the cells they point to, their number formats, the
`_meta` sheet and each sheet's protection flag. This module gives `workbook/reader.py` the same
small surface openpyxl's Workbook gives it (`FastBook`), with values typed exactly as openpyxl
types them (worksheet/_reader.py `parse_cell`). Anything this reader does not reproduce exactly
— strict OOXML, cells without `r=`, date-formatted numbers, array or shared formulas, `t="d"`,
named cells inside merged ranges, names that are not one plain cell or range — makes it step
aside: `open_fast` returns None, `FALLBACKS` counts why, and openpyxl reads the file.
openpyxl stays the oracle: tests/test_fast_reader.py compares the two on every file it has.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from lxml import etree

from ..form.form2021 import SHEET_META as META_SHEET
from .opening import check_package

FALLBACKS: Counter = Counter()  # why the fast reader stepped aside, in this process

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_WORKSHEET_REL = _REL + "/worksheet"
_C, _V, _F, _IS, _T, _R = (f"{{{_MAIN}}}{tag}" for tag in ("c", "v", "f", "is", "t", "r"))

# No entities, no network, no huge trees: the parts come from strangers.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)

# openpyxl's styles/numbers.py: the built-in formats, and how it tells a date format.
BUILTIN_FORMATS = {
    0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)', 7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??', 14: 'mm-dd-yy', 15: 'd-mmm-yy',
    16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
    22: 'm/d/yy h:mm', 37: '#,##0_);(#,##0)', 38: '#,##0_);[Red](#,##0)', 39: '#,##0.00_);(#,##0.00)',
    40: '#,##0.00_);[Red](#,##0.00)', 41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)', 45: 'mm:ss', 46: '[h]:mm:ss',
    47: 'mmss.0', 48: '##0.0E+0', 49: '@',
}
_BUILTIN_LIMIT = 164
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
# A defined name that is one cell or range on one sheet: what openpyxl's `destinations` yields
# for it (the quoted title as written, '' not undone, as openpyxl does).
_DESTINATION = re.compile(r"^(?:'(?P<quoted>(?:[^']|'')*)'|(?P<plain>[^'^ ^!]*))!"
                          r"(?P<cells>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def unquote_title(written: str) -> str:
    """A sheet's title as a defined name holds it ('表三''s'!$D$5: quoted, an apostrophe doubled)
    -> the title ("表三's"). openpyxl's `destinations` leaves the doubling, and so does FastBook."""
    return written.replace("''", "'")  # an unquoted title holds no apostrophe at all


class _Unusual(Exception):
    """Something this reader does not reproduce exactly; the message is the fallback's reason."""


def open_fast(path: Path):
    """A FastBook for `path`, or None when openpyxl must read it (see FALLBACKS).

    The package guards run first (zip bomb, member count, cells per sheet, damaged members), as
    for openpyxl; they raise UnusableInput with the user's sentence."""
    contents = check_package(path)
    try:
        return FastBook(contents)
    except _Unusual as unusual:
        FALLBACKS[str(unusual)] += 1
    except (KeyError, ValueError, IndexError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError,
            OSError, RuntimeError):
        FALLBACKS["a part this reader cannot parse"] += 1
    return None


def is_date_format(code: str | None) -> bool:
    """openpyxl's test of a number format: does it show a date or time."""
    if code is None:
        return False
    return _DATE_LETTER.search(_STRIP.sub("", code.split(";")[0])) is not None


def _parse(contents: dict[str, bytes], name: str):
    return etree.fromstring(contents[name], _PARSER)


def column_index(letters: str) -> int:
    """"A" -> 1, "AA" -> 27."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def column_letters(index: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cast_number(value: str):
    # openpyxl's worksheet/_reader.py _cast_number, exactly
    if "." in value or "E" in value or "e" in value:
        return float(value)
    return int(value)


def _bool(value: str | None) -> bool:
    # openpyxl's descriptors.base.Bool on an attribute string
    if value is None:
        return False
    return False if value in ("false", "f", "0") else bool(value)


def _text(node) -> str:
    """openpyxl's Text.content: the plain <t>, then every run's <t> (phonetic runs left out)."""
    if len(node) == 1:
        first = node[0]  # one proxy made, not two: shared strings are a few hundred a return
        if first.tag == _T:  # the usual string: one plain <t>
            return first.text or ""
    snippets = []
    plain = node.find(_T)
    if plain is not None and plain.text is not None:
        snippets.append(plain.text)
    for run in node.iterfind(_R):
        t = run.find(_T)
        if t is not None and t.text is not None:
            snippets.append(t.text)
    return "".join(snippets)


class _Name:
    __slots__ = ("destinations",)

    def __init__(self, destinations: list[tuple[str, str]]):
        self.destinations = destinations


class _Protection:
    __slots__ = ("sheet",)

    def __init__(self, sheet: bool):
        self.sheet = sheet


class _Parent:
    """What the reader asks of a cell's `parent`: its sheet's title. Not the sheet itself: a sheet
    holding its cells, each holding the sheet, made every read a few thousand objects in reference
    cycles, left for the garbage collector to find (~5% of a read)."""

    __slots__ = ("title",)

    def __init__(self, title: str):
        self.title = title


class FastCell:
    """The part of openpyxl's Cell the reader uses."""

    __slots__ = ("parent", "row", "column", "value", "number_format")

    def __init__(self, parent: _Parent, row: int, column: int, value, number_format: str):
        self.parent, self.row, self.column = parent, row, column
        self.value, self.number_format = value, number_format

    @property
    def coordinate(self) -> str:
        return f"{column_letters(self.column)}{self.row}"


class FastSheet:
    """The part of openpyxl's Worksheet the reader uses: cells by position, protection, rows."""

    def __init__(self, book: "FastBook", title: str, part: str):
        root = _parse(book.contents, part)
        if root.tag != f"{{{_MAIN}}}worksheet":
            raise _Unusual("not a worksheet")
        self.title = title
        self._parent = _Parent(title)
        self._number_format = _NumberFormats(book._formats, book._custom)  # not book.number_format: no cycle
        protection = root.find(f"{{{_MAIN}}}sheetProtection")
        # openpyxl: a legacy `password` attribute switches protection on whatever `sheet` says
        self.protection = _Protection(protection is not None and (
            protection.get("password") is not None or _bool(protection.get("sheet"))))
        self._merged = [_bounds(m.get("ref", "")) for m in root.iterfind(f"{{{_MAIN}}}mergeCells/{{{_MAIN}}}mergeCell")]
        self._cells: dict[tuple[int, int], tuple[object, int]] = {}
        self._made: dict[tuple[int, int], FastCell] = {}
        self._covered: set[tuple[int, int]] | bool | None = None  # see _inside_merged
        shared_seen: set[str] = set()
        data = root.find(f"{{{_MAIN}}}sheetData")
        for c in (data.iter(_C) if data is not None else ()):
            self._cells[_position(c.get("r"))] = self._typed(book, c, shared_seen)

    def _typed(self, book: "FastBook", c, shared_seen: set[str]) -> tuple[object, int]:
        style = int(c.get("s") or 0)
        if not len(c):  # no <v>, <f> or <is> (most cells of the form): empty, whatever its type
            return None, style
        kind = c.get("t", "n")
        # The first <f>, <v> and <is> child, as find() would give them: one pass over the one or two
        # children instead of a find() each (ElementPath costs ~1 µs a call, most of a cell's time)
        formula = v = inline = None
        for child in c:
            tag = child.tag
            if tag == _V:
                if v is None:
                    v = child
            elif tag == _F:
                if formula is None:
                    formula = child
            elif tag == _IS and inline is None:
                inline = child
        if formula is not None:
            form = formula.get("t")
            if form == "array" or form == "dataTable":
                raise _Unusual("array or data-table formula")
            value = "=" + (formula.text or "")
            if form == "shared":
                index = formula.get("si")
                if index in shared_seen or value == "=":
                    raise _Unusual("shared formula")
                shared_seen.add(index)
            return value, style
        if kind == "inlineStr":
            return (_text(inline) if inline is not None else None), style
        value = (v.text if v is not None else None) or None
        if value is None:
            return None, style
        if kind == "n":
            if book.is_date_style(style):
                raise _Unusual("date-formatted number")
            return _cast_number(value), style
        if kind == "s":
            return book.strings[int(value)], style
        if kind == "b":
            return bool(int(value)), style
        if kind in ("str", "e"):
            return value, style
        raise _Unusual(f"cell type {kind}")

    def cell(self, row: int, column: int) -> FastCell:
        """The cell at (row, column); one absent from the file is empty, as openpyxl makes it.
        Asked twice for one position (when the book is opened, then by the reader), the same cell."""
        made = self._made.get((row, column))
        if made is not None:
            return made
        if self._inside_merged(row, column):
            raise _Unusual("a named cell inside a merged range")
        value, style = self._cells.get((row, column), (None, 0))
        made = self._made[row, column] = FastCell(self._parent, row, column, value, self._number_format(style))
        return made

    def _inside_merged(self, row: int, column: int) -> bool:
        """Whether (row, column) is covered by a merged range and is not its top-left cell."""
        if self._covered is None:
            # The covered positions once per sheet (the form merges a few small ranges), instead of
            # every range compared for each of a few hundred named cells; huge ranges are compared
            area = sum((max_col - min_col + 1) * (max_row - min_row + 1)
                       for min_col, min_row, max_col, max_row in self._merged)
            self._covered = {(r, c) for min_col, min_row, max_col, max_row in self._merged
                             for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)
                             if (r, c) != (min_row, min_col)} if area <= 10_000 else False
        if self._covered is not False:
            return (row, column) in self._covered
        return any(min_row <= row <= max_row and min_col <= column <= max_col and (row, column) != (min_row, min_col)
                   for min_col, min_row, max_col, max_row in self._merged)

    def iter_rows(self, max_col: int, values_only: bool = True):
        """Rows 1 … the last row holding a cell, values of columns 1 … max_col (openpyxl's iter_rows)."""
        if self._merged:
            raise _Unusual("merged cells in a sheet read by rows")
        last = max((r for r, _c in self._cells), default=0)
        for row in range(1, last + 1):
            yield tuple(self._cells.get((row, col), (None, 0))[0] for col in range(1, max_col + 1))


_POSITIONS: dict[str, tuple[int, int]] = {}  # every return has the same few hundred cells


def _position(ref: str | None) -> tuple[int, int]:
    found = _POSITIONS.get(ref)  # type: ignore[arg-type]
    if found is not None:
        return found
    match = _REF.match(ref or "")
    if not match or ref.startswith("$"):
        raise _Unusual("a cell without a plain r= position")
    found = int(match.group(2)), column_index(match.group(1))
    if len(_POSITIONS) < 50_000:
        _POSITIONS[ref] = found
    return found


_DESTINATIONS: dict[str, tuple[str, str]] = {}  # a defined name's text: the same 222 in every return


def _destination(text: str) -> tuple[str, str]:
    """(sheet title as written, cells) of a defined name's text that is one cell or range on one sheet."""
    found = _DESTINATIONS.get(text)
    if found is not None:
        return found
    match = _DESTINATION.match(text)
    if not match:
        raise _Unusual("a defined name that is not one cell or range")
    found = (match.group("quoted") or match.group("plain"), match.group("cells"))
    if len(_DESTINATIONS) < 50_000:
        _DESTINATIONS[text] = found
    return found


def _destination_start(cells: str) -> tuple[int, int]:
    """(row, column) of the first cell of "$D$5" or "$D$5:$E$9"."""
    return _position(cells.replace("$", "").split(":")[0])


def _bounds(ref: str) -> tuple[int, int, int, int]:
    first, _, last = ref.partition(":")
    min_row, min_col = _position(first)
    max_row, max_col = _position(last) if last else (min_row, min_col)
    return min_col, min_row, max_col, max_row


class _NumberFormats:
    """A cell's `number_format` by its style, as openpyxl reports it (the book's cell formats)."""

    __slots__ = ("formats", "custom")

    def __init__(self, formats: list[int], custom: dict[int, str]):
        self.formats, self.custom = formats, custom

    def __call__(self, style: int) -> str:
        number = self.formats[style]
        if number in self.custom:
            return self.custom[number]
        if number >= _BUILTIN_LIMIT:
            raise _Unusual("a number format id with no format")
        return BUILTIN_FORMATS.get(number, "General")


class FastBook:
    """The part of openpyxl's Workbook the reader uses: sheet names, sheets, defined names."""

    def __init__(self, contents: dict[str, bytes]):
        """`contents`: every member of the package by name, as `opening.check_package` returns them."""
        self.contents = contents
        names = set(contents)
        types = _parse(contents, "[Content_Types].xml")
        overrides = {o.get("PartName"): o.get("ContentType") for o in types.iterfind(f"{{{_CT}}}Override")}
        if overrides.get("/xl/workbook.xml") != _WORKBOOK_TYPE:
            raise _Unusual("workbook part not where a transitional .xlsx has it")
        workbook = _parse(contents, "xl/workbook.xml")
        if workbook.tag != f"{{{_MAIN}}}workbook":
            raise _Unusual("strict OOXML or another schema")
        rels = {r.get("Id"): r for r in _parse(contents, "xl/_rels/workbook.xml.rels").iterfind(f"{{{_PKG_REL}}}Relationship")}
        self._parts: dict[str, str] = {}
        self.sheetnames: list[str] = []
        for sheet in workbook.iterfind(f"{{{_MAIN}}}sheets/{{{_MAIN}}}sheet"):
            rel = rels.get(sheet.get(f"{{{_REL}}}id"))
            if rel is None or rel.get("Type") != _WORKSHEET_REL or rel.get("TargetMode") == "External":
                raise _Unusual("a sheet that is not a worksheet of this package")
            target = rel.get("Target")
            part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if part not in names:
                raise _Unusual("a sheet part missing")
            self.sheetnames.append(sheet.get("name"))
            self._parts[sheet.get("name")] = part
        if len(set(self.sheetnames)) != len(self.sheetnames):
            raise _Unusual("two sheets of one name")
        self.defined_names: dict[str, _Name] = {}
        for defined in workbook.iterfind(f"{{{_MAIN}}}definedNames/{{{_MAIN}}}definedName"):
            if defined.get("localSheetId") is not None:
                continue  # openpyxl binds these to their sheet, not to the workbook's names
            name = defined.get("name")
            if name in self.defined_names:
                raise _Unusual("a defined name twice")
            if name.startswith("_xlnm."):
                continue
            self.defined_names[name] = _Name([_destination(defined.text or "")])
        self.strings = self._strings(overrides, names)
        self._formats, self._custom = self._styles(names)
        self._date_styles: dict[int, bool] = {}
        self._sheets: dict[str, FastSheet] = {}
        # Everything the reader will touch is parsed and checked now, so that nothing unusual
        # turns up after open_fast has returned: the sheets the names point to and _meta.
        for defined in self.defined_names.values():
            for written, cells in defined.destinations:
                title = unquote_title(written)
                if title in self._parts:
                    self[title].cell(*_destination_start(cells))
        if META_SHEET in self._parts:
            list(self[META_SHEET].iter_rows(max_col=2))
        del self.contents  # parsed: the bytes are not kept with the book

    def _strings(self, overrides: dict, names: set[str]) -> list[str]:
        parts = [p for p, t in overrides.items() if t == _STRINGS_TYPE]
        if not parts:
            return []
        if parts[0][1:] not in names:
            raise _Unusual("shared strings part missing")
        root = _parse(self.contents, parts[0][1:])
        return [_text(si).replace("x005F_", "") for si in root.iterfind(f"{{{_MAIN}}}si")]

    def _styles(self, names: set[str]) -> tuple[list[int], dict[int, str]]:
        if "xl/styles.xml" not in names:
            raise _Unusual("no styles part")
        root = _parse(self.contents, "xl/styles.xml")
        custom = {int(f.get("numFmtId")): f.get("formatCode")
                  for f in root.iterfind(f"{{{_MAIN}}}numFmts/{{{_MAIN}}}numFmt")}
        formats = [int(xf.get("numFmtId") or 0) for xf in root.iterfind(f"{{{_MAIN}}}cellXfs/{{{_MAIN}}}xf")]
        if not formats:
            raise _Unusual("no cell formats")
        return formats, custom

    def is_date_style(self, style: int) -> bool:
        """Whether cell style `style` shows a date or time (openpyxl's test), once per style."""
        found = self._date_styles.get(style)
        if found is None:
            found = self._date_styles[style] = is_date_format(self.format_code(style))
        return found

    def format_code(self, style: int) -> str | None:
        """The number format of cell style `style` as openpyxl finds it when telling dates."""
        number = self._formats[style]
        return self._custom[number] if number in self._custom else BUILTIN_FORMATS.get(number)

    def __getitem__(self, title: str) -> FastSheet:
        """A sheet parsed when the book was opened (the reader asks for no other)."""
        if title not in self._sheets:
            if title not in self._parts:
                raise KeyError(title)
            self._sheets[title] = FastSheet(self, title, self._parts[title])
        return self._sheets[title]
