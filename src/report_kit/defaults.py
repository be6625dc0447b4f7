"""Default names and values the command line shows in its help texts.

They live here, free of heavy imports, so that `report-kit --help` does not load openpyxl,
xlsxwriter or docxtpl just to print a default; the modules that use them import them from here.
"""

DEFAULT_PASSWORD = "report-kit"  # the workbook's sheet protection password
DEFAULT_LEDGER = "报送情况.xlsx"  # the round's ledger, in the current folder
RETURN_FOLDER = "退回修改"  # annotated copies, in a folder beside each return
MESSAGES_SHOWN = 3  # findings a ledger row and the console list per department
