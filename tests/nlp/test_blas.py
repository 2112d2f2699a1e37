"""The matrix library switch (analysis.nlp.blas): the setting is honoured and the model's output is unchanged."""

from __future__ import annotations

import pytest
import spacy
from thinc.api import NumpyOps

from analysis.documents.samples import sample_path
from analysis.errors import SettingsError
from analysis.nlp import blas
from analysis.nlp.model import resolve_model_name


def test_setting_forces_a_library(monkeypatch):
    monkeypatch.setenv("PRESSWORK_BLAS", "numpy")
    assert blas.choose() == "numpy"
    monkeypatch.setenv("PRESSWORK_BLAS", "BLIS")
    assert blas.choose() == "blis"
    monkeypatch.setenv("PRESSWORK_BLAS", "mkl")
    with pytest.raises(SettingsError, match="PRESSWORK_BLAS='mkl'"):
        blas.choose()


def test_auto_picks_a_measured_library(monkeypatch):
    monkeypatch.delenv("PRESSWORK_BLAS", raising=False)
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
    monkeypatch.setenv("PRESSWORK_BLAS", "blis")
    assert blas.use_fastest_blas(nlp) == "blis"
    with_blis = _annotations(nlp(text))
    monkeypatch.setenv("PRESSWORK_BLAS", "numpy")
    assert blas.use_fastest_blas(nlp) == "numpy"
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
