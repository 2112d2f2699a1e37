"""The matrix library switch (analysis.nlp.blas): the setting is honoured and the model's output is unchanged."""

from __future__ import annotations

import pytest
import spacy
from thinc.api import NumpyOps

from analysis.documents.samples import sample_path
from analysis.errors import SettingsError
from analysis.nlp import blas
from analysis.nlp.model import resolve_model_name
from analysis.settings import Settings


def test_setting_forces_a_library(monkeypatch):
    assert blas.choose(Settings.from_env({"PRESSWORK_BLAS": "numpy"}).blas) == "numpy"
    assert blas.choose(Settings.from_env({"PRESSWORK_BLAS": "BLIS"}).blas) == "blis"
    with pytest.raises(SettingsError, match="PRESSWORK_BLAS='mkl'"):  # checked once, in the settings
        Settings.from_env({"PRESSWORK_BLAS": "mkl"})


def test_the_settings_handed_in_are_the_ones_the_model_uses(monkeypatch):
    """`blas` and `fast_pipes` of a `Settings` passed to the pipeline were never read: the leaves read the
    environment instead. The environment says the opposite here; the settings passed in must win."""
    from analysis.nlp.fastpipes import FastAttributeRuler
    from analysis.pipeline import analyze_documents

    monkeypatch.setenv("PRESSWORK_BLAS", "blis")
    monkeypatch.setenv("PRESSWORK_FAST_PIPES", "1")
    loaded = []
    real_load = spacy.load
    monkeypatch.setattr(spacy, "load", lambda *a, **k: loaded.append(real_load(*a, **k)) or loaded[-1])
    from analysis.nlp import model

    monkeypatch.setattr(model, "_cache", {})  # a private cache: the session's shared model is not touched
    settings = Settings(blas="numpy", fast_pipes=False)
    list(analyze_documents([], settings))  # loads the model as the run's settings say
    [nlp] = loaded
    assert not any(isinstance(proc, FastAttributeRuler) for _, proc in nlp.pipeline)
    layers = [layer for _, proc in nlp.pipeline if getattr(proc, "model", None) for layer in proc.model.walk()]
    assert layers and all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)


def test_auto_picks_a_measured_library(monkeypatch):
    timings = blas.measure()
    assert set(timings) <= {"numpy", "blis"} and timings["numpy"] > 0
    # the rule on measured times: numpy only when it wins by more than 20%, measured once per process
    for measured, expected in (({"numpy": 1.0, "blis": 2.0}, "numpy"), ({"numpy": 1.0, "blis": 1.1}, "blis"),
                               ({"numpy": 1.0}, "numpy")):
        monkeypatch.setattr(blas, "_choice", None)
        monkeypatch.setattr(blas, "measure", lambda measured=measured: measured)
        assert blas.choose() == expected
        monkeypatch.setattr(blas, "measure", lambda: {"numpy": 9.0, "blis": 1.0})
        assert blas.choose() == expected  # cached: not measured again


def _annotations(doc) -> list[tuple]:
    return [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]


def test_numpy_blas_gives_the_same_annotations(monkeypatch):
    nlp = spacy.load(resolve_model_name())  # a private copy: the shared model is not touched
    with open(sample_path(), encoding="utf-8") as f:
        text = f.read()
    assert blas.use_fastest_blas(nlp, "blis") == "blis"
    with_blis = _annotations(nlp(text))
    assert blas.use_fastest_blas(nlp, "numpy") == "numpy"
    layers = [layer for _, proc in nlp.pipeline if getattr(proc, "model", None) for layer in proc.model.walk()]
    assert layers and all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)
    assert _annotations(nlp(text)) == with_blis
    assert any(e for *_, e in with_blis)  # the comparison saw entities


def test_one_thread_per_job_limits_and_restores():
    from threadpoolctl import threadpool_info

    before = {i["filepath"]: i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}
    with blas.one_thread_per_job():
        assert all(i["num_threads"] == 1 for i in threadpool_info() if i["user_api"] == "blas")
    after = {i["filepath"]: i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}
    assert after == before
