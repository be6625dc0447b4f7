"""Medians of reading and auditing one published report, in-process.

    python benchmarks/published.py [--repeat 10]

Targets (2-core machine, issue 14): <= 1 s per 5-page PDF; <= 0.1 s per web page.
The two real reports of tests/data/published/ are read; the PDF's page count is printed beside it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from machine import describe
from report_kit.published.audit import audit_report
from report_kit.published.reading import read_published

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "published"


def median_seconds(action, repeat: int) -> float:
    action()  # warm: imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print(describe())
    for name in ("huaian_hongze_2023.pdf", "pingtan_gov_2024.html"):
        path = DATA / name
        pages = read_published(path).document.pages
        read = median_seconds(lambda: read_published(path), args.repeat)
        audit = median_seconds(lambda: audit_report(read_published(path)), args.repeat)
        extra = f"（{pages} 页）" if pages else ""
        print(f"{name}{extra}: 读取 {read:.3f} s，读取 + 审核 {audit:.3f} s（中位数，{args.repeat} 次）")


if __name__ == "__main__":
    main()
