"""Files that cannot be used: one clear Chinese sentence, exit code 2, never a traceback."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import docx
import openpyxl
import pytest

from report_kit.errors import UnusableInput, WrongWorkbook
from report_kit.workbook.reader import read_workbook


def _docx_bytes():
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _other_xlsx():
    out = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "别的表"
    book.save(out)
    return out.getvalue()


def _zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"0" * (120 * 1024 * 1024))
    return out.getvalue()


def _encrypted():
    # An OLE compound file holding an EncryptedPackage stream, as Excel writes a password-to-open file.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512


CASES = [
    ("empty.xlsx", b"", "“empty.xlsx”是空文件（0 字节），可能在传输中损坏，请对方重新发送。"),
    ("report.xlsx", _docx_bytes(), "“report.xlsx”是Word 文档，不是 Excel 填报表。"),
    ("table.xlsx", "机关,数量\n某局,3\n".encode("utf-8"),
     "“table.xlsx”不是 Excel 工作簿（.xlsx），可能是其他格式的文件改了扩展名，或在传输中损坏。"),
    ("secret.xlsx", _encrypted(), "“secret.xlsx”设置了打开密码，无法读取。请对方在 Excel/WPS 中取消“打开密码”"
                                  "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后重新发送。"),
    ("bomb.xlsx", _zip_bomb(), "“bomb.xlsx”解压后超过 100 MB，远大于正常的填报表，为安全起见不予读取。"),
    ("other.xlsx", _other_xlsx(), "“other.xlsx”不是 report-kit 生成的填报表（缺少表单标识）。请使用汇总单位下发的填报表填写。"),
]


@pytest.mark.parametrize("name, content, message", CASES, ids=[c[0] for c in CASES])
def test_unusable_file_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnusableInput) as caught:
        read_workbook(path)
    assert str(caught.value) == message


def test_truncated_workbook(blank_workbook, tmp_path):
    path = tmp_path / "cut.xlsx"
    path.write_bytes(blank_workbook.read_bytes()[:9000])
    with pytest.raises(UnusableInput, match="已损坏"):
        read_workbook(path)


def test_older_template_version(blank_workbook, tmp_path):
    book = openpyxl.load_workbook(blank_workbook)
    meta = book["_meta"]
    for row in meta.iter_rows():
        if row[0].value == "template_version":
            row[1].value = "0"
    book.save(tmp_path / "old.xlsx")
    with pytest.raises(WrongWorkbook) as caught:
        read_workbook(tmp_path / "old.xlsx")
    assert str(caught.value) == "“old.xlsx”是第 0 版填报表，本工具需要第 1 版。请使用新下发的填报表重新填写。"


def test_deleted_names(blank_workbook, tmp_path):
    book = openpyxl.load_workbook(blank_workbook)
    del book.defined_names["t3_new_natural"]
    book.save(tmp_path / "names.xlsx")
    with pytest.raises(WrongWorkbook, match="1 个格子的名称丢失或指向已删除的工作表（一、本年新收政府信息公开申请数量 / 自然人）"):
        read_workbook(tmp_path / "names.xlsx")


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


def test_deleted_sheet(blank_workbook, tmp_path):
    book = openpyxl.load_workbook(blank_workbook)
    book.remove(book["表四"])
    book.save(tmp_path / "no-t4.xlsx")
    with pytest.raises(WrongWorkbook, match="15 个格子的名称丢失或指向已删除的工作表"):
        read_workbook(tmp_path / "no-t4.xlsx")


def test_protection_removed_is_noticed_but_values_still_checked(blank_workbook, tmp_path):
    from report_kit.checker import check

    book = openpyxl.load_workbook(blank_workbook)
    book["表三"].protection.sheet = False
    book["表三"]["J5"] = 9  # total typed over once the sheet is open
    book.save(tmp_path / "open.xlsx")
    result = check(read_workbook(tmp_path / "open.xlsx"))
    assert [f.message for f in result.findings if f.code == "T1"] == [
        "工作表“表三”的保护已被取消。本工具已逐格重新核对，但请提醒填报单位不要取消保护。"]
    assert any(f.code == "R2" and f.left == 9 for f in result.errors)


def test_unwritable_output_folder(tmp_path):
    from report_kit.errors import OutputError
    from report_kit.fsutil import write_atomic

    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "missing" / "x.docx", b"data")
    assert str(caught.value) == f"输出文件夹“{tmp_path / 'missing'}”不存在。"
