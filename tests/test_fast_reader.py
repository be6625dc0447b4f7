"""The fast reader against its oracle: every file read with lxml (workbook/fast_reader.py) gives the
Submission openpyxl gives — values and their types, facts, prose, stated totals, findings,
rejected cells — or the same refusal; and normal returns never fall back."""

from __future__ import annotations

import re
import zipfile
from dataclasses import fields
from pathlib import Path

import pytest

from report_kit.errors import ReportKitError
from report_kit.form import FORM
from report_kit.workbook import fast_reader, reader
from report_kit.workbook.reader import read_workbook
from tests.corpus import CASES, consistent
from tests.helpers import edit_workbook, office_cells

ROOT = Path(__file__).resolve().parents[1]


def _typed(value):
    """A value with its type, all the way down: 3 and 3.0 and True must not compare equal."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_typed(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_typed(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _typed(getattr(value, f.name)) for f in fields(value)}
    return (type(value).__name__, repr(value))


def _outcome(path: Path):
    try:
        return "read", _typed(read_workbook(path))
    except (ReportKitError, OSError) as error:  # OSError: a name the OS refuses, for the CLI to word
        return type(error).__name__, str(error)


def _oracle(path: Path, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(reader, "open_fast", lambda path: None)
        return _outcome(path)


def assert_same(path: Path, monkeypatch, *, fallback_ok: bool = True) -> None:
    before = fast_reader.FALLBACKS.total()
    fast = _outcome(path)
    fell_back = fast_reader.FALLBACKS.total() - before
    oracle = _oracle(path, monkeypatch)
    if fast[0] == oracle[0] == "read":  # name the parts that differ
        assert {k: v for k, v in fast[1].items() if v != oracle[1][k]} == \
            {k: v for k, v in oracle[1].items() if v != fast[1][k]}, path.name
    assert fast == oracle, path.name
    if not fallback_ok:
        assert fell_back == 0, dict(fast_reader.FALLBACKS)


def _xlsx_paths(built) -> list[Path]:
    paths = built if isinstance(built, (list, tuple)) else [built]
    found = []
    for p in map(Path, paths):
        try:
            if p.is_dir():
                found.extend(sorted(p.rglob("*.xlsx")))
            else:
                found.append(p)
        except OSError:  # a name the OS refuses: both readers must refuse it alike
            found.append(p)
    return found


class _Retrying:
    """The session's LibreOffice, its fill tried twice: under load the fill script now and then dies
    with nothing on stderr (seen ~1 in 20 fills here); that is the harness, not a reader's answer."""

    def __init__(self, office):
        self._office = office

    def fill(self, *args, **kwargs):
        try:
            return self._office.fill(*args, **kwargs)
        except RuntimeError:
            return self._office.fill(*args, **kwargs)


@pytest.mark.parametrize("case", [c for c in CASES if not c.office], ids=lambda c: c.name)
def test_every_corpus_file(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for path in _xlsx_paths(case.build(tmp_path, None)):
        assert_same(path, monkeypatch)


def test_corpus_files_saved_by_libreoffice(office, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # The returns LibreOffice saved (the department-list case saves a list, which no reader here reads)
    for case in [c for c in CASES if c.office and "--departments" not in c.options]:
        folder = tmp_path / re.sub(r"\W", "_", case.name)
        folder.mkdir()
        for path in _xlsx_paths(case.build(folder, _Retrying(office))):
            assert_same(path, monkeypatch)


def test_a_return_filled_in_libreoffice_reads_fast(office, tmp_path, monkeypatch):
    """The usual return, typed and saved by a real office program: same result, no fallback."""
    sent = consistent(tmp_path)
    saved = tmp_path / "saved.xlsx"
    _Retrying(office).fill(sent, saved, office_cells({"t3_new_natural": 61, "t2_penalty": 12, "agency": "某某局（改）"}))
    assert_same(saved, monkeypatch, fallback_ok=False)


@pytest.mark.parametrize("sample", sorted((ROOT / "samples").glob("*.xlsx")), ids=lambda p: p.name)
def test_samples_read_fast(sample, monkeypatch):
    assert_same(sample, monkeypatch, fallback_ok=False)


def test_edited_by_openpyxl(tmp_path, monkeypatch):
    """Values of every kind a script (or a careless person) writes: text in counts, floats,
    negative numbers, booleans, formulas over inputs, control characters, long prose."""
    values = {"t3_new_natural": "十二", "t3_new_legal": 2.5, "t2_penalty": -3, "t2_licensing": True,
              "t4_review_total": 7, "t3_carried_in_natural": "=1+1", "agency": "某某局_x0001_",
              "t2_fees": "1,234.5", "year": "2024年"}
    values = {k: v for k, v in values.items() if k in {f.id for f in FORM.fields}}
    edited = edit_workbook(consistent(tmp_path), tmp_path / "edited.xlsx", values)
    assert_same(edited, monkeypatch, fallback_ok=False)


# Generated XML variants: the same return, written the ways other programs write it.

def _rewrite(source: Path, target: Path, change) -> Path:
    """Copy `source` with change(name, xml text) -> xml text applied to every XML part."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in archive.infolist():
            data = archive.read(member)
            if member.filename.endswith((".xml", ".rels")):
                data = change(member.filename, data.decode("utf-8")).encode("utf-8")
            out.writestr(member, data)
    return target


def _prefixed(name: str, text: str) -> str:
    """The spreadsheet namespace under a prefix (x:), as some generators write it."""
    if not (name.startswith("xl/worksheets/") or name in ("xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml")):
        return text
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    if main not in text:
        return text
    text = re.sub(r"<(/?)(?![?!])([A-Za-z]+)([ >/])", r"<\1x:\2\3", text)
    return text.replace(main, main.replace("xmlns=", "xmlns:x="), 1)


def _inline_strings(name: str, text: str, strings: list[str]) -> str:
    if not name.startswith("xl/worksheets/"):
        return text

    def inline(match):
        attrs, index = match.group(1), int(match.group(2))
        attrs = attrs.replace('t="s"', 't="inlineStr"')
        return f"<c{attrs}><is><t xml:space=\"preserve\">{strings[index]}</t></is></c>"
    return re.sub(r'<c([^>]*t="s"[^>]*)><v>(\d+)</v></c>', inline, text)


def _shared_strings(path: Path) -> list[str]:
    from xml.sax.saxutils import escape
    with zipfile.ZipFile(path) as archive:
        text = archive.read("xl/sharedStrings.xml").decode()
    return [escape(re.sub(r"<[^>]+>", "", si).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
            for si in re.findall(r"<si>(.*?)</si>", text, re.S)]


def _rich_text(name: str, text: str) -> str:
    """Every shared string split into two formatted runs."""
    if name != "xl/sharedStrings.xml":
        return text

    def runs(match):
        body = match.group(1)
        if len(body) < 2 or "&" in body:
            return match.group(0)
        half = len(body) // 2
        return (f'<si><r><rPr><b/></rPr><t xml:space="preserve">{body[:half]}</t></r>'
                f'<r><t xml:space="preserve">{body[half:]}</t></r><rPh sb="0" eb="1"><t>ピ</t></rPh></si>')
    return re.sub(r"<si><t(?: xml:space=\"preserve\")?>([^<]*)</t></si>", runs, text)


def _cell_types(name: str, text: str) -> str:
    """A number typed as t="str", an error value, a boolean, an empty <v/>."""
    if not name.startswith("xl/worksheets/"):
        return text
    cells = [f for f in FORM.fields if f.sheet == "表三" and f.is_number and not f.derived][:4]
    for f, replacement, kind in zip(cells, ('<v>12</v>', '<v>#DIV/0!</v>', '<v>1</v>', '<v></v>'),
                                    ("str", "e", "b", "n")):
        text = re.sub(rf'<c r="{f.cell}"([^>]*?)(?: t="\w+")?(/>|>.*?</c>)',
                      lambda m, f=f, kind=kind, replacement=replacement:
                      f'<c r="{f.cell}"{m.group(1)} t="{kind}">{replacement}</c>', text, count=1)
    return text


def _protection(value: str | None):
    def change(name: str, text: str) -> str:
        if not name.startswith("xl/worksheets/"):
            return text
        if value is None:
            return re.sub(r"<sheetProtection[^>]*/>", "", text)
        return re.sub(r'(<sheetProtection[^>]*?)sheet="1"', rf'\1sheet="{value}"', text)
    return change


def _renamed(title: str):
    """表三 renamed to `title` (quoted in the names, an apostrophe doubled as Excel writes it)."""
    def change(name: str, text: str) -> str:
        if name != "xl/workbook.xml":
            return text
        quoted = title.replace("'", "''")
        return text.replace('name="表三"', f'name="{title}"').replace("'表三'!", f"'{quoted}'!")
    return change


def _shared_formula(name: str, text: str) -> str:
    """A formula written once and shared down a column: a dependent has no text of its own."""
    if not name.startswith("xl/worksheets/"):
        return text
    count = 0

    def share(match):
        nonlocal count
        count += 1
        if count == 1:
            return f'<f t="shared" ref="A1:A2" si="0">{match.group(1)}</f>'
        if count == 2:
            return '<f t="shared" si="0"/>'
        return match.group(0)
    return re.sub(r"<f>([^<]*)</f>", share, text)


VARIANTS = {
    "namespace prefix": lambda path: _prefixed,
    "inline strings": lambda path: (lambda name, text, s=_shared_strings(path): _inline_strings(name, text, s)),
    "rich text": lambda path: _rich_text,
    "cell types str, e, b, empty": lambda path: _cell_types,
    "protection sheet=true": lambda path: _protection("true"),
    "protection sheet=0": lambda path: _protection("0"),
    "protection removed": lambda path: _protection(None),
    "renamed sheet": lambda path: _renamed("表 三（改）"),
    "renamed sheet with an apostrophe": lambda path: _renamed("表三（O'改）"),
    "shared formulas": lambda path: _shared_formula,
}


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_generated_xml_variants(variant, tmp_path, monkeypatch):
    source = consistent(tmp_path)
    target = _rewrite(source, tmp_path / "variant.xlsx", VARIANTS[variant](source))
    assert_same(target, monkeypatch)


def test_variants_that_must_not_fall_back(tmp_path, monkeypatch):
    """What office programs write every day is read fast, not handed to openpyxl."""
    source = consistent(tmp_path)
    for variant in ("namespace prefix", "inline strings", "rich text", "protection sheet=true", "renamed sheet"):
        target = _rewrite(source, tmp_path / f"{variant}.xlsx", VARIANTS[variant](source))
        assert_same(target, monkeypatch, fallback_ok=False)


def test_unusual_files_fall_back_and_are_counted(tmp_path, monkeypatch):
    source = consistent(tmp_path)
    dated = _rewrite(source, tmp_path / "strict.xlsx", lambda name, text: text.replace(
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"))
    before = fast_reader.FALLBACKS.copy()
    assert fast_reader.open_fast(dated) is None
    assert fast_reader.FALLBACKS - before  # counted, with its reason
    assert_same(dated, monkeypatch)


@pytest.mark.parametrize("reference", ["D5", "$D$5", "$D$5:$E$9", "A1:XFD1048576", "AA10", "ZZZ1", "D05", "d5",
                                       "$A:$A", "3:3", "A0", "AAAA1", "D5:", ":D5", "", "XFE1", "D$5:E9"])
def test_cell_references_as_openpyxl_reads_them(reference):
    """The local parser (no openpyxl import for a normal return) agrees with openpyxl on every
    reference, plain or not: the same boundaries, or the same refusal."""
    from openpyxl.utils.cell import range_boundaries as oracle

    from report_kit.workbook.cells import range_boundaries

    def outcome(parse):
        try:
            return parse(reference)
        except ValueError as error:
            return type(error).__name__, str(error)

    assert outcome(range_boundaries) == outcome(oracle)
