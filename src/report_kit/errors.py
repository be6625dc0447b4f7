"""Typed errors. Each carries a Chinese sentence that the CLI prints as it is (exit code 2)."""

from __future__ import annotations


class ReportKitError(Exception):
    """Base class: an input or output could not be used. `str(error)` is the user's message."""


class UnusableInput(ReportKitError):
    """A file is not something report-kit can read (wrong type, damaged, encrypted, missing)."""


class WrongWorkbook(UnusableInput):
    """An xlsx that is not a report-kit workbook of this form, or of another version."""


class TemplateError(ReportKitError):
    """A Word template cannot be used (unknown variables, broken tags)."""


class OutputError(ReportKitError):
    """An output cannot be written (exists, folder missing or read-only)."""


class OfficeMissing(ReportKitError):
    """LibreOffice is needed (for --pdf) but not installed."""


class FontMissing(ReportKitError):
    """A picture with Chinese text is asked for (the 图解 as PNG) but no Chinese font is installed."""
