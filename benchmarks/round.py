"""A department round at scale: N generated-and-filled workbooks checked and compiled as one batch.

    python benchmarks/round.py [--count 1000] [--repeat 3]

Target (2-core machine): 1,000 workbooks in <= 60 s. Prints the median wall time and workbooks/s
with every core, and with one process beside it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from machine import describe
from report_kit.round.discovery import find_inputs
from report_kit.api import load_submission, make_workbook
from report_kit.report.render import load_template
from report_kit.round.operations import check_round, compile_round

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "2024-某某市生态环境局.json"


def generate(folder: Path, count: int) -> None:
    """`count` returns: the consistent sample with varied figures, one in ten with an R1 error."""
    data = load_submission(SAMPLE)
    rng = random.Random(2024)
    for i in range(count):
        data.facts["agency"] = f"第{i:04d}号部门"
        data.values["t2_penalty"] = rng.randint(0, 5000)
        data.values["t2_licensing"] = rng.randint(0, 5000)
        data.values["t3_new_natural"] = 60 + (1 if i % 10 == 9 else 0)
        (folder / f"{i:04d}.xlsx").write_bytes(make_workbook(data=data))


def one_round(folder: Path, out: Path, template: bytes, jobs: int) -> tuple[float, int]:
    start = time.perf_counter()
    round_ = check_round(find_inputs([folder]), jobs=jobs)
    compiled = compile_round(round_, template=template, out_dir=out, overwrite=True, jobs=jobs)
    return time.perf_counter() - start, sum(1 for o in compiled if o.report)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "returns", Path(tmp) / "reports"
        folder.mkdir()
        out.mkdir()
        generate(folder, args.count)
        template = load_template()
        print(f"machine: {describe()}; {args.count} workbooks, median of {args.repeat}")
        for jobs in dict.fromkeys((cores, 1)):
            runs = [one_round(folder, out, template, jobs) for _ in range(args.repeat)]
            seconds = statistics.median(t for t, _ in runs)
            reports = runs[0][1]
            print(f"{jobs} process{'es' if jobs > 1 else ''}: check + compile {seconds:6.1f} s, "
                  f"{args.count / seconds:5.1f} workbooks/s ({reports} reports written)"
                  + ("   target <= 60 s for 1,000" if jobs > 1 else ""))


if __name__ == "__main__":
    main()
