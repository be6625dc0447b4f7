"""The 图解: every number it shows is a table value (or a ratio of them), over random tables; the SVG is
well-formed and fits a phone; `compile --charts` writes it and embeds it in the page."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.dom.minidom
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from report_kit.api import load_submission
from report_kit.report.charts import chart_svg, texts
from tests.test_draft import consistent_tables

ROOT = Path(__file__).resolve().parents[1]
BUSY = ROOT / "samples" / "2024-某某市生态环境局.json"
QUIET = ROOT / "samples" / "2024-济宁高新区科技创新局.json"


def _numbers_match_the_tables(submission, previous=None) -> list[str]:
    values = submission.computed()
    last = previous.computed() if previous is not None else {}
    svg = chart_svg(submission, previous)
    xml.dom.minidom.parseString(svg)  # well-formed: opens as a file, not only inside HTML
    shown = []
    for attrs, text in texts(svg):
        digits = re.findall(r"\d+(?:\.\d+)?", text)
        if attrs.get("data-role") in ("title", "legend"):
            assert digits in ([], [str(submission.year)], [str(submission.year - 1)]), text
            continue
        if "data-fields" in attrs:
            source = last if attrs.get("data-year") == "previous" else values
            expected = sum(source[i] for i in attrs["data-fields"].split("+"))
            assert digits == [str(expected)], (text, attrs)
        elif "data-ratio" in attrs:
            top, bottom = (sum(values[i] for i in part.split("+")) for part in attrs["data-ratio"].split("/"))
            if bottom == 0:
                assert text == "—"
            else:
                assert Decimal(digits[0]) == (Decimal(top) * 100 / bottom).quantize(Decimal("0.1")), text
        else:
            assert digits == [], text  # a label: no number without saying where it comes from
            continue
        shown.append(text)
    return shown


def test_busy_sample_shows_its_key_figures_and_bars():
    shown = _numbers_match_the_tables(load_submission(BUSY))
    assert shown[:5] == ["95件", "5件", "94%", "办结94件", "59.6%"]
    assert len(shown) == 9 + 6 + 6  # key figures and notes, applicants by type, six result groups


def test_a_year_without_requests_shows_zeros_and_no_made_up_rates():
    svg = chart_svg(load_submission(QUIET))
    _numbers_match_the_tables(load_submission(QUIET))
    assert svg.count(">—</text>") == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_tables(), consistent_tables())
def test_every_number_drawn_is_a_table_number(submission, last_year):
    _numbers_match_the_tables(submission)
    shown = _numbers_match_the_tables(submission, last_year)
    assert len(shown) == 21 + 12  # six items compared, this year and last


def test_a_long_agency_name_stays_inside_the_chart():
    submission = load_submission(QUIET)
    submission.facts["agency"] = "某某省某某市某某区人民政府办公室（区政务服务和大数据管理局）"
    first = texts(chart_svg(submission))[0][0]
    width = int(re.search(r'viewBox="0 0 (\d+)', chart_svg(submission)).group(1))
    assert int(first["font-size"]) * len(submission.facts["agency"]) <= width - 32


def test_compile_charts_writes_the_svg_and_puts_it_in_the_page(tmp_path):
    source = tmp_path / "in.json"
    source.write_bytes(BUSY.read_bytes())
    done = subprocess.run([sys.executable, "-m", "report_kit", "compile", source, "--html-only", "--charts"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    name = "2024年政府信息公开工作年度报告-某某市生态环境局"
    assert f"已生成图解：{tmp_path / (name + '（图解）.svg')}" in done.stdout
    svg = (tmp_path / f"{name}（图解）.svg").read_text("utf-8")
    xml.dom.minidom.parseString(svg)
    page = (tmp_path / f"{name}.html").read_text("utf-8")
    assert "<h2" in page and ">图解</h2><svg" in page and page.count("<svg") == 1


def test_compile_charts_with_previous_compares_with_last_year(tmp_path):
    import json

    data = json.loads(BUSY.read_text("utf-8"))
    last = json.loads(BUSY.read_text("utf-8"))
    last["facts"]["year"] = 2023
    for key in list(last["values"]):
        if key.startswith("t3_carried_out_"):
            last["values"][key] = data["values"][key.replace("carried_out", "carried_in")]
    last["values"]["t4_review_upheld"] = 7
    (tmp_path / "last.json").write_text(json.dumps(last, ensure_ascii=False), "utf-8")
    source = tmp_path / "in.json"
    source.write_bytes(BUSY.read_bytes())
    done = subprocess.run([sys.executable, "-m", "report_kit", "compile", source, "--html-only", "--charts",
                           "--previous", tmp_path / "last.json", "-o", tmp_path / "r.html"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    svg = next(tmp_path.glob("*（图解）.svg")).read_text("utf-8")
    assert ">与上年对比</text>" in svg and ">2023年</text>" in svg
    assert '<text x="430" y="' in svg  # numbers drawn beside the bars
    assert re.search(r'data-fields="t4_review_total" data-year="previous">9</text>', svg)
