"""Rebuild the sample workbooks and reports from the JSON beside this file.

    python samples/build.py

Each `<year>-<agency>.json` is first completed: every fact, every input number (a 0 written as
0, not left out: a key left out reads as a blank cell, which `check` notes as "是空白，按 0 计算")
and every prose section, in the form's order; totals are left out, as they are always computed.
It then becomes a filled workbook (as a department would return it) and the report compiled
from that workbook. tests/test_samples.py checks they are up to date in content.
"""

import json
from pathlib import Path

from report_kit.api import compile_report, load_submission, make_workbook
from report_kit.form import FORM
from report_kit.workbook.reader import read_workbook

HERE = Path(__file__).resolve().parent


def complete(data: dict) -> dict:
    """`data` with every fact, input number and prose section (missing ones as "" or 0), in form order."""
    values = data.get("values", {})
    stated_totals = {f.id: values[f.id] for f in FORM.numbers if f.derived and f.id in values}
    return {
        **data,
        "facts": {f.id: data.get("facts", {}).get(f.id, "") for f in FORM.facts},
        "values": {**{f.id: values.get(f.id, 0) for f in FORM.inputs}, **stated_totals},
        "prose": {f.id: data.get("prose", {}).get(f.id, "") for f in FORM.prose},
    }


if __name__ == "__main__":
    for data in sorted(HERE.glob("*.json")):
        text = json.dumps(complete(json.loads(data.read_text(encoding="utf-8"))), ensure_ascii=False, indent=2) + "\n"
        data.write_text(text, encoding="utf-8")
        workbook = data.with_suffix(".xlsx")
        workbook.write_bytes(make_workbook(data=load_submission(data)))
        result = compile_report(read_workbook(workbook))
        if result.docx is None:
            raise SystemExit(f"{data.name}: " + "; ".join(f.message for f in result.check.errors))
        workbook.with_suffix(".docx").write_bytes(result.docx)
        print(f"{data.stem}: {len(result.check.warnings)} warnings")
