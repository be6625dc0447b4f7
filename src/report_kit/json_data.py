"""Report data as JSON, keyed by field id: what `export` writes and `--data`/`--previous` accept.

Shape: {"form": ..., "edition": ..., "facts": {id: text}, "values": {id: number}, "prose": {id: text}}.
`values` may hold totals; they are kept as stated totals and checked, never trusted.
Values from JSON are cleaned exactly like cells of a workbook.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from .errors import UnusableInput
from .fsutil import reason
from .cleaning import clean_field, clean_number, clean_year, take
from .form import FORM
from .form import messages as msg
from .submission import Submission, _plain


MAX_JSON_BYTES = 10 * 1024 * 1024  # an exported return is ~10 KB


def to_json_dict(submission: Submission) -> dict:
    """The cleaned values by field id (totals recomputed), the facts and the prose."""
    computed = submission.computed()
    data = {
        "form": FORM.form_id,
        "edition": FORM.edition,
        "facts": {f.id: submission.facts.get(f.id, "") for f in FORM.facts},
        "values": {f.id: _plain(computed[f.id]) for f in FORM.numbers},
        "prose": {f.id: submission.prose.get(f.id, "") for f in FORM.prose},
    }
    if submission.baseline:  # last year's values the workbook carried (make-workbook --previous)
        data["baseline"] = {"year": submission.baseline_year,
                            "values": {i: _plain(v) for i, v in submission.baseline.items()}}
    return data


def dumps(submission: Submission) -> str:
    return json.dumps(to_json_dict(submission), ensure_ascii=False, indent=2) + "\n"


def load_json(path: str | Path) -> Submission:
    """Read a JSON data file into a Submission, cleaning every value."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise UnusableInput(msg.JSON_TOO_LARGE.text(name=path.name, size=path.stat().st_size // 1024 // 1024))
        # Integers as Decimal too: int() of a 5,000-digit number raises (Python caps int parsing)
        data = json.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal, parse_int=Decimal)
    except FileNotFoundError:
        raise UnusableInput(msg.NOT_FOUND_FILE.text(path=path)) from None
    except json.JSONDecodeError as error:
        raise UnusableInput(msg.JSON_SYNTAX.text(name=path.name, line=error.lineno, column=error.colno)) from None
    except UnicodeDecodeError:
        raise UnusableInput(msg.JSON_NOT_UTF8.text(name=path.name)) from None
    except RecursionError:
        raise UnusableInput(msg.JSON_TOO_DEEP.text(name=path.name)) from None
    except ValueError:
        raise UnusableInput(msg.JSON_INVALID.text(name=path.name)) from None
    except OSError as error:
        raise UnusableInput(msg.CANNOT_READ.text(name=path.name, reason=reason(error))) from None
    if not isinstance(data, dict):
        raise UnusableInput(msg.JSON_NOT_OBJECT.text(name=path.name))
    if data.get("form", FORM.form_id) != FORM.form_id or str(data.get("edition", FORM.edition)) != FORM.edition:
        raise UnusableInput(msg.JSON_OTHER_FORM.text(name=path.name, edition=FORM.edition))
    return from_json_dict(data, source=str(path))


def from_json_dict(data: dict, source: str = "") -> Submission:
    """Build a Submission from the JSON shape; unknown ids are reported, not ignored."""
    submission = Submission(source=source)
    sections = {"facts": data.get("facts") or {}, "values": data.get("values") or {}, "prose": data.get("prose") or {}}
    for section, content in sections.items():
        if not isinstance(content, dict):  # a list or a number where {id: value} goes
            raise UnusableInput(msg.JSON_SECTION_NOT_OBJECT.text(
                name=Path(source).name, section=section, kind=msg.JSON_KINDS.get(type(content).__name__, msg.JSON_KINDS["other"])))
    unknown = [k for section in sections.values() for k in section if k not in FORM.by_id]
    if unknown:
        raise UnusableInput(msg.JSON_UNKNOWN_FIELDS.text(name=Path(source).name, fields="、".join(map(str, unknown[:5]))))
    for section, fields in (("facts", FORM.facts), ("prose", FORM.prose), ("values", FORM.numbers)):
        for f in fields:
            if f.derived and f.id not in sections[section]:
                continue  # a total not given is computed, as it always is
            cleaned = clean_field(f, sections[section].get(f.id))
            take(submission, f, cleaned, f"数据文件 {f.id}（{f.label}）")
    submission.baseline, submission.baseline_year = _baseline(data.get("baseline"), source)
    return submission


def _baseline(data: object, source: str) -> tuple[dict, int | None]:
    """The optional {"year": 2024, "values": {id: number}} of last year's values."""
    if data is None:
        return {}, None
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, dict) or set(values) != set(FORM.baseline_fields):
        raise UnusableInput(msg.JSON_BASELINE_INCOMPLETE.text(name=Path(source).name,
                                                              fields="、".join(FORM.baseline_fields)))
    cleaned = {i: clean_number(v, FORM.field(i).kind) for i, v in values.items()}
    year = clean_year(data.get("year"))
    if not all(c.ok and c.severity is None for c in cleaned.values()) or not year.ok:
        raise UnusableInput(msg.JSON_BASELINE_NOT_NUMBERS.text(name=Path(source).name))
    return {i: c.value for i, c in cleaned.items()}, year.value
