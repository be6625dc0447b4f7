"""Run every hostile input of tests/corpus.py through the command line, as a coordinator would."""

from __future__ import annotations

import docx
import pytest

from report_kit.cli import main
from tests.corpus import CASES

# (case name, exit code) of every case that behaved as expected; conftest.py prints the count.
OUTCOMES: list[tuple[str, int]] = []


@pytest.fixture
def office_if_needed(request):
    case = request.node.callspec.params["case"]
    return request.getfixturevalue("office") if case.office else None


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case, tmp_path, office_if_needed, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # a ledger or report lands here, never in the source tree
    built = case.build(tmp_path, office_if_needed)
    paths = [str(p) for p in built] if isinstance(built, (list, tuple)) else [str(built)]
    options = [o.format(folder=tmp_path) for o in case.options]
    capsys.readouterr()
    # Through the console entry point itself: usage errors, Ctrl-C and exit codes as users see them
    code = main([case.command, *paths, *options])  # an exception here is a traceback: a defect
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert code == case.exit_code, output
    for sentence in case.says:
        assert sentence in output, f"{sentence!r} not in:\n{output}"
    assert "Traceback" not in output
    if case.report_says:
        report = output.split("已生成报告：", 1)[1].splitlines()[0].strip()
        paragraphs = [p.text for p in docx.Document(report).paragraphs]
        for text in case.report_says:
            assert text in paragraphs
    OUTCOMES.append((case.name, code))
