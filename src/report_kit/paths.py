"""Paths as users type and read them: the slips a shell lets through (an unquoted space, Chinese
quotation marks, a stray space) found and said; where a missing relative path was looked for; a
written file shown so that it can be found, and a path put into a command so that it can be pasted.

Kept free of heavy imports: the command line's `--help` loads it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from .errors import UnusableInput
from .form import messages as msg

# Characters a shell (bash, cmd.exe, PowerShell) reads as something other than part of a name.
_SHELL_SPECIAL = set(" \t'\"$`&|;<>()*?![]{}#~^%,")
# Quotation marks an input method types in place of ASCII ones; a shell takes them as part of a name.
CHINESE_QUOTES = "“”‘’「」『』"


def shell_arg(path: Path | str) -> str:
    """A path as it can be pasted into a shell: bare when that is safe, else in ASCII double quotes.
    Never Chinese quotation marks: a shell takes “x.xlsx” as part of the name."""
    text = str(path)
    return f'"{text}"' if any(c in _SHELL_SPECIAL for c in text) else text


def _from_here(path: Path | str) -> tuple[str, bool]:
    """`path` relative to the current folder when it is under it (True), else absolute (False)."""
    absolute = os.path.abspath(path)
    here = os.getcwd()
    try:
        relative = os.path.relpath(absolute, here)
    except ValueError:  # another drive (Windows)
        return absolute, False
    if relative == os.curdir or relative.startswith(os.pardir):
        return absolute, relative == os.curdir
    return relative, True


def pasteable(path: Path | str) -> str:
    """`path` as a command line typed in this terminal needs it: relative to the current folder
    when under it, else absolute; in ASCII quotes only when a shell needs them."""
    return shell_arg(_from_here(path)[0])


def shown(path: Path | str) -> str:
    """Where a written file or folder is, as the user reads it: relative to the current folder when
    it is in a folder under it ("回收/退回修改"), else absolute — a bare name ("报送情况.xlsx") would not
    say which folder the run was started from."""
    text, under = _from_here(path)
    return text if under and os.sep in text else os.path.abspath(path)


def locate(path: Path, following: Sequence[str] = (), what: str = "") -> tuple[Path, str]:
    """The path to use for what the user typed as `path`, and a note when it is not what was typed
    ("" otherwise): a path that does not exist but does without the spaces around it is used
    without them (nothing else can have been meant). `following` are the arguments typed after it
    (an unquoted space splits a path into several); `what` names it ("部门名单").

    Raises UnusableInput saying what was probably wrong when nothing is there.
    """
    if path.exists():
        return path, ""
    text = str(path)
    stripped = text.strip()  # str.strip also takes the full-width space
    if stripped and stripped != text and Path(stripped).exists():
        return Path(stripped), msg.PATH_SPACES_STRIPPED.text(typed=text, path=stripped)
    raise UnusableInput(missing_text(path, following, what))


def is_slip(path: Path) -> bool:
    """Whether a path that is not there looks mistyped (Chinese quotes, cut at an unquoted space,
    spaces around it) rather than simply absent: worth `missing_text`'s hint before a command's
    own sentence for a missing file."""
    text = str(path)
    return any(q in text for q in CHINESE_QUOTES) or text.strip() != text or _spaced_entry(path) is not None


def missing_text(path: Path, following: Sequence[str] = (), what: str = "") -> str:
    """What to say about a path that does not exist: the folder a relative path was looked for in,
    and the likely slip (Chinese quotes, a path cut at a space, spaces around it)."""
    text = str(path)
    what = what or (msg.PATH_FILE if path.suffix else "")  # "找不到文件“a.xlsx”", "找不到“回收”"
    looked = "" if path.is_absolute() else msg.PATH_LOOKED_IN.format(folder=os.getcwd())
    if any(q in text for q in CHINESE_QUOTES):  # shown as typed: its own quotes, not ours around them
        return msg.PATH_CHINESE_QUOTES.text(what=what, path=text, looked=looked,
                                            example=_quoted(_unquoted(text, following)))
    said = msg.PATH_NOT_FOUND.text(what=what, path=text, looked=looked)
    entry = _spaced_entry(path)
    if entry is not None:
        here = str(path.parent) == os.curdir
        example = _joined(text, following) or (entry if here else str(path.parent / entry))
        folder = msg.PATH_HERE if here else f"“{path.parent}”"
        return said + msg.PATH_CUT_AT_SPACE.text(folder=folder, entry=entry, example=_quoted(example))
    if text.strip() != text:
        return said + msg.PATH_HAS_SPACES.text()
    return said


def _quoted(text: str) -> str:
    return f'"{text}"'


def _unquoted(text: str, following: Sequence[str]) -> str:
    """The path meant by an argument typed in Chinese quotes: the quotes taken away, and the
    arguments up to the closing quote joined back (a space inside them split the path)."""
    parts = [text]
    if text.lstrip()[:1] in CHINESE_QUOTES and text.rstrip()[-1:] not in CHINESE_QUOTES:
        for part in following:
            if Path(part).exists():  # an argument of its own (typed before an option, say), not a piece
                continue
            parts.append(part)
            if part.rstrip()[-1:] in CHINESE_QUOTES:
                break
    return "".join(c for c in " ".join(parts) if c not in CHINESE_QUOTES).strip()


def _spaced_entry(path: Path) -> str | None:
    """The name of an entry beside `path` that starts with its name and a space ("政务 公开办" for
    "政务"): the path was cut at an unquoted space."""
    folder = path.parent
    try:
        names = sorted(child.name for child in folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return None
    return next((name for name in names if name.startswith(path.name + " ")), None)


def _joined(text: str, following: Sequence[str]) -> str:
    """The existing path the argument and the ones after it make when joined by spaces, or ""."""
    for count in range(1, len(following) + 1):
        candidate = " ".join([text, *following[:count]])
        if Path(candidate).exists():
            return candidate
    return ""
