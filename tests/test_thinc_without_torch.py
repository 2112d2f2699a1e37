"""The import hook keeps torch out of spaCy's processes and leaves it importable for the encoder."""

import importlib.util
import subprocess
import sys

import pytest

needs_torch = pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@needs_torch
def test_loading_the_pipeline_does_not_import_torch():
    code = (
        "import sys, analysis.pipeline, thinc.compat; print('torch' in sys.modules, thinc.compat.has_torch)"
    )
    assert _run(code) == "False False"


@needs_torch
def test_torch_stays_importable_after_thinc():
    code = "import analysis.pipeline, torch; print(torch.tensor([2]).item())"
    assert _run(code) == "2"


@needs_torch
def test_torch_imported_first_is_left_alone():
    code = "import torch, analysis.pipeline, thinc.compat; print(thinc.compat.has_torch)"
    assert _run(code) == "True"
