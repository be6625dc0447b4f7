"""The format tables: inputs (`inputs.INPUTS`) and outputs (`report.formats.OUTPUTS`).

Each file kind is read by the reader its table line names, and each output comes back as bytes
with the suffix its line names; the places that used to decide by suffix now ask the tables.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from report_kit.api import compile_report, input_kind, load_submission, report_filename
from report_kit.json_data import dumps
from report_kit.published.reading import read_published
from report_kit.report.charts import CHARTS_HEADING, chart_svg
from report_kit.report.formats import OUTPUTS, RenderOptions, render
from report_kit.report.html import page_html
from report_kit.round.discovery import find_inputs

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "2024-某某市生态环境局.xlsx"
HUAIAN = ROOT / "tests" / "data" / "published" / "huaian_hongze_2023.pdf"
PINGTAN = ROOT / "tests" / "data" / "published" / "pingtan_gov_2024.html"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


# --- inputs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [HUAIAN, PINGTAN], ids=["pdf", "html"])
def test_a_published_report_loads_as_import_reads_it(path):
    loaded = load_submission(path, published=True)
    imported = read_published(path).submission
    assert loaded.computed() == imported.computed()
    assert loaded.stated_totals == imported.stated_totals and loaded.facts == imported.facts


def test_a_published_report_is_recognised_by_content_not_by_name(tmp_path):
    renamed = tmp_path / "report.xlsx"
    renamed.write_bytes(HUAIAN.read_bytes())
    assert input_kind(renamed, published=True).name == "published"
    assert input_kind(renamed).name == "workbook"  # check still reads it as a workbook and says what it is
    assert load_submission(renamed, published=True).computed() == read_published(HUAIAN).submission.computed()


def test_check_of_a_published_report_still_says_it_is_not_a_workbook():
    result = run("check", HUAIAN)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_json_returns_are_not_annotated_workbooks_are(tmp_path):
    data = tmp_path / "数据.json"
    data.write_text(dumps(load_submission(SAMPLE)), encoding="utf-8")
    assert load_submission(data).computed() == load_submission(SAMPLE).computed()
    assert (input_kind(data).name, input_kind(data).annotatable) == ("json", False)
    assert (input_kind(SAMPLE).name, input_kind(SAMPLE).annotatable) == ("workbook", True)


def test_a_folder_holds_the_input_kinds_of_a_round_only(tmp_path):
    for name in ("a.xlsx", "b.json", "c.ods", "d.pdf", "e.docx", "f.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in find_inputs([tmp_path])] == ["a.xlsx", "b.json", "c.ods"]


# --- outputs ---------------------------------------------------------------------------------------

def test_compile_gives_bytes_and_the_suffix_of_the_format_asked():
    submission = load_submission(SAMPLE)
    word = compile_report(submission)
    assert (word.report.format, word.report.suffix) == ("docx", ".docx") and word.docx == word.report.data
    assert word.report.data[:2] == b"PK"
    page = compile_report(submission, output="html")
    assert (page.report.suffix, page.docx) == (".html", None)
    assert page.report.data == page_html(submission).encode("utf-8")
    assert report_filename(submission, "html") == report_filename(submission).removesuffix(".docx") + ".html"


def test_every_output_renders_from_the_table():
    submission = load_submission(SAMPLE)
    for name, output in OUTPUTS.items():
        rendered = render(name, submission, RenderOptions())
        assert rendered.suffix == output.suffix and rendered.data
    charts = render("charts", submission).data.decode("utf-8")
    assert charts.endswith(chart_svg(submission)) and charts.startswith("<!-- report-kit|")
    assert OUTPUTS["charts"].tail == f"（{CHARTS_HEADING}）"


def test_json_of_a_check_names_printed_places_or_cells():
    """`Finding.cells` is the workbook cell for a workbook, the printed place for a published report."""
    from report_kit.checker import check
    from report_kit.published.audit import audit_report

    workbook = check(load_submission(SAMPLE, published=True))
    assert all(not f.places for f in workbook.findings)
    audited = audit_report(read_published(HUAIAN))
    placed = [f for f in audited.findings if f.fields]
    assert placed and all(len(f.cells) == len(f.fields) and f.cells == f.places for f in placed)
    assert all(cell.startswith("第") for f in placed for cell in f.cells)
    assert json.dumps([f.to_dict() for f in placed], ensure_ascii=False).count('"place"') >= len(placed)
