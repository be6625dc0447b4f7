"""The form as it is printed in published reports: labels to match, their accepted variants,
and the sentences `import`/`audit` say about what they read.

Published reports (PDF, web pages, .docx) carry no cell names: every number is placed by the row and
column labels printed beside it. The labels come from the form spec; this module adds only what
real reports print differently.
"""

from __future__ import annotations

from .form2021 import SECTIONS, T3_COLUMNS, T3_RESULTS_LABEL, T3_ROWS, T4_RESULTS
from .model import Field

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}

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
HEADER_EXTRA = {"t2": ("信息内容",), "t3": ("申请人情况", "法人或其他组织"), "t4": ("行政诉讼",)}
RESULTS_LABEL = T3_RESULTS_LABEL  # 三、本年度办理结果: the merged label over the result rows

# Table 二 of the 2019 trial form (国办公开办函〔2019〕60号): other columns, which do not map onto 2021's.
OLD_T2_COLUMNS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减")

# Section headings of the report, for splitting the prose.
PROSE_SECTIONS = SECTIONS

FUZZY_RATIO = 0.8  # a printed label at least this similar to one official label (and to no other)

# --- sentences ------------------------------------------------------------------------------------

WHERE_PAGE = "第{page}页 "
PLACE = "{page}{table} {row} / {column}"
PROSE_PLACE = "正文“{label}”"
PLACE_NO_COLUMN = "{page}{table} {row}"
NOT_READ = "{place}：未能读出（{why}），相关勾稽关系无法核对。"
FUZZY_LABEL = "{place}：行标签印作“{printed}”，与格式中的“{official}”不完全相同，已按后者读取。请核对。"
BLANK_PRINTED = "{place}：印的是空白，按 0 计算。"
PLACEHOLDER_PRINTED = "{place}：印的是“{raw}”，按 0 计算。"
NOT_A_NUMBER_PRINTED = "{place}：印的是“{raw}”，不是数字（表格中只能印数字），未能读出。"
CLEANED_PRINTED = "{place}：“{raw}”已按 {value} 读取（{how}）。"
ONE_ROW_NOTE = "表三“（六）其他处理”印作一行（2019 年格式）：其数字按该组合计读取，核对（七）总计时使用。"
UNCHECKABLE = "{title}：{fields}未能读出，无法核对。"
NO_TABLES = "“{name}”中没有找到年度报告的表格（{why}），无法读取。"
NO_TEXT_LAYER = "“{name}”是扫描件或图片（PDF 中没有文字层），无法读取。本工具不做文字识别（OCR）。"
LINK_ONLY = "“{name}”只是一个链接页面，报告本身在链接的文件中（{links}）。请下载该文件后再读取。"
NOT_A_REPORT = "“{name}”不是可读取的年度报告（{why}）。"
STRAY_TEXT = "第{page}页的表格中有文字“{text}”没有落在任何格子里（可能缺了表格线），未读取，请对照原文核对这一页。"
OLD_T2 = ("表二是 2019 年试行格式（国办公开办函〔2019〕60号），栏目与 2021 年格式不同，无法逐项对应，未读取；"
          "表三、表四两种格式相同，照常读取。")
OLD_WORD = "“{name}”是旧版 Word/WPS 文件（.doc/.wps），请另存为 .docx 后再读取。"
NOT_FOUND_FILE = "找不到文件“{name}”。"
COPIED = ("{where}：这一段与上年报告（{previous}）的段落几乎相同（去掉年份后相同 {ratio}%）。\n本年：“{now}”\n上年：“{then}”")


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

