"""Write the locked workbook from the spec (xlsxwriter), then lock its structure."""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter

from .. import __version__
from ..form import FORM, Field, Kind, Sheet, SumRule, column_letter
from ..form import form2021 as layout
from ..form import messages as msg
from ..printing import A4, RowSizer, page_setup
from ..submission import Submission
from .guide import guide_lines
from .live_draft import write_live_draft
from .protect import lock_structure
from ..defaults import DEFAULT_PASSWORD  # noqa: F401  (re-exported)


_COUNT_VALIDATION = {
    "validate": "integer", "criteria": ">=", "value": 0,
    "input_title": msg.COUNT_PROMPT_TITLE, "input_message": msg.COUNT_PROMPT,
    "error_title": msg.COUNT_REFUSED_TITLE, "error_message": msg.COUNT_REFUSED,
}
_MONEY_VALIDATION = {
    "validate": "decimal", "criteria": ">=", "value": 0,
    "input_title": msg.MONEY_PROMPT_TITLE, "input_message": msg.MONEY_PROMPT,
    "error_title": msg.MONEY_REFUSED_TITLE, "error_message": msg.MONEY_REFUSED,
}
_YEAR_VALIDATION = {
    "validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100,
    "error_title": msg.YEAR_REFUSED_TITLE, "error_message": msg.YEAR_REFUSED,
}


@dataclass(frozen=True)
class Appendix:
    """An extra, read-only sheet after the form's own (e.g. the 汇总's per-department breakdown).
    Cells are written as they are: numbers as numbers, everything else as text."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    widths: tuple[int, ...] = ()


def build_workbook(prefill: Submission, *, password: str = DEFAULT_PASSWORD,
                   locked_fields: frozenset[str] = frozenset(), appendix: tuple[Appendix, ...] = (),
                   aggregated_from: int = 0) -> bytes:
    """Return the bytes of a workbook pre-filled with `prefill`.

    `prefill.facts` must hold `year`; `agency` when given is locked, as is every id in
    `locked_fields` (e.g. carried-in values taken from last year's report). `appendix` sheets
    follow the checks sheet. A 汇总 records how many returns it sums (`aggregated_from`) in its
    meta sheet and says so in its guide.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    styles = _Styles(book)
    locked = set(locked_fields) | {"year"} | ({"agency"} if prefill.agency else set())
    computed = prefill.computed()

    guide = book.add_worksheet(layout.SHEET_GUIDE)
    carried_in_locked = set(FORM.carried_forward) <= locked
    _write_guide(guide, styles, prefill, carried_in_locked, aggregated_from)
    for sheet in FORM.sheets:
        ws = book.add_worksheet(sheet.name)
        rows = RowSizer(sheet.column_widths)
        _write_layout(ws, styles, sheet, rows)
        for f in (f for f in FORM.fields if f.sheet == sheet.name):
            _write_field(ws, styles, f, prefill, computed, f.id in locked, rows)
        write_live_draft(ws, styles, sheet, prefill)
        # every row gets its height, so a LibreOffice save (which re-measures rows without one) keeps the page
        rows.apply(ws, sheet.row_heights)
        page_setup(ws, landscape=sheet.landscape, one_page=sheet.one_page)
        _validate_inputs(ws, sheet)
        _highlight_failures(ws, styles, sheet)
    checks = book.add_worksheet(layout.SHEET_CHECKS)
    _write_checks(checks, styles, computed)
    for extra in appendix:
        _write_appendix(book.add_worksheet(extra.name), styles, extra)
    meta = book.add_worksheet(layout.SHEET_META)
    _write_meta(meta, prefill, aggregated_from)
    meta.hide()

    for f in FORM.fields:
        book.define_name(f.id, f"='{f.sheet}'!${column_letter(f.col)}${f.row + 1}")
    for ws in book.worksheets():
        ws.protect(password, {"format_columns": True, "format_rows": True})
        ws.set_paper(A4)
    guide.activate()
    book.close()
    return lock_structure(buffer.getvalue(), password)


class _Styles:
    """The few looks the workbook uses; inputs are the only unlocked formats."""

    def __init__(self, book: xlsxwriter.Workbook):
        base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter", "text_wrap": True}
        boxed = {**base, "border": 1}

        def fmt(start: dict, **props):
            return book.add_format({**start, **props})

        self.title = fmt(base, bold=True, font_size=14, align="center")
        self.header = fmt(boxed, bold=True, align="center", bg_color="#D9D9D9")
        self.group = fmt(boxed, bold=True, align="left", bg_color="#EDEDED")
        self.label = fmt(boxed, align="left")
        self.note = fmt(base, font_color="#595959", align="left")
        self.head = fmt(base, bold=True, font_size=12)
        self.caption = book.add_format({"font_name": "宋体", "font_size": 12, "bold": True})  # runs on, unwrapped
        self.text = fmt(base, align="left")
        self.count = fmt(boxed, locked=False, num_format="0", bg_color="#FFF2CC", align="center")
        self.money = fmt(boxed, locked=False, num_format="General", bg_color="#FFF2CC", align="center")
        self.text_input = fmt(boxed, locked=False, bg_color="#FFF2CC", align="left", valign="top")
        self.fixed = fmt(boxed, align="left", bg_color="#F2F2F2")
        self.fixed_number = fmt(boxed, num_format="0", align="center", bg_color="#F2F2F2")
        self.fixed_money = fmt(boxed, num_format="General", align="center", bg_color="#F2F2F2")
        self.total = fmt(boxed, bold=True, num_format="0", align="center", bg_color="#DDEBF7")
        self.fail = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True})
        self.ok = book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})

    def block(self, role: str):
        return {"title": self.title, "header": self.header, "group": self.group,
                "label": self.label, "note": self.note}[role]


_SIZES = {"title": 14}  # font size by block role; 11 otherwise


def _write_layout(ws, styles: _Styles, sheet: Sheet, rows: RowSizer) -> None:
    for col, width in enumerate(sheet.column_widths):
        ws.set_column(col, col, width)
    for b in sheet.blocks:
        fmt = styles.block(b.role)
        if b.rows > 1 or b.cols > 1:
            ws.merge_range(b.row, b.col, b.row + b.rows - 1, b.col + b.cols - 1, "", fmt)
        ws.write_string(b.row, b.col, b.text, fmt)
        rows.add(b.row, b.col, b.text, cols=b.cols, rows=b.rows, font_size=_SIZES.get(b.role, 11))


def _write_field(ws, styles: _Styles, f: Field, prefill: Submission, computed: dict, locked: bool,
                 rows: RowSizer) -> None:
    rows.add(f.row, f.col, "" if f.is_number else _text_of(f, prefill), cols=f.width)
    if f.derived:
        formula = "=SUM(" + ",".join(FORM.field(t).cell for t in f.terms) + ")"
        ws.write_formula(f.row, f.col, formula, styles.total, computed[f.id])
        return
    if f.is_number:
        value = computed[f.id]
        if f.kind is Kind.MONEY:
            fmt = styles.fixed_money if locked else styles.money
        else:
            fmt = styles.fixed_number if locked else styles.count
        if f.width > 1:
            ws.merge_range(f.row, f.col, f.row, f.col + f.width - 1, "", fmt)
        ws.write_number(f.row, f.col, float(value) if isinstance(value, Decimal) else value, fmt)
        return
    value = _value_of(f, prefill)
    fmt = styles.fixed if locked else styles.text_input
    if f.kind is Kind.YEAR and isinstance(value, int):
        ws.write_number(f.row, f.col, value, fmt)
    else:
        # write_string: a name like "=HYPERLINK(...)" or "+1" must stay text
        ws.write_string(f.row, f.col, str(value or ""), fmt)


def _value_of(f: Field, prefill: Submission):
    return (prefill.prose if f.kind is Kind.PROSE else prefill.facts).get(f.id, "")


def _text_of(f: Field, prefill: Submission) -> str:
    return str(_value_of(f, prefill) or "")


def _validate_inputs(ws, sheet: Sheet) -> None:
    inputs = [f for f in FORM.fields if f.sheet == sheet.name and not f.derived]
    by_rule: dict[str, list[str]] = {}
    for f in inputs:
        if f.kind in (Kind.COUNT, Kind.MONEY, Kind.YEAR):
            by_rule.setdefault(f.kind.value, []).append(f.cell)
        else:
            ws.data_validation(f.cell, {"validate": "any", "input_title": f.row_label[:32],
                                        "input_message": f.hint[:255]})
    options = {"count": _COUNT_VALIDATION, "money": _MONEY_VALIDATION, "year": _YEAR_VALIDATION}
    for kind, cells in by_rule.items():
        ws.data_validation(cells[0], {**options[kind], "multi_range": " ".join(cells)})


def _rules_on(sheet: Sheet) -> list[SumRule]:
    return [r for r in FORM.sum_rules if FORM.field(r.left[0]).sheet == sheet.name]


def _sum_expr(ids, sheet_prefix: str = "") -> str:
    return "+".join(f"{sheet_prefix}${column_letter(FORM.field(i).col)}${FORM.field(i).row + 1}" for i in ids)


def _highlight_failures(ws, styles: _Styles, sheet: Sheet) -> None:
    """Cells of a rule that does not hold turn red, live, on the table itself."""
    for rule in _rules_on(sheet):
        if rule.code != "R1":  # R2–R4 totals are formulas; they fail only when typed over
            continue
        cells = [FORM.field(i).cell for i in rule.left + rule.right]
        ws.conditional_format(cells[0], {
            "type": "formula", "criteria": f"=({_sum_expr(rule.left)})<>({_sum_expr(rule.right)})",
            "format": styles.fail, "multi_range": " ".join(cells)})


def _write_checks(ws, styles: _Styles, computed: dict) -> None:
    headers = ("规则", "检查内容", "左边", "右边", "差额", "结果")
    widths = (6, 62, 9, 9, 9, 7)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    sizer = RowSizer(widths)
    first = 3
    last = first + len(FORM.sum_rules) - 1
    ws.merge_range(0, 0, 0, 5, "", styles.title)
    title = "勾稽关系校验（随填写自动更新；报送后以汇总单位的检查为准）"
    ws.write_string(0, 0, title, styles.title)
    sizer.add(0, 0, title, cols=len(widths), font_size=_SIZES["title"])
    sizer.add(1, 0, "", cols=len(widths))
    ws.merge_range(1, 0, 1, 5, "", styles.label)
    status = (f'=IF(COUNTIF(F{first + 1}:F{last + 1},"✗")=0,"✓ 全部勾稽关系成立",'
              f'"✗ 有"&COUNTIF(F{first + 1}:F{last + 1},"✗")&"项不成立，请核对红色的行")')
    failing = sum(1 for r in FORM.sum_rules if _side(r.left, computed) != _side(r.right, computed))
    ws.write_formula(1, 0, status, styles.label,
                     "✓ 全部勾稽关系成立" if not failing else f"✗ 有{failing}项不成立，请核对红色的行")
    for col, text in enumerate(headers):
        ws.write_string(2, col, text, styles.header)
    for i, rule in enumerate(FORM.sum_rules):
        row = first + i
        sheet = FORM.field(rule.left[0]).sheet
        left, right = _side(rule.left, computed), _side(rule.right, computed)
        ws.write_string(row, 0, rule.code, styles.label)
        ws.write_string(row, 1, rule.title, styles.label)
        sizer.add(row, 1, rule.title)
        ws.write_formula(row, 2, "=" + _sum_expr(rule.left, f"'{sheet}'!"), styles.fixed_number, left)
        ws.write_formula(row, 3, "=" + _sum_expr(rule.right, f"'{sheet}'!"), styles.fixed_number, right)
        ws.write_formula(row, 4, f"=C{row + 1}-D{row + 1}", styles.fixed_number, left - right)
        ws.write_formula(row, 5, f'=IF(E{row + 1}=0,"✓","✗")', styles.header, "✓" if left == right else "✗")
    rows = f"A{first + 1}:F{last + 1}"
    ws.conditional_format(rows, {"type": "formula", "criteria": f'=$F{first + 1}="✗"', "format": styles.fail})
    ws.conditional_format("A2", {"type": "formula", "criteria": '=LEFT($A$2,1)="✗"', "format": styles.fail})
    ws.conditional_format("A2", {"type": "formula", "criteria": '=LEFT($A$2,1)="✓"', "format": styles.ok})
    sizer.add(2, 0, "")
    sizer.apply(ws)
    page_setup(ws, landscape=True, repeat_rows=(2, 2))


def _side(ids, computed: dict):
    return sum(computed[i] for i in ids)


# One column no wider than a portrait page: LibreOffice never shrinks a page to fit a single
# column wider than the page (it cuts it off at both edges), and where Calibri is missing it
# draws a column unit as 7 pt, a third wider than Excel does.
_GUIDE_WIDTH = 72


def _write_guide(ws, styles: _Styles, prefill: Submission, carried_in_locked: bool, aggregated_from: int) -> None:
    ws.set_column(0, 0, _GUIDE_WIDTH)
    rows = RowSizer((_GUIDE_WIDTH,))
    style = {"title": styles.title, "head": styles.head, "text": styles.text}
    lines = guide_lines(prefill.agency, prefill.year, carried_in_locked, aggregated_from)
    for row, (kind, text) in enumerate(lines):
        ws.write_string(row, 0, text, style[kind])
        rows.add(row, 0, text, font_size={"title": 14, "head": 12}.get(kind, 11))
    rows.apply(ws)
    # One sheet of paper: a line or two over a page (a long agency, a 汇总's extra lines) shrinks slightly
    # rather than leaving a second page with two lines on it.
    page_setup(ws, one_page=True)


_WIDEST_FITTED = 200  # column units an appendix may have and still be shrunk to one landscape page width


def _write_appendix(ws, styles: _Styles, appendix: Appendix) -> None:
    for col, width in enumerate(appendix.widths):
        ws.set_column(col, col, width)
    rows = RowSizer(appendix.widths)
    ws.write_string(0, 0, appendix.title, styles.caption)
    rows.add(0, 0, appendix.title, font_size=12, wrap=False)
    for col, text in enumerate(appendix.headers):
        ws.write_string(2, col, text, styles.header)
        rows.add(2, col, text)
    for r, row in enumerate(appendix.rows, start=3):
        for col, value in enumerate(row):
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                ws.write_number(r, col, float(value) if isinstance(value, Decimal) else value, styles.fixed_money)
                rows.add(r, col, "")
            else:
                ws.write_string(r, col, "" if value is None else str(value), styles.fixed)
                rows.add(r, col, "" if value is None else str(value))
    rows.apply(ws)
    keys = min(2, len(appendix.headers))
    ws.freeze_panes(3, keys)
    # A wide table (many departments) goes on across pages with its label columns repeated,
    # rather than shrunk to one unreadable page width.
    wide = sum(appendix.widths) > _WIDEST_FITTED
    page_setup(ws, landscape=True, repeat_rows=(2, 2), repeat_columns=(0, keys - 1) if wide else None,
               fit_width=not wide)


def _write_meta(ws, prefill: Submission, aggregated_from: int) -> None:
    ws.set_column(0, 1, 30)
    for row, (key, value) in enumerate(meta_entries(prefill, aggregated_from)):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, value)


def meta_entries(prefill: Submission, aggregated_from: int = 0) -> list[tuple[str, str]]:
    """What the hidden _meta sheet records: (key, value), checked by the reader when it comes back."""
    summary = [(layout.META_SUMMARY_OF, str(aggregated_from))] if aggregated_from else []
    return [
        (layout.META_FORM_ID, FORM.form_id),
        (layout.META_EDITION, FORM.edition),
        (layout.META_TEMPLATE_VERSION, str(FORM.template_version)),
        (layout.META_FINGERPRINT, FORM.fingerprint),
        (layout.META_GENERATOR, f"report-kit {__version__}"),
        (layout.META_CREATED, _dt.date.today().isoformat()),
        (layout.META_AGENCY, prefill.agency),
        (layout.META_YEAR, str(prefill.year)),
    ] + _baseline_entries(prefill) + summary


def _baseline_entries(prefill: Submission) -> list[tuple[str, str]]:
    """Last year's values the cross-year rules need, when the workbook was made with them."""
    if not prefill.baseline:
        return []
    entries = [(layout.META_BASELINE_YEAR, str(prefill.baseline_year or ""))]
    for field_id in FORM.baseline_fields:
        value = prefill.baseline.get(field_id, 0)
        entries.append((layout.META_BASELINE_PREFIX + field_id, str(value)))
    return entries
