"""Prose drafted from the tables, in the usual wording of published reports.

The most common error in published reports is prose that contradicts table 三; a paragraph written
from the numbers cannot. Every number a draft states is one the prose rules (R8) read back and
compare, so a draft always passes R8 (tests/test_draft.py checks it over random tables).
Group and result names come from the form spec's labels; only the connecting words live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..form import FORM
from ..form import form2021 as layout
from ..form import messages as msg
from ..submission import Finding, Submission

# Prose fields a draft can fill, in report order, with what each draft is built from.
DRAFTABLE = ("overview_proactive", "overview_requests")
SUM_CODES = ("R1", "R2", "R3", "R4")  # the sums of tables 三 and 四 the paragraphs state


def short_label(label: str) -> str:
    """"（二）部分公开（区分处理的，…）" -> "部分公开"; "1.属于国家秘密" -> "属于国家秘密"."""
    label = re.sub(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)", "", label)
    return label.split("（")[0]


def _result_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The seven result groups of table 三 ((一) to (六) as the report names them) and their row keys."""
    groups: dict[str, list[str]] = {}
    for key, label, group, place in layout.T3_ROWS:
        if place == "result" and key != "handled_total":
            groups[short_label(label)] = [key]
        elif place == "item":
            groups.setdefault(short_label(group), []).append(key)
    return tuple((name, tuple(keys)) for name, keys in groups.items())


RESULT_GROUPS = _result_groups()


def _t3(values: dict, row: str) -> int:
    return values[layout.t3_id(row, "total")]


def _year_opening(submission: Submission) -> str:
    """"2024年，某某市生态环境局", as published reports open a paragraph."""
    year = f"{submission.year}年，" if submission.year else NO_YEAR
    return year + (submission.agency or NO_AGENCY)


# The 依申请公开 paragraph's wording, shared by the Python draft and the workbook's live formula
# (`requests_formula`), so that the two cannot drift apart. {name} marks a number or a label.
NO_YEAR, NO_AGENCY = "本年度，", "本机关"
NONE_AT_ALL = "未收到政府信息公开申请。"
NONE_NEW = "未收到新的政府信息公开申请，上年结转{carried_in}件。"
RECEIVED = "共收到政府信息公开申请{new}件"
BY_TYPE = "（其中{natural_label}申请{natural}件，{org_label}申请{org}件）"
CARRIED_IN = "，另有上年结转{carried_in}件。"
FULL_STOP = "。"
NONE_HANDLED = "本年度未办结政府信息公开申请"
HANDLED = "本年度办结{handled}件，其中"
GROUP = "{name}{n}件"
GROUP_SEPARATOR = "，"
CARRIED_OUT = "；结转下年度继续办理{carried_out}件。"
NONE_CARRIED_OUT = "；无结转下年度继续办理的申请。"


def _labels() -> dict[str, str]:
    return {"natural_label": layout.T3_COLUMNS[0][1], "org_label": layout.T3_ORGS_LABEL}


def requests_paragraph(submission: Submission) -> str:
    """收到和处理政府信息公开申请情况: new, carried in, the result groups, carried out."""
    values = submission.computed()
    new, carried_in = _t3(values, "new"), _t3(values, "carried_in")
    handled, carried_out = _t3(values, "handled_total"), _t3(values, "carried_out")
    opening = _year_opening(submission)
    if new == 0 and carried_in == 0 and handled == 0 and carried_out == 0:
        return opening + NONE_AT_ALL
    if new == 0:
        first = opening + NONE_NEW.format(carried_in=carried_in)
    else:
        first = opening + RECEIVED.format(new=new) + _applicants(values)
        first += CARRIED_IN.format(carried_in=carried_in) if carried_in else FULL_STOP
    if handled == 0:
        second = NONE_HANDLED
    else:
        parts = [GROUP.format(name=name, n=sum(_t3(values, k) for k in keys)) for name, keys in RESULT_GROUPS
                 if sum(_t3(values, k) for k in keys)]
        second = HANDLED.format(handled=handled) + GROUP_SEPARATOR.join(parts)
    third = CARRIED_OUT.format(carried_out=carried_out) if carried_out else NONE_CARRIED_OUT
    return first + second + third


def _applicants(values: dict) -> str:
    """"（其中自然人申请12件，法人或其他组织申请5件）" when both kinds applied; "" otherwise."""
    natural = values[layout.t3_id("new", layout.T3_APPLICANT_COLUMNS[0])]
    total = values[layout.t3_id("new", "total")]
    if natural == 0 or natural == total:
        return ""
    return BY_TYPE.format(natural=natural, org=total - natural, **_labels())


# --- the same paragraph as a spreadsheet formula ------------------------------------------------

def _ref(field_id: str) -> str:
    f = FORM.field(field_id)
    return f"'{f.sheet}'!{f.cell}"


def _literal(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _xl(template: str, **parts: str) -> str:
    """A phrase template as a formula expression: its literal text joined (&) with the given expressions."""
    pieces = []
    for i, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if i % 2:
            pieces.append(parts[piece])
        elif piece:
            pieces.append(_literal(piece))
    return "&".join(pieces) if pieces else '""'


def _number(expr: str) -> str:
    return f'TEXT({expr},"0")'


def requests_formula() -> str:
    """`requests_paragraph` as a spreadsheet formula over the workbook's cells (without the leading
    "="): the 文字内容 sheet shows it live beside the 依申请公开 input cell, for staff to copy."""
    def t3(row: str, col: str = "total") -> str:
        return _ref(layout.t3_id(row, col))

    new, carried_in, handled, carried_out = t3("new"), t3("carried_in"), t3("handled_total"), t3("carried_out")
    natural = t3("new", layout.T3_APPLICANT_COLUMNS[0])
    year, agency = _ref("year"), _ref("agency")
    opening = (f'IF({year}="",{_literal(NO_YEAR)},{year}&{_literal("年，")})&'
               f'IF({agency}="",{_literal(NO_AGENCY)},{agency})')
    labels = {k: _literal(v) for k, v in _labels().items()}
    by_type = (f"IF(AND({natural}<>0,{natural}<>{new}),"
               f'{_xl(BY_TYPE, natural=_number(natural), org=_number(f"{new}-{natural}"), **labels)},"")')
    first = (f"IF({new}=0,{_xl(NONE_NEW, carried_in=_number(carried_in))},"
             f"{_xl(RECEIVED, new=_number(new))}&{by_type}&"
             f"IF({carried_in}<>0,{_xl(CARRIED_IN, carried_in=_number(carried_in))},{_literal(FULL_STOP)}))")
    groups = []
    for name, keys in RESULT_GROUPS:
        total = "(" + "+".join(t3(k) for k in keys) + ")"
        groups.append(f"IF({total}<>0,{_literal(GROUP_SEPARATOR)}&"
                      f'{_xl(GROUP, name=_literal(name), n=_number(total))},"")')
    second = (f"IF({handled}=0,{_literal(NONE_HANDLED)},{_xl(HANDLED, handled=_number(handled))}&"
              f"MID({'&'.join(groups)},{len(GROUP_SEPARATOR) + 1},4000))")
    third = (f"IF({carried_out}<>0,{_xl(CARRIED_OUT, carried_out=_number(carried_out))},"
             f"{_literal(NONE_CARRIED_OUT)})")
    return (f"{opening}&IF(AND({new}=0,{carried_in}=0,{handled}=0,{carried_out}=0),{_literal(NONE_AT_ALL)},"
            f"{first}&{second}&{third})")


def review_paragraph(submission: Submission) -> str:
    """行政复议、行政诉讼: counts and outcomes (the results of table 四 with non-zero counts)."""
    values = submission.computed()
    groups = {key: label for key, label in layout.T4_GROUPS}
    review = values["t4_review_total"]
    direct, after = values["t4_suit_direct_total"], values["t4_suit_after_review_total"]
    opening = "本年度，"
    if review == 0 and direct + after == 0:
        return f"{opening}未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    sentences = []
    if review:
        sentences.append(f"因政府信息公开工作被申请行政复议{review}件，{_outcomes(values, 'review')}")
    else:
        sentences.append("未发生因政府信息公开工作被申请行政复议的情况")
    if direct + after:
        kinds = [f"{groups[g].split('·')[-1]}{values[f't4_{g}_total']}件"
                 for g in ("suit_direct", "suit_after_review") if values[f"t4_{g}_total"]]
        outcomes = _suit_outcomes(values)
        sentences.append(f"被提起行政诉讼{direct + after}件（{'，'.join(kinds)}），{outcomes}")
    else:
        sentences.append("未发生因政府信息公开工作被提起行政诉讼的情况")
    return opening + "；".join(sentences) + "。"


def _outcomes(values: dict, group: str) -> str:
    parts = [f"{label}{values[f't4_{group}_{key}']}件" for key, label in layout.T4_RESULTS[:-1]
             if values[f"t4_{group}_{key}"]]
    return "其中" + "，".join(parts)


def _suit_outcomes(values: dict) -> str:
    parts = []
    for key, label in layout.T4_RESULTS[:-1]:
        n = values[f"t4_suit_direct_{key}"] + values[f"t4_suit_after_review_{key}"]
        if n:
            parts.append(f"{label}{n}件")
    return "其中" + "，".join(parts)


def table2_sentence(submission: Submission) -> str:
    """The table-二 sentence: 规章 and 行政规范性文件 issued, repealed and in force."""
    values = submission.computed()
    opening = _year_opening(submission)
    parts = []
    for kind in ("rules", "normative"):
        name = FORM.field(f"t2_{kind}_issued").row_label.split(" ")[-1]
        issued, repealed = values[f"t2_{kind}_issued"], values[f"t2_{kind}_repealed"]
        in_force = values[f"t2_{kind}_in_force"]
        if issued or repealed:
            done = "、".join(x for x in (f"制发{name}{issued}件" if issued else "",
                                        f"废止{repealed}件" if repealed else "") if x)
            parts.append(f"{done}，现行有效{name}{in_force}件")
        else:
            parts.append(f"未制发、废止{name}，现行有效{name}{in_force}件")
    return opening + "；".join(parts) + "。"


@dataclass(frozen=True)
class Draft:
    """Drafted paragraphs by prose field id."""

    paragraphs: dict[str, str]


def draft(submission: Submission) -> Draft:
    """Paragraphs for the prose sections that can be drafted from the tables."""
    return Draft({
        "overview_proactive": table2_sentence(submission),
        "overview_requests": requests_paragraph(submission) + "\n" + review_paragraph(submission),
    })


def refusal(submission: Submission, errors: list[Finding]) -> str:
    """Why data with `errors` is not drafted, as it is for this data: a number that could not be
    read (it would be drafted as 0), sums that do not add up (the paragraph would not either),
    or, for any other error, only that there are errors."""
    numbers = {f.id for f in FORM.numbers}
    unread = len(submission.rejected & numbers)
    sums = sorted({f.code for f in errors} & set(SUM_CODES))
    why = ([msg.DRAFT_UNREAD.format(count=unread)] if unread else []) + \
        ([msg.DRAFT_SUMS.format(rules="、".join(sums))] if sums else [])
    return msg.DRAFT_REFUSED.text(why="；".join(why)) if why else msg.DRAFT_REFUSED_PLAIN.text()


def fill_empty_prose(submission: Submission) -> tuple[Submission, tuple[str, ...]]:
    """`submission` with drafted text in the EMPTY draftable sections; returns it and the ids filled.

    Typed prose is never replaced; the caller's submission is left as it was.
    """
    drafted = draft(submission).paragraphs
    filled = tuple(fid for fid in DRAFTABLE if not submission.prose.get(fid, "").strip())
    if not filled:
        return submission, ()
    prose = {**submission.prose, **{fid: drafted[fid] for fid in filled}}
    return replace(submission, prose=prose), filled
