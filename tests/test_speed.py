"""Speed that shows as behaviour: `--help` loads none of the heavy libraries.
(Times are measured in benchmarks/speed.py, never asserted here.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# pydantic: recent typer converts parameters through it (~0.1 s); cli/coercion.py keeps it out
HEAVY = ("openpyxl", "docx", "docxtpl", "xlsxwriter", "jinja2", "pdfplumber", "bs4", "PIL", "pydantic")
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



def test_plain_coercion_only_takes_what_it_converts_exactly():
    """cli/coercion.py converts str/int/bool/Path (alone or a list) itself; a parameter asking typer
    for a check (a path that must exist, a number range) stays with typer."""
    from pathlib import Path
    from types import SimpleNamespace
    from typing import List, Optional

    from report_kit.cli.coercion import _is_plain

    def descriptor(annotation, **checks):
        info = SimpleNamespace(**{"exists": False, "resolve_path": False, "min": None, **checks})
        return SimpleNamespace(annotation=annotation, parameter_info=info, file_annotation=None)

    for annotation in (str, int, bool, Path, List[Path]):
        assert _is_plain(descriptor(annotation))
    assert not _is_plain(descriptor(Path, exists=True))
    assert not _is_plain(descriptor(int, min=1))
    assert not _is_plain(descriptor(float))
    assert not _is_plain(descriptor(Optional[Path]))  # typer hands over the inner type; anything else is not ours


def test_a_command_runs_without_pydantic(tmp_path):
    """Running a command (numbers, a list of files, flags) converts its parameters without pydantic."""
    done = subprocess.run([sys.executable, "-c", _PROBE, "fields", "--json"], capture_output=True, text=True,
                          check=True)
    shown = json.loads(done.stdout.splitlines()[-1])
    assert shown["code"] == 0 and "pydantic" not in shown["heavy"]
    bad = subprocess.run([sys.executable, "-m", "report_kit", "check", str(tmp_path), "--jobs", "abc"],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "用法错误：参数 --jobs 的值无效：应填写整数。" in bad.stderr


def test_digits_typed_with_a_chinese_input_method_are_numbers(tmp_path):
    done = subprocess.run([sys.executable, "-m", "report_kit", "make-workbook", "--agency", "某某局", "--year", "２０２５",
                           "-o", "填报表.xlsx"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    from report_kit.api import load_submission

    assert load_submission(tmp_path / "填报表.xlsx").year == 2025
