"""Render reports from a template compiled once per process.

docxtpl, for every report, opens the template with python-docx, runs its regexes over the
template's XML (`patch_xml`, the same result every time), renders, re-parses, and re-deflates every
part of the package — ~50 ms, of which the Jinja render is under 1 ms. Here the template is
compiled once: docxtpl's own preparation of word/document.xml, then the Jinja template in the same
sandboxed ReportEnvironment with the same checks (report/sandbox.py). Each report renders that
template, finishes the XML as docxtpl does (resolve_listing, fix_tables, fix_docpr_ids), and writes
the package copying every other member's compressed bytes as they are; only word/document.xml and
docProps/core.xml change.

What is copied comes from one reference render by docxtpl made while compiling, so the parts are
docxtpl's own. A template this path does not cover (Jinja tags in headers, footers, footnotes or
the document properties, which would change per report) and a draft (its red line is inserted
with python-docx) are rendered by docxtpl; tests/test_fast_docx.py compares both paths part by part.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import zipfile
from typing import Callable

from docx.opc.coreprops import CoreProperties
from lxml import etree
from docx.opc.oxml import serialize_part_xml
from docxtpl import DocxTemplate

DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
_MARKERS = re.compile(rb"\{[{%#]|[}%#]\}")
_LISTING = ("\t", "\a", "\n", "\f")  # what docxtpl's resolve_listing turns into Word markup
_BODY_START = re.compile(r"<w:body((?:\s+xmlns(?::\w+)?=\"[^\"]*\")*)\s*>")
_DECLARATION = re.compile(r'xmlns(?::(\w+))?="([^"]*)"')
_TABLE_SHAPE = re.compile(r"</?w:(?:tbl|tblGrid|gridCol|tr|tc|tcPr|gridSpan)\b[^>]*>")
_OPEN_TAG = re.compile(r"<[^>]*$")  # a tag that a Jinja tag cuts in two
_STRICT = etree.XMLParser()  # docxtpl's parser without recover: the same tree for a well-formed document
_PER_REPORT_PARTS = re.compile(r"^word/(header|footer|footnotes|endnotes)\d*\.xml$")

COMPILED: dict[str, "CompiledTemplate | None"] = {}  # by the template's sha256, in this process
_RENDERED_ONCE: set[str] = set()  # templates whose first report docxtpl rendered (see `compiled`)


class NotCovered(Exception):
    """The template uses something this path does not reproduce."""


class CompiledTemplate:
    """A template prepared once: its Jinja body, and every other member as docxtpl writes it."""

    def __init__(self, template: bytes, environment, sample_context: dict, properties: Callable):
        with zipfile.ZipFile(io.BytesIO(template)) as package:
            for name in package.namelist():
                if (_PER_REPORT_PARTS.match(name) or name == CORE) and _MARKERS.search(package.read(name)):
                    raise NotCovered(name)
        self._docx = DocxTemplate(io.BytesIO(template))
        self._docx.render_init()
        source = self._docx.patch_xml(self._docx.get_xml())
        # docxtpl's render_xml_part, split: the template is built once, rendered per report
        self._jinja = environment.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", source))
        self._root = copy.deepcopy(self._docx.docx._element)
        text = etree.tostring(self._root, encoding="unicode")
        if text.count("<w:body>") != 1 or text.count("</w:body>") != 1:
            raise NotCovered("the document element around its body")
        self._before = text[:text.index("<w:body>")]
        self._after = text[text.index("</w:body>") + len("</w:body>"):]
        reference = DocxTemplate(io.BytesIO(template))
        reference.render(sample_context, environment, autoescape=True)
        properties(reference.docx.core_properties)
        # The element, not its bytes: python-docx leaves empty properties as "" (<dc:subject></dc:subject>),
        # which a parse of the bytes would turn into None (<dc:subject/>)
        self._core = copy.deepcopy(reference.docx.core_properties._element)
        out = io.BytesIO()
        reference.save(out)
        self._members = _raw_members(out.getvalue())
        self._walk_changes_nothing: dict[str, bool] = {}  # by table shape (see _fix_tables)

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
            xml = self._docx.resolve_listing(xml)
        # docxtpl parses the body alone and moves it into the document element, where lxml drops
        # the namespace declarations the document already makes. Moving a tree between documents
        # costs ~10 ms; the same document is had by writing the body into the document's text
        # without those declarations and parsing the whole once.
        start = _BODY_START.match(xml)
        declared = dict(_DECLARATION.findall(start.group(1))) if start else None
        if declared is not None and all(self._root.nsmap.get(k or None) == v for k, v in declared.items()):
            body = xml[start.end():]
            document = self._fix_tables(self._before + "<w:body>" + body + self._after, body, listing)
            self._docx.docx_ids_index = 1000  # as render_init leaves it for each docxtpl render
            self._docx.fix_docpr_ids(document)
        else:
            body = self._docx.fix_tables(xml)
            self._docx.docx_ids_index = 1000
            self._docx.fix_docpr_ids(body)
            document = copy.deepcopy(self._root)
            document.replace(document.body, body)
        core = copy.deepcopy(self._core)
        properties(CoreProperties(core))
        return _package(self._members, {DOCUMENT: serialize_part_xml(document), CORE: serialize_part_xml(core)})


    def _fix_tables(self, document: str, body: str, listing: bool):
        """docxtpl's `fix_tables(document)`, the same tree, without its walk over every row of every
        table (a third of a render) once that walk is known to change nothing for tables of this shape.

        What the walk does depends only on the tables' grid columns, rows, cells and spans; these
        tags, in order, are the shape. The first document of each shape is walked and compared with
        its plain parse; later ones of a shape the walk left alone are parsed only (strictly: a
        document that is not well-formed is docxtpl's recovering parser's). A namespace declared
        inside the body could hide a table under another prefix: such a body is always walked."""
        if "xmlns" in body:
            return self._docx.fix_tables(document)
        shape = self._table_shape(body, listing)
        unchanged = self._walk_changes_nothing.get(shape)
        if unchanged:
            try:
                return etree.fromstring(document, _STRICT)
            except etree.XMLSyntaxError:
                return self._docx.fix_tables(document)
        walked = self._docx.fix_tables(document)
        if unchanged is None and len(self._walk_changes_nothing) < 64:
            try:
                plain = etree.tostring(etree.fromstring(document, _STRICT))
                self._walk_changes_nothing[shape] = plain == etree.tostring(walked)
            except etree.XMLSyntaxError:
                self._walk_changes_nothing[shape] = False
        return walked


    def _table_shape(self, body: str, listing: bool) -> str:
        """The table tags of `body` in order (see `_fix_tables`). When the template's table markup
        is all outside its if/for blocks (`static_table_shape`), every render has the same: the
        first render's is checked against the scan of its body and then reused, which saves a scan
        of the whole document (a tenth of a render). resolve_listing rewrites the XML: scanned."""
        # Worked out at the first render in each process (False until then), so that however the
        # compiled template was made or loaded, a render never depends on an attribute set elsewhere
        static = getattr(self, "_static_shape", False)
        if static is None or listing:
            return "".join(_TABLE_SHAPE.findall(body))
        if static is False:
            static = static_table_shape(self._jinja)
            scanned = "".join(_TABLE_SHAPE.findall(body))
            self._static_shape = static if static == scanned else None
            return scanned
        return static


def compiled(template: bytes, environment, sample_context: Callable[[], dict],
             properties: Callable, *, now: bool = False) -> CompiledTemplate | None:
    """The compiled form of `template` (None when this path does not cover it), once per process.

    Compiling costs ~0.2 s (a reference render by docxtpl among it); one report costs docxtpl
    ~0.05 s. So the first report of a template in a process is docxtpl's (None), and the template
    is compiled for the second — a single `compile` never pays for it. `now`: compile at once (a
    batch, before its pool forks)."""
    key = hashlib.sha256(template).hexdigest()
    if key not in COMPILED and not now and key not in _RENDERED_ONCE:
        _RENDERED_ONCE.add(key)
        return None
    if key not in COMPILED:
        try:
            COMPILED[key] = CompiledTemplate(template, environment, sample_context(), properties)
        except Exception:  # not covered, or failing: docxtpl renders it and reports any problem
            COMPILED[key] = None
    return COMPILED[key]


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
