"""A report's parameters: typed as the notebook's parameters cell declares, plain data only, inputs that exist."""

from __future__ import annotations

import datetime
from pathlib import Path

from analysis.errors import ModelNotFoundError, ReportError
from analysis.explore.summaries.labels import PERIODS
from analysis.yamldata import short_repr

# A parameter is a name, a filter, a path or a few of them: a value far above these sizes is a mistake that
# papermill would write into the notebook (a 20 MB `actor` took 101 s and 2.6 GB, and an 81 MB notebook).
MAX_TEXT_CHARS = 10_000
MAX_VALUES = 10_000  # items of a list or mapping parameter, counted all the way down
# Parameters whose value is one of a few choices (checked before the kernel starts, not in a cell)
CHOICES = {"freq": PERIODS}


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
            raise ReportError(f"{notebook.name} has no parameter {short_repr(name)}; it accepts: {accepted}")
        kind = (declared[name].get("inferred_type_name") or "").lower()
        _check_size(name, value)
        out[name] = _typed(name, value, kind)
        _check_choice(name, out[name])
    if out.get("model"):
        _check_model(str(out["model"]))
    return out


def _check_size(name: str, value) -> None:
    """ReportError for a text longer than MAX_TEXT_CHARS or more than MAX_VALUES items, counted without
    walking more than that many."""
    stack, seen = [value], 0
    while stack:
        v = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise ReportError(f"parameter {name} holds more than {MAX_VALUES:,} values")
        if isinstance(v, str) and len(v) > MAX_TEXT_CHARS:
            raise ReportError(f"parameter {name} is {len(v):,} characters long; a parameter holds at most "
                              f"{MAX_TEXT_CHARS:,} (a name, a filter or paths)")
        if isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())


def _check_choice(name: str, value) -> None:
    choices = CHOICES.get(name)
    if choices is not None and value not in choices:
        raise ReportError(f"parameter {name} must be one of {', '.join(choices)}, not {short_repr(value)}")


def _check_model(name: str) -> None:
    """The `model` a notebook will load, resolved now: a name that is no spaCy pipeline is a usage error
    before the kernel starts (and never imports the module it names)."""
    from analysis.nlp.model import resolve_model_name

    try:
        resolve_model_name(name)
    except ModelNotFoundError as e:
        raise ReportError(f"parameter model: {e}") from None


def _typed(name: str, value, kind: str):
    """One parameter value as the declared `kind`, or ReportError saying what was expected."""
    if isinstance(value, str):
        if kind == "int":
            try:
                return int(value)
            except ValueError:
                raise ReportError(f"parameter {name} expects a whole number, got {short_repr(value)}") from None
        if kind == "float":
            try:
                return float(value)
            except ValueError:
                raise ReportError(f"parameter {name} expects a number, got {short_repr(value)}") from None
        if kind == "bool":
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ReportError(f"parameter {name} expects true/false, got {short_repr(value)}")
            return value.lower() in ("true", "1", "yes")
        return value
    if kind == "str" and isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    expected = {"int": (int,), "float": (int, float), "bool": (bool,), "str": (str,)}.get(kind)
    if expected is not None:
        if isinstance(value, expected) and not (isinstance(value, bool) and kind != "bool"):
            return float(value) if kind == "float" else value
        raise ReportError(f"parameter {name} expects {kind}, got {type(value).__name__} {short_repr(value)}")
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
