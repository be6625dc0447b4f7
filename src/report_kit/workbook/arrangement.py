"""Whether the defined names still describe the form: moved together (inserted rows, a renamed
sheet) they do; one name re-pointed by hand (Name Manager) they do not, and no value can be trusted."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .cells import range_boundaries

from ..errors import WrongWorkbook
from ..form import FORM
from ..form import messages as msg


def verify_arrangement(places: dict[str, tuple[str, str]], name: str) -> None:
    """Names follow their cells when rows or columns are inserted or a sheet renamed, and then every
    cell of a row moves together and the order of rows and columns holds. A name re-pointed by hand
    (Name Manager) breaks that: which cell holds the value can no longer be known, so refuse."""
    if all(places[f.id] == (f.sheet, f.cell) for f in FORM.fields if f.id in places) and _cells_distinct():
        return  # every name where the form put it (nearly every return): nothing moved, no two on one cell
    now = {i: (sheet, *_row_col(coordinate)) for i, (sheet, coordinate) in places.items()}
    moved: list[str] = []
    for sheet in dict.fromkeys(f.sheet for f in FORM.fields):
        fields = [f for f in FORM.fields if f.sheet == sheet and f.id in now]  # facts added later may be absent
        if not fields:
            continue
        target = Counter(now[f.id][0] for f in fields).most_common(1)[0][0]
        rows = _majority({f.row: [] for f in fields}, fields, lambda f: (f.row, now[f.id][1]))
        cols = _majority({f.col: [] for f in fields}, fields, lambda f: (f.col, now[f.id][2]))
        for f in fields:
            if now[f.id] != (target, rows[f.row], cols[f.col]):
                moved.append(f.id)
        if not (_increasing(rows) and _increasing(cols)):
            moved.extend(f.id for f in fields if f.id not in moved)
    # Two names on one cell where neither looks moved: both are suspect
    flagged = {now[i] for i in moved}
    taken = Counter(now.values())
    moved.extend(i for i in now if taken[now[i]] > 1 and now[i] not in flagged)
    if moved:
        first = FORM.field(moved[0])
        raise WrongWorkbook(msg.NAMES_MOVED.text(name=name, count=len(moved), label=first.label, was=first.ref,
                                                 now=f"{places[first.id][0]}!{places[first.id][1]}"))


@lru_cache(maxsize=1)
def _cells_distinct() -> bool:
    return len({(f.sheet, f.cell) for f in FORM.fields}) == len(FORM.fields)


def _row_col(coordinate: str) -> tuple[int, int]:
    min_col, min_row, _max_col, _max_row = range_boundaries(coordinate.replace("$", ""))
    return min_row, min_col


def _majority(groups: dict, fields, key) -> dict[int, int]:
    for f in fields:
        was, now = key(f)
        groups[was].append(now)
    return {was: Counter(nows).most_common(1)[0][0] for was, nows in groups.items()}


def _increasing(mapping: dict[int, int]) -> bool:
    ordered = [mapping[k] for k in sorted(mapping)]
    return all(a < b for a, b in zip(ordered, ordered[1:]))
