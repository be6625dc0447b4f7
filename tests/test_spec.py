"""The spec against the official form (form-2021.md): every label verbatim, ids as published."""

from report_kit.form import FORM
from report_kit.form import form2021 as layout

T3_LABELS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他",
    "（七）总计", "四、结转下年度继续办理",
]
T3_ROW_KEYS = [
    "new", "carried_in", "granted", "partial", "withheld_secret", "withheld_law", "withheld_security",
    "withheld_third_party", "withheld_internal", "withheld_process", "withheld_enforcement", "withheld_inquiry",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear", "rejected_petition",
    "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
    "other_no_correction", "other_unpaid_fee", "other_misc", "handled_total", "carried_out",
]
T2_IDS = ["t2_rules_issued", "t2_rules_repealed", "t2_rules_in_force", "t2_normative_issued",
          "t2_normative_repealed", "t2_normative_in_force", "t2_licensing", "t2_penalty", "t2_enforcement", "t2_fees"]


def test_table3_rows_are_the_official_labels_in_order():
    assert [label for _k, label, _g, _p in layout.T3_ROWS] == T3_LABELS
    assert [key for key, *_ in layout.T3_ROWS] == T3_ROW_KEYS
    assert "\u201c三安全一稳定\u201d" in T3_LABELS[6]  # full-width curly quotes, verbatim


def test_field_ids_follow_the_published_vocabulary():
    t3 = [f.id for f in FORM.fields if f.table == "t3"]
    cols = ["natural", "business", "research", "nonprofit", "legal", "other", "total"]
    assert t3 == [f"t3_{r}_{c}" for r in T3_ROW_KEYS for c in cols]
    assert [f.id for f in FORM.fields if f.table == "t2"] == T2_IDS
    t4 = [f.id for f in FORM.fields if f.table == "t4"]
    assert t4 == [f"t4_{g}_{r}" for g in ("review", "suit_direct", "suit_after_review")
                  for r in ("upheld", "corrected", "other", "pending", "total")]
    assert {"agency", "year"} <= set(FORM.by_id)


def test_totals_are_exactly_the_derived_cells():
    derived = {f.id for f in FORM.totals}
    expected = {f"t3_{r}_total" for r in T3_ROW_KEYS} | {f"t3_handled_total_{c}" for c in
                                                         ("natural", "business", "research", "nonprofit", "legal",
                                                          "other")}
    expected |= {f"t4_{g}_total" for g in ("review", "suit_direct", "suit_after_review")}
    assert derived == expected
    # form-2021.md says "20 result rows", but its own table lists 21 from （一） to （六）3 (2 + 8 + 3 + 5 + 3)
    assert len(FORM.field("t3_handled_total_natural").terms) == 21


def test_only_fees_are_money():
    assert [f.id for f in FORM.numbers if f.kind.value == "money"] == ["t2_fees"]


def test_every_cell_has_one_field():
    places = [(f.sheet, f.row, f.col) for f in FORM.fields]
    assert len(places) == len(set(places))
