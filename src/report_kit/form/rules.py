"""The consistency rules R1–R9 of form-2021.md as data."""

from __future__ import annotations

from .form2021 import (T3_APPLICANT_COLUMNS, T3_COLUMNS, T3_RESULT_ROWS, T3_ROWS, T4_GROUPS,
                       T4_RESULTS, t3_id)
from .model import Check, CrossYearRule, ProseClaim, Severity, SumRule

# Every rule and check, declared once; the rule instances below are titled from these.
CHECKS = (
    Check("R1", "一 + 二 = （七）总计 + 四", scope="表三每列"),
    Check("R2", "总计 = 六类申请人之和", scope="表三每行"),
    Check("R3", "（七）总计 = （一）至（六）各项之和", scope="表三每列"),
    Check("R4", "总计 = 四种结果之和", scope="表四每组", note="（维持、纠正、其他、尚未审结）"),
    Check("R5", "每个数字是不小于 0 的整数；收费金额不小于 0（万元，可有小数）"),
    Check("R6", "本年“二、上年结转”应等于上年“四、结转下年度继续办理”", scope="表三每列"),
    Check("R7", "现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数"),
    Check("R8", "正文中的数字与表格一致"),
    Check("R9", "报告年度、统计期限与跨年数据的年份一致"),
    Check("F1", "必填的基本信息已填写"),
    Check("F2", "文字内容各小节已填写"),
    Check("F3", "不是原样退回：数字全部为 0 且文字内容全空的，视为未填写"),
    Check("T1", "填报表未被改动（工作表保护、总计公式）"),
    Check("D1", "每个部门只报送一个文件", applies="round"),
    Check("D2", "各部门报送的数字和文字不完全相同（防止抄报）", applies="round"),
    Check("D3", "填报单位名称与部门名单一致", applies="round"),
    Check("D4", "汇总表不作为部门的报送", applies="round"),
    Check("D5", "一轮中各填报表的报告年度一致", applies="round"),
    Check("P1", "表格与格式的行、列一一对应（行标签印法不同、2019 年格式的，按格式读取并提示）", applies="published"),
    Check("P2", "表格中的每个数字都已读出", applies="published"),
    Check("P3", "表格中的文字都落在格子里", applies="published"),
    Check("C1", "正文不是照抄上年报告", applies="published"),
    Check("C2", "同一机关同一年度只有一份报告", applies="published"),
)
CHECK = {check.code: check for check in CHECKS}


def _sum_rules() -> tuple[SumRule, ...]:
    rules = []
    for col, col_label in T3_COLUMNS:
        rules.append(SumRule(
            code="R1", severity=Severity.ERROR, title=CHECK["R1"].at(f"表三“{col_label}”列"),
            left=(t3_id("new", col), t3_id("carried_in", col)),
            right=(t3_id("handled_total", col), t3_id("carried_out", col)),
            left_name="一+二", right_name="（七）总计+四"))
    for row, label, _group, _place in T3_ROWS:
        rules.append(SumRule(
            code="R2", severity=Severity.ERROR, title=CHECK["R2"].at(f"表三“{label}”行"),
            left=(t3_id(row, "total"),),
            right=tuple(t3_id(row, c) for c in T3_APPLICANT_COLUMNS),
            left_name="总计", right_name="六类申请人之和", stated_totals=True))
    for col, col_label in T3_COLUMNS:
        rules.append(SumRule(
            code="R3", severity=Severity.ERROR, title=CHECK["R3"].at(f"表三“{col_label}”列"),
            left=(t3_id("handled_total", col),),
            right=tuple(t3_id(r, col) for r in T3_RESULT_ROWS),
            left_name="（七）总计", right_name="（一）至（六）各项之和", stated_totals=True))
    for group, group_label in T4_GROUPS:
        rules.append(SumRule(
            code="R4", severity=Severity.ERROR, title=CHECK["R4"].at(f"表四“{group_label}”"),
            left=(f"t4_{group}_total",),
            right=tuple(f"t4_{group}_{r}" for r, _ in T4_RESULTS[:-1]),
            left_name="总计", right_name="结果维持+结果纠正+其他结果+尚未审结", stated_totals=True))
    return tuple(rules)


def _cross_year_rules() -> tuple[CrossYearRule, ...]:
    rules = [
        CrossYearRule(
            code="R6", severity=Severity.ERROR, title=CHECK["R6"].at(f"表三“{label}”列"),
            field=t3_id("carried_in", col), previous_plus=(t3_id("carried_out", col),),
            previous_name="上年“四、结转下年度继续办理”",
            explanation="如因机构合并等原因确有不同，请在正文中说明。")
        for col, label in T3_COLUMNS[:-1]
    ]
    for kind, label in (("rules", "规章"), ("normative", "行政规范性文件")):
        rules.append(CrossYearRule(
            code="R7", severity=Severity.WARNING, title=CHECK["R7"].at(f"表二“{label}”"),
            field=f"t2_{kind}_in_force", previous_plus=(f"t2_{kind}_in_force",), previous_name="上年现行有效件数",
            current_plus=(f"t2_{kind}_issued",), current_minus=(f"t2_{kind}_repealed",),
            explanation="修订计为制发、失效计为废止时可能不相等，请核实。"))
    return tuple(rules)


# Numbers stated in the prose and the table cells they must match (R8), in the wordings of real
# published reports. A number is written in digits ("42", full-width "４２", "1,206") or in Chinese
# numerals ("十七", "一百二十三", "两"): `report_kit.numerals` reads it, and one it cannot read
# for sure is left alone. `_GAP` allows a few words between the subject and the number
# ("共收到政府信息公开申请17件"), never across a clause or a number, and never the words of the review
# and litigation sentences: "未收到行政复议申请" says nothing about 政府信息公开申请.
_N = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|[零〇一二两三四五六七八九十百千万]+)"
_GAP = r"(?:(?!复议|诉讼)[^，。；！？\d]){0,20}?"
# "收到政府信息公开申请17件", "受理依申请公开件255件", "收到依申请公开共9件"
# "申请件数为9件"
_RECEIVED = rf"(?<!未)(?:收到|受理|新收){_GAP}申请(?:公开)?(?:件数|件|事项)?(?:为|是|达)?(?:共计|共|合计|总计)?{_N}件"
# "…309件（含上年度结转申请30件）", "…309件，其中上年结转30件": the number includes the carried
_INCLUDES_CARRIED = r"(?=\s*[（(，,]\s*(?:其中|含|包含|包括)+\s*上一?年度?结转)"
# Claims are read in this order and the words one claim read are not read again by a later one, so a
# wording that names two cells comes before the wordings of each: "予以公开及部分公开42件" is
# 予以公开 + 部分公开, and "部分公开42件" inside it is not a claim about 部分公开 alone.
PROSE_CLAIMS = (
    ProseClaim(_RECEIVED + _INCLUDES_CARRIED, (t3_id("new", "total"), t3_id("carried_in", "total")),
               "本年新收与上年结转政府信息公开申请数之和"),
    ProseClaim(_RECEIVED, (t3_id("new", "total"),), "本年新收政府信息公开申请数"),
    ProseClaim(rf"未(?:收到|受理){_GAP}申请", (t3_id("new", "total"),), "本年新收政府信息公开申请数"),
    ProseClaim(rf"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?(?:共)?{_N}件", (t3_id("carried_in", "total"),),
               "上年结转申请数"),
    ProseClaim(rf"(?<!部分)予以公开(?:及|和|与|、|或)部分公开(?:的)?(?:共计|共|合计)?{_N}件",
               (t3_id("granted", "total"), t3_id("partial", "total")), "予以公开与部分公开数之和"),
    ProseClaim(rf"(?<!部分)予以公开(?:的)?{_N}件", (t3_id("granted", "total"),), "予以公开数"),
    ProseClaim(rf"部分公开(?:的)?{_N}件", (t3_id("partial", "total"),), "部分公开数"),
    ProseClaim(rf"结转下(?:一)?年度(?:继续办理)?(?:的)?{_N}件", (t3_id("carried_out", "total"),),
               "结转下年度继续办理数"),
    *(ProseClaim(pattern.format(what=what, n=_N), (field,), name)
      for what, kind, label in ((r"(?:行政)?规范性文件", "normative", "行政规范性文件"), ("规章", "rules", "规章"))
      for pattern, field, name in (
          # "本年度制发行政规范性文件62件" (平潭 2024); the verb right before the words, so "制发党内规范性文件" is not read
          (r"(?:制发|制定|出台)(?:了)?(?:的)?{what}(?:共)?{n}件", f"t2_{kind}_issued", f"本年制发{label}件数"),
          (r"废止(?:了)?(?:的)?{what}(?:共)?{n}件", f"t2_{kind}_repealed", f"本年废止{label}件数"),
          (r"现行有效(?:的)?{what}(?:共)?{n}件", f"t2_{kind}_in_force", f"现行有效{label}件数"))),
    ProseClaim(rf"行政复议(?:案件|申请)?(?:共)?{_N}件", ("t4_review_total",), "行政复议总数"),
    ProseClaim(rf"行政诉讼(?:案件)?(?:共)?{_N}件", ("t4_suit_direct_total", "t4_suit_after_review_total"),
               "行政诉讼总数（未经复议直接起诉 + 复议后起诉）"),
)

# R9: prose sections where a paragraph (or sentence) opening with another year suggests text left from
# another year's report.
YEAR_OPENING = r"(?:^|[。；\n])\s*(?P<y>(?:19|20)\d{2})年(?:度)?[，,、]"
YEAR_CHECKED_PROSE = ("overview_intro", "overview_proactive", "overview_requests", "overview_management",
                      "overview_platform", "overview_oversight", "problems_this_year", "other_fees",
                      "other_work_points", "other_proposals", "other_misc")
# Sections 五 (problems and how they will be improved) and 六 (other matters) also say what the office
# will do next: "2025年，将重点从以下方面做好改进" in the 2024 report. There an opening with the year after
# the report year is accepted: it is a plan, and it cannot be text left from last year's report, whose
# plans carry this report's year. Any other year is still questioned there, last year's above all.
# The overview (一) tells of the report year only: a later year there is a slip of the pen (reports
# are written in the January after), and is questioned as one. 五's first part, last year's problems
# and how they were put right (problems_last_year), opens with last year's year by nature: not checked.
YEAR_PLAN_PROSE = ("problems_this_year", "other_fees", "other_work_points", "other_proposals", "other_misc")

SUM_RULES = _sum_rules()
CROSS_YEAR_RULES = _cross_year_rules()
