"""Print workbooks as LibreOffice does, and find rows too short for their text.

Run by Debian's /usr/bin/python3 (python3-uno does not import in a venv):

    /usr/bin/python3 printout.py PIPE_NAME JOBS.json

JOBS.json is a list of {"source", "pdf"}. Each workbook is exported to "pdf" (every visible
sheet, as File > Export as PDF does), then every used row of every visible sheet is given
LibreOffice's optimal height; a row that would have to grow is a row whose text is cut or
overlaps in print. The document is closed unsaved. Prints {source: [[sheet, row (1-based),
height pt, needed pt], ...]}.
"""

import json
import os
import sys

import uno
from com.sun.star.beans import PropertyValue

HUNDREDTH_MM_PER_POINT = 2540 / 72
TOLERANCE = 0.3  # points


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def short_rows(doc):
    found = []
    for sheet in doc.Sheets:
        if not sheet.IsVisible:
            continue
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        rows = sheet.getCellRangeByPosition(0, 0, cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow).Rows
        before = [rows.getByIndex(i).Height / HUNDREDTH_MM_PER_POINT for i in range(rows.Count)]
        rows.OptimalHeight = True
        for i, height in enumerate(before):
            needed = rows.getByIndex(i).Height / HUNDREDTH_MM_PER_POINT
            if needed > height + TOLERANCE:
                found.append([sheet.Name, i + 1, round(height, 2), round(needed, 2)])
    return found


def main(pipe, jobs_file):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    with open(jobs_file, encoding="utf-8") as handle:
        jobs = json.load(handle)
    report = {}
    for job in jobs:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["source"]), "_blank", 0,
                                           (prop("Hidden", True),))
        if doc is None:
            raise SystemExit("LibreOffice could not load " + job["source"])
        try:
            doc.storeToURL(uno.systemPathToFileUrl(job["pdf"]), (prop("FilterName", "calc_pdf_Export"),))
            report[job["source"]] = short_rows(doc)
        finally:
            doc.close(True)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:3])
    # The answer is printed; leave without Python's teardown, where pyuno now and then dies of
    # SIGSEGV releasing the UNO bridge (seen as "exit -11, office alive" with the work done)
    sys.stdout.flush()
    os._exit(0)
