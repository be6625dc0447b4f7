"""The message catalogue (form/messages.py): every entry's code is a declared check, every template is
filled at its call sites with exactly its placeholders, and no user sentence is written at a `raise`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from report_kit.form import Severity
from report_kit.form import messages as msg
from report_kit.form.rules import CHECK, CHECKS, CROSS_YEAR_RULES, SUM_RULES
from report_kit.submission import Finding

SRC = Path(__file__).resolve().parents[1] / "src" / "report_kit"
CATALOGUE = {name: value for name, value in vars(msg).items() if isinstance(value, msg.Message)}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SRC.rglob("*.py"))}


SOURCES = _sources()


def _entry(node: ast.AST) -> str | None:
    """The catalogue name `node` refers to (`msg.X`), else None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "msg" \
            and node.attr in CATALOGUE:
        return node.attr
    return None


def _uses() -> list[tuple[str, str, set[str] | None]]:
    """(entry, where, the placeholder names given) for every call that fills an entry; None when the
    names cannot be read from the source (`**values`)."""
    uses = []
    for path, tree in SOURCES.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            at = f"{path.relative_to(SRC)}:{node.lineno}"
            names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "text" and _entry(func.value):
                uses.append((_entry(func.value), at, names))
            elif isinstance(func, ast.Attribute) and func.attr == "of" and isinstance(func.value, ast.Name) \
                    and func.value.id == "Finding" and node.args and _entry(node.args[0]):
                uses.append((_entry(node.args[0]), at, names and names - {"code", "severity"}))
            elif isinstance(func, ast.Name) and func.id == "_reject" and node.args and _entry(node.args[0]):
                uses.append((_entry(node.args[0]), at, {"where", "raw"}))  # `take` adds where
            elif isinstance(func, ast.Name) and func.id == "Cleaned" and len(node.args) >= 2 \
                    and _entry(node.args[1]):
                details = node.args[2] if len(node.args) > 2 else ast.Dict(keys=[], values=[])
                keys = {k.value for k in details.keys if isinstance(k, ast.Constant)} \
                    if isinstance(details, ast.Dict) else None
                uses.append((_entry(node.args[1]), at, None if keys is None else keys | {"where"}))
    return uses


USES = _uses()


def test_every_code_is_a_declared_check():
    for name, message in CATALOGUE.items():
        assert message.code == "" or message.code in CHECK, name
        if message.code:
            assert message.severity in (Severity.ERROR, Severity.WARNING), name
    assert len(CHECK) == len(CHECKS)  # one declaration per code


def test_rule_titles_come_from_the_declared_checks():
    for rule in SUM_RULES + CROSS_YEAR_RULES:
        assert rule.title.endswith("：" + CHECK[rule.code].statement), rule.title
    assert CHECK["R1"].title == "表三每列：一 + 二 = （七）总计 + 四"
    assert SUM_RULES[0].title == "表三“自然人”列：一 + 二 = （七）总计 + 四"


def test_every_template_formats_with_its_placeholders():
    for name, message in CATALOGUE.items():
        dummy = {key: 1 for key in message.placeholders}
        text = message.text(**dummy)
        assert "{" not in text.replace("{...}", ""), name
        assert CJK.search(text), name  # what users read is Chinese


def test_every_entry_is_used_and_filled_with_exactly_its_placeholders():
    used = {name for name, _, _ in USES}
    referenced = {n.attr for tree in SOURCES.values() for n in ast.walk(tree) if _entry(n)}
    assert set(CATALOGUE) - referenced == set(), "entries nobody says"
    checked = 0
    for name, at, names in USES:
        if names is None:
            continue
        assert names == set(CATALOGUE[name].placeholders), f"{at}: {name} filled with {sorted(names)}"
        checked += 1
    assert checked > 100 and len(used) > 100


def test_a_raised_sentence_is_not_a_finding():
    with pytest.raises(ValueError):
        Finding.of(msg.NOT_FOUND_FILE, path="x")
    finding = Finding.of(msg.NOT_ON_ROSTER, agency="某某局")
    assert (finding.code, finding.severity) == ("D3", Severity.WARNING)
    assert finding.message == "填报单位“某某局”不在部门名单中。请核对机关名称是否与名单一致。"


def _has_cjk_literal(node: ast.AST) -> bool:
    """Whether `node` holds a Chinese string literal (an f-string's text parts included)."""
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str) and CJK.search(child.value):
            return True
    return False


def test_no_chinese_sentence_is_raised_inline():
    inline = []
    for path, tree in SOURCES.items():
        relative = path.relative_to(SRC)
        if relative.parts[0] == "cli" or relative == Path("form/messages.py"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and node.exc is not None and _has_cjk_literal(node.exc):
                inline.append(f"{relative}:{node.lineno}")
    assert inline == []
