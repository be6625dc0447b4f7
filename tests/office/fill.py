"""Play the staff member: open a workbook in a running LibreOffice, type into cells, save.

Run by Debian's /usr/bin/python3 (python3-uno does not import in a venv):

    /usr/bin/python3 fill.py PIPE_NAME INPUT OUTPUT CELLS.json

CELLS.json is a list of {"sheet", "cell", "value"}: a number is typed as a number, a string as
text; {"sheet", "cell", "typed"} goes through Calc's input recognition as keyboard input does
("1/2" becomes a date, "15%" a percentage). An item may instead be an action a person takes through the menus:
{"action": "unprotect", "sheet", "password"}, {"action": "unprotect_book", "password"},
{"action": "insert_rows", "sheet", "row" (0-based), "count"}, {"action": "rename_sheet", "sheet", "name"}.
The UNO API ignores protection, so this script refuses what the program would refuse a person:
a locked cell on a protected sheet, rows inserted into a protected sheet, a sheet renamed in a
structure-protected workbook. Prints {"refused": [...], "typed": n}.
"""

import json
import os
import sys

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(pipe, source, target, cells_file):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise SystemExit("LibreOffice could not load " + source)
    refused, typed = [], 0
    try:
        with open(cells_file, encoding="utf-8") as handle:
            cells = json.load(handle)
        for item in cells:
            if "action" in item:
                if not act(doc, item):
                    refused.append(item["action"])
                continue
            sheet = doc.Sheets.getByName(item["sheet"])
            cell = sheet.getCellRangeByName(item["cell"])
            if sheet.isProtected() and cell.CellProtection.IsLocked:
                refused.append(f"{item['sheet']}!{item['cell']}")
                continue
            value = item.get("value")
            if "typed" in item:
                cell.setFormula(item["typed"])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.setValue(value)
            else:
                cell.setString(str(value))
            typed += 1
        doc.calculateAll()
        # Saved as .xlsx, or in LibreOffice's own format when the target says .ods (its default)
        kind = "calc8" if target.lower().endswith(".ods") else "Calc Office Open XML"
        doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", kind),))
    finally:
        doc.close(True)
    print(json.dumps({"refused": refused, "typed": typed}))


def act(doc, item):
    """Carry out a menu action; False when protection forbids it."""
    action = item["action"]
    if action == "unprotect_book":
        doc.unprotect(item["password"])
        return True
    sheet = doc.Sheets.getByName(item["sheet"])
    if action == "unprotect":
        sheet.unprotect(item["password"])
        return True
    if action == "insert_rows":
        if sheet.isProtected():
            return False
        sheet.Rows.insertByIndex(item["row"], item["count"])
        return True
    if action == "rename_sheet":
        if doc.isProtected():
            return False
        sheet.Name = item["name"]
        return True
    raise ValueError(action)


if __name__ == "__main__":
    main(*sys.argv[1:5])
    # The answer is printed; leave without Python's teardown, where pyuno now and then dies of
    # SIGSEGV releasing the UNO bridge (seen as "exit -11, office alive" with the work done)
    sys.stdout.flush()
    os._exit(0)
