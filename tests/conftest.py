"""Shared fixtures: real workbooks, and one real LibreOffice for the whole session."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from report_kit.api import make_workbook
from tests.office import server

ROOT = Path(__file__).resolve().parents[1]

# Compiled templates go to a folder of this test run, not the user's cache (the commands the
# tests run in subprocesses inherit it); tests of the cache itself point it elsewhere.
os.environ["REPORT_KIT_CACHE"] = tempfile.mkdtemp(prefix="report-kit-cache-")
atexit.register(shutil.rmtree, os.environ["REPORT_KIT_CACHE"], ignore_errors=True)


@pytest.fixture(scope="session")
def office():
    """A running LibreOffice. Required in CI (.ci/run installs it); skipped elsewhere without it."""
    if not server.available():
        if os.environ.get("CI"):
            pytest.fail("LibreOffice with python3-uno is required in CI but is not installed")
        pytest.skip("LibreOffice (soffice.bin + python3-uno) is not installed")
    office = server.Office()
    office.start()
    yield office
    office.stop()


@pytest.fixture
def blank_workbook(tmp_path) -> Path:
    path = tmp_path / "填报表.xlsx"
    path.write_bytes(make_workbook("某某局", 2025))
    return path


def pytest_terminal_summary(terminalreporter):
    """The corpus of hostile inputs, counted: how many cases, and how each one ended."""
    import sys

    corpus = sys.modules.get("tests.test_corpus")
    outcomes = getattr(corpus, "OUTCOMES", [])
    if not outcomes:
        return
    from tests.corpus import CASES

    by_code = {code: sum(1 for _, c in outcomes if c == code) for code in (2, 1, 0)}
    topic = {case.name: case.topic for case in CASES}
    by_topic = {t: sum(1 for name, _ in outcomes if topic[name] == t) for t in dict.fromkeys(topic.values())}
    terminalreporter.write_line(
        f"坏输入样本库：{len(CASES)} 个样本，{len(outcomes)} 个按预期结束 —— "
        f"退出码 2（无法使用）{by_code[2]} 个，退出码 1（数据有误）{by_code[1]} 个，"
        f"退出码 0（已清理或仅提示）{by_code[0]} 个"
        + ("；无一出现 traceback。" if len(outcomes) == len(CASES) else "；其余的见上方的失败或跳过。"))
    terminalreporter.write_line("按类别：" + "，".join(f"{t} {n} 个" for t, n in by_topic.items() if n) + "。")
