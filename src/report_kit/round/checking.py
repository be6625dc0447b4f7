"""The per-file job of a round: read and check one file, never raising for a bad one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..api import load_submission
from ..checker import CheckResult, check
from ..errors import ReportKitError
from ..fsutil import reason
from ..submission import Submission
from .roster import normalize_name

CRASHED = ("处理“{name}”时工作进程意外退出（可能是文件过大或内存不足），无法使用。请打开该文件确认内容，"
           "或单独用 report-kit check 检查它。")


@dataclass
class Outcome:
    """What became of one file: its check, or why it could not be used."""

    path: Path
    result: CheckResult | None = None
    problem: str = ""  # the Chinese sentence saying why the file could not be used
    report: Path | None = None  # the report written from it (compile)
    report_problem: str = ""  # why no report was written although the data passed

    @property
    def submission(self) -> Submission | None:
        return self.result.submission if self.result else None


# The previous year's data, by normalized agency name; set once per worker process.
_previous: dict[str, Submission] = {}


def set_previous(previous: dict[str, Submission]) -> None:
    """Make last year's data (by normalized agency name) available to `check_file` in this process."""
    global _previous
    _previous = previous


def check_file(path: Path) -> Outcome:
    """Read and check one file; never raises for a bad file."""
    try:
        submission = load_submission(path)
    except ReportKitError as error:
        return Outcome(path, problem=str(error))
    except OSError as error:  # a path the OS refuses (too long, no permission) or a read failing
        return Outcome(path, problem=f"无法读取“{path.name}”：{reason(error)}。")
    except Exception as error:  # a damaged file may break a library in ways nobody listed
        return Outcome(path, problem=f"“{path.name}”读取时出现意外错误（{type(error).__name__}），无法使用。")
    last = _previous.get(normalize_name(submission.agency))
    return Outcome(path, check(submission, last))


def check_crashed(path: Path) -> Outcome:
    """The outcome of a file whose worker process died while reading it."""
    return Outcome(path, problem=CRASHED.format(name=path.name))
