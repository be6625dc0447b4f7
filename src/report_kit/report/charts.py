"""图解: the year at a glance as one SVG, written directly (no plotting library to import or ship).

Key figures (new requests, carried in, completion rate, share granted in full or in part, 行政复议 and
行政诉讼 with their 纠错 results) and two bar charts: applicants by type and results by group. Every
number drawn is a table value (or a ratio of table values) and says which: `data-fields` on each
number names the field ids summed, `data-ratio` the ids of a ratio's numerator and denominator, so a
test can recompute every number the chart shows. Chinese text renders through a font stack: the
viewer's own CJK font is used, nothing is embedded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from ..form import form2021 as layout
from ..submission import Submission
from ..stamps import comment_stamp, owner_stamp
from .draft import RESULT_GROUPS, short_label

FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif"
WIDTH = 480
PAGE_WIDTH = 680  # the layout of the Word report's 图解 page
CHARTS_HEADING = "图解"
INK, MUTED, ACCENT, TRACK, LAST = "#222", "#666", "#1f5fa8", "#e8eef6", "#9aa7b8"


def _t3(row: str, col: str = "total") -> str:
    return layout.t3_id(row, col)


def _ids(*ids: str) -> str:
    return "+".join(ids)


def _pct(part: int, whole: int) -> str:
    if not whole:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
    return f"{value.normalize():f}%" if value == value.to_integral_value() else f"{value}%"


def key_figures(values: dict) -> list[tuple[str, str, dict[str, str], tuple[str, str]]]:
    """(label, number shown, data attributes naming its fields, (note, the note's fields)) per tile."""
    new, carried_in = _t3("new"), _t3("carried_in")
    handled = _t3("handled_total")
    granted = (_t3("granted"), _t3("partial"))
    review = "t4_review_total"
    suits = ("t4_suit_direct_total", "t4_suit_after_review_total")
    review_fixed = "t4_review_corrected"
    suits_fixed = ("t4_suit_direct_corrected", "t4_suit_after_review_corrected")
    granted_labels = "、".join(short_label(label) for key, label, _g, _p in layout.T3_ROWS if key in ("granted", "partial"))
    fixed = _result_label("corrected")
    return [
        ("本年新收申请", f"{values[new]}件", {"data-fields": new}, ("", "")),
        ("上年结转申请", f"{values[carried_in]}件", {"data-fields": carried_in}, ("", "")),
        ("办结率", _pct(values[handled], values[new] + values[carried_in]),
         {"data-ratio": f"{handled}/{_ids(new, carried_in)}"}, (f"办结{values[handled]}件", handled)),
        (f"{granted_labels}占比", _pct(sum(values[i] for i in granted), values[handled]),
         {"data-ratio": f"{_ids(*granted)}/{handled}"}, ("", "")),
        (layout.T4_REVIEW, f"{values[review]}件", {"data-fields": review},
         (f"其中{fixed}{values[review_fixed]}件", review_fixed)),
        (layout.T4_SUIT, f"{sum(values[i] for i in suits)}件", {"data-fields": _ids(*suits)},
         (f"其中{fixed}{sum(values[i] for i in suits_fixed)}件", _ids(*suits_fixed))),
    ]


def _result_label(key: str) -> str:
    return dict(layout.T4_RESULTS)[key]


def applicant_bars(values: dict) -> list[tuple[str, int, str]]:
    """Applicants by type (本年新收, by column): (label, count, field id)."""
    return [(label, values[_t3("new", key)], _t3("new", key)) for key, label in layout.T3_COLUMNS[:-1]]


def result_bars(values: dict) -> list[tuple[str, int, str]]:
    """Results by group, (一) to (六) of table 三: (label, count, field ids summed)."""
    return [(name, sum(values[_t3(k)] for k in keys), _ids(*(_t3(k) for k in keys))) for name, keys in RESULT_GROUPS]


@dataclass(frozen=True)
class Text:
    """A text drawn at (x, y), y its baseline; `attrs` names the fields a number comes from."""

    x: float
    y: float
    text: str
    size: int = 14
    fill: str = INK
    anchor: str = "start"  # start, middle or end, as SVG's text-anchor
    weight: str = "normal"
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rect:
    """A filled rectangle, `rx` its corner radius."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    rx: float = 0


@dataclass(frozen=True)
class Figure:
    """The 图解 laid out once, in chart units (WIDTH wide): the SVG writes it, the PNG draws it."""

    title: str
    width: int
    height: int
    shapes: tuple[Text | Rect, ...]

    @property
    def texts(self) -> list[Text]:
        """Every text, in drawing order (what tests compare with the tables)."""
        return [s for s in self.shapes if isinstance(s, Text)]


def _bars(top: float, title: str, bars: list[tuple[str, int, str]], left: float = 0, width: float = WIDTH,
          label_w: float = 150, title_size: int = 16) -> tuple[list, float]:
    """A bar chart in the band from `left`, `width` wide (the whole chart, or one of two columns)."""
    out: list = [Text(left + 16, top + 20, title, title_size, weight="bold")]
    y = top + 40
    label_w, right = left + label_w, left + width - 56
    peak = max([n for _l, n, _f in bars] + [1])
    for label, n, fields in bars:
        out.append(Text(label_w - 8, y + 15, label, 13, MUTED, "end"))
        out.append(Rect(label_w, y + 2, right - label_w, 18, TRACK))
        if n:
            out.append(Rect(label_w, y + 2, (right - label_w) * n / peak, 18, ACCENT))
        out.append(Text(right + 6, y + 16, str(n), 13, INK, attrs={"data-fields": fields}))
        y += 26
    return out, y + 8


def comparison_items(values: dict, last: dict) -> list[tuple[str, int, int, str]]:
    """This year against last: (label, this year, last year, field ids summed)."""
    heads = {key: label for key, label, _g, _p in layout.T3_ROWS}
    suits = _ids("t4_suit_direct_total", "t4_suit_after_review_total")
    items = [("新收申请", _t3("new")), ("办结", _t3("handled_total")), (short_label(heads["granted"]), _t3("granted")),
             (short_label(heads["partial"]), _t3("partial")), (layout.T4_REVIEW, "t4_review_total"), (layout.T4_SUIT, suits)]
    return [(label, sum(values[i] for i in ids.split("+")), sum(last[i] for i in ids.split("+")), ids)
            for label, ids in items]


def _comparison(top: float, year: int | None, items: list[tuple[str, int, int, str]],
                width: float = WIDTH) -> tuple[list, float]:
    this_name = f"{year}年" if year else "本年"
    last_name = f"{year - 1}年" if year else "上年"
    legend = {"data-role": "legend"}
    out: list = [Text(16, top + 20, "与上年对比", 16, weight="bold"),
                 Rect(width - 200, top + 8, 12, 12, ACCENT),
                 Text(width - 184, top + 19, this_name, 12, MUTED, attrs=legend),
                 Rect(width - 110, top + 8, 12, 12, LAST),
                 Text(width - 94, top + 19, last_name, 12, MUTED, attrs=legend)]
    y = top + 38
    label_w, right = 150, width - 56
    peak = max([max(a, b) for _l, a, b, _f in items] + [1])
    for label, now, then, fields in items:
        out.append(Text(label_w - 8, y + 20, label, 13, MUTED, "end"))
        for offset, n, colour, attrs in ((0, now, ACCENT, {"data-fields": fields}),
                                         (16, then, LAST, {"data-fields": fields, "data-year": "previous"})):
            if n:
                out.append(Rect(label_w, y + 2 + offset, (right - label_w) * n / peak, 14, colour))
            out.append(Text(right + 6, y + 14 + offset, str(n), 12, INK, attrs=attrs))
        y += 40
    return out, y + 4


def chart_figure(submission: Submission, previous: Submission | None = None, page: bool = False) -> Figure:
    """The 图解 laid out: key figures, applicants by type, results by group and, with `previous`
    (last year's data of the same agency), this year against last.

    One column, WIDTH wide, for a screen (a phone too); with `page`, PAGE_WIDTH wide, three key
    figures a row and the two bar charts side by side: the proportions of an A4 text block, where
    the one-column chart would have to shrink to fit the page's height."""
    width = PAGE_WIDTH if page else WIDTH
    per_row = 3 if page else 2
    values = submission.computed()
    subtitle = f"{submission.year or ''}年{layout.REPORT_NAME}图解"
    # Two lines, the agency's name shrunk to fit: a long name must not run off the chart.
    name_size = min(18, int((width - 32) / max(len(submission.agency), 1)))
    heading = {"data-role": "title"}
    out: list = [Text(width / 2, 30, submission.agency, name_size, anchor="middle", weight="bold", attrs=heading),
                 Text(width / 2, 54, subtitle, 16, anchor="middle", weight="bold", attrs=heading)]
    y = 72
    tile_w, tile_h = (width - 16 * (per_row + 1)) / per_row, 78
    tiles = key_figures(values)
    for i, (label, shown, attrs, (note, note_fields)) in enumerate(tiles):
        x = 16 + (i % per_row) * (tile_w + 16)
        ty = y + (i // per_row) * (tile_h + 12)
        out.append(Rect(round(x), ty, round(tile_w), tile_h, TRACK, rx=6))
        out.append(Text(x + 12, ty + 24, label, 13, MUTED))
        out.append(Text(x + 12, ty + 56, shown, 24, ACCENT, weight="bold", attrs=attrs))
        if note:
            out.append(Text(x + tile_w - 12, ty + 56, note, 12, MUTED, "end", attrs={"data-fields": note_fields}))
    y += -(-len(tiles) // per_row) * (tile_h + 12) + 8
    heads = {key: label for key, label, _g, _p in layout.T3_ROWS}
    applicants_title = f"{layout.T3_APPLICANTS_LABEL}（{short_label(heads['new'])}）"
    if page:
        half = width / 2
        # 14: the applicants' title (22 characters) must end before the second column begins
        applicants, low = _bars(y, applicants_title, applicant_bars(values), 0, half, 110, 14)
        results, y = _bars(y, short_label(layout.T3_RESULTS_LABEL), result_bars(values), half, half, 110, 14)
        y = max(y, low)
    else:
        applicants, y = _bars(y, applicants_title, applicant_bars(values))
        results, y = _bars(y, short_label(layout.T3_RESULTS_LABEL), result_bars(values))
    out += applicants + results
    if previous is not None:
        compared, y = _comparison(y, submission.year, comparison_items(values, previous.computed()), width)
        out += compared
    return Figure(submission.agency + subtitle, width, int(y + 8), tuple(out))


def _svg_shape(shape: Text | Rect) -> str:
    if isinstance(shape, Rect):
        corner = f' rx="{shape.rx:g}"' if shape.rx else ""
        return (f'<rect x="{shape.x:g}" y="{shape.y:g}" width="{_num(shape.width)}" height="{shape.height:g}"'
                f'{corner} fill="{shape.fill}"/>')
    extra = "".join(f' {k}="{escape(v, quote=True)}"' for k, v in shape.attrs.items())
    return (f'<text x="{shape.x:.0f}" y="{shape.y:.0f}" font-size="{shape.size}" fill="{shape.fill}" '
            f'text-anchor="{shape.anchor}" font-weight="{shape.weight}"{extra}>{escape(shape.text)}</text>')


def _num(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def chart_svg(submission: Submission, previous: Submission | None = None) -> str:
    """The 图解 as one SVG document (scales to its container: viewBox, width 100%).

    With `previous` (last year's data of the same agency) a this-year-against-last chart is added."""
    figure = chart_figure(submission, previous)
    width, height = figure.width, figure.height
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'style="max-width:{width * 1.5:.0f}px;height:auto" font-family="{FONT}" role="img" '
            f'aria-label="{escape(figure.title, quote=True)}">\n<title>{escape(figure.title)}</title>\n'
            f'<rect width="{width}" height="{height}" fill="#fff"/>\n'
            + "\n".join(_svg_shape(s) for s in figure.shapes) + "\n</svg>\n")


def render_svg(submission: Submission, options) -> bytes:
    """The 图解 as the output table (`formats.OUTPUTS`) calls it: stamped with whose report it is."""
    svg = f"<!-- {comment_stamp(owner_stamp(submission))} -->\n" + chart_svg(submission, options.previous)
    return svg.encode("utf-8")


def texts(svg: str) -> list[tuple[dict[str, str], str]]:
    """Every text of a chart with its attributes (what tests compare with the tables)."""
    import re
    from html import unescape

    return [(dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1))), unescape(m.group(2)))
            for m in re.finditer(r"<text ([^>]*)>([^<]*)</text>", svg)]
