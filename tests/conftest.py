"""Shared fixtures: real workbooks, and one real LibreOffice for the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from report_kit.pipeline import make_workbook
from tests.office import server

ROOT = Path(__file__).resolve().parents[1]


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
