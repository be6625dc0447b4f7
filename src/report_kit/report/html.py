"""The report as a web page: one self-contained UTF-8 page, or the article body for a CMS.

Built from the same values as the Word report (`context.build_context`) and the same form spec:
section headings, sub-heads, table labels and merged cells all come from `report_kit.form`, so the
page and the .docx cannot disagree. Styles are inline (a CMS keeps inline styles when HTML is
pasted, and drops <style> blocks); the full page adds a <style> only for what inline styles cannot
say: the phone layout and printing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape

from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..form import FORM, Block, Field, Sheet
from ..form import form2021 as layout
from ..submission import Submission
from ..stamps import comment_stamp, owner_stamp
from .context import build_context
from .template_builder import PREAMBLE, TITLE_LINES

# The web page prints the title on one line (pages are as wide as the reader's screen).
TITLE = "".join(TITLE_LINES)

FONT_STACK = ('"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",'
              '"WenQuanYi Micro Hei",sans-serif')

# Inline styles by element role. Kept short: a CMS editor shows them to staff.
STYLE = {
    "article": f"max-width:50em;margin:0 auto;padding:0 1em 2em;font-family:{FONT_STACK};font-size:16px;"
               "line-height:1.8;color:#222;overflow-wrap:break-word;word-break:break-word",
    "h1": "font-size:1.5em;line-height:1.4;text-align:center;margin:1em 0;font-weight:bold",
    "h2": "font-size:1.15em;margin:1.2em 0 0.4em;font-weight:bold",
    "h3": "font-size:1em;margin:0.8em 0 0.2em;font-weight:bold",
    "p": "margin:0.3em 0;text-indent:2em",
    "scroll": "overflow-x:auto;-webkit-overflow-scrolling:touch;margin:0.5em 0 1.2em;max-width:100%",
    "table": "border-collapse:collapse;width:100%;font-size:14px;line-height:1.4",
    "caption": "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap",
    "th": "border:1px solid #555;padding:4px 5px;font-weight:normal;text-align:center;vertical-align:middle;"
          "background:#f2f2f2",
    "th-row": "border:1px solid #555;padding:4px 5px;font-weight:normal;text-align:left;vertical-align:middle",
    "th-band": "border:1px solid #555;padding:4px 5px;font-weight:bold;text-align:center;background:#e6e6e6",
    "td": "border:1px solid #555;padding:4px 5px;text-align:center;vertical-align:middle;white-space:nowrap",
}

# What inline styles cannot do: print without the scroll box, repeat table heads, keep rows whole.
PAGE_CSS = """
body{margin:0;background:#fff}
.scroll-hint{display:none;margin:0.3em 0 0;color:#666;font-size:13px}
@media (max-width:640px){.scroll-hint{display:block}}
@media print{
  @page{size:A4;margin:20mm 18mm}
  article{max-width:none!important;padding:0!important;font-size:12pt!important}
  .table-scroll{overflow:visible!important;break-inside:avoid;page-break-inside:avoid}
  .scroll-hint{display:none!important}
  table{min-width:0!important;font-size:8pt!important}
  thead{display:table-header-group}
  tr,th,td{break-inside:avoid;page-break-inside:avoid}
  h2,h3{break-after:avoid;page-break-after:avoid}
  svg{break-inside:avoid;page-break-inside:avoid}
}
"""

TABLE_SHEETS = layout.TABLE_SHEETS
SCROLL_HINT = "表格较宽，可左右滑动查看。"
# Wide tables keep a readable width and scroll sideways on a phone (em per spreadsheet width unit).
MIN_WIDTH_EM_PER_UNIT = 0.42


@dataclass(frozen=True)
class _Cell:
    row: int
    col: int
    rows: int
    cols: int
    block: Block | None = None
    field: Field | None = None


def _attrs(**attrs: object) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"')
    return "".join(parts)


def _span(value: int) -> int | None:
    return value if value > 1 else None


def _cells(sheet: Sheet) -> list[_Cell]:
    cells = [_Cell(b.row, b.col, b.rows, b.cols, block=b) for b in sheet.blocks if b.role != "title"]
    cells += [_Cell(f.row, f.col, 1, f.width, field=f) for f in FORM.fields if f.sheet == sheet.name]
    return cells


def _header_cell(cell: _Cell) -> str:
    block = cell.block
    text = escape(block.text)
    if block.role == "group":
        return f'<th{_attrs(colspan=_span(cell.cols), scope="colgroup", style=STYLE["th-band"])}>{text}</th>'
    if block.role == "label":
        scope = "rowgroup" if cell.rows > 1 else "row"
        return (f'<th{_attrs(rowspan=_span(cell.rows), colspan=_span(cell.cols), scope=scope, style=STYLE["th-row"])}>'
                f'{text}</th>')
    scope = "colgroup" if cell.cols > 1 else "col"
    return (f'<th{_attrs(rowspan=_span(cell.rows), colspan=_span(cell.cols), scope=scope, style=STYLE["th"])}>'
            f'{text}</th>')


def table_html(table: str, context: dict[str, object], hint: bool = True) -> str:
    """One official table ("t2", "t3", "t4") as an HTML table with the spec's merged structure.

    Every number cell carries `data-field` (its field id) so that the page can be read back exactly.
    """
    sheet = next(s for s in FORM.sheets if s.name == TABLE_SHEETS[table])
    cells = _cells(sheet)
    first = min(c.row for c in cells)
    last = max(c.row + c.rows - 1 for c in cells)
    ncols = len(sheet.column_widths)
    covered: set[tuple[int, int]] = set()
    by_row: dict[int, list[_Cell]] = {}
    for c in cells:
        by_row.setdefault(c.row, []).append(c)
        covered.update((r, k) for r in range(c.row, c.row + c.rows) for k in range(c.col, c.col + c.cols))
    field_rows = {c.row for c in cells if c.field}
    head_end = min(field_rows | {r for r in by_row if any(c.block and c.block.role == "label" for c in by_row[r])})

    total = sum(sheet.column_widths)
    cols = "".join(f'<col{_attrs(style=f"width:{w / total * 100:.1f}%")}>' for w in sheet.column_widths)
    min_width = f";min-width:{total * MIN_WIDTH_EM_PER_UNIT:.0f}em" if sheet.landscape else ""
    out = [f'<p class="scroll-hint">{SCROLL_HINT}</p>' if sheet.landscape and hint else "",
           f'<div class="table-scroll"{_attrs(style=STYLE["scroll"], role="region", tabindex=0, aria_label=layout.TABLE_TITLES[table])}>',
           f'<table{_attrs(style=STYLE["table"] + min_width, data_table=table)}>',
           f'<caption{_attrs(style=STYLE["caption"])}>{escape(layout.TABLE_TITLES[table])}</caption>',
           f"<colgroup>{cols}</colgroup>", "<thead>"]
    for r in range(first, last + 1):
        if r == head_end:
            out.append("</thead><tbody>")
        elif r > head_end and any(c.block and c.block.role == "group" for c in by_row.get(r, [])):
            out.append("</tbody><tbody>")  # table 二: each 第二十条 band opens its own body
        row = []
        anchors = {c.col: c for c in by_row.get(r, [])}
        for k in range(ncols):
            if k in anchors:
                c = anchors[k]
                if c.field:
                    value = escape(str(context[c.field.id]))
                    row.append(f'<td{_attrs(colspan=_span(c.cols), data_field=c.field.id, style=STYLE["td"])}>{value}</td>')
                else:
                    row.append(_header_cell(c))
            elif (r, k) not in covered:
                row.append(f'<td{_attrs(style=STYLE["td"])}></td>')  # keep the grid whole
        out.append(f"<tr>{''.join(row)}</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _render_text(template: str, context: dict[str, object]) -> str:
    environment = ImmutableSandboxedEnvironment(autoescape=True)
    return environment.from_string(template).render(context).replace("\n", "")


def title_text(context: dict[str, object]) -> str:
    """The report's title as plain text (the same words as the Word report's title)."""
    return ImmutableSandboxedEnvironment().from_string(TITLE).render(context).replace("\n", "")


def article_html(submission: Submission, context: dict[str, object] | None = None, fragment: bool = False,
                 charts: bool = False, previous: Submission | None = None) -> str:
    """The report's body: title, preamble, the six sections with prose and the three tables.

    A `fragment` (pasted into a CMS) leaves out the phone-only scroll hint, which needs the page's CSS.
    With `charts`, the 图解 (report.charts, against `previous` when given) follows the six sections."""
    context = context if context is not None else build_context(submission)
    p = STYLE["p"]
    out = [f'<article{_attrs(style=STYLE["article"], lang="zh-CN")}>',
           f'<h1{_attrs(style=STYLE["h1"])}>{_render_text(TITLE, context)}</h1>']
    out += [f'<p{_attrs(style=p)}>{_render_text(text, context)}</p>' for text in PREAMBLE]
    for index, (heading, content) in enumerate(layout.SECTIONS, start=1):
        out.append(f'<section{_attrs(id=f"s{index}")}><h2{_attrs(style=STYLE["h2"])}>{escape(heading)}</h2>')
        if isinstance(content, str):
            out.append(table_html(content, context, hint=not fragment))
        else:
            for field_id, subhead, _hint in content:
                if subhead:
                    out.append(f'<h3{_attrs(style=STYLE["h3"])}>{escape(subhead)}</h3>')
                out += [f'<p{_attrs(style=p, data_prose=field_id)}>{escape(paragraph)}</p>'
                        for paragraph in context[field_id]]
        out.append("</section>")
    if charts:
        from .charts import CHARTS_HEADING, chart_svg

        out.append(f'<section id="charts"><h2{_attrs(style=STYLE["h2"])}>{CHARTS_HEADING}</h2>'
                   f"{chart_svg(submission, previous)}</section>")
    out.append("</article>")
    return "\n".join(out)


def page_html(submission: Submission, fragment: bool = False, charts: bool = False,
              previous: Submission | None = None) -> str:
    """The whole page (or, with `fragment`, only the article for pasting into a CMS)."""
    context = build_context(submission)
    article = article_html(submission, context, fragment, charts, previous)
    stamp = escape(owner_stamp(submission), quote=True)
    if fragment:
        return f"<!-- {comment_stamp(owner_stamp(submission))} -->\n{article}\n"
    title = escape(title_text(context))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{stamp}">\n<title>{title}</title>\n'
        f"<style>{PAGE_CSS}</style>\n</head>\n<body>\n<main>\n{article}\n</main>\n</body>\n</html>\n")


def render_page(submission: Submission, options) -> bytes:
    """The whole page as the output table (`formats.OUTPUTS`) calls it."""
    return page_html(submission, charts=options.charts, previous=options.previous).encode("utf-8")


def render_fragment(submission: Submission, options) -> bytes:
    """The article for a CMS as the output table (`formats.OUTPUTS`) calls it."""
    return page_html(submission, fragment=True, charts=options.charts, previous=options.previous).encode("utf-8")


def file_owner(path) -> str | None:
    """The owner stamp at the head of an existing page or chart, or None (not ours, unreadable)."""
    try:
        with open(path, "rb") as handle:
            return html_owner(handle.read(4096))
    except OSError:
        return None


def html_owner(data: bytes) -> str | None:
    """The owner stamp of an existing page written by `page_html`, or None when it is not ours."""
    head = data[:4096].decode("utf-8", "replace")
    match = re.search(r'(?:content="|<!-- )(report-kit\|[^"<>]*?)(?:"| -->)', head)
    return unescape(match.group(1)) if match else None
