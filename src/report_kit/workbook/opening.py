"""Open an .xlsx defensively: every way a file can be unusable gets one Chinese sentence."""

from __future__ import annotations

import warnings
import zipfile
import zlib
from pathlib import Path

import openpyxl

from ..errors import UnusableInput
from ..fsutil import reason

MAX_UNCOMPRESSED = 100 * 1024 * 1024  # our workbooks are ~30 KB; beyond this is a zip bomb
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_workbook(path: Path, *, cached_values: bool = False):
    """Load `path` with openpyxl (normal mode: WPS files may carry a wrong dimension).

    Formula cells hold their formula text, or with `cached_values` the value the office last
    computed. Raises UnusableInput with a message naming the file and what to do.
    """
    name = path.name
    if path.is_dir():
        raise UnusableInput(f"“{path}”是一个文件夹，不是 Excel 文件。")
    if not path.exists():
        raise UnusableInput(f"找不到文件“{path}”。")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise UnusableInput(f"无法读取“{name}”：{reason(error)}。") from None
    if not head:
        raise UnusableInput(f"“{name}”是空文件（0 字节），可能在传输中损坏，请对方重新发送。")
    if head == _OLE_MAGIC:
        raise UnusableInput(_ole_message(path))
    if head.startswith(b"PK\x03\x04") and not zipfile.is_zipfile(path):
        raise UnusableInput(f"“{name}”已损坏（不是完整的压缩包），可能在传输中被截断，请对方重新发送。")
    if not zipfile.is_zipfile(path):
        raise UnusableInput(f"“{name}”不是 Excel 工作簿（.xlsx），可能是其他格式的文件改了扩展名，或在传输中损坏。")
    _inspect_zip(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; not the user's business
            return openpyxl.load_workbook(path, data_only=cached_values)
    except Exception:  # openpyxl raises many types for damaged parts; the message is the same for the user
        raise UnusableInput(f"“{name}”已损坏，无法打开。请对方用 Excel 或 WPS 打开确认后重新保存、发送。") from None


def _ole_message(path: Path) -> str:
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (f"“{path.name}”设置了打开密码，无法读取。请对方在 Excel/WPS 中取消“打开密码”"
                "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后重新发送。")
    if path.suffix.lower() == ".et":
        return (f"“{path.name}”是 WPS 表格专用的 .et 格式。请对方在 WPS 中“另存为” Excel 工作簿（.xlsx）"
                "后重新发送。")
    return (f"“{path.name}”是旧版 .xls 格式（或其他 Office 文件），不是本工具下发的 .xlsx 填报表。"
            "请对方在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后重新发送。")


def _inspect_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
                raise UnusableInput(f"“{path.name}”解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，"
                                    "远大于正常的填报表，为安全起见不予读取。")
            if archive.testzip() is not None:
                raise UnusableInput(f"“{path.name}”已损坏（压缩包校验失败），请对方重新发送。")
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
        # testzip decompresses every member: a damaged one raises from zlib, not zipfile
        raise UnusableInput(f"“{path.name}”已损坏（不是完整的压缩包），可能在传输中被截断，请对方重新发送。") from None
    if "xl/workbook.xml" not in names:
        if _is_opendocument_spreadsheet(path, names):  # LibreOffice's own format, common on 信创 machines
            raise UnusableInput(f"“{path.name}”是 OpenDocument 表格（.ods）格式。请对方在 LibreOffice 或 WPS 中"
                                "“另存为” Excel 工作簿（.xlsx）后重新发送。")
        kind = "Word 文档" if "word/document.xml" in names else ("PowerPoint 文件" if "ppt/presentation.xml" in names
                                                               else "其他压缩文件")
        raise UnusableInput(f"“{path.name}”是{kind}，不是 Excel 填报表。")


def _is_opendocument_spreadsheet(path: Path, names: set[str]) -> bool:
    if "mimetype" not in names:
        return False
    with zipfile.ZipFile(path) as archive:
        return archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.spreadsheet"
