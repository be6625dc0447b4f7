"""Merge a Submission into a Word template (docxtpl) and produce the report."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import RGBColor
from docxtpl import DocxTemplate

from ..errors import TemplateError, UnusableInput
from ..form import FORM, Kind
from ..form import messages as msg
from . import fast_docx
from .owner import read_owner_stamp
from .sandbox import RenderBudgetExceeded, RenderFailed, ReportEnvironment, UnsafeTemplate
from ..submission import Submission
from ..values import format_money, split_paragraphs

TEMPLATE_NAME = "政府信息公开工作年度报告模板.docx"


def default_template_path() -> Path:
    """The bundled template: inside the installed package, or templates/ of a source checkout."""
    bundled = resources.files("report_kit") / "templates" / TEMPLATE_NAME
    if bundled.is_file():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[3] / "templates" / TEMPLATE_NAME


# 20 characters of 2号 type fill one line of the title; a longer agency breaks before its "（…）".
TITLE_AGENCY_CHARS = 20

# Variables computed for the layout, beside the form's fields.
LAYOUT_VARIABLES = {"title_agency": "标题第一行：机关名称（超过 20 字时在“（”前换行）：文字"}


def title_agency(agency: str) -> str:
    """The title's first line: the agency, broken before its "（…）" when too long for one line,
    where the words allow, never in the middle of a word."""
    if len(agency) <= TITLE_AGENCY_CHARS or "（" not in agency[1:]:
        return agency
    cut = agency.index("（", 1)
    return agency[:cut] + "\n" + agency[cut:]


def template_variables() -> dict[str, str]:
    """Every variable a template may use, with what it holds (for `report-kit template-vars`)."""
    described = dict(LAYOUT_VARIABLES)
    for f in FORM.fields:
        if f.kind is Kind.PROSE:
            kind = "段落列表（用 {%p for paragraph in 变量 %}{{ paragraph }}{%p endfor %} 输出）"
        elif f.kind is Kind.MONEY:
            kind = "金额文字（万元）"
        elif f.is_number:
            kind = "整数" + ("，由工具计算的总计" if f.derived else "")
        else:
            kind = "文字"
        described[f.id] = f"{f.label}：{kind}"
    return described


def build_context(submission: Submission, draft: bool = False) -> dict[str, object]:
    """Template variables by field id: numbers (money as text), facts, prose as paragraph lists.

    In a `draft` an unwritten section says so instead of leaving a silent gap."""
    computed = submission.computed()
    context: dict[str, object] = {}
    for f in FORM.fields:
        if f.kind is Kind.PROSE:
            context[f.id] = split_paragraphs(submission.prose.get(f.id, "")) or ([msg.DRAFT_EMPTY_SECTION] if draft else [])
        elif f.is_number:
            value = computed[f.id]
            context[f.id] = format_money(value) if isinstance(value, Decimal) else value
        else:
            value = submission.facts.get(f.id)
            context[f.id] = "" if value is None else value
    context["title_agency"] = title_agency(submission.agency)
    return context


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
        raise UnusableInput(f"找不到 Word 模板“{path}”。") from None
    try:
        template = DocxTemplate(io.BytesIO(data))
        used = template.get_undeclared_template_variables(_environment())
    except UnsafeTemplate as error:
        raise TemplateError(f"Word 模板“{path.name}”不能使用：{error}") from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"Word 模板“{path.name}”中有写错的标签（{error.message}）。常见原因：Word 把标签拆成了"
                            "几段，或把英文引号改成了中文引号。请重新输入整个标签。") from None
    except Exception:
        raise TemplateError(f"“{path.name}”不是可用的 Word 模板（.docx）。") from None
    unknown = sorted(used - set(template_variables()))
    if unknown:
        raise TemplateError(f"Word 模板“{path.name}”使用了不存在的变量：{'、'.join(unknown)}。"
                            "可用的变量见 `report-kit template-vars`。")
    return data


def render_report(submission: Submission, template: bytes | None = None, draft: str = "") -> bytes:
    """The finished report as .docx bytes. `template` comes from `load_template`.

    `draft`: a report not fit to publish (see `api.draft_note`): this line goes above
    everything in red, and its title says 草稿."""
    template = template if template is not None else load_template()
    fast = None if draft else fast_docx.compiled(template, _environment(), _sample_context,
                                                lambda core: _properties(core, submission, draft))
    if fast is not None:  # compiled once per process; any failure is docxtpl's to report below
        try:
            return fast.render(build_context(submission), lambda core: _properties(core, submission, draft))
        except Exception:
            pass
    document = DocxTemplate(io.BytesIO(template))
    try:
        document.render(build_context(submission, draft=bool(draft)), _environment(), autoescape=True)
    except (UnsafeTemplate, RenderBudgetExceeded, RenderFailed) as error:
        raise TemplateError(str(error)) from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"Word 模板无法套用：{error}。") from None
    if draft:
        _mark_draft(document.docx, draft)
    _properties(document.docx.core_properties, submission, draft)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _properties(properties, submission: Submission, draft: str) -> None:
    properties.title = ("（草稿）" if draft else "") + f"{submission.agency}{submission.year}年政府信息公开工作年度报告"
    properties.keywords = owner_stamp(submission)
    properties.author = "report-kit"


def _sample_context() -> dict[str, object]:
    """A context for the fast path's one reference render (its values are never shown)."""
    return build_context(Submission(facts={"agency": "示例机关", "year": 2024}))


def _mark_draft(document, note: str) -> None:
    """Put `note` above the first paragraph, bold and red, so nobody mistakes the draft for the report."""
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    mark = first.insert_paragraph_before()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.first_line_indent = 0
    run = mark.add_run(note)
    run.bold = True
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def owner_stamp(submission: Submission) -> str:
    """Recorded in a report's properties so a later run knows whose report a file is."""
    return f"report-kit|{submission.agency}|{submission.year}"


def report_owner(path: Path) -> str | None:
    """The owner stamp of an existing .docx, or None when it is not one of ours."""
    return read_owner_stamp(path)  # core.xml directly: no python-docx parse of the whole report
