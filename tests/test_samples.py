"""The bundled samples: each JSON holds every field (a 0 written as 0, so `check` has nothing to
note), passes `check` without a single notice, and the workbook and report beside it are built
from it (samples/build.py)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from report_kit.api import load_submission
from report_kit.form import FORM

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
JSON_FILES = sorted(SAMPLES.glob("*.json"))


def _build():
    spec = importlib.util.spec_from_file_location("samples_build", SAMPLES / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_samples():
    assert [p.name for p in JSON_FILES] == ["2024-某某市生态环境局.json", "2024-济宁高新区科技创新局.json"]


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.stem)
def test_sample_json_writes_every_field_and_build_leaves_it_as_it_is(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data["values"]) == [f.id for f in FORM.inputs]  # every input, zeros too; no totals
    assert list(data["facts"]) == [f.id for f in FORM.facts] and list(data["prose"]) == [f.id for f in FORM.prose]
    assert _build().complete(data) == data  # run: python samples/build.py


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.stem)
def test_sample_json_passes_check_without_a_notice(path):
    done = subprocess.run([sys.executable, "-m", "report_kit", "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"{path.name}：通过（错误 0 项，提示 0 项）\n"


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.stem)
def test_sample_workbook_holds_the_json(path):
    from_json, from_workbook = load_submission(path), load_submission(path.with_suffix(".xlsx"))
    assert from_workbook.computed() == from_json.computed()
    assert from_workbook.prose == from_json.prose
    assert {k: v for k, v in from_workbook.facts.items() if v} == {k: v for k, v in from_json.facts.items() if v}
    assert path.with_suffix(".docx").is_file()
