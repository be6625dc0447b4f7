"""The 填表说明 sheet's text, generated from the spec so it can never contradict the checks."""

from __future__ import annotations

from ..form import FORM
from ..form.form2021 import PLACEHOLDERS, REPORT_NAME, SHEET_BREAKDOWN, SHEET_CHECKS, SHEET_EXCLUDED, SHEET_PROSE
from ..form.rules import CHECKS


def guide_lines(agency: str, year: int, carried_in_locked: bool = False,
                aggregated_from: int = 0) -> list[tuple[str, str]]:
    """(style, text) lines: style is "title", "head" or "text".

    `aggregated_from`: the number of department returns a 汇总 workbook sums (0: not a 汇总).
    """
    who = agency or "本单位"
    sheets = "、".join(s.name for s in FORM.sheets)
    placeholders = "、".join(f"“{p}”" for p in sorted(PLACEHOLDERS))
    lines = [
        ("title", f"{year}年{REPORT_NAME}填报表"),
        ("text", f"填报单位：{who}。统计期限：{year}年1月1日至{year}年12月31日。"),
        ("text", "本表依据《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）制作，"
                 f"版本：{FORM.version_label}。请勿增删工作表、行或列，也不要改动表格标题。"),
        ("head", "一、怎么填"),
        ("text", f"1. 依次填写：{sheets}。只有浅黄色的格子可以填写，其余格子已锁定。"),
        ("text", "2. 数字格子只填阿拉伯数字，没有就填 0。件数填整数；行政事业性收费以“万元”为单位，可有小数。"),
        ("text", "3. 蓝色的“总计”由公式自动计算，不需要也不能填写。"),
        ("text", f"4. “{SHEET_PROSE}”表每个格子写一个小节；在格子内分段换行：Excel、WPS 按 Alt+Enter，"
                 "LibreOffice 按 Ctrl+Enter。文中提到的数字要与表格一致。"),
        ("text", f"5. 填完后查看“{SHEET_CHECKS}”表：全部显示 ✓ 再报送。出现 ✗ 的行会变红，请按提示核对。"),
        ("text", "6. 保存为 .xlsx 格式后按原文件名报送。Excel、WPS、LibreOffice 均可填写。"),
        ("head", "二、报送后会检查什么（以下规则由汇总单位的工具逐项核对）"),
    ]
    for check in CHECKS:
        if check.applies == "return":
            lines.append(("text", f"{check.code}　{check.title}"))
    # The round's checks (D…) concern how files are sent, not what is typed: one line keeps the guide on one page.
    round_checks = [check for check in CHECKS if check.applies == "round"]
    lines.append(("text", f"{round_checks[0].code}–{round_checks[-1].code}　一轮报送的核对："
                          + "；".join(check.title for check in round_checks) + "。"))
    lines += [
        ("head", "三、常见问题"),
        ("text", f"· 空白格子或填写 {placeholders} 的，按 0 计算，但会被提示，请直接填 0。"),
        ("text", f"· 数字中夹带文字（如“22（其中修订16件）”“251000元”）会被退回：说明请写在“{SHEET_PROSE}”表。"),
        ("text", "· 复制粘贴会绕过格子的输入限制，所以报送后还会逐格检查；全角数字、首尾空格会自动纠正并提示。"),
        ("text", "· 表二的“行政事业性收费”（万元）与第六部分的“信息处理费”（通常以元计）不是一回事，互不核对。"),
    ]
    if aggregated_from:
        lines.append(("text", f"· 本表是汇总表：表二至表四的数字是 {aggregated_from} 个部门报送数据之和，已锁定；"
                              f"各部门的数字见“{SHEET_BREAKDOWN}”表，未纳入汇总的部门及原因见“{SHEET_EXCLUDED}”表。"
                              "请填写基本信息和文字内容。"))
    elif carried_in_locked:
        sheet, carried_in, carried_out = FORM.carried_labels
        lines.append(("text", f"· {sheet}“{carried_in}”已按上年报告“{carried_out}”预填并锁定；"
                              "如因机构变动等原因确需不同，请联系汇总单位。"))
    lines.append(("text", f"本表共有 {len(FORM.inputs)} 个需填写的数字格子、{len(FORM.prose)} 个文字小节、"
                          f"{len(FORM.facts)} 项基本信息。"))
    return lines
