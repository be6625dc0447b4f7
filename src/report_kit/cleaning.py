"""Cleaning one raw value: what is unambiguous is repaired and reported, the rest rejected.

Staff paste over validation, type "１２" or " 3 " or "无", and WPS may store numbers as text.
The cleaning functions are pure: raw value in, `Cleaned` out; the caller knows where the value is.
Every reader (workbook, JSON, published report) cleans through here: `clean_field` is the one
per-kind dispatch, `take` puts the result where its kind belongs in a Submission.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .form import Field, Kind, Severity
from .form import messages as msg
from .form.messages import Message
from .form.form2021 import PLACEHOLDERS
from .formatting import format_money
from .submission import Finding, Submission
MAX_FACT_LENGTH = 500  # one line of the basic facts; the longest real address or agency is under 100
MAX_COUNT = 10**12  # beyond any real agency; also where floats stop being exact integers
MONEY_DECIMALS = 4

SPACES = re.compile(r"[\s\u00a0\u200b\u3000\ufeff]+")  # zero-width spaces and BOMs too
_PLAIN_INT = re.compile(r"\d+")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_PLAIN_DECIMAL = re.compile(r"\d+(\.\d+)?|\.\d+")
_SCIENTIFIC = re.compile(r"(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+")


def squeeze(text: str) -> str:
    """NFKC and no whitespace at all: "总 计" -> "总计", "某某市 生态环境局" -> "某某市生态环境局".
    How printed labels and agency or department names are matched."""
    return SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True)
class Cleaned:
    """A cleaned value, or `value=None` when rejected; `message` explains either (its `details`
    fill the placeholders but `where`, which the reader knows)."""

    value: object = None
    message: Message | None = None
    details: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.value is not None

    @property
    def severity(self) -> Severity | None:
        return self.message.severity if self.message else None


def _reject(message: Message, raw: object) -> Cleaned:
    return Cleaned(None, message, {"raw": brief(_show(raw))})


def brief(text: str, limit: int = 40) -> str:
    """A value as a message quotes it: a 200,000-character paste is cut, and says how long it was."""
    if len(text) <= limit:
        return text
    return text[:limit // 2] + msg.BRIEF_LENGTH.format(length=len(text))


def _show(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (_dt.datetime, _dt.date)):
        return raw.strftime("%Y-%m-%d")
    if isinstance(raw, (list, dict)):  # from a JSON file: shown as typed there, not as Python writes it
        return json.dumps(raw, ensure_ascii=False, default=_json_number)
    return str(raw)


def _json_number(value: object) -> object:
    """A Decimal json.loads gave, written back as the number it was typed as."""
    if isinstance(value, Decimal) and value.is_finite():
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def clean_number(raw: object, kind: Kind, number_format: str = "General") -> Cleaned:
    """Clean a table cell: counts become int, 万元 amounts Decimal.

    `number_format` is the cell's format in the file: a number shown as a percentage was typed
    as one ("15%" is stored as 0.15), which is never an amount or a count.
    """
    if isinstance(raw, bool):
        return _reject(msg.BOOLEAN, raw)
    if raw is None:
        return Cleaned(0, msg.BLANK_AS_ZERO)
    if isinstance(raw, (int, float)):
        if _is_percent_format(number_format) and math.isfinite(raw):
            shown = format_money(Decimal(repr(raw)) * 100) + "%"
            return Cleaned(None, msg.PERCENT, {"raw": shown})
        return _check_range(raw, kind, raw, notes=())
    if isinstance(raw, Decimal):  # from JSON, read without a float's rounding
        if not raw.is_finite():
            return _reject(msg.NOT_A_NUMBER, raw)
        return _check_range(raw, kind, raw, notes=())
    if isinstance(raw, (_dt.datetime, _dt.date, _dt.time)):
        # Excel turns "1/2" into a date: the person meant something else entirely.
        return _reject(msg.DATE_TYPED, raw)
    return _clean_text_number(_show(raw), kind)


@lru_cache(maxsize=256)  # a pure function of the few formats a workbook uses, asked ~170 times a return
def _is_percent_format(number_format: str) -> bool:
    # A "%" inside quotes or brackets is literal text of the format, not a percentage
    return "%" in re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format or "")


# Excel's day 0; serials count days from here (the 1900 leap-year bug only matters before March 1900)
_EXCEL_EPOCH = _dt.date(1899, 12, 30)


def date_serial(value: object, years: range) -> _dt.date | None:
    """The date a whole number stands for as a spreadsheet serial, when that date falls in `years`:
    "1/2" typed into a number cell of a protected sheet keeps the number format and stores 46024."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        return None
    try:
        day = _EXCEL_EPOCH + _dt.timedelta(days=int(value))
    except OverflowError:
        return None
    return day if day.year in years else None


def _clean_text_number(raw: str, kind: Kind) -> Cleaned:
    if raw.startswith("="):
        return _reject(msg.FORMULA_IN_INPUT, raw)
    notes = []
    text = unicodedata.normalize("NFKC", raw)
    if text != raw and any(unicodedata.east_asian_width(c) == "F" for c in raw):
        notes.append("全角字符改为半角")
    stripped = SPACES.sub("", text)
    if stripped != text:
        notes.append("去掉了空格")
    if stripped == "":
        return Cleaned(0, msg.BLANK_AS_ZERO)
    if stripped in PLACEHOLDERS:
        return Cleaned(0, msg.PLACEHOLDER_AS_ZERO, {"raw": raw})
    if stripped.endswith("%") and _PLAIN_DECIMAL.fullmatch(stripped[:-1]):
        return _reject(msg.PERCENT, raw)
    negative = stripped.startswith("-") and len(stripped) > 1
    body = stripped[1:] if negative else stripped
    if _THOUSANDS.fullmatch(body):
        body = body.replace(",", "")
        notes.append("去掉了千位分隔符")
    if _SCIENTIFIC.fullmatch(body):
        # "1.23E+15" pasted from another system: the digits it stood for may already be lost
        return _reject(msg.SCIENTIFIC, raw)
    if not (_PLAIN_INT.fullmatch(body) or _PLAIN_DECIMAL.fullmatch(body)):
        return _reject(msg.NOT_A_NUMBER, raw)
    notes.append("以文本形式保存的数字")
    number = Decimal(body)
    return _check_range(-number if negative else number, kind, raw, tuple(notes))


def _check_range(number: int | float | Decimal, kind: Kind, raw: object, notes: tuple[str, ...]) -> Cleaned:
    if isinstance(number, float) and not math.isfinite(number):
        return _reject(msg.NOT_A_NUMBER, raw)
    if number < 0:
        return _reject(msg.NEGATIVE, raw)
    if number >= MAX_COUNT:
        return _reject(msg.TOO_LARGE, raw)
    if kind is Kind.COUNT:
        if number != int(number):
            return _reject(msg.FRACTION, raw)
        value: object = int(number)
    else:
        value = number if isinstance(number, Decimal) else Decimal(repr(number))
        if -value.normalize().as_tuple().exponent > MONEY_DECIMALS:
            return Cleaned(value, msg.MONEY_PRECISION, {"raw": _show(raw)})
    if notes and isinstance(raw, str):
        shown = format_money(value) if isinstance(value, Decimal) else value
        return Cleaned(value, msg.CLEANED,
                       {"raw": brief(raw), "value": shown, "how": "、".join(notes)})
    return Cleaned(value)


# Characters no document may hold: C0/C1 controls (but tab and line breaks), lone surrogates
# (a JSON "\ud800"), and the non-characters U+FFFE/U+FFFF. Word and XML refuse them outright.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# How an .xlsx stores a control character in a string: _x0001_ (and a literal "_x" as _x005F_x)
_XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_xlsx(text: str) -> str:
    """Decode the _xHHHH_ escapes Excel writes for characters XML cannot hold (openpyxl leaves them)."""
    return _XLSX_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _without_controls(text: str) -> tuple[str, int]:
    """`text` without the characters of `_CONTROLS`, and how many there were."""
    cleaned, removed = _CONTROLS.subn("", text)
    return cleaned, removed


def _text_cleaned(text: str, removed: int) -> Cleaned:
    if removed:
        return Cleaned(text, msg.CONTROLS_REMOVED, {"count": removed})
    return Cleaned(text)


def clean_text(raw: object) -> Cleaned:
    """A one-line fact: stripped text ('' when blank). Numbers are accepted as their digits.
    Control characters are removed with a notice; line breaks become spaces."""
    if raw is None:
        return Cleaned("")
    if isinstance(raw, bool) or isinstance(raw, (_dt.date, _dt.datetime, _dt.time)):
        return Cleaned(_show(raw))
    if isinstance(raw, (list, dict)):  # from a JSON file; a workbook cell never holds one
        return _reject(msg.NOT_TEXT, raw)
    text = _show(raw).replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ")
    text, removed = _without_controls(text)
    if len(text.strip()) > MAX_FACT_LENGTH:  # a paste gone wrong; it would also become the report's file name
        return Cleaned(None, msg.FACT_TOO_LONG, {"raw": brief(text.strip()), "limit": MAX_FACT_LENGTH})
    return _text_cleaned(text.strip(), removed)


def clean_prose(raw: object) -> Cleaned:
    """Free text: line endings normalised, control characters removed (with a notice),
    surrounding blank space removed."""
    if raw is None:
        return Cleaned("")
    if isinstance(raw, (list, dict)):  # refused as "" (not None): every reader of prose takes text
        return Cleaned("", msg.NOT_TEXT, {"raw": brief(_show(raw))})
    text = _show(raw).replace("\r\n", "\n").replace("\r", "\n")
    text, removed = _without_controls(text)
    return _text_cleaned(text.strip(), removed)


FIRST_YEAR = 2008  # the 条例 took effect on 1 May 2008: the first year with an annual report


def report_years() -> range:
    """The report years a workbook can be for: 2008 to next year (drafts are made in advance)."""
    return range(FIRST_YEAR, _dt.date.today().year + 2)


def clean_year(raw: object) -> Cleaned:
    """A report year (see `report_years`) as int."""
    text = unicodedata.normalize("NFKC", _show(raw) if raw is not None else "").strip().removesuffix("年")
    if _PLAIN_INT.fullmatch(text) and len(text) <= 6 and int(text) in report_years():
        return Cleaned(int(text))
    return _reject(msg.YEAR_INVALID, raw)


def clean_field(f: Field, raw: object, number_format: str = "General") -> Cleaned:
    """Clean `raw` as field `f` holds it: the one per-kind dispatch every reader uses.
    `number_format` is a workbook cell's format (see `clean_number`)."""
    if f.kind is Kind.PROSE:
        return clean_prose(raw)
    if f.kind is Kind.TEXT:
        return clean_text(raw)
    if f.kind is Kind.YEAR:
        return clean_year(raw)
    return clean_number(raw, f.kind, number_format)


# The rule code a cleaning notice is filed under: facts F1, prose F2, table values R5.
FINDING_CODES = {Kind.TEXT: "F1", Kind.YEAR: "F1", Kind.PROSE: "F2"}


def take(submission: Submission, f: Field, cleaned: Cleaned, where: str) -> None:
    """Put `cleaned` where field `f` belongs in `submission`, its notice (naming `where`) among the
    findings; a rejected value is recorded in `rejected` (an input counts as 0 meanwhile)."""
    if f.kind is Kind.PROSE:
        submission.prose[f.id] = cleaned.value
    elif f.kind in (Kind.TEXT, Kind.YEAR):
        submission.facts[f.id] = cleaned.value
    elif f.derived:
        if cleaned.ok:
            submission.stated_totals[f.id] = cleaned.value
    else:
        submission.values[f.id] = cleaned.value if cleaned.ok else 0
    if cleaned.message is not None:
        submission.findings.append(Finding.of(cleaned.message, (f.id,), code=FINDING_CODES.get(f.kind, "R5"),
                                              where=where, **cleaned.details))
    if not cleaned.ok:
        submission.rejected.add(f.id)
