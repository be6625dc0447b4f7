"""The report as a reviewer sees it: rendered by real LibreOffice to PDF, read back with poppler.

A long report (a whole city's numbers, long prose) so that 表三 crosses pages: every page has its
“— n —” in the right place, every 表三 row is whole on one page with every number on one line, the
header repeats, and the PDF uses the Chinese faces chosen for the missing 公文 fonts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from report_kit.report.pdf import docx_to_pdf, find_office, plan_substitutions, replacement_table
from report_kit.report.render import render_report
from report_kit.form import FORM, Kind
from report_kit.form import form2021 as layout
from report_kit.form import messages as msg
from tests.helpers import department_data

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "2024-某某市生态环境局.xlsx"
MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TEXT_BOTTOM = PAGE_H - 35 * MM  # GB/T 9704: the text block ends 35 mm above the page's edge
ONE_CHARACTER = 14  # pt: a 4号 character


@pytest.fixture(scope="module")
def poppler_and_office():
    """LibreOffice and poppler-utils. Required in CI (.ci/run installs them); skipped elsewhere."""
    if find_office() is None or not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and poppler-utils are required in CI but are not installed")
        pytest.skip("LibreOffice (soffice) or poppler-utils (pdftotext) is not installed")


def _long_submission():
    """A city's year: four- and five-digit counts in every cell of 表三 (six-digit totals), the
    largest 表二 counts seen in real reports, and several long paragraphs in every section."""
    submission = department_data("某某市人民政府办公室（某某市政务服务和数据管理局）")
    value = 1000
    for f in FORM.fields:
        if f.table == "t3" and not f.derived:
            value += 37  # every cell different, so a number found on a page belongs to one cell
            submission.values[f.id] = value
        elif f.table == "t2" and f.kind is Kind.COUNT:
            submission.values[f.id] = 693957
    sentence = ("全市各级行政机关坚持以公开为常态、不公开为例外，围绕优化营商环境、保障和改善民生等重点工作，"
                "深化决策、执行、管理、服务、结果公开，依法依规做好政府信息公开申请办理工作，持续提升政务公开质量和实效。")
    for f in FORM.prose:
        submission.prose[f.id] = "\n".join(sentence * 2 for _ in range(3))
    return submission


@pytest.fixture(scope="module")
def long_report(poppler_and_office, tmp_path_factory):
    submission = _long_submission()
    converted = docx_to_pdf(render_report(submission))
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(converted.pdf)
    return submission, path, converted.substitutions


def _pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _words_by_page(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    return [[(float(w.get("xmin")), float(w.get("ymin")), float(w.get("xmax")), float(w.get("ymax")), w.text or "")
             for w in page.iter("word")] for page in root.iter("page")]


def test_every_page_is_numbered_like_gb9704(long_report):
    _submission, pdf, _subs = long_report
    pages = _words_by_page(pdf)
    assert len(pages) >= 10
    for number, words in enumerate(pages, start=1):
        footer = [w for w in words if w[1] > TEXT_BOTTOM]
        assert [w[4] for w in footer] == ["—", str(number), "—"], (number, footer)
        left, right = footer[0][0], footer[-1][2]
        if number % 2:  # odd pages: right, one character in from the text block's edge
            assert abs(right - (PAGE_W - 26 * MM - ONE_CHARACTER)) < 4, (number, right)
        else:  # even pages: left, one character in
            assert abs(left - (28 * MM + ONE_CHARACTER)) < 4, (number, left)
        top = min(w[1] for w in footer)
        assert TEXT_BOTTOM < top < TEXT_BOTTOM + 10 * MM  # just below the text block (7 mm by the standard)


def test_title_prints_in_whole_lines(long_report):
    _submission, pdf, _subs = long_report
    first = [re.sub(r"\s", "", line) for line in _pages_text(pdf)[0].splitlines()[:3]]
    assert first == ["某某市人民政府办公室", "（某某市政务服务和数据管理局）", "2024年政府信息公开工作年度报告"]


def test_table3_rows_whole_numbers_unbroken_header_repeated(long_report):
    submission, pdf, _subs = long_report
    pages = _pages_text(pdf)
    computed = submission.computed()
    flat = [re.sub(r"\s", "", page) for page in pages]
    table_pages = set()
    for key, label, _group, _place in layout.T3_ROWS:
        numbers = " ".join(str(computed[layout.t3_id(key, col)]) for col, _ in layout.T3_COLUMNS)
        # pdftotext -raw prints a row's cells in order: the label (or its last line), then the numbers
        found = [i for i, page in enumerate(pages)
                 if any(line == numbers or line.endswith(" " + numbers) for line in page.splitlines())]
        assert len(found) == 1, f"表三 row {label}: its numbers {numbers} are not one line on one page"
        page = found[0]
        assert re.sub(r"\s", "", label) in flat[page], f"表三 row {label} is not whole on page {page + 1}"
        table_pages.add(page)
    assert len(table_pages) >= 2, "the long report's 表三 should cross a page"
    for page in table_pages:  # the header repeats on every page 表三 is on
        assert "申请人情况" in flat[page] and "本列数据的勾稽关系为" in flat[page], page + 1
    # the merged label reads 三、 then one character a line: no lone "、"
    assert not any(line.strip() == "、" for page in pages for line in page.splitlines())


def test_the_pdf_uses_the_chosen_chinese_faces(long_report):
    _submission, pdf, substitutions = long_report
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # pdffonts shows the embedded face; an OpenType collection (Noto CJK) names all its languages'
    # faces after its first one ("NotoSerifCJKjp"), so the family is what can be checked here.
    embedded = {"Noto Serif CJK SC": "NotoSerifCJK", "Noto Sans CJK SC": "NotoSansCJK", "AR PL UKai CN": "UKai"}
    used = {s.used for s in substitutions}
    for family, name in embedded.items():
        if family in used:
            assert name in fonts, (family, fonts)
    if substitutions:
        assert "DejaVu" not in fonts, fonts  # nothing left to LibreOffice's own fallback


def test_compile_pdf_says_which_fonts_stood_in(poppler_and_office, tmp_path):
    done = subprocess.run([sys.executable, "-m", "report_kit", "compile", str(SAMPLE), "-o", str(tmp_path / "r.docx"),
                           "--pdf"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    from report_kit.report.pdf import fonts_named, installed_families

    named = fonts_named((tmp_path / "r.docx").read_bytes())
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"} <= named
    plan = plan_substitutions(installed_families(), named)
    assert "仿宋" not in {s.wanted for s in plan}  # the report does not name it: not reported
    if not plan:
        assert "本机缺少公文字体" not in done.stderr
        return
    assert msg.FONTS_SUBSTITUTED.template.split("{")[0] in done.stderr
    for s in plan:
        assert (f"{s.wanted} → {s.used}" if s.used else f"{s.wanted} → （本机没有合适的中文字体") in done.stderr


def test_substitution_plan_and_replacement_table():
    families = {"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN", "楷体", "DejaVu Sans"}
    plan = {s.wanted: s.used for s in plan_substitutions(families)}
    assert plan == {"方正小标宋简体": "Noto Serif CJK SC", "仿宋_GB2312": "Noto Serif CJK SC", "仿宋": "Noto Serif CJK SC",
                    "黑体": "Noto Sans CJK SC", "楷体_GB2312": "楷体", "宋体": "Noto Serif CJK SC"}
    # installed fonts are left alone, and a font's sibling stands in before a look-alike
    with_real = {s.wanted: s.used for s in plan_substitutions(families | {"仿宋_GB2312", "黑体"})}
    assert "仿宋_GB2312" not in with_real and "黑体" not in with_real and with_real["仿宋"] == "仿宋_GB2312"
    only_named = plan_substitutions(families, named={"黑体", "Courier"})
    assert [(s.wanted, s.used) for s in only_named] == [("黑体", "Noto Sans CJK SC")]
    assert plan_substitutions(None) == ()  # no fontconfig (Windows): nothing replaced, nothing claimed
    nothing = plan_substitutions({"DejaVu Sans"})
    assert all(s.used == "" for s in nothing) and len(nothing) == 7
    table = etree.fromstring(replacement_table(plan_substitutions(families)).encode())
    pairs = [(n.find("prop[@{http://openoffice.org/2001/registry}name='ReplaceFont']/value").text,
              n.find("prop[@{http://openoffice.org/2001/registry}name='SubstituteFont']/value").text)
             for n in table.iter("node")]
    assert ("黑体", "Noto Sans CJK SC") in pairs and ("楷体_GB2312", "楷体") in pairs and len(pairs) == 6


_FAKE_OFFICE = """#!/bin/sh
# A stand-in for soffice: counts its calls; converts (writes a PDF into --outdir) from call {works_from} on.
count=$(cat "{counter}" 2>/dev/null || echo 0); count=$((count + 1)); echo $count > "{counter}"
[ $count -ge {works_from} ] || exit 81
while [ $# -gt 0 ]; do [ "$1" = "--outdir" ] && out="$2"; shift; done
printf '%%PDF-1.4 fake' > "$out/report.pdf"
"""


@pytest.mark.parametrize("works_from, exit_code, calls", [(2, 0, 2), (3, 2, 2)])
def test_an_office_that_exits_without_converting_is_tried_once_more(tmp_path, works_from, exit_code, calls):
    """LibreOffice on a busy machine now and then exits without writing the PDF: one more try; after
    two, the Word report stays and the message says how to make the PDF instead."""
    bin_dir, counter = tmp_path / "bin", tmp_path / "calls"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(_FAKE_OFFICE.format(counter=counter, works_from=works_from), encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, "-m", "report_kit", "compile", str(SAMPLE), "-o", "报告.docx", "--pdf"],
                          capture_output=True, text=True, cwd=tmp_path, env=env)
    assert done.returncode == exit_code, done.stderr
    assert int(counter.read_text()) == calls
    assert (tmp_path / "报告.docx").exists()
    if exit_code == 0:
        assert (tmp_path / "报告.pdf").read_bytes() == b"%PDF-1.4 fake"
    else:
        assert msg.PDF_FAILED.text() in done.stderr
        assert not (tmp_path / "报告.pdf").exists()
