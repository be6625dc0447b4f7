"""Files that cannot be used: a typed error carrying one clear Chinese sentence, exit code 2.

The cases themselves live in tests/corpus.py; test_corpus.py runs them through the CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest

from report_kit.errors import UnusableInput, WrongWorkbook
from report_kit.workbook.reader import read_workbook
from tests.corpus import CASES


NOT_FILES = {"a folder, not a file", "missing file"}  # the CLI's own cases: nothing to read


def _one_workbook(case) -> bool:
    """A case that hands one .xlsx to `check` (not a JSON file, a list, a folder or other options)."""
    return case.command == "check" and not case.options and case.topic in ("基础", "看似正常的错误值")


@pytest.mark.parametrize("case", [c for c in CASES if c.exit_code == 2 and c.name not in NOT_FILES and not c.office
                                  and _one_workbook(c)], ids=lambda c: c.name)
def test_library_raises_a_typed_error_with_the_same_sentence(case, tmp_path):
    """The CLI prints what the library raises: an UnusableInput whose text is the whole message."""
    path = case.build(tmp_path, None)
    with pytest.raises(UnusableInput) as caught:
        read_workbook(path)
    assert f"错误：{caught.value}".startswith(case.says[0])


def test_wrong_workbooks_are_told_apart_from_damaged_files(tmp_path):
    by_name = {c.name: c for c in CASES}
    for name in ("older template version", "names deleted", "sheet deleted", "another workbook"):
        with pytest.raises(WrongWorkbook):
            read_workbook(by_name[name].build(tmp_path, None))


def _check(*args):
    return subprocess.run([sys.executable, "-m", "report_kit", "check", *map(str, args)], capture_output=True, text=True)


def test_cli_exit_2_without_traceback(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"")
    (tmp_path / "empty").mkdir()
    for target in (tmp_path / "a.xlsx", tmp_path / "missing.xlsx", tmp_path / "empty"):
        done = _check(target)
        assert done.returncode == 2 and done.stderr.startswith("错误：") and "Traceback" not in done.stderr


def test_an_unusable_file_in_a_folder_is_a_row_of_the_round_not_the_end_of_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "回收").mkdir()
    (tmp_path / "回收" / "a.xlsx").write_bytes(b"")
    done = _check(tmp_path / "回收")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "无法读取 （未能识别：a.xlsx）  a.xlsx" in done.stdout
    assert "“a.xlsx”是空文件（0 字节）" in done.stdout


def test_unwritable_output_folder(tmp_path):
    from report_kit.errors import OutputError
    from report_kit.fsutil import write_atomic

    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "missing" / "x.docx", b"data")
    assert str(caught.value) == f"输出文件夹“{tmp_path / 'missing'}”不存在。"
