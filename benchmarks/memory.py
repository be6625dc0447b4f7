"""Peak memory of `report-kit check` on files built to cost memory, each in a child process.

    python benchmarks/memory.py

Target: <= 300 MB peak (ru_maxrss of the child) for each of
  - an .xlsx of ~225 KB whose first sheet inflates to ~95 MB of cells (issue 10 measured 2.5 GB, 68 s);
  - the same at ~19 MB (under the byte cap: the count of cells stops it);
  - a 3 GB file with the old-format (OLE) signature, created sparse in a temporary folder and deleted;
  - for scale, a normal return;
and of `report-kit audit` on published reports built to cost time or memory (issue 10/14; before the
bounds: 5,000 pages 174 MB 5 s, a page of 1,000,000 characters 2.1 GB 30 s, a form drawn 10,000 times
over 20 GB and 300 s (killed), a stream inflating to 500 MB 1 GB, 100,000 ruling lines 540 MB 9 s,
four damaged 15 MB streams 136 MB 36 s; a .docx of a 45 MB table 820 MB 11 s;
web pages under the 2 MB cap 200-310 MB and 3.5-6 s, 60,000 small tables 45 s, 36 KB of spanning
cells 1.2 GB), each at most 300 MB now; and, for scale, the real published PDF and web page.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

from machine import describe
from report_kit.api import make_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/minipdf.py builds the hostile PDFs (kilobytes each)
from tests import minipdf  # noqa: E402

TARGET_MB = 300
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def inflating(folder: Path, normal: Path, megabytes: int = 95) -> Path:
    """`normal` with its first sheet replaced by ~`megabytes` MB of numeric cells."""
    cell = '<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
    per_row = len(cell.format(r=1_000_000))
    rows = megabytes * 1024 * 1024 // per_row
    target = folder / f"inflating-{megabytes}.xlsx"
    with zipfile.ZipFile(normal) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED,
                                                            compresslevel=9) as out:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                out.writestr(member.filename, source.read(member))
                continue
            with out.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
                            b'formats.org/spreadsheetml/2006/main"><sheetData>')
                for start in range(1, rows + 1, 10_000):
                    sheet.write("".join(cell.format(r=r) for r in range(start, min(start + 10_000, rows + 1)))
                                .encode())
                sheet.write(b"</sheetData></worksheet>")
    return target


def sparse_old_format(folder: Path) -> Path:
    path = folder / "huge.xls"
    with path.open("wb") as out:
        out.write(OLE + b"\0" * 504)
        out.truncate(3 * 1024 ** 3)
    return path


def _docx_table(megabytes: float) -> bytes:
    """A .docx whose one table is `megabytes` MB of XML (a few hundred KB deflated)."""
    import io

    import docx

    document = docx.Document()
    document.add_table(rows=1, cols=1)
    source, out = io.BytesIO(), io.BytesIO()
    document.save(source)
    row = b"<w:tr>" + b"<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * 10 + b"</w:tr>"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in original.infolist():
            data = original.read(member)
            if member.filename == "word/document.xml":
                data = data.replace(b"</w:tbl>", row * int(megabytes * 1024 * 1024 // len(row)) + b"</w:tbl>", 1)
            target.writestr(member.filename, data)
    return out.getvalue()


def _hostile() -> dict[str, tuple[str, Callable[[], bytes]]]:
    many_chars = minipdf.many_characters_page(19_000)
    return {
        "5,000-page PDF": ("pages.pdf", lambda: minipdf.many_pages(5000)),
        "PDF page, 10^6 characters": ("chars.pdf", lambda: minipdf.many_characters(1_000_000)),
        "PDF form drawn 10,000 times": ("form.pdf", lambda: minipdf.repeated_form(10_000)),
        "PDF stream inflating 500 MB": ("bomb.pdf", lambda: minipdf.inflating_stream(500)),
        "PDF page, 100,000 lines": ("lines.pdf", lambda: minipdf.many_lines(100_000)),
        "PDF 4 damaged 15 MB streams": ("damaged.pdf", lambda: minipdf.damaged_streams(4, 15)),
        "PDF 10 x 19,000 characters": ("dense.pdf", lambda: minipdf.pdf([many_chars] * 10)),  # just under the bounds
        ".docx, 45 MB table XML": ("table.docx", lambda: _docx_table(45)),
        ".docx, 7.9 MB table XML": ("table8.docx", lambda: _docx_table(7.9)),  # just under the bound
        "page, 150,000 paragraphs": ("paras.html", lambda: ("<html><body>" + "<p>段落</p>" * 150_000
                                                            + "</body></html>").encode()),
        "page, 60,000 small tables": ("tables.html", lambda: ("<html><body>" + "<table><tr><td>1</td></tr></table>"
                                                              * 60_000 + "</body></html>").encode()),
        "page, 49,000 table cells": ("cells.html", lambda: ("<html><body><table>" + "<tr><td>1</td></tr>" * 49_000
                                                            + "</table></body></html>").encode()),
        "page, cells spanning 100x100": ("spans.html", lambda: ("<html><body><table><tr>" + '<td rowspan="100" '
                                                                'colspan="100">x</td>' * 1000
                                                                + "</tr></table></body></html>").encode()),
    }


def published(folder: Path) -> list[tuple[str, Path]]:
    """Published reports: the two real ones, then files built to cost (each refused or bounded).
    They are built in a child process: a child's peak counts its parent's at the fork."""
    subprocess.run([sys.executable, __file__, "--build-published", str(folder)], check=True)
    real = ROOT / "tests" / "data" / "published"
    cases = [("real PDF (洪泽 2023)", real / "huaian_hongze_2023.pdf"), ("real page (平潭 2024)", real / "pingtan_gov_2024.html")]
    return cases + [(name, folder / file) for name, (file, _build) in _hostile().items()]


def _build_published(folder: Path) -> None:
    for file, build in _hostile().values():
        (folder / file).write_bytes(build())


def peak(path: Path, command: str = "check") -> tuple[float, float, int]:
    """(peak MB, seconds, exit code) of `report-kit command path` in a child process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "report_kit", command, str(path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not all children's
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.perf_counter() - start, child.returncode


def main() -> int:
    print(describe())
    worst = 0.0
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        normal = folder / "normal.xlsx"
        normal.write_bytes(make_workbook("某某局", 2024))
        cases = [("normal return", normal), ("inflating .xlsx (95 MB)", inflating(folder, normal)),
                 ("inflating .xlsx (19 MB)", inflating(folder, normal, 19)),
                 ("3 GB old format (sparse)", sparse_old_format(folder))]
        for name, path in cases:
            size = path.stat().st_size
            shown = f"{size / 1024 ** 3:.1f} GB" if size > 1024 ** 3 else f"{size / 1024:.0f} KB"
            mb, seconds, code = peak(path)
            worst = max(worst, mb)
            print(f"{name:<26} {shown:>8} on disk: peak {mb:6.1f} MB, {seconds:5.2f} s, exit {code}")
            path.unlink()
        print("report-kit audit:")
        for name, path in published(folder):
            mb, seconds, code = peak(path, "audit")
            worst = max(worst, mb)
            print(f"{name:<30} {path.stat().st_size / 1024:8.0f} KB: peak {mb:6.1f} MB, {seconds:5.2f} s, exit {code}")
    print(f"worst peak {worst:.1f} MB (target <= {TARGET_MB} MB): {'ok' if worst <= TARGET_MB else 'OVER'}")
    return 0 if worst <= TARGET_MB else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build-published"]:
        sys.exit(_build_published(Path(sys.argv[2])))
    sys.exit(main())
