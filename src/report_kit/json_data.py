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
            raise UnusableInput(f"“{path.name}”有 {path.stat().st_size // 1024 // 1024} MB，远大于正常的数据文件"
                                "（几十 KB），不予读取。")
        # Integers as Decimal too: int() of a 5,000-digit number raises (Python caps int parsing)
        data = json.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal, parse_int=Decimal)
    except FileNotFoundError:
        raise UnusableInput(f"找不到文件“{path}”。") from None
    except json.JSONDecodeError as error:
        raise UnusableInput(f"“{path.name}”不是有效的 JSON 数据文件：第 {error.lineno} 行第 {error.colno} 列"
                            "格式有误。") from None
    except UnicodeDecodeError:
        raise UnusableInput(f"“{path.name}”不是 UTF-8 编码的 JSON 数据文件。") from None
    except RecursionError:
        raise UnusableInput(f"“{path.name}”不是有效的数据文件：嵌套层数过多。") from None
    except ValueError:
        raise UnusableInput(f"“{path.name}”不是有效的 JSON 数据文件。") from None
    except OSError as error:
        raise UnusableInput(f"无法读取“{path.name}”：{reason(error)}。") from None
    if not isinstance(data, dict):
        raise UnusableInput(f"“{path.name}”的内容应是一个 JSON 对象（{{...}}）。")
    if data.get("form", FORM.form_id) != FORM.form_id or str(data.get("edition", FORM.edition)) != FORM.edition:
        raise UnusableInput(f"“{path.name}”不是 {FORM.edition} 版政府信息公开工作年度报告的数据。")
    return from_json_dict(data, source=str(path))


def from_json_dict(data: dict, source: str = "") -> Submission:
    """Build a Submission from the JSON shape; unknown ids are reported, not ignored."""
    submission = Submission(source=source)
    sections = {"facts": data.get("facts") or {}, "values": data.get("values") or {}, "prose": data.get("prose") or {}}
    unknown = [k for section in sections.values() if isinstance(section, dict) for k in section
               if k not in FORM.by_id]
    if unknown or not all(isinstance(s, dict) for s in sections.values()):
        raise UnusableInput(f"数据文件“{Path(source).name}”中有本表没有的字段：{'、'.join(map(str, unknown[:5]))}。"
                            "字段名见 `report-kit fields`。")
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
        raise UnusableInput(f"数据文件“{Path(source).name}”中的上年数据（baseline）不完整，应包含："
                            f"{'、'.join(FORM.baseline_fields)}。")
    cleaned = {i: clean_number(v, FORM.field(i).kind) for i, v in values.items()}
    year = clean_year(data.get("year"))
    if not all(c.ok and c.severity is None for c in cleaned.values()) or not year.ok:
        raise UnusableInput(f"数据文件“{Path(source).name}”中的上年数据（baseline）有不是数字或年份的值。")
    return {i: c.value for i, c in cleaned.items()}, year.value
