"""Every rule R1–R9 on data built in a few lines, asserting the exact message users read."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from report_kit.api import load_submission
from report_kit.checker import check
from report_kit.json_data import from_json_dict

ROOT = Path(__file__).resolve().parents[1]

FACTS = {"agency": "某某局", "year": 2024}


def _check(values=None, prose=None, previous=None, facts=None):
    current = from_json_dict({"facts": facts or FACTS, "values": values or {}, "prose": prose or {}})
    last = from_json_dict(previous) if previous is not None else None
    return check(current, last)


def _messages(result, code):
    return [f.message for f in result.findings if f.code == code]


def test_consistent_data_has_no_errors():
    result = _check({"t3_new_natural": 3, "t3_carried_in_natural": 1, "t3_granted_natural": 3,
                     "t3_carried_out_natural": 1})
    assert result.errors == []


def test_r1_explains_both_sides_and_the_difference():
    result = _check({"t3_new_natural": 14, "t3_carried_in_natural": 2, "t3_granted_natural": 14,
                     "t3_carried_out_natural": 1})
    assert _messages(result, "R1") == [
        "表三“自然人”列：一 + 二 = （七）总计 + 四：一+二 = 16（14 + 2），应等于（七）总计+四 = 15（14 + 1），相差 1。",
        "表三“总计”列：一 + 二 = （七）总计 + 四：一+二 = 16（14 + 2），应等于（七）总计+四 = 15（14 + 1），相差 1。",
    ]
    finding = result.errors[0]
    assert finding.cells == (
        "表三!D5（一、本年新收政府信息公开申请数量 / 自然人）", "表三!D6（二、上年结转政府信息公开申请数量 / 自然人）",
        "表三!D28（（七）总计 / 自然人）", "表三!D29（四、结转下年度继续办理 / 自然人）")
    assert (finding.left, finding.right, finding.difference) == (16, 15, 1)


def test_r2_r3_r4_compare_stated_totals_with_the_items():
    result = _check({"t3_granted_legal": 2, "t3_new_legal": 2, "t3_handled_total_legal": 3,
                     "t4_review_upheld": 10, "t4_review_corrected": 1, "t4_review_total": 0})
    assert _messages(result, "R3") == [
        "表三“法律服务机构”列：（七）总计 = （一）至（六）各项之和：（七）总计 = 3，应等于（一）至（六）各项之和 = 2，相差 1。"]
    assert _messages(result, "R4") == [
        "表四“行政复议”：总计 = 四种结果之和：总计 = 0，应等于结果维持+结果纠正+其他结果+尚未审结 = 11（10 + 1 + 0 + 0），相差 11。"]
    # the stated column total 3 makes the row's items add to 3, while the row total (computed) is 2
    assert _messages(result, "R2") == [
        "表三“（七）总计”行：总计 = 六类申请人之和：总计 = 2，应等于六类申请人之和 = 3（0 + 0 + 0 + 0 + 3 + 0），相差 1。"]


def test_r6_carried_in_must_equal_last_years_carried_out():
    previous = {"facts": {"agency": "某某局", "year": 2023}, "values": {"t3_carried_out_business": 3}}
    result = _check({"t3_carried_in_business": 2, "t3_granted_business": 2}, previous=previous)
    assert _messages(result, "R6") == [
        "表三“商业企业”列：本年“二、上年结转”应等于上年“四、结转下年度继续办理”：本年 表三!E6 为 2，按上年数据应为 3"
        "（上年“四、结转下年度继续办理” 3），相差 1。如因机构合并等原因确有不同，请在正文中说明。"]


def test_r7_in_force_baseline_is_a_warning():
    previous = {"facts": {"agency": "某某局", "year": 2023}, "values": {"t2_normative_in_force": 30}}
    result = _check({"t2_normative_issued": 4, "t2_normative_repealed": 1, "t2_normative_in_force": 30},
                    previous=previous)
    assert result.errors == []
    assert _messages(result, "R7") == [
        "表二“行政规范性文件”：现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数：本年 表二!D5 为 30，"
        "按上年数据应为 33（上年现行有效件数 30 + 本年制发件数 4 − 本年废止件数 1），相差 3。"
        "修订计为制发、失效计为废止时可能不相等，请核实。"]


def test_r8_prose_number_contradicting_the_table():
    values = {"t3_new_natural": 95, "t3_granted_natural": 95}
    result = _check(values, prose={"overview_requests": "本年度共收到政府信息公开申请17件，予以公开95件。"})
    assert _messages(result, "R8") == [
        "文字内容!B6（（二）依申请公开情况）：正文写“本年度共收到政府信息公开申请17件”。本年新收政府信息公开申请数，"
        "正文写的是 17 件，表格（表三!J5）是 95 件，请核对哪一处有误。"]


def test_r8_claim_of_no_applications():
    result = _check({"t3_new_natural": 2, "t3_granted_natural": 2},
                    prose={"overview_requests": "2024年度，本局未收到依申请公开政府信息。"})
    assert _messages(result, "R8") == [
        "文字内容!B6（（二）依申请公开情况）：正文写“本局未收到依申请公开政府信息”。本年新收政府信息公开申请数，"
        "正文说没有，表格（表三!J5）是 2 件，请核对哪一处有误。"]


def test_r8_review_and_litigation_counts():
    result = _check({"t4_review_upheld": 2, "t4_suit_direct_upheld": 1, "t4_suit_after_review_pending": 1},
                    prose={"overview_oversight": "全年发生行政复议2件，行政诉讼3件。"})
    assert _messages(result, "R8") == [
        "文字内容!B9（（五）监督保障情况）：正文写“行政诉讼3件”。行政诉讼总数（未经复议直接起诉 + 复议后起诉），"
        "正文写的是 3 件，表格（表四!J5 + 表四!O5）是 2 件，请核对哪一处有误。"]


def test_r9_copied_text_from_another_year_and_previous_data_year():
    previous = {"facts": {"agency": "某某局", "year": 2022}, "values": {}}
    result = _check(prose={"overview_intro": "2023年，本局认真贯彻落实条例。"}, previous=previous)
    assert _messages(result, "R9") == [
        "上年数据是 2022 年的，而报告年度是 2024 年，应使用 2023 年的数据。",
        "文字内容!B4（一、总体情况（总述））：段落以“2023年，”开头，而报告年度是 2024 年。是否沿用了上年的文字？"]


def test_required_facts_and_empty_prose():
    result = _check({"t2_penalty": 3}, facts={"agency": "", "year": 2024})
    assert _messages(result, "F1") == ["基本信息!B3（机关名称）：未填写，这是必填项。"]
    assert len(_messages(result, "F2")) == 12 and not result.untouched


UNTOUCHED = ("填报表未填写：表二、表三、表四的数字全部为 0，文字内容也全部空白，像是原样退回的。"
             "请填写后重新报送（数字确实全部为 0 的，也要写好文字内容）。")


def test_untouched_return_is_one_error_instead_of_twelve_notices():
    result = _check(facts={**FACTS, "phone": "0537-1234567"})  # contact facts alone do not make a return
    assert result.untouched and not result.ok
    assert [(f.code, f.message) for f in result.findings] == [("F3", UNTOUCHED)]


def test_all_zero_tables_with_prose_written_are_real_data():
    result = _check(prose={"overview_intro": "本年度未收到政府信息公开申请。"})
    assert not result.untouched and result.ok and _messages(result, "F3") == []


def test_one_number_typed_is_not_untouched():
    assert not _check({"t4_review_upheld": 1, "t4_review_total": 1}).untouched


def test_carried_in_values_prefilled_from_last_year_do_not_count_as_typed():
    from report_kit.form import FORM
    from report_kit.submission import Submission

    baseline = {i: 0 for i in FORM.baseline_fields} | {"t3_carried_out_natural": 2}
    current = Submission(facts=dict(FACTS), values={"t3_carried_in_natural": 2},
                         baseline=baseline, baseline_year=2023)
    result = check(current)
    assert result.untouched and [f.code for f in result.findings] == ["F3"]  # no R1 over the carry-over


# --- R8 as published reports word their numbers ------------------------------------------------

def _r8(values, text, field="overview_requests", year=2024):
    return _messages(_check(values, prose={field: text}, facts={"agency": "某某局", "year": year}), "R8")


def test_r8_granted_and_partial_named_together_are_their_sum():
    values = {"t3_granted_natural": 30, "t3_partial_natural": 12}
    text = "本年度办结政府信息公开申请42件，其中予以公开及部分公开42件，不予公开0件。"
    assert _r8(values, text) == []  # once a false alarm: "部分公开42件" read as 部分公开 alone
    assert _r8(values, "予以公开和部分公开共42件。") == []
    assert _r8({**values, "t3_granted_natural": 31}, text) == [
        "文字内容!B6（（二）依申请公开情况）：正文写“其中予以公开及部分公开42件”。予以公开与部分公开数之和，"
        "正文写的是 42 件，表格（表三!J7 + 表三!J8）是 43 件，请核对哪一处有误。"]
    # each named with its own number is still read one by one
    assert _r8(values, "其中予以公开30件，部分公开11件。") == [
        "文字内容!B6（（二）依申请公开情况）：正文写“部分公开11件”。部分公开数，正文写的是 11 件，"
        "表格（表三!J8）是 12 件，请核对哪一处有误。"]


def test_r8_received_including_carried_is_new_plus_carried_and_the_carried_is_read_too():
    values = {"t3_new_natural": 279, "t3_carried_in_natural": 30}
    text = "2024年共受理政府信息公开申请309件（含上年度结转申请30件），均已按时答复。"
    assert _r8(values, text) == []
    assert _r8(values, "全年受理政府信息公开申请309件，其中上年结转30件。") == []
    assert _r8(values, "本年度受理政府信息公开申请309件(含上年度结转申请30件)。") == []
    assert _r8(values, "本年度受理政府信息公开申请309件。") == [  # without the carried: new alone
        "文字内容!B6（（二）依申请公开情况）：正文写“本年度受理政府信息公开申请309件”。本年新收政府信息公开申请数，"
        "正文写的是 309 件，表格（表三!J5）是 279 件，请核对哪一处有误。"]
    assert _r8({**values, "t3_carried_in_natural": 29}, text) == [
        "文字内容!B6（（二）依申请公开情况）：正文写“2024年共受理政府信息公开申请309件（含上年度结转申请30件）”。"
        "本年新收与上年结转政府信息公开申请数之和，正文写的是 309 件，表格（表三!J5 + 表三!J6）是 308 件，"
        "请核对哪一处有误。",
        "文字内容!B6（（二）依申请公开情况）：正文写“2024年共受理政府信息公开申请309件（含上年度结转申请30件）”。"
        "上年结转申请数，正文写的是 30 件，表格（表三!J6）是 29 件，请核对哪一处有误。"]
    # carried in named beside, not inside: the first number is the new applications alone
    assert _r8(values, "共收到政府信息公开申请279件，另有上年结转30件。") == []


def test_r8_received_in_the_wordings_of_published_reports():
    assert _r8({"t3_new_natural": 255}, "本年度受理依申请公开件255件，均在法定期限内答复。") == []
    assert _r8({"t3_new_natural": 9}, "2024年，我局收到依申请公开共9件。") == []
    assert _r8({"t3_new_natural": 254}, "本年度受理依申请公开件255件，均在法定期限内答复。") == [
        "文字内容!B6（（二）依申请公开情况）：正文写“本年度受理依申请公开件255件”。本年新收政府信息公开申请数，"
        "正文写的是 255 件，表格（表三!J5）是 254 件，请核对哪一处有误。"]
    assert _r8({"t3_new_natural": 8}, "2024年，我局收到依申请公开共9件。") == [
        "文字内容!B6（（二）依申请公开情况）：正文写“我局收到依申请公开共9件”。本年新收政府信息公开申请数，"
        "正文写的是 9 件，表格（表三!J5）是 8 件，请核对哪一处有误。"]


def test_r8_reads_chinese_numerals_and_thousands_separators():
    assert _r8({"t3_new_natural": 17}, "本年度共收到政府信息公开申请十七件。") == []
    assert _r8({"t3_new_natural": 95}, "本年度共收到政府信息公开申请十七件。") == [
        "文字内容!B6（（二）依申请公开情况）：正文写“本年度共收到政府信息公开申请十七件”。本年新收政府信息公开申请数，"
        "正文写的是 17 件，表格（表三!J5）是 95 件，请核对哪一处有误。"]
    assert _r8({"t3_granted_natural": 123}, "予以公开一百二十三件。") == []
    assert _r8({"t4_review_upheld": 2}, "全年发生行政复议两件。", field="overview_oversight") == []
    assert _r8({"t4_review_upheld": 1}, "全年发生行政复议两件。", field="overview_oversight") == [
        "文字内容!B9（（五）监督保障情况）：正文写“全年发生行政复议两件”。行政复议总数，正文写的是 2 件，"
        "表格（表四!E5）是 1 件，请核对哪一处有误。"]
    assert _r8({"t3_new_natural": 1206}, "共收到政府信息公开申请1,206件。") == []
    assert _r8({"t3_new_natural": 1205}, "共收到政府信息公开申请1,206件。") == [
        "文字内容!B6（（二）依申请公开情况）：正文写“共收到政府信息公开申请1,206件”。本年新收政府信息公开申请数，"
        "正文写的是 1206 件，表格（表三!J5）是 1205 件，请核对哪一处有误。"]
    # not a number written the standard way (colloquial "一百一" may mean 110): no guess, no finding
    assert _r8({"t3_new_natural": 5}, "共收到政府信息公开申请一百一件。") == []


def test_r8_review_and_litigation_applications_are_not_information_applications():
    values = {"t3_new_natural": 5, "t3_granted_natural": 5, "t4_review_upheld": 2}
    assert _r8(values, "本年度未收到因政府信息公开引起的行政诉讼。") == []
    assert _r8(values, "本年度收到行政复议申请2件。", field="overview_oversight") == []


def test_r8_and_r9_on_the_example_report_and_the_two_published_reports():
    # /work/shared/reference/example-report-2024.txt: every count 0, "未收到依申请公开政府信息"
    example = load_submission(ROOT / "samples" / "2024-济宁高新区科技创新局.json")
    assert [f.message for f in check(example).findings if f.code in ("R8", "R9")] == []
    two = replace(example, values={**example.values, "t3_new_natural": 2, "t3_granted_natural": 2})
    assert [f.message for f in check(two).findings if f.code in ("R8", "R9")] == [
        "文字内容!B6（（二）依申请公开情况）：正文写“科技创新局未收到依申请公开政府信息”。本年新收政府信息公开申请数，"
        "正文说没有，表格（表三!J5）是 2 件，请核对哪一处有误。"]
    # 洪泽 2023 (the PDF): its one sentence R8 reads
    huaian = "（二）依申请公开情况。进一步规范依申请公开流程，畅通依申请公开受理渠。2023年全区受理政府信息公开申请21件，均在法定期限答复。"
    assert _r8({"t3_new_natural": 21}, huaian, year=2023) == []
    assert _r8({"t3_new_natural": 20}, huaian, year=2023) == [
        "文字内容!B6（（二）依申请公开情况）：正文写“2023年全区受理政府信息公开申请21件”。本年新收政府信息公开申请数，"
        "正文写的是 21 件，表格（表三!J5）是 20 件，请核对哪一处有误。"]


# --- R9: next year's plans in 五 and 六 ---------------------------------------------------------

PINGTAN_PROBLEMS = ("2024年，实验区政府信息公开工作取得了新进展新成果，但在工作中仍在不足，如新时代政府信息公开工作"
                    "机制有待进一步调整和完善。2025年，将重点从以下方面做好改进：一是优化主动公开目录。")


def test_r9_accepts_next_years_plans_in_sections_five_and_six():
    assert _messages(_check(prose={"problems_this_year": PINGTAN_PROBLEMS}), "R9") == []  # 平潭 2024, 五
    assert _messages(_check(prose={"other_work_points": "2025年，将继续落实上级政务公开工作要点。"}), "R9") == []


def test_r9_still_questions_last_years_year_and_other_years_there():
    copied = PINGTAN_PROBLEMS.replace("2024年，", "2023年，")
    assert _messages(_check(prose={"problems_this_year": copied}), "R9") == [
        "文字内容!B12（五、本年度存在的问题及改进措施）：段落以“2023年，”开头，而报告年度是 2024 年。"
        "是否沿用了上年的文字？"]
    assert _messages(_check(prose={"other_fees": "2023年，无收取信息处理费情况。"}), "R9") == [
        "文字内容!B14（（一）依据《政府信息公开信息处理费管理办法》收取信息处理费的情况）：段落以“2023年，”开头，"
        "而报告年度是 2024 年。是否沿用了上年的文字？"]
    two_years_on = PINGTAN_PROBLEMS.replace("2025年，", "2026年，")
    assert _messages(_check(prose={"problems_this_year": two_years_on}), "R9") == [
        "文字内容!B12（五、本年度存在的问题及改进措施）：段落以“2026年，”开头，而报告年度是 2024 年。年份是否写错？"]
    # the overview tells of the report year: the next year there is a slip, not a plan
    assert _messages(_check(prose={"overview_intro": "2025年，本局认真贯彻落实条例。"}), "R9") == [
        "文字内容!B4（一、总体情况（总述））：段落以“2025年，”开头，而报告年度是 2024 年。年份是否写错？"]


def test_r8_is_silent_about_a_number_that_could_not_be_read():
    """"22（其中修订16件）" in 表三 is an R5 error; R8 must not then compare the prose with the 0 it stands for."""
    prose = {"overview_requests": "2024年共收到政府信息公开申请95件。"}
    result = _check({"t3_new_natural": "22（其中修订16件）", "t3_new_business": 60}, prose=prose)
    assert _messages(result, "R8") == []
    assert any("不是数字" in m for m in _messages(result, "R5"))
    readable = _check({"t3_new_natural": 3, "t3_new_business": 60}, prose=prose)
    assert len(_messages(readable, "R8")) == 1  # the same sentence is checked once the cell is a number


def test_r8_reads_table_two_in_the_prose():
    """平潭 2024: "动态更新发布本年度制发行政规范性文件62件", its 表二 says 62."""
    text = "动态更新发布本年度制发行政规范性文件62件，并同步做好全真版上传等工作。"
    assert _r8({"t2_normative_issued": 62}, text, field="overview_proactive") == []
    assert _r8({"t2_normative_issued": 61}, text, field="overview_proactive") == [
        "文字内容!B5（（一）主动公开情况）：正文写“动态更新发布本年度制发行政规范性文件62件”。本年制发行政规范性文件件数，"
        "正文写的是 62 件，表格（表二!B5）是 61 件，请核对哪一处有误。"]
    values = {"t2_rules_issued": 1, "t2_rules_repealed": 2, "t2_rules_in_force": 30, "t2_normative_repealed": 4,
              "t2_normative_in_force": 12}
    text = "全年制定规章1件，废止规章2件，现行有效规章30件；废止规范性文件4件，现行有效的行政规范性文件共12件。"
    assert _r8(values, text, field="overview_proactive") == []
    assert len(_r8({**values, "t2_rules_in_force": 29}, text, field="overview_proactive")) == 1
    # another kind of document, or no verb right before the words: not read
    assert _r8({}, "本年度制发党内规范性文件3件，清理规范性文件5件。", field="overview_proactive") == []


def test_r8_received_stated_as_a_count():
    assert _r8({"t3_new_natural": 9}, "本年度收到政府信息公开申请件数为9件。") == []
    assert len(_r8({"t3_new_natural": 8}, "本年度收到政府信息公开申请件数为9件。")) == 1
