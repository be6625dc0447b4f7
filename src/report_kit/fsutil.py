"""Writing outputs safely: temporary file + rename, never half a file, never a silent clobber."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from pathlib import Path

from .errors import OutputError
from .form import messages as msg



def os_error_text(error: OSError) -> str:
    """One Chinese sentence for an OSError: what failed, on which path."""
    if not error.filename:
        return f"{reason(error)}。"
    name = str(error.filename)
    shown = name if len(name) <= 80 else f"{name[:40]}…{name[-30:]}"
    return f"“{shown}”：{reason(error)}。"


def reason(error: OSError) -> str:
    """Why an OS call failed, in Chinese, without the path (the caller names it). An error without a
    Chinese sentence of its own says what to check, and ends with its number and the system's
    (English) words for whoever is asked for help."""
    known = msg.OS_REASONS.get(error.errno) if error.errno is not None else None
    if known:
        return known
    detail = " ".join(str(part) for part in (f"errno {error.errno}" if error.errno else "", error.strerror
                                              or type(error).__name__) if part)
    return msg.OS_REASON_OTHER.format(detail=detail)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


TEMP_PREFIX = ".~report-kit-"  # hidden, and skipped by find_inputs

# File systems cap a name at 255 bytes (UTF-8: a CJK character is 3). Leave room for Excel's
# "~$" lock file and LibreOffice's ".~lock.…#" beside an open file.
MAX_NAME_BYTES = 230
_ELLIPSIS = "…"


def safe_filename(text: str) -> str:
    """A department name made safe as part of a file name on Windows, macOS and Linux."""
    cleaned = _UNSAFE.sub("_", text).strip(" .")
    return cleaned or "未命名"


def fit_filename(prefix: str, name: str, suffix: str) -> str:
    """`prefix + name + suffix` with `name` made safe and, if the whole would pass the file
    system's limit, shortened by UTF-8 bytes: its beginning and its end are kept (where a
    department's name says what it is: "…局", "…委员会") around "…"."""
    name = safe_filename(name)
    budget = MAX_NAME_BYTES - len((prefix + suffix).encode("utf-8"))
    if len(name.encode("utf-8")) <= budget:
        return prefix + name + suffix
    budget -= len(_ELLIPSIS.encode("utf-8"))
    tail = _fit_bytes(name[::-1], budget // 3)[::-1]
    head = _fit_bytes(name, budget - len(tail.encode("utf-8")))
    return prefix + head + _ELLIPSIS + tail + suffix


def _fit_bytes(text: str, limit: int) -> str:
    out, used = [], 0
    for char in text:
        used += len(char.encode("utf-8"))
        if used > limit:
            break
        out.append(char)
    return "".join(out)


def was_shortened(filename: str | Path, name: str) -> bool:
    """Whether `fit_filename` shortened `name` in `filename` (the CLI says so)."""
    return bool(name) and safe_filename(name) not in Path(filename).name


def write_atomic(path: str | Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    An interrupted run leaves the old file (or none), never a truncated one.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        if path.is_dir():
            raise OutputError(msg.OUTPUT_IS_FOLDER.text(path=path))
        if path.exists() and not overwrite:
            raise OutputError(msg.OUTPUT_EXISTS.text(path=path))
        if not folder.is_dir():
            raise OutputError(msg.OUTPUT_FOLDER_MISSING.text(folder=folder))
    except OSError as error:  # a name over the file system's limit cannot even be looked up
        raise OutputError(msg.CANNOT_WRITE.text(path=_short(path), reason=reason(error))) from None
    try:
        handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=folder)
    except OSError as error:
        raise OutputError(msg.CANNOT_WRITE_IN.text(folder=folder, reason=reason(error))) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        if overwrite:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
    except BaseException as error:
        Path(temp).unlink(missing_ok=True)
        if isinstance(error, FileExistsError) and not overwrite:  # another run took the name meanwhile
            raise OutputError(msg.OUTPUT_APPEARED.text(path=path)) from None
        if isinstance(error, OSError):
            raise OutputError(msg.CANNOT_WRITE.text(path=_short(path), reason=reason(error))) from None
        raise
    return path


def _link_new(temp: str, path: Path) -> None:
    """Give the finished file its name only if no file has that name: checking and then renaming
    are two steps another process can slip between; a hard link is one, and fails if it exists."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as error:  # a file system without hard links (FAT, some network shares)
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV):
            raise
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))  # claim the name
        os.replace(temp, path)
    else:
        os.unlink(temp)


STALE_TEMP_SECONDS = 15 * 60


def remove_stale_temps(folder: Path) -> int:
    """Remove our temporary files a killed run left in `folder` (older than 15 minutes, so a run
    writing there right now keeps its own). Returns how many were removed."""
    removed = 0
    try:
        for temp in folder.glob(TEMP_PREFIX + "*"):
            try:
                if time.time() - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                    temp.unlink()
                    removed += 1
            except OSError:
                continue
    except OSError:
        return removed
    return removed


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 80 else f"{text[:40]}…{text[-30:]}"


def make_folder(folder: str | Path) -> Path:
    """Create an output folder (and its parents) if missing. Raises OutputError when it cannot."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(msg.CANNOT_MAKE_FOLDER.text(folder=_short(folder), reason=reason(error))) from None
    return folder
