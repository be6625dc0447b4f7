"""Writing outputs safely: temporary file + rename, never half a file, never a silent clobber."""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from .errors import OutputError

# What the operating system said, in the user's language (strerror is English)
_OS_ERRORS = {
    errno.ENAMETOOLONG: "文件名或路径太长，超出了文件系统的限制",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许",
    errno.EROFS: "所在位置是只读的",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EEXIST: "已存在同名文件",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EMFILE: "同时打开的文件太多",
    errno.EIO: "读写出错（磁盘或网络存储故障）",
    errno.EILSEQ: "文件名含有文件系统不支持的字符",
    errno.EINVAL: "文件名或参数无效",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EXDEV: "不能跨磁盘移动",
}


def os_error_text(error: OSError) -> str:
    """One Chinese sentence for an OSError: what failed, on which path."""
    reason = _OS_ERRORS.get(error.errno, f"系统错误（{error.strerror or type(error).__name__}）")
    return f"“{error.filename}”：{reason}。" if error.filename else f"{reason}。"


def reason(error: OSError) -> str:
    """Why an OS call failed, in Chinese, without the path (the caller names it)."""
    return _OS_ERRORS.get(error.errno, f"系统错误（{error.strerror or type(error).__name__}）")


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
        raise OutputError(f"无法在“{folder}”中写文件：{reason(error)}。") from None
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
            raise OutputError(f"无法写入“{path}”：{reason(error)}。") from None
        raise
    return path


def make_folder(folder: str | Path) -> Path:
    """Create an output folder (and its parents) if missing. Raises OutputError when it cannot."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"无法创建文件夹“{folder}”：{reason(error)}。") from None
    return folder
