"""The report's content, built once for every output format: template variables by field id.

The Word report (`render.py`), the web page (`html.py`) and the charts (`charts.py`) all start from
here, so they cannot disagree. Nothing here knows a file format.
"""

from __future__ import annotations

from decimal import Decimal

from ..form import FORM, Kind
from ..form import messages as msg
from ..formatting import format_money, split_paragraphs
from ..submission import Submission

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
        total = "，由工具计算的总计" if f.derived and f.kind is Kind.COUNT else ""
        described[f.id] = f"{f.label}：{_TEMPLATE_TYPES[f.kind]}{total}"
    return described


# What `build_context` gives a template for each kind of field: the value's shape in a template,
# not the kind's name (that is `form.model.KIND_NAMES`).
_TEMPLATE_TYPES = {Kind.PROSE: "段落列表（用 {%p for paragraph in 变量 %}{{ paragraph }}{%p endfor %} 输出）",
                   Kind.MONEY: "金额文字（万元）", Kind.COUNT: "整数", Kind.TEXT: "文字", Kind.YEAR: "文字"}


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

