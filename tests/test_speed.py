"""Speed that shows as behaviour: `--help` loads none of the heavy libraries.
(Times are measured in benchmarks/speed.py, never asserted here.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("openpyxl", "docx", "docxtpl", "xlsxwriter", "jinja2", "pdfplumber", "bs4", "PIL")
COMMANDS = ("make-workbook", "fields", "compile", "template-vars", "template", "check", "aggregate",
            "export", "draft", "import", "audit")

_PROBE = """
import contextlib, io, json, sys
from report_kit.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "help": out.getvalue(),
                  "heavy": sorted(m for m in sys.modules if m.split(".")[0] in %r)}))
""" % (HEAVY,)


def _help(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("command", ("", *COMMANDS))
def test_help_loads_no_heavy_library(command):
    shown = _help(*((command,) if command else ()), "--help")
    assert shown["code"] == 0
    assert "用法：report-kit" in shown["help"]
    assert shown["heavy"] == []


def test_every_command_is_probed():
    """A new command must join COMMANDS, or its --help is never checked."""
    top = _help("--help")["help"]
    listed = [line.split()[0] for line in top.split("命令:")[1].splitlines() if line.startswith("  ")]
    assert sorted(listed) == sorted(COMMANDS)

