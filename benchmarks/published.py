"""Medians of reading and auditing one published report, in-process.

    python benchmarks/published.py [--repeat 10] [--folder 200]

Targets (2-core machine, issue 14): <= 1 s per 5-page PDF; <= 0.1 s per web page.
The two real reports of tests/data/published/ are read; the PDF's page count is printed beside it.
With --folder N, N copies of them (half PDF, half web page) are audited as one folder with
`report-kit audit --ledger` on every core, as the office above would run it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe
from timing import median_seconds
from report_kit.published.audit import audit_report
from report_kit.published.reading import read_published

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "published"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--folder", type=int, default=0, help="audit a folder of this many reports")
    args = parser.parse_args()
    print(describe())
    for name in ("huaian_hongze_2023.pdf", "pingtan_gov_2024.html"):
        path = DATA / name
        pages = read_published(path).document.pages
        read = median_seconds(lambda path=path: read_published(path), args.repeat)
        audit = median_seconds(lambda path=path: audit_report(read_published(path)), args.repeat)
        extra = f"（{pages} 页）" if pages else ""
        print(f"{name}{extra}: 读取 {read:.3f} s，读取 + 审核 {audit:.3f} s（中位数，{args.repeat} 次）")
    if args.folder:
        folder_run(args.folder)


def folder_run(count: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "reports"
        folder.mkdir()
        sources = [DATA / "huaian_hongze_2023.pdf", DATA / "pingtan_gov_2024.html"]
        for i in range(count):
            source = sources[i % 2]
            shutil.copy(source, folder / f"{i:03d}{source.suffix}")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "report_kit", "audit", str(folder), "--ledger",
                               str(Path(work) / "审核情况.xlsx")], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        print(f"文件夹 {count} 份（PDF、网页各半）：audit --ledger 共 {seconds:.1f} s，每份 {seconds / count:.3f} s"
              f"（退出码 {done.returncode}）")


if __name__ == "__main__":
    main()
