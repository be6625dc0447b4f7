"""Run every hostile input of tests/corpus.py through the command line, as a coordinator would."""

from __future__ import annotations

import docx
import pytest
from typer.testing import CliRunner

from report_kit.cli import app
from tests.corpus import CASES

# (case name, exit code) of every case that behaved as expected; conftest.py prints the count.
OUTCOMES: list[tuple[str, int]] = []


@pytest.fixture
def office_if_needed(request):
    case = request.node.callspec.params["case"]
    return request.getfixturevalue("office") if case.office else None


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case, tmp_path, office_if_needed, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a ledger or report lands here, never in the source tree
    path = case.build(tmp_path, office_if_needed)
    result = CliRunner().invoke(app, [case.command, str(path)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a defect, whatever the input
    assert result.exit_code == case.exit_code, result.output
    for sentence in case.says:
        assert sentence in result.output, f"{sentence!r} not in:\n{result.output}"
    assert "Traceback" not in result.output
    if case.report_says:
        report = result.output.split("已生成报告：", 1)[1].splitlines()[0].strip()
        paragraphs = [p.text for p in docx.Document(report).paragraphs]
        for text in case.report_says:
            assert text in paragraphs
    OUTCOMES.append((case.name, result.exit_code))
