"""The web page: its tables against the spec (every number in its cell), the page's make-up, the CLI,
and the page in a real browser (headless Chromium) at desktop and phone width."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from report_kit.api import load_submission
from report_kit.report.html import TABLE_SHEETS, page_html
from report_kit.report.context import build_context
from report_kit.form import FORM
from report_kit.submission import Submission

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_JSON = ROOT / "samples" / "2024-某某市生态环境局.json"
SAMPLE_XLSX = ROOT / "samples" / "2024-某某市生态环境局.xlsx"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Tables(HTMLParser):
    """Every <table> as rows of cells: (tag, attrs, text), plus where each section is."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self.cell = None
        self.headings: list[tuple[str, str]] = []
        self.heading = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"attrs": attrs, "rows": [], "sections": [], "caption": ""})
        elif tag in ("thead", "tbody") and self.tables:
            self.tables[-1]["sections"].append(tag)
        elif tag == "tr":
            self.tables[-1]["rows"].append((self.tables[-1]["sections"][-1], []))
        elif tag in ("td", "th"):
            self.cell = [tag, attrs, ""]
            self.tables[-1]["rows"][-1][1].append(self.cell)
        elif tag == "caption":
            self.cell = ["caption", attrs, ""]
        elif tag in ("h1", "h2", "h3"):
            self.heading = [tag, ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "caption":
            self.tables[-1]["caption"] = self.cell[2]
            self.cell = None
        elif tag in ("h1", "h2", "h3") and self.heading:
            self.headings.append(tuple(self.heading))
            self.heading = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[2] += data
        if self.heading is not None:
            self.heading[1] += data


def _grid(rows) -> dict[tuple[int, int], tuple]:
    """Place cells as a browser does (rowspan/colspan): (row, col) of each cell's top-left -> cell."""
    taken: set[tuple[int, int]] = set()
    placed = {}
    for r, (_section, cells) in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            rs, cs = int(cell[1].get("rowspan", 1)), int(cell[1].get("colspan", 1))
            placed[(r, c)] = cell
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
    return placed


def _distinct_submission() -> Submission:
    """Every input a different number, so a number in the wrong cell cannot pass."""
    values = {f.id: 100 + i for i, f in enumerate(FORM.inputs)}
    return Submission(facts={"agency": "某某市<测试>局", "year": 2024}, values=values,
                      prose={"overview_intro": "第一段。\n第二段含<b>标签</b>与&符号。"})


def test_every_number_and_label_is_in_its_cell_as_the_spec_places_it():
    submission = _distinct_submission()
    parser = _Tables()
    parser.feed(page_html(submission))
    context = build_context(submission)
    assert [t["attrs"]["data-table"] for t in parser.tables] == list(TABLE_SHEETS)
    for table in parser.tables:
        sheet = next(s for s in FORM.sheets if s.name == TABLE_SHEETS[table["attrs"]["data-table"]])
        blocks = [b for b in sheet.blocks if b.role != "title"]
        first = min(b.row for b in blocks)
        grid = _grid(table["rows"])
        for f in (f for f in FORM.numbers if f.sheet == sheet.name):
            tag, attrs, text = grid[(f.row - first, f.col)]
            assert (tag, attrs.get("data-field"), text) == ("td", f.id, str(context[f.id])), f.id
            assert int(attrs.get("colspan", 1)) == f.width
        for b in blocks:
            tag, attrs, text = grid[(b.row - first, b.col)]
            assert (tag, text) == ("th", b.text)
            assert (int(attrs.get("rowspan", 1)), int(attrs.get("colspan", 1))) == (b.rows, b.cols), b.text
            assert attrs["scope"] in ("col", "colgroup", "row", "rowgroup")
        # the header rows are a <thead>; every row holds the full width of the grid
        assert table["rows"][0][0] == "thead" and table["rows"][-1][0] == "tbody"
        assert len(grid) == sum(len(cells) for _s, cells in table["rows"])
        taken = {}
        for (r, _c), cell in grid.items():
            for i in range(int(cell[1].get("rowspan", 1))):
                taken[r + i] = taken.get(r + i, 0) + int(cell[1].get("colspan", 1))
        widths = set(taken.values())
        assert widths == {len(sheet.column_widths)}, table["caption"]
        assert table["caption"]


def test_the_page_is_self_contained_in_order_and_escapes_what_staff_typed():
    submission = _distinct_submission()
    page = page_html(submission)
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">') and '<meta charset="utf-8">' in page
    assert not re.search(r'<(?:link|script|img|iframe)\b|src=|url\(', page)
    assert "@media print" in page and "@page" in page
    parser = _Tables()
    parser.feed(page)
    assert parser.headings[0] == ("h1", "某某市<测试>局2024年政府信息公开工作年度报告")
    sections = [text for tag, text in parser.headings if tag == "h2"]
    assert sections == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    levels = [int(tag[1]) for tag, _t in parser.headings]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))  # no heading level skipped
    assert "第二段含&lt;b&gt;标签&lt;/b&gt;与&amp;符号。" in page and "<b>" not in page
    assert "某某市&lt;测试&gt;局" in page


def test_fragment_is_only_the_article_with_inline_styles():
    fragment = page_html(load_submission(SAMPLE_JSON), fragment=True)
    body = fragment.split("\n", 1)[1]
    assert body.startswith("<article") and body.rstrip().endswith("</article>")
    assert "<style" not in fragment and "<html" not in fragment and 'class="scroll-hint"' not in fragment
    assert all('style="' in tag for tag in re.findall(r"<(?:td|th|table|h[123]|p)\b[^>]*>", body))


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


def test_compile_html_beside_the_docx_and_html_only(tmp_path):
    source = tmp_path / "in.xlsx"
    source.write_bytes(SAMPLE_XLSX.read_bytes())
    name = "2024年政府信息公开工作年度报告-某某市生态环境局"
    done = run("compile", source, "--html")
    assert done.returncode == 0, done.stderr
    assert f"已生成网页：{tmp_path / (name + '.html')}" in done.stdout
    assert (tmp_path / f"{name}.docx").exists()
    page = (tmp_path / f"{name}.html").read_text("utf-8")
    assert 'data-field="t3_new_total" style="' in page and ">95</td>" in page
    assert run("compile", source, "--html").returncode == 0  # our own page of the same agency is replaced

    alone = tmp_path / "alone"
    alone.mkdir()
    copy = alone / "in.xlsx"
    copy.write_bytes(SAMPLE_XLSX.read_bytes())
    done = run("compile", copy, "--html-only", "--fragment")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in alone.iterdir()) == ["2024年政府信息公开工作年度报告-某某市生态环境局（正文片段）.html", "in.xlsx"]

    (tmp_path / "other.html").write_text("<p>别人的网页</p>", "utf-8")
    refused = run("compile", source, "--html-only", "-o", tmp_path / "other.html")
    assert refused.returncode == 2 and "已存在，未覆盖" in refused.stderr


def test_compile_html_refuses_data_with_errors(tmp_path):
    from tests.helpers import edit_workbook

    bad = edit_workbook(SAMPLE_XLSX, tmp_path / "bad.xlsx", {"t3_new_natural": 61})
    done = run("compile", bad, "--html-only")
    assert done.returncode == 1 and "数据有错误，未生成网页。" in done.stderr
    assert not list(tmp_path.glob("*.html"))
    forced = run("compile", bad, "--html-only", "--force")
    assert forced.returncode == 1 and len(list(tmp_path.glob("*.html"))) == 1


def test_help_and_plain_compile_do_not_import_the_renderers():
    code = ("import sys\nfrom report_kit.cli import run\nsys.argv = ['report-kit'] + sys.argv[1:]\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('report_kit.report.html', "
            "'report_kit.report.draft', 'report_kit.report.charts'))), file=sys.stderr)")
    for args in (["--help"], ["compile", "--help"]):
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert done.stderr.strip().splitlines()[-1] == "[]", args


# --- in a real browser -----------------------------------------------------------------------------

browser = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")

# The page is laid out in an iframe of the given width (headless Chromium keeps its window at least
# 500 px wide when dumping the DOM); media queries inside the frame see the frame's width, as on a phone.
_MEASURE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="border:0;width:%dpx;height:3000px" srcdoc="%s"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {
  var win = this.contentWindow, doc = win.document.documentElement, out = [];
  out.push('page ' + doc.scrollWidth + ' ' + win.innerWidth);
  win.document.querySelectorAll('.table-scroll').forEach(function (box) {
    var t = box.querySelector('table');
    out.push('table ' + t.dataset.table + ' ' + box.clientWidth + ' ' + box.scrollWidth + ' ' + t.rows.length);
  });
  var pre = document.createElement('pre'); pre.id = 'measure'; pre.textContent = out.join('\\n');
  document.body.appendChild(pre);
});
</script></body></html>"""


def _chromium(*args: str, width: int, height: int = 2000) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={width},{height}", *args],
            capture_output=True, text=True, timeout=120)
    return done.stdout


def _measure(page: str, width: int, folder: Path) -> dict:
    path = folder / f"measure-{width}.html"
    path.write_text(_MEASURE % (width, escape(page, quote=True)), "utf-8")
    dom = _chromium("--virtual-time-budget=5000", "--dump-dom", path.as_uri(), width=max(width, 1280))
    text = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S).group(1)
    out = {}
    for line in text.splitlines():
        kind, name, *numbers = line.split()
        out[name if kind == "table" else "page"] = [int(n) for n in ([name] + numbers if kind == "page" else numbers)]
    return out


@browser
def test_phone_width_has_no_page_overflow_and_wide_tables_scroll_inside_their_box(tmp_path):
    page = page_html(load_submission(SAMPLE_JSON), charts=True)
    phone = _measure(page, 390, tmp_path)
    scroll_width, inner_width = phone["page"]
    assert scroll_width <= inner_width == 390
    assert set(phone) == {"page", *TABLE_SHEETS}  # the three tables were measured
    for name in ("t3", "t4"):  # the wide tables scroll sideways inside their box on a phone
        client, scrolled, _n = phone[name]
        assert scrolled > client, name
    desktop = _measure(page, 1280, tmp_path)
    assert desktop["page"][0] <= 1280
    for name in TABLE_SHEETS:  # on a desktop nothing needs scrolling
        client, scrolled, _n = desktop[name]
        assert scrolled <= client, name
        assert desktop[name][2] == phone[name][2]  # same rows at both widths


@browser
def test_screenshots_at_desktop_and_phone_width(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(page_html(load_submission(SAMPLE_JSON)), "utf-8")
    for width in (1280, 390):
        shot = tmp_path / f"shot-{width}.png"
        _chromium(f"--screenshot={shot}", path.as_uri(), width=width, height=1200)
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == width  # PNG IHDR width


def test_every_number_can_be_read_back_by_its_labels_alone():
    """What a reader of published pages does (no data-field): the headers over a number's column and
    beside its row, found through rowspan/colspan, carry every part of the field's official labels."""
    submission = _distinct_submission()
    parser = _Tables()
    parser.feed(page_html(submission))
    context = build_context(submission)
    read = {}
    for table in parser.tables:
        grid = _grid(table["rows"])
        spans = {(r, c): cell for (r, c), cell in grid.items()}
        for (r, c), (tag, _attrs, text) in grid.items():
            if tag != "td" or not text:
                continue
            headers = set()
            for (hr, hc), (htag, hattrs, htext) in spans.items():
                rs, cs = int(hattrs.get("rowspan", 1)), int(hattrs.get("colspan", 1))
                if htag != "th":
                    continue
                beside = hattrs["scope"] in ("row", "rowgroup") and hr <= r < hr + rs
                above = hattrs["scope"] in ("col", "colgroup") and hc <= c < hc + cs and hr < r
                if beside or above:
                    headers.add(htext)
            matches = [f for f in FORM.numbers if f.table == table["attrs"]["data-table"]
                       and set(re.split(r"[ ·]", f.row_label) + re.split(r"[ ·]", f.column_label)) <= headers]
            assert len(matches) == 1, (text, [f.id for f in matches])
            read[matches[0].id] = text
    assert read == {f.id: str(context[f.id]) for f in FORM.numbers}
