"""Render reports from a template compiled once per machine.

docxtpl, for every report, opens the template with python-docx, runs its regexes over the
template's XML (`patch_xml`, the same result every time), renders, re-parses, and re-deflates every
part of the package — ~50 ms, of which the Jinja render is under 1 ms. Here the template is
compiled once: docxtpl's own preparation of word/document.xml, then the Jinja template in the same
sandboxed ReportEnvironment with the same checks (report/sandbox.py). Each report renders that
template, finishes the XML as docxtpl does (resolve_listing, fix_tables, fix_docpr_ids), and writes
the package copying every other member's compressed bytes as they are; only word/document.xml and
docProps/core.xml change.

What is copied comes from one reference render by docxtpl made while compiling, so the parts are
docxtpl's own. The compiled form is kept on disk (report/template_cache.py) as data: the checked
Jinja source, never code, so every run checks the template again before it renders anything. A
template this path does not cover (Jinja tags in headers, footers, footnotes or the document
properties, which would change per report; no document properties of its own, which python-docx
would date at the reference render) and a draft (its red line is inserted with python-docx) are
rendered by docxtpl; tests/test_fast_docx.py compares both paths part by part.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Callable

from lxml import etree

from . import template_cache

DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
_MARKERS = re.compile(rb"\{[{%#]|[}%#]\}")
_LISTING = ("\t", "\a", "\n", "\f")  # what docxtpl's resolve_listing turns into Word markup
_BODY_START = re.compile(r"<w:body((?:\s+xmlns(?::\w+)?=\"[^\"]*\")*)\s*>")
_DECLARATION = re.compile(r'xmlns(?::(\w+))?="([^"]*)"')
_TABLE_SHAPE = re.compile(r"</?w:(?:tbl|tblGrid|gridCol|tr|tc|tcPr|gridSpan)\b[^>]*>")
_OPEN_TAG = re.compile(r"<[^>]*$")  # a tag that a Jinja tag cuts in two
_STRICT = etree.XMLParser()  # docxtpl's parser without recover: the same tree for a well-formed document
_DATA = etree.XMLParser(resolve_entities=False, no_network=True)  # for what is read back from the cache
_PER_REPORT_PARTS = re.compile(r"^word/(header|footer|footnotes|endnotes)\d*\.xml$")
_CORE_NAMES = {"title": "{http://purl.org/dc/elements/1.1/}title",
               "author": "{http://purl.org/dc/elements/1.1/}creator",
               "keywords": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"}


class NotCovered(Exception):
    """The template uses something this path does not reproduce."""


class Prepared:
    """A template made ready: the variables it uses (every part, as docxtpl reads them) at once, its
    compiled form when a report asks for it (`compiled()`; None when this path does not cover it)."""

    def __init__(self, key: str, variables: frozenset[str], entry: dict | None, make: Callable[[], dict],
                 environment):
        self.key, self.variables = key, variables
        self._entry, self._make, self._environment = entry, make, environment
        self._compiled: CompiledTemplate | None = None
        self._resolved = False
        self._declined_once = False

    def compiled(self, now: bool = False) -> "CompiledTemplate | None":
        """The compiled form, made from the cache entry or compiled now and kept.

        Compiling costs ~0.25 s, about four times one report by docxtpl: when it cannot be kept
        (the cache is off or cannot be written), the first report of a process is docxtpl's and
        the template is compiled for the second. `now`: compile at once (a batch, before it forks)."""
        if self._resolved:
            return self._compiled
        from_disk = self._entry is not None
        if not from_disk:
            if not now and not self._declined_once and not template_cache.writable():
                self._declined_once = True
                return None
            self._entry = self._make()
            template_cache.store(self.key, self._entry)
        self._resolved = True
        if self._entry.get("covered"):
            try:
                self._compiled = CompiledTemplate(self._entry, self._environment)
            except Exception:
                self._compiled = None
                if from_disk:  # an entry that no longer compiles (altered, or made by other code): make it again
                    self._entry, self._resolved = None, False
                    return self.compiled(now=True)
                # else docxtpl renders it, and reports any problem in its words
        return self._compiled


PREPARED: dict[str, Prepared] = {}  # by template_cache.entry_key, in this process


def prepared(template: bytes, environment, variables: Callable[[], set[str]], sample_context: Callable[[], dict],
             properties: Callable) -> Prepared:
    """The template made ready: from this process, else from the disk cache, else read now.

    `variables()` reads the template's variables with docxtpl and raises what a broken or unsafe
    template raises; nothing is kept then. Compiling waits until a report asks for it, so a
    template refused for its variables is never compiled."""
    key = template_cache.entry_key(template)
    if key not in PREPARED:
        entry = template_cache.load(key)
        if entry is not None and not _well_formed(entry):
            entry = None
        found = frozenset(entry["variables"]) if entry is not None else frozenset(variables())

        def make() -> dict:
            made = {"variables": sorted(found), "covered": False}
            try:
                made.update(_compile(template, environment, sample_context(), properties), covered=True)
            except Exception:  # not covered, or failing: docxtpl renders it and reports any problem
                pass
            return made

        PREPARED[key] = Prepared(key, found, entry, make, environment)
    return PREPARED[key]


def compiled_for(template: bytes) -> "CompiledTemplate | None":
    """The compiled form of `template` made in this process (None: not made or not covered)."""
    found = PREPARED.get(template_cache.entry_key(template))
    return found._compiled if found else None


_ENTRY_TYPES = {"variables": list, "covered": bool}
_COVERED_TYPES = {"source": str, "nsmap": list, "before": str, "after": str, "package": bytes, "core": bytes,
                  "core_empty": list, "shapes": dict, "static_shape": (str, type(None))}


def _well_formed(entry: dict) -> bool:
    """An entry of the shape `_compile` writes (a file of another version or a damaged one is not)."""
    types = {**_ENTRY_TYPES, **(_COVERED_TYPES if entry.get("covered") else {})}
    return all(isinstance(entry.get(name), kind) for name, kind in types.items())


def _compile(template: bytes, environment, sample_context: dict, properties: Callable) -> dict:
    from docxtpl import DocxTemplate  # only to compile; a cached template renders without it

    with zipfile.ZipFile(io.BytesIO(template)) as package:
        names = package.namelist()
        if CORE not in names:  # python-docx would make the properties, dated at this compile
            raise NotCovered(CORE)
        for name in names:
            if (_PER_REPORT_PARTS.match(name) or name == CORE) and _MARKERS.search(package.read(name)):
                raise NotCovered(name)
    document = DocxTemplate(io.BytesIO(template))
    document.render_init()
    # docxtpl's render_xml_part, split: the template is built once, rendered per report
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", document.patch_xml(document.get_xml()))
    code = environment.compile_checked(source)  # refused now rather than at every report
    root = document.docx._element
    text = etree.tostring(root, encoding="unicode")
    if text.count("<w:body>") != 1 or text.count("</w:body>") != 1:
        raise NotCovered("the document element around its body")
    reference = DocxTemplate(io.BytesIO(template))
    reference.render(sample_context, environment, autoescape=True)
    properties(reference.docx.core_properties)
    core = reference.docx.core_properties._element
    out = io.BytesIO()
    reference.save(out)
    entry = {"source": source, "nsmap": sorted((k or "", v) for k, v in root.nsmap.items()),
             "before": text[:text.index("<w:body>")], "after": text[text.index("</w:body>") + len("</w:body>"):],
             "package": out.getvalue(), "core": etree.tostring(core),
             # python-docx leaves empty properties as "" (<dc:subject></dc:subject>), which a parse
             # of the bytes would turn into None (<dc:subject/>): the tags to set back to ""
             "core_empty": sorted(element.tag for element in core.iter() if element.text == ""),
             "shapes": {}, "static_shape": static_table_shape(environment.from_code(code, source))}
    # One render through the compiled form: it learns whether docxtpl's table walk changes the
    # template's table shape (see _fix_tables), and the entry keeps what it learned.
    trial = CompiledTemplate(entry, environment)
    trial.render(sample_context, properties)
    entry["shapes"] = dict(trial.shapes)
    return entry


class CompiledTemplate:
    """A template prepared once: its Jinja body, and every other member as docxtpl writes it."""

    def __init__(self, entry: dict, environment):
        # Compiled from the checked source on every load (~25 ms): a cache entry is data, and the
        # sandbox's static check runs again before the template renders anything
        self._jinja = environment.from_code(environment.compile_checked(entry["source"]))
        self._nsmap = {k or None: v for k, v in entry["nsmap"]}
        self._before, self._after = entry["before"], entry["after"]
        self._members = _raw_members(entry["package"])
        self._core = etree.fromstring(entry["core"], _DATA)
        empty = set(entry["core_empty"])
        for element in self._core.iter():
            if element.tag in empty and element.text is None:
                element.text = ""
        self.shapes: dict[str, bool] = dict(entry["shapes"])  # by table shape (see _fix_tables)
        self._static_shape: str | None = entry["static_shape"]
        self._static_checked = False
        self._docxtpl = None

    def render(self, context: dict, properties: Callable) -> bytes:
        """The report's .docx bytes; `properties(core_properties)` sets its title, stamp, author."""
        xml = self._jinja.render(context)
        # docxtpl's re.sub(r"\n<w:p([ >])", r"<w:p\1", …) and its four replacements, the same
        # result at a fifth of the cost
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if "{_" in xml:
            xml = xml.replace("{_{", "{{").replace("{_%", "{%")
        if "_}" in xml:
            xml = xml.replace("}_}", "}}").replace("%_}", "%}")
        listing = any(c in xml for c in _LISTING)
        if listing:  # without them resolve_listing returns its input (and costs ~3 ms)
            xml = self._xml_steps().resolve_listing(xml)
        # docxtpl parses the body alone and moves it into the document element, where lxml drops
        # the namespace declarations the document already makes. Moving a tree between documents
        # costs ~10 ms; the same document is had by writing the body into the document's text
        # without those declarations and parsing the whole once.
        start = _BODY_START.match(xml)
        declared = dict(_DECLARATION.findall(start.group(1))) if start else None
        if declared is None or any(self._nsmap.get(k or None) != v for k, v in declared.items()):
            raise NotCovered("a body declaring namespaces of its own")  # docxtpl renders it
        body = xml[start.end():]
        document = self._fix_tables(self._before + "<w:body>" + body + self._after, body, listing)
        if "docPr" in body:  # drawings: docxtpl numbers their ids from 1001 in every render
            steps = self._xml_steps()
            steps.docx_ids_index = 1000
            steps.fix_docpr_ids(document)
        core = copy.deepcopy(self._core)
        properties(_CoreText(core))
        return _package(self._members, {DOCUMENT: _serialized(document), CORE: _serialized(core)})

    def _xml_steps(self):
        """docxtpl's XML steps (resolve_listing, fix_tables, fix_docpr_ids), for the reports that need
        them: they use no state of the template but the drawing counter, so no document is opened."""
        if self._docxtpl is None:
            from docxtpl import DocxTemplate

            self._docxtpl = DocxTemplate.__new__(DocxTemplate)
        return self._docxtpl

    def _fix_tables(self, document: str, body: str, listing: bool):
        """docxtpl's `fix_tables(document)`, the same tree, without its walk over every row of every
        table (a third of a render) once that walk is known to change nothing for tables of this shape.

        What the walk does depends only on the tables' grid columns, rows, cells and spans; these
        tags, in order, are the shape. The first document of each shape is walked and compared with
        its plain parse; later ones of a shape the walk left alone are parsed only (strictly: a
        document that is not well-formed is docxtpl's recovering parser's). A namespace declared
        inside the body could hide a table under another prefix: such a body is always walked."""
        if "xmlns" in body:
            return self._xml_steps().fix_tables(document)
        shape = self._table_shape(body, listing)
        unchanged = self.shapes.get(shape)
        if unchanged:
            try:
                return etree.fromstring(document, _STRICT)
            except etree.XMLSyntaxError:
                return self._xml_steps().fix_tables(document)
        walked = self._xml_steps().fix_tables(document)
        if unchanged is None and len(self.shapes) < 64:
            try:
                plain = etree.tostring(etree.fromstring(document, _STRICT))
                self.shapes[shape] = plain == etree.tostring(walked)
            except etree.XMLSyntaxError:
                self.shapes[shape] = False
        return walked


    def _table_shape(self, body: str, listing: bool) -> str:
        """The table tags of `body` in order (see `_fix_tables`). When the template's table markup
        is all outside its if/for blocks (`static_table_shape`, worked out when compiling), every
        render has the same: the first render in a process checks it against the scan of its body,
        later ones reuse it, which saves a scan of the whole document (a tenth of a render).
        resolve_listing rewrites the XML: scanned."""
        static = self._static_shape
        if static is None or listing:
            return "".join(_TABLE_SHAPE.findall(body))
        if not self._static_checked:
            scanned = "".join(_TABLE_SHAPE.findall(body))
            self._static_checked = True
            self._static_shape = static if static == scanned else None
            return scanned
        return static


def static_table_shape(template) -> str | None:
    """The table tags (`_TABLE_SHAPE`) every render of the Jinja `template` writes, or None when a
    render could write others.

    Under strict autoescaping no value a template prints can hold a "<", so every tag a render
    writes comes whole from the template's own text — as long as no tag is cut by a Jinja tag
    (`<w:tc {{ x }}>`). Text outside every if/for block is written by every render; so when no table
    tag is inside a block, the tags are the same, in the same order, every time."""
    source = getattr(template, "source_text", None)
    environment = template.environment
    if source is None or environment.autoescape is not True:
        return None
    shape, depth, keyword_next = [], 0, False
    for _line, kind, value in environment.lex(source):
        if kind == "block_begin":
            keyword_next = True
        elif kind == "name" and keyword_next:
            keyword_next = False
            depth += 1 if value in ("for", "if") else -1 if value in ("endfor", "endif") else 0
        elif kind == "data":
            found = _TABLE_SHAPE.findall(value)
            if (found and depth) or _OPEN_TAG.search(value):
                return None
            shape.extend(found)
        elif kind not in ("whitespace", "block_end", "variable_begin", "variable_end", "name", "operator",
                          "string", "integer", "float", "comment_begin", "comment", "comment_end"):
            return None  # raw blocks, line statements: not worked out, scanned every time
    return "".join(shape)


def _raw_members(package: bytes) -> dict[str, tuple[zipfile.ZipInfo, bytes, bytes]]:
    """Every member: its ZipInfo, its compressed bytes as stored, and its content."""
    members = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for info in archive.infolist():
            header = package[info.header_offset:info.header_offset + 30]
            start = info.header_offset + 30 + int.from_bytes(header[26:28], "little") + \
                int.from_bytes(header[28:30], "little")
            members[info.filename] = (info, package[start:start + info.compress_size], archive.read(info))
    return members


def _package(members: dict, changed: dict[str, bytes]) -> bytes:
    """The package in the reference's member order: changed parts deflated, the rest copied."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (info, raw, _content) in members.items():
            if name in changed:
                archive.writestr(zipfile.ZipInfo(name, info.date_time), changed[name], zipfile.ZIP_DEFLATED)
                continue
            copied = copy.copy(info)
            copied.flag_bits &= ~0x08  # sizes and CRC are in the local header, no data descriptor
            copied.header_offset = archive.fp.tell()
            archive.fp.write(copied.FileHeader())
            archive.fp.write(raw)
            archive.filelist.append(copied)
            archive.NameToInfo[name] = copied
            archive.start_dir = archive.fp.tell()
    return out.getvalue()


def _serialized(element) -> bytes:
    """An XML part as python-docx writes it (serialize_part_xml)."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)


class _CoreText:
    """The three document properties a report sets, as python-docx's CoreProperties sets them
    (str, at most 255 characters, the element's text), on a plain lxml element."""

    def __init__(self, element):
        self._element = element

    def __setattr__(self, name: str, value) -> None:
        if name == "_element":
            return object.__setattr__(self, name, value)
        if name not in _CORE_NAMES:  # a property the reference render did not set: docxtpl's to write
            raise NotCovered(f"core property {name}")
        value = value if isinstance(value, str) else str(value)
        if len(value) > 255:
            raise ValueError(f"exceeded 255 char limit for property, got:\n\n'{value}'")
        found = self._element.find(_CORE_NAMES[name])
        if found is None:  # the reference render set all three, so this is not our entry
            raise NotCovered(f"core property {name}")
        found.text = value
