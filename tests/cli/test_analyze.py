"""`presswork analyze` (analysis/cli/analyze.py): outputs are never inputs."""

from __future__ import annotations

import json

from analysis.corpus.store import Store
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
