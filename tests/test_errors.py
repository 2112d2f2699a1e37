"""The error catalogue (analysis/errors.py): every exception a user can meet is defined there, under one base
class, so the command line catches one class and a reader of the code finds every situation in one file."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import analysis
from analysis import errors

PACKAGE = Path(analysis.__file__).parent


def test_every_exception_class_is_defined_in_the_catalogue():
    defined_elsewhere = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    (getattr(b, "id", None) or getattr(b, "attr", "")).endswith(("Error", "Exception"))
                    for b in node.bases):
                defined_elsewhere.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    # the command line's own click adapter is no user-facing error class of the package
    assert [d for d in defined_elsewhere if not d.startswith("cli/app.py: _UserError")] == []


def test_one_base_class_and_no_builtin_double_parents():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if issubclass(c, Exception) and c.__module__ == errors.__name__]
    assert errors.PressworkError in classes and len(classes) > 10
    for cls in classes:
        assert issubclass(cls, errors.PressworkError), cls
        # no second builtin parent (SettingsError was a ValueError; StoreNotFoundError a FileNotFoundError),
        # so callers never need to catch a builtin to catch a user error
        builtin = [b for b in cls.__mro__ if b.__module__ == "builtins" and b not in (Exception, BaseException,
                                                                                   object)]
        assert builtin == [], (cls, builtin)
