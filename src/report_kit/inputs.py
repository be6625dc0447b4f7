"""Input formats: one table from a kind of file to its reader, and what can be done with it.

`load_submission`, folder discovery, `audit`, the round's annotated copies and the CLI all ask this
table; none of them looks at a suffix itself. A new input format is a reader module and one line in
`INPUTS`. Readers are imported when first used.

How a file's kind is found: a published report (PDF, web page, .docx) by its content, never by its
name; the others by suffix, a workbook being the default, because the workbook reader's opening says
exactly what an unusable file is ("是 Word 文档", "是旧版 .xls"…) — a JSON file or a renamed CSV
given for a workbook is told so there.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from .published.detect import detect_kind, zip_kind
from .submission import Submission


@dataclass(frozen=True)
class InputKind:
    """One kind of input file. `read` is "module:function": path -> Submission."""

    name: str
    label: str  # as users read it
    suffixes: frozenset[str]  # what a folder may hold of this kind (old formats too, to be reported)
    read: str
    annotatable: bool  # a marked-up copy can be written back to the sender
    # A published report: read only where one is expected (`import`, `audit`, `--previous`), so that
    # `check` of a PDF still says it is not a workbook.
    published: bool = False
    contents: frozenset[str] = frozenset()  # `detect_kind` results that mean this kind


INPUTS = {k.name: k for k in (
    InputKind("workbook", "填报表", frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods"}),
              "report_kit.workbook.reader:read_workbook", annotatable=True),
    InputKind("json", "JSON 数据文件", frozenset({".json"}), "report_kit.json_data:load_json", annotatable=False),
    InputKind("published", "已发布的报告", frozenset({".pdf", ".html", ".htm", ".shtml", ".docx", ".doc", ".wps", ".mht"}),
              "report_kit.inputs:read_published_submission", annotatable=False, published=True,
              contents=frozenset({"pdf", "html", "docx", "ole"})),
)}
DEFAULT = INPUTS["workbook"]


def suffixes(published: bool = False) -> frozenset[str]:
    """The suffixes a folder's files are picked by: returns (workbooks, JSON), or published reports."""
    return frozenset().union(*(k.suffixes for k in INPUTS.values() if k.published == published))


def content_kind(path: Path) -> str:
    """What `path` holds by its first bytes (see `published.detect`), "" when it cannot be read."""
    try:
        if not path.is_file():
            return ""
        with path.open("rb") as handle:  # never the whole file: it may be gigabytes (see workbook.opening)
            head = handle.read(4096)
        if head.startswith(b"PK"):  # a zip (.docx or .xlsx) is told apart by its member names
            return zip_kind(path)
        return detect_kind(head) if head else ""
    except OSError:
        return ""


def input_kind(path: str | Path, published: bool = False) -> InputKind:
    """The kind of input `path` is. With `published`, a published report is recognised (by content)."""
    path = Path(path)
    if published:
        content = content_kind(path)
        found = next((k for k in INPUTS.values() if k.published and content in k.contents), None)
        if found is not None:
            return found
    suffix = path.suffix.lower()
    return next((k for k in INPUTS.values() if not k.published and suffix in k.suffixes), DEFAULT)


def read(path: str | Path, published: bool = False) -> Submission:
    """Read `path` with the reader of its kind (see `input_kind`)."""
    module, _, name = input_kind(path, published).read.partition(":")
    return getattr(importlib.import_module(module), name)(Path(path))


def read_published_submission(path: Path) -> Submission:
    """A published report's values as `import` reads them (totals as printed, their places kept)."""
    from .published.reading import read_published

    return read_published(path).submission
