"""Output formats: one table from a format to its renderer, the file it makes and its owner stamp.

Every renderer starts from the same report context (`context.py`) and returns bytes; the table says
which suffix the file takes and how an existing file tells whose report it is (so a later run
replaces only its own). A new output format is a renderer module beside `context.py` and one line
in `OUTPUTS`. Renderers are imported when first used: a plain `check` never loads docxtpl.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from ..submission import Submission


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may use beside the submission; each takes what it needs."""

    template: bytes | None = None  # the Word template (`render.load_template`); None: the default
    draft: str = ""  # the draft mark of a report not fit to publish ("" when it is)
    previous: Submission | None = None  # last year's data, for the charts' comparison
    charts: bool = False  # the web page: put the charts in
    charts_page: bool = False  # the Word report: the charts as its last page


@dataclass(frozen=True)
class Rendered:
    """A rendered report: its bytes, the format's name and the suffix its file takes."""

    data: bytes
    format: str
    suffix: str


@dataclass(frozen=True)
class OutputFormat:
    """One output format. `render` and `owner` are "module:function": render(submission, options)
    -> bytes; owner(path) -> the owner stamp of an existing file of this format, or None.
    A file is named like the report, `tail` added to its stem ("…年度报告-某局（图解）.svg")."""

    name: str
    label: str  # as users read it
    suffix: str
    render: str
    owner: str
    tail: str = ""


OUTPUTS = {f.name: f for f in (
    OutputFormat("docx", "Word 报告", ".docx", "report_kit.report.render:render_docx",
                 "report_kit.report.render:report_owner"),
    OutputFormat("html", "网页", ".html", "report_kit.report.html:render_page", "report_kit.report.html:file_owner"),
    OutputFormat("fragment", "网页正文片段", ".html", "report_kit.report.html:render_fragment",
                 "report_kit.report.html:file_owner", tail="（正文片段）"),
    OutputFormat("charts", "图解", ".svg", "report_kit.report.charts:render_svg", "report_kit.report.html:file_owner",
                 tail="（图解）"),
    OutputFormat("charts_png", "图解图片", ".png", "report_kit.report.chart_png:render_png",
                 "report_kit.report.chart_png:file_owner", tail="（图解）"),
)}


def _function(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def render(name: str, submission: Submission, options: RenderOptions = RenderOptions()) -> Rendered:
    """`submission` rendered as output format `name` (a key of `OUTPUTS`)."""
    output = OUTPUTS[name]
    return Rendered(_function(output.render)(submission, options), output.name, output.suffix)


def file_name(stem: str, name: str) -> str:
    """The file name of output `name` for a report whose file stem is `stem`."""
    output = OUTPUTS[name]
    return stem + output.tail + output.suffix


def owner(path: Path, name: str) -> str | None:
    """The owner stamp of the existing file `path` of output format `name`, or None when it is
    not one this tool wrote (or cannot be read)."""
    return _function(OUTPUTS[name].owner)(path)
