"""Writing outputs safely: temporary file + rename, never half a file, never a silent clobber."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import OutputError

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_filename(text: str) -> str:
    """A department name made safe as part of a file name on Windows, macOS and Linux."""
    cleaned = _UNSAFE.sub("_", text).strip(" .")
    return cleaned[:80] or "未命名"


def write_atomic(path: str | Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    An interrupted run leaves the old file (or none), never a truncated one.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"“{path}”是一个文件夹，请给出文件名。")
    if path.exists() and not overwrite:
        raise OutputError(f"“{path}”已存在，未覆盖。如确需覆盖，请加 --overwrite。")
    if not folder.is_dir():
        raise OutputError(f"输出文件夹“{folder}”不存在。")
    try:
        handle, temp = tempfile.mkstemp(prefix=".~report-kit-", suffix=path.suffix, dir=folder)
    except OSError as error:
        raise OutputError(f"无法在“{folder}”中写文件：{error.strerror or error}。") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as error:
        Path(temp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"无法写入“{path}”：{error.strerror or error}。") from None
        raise
    return path


def make_folder(folder: str | Path) -> Path:
    """Create an output folder (and its parents) if missing. Raises OutputError when it cannot."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"无法创建文件夹“{folder}”：{error.strerror or error}。") from None
    return folder
