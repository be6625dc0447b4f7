"""Prose drafted from the tables: it passes R8 for any consistent tables, reads like published
reports, fills only empty sections, and the commands that use it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report_kit.checker import check
from report_kit.api import load_submission
from report_kit.report.draft import draft, fill_empty_prose, requests_paragraph, review_paragraph, table2_sentence
from report_kit.form import FORM, Kind
from report_kit.form import form2021 as layout
from report_kit.submission import Submission
from tests.helpers import edit_workbook

ROOT = Path(__file__).resolve().parents[1]
BUSY = ROOT / "samples" / "2024-某某市生态环境局.json"
QUIET = ROOT / "samples" / "2024-济宁高新区科技创新局.json"  # the example report: every count 0

# Mostly zeros: real small agencies have empty groups, and zero cases take other sentences.
sparse = st.one_of(st.just(0), st.just(0), st.integers(1, 60))


@st.composite
def consistent_tables(draw):
    """Random inputs for which R1–R4 hold (as tests/test_properties.py builds them), many of them 0."""
    values = {}
    for f in FORM.inputs:
        values[f.id] = draw(st.decimals(0, 10**5, places=2)) if f.kind is Kind.MONEY else draw(sparse)
    for col in layout.T3_APPLICANT_COLUMNS:
        handled = sum(values[f"t3_{r}_{col}"] for r in layout.T3_RESULT_ROWS)
        carried_out = draw(sparse)
        values[f"t3_carried_out_{col}"] = carried_out
        values[f"t3_carried_in_{col}"] = draw(st.integers(0, handled + carried_out))
        values[f"t3_new_{col}"] = handled + carried_out - values[f"t3_carried_in_{col}"]
    agency = draw(st.sampled_from(["某局", "某某市第二人民医院", "某某县人民政府办公室"]))
    return Submission(facts={"agency": agency, "year": draw(st.integers(2021, 2030))}, values=values)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_tables())
def test_drafted_prose_always_passes_r8_and_r9(submission):
    # consistent tables; all zero and without prose the return counts as untouched (F3), nothing else
    assert [f.code for f in check(submission).errors] in ([], ["F3"])
    drafted = replace(submission, prose=dict(draft(submission).paragraphs))
    findings = [f for f in check(drafted).findings if f.code in ("R8", "R9")]
    assert findings == [], [f.message for f in findings]
    text = "".join(drafted.prose.values())
    values = submission.computed()
    if values["t3_new_total"]:
        assert f"共收到政府信息公开申请{values['t3_new_total']}件" in text
    if values["t4_review_total"]:
        assert f"行政复议{values['t4_review_total']}件" in text


@settings(max_examples=100, deadline=None)
@given(consistent_tables(), st.sampled_from(["t3_new_natural", "t3_granted_business", "t3_carried_out_other",
                                             "t4_review_upheld", "t4_suit_direct_corrected"]),
       st.integers(1, 9))
def test_a_draft_of_other_tables_is_caught_by_r8(submission, field_id, delta):
    """The other direction: prose drafted from different numbers does not pass (R8 reads the drafts)."""
    other = replace(submission, values={**submission.values, field_id: submission.values[field_id] + delta})
    wrong = replace(submission, prose=dict(draft(other).paragraphs))
    assert any(f.code == "R8" for f in check(wrong).findings), field_id


def test_busy_year_reads_like_a_published_report():
    submission = load_submission(BUSY)
    assert requests_paragraph(submission) == (
        "2024年，某某市生态环境局共收到政府信息公开申请95件（其中自然人申请60件，法人或其他组织申请35件），"
        "另有上年结转5件。本年度办结94件，其中予以公开43件，部分公开13件，不予公开9件，无法提供20件，不予处理6件，"
        "其他处理3件；结转下年度继续办理6件。")
    assert review_paragraph(submission) == (
        "本年度，因政府信息公开工作被申请行政复议5件，其中结果维持3件，结果纠正1件，尚未审结1件；"
        "被提起行政诉讼4件（未经复议直接起诉3件，复议后起诉1件），其中结果维持3件，其他结果1件。")
    assert table2_sentence(submission) == (
        "2024年，某某市生态环境局未制发、废止规章，现行有效规章0件；"
        "制发行政规范性文件5件、废止2件，现行有效行政规范性文件38件。")


def test_a_year_without_requests_gets_the_usual_sentences():
    submission = load_submission(QUIET)
    assert requests_paragraph(submission) == "2024年，济宁高新区科技创新局未收到政府信息公开申请。"
    assert review_paragraph(submission) == "本年度，未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    carried_only = replace(submission, values={**submission.values, "t3_carried_in_natural": 2,
                                               "t3_granted_natural": 1, "t3_carried_out_natural": 1})
    assert requests_paragraph(carried_only) == (
        "2024年，济宁高新区科技创新局未收到新的政府信息公开申请，上年结转2件。本年度办结1件，其中予以公开1件；"
        "结转下年度继续办理1件。")


def test_fill_empty_prose_never_replaces_typed_text():
    submission = load_submission(BUSY)
    typed = submission.prose["overview_requests"]
    emptied = replace(submission, prose={**submission.prose, "overview_proactive": "  "})
    filled, ids = fill_empty_prose(emptied)
    assert ids == ("overview_proactive",)
    assert filled.prose["overview_requests"] == typed
    assert filled.prose["overview_proactive"] == table2_sentence(submission)
    assert emptied.prose["overview_proactive"] == "  "  # the caller's submission is left alone
    assert fill_empty_prose(submission) == (submission, ())


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


def test_draft_command_prints_the_paragraphs_under_their_sub_heads():
    done = run("draft", QUIET)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "【（一）主动公开情况】\n2024年，济宁高新区科技创新局未制发、废止规章，现行有效规章0件；"
        "未制发、废止行政规范性文件，现行有效行政规范性文件1件。\n\n"
        "【（二）依申请公开情况】\n2024年，济宁高新区科技创新局未收到政府信息公开申请。\n"
        "本年度，未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。\n")
    assert run("draft", ROOT / "missing.json").returncode == 2


def test_compile_draft_prose_fills_only_empty_sections(tmp_path):
    import json

    data = json.loads(BUSY.read_text("utf-8"))
    data["prose"]["overview_requests"] = ""
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    done = run("compile", source, "--html-only", "--draft-prose", "-o", tmp_path / "r.html")
    assert done.returncode == 0, done.stderr
    assert "已按表格数字起草“（二）依申请公开情况”（原为空白）；请核对后再发布。" in done.stdout
    page = (tmp_path / "r.html").read_text("utf-8")
    assert "共收到政府信息公开申请95件" in page
    assert data["prose"]["overview_proactive"].split("\n")[0] in page  # typed text kept
    again = run("compile", BUSY, "--html-only", "--draft-prose", "-o", tmp_path / "s.html")
    assert "可起草的小节都已填写，未改动正文。" in again.stdout


def _live_paragraph(path: Path) -> str:
    import openpyxl

    from report_kit.workbook.live_draft import DRAFTED_FIELD

    f = FORM.field(DRAFTED_FIELD)
    return openpyxl.load_workbook(path, data_only=True)[f.sheet].cell(f.row + 1, f.col + 2).value


def test_the_workbook_shows_the_drafted_paragraph_before_anything_recalculates(tmp_path):
    from report_kit.api import make_workbook

    path = tmp_path / "wb.xlsx"
    path.write_bytes(make_workbook(data=load_submission(BUSY)))
    assert _live_paragraph(path) == requests_paragraph(load_submission(BUSY))


def test_the_live_paragraph_follows_what_staff_type_in_libreoffice(office, tmp_path):
    """A real LibreOffice recalculates the formula as staff type: it must say what `draft` says."""
    from report_kit.api import make_workbook
    from report_kit.workbook.reader import read_workbook
    from tests.helpers import office_cells

    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(make_workbook("某某市生态环境局", 2024))
    busy = load_submission(BUSY).values
    carried_only = {"t3_carried_in_natural": 2, "t3_granted_natural": 1, "t3_carried_out_natural": 1}
    organisations_only = {"t3_new_business": 3, "t3_withheld_internal_business": 2, "t3_other_misc_business": 1}
    for name, typed in (("busy", {k: int(v) for k, v in busy.items() if k.startswith("t3_")}),
                        ("carried", carried_only), ("orgs", organisations_only), ("none", {})):
        saved = tmp_path / f"{name}.xlsx"
        office.fill(blank, saved, office_cells(typed))
        assert _live_paragraph(saved) == requests_paragraph(read_workbook(saved)), name


def test_draft_refuses_data_with_errors_rather_than_drafting_a_zero(tmp_path):
    data = json.loads(QUIET.read_text(encoding="utf-8"))
    data["values"]["t2_rules_issued"] = "9" * 5000  # rejected: drafting it as 0 would print a false sentence
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run("draft", bad)
    assert done.returncode == 1
    assert done.stderr.endswith("数据有错误，未起草：有 1 个数字无法使用（见上面的 R5 错误），起草时会按 0 写进正文。"
                                "请按上面的提示修改后重试。\n")
    assert "未制发、废止规章" not in done.stdout


def test_draft_refusing_sums_that_do_not_add_up_says_so_not_unread_cells(tmp_path):
    """Every cell read, but 一 + 二 no longer equals （七）总计 + 四: the reason is the sums."""
    bad = edit_workbook(ROOT / "samples" / "2024-某某市生态环境局.xlsx", tmp_path / "r1.xlsx", {"t3_new_natural": 61})
    done = run("draft", bad)
    assert done.returncode == 1 and "[错误] R1 " in done.stdout
    assert done.stderr.endswith("数据有错误，未起草：表格中的数字相互对不上（R1），照此起草的段落也会对不上。"
                                "请按上面的提示修改后重试。\n")
    assert "无法使用" not in done.stderr and "【" not in done.stdout  # no drafted section


def test_draft_refusing_other_errors_says_only_that_there_are_errors(tmp_path):
    data = json.loads(QUIET.read_text(encoding="utf-8"))
    data["facts"]["agency"] = ""  # F1: nothing wrong with the numbers
    bad = tmp_path / "no-agency.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run("draft", bad)
    assert done.returncode == 1 and "[错误] F1 " in done.stdout
    assert done.stderr.endswith("数据有错误，未起草。请按上面的提示修改后重试。\n")
