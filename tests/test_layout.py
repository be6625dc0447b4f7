"""The library's shape, read from its source: no module state set from functions, and only cli/
talks to the user (prints, exits, uses typer)."""

from __future__ import annotations

import ast
from pathlib import Path

import report_kit

SOURCE = Path(report_kit.__file__).parent
# A worker of the process pool ends itself when the main process is gone (nobody is left to talk to).
WORKER_EXIT = ("round/pool.py", "os._exit")


def _modules() -> dict[str, ast.Module]:
    found = {str(path.relative_to(SOURCE)): ast.parse(path.read_text(encoding="utf-8"), str(path))
             for path in sorted(SOURCE.rglob("*.py"))}
    assert len(found) > 40 and "api.py" in found and "cli/commands.py" in found  # the walk found the library
    return found


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _talks_to_the_user(tree: ast.Module) -> list[tuple[int, str]]:
    """typer imported, print() called, the process exited (sys.exit, exit, SystemExit, os._exit),
    or stdout/stderr written."""
    said = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            said += [(node.lineno, f"import {a.name}") for a in node.names if a.name.split(".")[0] in ("typer", "click")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("typer", "click"):
            said.append((node.lineno, f"from {node.module} import"))
        elif isinstance(node, ast.Call) and _dotted(node.func) in ("print", "exit", "quit", "sys.exit", "os._exit"):
            said.append((node.lineno, _dotted(node.func)))
        elif isinstance(node, (ast.Name, ast.Attribute)) and _dotted(node) in (
                "SystemExit", "sys.stdout", "sys.stderr", "sys.__stdout__", "sys.__stderr__"):
            said.append((node.lineno, _dotted(node)))
    return said


def test_no_module_keeps_state_set_from_functions():
    """Data reaches a worker with its task, never through `global` (last year's data, the template)."""
    found = [(name, node.lineno, ", ".join(node.names)) for name, tree in _modules().items()
             for node in ast.walk(tree) if isinstance(node, ast.Global)]
    assert found == []


def test_only_the_cli_prints_exits_or_uses_typer():
    found = [(name, line, what) for name, tree in _modules().items() if not name.startswith("cli/")
             for line, what in _talks_to_the_user(tree) if (name, what) != WORKER_EXIT]
    assert found == []


def test_the_checks_above_see_what_they_look_for():
    """The walk over the syntax finds each thing it forbids (a test that cannot fail is a defect)."""
    sample = ast.parse("import typer\nfrom click import echo\nimport sys, os\nprint(1)\nsys.exit(2)\nos._exit(1)\n"
                       "raise SystemExit(3)\nsys.stderr.write('x')\n\ndef f():\n    global STATE\n")
    assert [what for _, what in _talks_to_the_user(sample)] == [
        "import typer", "from click import", "print", "sys.exit", "os._exit", "SystemExit", "sys.stderr"]
    assert [n.names for n in ast.walk(sample) if isinstance(n, ast.Global)] == [["STATE"]]
    cli = _talks_to_the_user(_modules()["cli/common.py"])
    assert any(what == "import typer" for _, what in cli)  # the CLI does, and is allowed to
