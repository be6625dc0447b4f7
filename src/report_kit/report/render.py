"""The Word report: merge the report context (`context.py`) into a .docx template (docxtpl)."""

from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from ..errors import TemplateError, UnusableInput
from ..form import messages as msg
from ..form.form2021 import REPORT_NAME
from ..stamps import TOOL, owner_stamp, read_stamp
from ..submission import Submission
from . import fast_docx
from .context import build_context, template_variables
from .sandbox import RenderBudgetExceeded, RenderFailed, ReportEnvironment, UnsafeTemplate

TEMPLATE_NAME = "政府信息公开工作年度报告模板.docx"


def default_template_path() -> Path:
    """The bundled template: inside the installed package, or templates/ of a source checkout."""
    bundled = resources.files("report_kit") / "templates" / TEMPLATE_NAME
    if bundled.is_file():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[3] / "templates" / TEMPLATE_NAME


@lru_cache(maxsize=1)
def _environment() -> ReportEnvironment:
    return ReportEnvironment()


@lru_cache(maxsize=8)
def _template_bytes(path: Path, mtime: float) -> bytes:
    return path.read_bytes()


def load_template(path: str | Path | None = None) -> bytes:
    """Read and check a template: it must be a .docx whose variables are all known.

    Raises TemplateError naming every unknown variable.
    """
    path = Path(path) if path else default_template_path()
    try:
        data = _template_bytes(path, path.stat().st_mtime)
    except OSError:
        raise UnusableInput(msg.TEMPLATE_NOT_FOUND.text(path=path)) from None
    try:
        used = _prepared(data).variables
    except UnsafeTemplate as error:
        raise TemplateError(msg.TEMPLATE_UNUSABLE.text(name=path.name, error=error)) from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(msg.TEMPLATE_SYNTAX.text(name=path.name, error=error.message)) from None
    except Exception:
        raise TemplateError(msg.TEMPLATE_NOT_DOCX.text(name=path.name)) from None
    unknown = sorted(used - set(template_variables()))
    if unknown:
        raise TemplateError(msg.TEMPLATE_UNKNOWN_VARIABLES.text(name=path.name, names="、".join(unknown)))
    return data


def _prepared(template: bytes) -> fast_docx.Prepared:
    """The template's variables and compiled form: made once per machine (report/template_cache.py)."""
    return fast_docx.prepared(template, _environment(), lambda: _variables(template), _sample_context,
                              lambda core: _properties(core, _SAMPLE, ""))


def _variables(template: bytes) -> set[str]:
    from docxtpl import DocxTemplate

    return DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables(_environment())


def render_report(submission: Submission, template: bytes | None = None, draft: str = "") -> bytes:
    """The finished report as .docx bytes. `template` comes from `load_template`.

    `draft`: a report not fit to publish (see `api.draft_note`): this line goes above
    everything in red, and its title says 草稿."""
    template = template if template is not None else load_template()
    if not draft:
        try:
            fast = _prepared(template).compiled()
            if fast is not None:
                return fast.render(build_context(submission), lambda core: _properties(core, submission, draft))
        except Exception:  # docxtpl renders it below, and reports any problem in its words
            pass
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template))
    try:
        document.render(build_context(submission, draft=bool(draft)), _environment(), autoescape=True)
    except (UnsafeTemplate, RenderBudgetExceeded, RenderFailed) as error:
        raise TemplateError(str(error)) from None
    except jinja2.TemplateError as error:
        raise TemplateError(msg.TEMPLATE_NOT_APPLIED.text(error=error)) from None
    if draft:
        _mark_draft(document.docx, draft)
    _properties(document.docx.core_properties, submission, draft)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def prepare(template: bytes | None = None) -> None:
    """Prepare `template` in this process now: called before a pool of workers forks, so that each
    worker inherits its compiled form. A template that fails is left for docxtpl to report."""
    try:
        _prepared(template if template is not None else load_template()).compiled(now=True)
    except Exception:
        pass


def render_docx(submission: Submission, options) -> bytes:
    """The Word report as the output table (`formats.OUTPUTS`) calls it; with `options.charts_page`
    the 图解 is its last page (a step after either render path; raises FontMissing when this
    machine has no Chinese font to draw it with)."""
    report = render_report(submission, options.template, draft=options.draft)
    if not options.charts_page:
        return report
    from .chart_png import draw_png  # Pillow: loaded only when the page is asked for
    from .charts import chart_figure
    from .docx_charts import add_charts_page

    figure = chart_figure(submission, options.previous, page=True)
    return add_charts_page(report, draw_png(figure), (figure.width, figure.height))


def _properties(properties, submission: Submission, draft: str) -> None:
    properties.title = ("（草稿）" if draft else "") + f"{submission.agency}{submission.year}年{REPORT_NAME}"
    properties.keywords = owner_stamp(submission)
    properties.author = TOOL


_SAMPLE = Submission(facts={"agency": "示例机关", "year": 2024})


def _sample_context() -> dict[str, object]:
    """A context for the fast path's one reference render (its values are never shown)."""
    return build_context(_SAMPLE)


def _mark_draft(document, note: str) -> None:
    """Put `note` above the first paragraph, bold and red, so nobody mistakes the draft for the report."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    mark = first.insert_paragraph_before()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.first_line_indent = 0
    run = mark.add_run(note)
    run.bold = True
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def report_owner(path: Path) -> str | None:
    """The owner stamp of an existing .docx, or None when it is not one of ours."""
    # core.xml directly: a batch re-run asks this of every existing report, and opening each with
    # python-docx cost a parse of the whole document
    return read_stamp(path, requires="word/document.xml")
