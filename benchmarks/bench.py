"""Medians of the per-workbook costs, in-process.

    python benchmarks/bench.py [--repeat 30]

Targets (2-core machine): make one workbook <= 0.3 s; check + compile one workbook <= 0.25 s.
The time of a bare openpyxl.load_workbook of the same file is printed beside it as the floor.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import openpyxl

from machine import describe
from timing import median_seconds
from report_kit.api import compile_report, load_submission, make_workbook
from report_kit.report.render import load_template
from report_kit.workbook.reader import read_workbook

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "2024-某某市生态环境局.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    repeat = parser.parse_args().repeat
    data = load_submission(SAMPLE)
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "filled.xlsx"
        workbook.write_bytes(make_workbook(data=data))
        template = load_template()
        make = median_seconds(lambda: make_workbook("某某局", 2025, data), repeat)
        floor = median_seconds(lambda: openpyxl.load_workbook(workbook), repeat)
        read = median_seconds(lambda: read_workbook(workbook), repeat)
        full = median_seconds(lambda: compile_report(read_workbook(workbook), template=template), repeat)
    print(f"machine: {describe()}; median of {repeat}")
    print(f"make-workbook (one, filled)     {make * 1000:7.1f} ms   target <= 300 ms")
    print(f"openpyxl.load_workbook (floor)  {floor * 1000:7.1f} ms")
    print(f"read + clean                    {read * 1000:7.1f} ms")
    print(f"check + compile (read..docx)    {full * 1000:7.1f} ms   target <= 250 ms   "
          f"({full / floor:.1f}x the load floor)")


if __name__ == "__main__":
    main()
