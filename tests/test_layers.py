"""The library's layers, read from the source: writing and rendering never import reading.

Imports are walked with `ast` through every module they reach, including imports inside functions
(a lazy import still drags the module in when the function runs), so a shortcut through a shared
helper is caught as well as a direct import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import report_kit

PACKAGE = Path(report_kit.__file__).parent

# What reads a file a user gives us: opening and cleaning a workbook, JSON, a published report.
READING = {"report_kit.workbook.reader", "report_kit.workbook.opening", "report_kit.cleaning",
           "report_kit.json_data", "report_kit.published.reading", "report_kit.inputs"}

WRITERS = ["report_kit.workbook.writer"] + sorted(
    f"report_kit.report.{p.stem}" for p in (PACKAGE / "report").glob("*.py") if p.stem != "__init__")


def _path(module: str) -> Path | None:
    base = PACKAGE.parent.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(module: str) -> set[str]:
    """The project modules `module` imports (anywhere in it), with the packages they sit in."""
    path = _path(module)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            origin = ".".join(base + ([node.module] if node.module else []))
            # `from . import x` may name a submodule or an attribute: keep whichever is a module
            names = [origin] + [f"{origin}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith("report_kit") and _path(name) is not None:
                parts = name.split(".")
                packages = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
                found |= {p for p in packages if _path(p) is not None}  # a folder without __init__ runs nothing
    return found


def reached(start: str) -> dict[str, str]:
    """Every project module `start` imports, directly or not: module -> the module that imported it."""
    seen = {start: ""}
    todo = [start]
    while todo:
        module = todo.pop()
        for name in _imports(module):
            if name not in seen:
                seen[name] = module
                todo.append(name)
    return seen


def _chain(seen: dict[str, str], module: str) -> str:
    chain = [module]
    while seen[chain[-1]]:
        chain.append(seen[chain[-1]])
    return " <- ".join(chain)


@pytest.mark.parametrize("start", WRITERS)
def test_writing_and_rendering_never_import_reading(start):
    seen = reached(start)
    assert not [_chain(seen, m) for m in sorted(READING & set(seen))]


def test_the_walk_sees_reading_where_it_is():
    """The walk is not blind: the front door and the workbook reader do reach the reading modules."""
    assert {"report_kit.cleaning", "report_kit.workbook.opening"} <= set(reached("report_kit.workbook.reader"))
    assert {"report_kit.cleaning", "report_kit.inputs"} <= set(reached("report_kit.api"))


def test_the_form_spec_imports_nothing_of_the_project():
    """form/ is the official form as data: everything else reads it, it reads nothing else."""
    form = {f"report_kit.form.{p.stem}" if p.stem != "__init__" else "report_kit.form"
            for p in (PACKAGE / "form").glob("*.py")}
    outside = {module: sorted(i for i in _imports(module) if i not in form and i != "report_kit")
               for module in form}
    assert {m: found for m, found in outside.items() if found} == {}
