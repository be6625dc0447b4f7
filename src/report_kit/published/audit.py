"""Audit published reports: the rules of `check` on what was printed, findings at page and label.

A rule that needs a field that was not read says "无法核对" instead of treating it as 0. In a folder,
reports of the same agency in consecutive years are paired, so R6/R7 run between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..round.pool import run_each
from ..checker import CheckResult, check
from ..errors import ReportKitError, UnusableInput
from ..round.roster import normalize_name
from ..form import FORM
from ..form import messages as msg
from ..inputs import input_kind, suffixes
from ..submission import Finding, Submission
from .copied import copied_paragraphs
from .findings import placed
from .reading import PublishedReport, read_published

PUBLISHED_SUFFIXES = suffixes(published=True)
SKIPPED_CODES = frozenset({"F2"})  # a published report has no per-sub-head prose boxes to fill


@dataclass
class Audited:
    """One file of an audit: the report read and its check, or why it could not be read."""

    path: Path
    report: PublishedReport | None = None
    result: CheckResult | None = None
    problem: str = ""
    previous: Submission | None = None  # the report of the year before it was compared with
    previous_name: str = ""
    previous_problem: str = ""  # why the --previous file was not its last year's data ("" when it was)

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok


def load_any(path: Path) -> tuple[Submission, PublishedReport | None]:
    """Last year's data from a published report, a workbook or a JSON file (by content)."""
    from ..api import load_submission

    if input_kind(path, published=True).published:
        report = read_published(path)
        return report.submission, report
    return load_submission(path), None


def audit_report(report: PublishedReport, previous: Submission | None = None,
                 previous_report: PublishedReport | None = None) -> CheckResult:
    """Check one published report (against last year's when given); findings carry printed places."""
    result = check(report.submission, previous)
    findings = [f for f in result.findings if f.code not in SKIPPED_CODES]
    findings = _uncheckable(findings, report, previous_report, cross_year=previous is not None)
    if previous is not None:
        findings += copied_paragraphs(report.submission, previous, lambda f: report.place(f.id))
    result.findings = [placed(f, report.place) for f in findings]
    return result


def _needs(rule_ids: tuple[str, ...], stated: bool) -> set[str]:
    needed: set[str] = set()
    for i in rule_ids:
        if stated and FORM.field(i).derived:
            needed.add(i)
        else:
            needed |= FORM.inputs_under(i)
    return needed


def _uncheckable(findings: list[Finding], report: PublishedReport,
                 previous_report: PublishedReport | None, cross_year: bool) -> list[Finding]:
    """Replace what rules said over values that were not read by one "无法核对" each."""
    kept = list(findings)
    not_read = set(report.not_read)
    for rule in FORM.sum_rules:
        ids = rule.left + rule.right
        missing = _needs(ids, rule.stated_totals) & not_read
        if not missing:
            continue
        kept = [f for f in kept if not (f.code == rule.code and f.fields == ids)]
        kept.append(Finding.of(msg.UNCHECKABLE, tuple(sorted(missing, key=_order)), code=rule.code, title=rule.title,
                               names="、".join(report.place(i) for i in sorted(missing, key=_order))))
    last_missing = set(previous_report.not_read) if previous_report else set()
    for rule in FORM.cross_year_rules if cross_year else ():
        now = {rule.field, *rule.current_plus, *rule.current_minus} & not_read
        then = set(rule.previous_plus) & last_missing
        if not now and not then:
            continue
        kept = [f for f in kept if not (f.code == rule.code and f.fields and f.fields[0] == rule.field)]
        names = [report.place(i) for i in sorted(now, key=_order)] + [msg.LAST_YEAR_LABEL.format(label=FORM.field(i).label) for i in then]
        kept.append(Finding.of(msg.UNCHECKABLE, tuple(sorted(now, key=_order)) or (rule.field,), code=rule.code,
                               title=rule.title, names="、".join(names)))
    return kept


def _order(field_id: str) -> int:
    return FORM.fields.index(FORM.field(field_id))


def find_published(paths: Sequence[Path]) -> list[Path]:
    """Files named, plus published reports directly inside named folders (sorted, each once)."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() in PUBLISHED_SUFFIXES and not child.name.startswith((".", "~$")):
                    found.setdefault(child, None)
        elif path.exists():
            found.setdefault(path, None)
        else:
            raise UnusableInput(msg.NOT_FOUND.text(path=path))
    return list(found)


def _read_one(path: Path) -> Audited:
    """Read one file; never raises for a bad file (a process-pool job)."""
    item = Audited(path)
    try:
        item.report = read_published(path)
    except ReportKitError as error:
        item.problem = str(error)
    except Exception as error:  # a damaged file may break a parser in ways nobody listed
        item.problem = msg.PUBLISHED_READ_CRASHED.text(name=path.name, error=type(error).__name__)
    return item


def audit_files(files: Sequence[Path], previous: Path | None = None, jobs: int | None = None,
                progress: Callable[[int], None] | None = None) -> list[Audited]:
    """Read and check every file; pair reports of one agency in consecutive years for R6/R7.

    With `previous` (a file), it is last year's data for every report it is the agency's data of
    the year before for (`previous.previous_problem`); for any other report, `previous_problem`
    says why not and the report is paired as without it. Files are read on up to `jobs` processes
    (default: every core). Never raises for a bad file.
    """
    from ..previous import previous_problem  # previous.py imports this module for its readers

    audited = []
    for item in run_each(_read_one, list(files), jobs=jobs):
        audited.append(item)
        if progress:
            progress(1)
    given: tuple[Submission, PublishedReport | None] | None = load_any(previous) if previous else None
    by_key = {(normalize_name(a.report.submission.agency), a.report.submission.year): a.report
              for a in audited if a.report and a.report.submission.agency and a.report.submission.year}
    for item in audited:
        if item.report is None:
            continue
        submission = item.report.submission
        last_report = by_key.get((normalize_name(submission.agency), (submission.year or 0) - 1))
        item.previous_problem = previous_problem(given[0], submission.agency, submission.year) if given else ""
        if given is not None and not item.previous_problem:
            last, last_report = given
        else:
            last = last_report.submission if last_report else None
        item.previous = last
        item.previous_name = Path(last.source).name if last is not None and last.source else ""
        item.result = audit_report(item.report, last, last_report)
    _note_same_report_twice(audited)
    return audited


def _note_same_report_twice(audited: list[Audited]) -> None:
    """A 提示 on each of two or more reports of one agency and year (often one report published as a
    web page and as a PDF): the pairing with the year before uses only one of them."""
    groups: dict[tuple[str, int], list[Audited]] = {}
    for item in audited:
        sub = item.report.submission if item.report else None
        if sub is not None and sub.agency and sub.year and item.result is not None:
            groups.setdefault((normalize_name(sub.agency), sub.year), []).append(item)
    for same in groups.values():
        if len(same) > 1:
            sub = same[0].report.submission
            files = "、".join(i.path.name for i in same)
            for item in same:
                item.result.findings.append(Finding.of(msg.SAME_REPORT_TWICE, agency=sub.agency, year=sub.year,
                                                       count=len(same), files=files))
