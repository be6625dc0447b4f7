"""Which files of the folders and files named are returns to read."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from ..errors import UnusableInput
from ..inputs import suffixes
from ..paths import missing_text

# What a folder of returns may hold (the input table's returns, old formats included so they are
# reported, not skipped).
INPUT_SUFFIXES = suffixes()


def find_inputs(paths: Sequence[Path], skip: Iterable[Path] = ()) -> list[Path]:
    """Files named, plus the returns directly inside named folders (sorted, each once).

    Office lock files (~$x.xlsx, .~lock.x#) and hidden files are not returns; `skip` names files
    this run writes itself (the ledger). Sub-folders such as 退回修改/ are not entered.
    Raises UnusableInput for a path that does not exist.
    """
    from .ledger import is_ledger  # the ledger module needs the round, which needs this one

    skipped = {p.resolve() for p in skip}
    found: dict[Path, Path] = {}  # resolved -> as named: "a.xlsx" and "/x/a.xlsx" are one file
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() in INPUT_SUFFIXES and not _is_noise(child.name) \
                        and not (child.suffix.lower() == ".xlsx" and is_ledger(child)):  # last run's ledger
                    found.setdefault(child.resolve(), child)
        elif path.exists():
            found.setdefault(path.resolve(), path)
        else:
            raise UnusableInput(missing_text(path))  # where it was looked for, and the likely slip
    return [p for resolved, p in found.items() if resolved not in skipped]


def _is_noise(name: str) -> bool:
    return name.startswith(("~$", ".~lock", "."))
