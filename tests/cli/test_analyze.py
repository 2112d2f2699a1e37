"""`presswork analyze` (analysis/cli/analyze.py): outputs are never inputs."""

from __future__ import annotations

import json
import os

import pytest

from analysis.corpus.store import Store
from analysis.quotes.encoder import encoder_missing
from tests.support.cli import GOOD, run, run_process, usage_error


def test_analyze_refuses_to_write_over_its_input(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"text": GOOD.format(day="Sunday")}) + "\n", encoding="utf-8")
    before = corpus.read_bytes()
    usage_error(run_process("analyze", corpus, "-o", corpus), "both an input and the output")  # the real entry point
    assert corpus.read_bytes() == before


def test_outputs_inside_the_input_folder_are_not_read_back(tmp_path):
    for name in ("analyze", "ingest"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "a.txt").write_text(GOOD.format(day="Saturday"), encoding="utf-8")
        (folder / "b.txt").write_text(GOOD.format(day="Sunday"), encoding="utf-8")
    for _ in range(2):  # the second run finds the first run's output in the folder
        analyzed = run("analyze", tmp_path / "analyze", "-o", tmp_path / "analyze" / "out.jsonl", "-q")
        assert analyzed.returncode == 0, analyzed.stderr[-2000:]
        assert analyzed.stderr.strip().splitlines()[-1] == "read 2 = analysed 2 + rejected 0"
        ingested = run("ingest", tmp_path / "ingest", "--store", tmp_path / "ingest" / "s.duckdb", "-q")
        assert ingested.returncode == 0, ingested.stderr[-2000:]
    with Store(tmp_path / "ingest" / "s.duckdb", read_only=True) as s:
        assert s.counts()["articles"] == 2 and s.counts()["errors"] == 0
        assert s.con.execute("SELECT read FROM runs ORDER BY run_id").fetchall() == [(2,), (2,)]
    store = tmp_path / "ingest" / "s.duckdb"
    usage_error(run("ingest", store, "--store", store), "both an input and the output")


@pytest.mark.skipif(encoder_missing() is not None and not os.environ.get("CI"), reason=f"{encoder_missing()}")
def test_analyze_with_the_encoder_quote_mode(tmp_path):
    corpus = tmp_path / "a.txt"
    corpus.write_text(GOOD.format(day="Sunday"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = run("analyze", corpus, "-o", out, "-q", "--quotes", "encoder")
    assert done.returncode == 0, done.stderr[-2000:]
    quotes = json.loads(out.read_text(encoding="utf-8").splitlines()[0])["quotes"]
    body = [q for q in quotes if q["kind"] != "headline"]
    assert len(body) == 1 and body[0]["speaker"] == "Ali Shamkhani"
    assert body[0]["text"].endswith("“talks will resume”")  # the quotation's closing mark is kept with it
