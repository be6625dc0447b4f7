"""The Jinja environment Word templates render in: sandboxed, restricted and bounded.

Templates travel between offices by email, so a template is untrusted code. Three fences:

1. `ImmutableSandboxedEnvironment`: no attribute starting with `_`, no mutation of lists or dicts.
2. A static check of every parsed template part, before anything runs: only what a report template
   needs (variables, `if`, `for`, a short list of harmless filters). Function and method calls,
   `set`, macros, includes and `_` names are refused with a Chinese message naming what was found.
3. A budget per render: loop iterations, the size of what `*` and `**` build, and the characters
   written. A runaway template stops with a clear message instead of eating the machine.
"""

from __future__ import annotations

import contextvars
import math
import re
from dataclasses import dataclass

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..form import messages as msg

# A report part is a few MB of XML at most (long prose included); these are far above any real report
# and far below what hurts a machine.
MAX_OUTPUT_CHARS = 20_000_000
MAX_LOOP_STEPS = 1_000_000
MAX_POWER_BITS = 4_096
MAX_NESTING = 8  # if/for blocks inside each other; Python itself refuses code nested 20 deep

# Filters that cannot make output much larger than their input.
ALLOWED_FILTERS = frozenset({
    "default", "d", "e", "escape", "length", "count", "upper", "lower", "trim", "first", "last",
    "int", "float", "round", "abs", "string", "title", "capitalize",
})

# Statements a report template may use; everything else (set, macro, include, import, call, with …) is refused.
_ALLOWED_STATEMENTS = (nodes.Output, nodes.If, nodes.For)
_STATEMENT_NAMES = {
    nodes.Assign: "set", nodes.AssignBlock: "set", nodes.Macro: "macro", nodes.CallBlock: "call",
    nodes.FilterBlock: "filter", nodes.With: "with", nodes.Include: "include", nodes.Import: "import",
    nodes.FromImport: "from … import", nodes.Extends: "extends", nodes.Block: "block",
    nodes.ScopedEvalContextModifier: "autoescape", nodes.EvalContextModifier: "autoescape",
}
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_LOOP_GUARD = "report_kit_loop_guard"  # not an allowed filter name, so a template cannot call it


class UnsafeTemplate(Exception):
    """A template part uses something a report template may not; `str(error)` is the Chinese reason."""


class RenderBudgetExceeded(Exception):
    """One render went past a budget; `str(error)` is the Chinese reason."""


class RenderFailed(Exception):
    """A template part failed while rendering ({{ 1/0 }}, {{ agency + 1 }}, a missing variable);
    `str(error)` is the Chinese reason, naming the paragraph where it happened."""


# What went wrong, in words a template author understands.


@dataclass
class _Budget:
    steps: int = MAX_LOOP_STEPS
    chars: int = MAX_OUTPUT_CHARS


_budget: contextvars.ContextVar[_Budget] = contextvars.ContextVar("report_kit_render_budget")


def _current_budget() -> _Budget:
    try:
        return _budget.get()
    except LookupError:  # rendered outside BoundedTemplate.render (e.g. a module): give it its own
        budget = _Budget()
        _budget.set(budget)
        return budget


def _guarded(iterable):
    """Iterate, spending one step of the render's budget per item."""
    budget = _current_budget()
    for item in iterable:
        budget.steps -= 1
        if budget.steps < 0:
            raise RenderBudgetExceeded(msg.TEMPLATE_TOO_MANY_STEPS.text(limit=MAX_LOOP_STEPS // 10_000))
        yield item


def _too_large() -> RenderBudgetExceeded:
    return RenderBudgetExceeded(msg.TEMPLATE_TOO_LARGE.text(limit=MAX_OUTPUT_CHARS // 10_000))


def _excerpt(source: str | None, lineno: int | None) -> str:
    """The visible text around a template line (docxtpl puts one paragraph per line)."""
    if not source or not lineno:
        return ""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    return text[:80] + ("…" if len(text) > 80 else "")


def _refusal(node: nodes.Node) -> str | None:
    """Why this node may not appear in a report template, or None when it may."""
    if isinstance(node, nodes.Stmt) and not isinstance(node, _ALLOWED_STATEMENTS):
        return msg.TEMPLATE_STATEMENT.text(what=_STATEMENT_NAMES.get(type(node), type(node).__name__))
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return msg.TEMPLATE_PRIVATE.text(name=node.attr)
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
            and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
        return msg.TEMPLATE_PRIVATE.text(name=node.arg.value)
    if isinstance(node, nodes.Name) and node.name.startswith("_"):
        return msg.TEMPLATE_PRIVATE.text(name=node.name)
    if isinstance(node, nodes.Call):
        return msg.TEMPLATE_CALL.text()
    if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
        return msg.TEMPLATE_FILTER.text(name=node.name, allowed="、".join(sorted(ALLOWED_FILTERS)))
    if isinstance(node, nodes.For) and node.recursive:
        return msg.TEMPLATE_STATEMENT.text(what="for … recursive")
    return None


def _first_refusal(tree: nodes.Template) -> tuple[str, int] | None:
    """The most telling refusal: reaching for internals first (that is the attack), then the rest."""
    refusals = [(reason, node.lineno) for node in tree.find_all(nodes.Node) if (reason := _refusal(node))]
    private = [r for r in refusals if r[0].startswith(msg.TEMPLATE_PRIVATE.template.split("“")[0])]
    return (private or refusals or [None])[0]


def _nesting(node: nodes.Node, depth: int = 0) -> int:
    """How deep if/for blocks sit inside each other under `node`."""
    deeper = depth + isinstance(node, (nodes.For, nodes.If))
    return max([deeper] + [_nesting(child, deeper) for child in node.iter_child_nodes()])


def check_and_guard(tree: nodes.Template, source: str | None) -> nodes.Template:
    """Refuse a template part that steps outside a report template; make every loop spend the budget."""
    if _nesting(tree) > MAX_NESTING:
        raise UnsafeTemplate(msg.TEMPLATE_TOO_DEEP.text(limit=MAX_NESTING))
    refused = _first_refusal(tree)
    if refused:
        reason, line = refused
        if source:
            # docxtpl checks a whole document as one line; split it into paragraphs, as docxtpl does
            # before rendering, so the message can quote the paragraph that holds the tag.
            paragraphs = _PARAGRAPH_START.sub(r"\n<w:p\1", source)
            line = _first_refusal(jinja2.Environment().parse(paragraphs))[1]
            source = paragraphs
        where = _excerpt(source, line)
        raise UnsafeTemplate(reason + (msg.TEMPLATE_WHERE.format(text=where) if where else ""))
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, _LOOP_GUARD, [], [], None, None, lineno=loop.lineno)
    return tree


class BoundedTemplate(jinja2.Template):
    """Renders piece by piece, stopping when the output passes the budget."""

    def render(self, *args, **kwargs) -> str:
        budget = _Budget()
        token = _budget.set(budget)
        try:
            pieces = []
            for piece in self.root_render_func(self.new_context(dict(*args, **kwargs))):
                budget.chars -= len(piece)
                if budget.chars < 0:
                    raise _too_large()
                pieces.append(piece)
            return "".join(pieces)
        except (RenderBudgetExceeded, RenderFailed, UnsafeTemplate):
            raise
        except Exception as error:
            raise RenderFailed(self._explain(error)) from None
        finally:
            _budget.reset(token)

    def _explain(self, error: Exception) -> str:
        if isinstance(error, SecurityError):
            return msg.TEMPLATE_UNSAFE.text()
        if isinstance(error, jinja2.UndefinedError):
            return msg.TEMPLATE_UNDEFINED.text(what=_undefined(error.message or ""))
        what = next((words for kind, words in msg.TEMPLATE_FAILURE_WORDS.items() if isinstance(error, kind)),
                    msg.TEMPLATE_FAILURE_OTHER.format(detail=type(error).__name__))
        tag = _excerpt(getattr(self, "source_text", None), self._failing_line(error))
        return msg.TEMPLATE_FAILED.text(tag=tag, what=what) if tag else msg.TEMPLATE_FAILED_PLAIN.text(what=what)

    def _failing_line(self, error: Exception) -> int | None:
        """The template line where `error` was raised, from the compiled code's frames."""
        traceback, line = error.__traceback__, None
        while traceback is not None:
            if traceback.tb_frame.f_globals.get("__jinja_template__") is self:
                line = self.get_corresponding_lineno(traceback.tb_lineno)
            traceback = traceback.tb_next
        return line


class ReportEnvironment(ImmutableSandboxedEnvironment):
    """Strict (a variable the context lacks fails loudly instead of printing a blank), sandboxed,
    restricted to what report templates need, and compiling each template part once: docxtpl hands
    over the same XML for every report, and compiling it is a third of a report's cost in a batch."""

    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self):
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        # No globals: range, lipsum, cycler, joiner, namespace and dict are ways out or ways to loop.
        self.globals.clear()
        self.filters = {name: self.filters[name] for name in ALLOWED_FILTERS}
        self.filters[_LOOP_GUARD] = _guarded
        self._compiled: dict[str, jinja2.Template] = {}

    def _parse(self, source, name, filename):
        return check_and_guard(super()._parse(source, name, filename), source)

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            sequence, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) \
                    and len(sequence) * times > MAX_OUTPUT_CHARS:
                raise _too_large()
        elif operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(left) > 1 \
                    and right * math.log2(abs(left)) > MAX_POWER_BITS:
                raise RenderBudgetExceeded(msg.TEMPLATE_NUMBER_TOO_LARGE.text())
        elif operator == "%" and isinstance(left, str):
            raise UnsafeTemplate(msg.TEMPLATE_FORMATTING.text())  # '%0999999999d' % 1 builds a gigabyte
        return super().call_binop(context, operator, left, right)

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) > 64:
                self._compiled.clear()
            self._compiled[source] = self.from_code(self.compile_checked(source), source)
        return self._compiled[source]

    def compile_checked(self, source: str):
        """The Python code of a template part, after the static check (raises UnsafeTemplate).
        `from_code` makes it a template; the budget and the sandbox act when it runs."""
        try:
            return self.compile(source)
        except (SyntaxError, RecursionError, MemoryError):  # Python's compiler refuses what Jinja made
            raise UnsafeTemplate(msg.TEMPLATE_TOO_COMPLEX.text()) from None

    def from_code(self, code, source: str | None = None) -> BoundedTemplate:
        """A template of this environment from code made by `compile_checked`."""
        template = self.template_class.from_code(self, code, self.make_globals(None), None)
        template.source_text = source  # to quote the paragraph when a render fails
        return template


_UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined$")
_MISSING_ITEM = re.compile(r"has no (?:attribute|element) '?([^']+?)'?$")


def _undefined(message: str) -> str:
    """jinja2's English "'x' is undefined" / "'dict object' has no attribute 'y'" in Chinese."""
    found = _UNDEFINED_NAME.match(message)
    if found:
        return msg.UNDEFINED_VARIABLE.format(name=found.group(1))
    found = _MISSING_ITEM.search(message)
    if found:
        return msg.UNDEFINED_ITEM.format(name=found.group(1))
    return msg.TECH_INFO.format(detail=message)
