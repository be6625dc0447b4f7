"""The form as it is printed in published reports: labels to match, their accepted variants,
and how messages name a place in one (the sentences themselves are in `messages`).

Published reports (PDF, web pages, .docx) carry no cell names: every number is placed by the row and
column labels printed beside it. The labels come from the form spec; this module adds only what
real reports print differently.
"""

from __future__ import annotations

from .form2021 import (SECTIONS, SHEET_T2, SHEET_T3, SHEET_T4, T2_CONTENT_LABEL, T3_APPLICANTS_LABEL, T3_COLUMNS,
                       T3_ORGS_LABEL, T3_RESULTS_LABEL, T3_ROWS, T4_RESULTS, T4_SUIT)
from .model import LABEL_PARTS, Field

TABLE_NAMES = {"t2": SHEET_T2, "t3": SHEET_T3, "t4": SHEET_T4}  # printed as the workbook names its sheets

# Row labels real reports print instead of the official one (label drift, the 2019 form).
# Keyed by field row: (table, row key) -> variants as printed.
ROW_VARIANTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("t2", "行政规范性文件"): ("规范性文件",),
    ("t3", "handled_total"): ("总计", "（七）合计", "合计"),
}

# The 2019 form prints （六）其他处理 as one row: its numbers are the group's total, kept in the
# row `ONE_ROW_TARGET`; the rows in `ONE_ROW_ABSENT` are then not printed at all.
ONE_ROW_GROUP = "（六）其他处理"
ONE_ROW_TARGET = "other_misc"
ONE_ROW_ABSENT = ("other_no_correction", "other_unpaid_fee")

# Column labels: what a header cell may say for each column (after normalisation).
T2_COLUMN_VARIANTS = {"本年收费金额（单位：万元）": ("本年收费金额", "收费金额")}
T4_GROUP_WORDS = {"review": ("行政复议",), "suit_direct": ("未经复议直接起诉", "直接起诉"),
                  "suit_after_review": ("复议后起诉",)}

# Header cells that are neither a column of their own nor a row label, by table.
HEADER_EXTRA = {"t2": (T2_CONTENT_LABEL,), "t3": (T3_APPLICANTS_LABEL, T3_ORGS_LABEL), "t4": (T4_SUIT,)}
RESULTS_LABEL = T3_RESULTS_LABEL  # 三、本年度办理结果: the merged label over the result rows

# Table 二 of the 2019 trial form (国办公开办函〔2019〕60号): other columns, which do not map onto 2021's.
OLD_T2_COLUMNS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减")

# Section headings of the report, for splitting the prose.
PROSE_SECTIONS = SECTIONS

FUZZY_RATIO = 0.8  # a printed label at least this similar to one official label (and to no other)

# --- places: how a message names where a value was printed ------------------------------------------------------------------------------------

WHERE_PAGE = "第{page}页 "
PLACE = "{page}{table} {row}" + LABEL_PARTS + "{column}"
PROSE_PLACE = "正文“{label}”"
PLACE_NO_COLUMN = "{page}{table} {row}"


def t2_rows() -> dict[str, tuple[str, tuple[Field, ...]]]:
    """Table 二 row label as printed -> (group, its fields in column order)."""
    from . import FORM

    rows: dict[str, list[Field]] = {}
    for f in FORM.numbers:
        if f.table == "t2":
            rows.setdefault(f.row_label.split(" ", 1)[1], []).append(f)
    return {label: (fields[0].row_label.split(" ", 1)[0], tuple(fields)) for label, fields in rows.items()}


def t3_rows() -> tuple[tuple[str, str, str, str], ...]:
    """(row key, leaf label, group label or "", place) of table 三, in order; place is "top",
    "result" (under 三、本年度办理结果) or "item" (under a group such as （三）不予公开)."""
    return T3_ROWS


def t3_columns() -> tuple[tuple[str, str], ...]:
    """(column key, label) of table 三, in order."""
    return T3_COLUMNS


def t4_results() -> tuple[tuple[str, str], ...]:
    """(result key, label) of table 四, in order."""
    return T4_RESULTS

