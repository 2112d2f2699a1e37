"""Keep thinc from importing torch: the small spaCy pipeline never uses it.

thinc (spaCy's layer library) imports torch in `thinc.compat` whenever torch is installed, to offer
its PyTorch wrappers. presswork's own `presswork[encoder]` extra installs torch, so without this hook
every process that loads spaCy paid about 1.2 s of CPU and 130 MiB of memory for torch (docs/scaling.md),
even with `--quotes hybrid`. The hook hides torch from `thinc.compat` alone, while that one module
executes; torch stays importable for everything else (the encoder mode imports it when it is chosen).
If torch is already imported when thinc loads, nothing is hidden.

`analysis/__init__.py` installs the hook, so it is in place before any module imports spaCy.
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder

_HIDDEN_FROM = "thinc.compat"


class _HideTorchFromThinc(MetaPathFinder):
    """Finds `thinc.compat` as usual, and runs it with torch marked as not installed."""

    def find_spec(self, name, path=None, target=None) -> ModuleSpec | None:
        if name != _HIDDEN_FROM:
            return None
        spec = PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run_module = spec.loader.exec_module

        def exec_without_torch(module) -> None:
            hide = "torch" not in sys.modules
            if hide:
                sys.modules["torch"] = None  # makes `import torch` raise ImportError, which thinc handles
            try:
                run_module(module)
            finally:
                if hide and sys.modules.get("torch", 0) is None:
                    del sys.modules["torch"]

        spec.loader.exec_module = exec_without_torch
        return spec


def install() -> None:
    """Put the hook first on the import path, once; a no-op when thinc is already loaded."""
    if _HIDDEN_FROM in sys.modules or any(isinstance(f, _HideTorchFromThinc) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _HideTorchFromThinc())
