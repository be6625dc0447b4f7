"""The per-file work of a round: read one file (the job a worker runs), check it; never raising
for a bad file.

Workers only read. The check (under a millisecond, against last year's data of the file's
agency) runs in the process that holds last year's data, so that data never travels to a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..api import load_submission
from ..checker import CheckResult, check
from ..errors import ReportKitError
from ..form import messages as msg
from ..fsutil import reason
from ..submission import Submission

if TYPE_CHECKING:  # previous.py reads last year's files with `read_safely`
    from ..previous import PreviousYear


@dataclass(eq=False)  # one outcome per file: two files with equal content are still two
class Outcome:
    """What became of one file: its check, or why it could not be used."""

    path: Path
    result: CheckResult | None = None
    problem: str = ""  # the Chinese sentence saying why the file could not be used

    @property
    def submission(self) -> Submission | None:
        return self.result.submission if self.result else None


def read_safely(path: Path, read: Callable[[Path], Submission] = load_submission) -> tuple[Submission | None, str]:
    """`read(path)`, or None and the sentence saying why the file cannot be used; never raises."""
    try:
        return read(path), ""
    except ReportKitError as error:
        return None, str(error)
    except OSError as error:  # a path the OS refuses (too long, no permission) or a read failing
        return None, msg.CANNOT_READ_FILE.text(name=path.name, reason=reason(error))
    except Exception as error:  # a damaged file may break a library in ways nobody listed
        return None, msg.READ_CRASHED.text(name=path.name, error=type(error).__name__)


def read_crashed(path: Path) -> tuple[None, str]:
    """What `read_safely` would say of a file whose worker process died while reading it."""
    return None, msg.FILE_CRASHED_WORKER.text(name=path.name)


def checked(path: Path, submission: Submission | None, problem: str,
            previous: PreviousYear | None = None) -> Outcome:
    """The outcome of a file read (`read_safely`): its check against its agency's data in
    `previous` when there is some, or the `problem` that kept it from being read."""
    if submission is None:
        return Outcome(path, problem=problem)
    last = previous.get(submission.agency, submission.year) if previous is not None else None
    return Outcome(path, check(submission, last))


def check_file(path: Path, previous: PreviousYear | None = None) -> Outcome:
    """Read and check one file; never raises for a bad file."""
    return checked(path, *read_safely(path), previous)
