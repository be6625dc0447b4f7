"""Last year's data (--previous), one way in: read from files or folders, looked up by agency.

Last year's files may be returns (workbooks, JSON files) or published reports (PDF, web page,
Word). They are read, not checked: their findings were last year's to act on. A file named for
one agency must be that agency's data of the year before, or it is refused (`previous_problem`);
in a folder, each agency's file of the year before is preferred, and data of another year is
named by the check that uses it (`checker.year_mismatch`, R9) and not compared. A `PreviousYear` is
passed as an argument to whatever uses it; a round's workers only read this year's files, and
each is checked against its agency's data in the process holding it (`round.checking.checked`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Sequence

from .api import load_submission
from .checker import year_mismatch
from .errors import UnusableInput
from .form import FORM
from .form import messages as msg
from .inputs import INPUTS, input_kind
from .round.checking import read_crashed, read_safely
from .round.discovery import find_inputs
from .round.pool import run_each
from .round.roster import normalize_name
from .submission import Submission


@dataclass(frozen=True)
class PreviousYear:
    """Last year's data by normalized agency name, and why some of last year's files were not used.

    `by_agency` holds each agency's files in the order they win (a return after a published report)."""

    by_agency: dict[str, tuple[Submission, ...]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def get(self, agency: str, year: int | None = None) -> Submission | None:
        """Last year's data of `agency` (matched exactly as `roster.normalize_name` matches, never
        another agency), or None. For a report of `year`, a file of the year before wins over the
        agency's files of other years (last year's folder may hold a file sent by mistake, and the
        one sent after it)."""
        found = self.by_agency.get(normalize_name(agency), ())
        fitting = [s for s in found if year and s.year == year - 1]
        return (fitting or found or [None])[-1]


def require_previous(path: Path) -> None:
    """Raise UnusableInput, saying a first year has none, when last year's data `path` does not exist."""
    if not path.exists():
        raise UnusableInput(msg.PREVIOUS_NOT_FOUND.text(path=path, carried=FORM.carried_labels[1]))


def previous_for(path: Path, agency: str, year: int | None = None) -> Submission:
    """Last year's data for `agency`'s report of `year`: the file `path`, or the agency's file in
    the folder `path`. Raises UnusableInput when there is none, it cannot be read, or it is not
    that agency's data of the year before (see `previous_problem`)."""
    require_previous(path)
    if not path.is_dir():
        return require_usable(read_previous(path), agency, year)
    found = load_previous([path]).get(agency, year)
    if found is None:
        raise UnusableInput(msg.PREVIOUS_NOT_IN_FOLDER.text(path=path, agency=agency))
    return require_usable(found, agency, year)


def same_agency(one: str, other: str) -> bool:
    """Whether two agency names may name one agency: equal after `roster.normalize_name`
    (spaces, full-width forms), or one containing the other (a published report's title may say
    "某某县" for "某某县人民政府"). A name not given (empty) is not held against the other."""
    one, other = normalize_name(one), normalize_name(other)
    return not one or not other or one in other or other in one


def previous_problem(last: Submission, agency: str, year: int | None) -> str:
    """Why `last` cannot be `agency`'s data of the year before `year` ("" when it can): it names
    another agency (`same_agency`), or it is of another year (`checker.year_mismatch`). The one test
    of last year's data named for one agency: make-workbook, check, compile and audit use it."""
    if not same_agency(last.agency, agency):
        return msg.PREVIOUS_OTHER_AGENCY.text(file=_name(last), previous=last.agency, agency=agency)
    return year_mismatch(last, year)


def require_usable(last: Submission, agency: str, year: int | None) -> Submission:
    """`last`, when it is `agency`'s data of the year before `year`; else raises UnusableInput
    saying why (`previous_problem`)."""
    problem = previous_problem(last, agency, year)
    if problem:
        raise UnusableInput(problem)
    return last


def _name(last: Submission) -> str:
    return Path(last.source).name if last.source else msg.PREVIOUS_UNNAMED


def load_previous(paths: Sequence[Path], jobs: int | None = None) -> PreviousYear:
    """Read last year's files and folders (on up to `jobs` processes), keyed by agency.

    In a folder, the returns and the published reports directly inside are read; when an agency
    has both of one year, its return is used, and a file of the year before wins over other years
    (`PreviousYear.get`). A file that cannot be used is listed in `problems`.
    Raises UnusableInput when a path does not exist (see `require_previous`)."""
    for path in paths:
        require_previous(path)
    files = _previous_files(paths)
    read = run_each(partial(read_safely, read=read_previous), files, jobs=jobs, crashed=read_crashed)
    by_agency, problems = {}, []
    for path, (submission, problem) in zip(files, read):
        if submission is None:
            problems.append(problem)
        elif not submission.agency:
            problems.append(msg.PREVIOUS_NO_AGENCY.text(file=path.name))
        else:
            key = normalize_name(submission.agency)
            by_agency[key] = by_agency.get(key, ()) + (submission,)
    return PreviousYear(by_agency, tuple(problems))


def _previous_files(paths: Sequence[Path]) -> list[Path]:
    """Files named, and in named folders the published reports, then the returns (which so win)."""
    from .published.audit import find_published  # the published readers: only when last year's data is asked for

    found: dict[Path, Path] = {}
    for path in paths:
        inside = find_published([path]) + find_inputs([path]) if path.is_dir() else [path]
        for file in inside:
            found.setdefault(file.resolve(), file)
    return list(found.values())


def read_previous(path: Path) -> Submission:
    """One file of last year's data: a published report (PDF, web page, .docx, told by its content,
    see `inputs.input_kind`) or a return (workbook, JSON).

    Raises UnusableInput when it cannot be read, or when a value the cross-year rules need was not
    read from a published report (never taken as 0), also from the JSON `import` wrote of one."""
    if not input_kind(path, published=True).published:
        submission, report = load_submission(path), None
    else:
        from .published.audit import load_any  # the published readers: only for a file that is one

        submission, report = load_any(path)
    not_read = set(report.not_read) if report is not None else _imported_not_read(path)
    missing = [FORM.field(i).label for i in FORM.baseline_fields if i in not_read]
    if missing:
        raise UnusableInput(msg.PREVIOUS_NOT_READ.text(file=path.name, labels="、".join(missing[:3])))
    return submission


def _imported_not_read(path: Path) -> set[str]:
    """The fields an imported JSON file lists as not read (empty for any other file)."""
    if input_kind(path) is not INPUTS["json"]:
        return set()
    try:
        source = json.loads(path.read_text(encoding="utf-8-sig")).get("source")
    except (OSError, ValueError, AttributeError):
        return set()
    not_read = source.get("not_read") if isinstance(source, dict) else None
    return set(not_read) if isinstance(not_read, dict) else set()
