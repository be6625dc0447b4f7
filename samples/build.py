"""Rebuild the sample workbooks and reports from the JSON beside this file.

    python samples/build.py

Each `<year>-<agency>.json` becomes a filled workbook (as a department would return it) and the
report compiled from that workbook. tests/test_samples.py checks they are up to date in content.
"""

from pathlib import Path

from report_kit.api import compile_report, load_submission, make_workbook
from report_kit.workbook.reader import read_workbook

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for data in sorted(HERE.glob("*.json")):
        workbook = data.with_suffix(".xlsx")
        workbook.write_bytes(make_workbook(data=load_submission(data)))
        result = compile_report(read_workbook(workbook))
        if result.docx is None:
            raise SystemExit(f"{data.name}: " + "; ".join(f.message for f in result.check.errors))
        workbook.with_suffix(".docx").write_bytes(result.docx)
        print(f"{data.stem}: {len(result.check.warnings)} warnings")
