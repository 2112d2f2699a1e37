"""A report's parameters: typed as the notebook's parameters cell declares, plain data only, inputs that exist."""

from __future__ import annotations

import datetime
from pathlib import Path

from analysis.errors import ReportError


def coerce_parameters(notebook: Path, raw: dict) -> dict:
    """Values of the types the notebook's parameters cell declares (int, float, bool, str), from CLI strings
    or YAML values; anything else raises ReportError.

    Papermill writes values into the notebook with repr: only plain data -- str, int, float, bool, None and
    lists/dicts of them -- is a literal there. A YAML ``!!binary`` value (bytes), a set or an object would
    be written as code, so it never gets through. Dates from YAML become ISO strings for str parameters.
    Unknown names are an error that lists the accepted ones.
    """
    import papermill as pm

    declared = pm.inspect_notebook(str(notebook))
    out = {}
    for name, value in raw.items():
        if not isinstance(name, str) or name not in declared:
            accepted = ", ".join(declared) or "none"
            raise ReportError(f"{notebook.name} has no parameter {name!r}; it accepts: {accepted}")
        kind = (declared[name].get("inferred_type_name") or "").lower()
        out[name] = _typed(name, value, kind)
    return out


def _typed(name: str, value, kind: str):
    """One parameter value as the declared `kind`, or ReportError saying what was expected."""
    if isinstance(value, str):
        if kind == "int":
            try:
                return int(value)
            except ValueError:
                raise ReportError(f"parameter {name} expects a whole number, got {value!r}") from None
        if kind == "float":
            try:
                return float(value)
            except ValueError:
                raise ReportError(f"parameter {name} expects a number, got {value!r}") from None
        if kind == "bool":
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ReportError(f"parameter {name} expects true/false, got {value!r}")
            return value.lower() in ("true", "1", "yes")
        return value
    if kind == "str" and isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    expected = {"int": (int,), "float": (int, float), "bool": (bool,), "str": (str,)}.get(kind)
    if expected is not None:
        if isinstance(value, expected) and not (isinstance(value, bool) and kind != "bool"):
            return float(value) if kind == "float" else value
        raise ReportError(f"parameter {name} expects {kind}, got {type(value).__name__} {value!r:.60}")
    _check_plain(name, value)  # undeclared type: any plain data
    return value


def _check_plain(name: str, value) -> None:
    if value is None or isinstance(value, (str, int, float, bool)):
        return
    if isinstance(value, list):
        for v in value:
            _check_plain(name, v)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            _check_plain(name, k)
            _check_plain(name, v)
        return
    raise ReportError(f"parameter {name}: a value of type {type(value).__name__} is not accepted; give text, "
                      "numbers, true/false, or lists and mappings of them")


def check_inputs(parameters: dict) -> None:
    """A report's `input_path` must name files, folders or patterns that exist: a missing path would be
    read as the text of an article (a report about the path's few words)."""
    value = parameters.get("input_path")
    if not isinstance(value, str):
        return
    for part in (p.strip() for p in value.split(";")):
        if part and not any(c in part for c in "*?[") and not Path(part).exists():
            raise ReportError(f"input {part} does not exist (give a file, folder or archive)")
