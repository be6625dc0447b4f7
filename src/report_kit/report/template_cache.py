"""Compiled report templates kept on disk between runs.

Compiling a template (fast_docx.py: docxtpl's preparation of its XML, one reference render, the
Jinja compile, reading its variables) costs ~0.25 s, more than the rest of a cold
`report-kit compile one.xlsx`. An entry is written once per template and version of the code
and read back in a few milliseconds by every later run, in every process of a batch.

An entry is data, never code: plain values (the checked Jinja source of the document, the other
parts of the package as docxtpl writes them), stored with `marshal` (not pickle: nothing in it can
name a class to build) behind a sha256 of its bytes, so a damaged file is never unmarshalled. The
source is compiled again by every run, through the sandbox's static check (report/sandbox.py), so
an entry someone else wrote cannot run anything a template could not. Keep the folder private all
the same: an entry decides what a report says.

The key is the sha256 of the template's bytes together with everything the compiled form depends
on: the entry format, report-kit's and Jinja's versions, the contents of our modules that make
it, and where the libraries that write the package are installed and when (docxtpl, python-docx,
lxml). A change to any of them is a new entry, never a stale one; old entries are pruned.

`REPORT_KIT_CACHE` names another folder; set to an empty value it turns the cache off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from .. import __version__

FORMAT = 2
KEPT = 16  # entries kept: a few templates, each over a few upgrades
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_SUFFIX = ".template"
_MAGIC = b"RKTPL\x00\x00\x01"  # what an entry file starts with, then the sha256 of the rest
# The modules whose code decides what an entry holds: ours (by content), and the libraries'
_OWN_SOURCES = ("fast_docx.py", "sandbox.py", "template_cache.py", "render.py", "context.py")
_LIBRARIES = ("docxtpl", "docx", "lxml")


def cache_folder() -> Path | None:
    """Where entries are kept, or None when the cache is off (or there is no home folder to keep
    them in: a service account, a container run as a bare uid)."""
    configured = os.environ.get("REPORT_KIT_CACHE")
    if configured is not None:
        return Path(configured).expanduser().absolute() if configured.strip() else None
    try:
        if os.name == "nt":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (RuntimeError, KeyError, OSError):  # Path.home() without HOME or a passwd entry
        return None
    return base / "report-kit"


def writable() -> bool:
    """Whether an entry written now could be kept (decides whether compiling now pays off)."""
    folder = cache_folder()
    if folder is None:
        return False
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    return existing is not None and existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


def entry_key(template: bytes) -> str:
    """The key of `template`'s entry with this code (see the module's docstring)."""
    import jinja2

    digest = hashlib.sha256(template)
    digest.update(repr((FORMAT, __version__, jinja2.__version__, _code_stamps())).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_stamps() -> tuple:
    here = Path(__file__).parent
    stamps: list[tuple] = []
    for name in _OWN_SOURCES:
        try:
            stamps.append((name, hashlib.sha256((here / name).read_bytes()).hexdigest()))
        except OSError:
            stamps.append((name, None))
    for library in _LIBRARIES:
        spec = importlib.util.find_spec(library)  # found, not imported
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        try:
            status = origin.stat() if origin else None
            stamps.append((library, str(origin), status.st_size, status.st_mtime_ns) if status else (library, None))
        except OSError:
            stamps.append((library, str(origin)))
    return tuple(stamps)


def load(key: str) -> dict | None:
    """The entry stored under `key`, or None (absent, unreadable, damaged or not ours)."""
    folder = cache_folder()
    if folder is None:
        return None
    path = folder / (key + _SUFFIX)
    try:
        if path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    header, checksum, payload = data[:len(_MAGIC)], data[len(_MAGIC):len(_MAGIC) + 32], data[len(_MAGIC) + 32:]
    # marshal is not made to read damaged data, and a flipped bit in code could crash the run that
    # executes it: only bytes exactly as written are read
    if header != _MAGIC or hashlib.sha256(payload).digest() != checksum:
        return None
    try:
        entry = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    return entry


def store(key: str, entry: dict) -> None:
    """Keep `entry` under `key`, written whole or not at all; a cache that cannot be written
    (read-only home, full disk) only costs the next run the compile again."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        payload = marshal.dumps({**entry, "key": key})
    except ValueError:  # something marshal cannot hold: not kept
        return
    data = _MAGIC + hashlib.sha256(payload).digest() + payload
    if len(data) > MAX_ENTRY_BYTES:  # load() would refuse it: writing it would only cost every run
        return
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, folder / (key + _SUFFIX))
        temporary = None
        _prune(folder)
    except OSError:
        pass
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _prune(folder: Path) -> None:
    """Keep the KEPT most recently written entries; remove what a killed run left half-written."""
    entries = sorted(folder.glob("*" + _SUFFIX), key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for stale in entries[KEPT:]:
        stale.unlink(missing_ok=True)
    an_hour_ago = time.time() - 3600
    for left in folder.glob(".*.tmp"):
        if left.stat().st_mtime < an_hour_ago:
            left.unlink(missing_ok=True)
