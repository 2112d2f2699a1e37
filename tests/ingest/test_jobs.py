"""The batch work of an ingest (analysis.ingest.jobs): a process's long-lived objects are frozen out of the
garbage collector's walks before its first analysed batch and after it, once each."""

from __future__ import annotations

import gc

from analysis.documents.parsing import parse_text
from analysis.ingest import jobs
from analysis.ingest.jobs import Job, analyze_job
from analysis.settings import Settings


def test_the_first_analysed_batch_freezes_the_long_lived_objects_once(nlp, monkeypatch):
    calls = []
    monkeypatch.setattr(jobs, "_frozen", set())
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    settings = Settings()
    empty = Job(run_id=1, items=[], rejected=[("k0", {"id": "x", "path": "x", "error": {"code": "empty"}})])
    analyze_job(empty, settings, nlp)
    assert calls == []  # a batch with nothing analysed loads and freezes nothing
    article = parse_text("A headline\nThe mayor said the port would reopen on Monday.", "a.txt")
    rows = analyze_job(Job(run_id=1, items=[("k1", "h1", article)]), settings, nlp)
    assert rows.analysed == 1
    # before the batch (the loaded pipeline) and after it (what it built on first use); garbage collected
    # first each time: only live objects are frozen
    assert calls == ["collect", "freeze", "collect", "freeze"]
    analyze_job(Job(run_id=1, items=[("k2", "h2", article)]), settings, nlp)
    assert calls == ["collect", "freeze", "collect", "freeze"]  # once per process
