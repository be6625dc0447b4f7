"""Plain conversion of this command line's own parameter types, so that running a command does
not import pydantic.

Recent typer (0.26 and later) converts every parameter through a pydantic `TypeAdapter`, built
when the command runs. Importing pydantic and building the adapters costs about 0.1 s, half of a
cold `report-kit compile --help` (measured in benchmarks/speed.py). Our parameters are only
`str`, `int`, `bool` and `Path`, alone, optional or as a list of files, with none of typer's path checks
or number ranges; for exactly those, `install()` gives typer a converter that does what the adapter
does. Every other parameter, and any typer without this hook or whose private classes no longer
fit (a probe at install, a guard per parameter), keeps typer's own conversion, so the worst a
future typer can do is make us slower, never wrong (tests/test_speed.py notices). One difference,
on purpose: digits typed with a Chinese input method ("--year ２０２５") are read as numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args, get_origin

_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"", "0", "false", "f", "no", "n", "off"}


def _bool(value: Any) -> bool:
    """A flag's value as pydantic reads it (already a bool unless given through the environment)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError(value)


_PLAIN = {str: str, int: int, Path: Path, bool: _bool}
_PATH_CHECKS = ("exists", "resolve_path", "allow_dash", "path_type", "parser", "min", "max", "clamp", "formats")
NOT_INTEGER = "应填写整数。"  # also what cli/__init__ says for pydantic's words
_NOT_FLAG = "应填写 true 或 false。"


def install() -> None:
    """Teach typer's parameters to convert our plain types without pydantic (idempotent)."""
    try:
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
        from typer.core import _TyperParameter
    except ImportError:  # an older typer: click converts, pydantic is not involved
        return
    if getattr(_TyperParameter.get_runtime_param, "report_kit_plain", False):
        return
    typer_own = _TyperParameter.get_runtime_param

    class PlainParam(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            convert, many = _converter(self.annotation)
            try:
                if many:
                    return [convert(item) for item in value]
                return convert(value)
            except ValueError:
                reason = _NOT_FLAG if self.annotation is bool else NOT_INTEGER
                raise BadParameter(reason, ctx=ctx, param=param) from None

    try:  # typer's private classes as this module knows them; a typer that changed them keeps its own way
        probe = PlainParam(parameter_info=None, annotation=int)
        if probe._coerce_value("1", None, None) != 1 or not callable(getattr(probe, "coerce", None)):
            return
    except Exception:
        return

    def get_runtime_param(self):
        if self._runtime_param is None:
            try:
                if _is_plain(self.type_descriptor):
                    self._runtime_param = PlainParam(parameter_info=self.type_descriptor.parameter_info,
                                                     annotation=self.type_descriptor.annotation)
            except Exception:  # anything unexpected: typer converts this one itself
                self._runtime_param = None
        return typer_own(self)

    get_runtime_param.report_kit_plain = True
    _TyperParameter.get_runtime_param = get_runtime_param


def _converter(annotation: Any) -> tuple[type, bool]:
    """(the conversion of one value, whether the parameter takes many)."""
    if get_origin(annotation) is list:
        return _PLAIN[get_args(annotation)[0]], True
    return _PLAIN[annotation], False


def _is_plain(descriptor: Any) -> bool:
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        arguments = get_args(annotation)
        if len(arguments) != 1:
            return False
        annotation = arguments[0]
    if annotation not in _PLAIN or getattr(descriptor, "file_annotation", None) is not None:
        return False
    info = descriptor.parameter_info
    return not any(getattr(info, name, None) for name in _PATH_CHECKS)
