"""The 2021 official form (国办公开办函〔2021〕30号) as data: labels verbatim, ids, places.

This module is the only place in report-kit that knows a label or a cell address.
Rows and columns are 0-based here; `Field.cell` gives the A1 address.
"""

from __future__ import annotations

from .model import Block, Field, Kind, Sheet

FORM_ID = "gov-info-disclosure-annual-report"
FORM_EDITION = "2021"  # 国办公开办函〔2021〕30号
TEMPLATE_VERSION = 1  # bump when the workbook layout changes
REPORT_NAME = "政府信息公开工作年度报告"  # in titles and file names: "2024年" + it (+ "填报表", "-某局.docx")

SHEET_GUIDE = "填表说明"
SHEET_FACTS = "基本信息"
SHEET_PROSE = "文字内容"
SHEET_T2 = "表二"
SHEET_T3 = "表三"
SHEET_T4 = "表四"
SHEET_CHECKS = "校验"
SHEET_META = "_meta"
SHEET_BREAKDOWN = "分部门明细"  # only in a 汇总 workbook
SHEET_EXCLUDED = "未纳入汇总"  # only in a 汇总 workbook
SHEET_RETURN_NOTES = "退回意见"  # only in an annotated copy

# The hidden _meta sheet: one (key, value) row each. The writer writes them, the reader checks them.
META_FORM_ID = "form_id"
META_EDITION = "edition"
META_TEMPLATE_VERSION = "template_version"
META_FINGERPRINT = "fingerprint"
META_GENERATOR = "generator"
META_CREATED = "created"
META_AGENCY = "agency"
META_YEAR = "year"
META_BASELINE_YEAR = "baseline_year"  # make-workbook --previous: the year of last year's values
META_BASELINE_PREFIX = "baseline."  # + field id: last year's value (make-workbook --previous)
META_SUMMARY_OF = "summary_of"  # in a 汇总 workbook: how many department returns it sums

# Typed instead of 0 in real returns; read as 0 with a warning (the 填表说明 lists them).
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "－", "–", "/", "／", "\\", "无", "暂无", "没有", "空"})

TABLE_TITLES = {
    "t2": "二、主动公开政府信息情况",
    "t3": "三、收到和处理政府信息公开申请情况",
    "t4": "四、政府信息公开行政复议、行政诉讼情况",
}
# The sheet each table is laid out on (the Word report and the web page print them from it).
TABLE_SHEETS = {"t2": SHEET_T2, "t3": SHEET_T3, "t4": SHEET_T4}

# --- report facts ---------------------------------------------------------------------------

# (id, label, kind, required, hint)
_FACTS = (
    ("agency", "机关名称", Kind.TEXT, True, "报告主体的全称，如“某某市某某局”，将出现在报告标题中。"),
    ("year", "报告年度", Kind.YEAR, True, "统计期限为该年1月1日至12月31日。"),
    ("website_name", "门户网站名称", Kind.TEXT, False, "报告电子版发布的网站名称，如“某某市人民政府”。"),
    ("website_url", "门户网站网址", Kind.TEXT, False, "如 http://www.example.gov.cn"),
    ("address", "联系地址", Kind.TEXT, False, "对报告有疑问时公众联系的地址。"),
    ("phone", "联系电话", Kind.TEXT, False, "对报告有疑问时公众拨打的电话。"),
    ("preparer", "填报人", Kind.TEXT, False, "不出现在报告中，便于汇总单位联系。"),
    ("preparer_phone", "填报人电话", Kind.TEXT, False, "不出现在报告中，便于汇总单位联系。"),
    ("postcode", "邮编", Kind.TEXT, False, "联系地址的邮政编码；填写后出现在报告的联系方式中。"),
    ("email", "电子邮箱", Kind.TEXT, False, "公众联系用的电子邮箱；填写后出现在报告的联系方式中。"),
)
# Facts added after workbooks of this template version had been handed out. They sit below the
# older facts so that no older cell moves, and a workbook without their names reads them as empty.
FACTS_ADDED_LATER = ("postcode", "email")

FACT_FIRST_ROW = 2


def _facts() -> tuple[Field, ...]:
    return tuple(
        Field(id=fid, sheet=SHEET_FACTS, row=FACT_FIRST_ROW + i, col=1, kind=kind,
              row_label=label, column_label="", hint=hint, required=required)
        for i, (fid, label, kind, required, hint) in enumerate(_FACTS)
    )


def _facts_sheet() -> Sheet:
    blocks = [
        Block(0, 0, "基本信息", "title", cols=3),
        Block(1, 0, "项目", "header"),
        Block(1, 1, "填写内容", "header"),
        Block(1, 2, "说明", "header"),
    ]
    for i, (_fid, label, _kind, required, hint) in enumerate(_FACTS):
        row = FACT_FIRST_ROW + i
        blocks.append(Block(row, 0, label + ("（必填）" if required else ""), "label"))
        blocks.append(Block(row, 2, hint, "note"))
    return Sheet(SHEET_FACTS, tuple(blocks), (16, 40, 44), one_page=True)


# --- prose sections ---------------------------------------------------------------------------

# Sections of the report in order. Each prose field: (id, sub-head printed in the report or "",
# guidance for the person writing it). A field without a sub-head is named in messages by
# `PROSE_LABELS`.
SECTIONS = (
    ("一、总体情况", (
        ("overview_intro", "", "总体情况的开头一段：本年度政务公开工作的总体部署和成效。"),
        ("overview_proactive", "（一）主动公开情况", "本年主动公开信息的数量、渠道、重点领域等。"),
        ("overview_requests", "（二）依申请公开情况", "收到、办理政府信息公开申请的情况。文中的数字须与表三一致。"),
        ("overview_management", "（三）政府信息管理情况", "公开审查、目录管理、制度建设等。"),
        ("overview_platform", "（四）政府信息公开平台建设情况", "网站、政务新媒体等公开平台的建设情况。"),
        ("overview_oversight", "（五）监督保障情况", "组织领导、培训、考核、社会评议等。"),
    )),
    ("二、主动公开政府信息情况", "t2"),
    ("三、收到和处理政府信息公开申请情况", "t3"),
    ("四、政府信息公开行政复议、行政诉讼情况", "t4"),
    ("五、存在的主要问题及改进情况", (
        ("problems_last_year", "", "上一年度报告所列问题的整改情况。"),
        ("problems_this_year", "", "本年度存在的主要问题及下一步改进措施。"),
    )),
    ("六、其他需要报告的事项", (
        ("other_fees", "（一）依据《政府信息公开信息处理费管理办法》收取信息处理费的情况",
         "收取信息处理费的情况（通常以“元”计）；未收取的写明“未收取”。与表二行政事业性收费不是一回事。"),
        ("other_work_points", "（二）本行政机关落实上级年度政务公开工作要点情况", "落实上级政务公开工作要点的情况。"),
        ("other_proposals", "（三）本行政机关人大代表建议和政协提案办理结果公开情况", "建议提案办理结果的公开情况。"),
        ("other_misc", "（四）其他有关文件专门要求通过政府信息公开工作年度报告予以报告的事项", "没有的写“无”。"),
    )),
)

PROSE_LABELS = {
    "overview_intro": "一、总体情况（总述）",
    "problems_last_year": "五、上年度问题整改情况",
    "problems_this_year": "五、本年度存在的问题及改进措施",
}
PROSE_FIRST_ROW = 2


def _prose_layout() -> tuple[tuple[Field, ...], Sheet]:
    fields: list[Field] = []
    blocks = [
        Block(0, 0, "文字内容", "title", cols=2),
        Block(1, 0, "每个格子写一个小节；在格子内分段换行：Excel、WPS 按 Alt+Enter，LibreOffice 按 Ctrl+Enter。"
                    "文中的数字请与表二、表三、表四保持一致。", "note", cols=2),
    ]
    heights: dict[int, float] = {}
    row = PROSE_FIRST_ROW
    for heading, content in SECTIONS:
        if isinstance(content, str):
            continue  # a table section: no prose
        blocks.append(Block(row, 0, heading, "group", cols=2))
        row += 1
        for fid, subhead, hint in content:
            label = subhead or PROSE_LABELS[fid]
            blocks.append(Block(row, 0, f"{label}\n\n{hint}", "label"))
            fields.append(Field(id=fid, sheet=SHEET_PROSE, row=row, col=1, kind=Kind.PROSE,
                                row_label=label, hint=hint))
            heights[row] = 150
            row += 1
    return tuple(fields), Sheet(SHEET_PROSE, tuple(blocks), (24, 76), row_heights=heights)


# --- table 二 -----------------------------------------------------------------------------------

_T2_GROUPS = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), (
        ("规章", ("t2_rules_issued", "t2_rules_repealed", "t2_rules_in_force")),
        ("行政规范性文件", ("t2_normative_issued", "t2_normative_repealed", "t2_normative_in_force")),
    )),
    ("第二十条第（五）项", ("本年处理决定数量",), (
        ("行政许可", ("t2_licensing",)),
    )),
    ("第二十条第（六）项", ("本年处理决定数量",), (
        ("行政处罚", ("t2_penalty",)),
        ("行政强制", ("t2_enforcement",)),
    )),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (
        ("行政事业性收费", ("t2_fees",)),
    )),
)


T2_CONTENT_LABEL = "信息内容"  # the header over each group's row labels


def _table2() -> tuple[tuple[Field, ...], Sheet]:
    fields: list[Field] = []
    blocks = [Block(0, 0, TABLE_TITLES["t2"], "title", cols=4)]
    row = 1
    for group, columns, rows in _T2_GROUPS:
        blocks.append(Block(row, 0, group, "group", cols=4))
        blocks.append(Block(row + 1, 0, T2_CONTENT_LABEL, "header"))
        span = 3 // len(columns)
        for i, column in enumerate(columns):
            blocks.append(Block(row + 1, 1 + i, column, "header", cols=span))
        row += 2
        for label, ids in rows:
            blocks.append(Block(row, 0, label, "label"))
            for i, fid in enumerate(ids):
                kind = Kind.MONEY if fid == "t2_fees" else Kind.COUNT
                fields.append(Field(id=fid, sheet=SHEET_T2, row=row, col=1 + i, kind=kind, table="t2",
                                    row_label=f"{group} {label}", column_label=columns[i], width=span))
            row += 1
    return tuple(fields), Sheet(SHEET_T2, tuple(blocks), (26, 18, 18, 18), one_page=True)


# --- table 三 -----------------------------------------------------------------------------------

T3_COLUMNS = (
    ("natural", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
)
T3_APPLICANT_COLUMNS = tuple(key for key, _ in T3_COLUMNS[:-1])
T3_APPLICANTS_LABEL = "申请人情况"  # the header over all seven columns
T3_ORGS_LABEL = "法人或其他组织"  # the header over the five organisation columns

T3_RESULTS_LABEL = "三、本年度办理结果"

# (row key, leaf label, sub-group label or "", place): place is "top" (label spans the three
# label columns), "result" (under 三、, spanning two columns) or "item" (under a sub-group).
T3_ROWS = (
    ("new", "一、本年新收政府信息公开申请数量", "", "top"),
    ("carried_in", "二、上年结转政府信息公开申请数量", "", "top"),
    ("granted", "（一）予以公开", "", "result"),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "result"),
    ("withheld_secret", "1.属于国家秘密", "（三）不予公开", "item"),
    ("withheld_law", "2.其他法律行政法规禁止公开", "（三）不予公开", "item"),
    ("withheld_security", "3.危及“三安全一稳定”", "（三）不予公开", "item"),
    ("withheld_third_party", "4.保护第三方合法权益", "（三）不予公开", "item"),
    ("withheld_internal", "5.属于三类内部事务信息", "（三）不予公开", "item"),
    ("withheld_process", "6.属于四类过程性信息", "（三）不予公开", "item"),
    ("withheld_enforcement", "7.属于行政执法案卷", "（三）不予公开", "item"),
    ("withheld_inquiry", "8.属于行政查询事项", "（三）不予公开", "item"),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", "（四）无法提供", "item"),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供", "item"),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", "（四）无法提供", "item"),
    ("rejected_petition", "1.信访举报投诉类申请", "（五）不予处理", "item"),
    ("rejected_duplicate", "2.重复申请", "（五）不予处理", "item"),
    ("rejected_publication", "3.要求提供公开出版物", "（五）不予处理", "item"),
    ("rejected_excessive", "4.无正当理由大量反复申请", "（五）不予处理", "item"),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理", "item"),
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "（六）其他处理", "item"),
    ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "（六）其他处理", "item"),
    ("other_misc", "3.其他", "（六）其他处理", "item"),
    ("handled_total", "（七）总计", "", "result"),
    ("carried_out", "四、结转下年度继续办理", "", "top"),
)
T3_RESULT_ROWS = tuple(key for key, _l, _g, place in T3_ROWS
                       if place in ("result", "item") and key != "handled_total")

T3_FIRST_ROW = 4  # rows 1-3 are the merged header
T3_FIRST_COL = 3  # columns A-C hold the labels
T3_R1_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def t3_id(row_key: str, col_key: str) -> str:
    return f"t3_{row_key}_{col_key}"


def _table3() -> tuple[tuple[Field, ...], Sheet]:
    c0 = T3_FIRST_COL
    blocks = [
        Block(0, 0, TABLE_TITLES["t3"], "title", cols=10),
        Block(1, 0, T3_R1_NOTE, "header", rows=3, cols=3),
        Block(1, c0, T3_APPLICANTS_LABEL, "header", cols=7),
        Block(2, c0, "自然人", "header", rows=2),
        Block(2, c0 + 1, T3_ORGS_LABEL, "header", cols=5),
        Block(2, c0 + 6, "总计", "header", rows=2),
    ] + [Block(3, c0 + i, label, "header") for i, (_k, label) in enumerate(T3_COLUMNS[1:6], start=1)]

    fields: list[Field] = []
    results_first = None
    group_start: dict[str, int] = {}
    for i, (key, label, group, place) in enumerate(T3_ROWS):
        row = T3_FIRST_ROW + i
        if place == "top":
            blocks.append(Block(row, 0, label, "label", cols=3))
            row_label = label
        elif place == "result":
            results_first = row if results_first is None else results_first
            blocks.append(Block(row, 1, label, "label", cols=2))
            row_label = label
        else:
            group_start.setdefault(group, row)
            blocks.append(Block(row, 2, label, "label"))
            row_label = f"{group} {label}"
        for j, (col_key, col_label) in enumerate(T3_COLUMNS):
            column_label = col_label if j in (0, 6) else f"{T3_ORGS_LABEL}·{col_label}"
            if col_key == "total":
                terms = tuple(t3_id(key, c) for c in T3_APPLICANT_COLUMNS)
            elif key == "handled_total":
                terms = tuple(t3_id(r, col_key) for r in T3_RESULT_ROWS)
            else:
                terms = ()
            fields.append(Field(id=t3_id(key, col_key), sheet=SHEET_T3, row=row, col=c0 + j,
                                kind=Kind.COUNT, table="t3", row_label=row_label,
                                column_label=column_label, terms=terms))
    result_rows = sum(1 for _k, _l, _g, place in T3_ROWS if place in ("result", "item"))
    blocks.append(Block(results_first, 0, T3_RESULTS_LABEL, "label", rows=result_rows))
    for group, start in group_start.items():
        count = sum(1 for _k, _l, g, _p in T3_ROWS if g == group)
        blocks.append(Block(start, 1, group, "label", rows=count))
    return tuple(fields), Sheet(SHEET_T3, tuple(blocks), (7, 10, 40) + (8,) * 7, landscape=True, one_page=True)


# --- table 四 -----------------------------------------------------------------------------------

T4_REVIEW = "行政复议"  # the two column heads of table 四, also the 图解's tiles
T4_SUIT = "行政诉讼"
T4_GROUPS = (
    ("review", T4_REVIEW),
    ("suit_direct", f"{T4_SUIT}·未经复议直接起诉"),
    ("suit_after_review", f"{T4_SUIT}·复议后起诉"),
)
T4_RESULTS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
T4_VALUE_ROW = 4


def _table4() -> tuple[tuple[Field, ...], Sheet]:
    blocks = [
        Block(0, 0, TABLE_TITLES["t4"], "title", cols=15),
        Block(1, 0, T4_REVIEW, "header", cols=5),
        Block(1, 5, T4_SUIT, "header", cols=10),
        Block(2, 5, "未经复议直接起诉", "header", cols=5),
        Block(2, 10, "复议后起诉", "header", cols=5),
    ]
    blocks += [Block(2, i, label, "header", rows=2) for i, (_k, label) in enumerate(T4_RESULTS)]
    blocks += [Block(3, 5 * g + i, label, "header")
               for g in (1, 2) for i, (_k, label) in enumerate(T4_RESULTS)]
    fields = []
    for g, (group, group_label) in enumerate(T4_GROUPS):
        for i, (result, result_label) in enumerate(T4_RESULTS):
            terms = tuple(f"t4_{group}_{r}" for r, _ in T4_RESULTS[:-1]) if result == "total" else ()
            fields.append(Field(id=f"t4_{group}_{result}", sheet=SHEET_T4, row=T4_VALUE_ROW,
                                col=5 * g + i, kind=Kind.COUNT, table="t4", row_label=group_label,
                                column_label=result_label, terms=terms))
    return tuple(fields), Sheet(SHEET_T4, tuple(blocks), (9,) * 15, landscape=True, one_page=True)


# --- the whole form ---------------------------------------------------------------------------

def build():
    """Return (fields in order, sheets with their static layout)."""
    t2_fields, t2_sheet = _table2()
    t3_fields, t3_sheet = _table3()
    t4_fields, t4_sheet = _table4()
    prose_fields, prose_sheet = _prose_layout()
    fields = _facts() + prose_fields + t2_fields + t3_fields + t4_fields
    sheets = (_facts_sheet(), prose_sheet, t2_sheet, t3_sheet, t4_sheet)
    return fields, sheets
