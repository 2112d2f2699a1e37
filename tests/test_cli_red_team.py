"""The command line against careless or hostile use (issue 17): usage errors are one message and exit 2,
never a traceback; outputs are never inputs; SIGTERM stops an ingest cleanly. Inputs generated here.

Commands run in this process through click's runner (`run`); the real entry point in a child process where
the process itself is the point (`run_process`: one usage error end to end, and SIGTERM)."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time

import pytest

from analysis.corpus.store import Store
from tests.support.cli import run, run_process, usage_error

GOOD = "Talks resume\nTEHRAN (Tasnim) – Ali Shamkhani said on {day} that “talks will resume”, adding more.\n"


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD.format(day="Saturday"), encoding="utf-8")
    return path


# ---------------------------------------------------------------- outputs that are inputs

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


# ---------------------------------------------------------------- settings, checked once before any document

@pytest.mark.parametrize("args, env, words", [
    ((), {"PRESSWORK_BATCH_SIZE": "0"}, ["PRESSWORK_BATCH_SIZE", "not 0"]),
    ((), {"PRESSWORK_MAX_DOCUMENT_BYTES": "1e20"}, ["PRESSWORK_MAX_DOCUMENT_BYTES", "whole number"]),
    (("--max-document-bytes", "100000000000000000000"), {}, ["--max-document-bytes"]),
    (("--max-archive-bytes", "-5"), {}, ["--max-archive-bytes", "-5"]),
])
def test_bad_settings_are_one_message(article, args, env, words):
    for command in ("analyze", "ingest"):
        extra = ("--store", article.parent / "s.duckdb") if command == "ingest" else ()
        result = run(command, article, *extra, *args, env=env)
        usage_error(result, *words)
        assert result.stdout == ""  # not one document was read


@pytest.mark.parametrize("content, words", [
    ("PERSON: [{aliases: [x]}]\n", ["has no name"]),
    ("PERSON: [unclosed\n", ["not valid YAML"]),
    ("- just a list\n", ["expected a mapping"]),
])
def test_a_bad_gazetteer_is_one_message_before_any_document(article, content, words):
    gazetteer = article.parent / "g.yaml"
    gazetteer.write_text(content, encoding="utf-8")
    for command in ("analyze", "ingest"):
        extra = ("--store", article.parent / "s.duckdb") if command == "ingest" else ()
        result = run(command, article, *extra, "--gazetteer", gazetteer)
        usage_error(result, str(gazetteer), *words)
        assert result.stdout == "" and result.stderr.count("presswork:") == 1
    assert not (article.parent / "s.duckdb").exists()


# ---------------------------------------------------------------- metadata, stores, exports

@pytest.mark.parametrize("content, words", [
    (b"name\tdate\nx\t2020-01-01\n", ["filename/file/id/stem/path column"]),
    (b"", ["is empty"]),
])
def test_a_bad_metadata_file_is_one_message(article, content, words):
    meta = article.parent / "meta.tsv"
    meta.write_bytes(content)
    usage_error(run("analyze", article, "--metadata", meta), *words)


def test_metadata_problems_are_warned_about(article):
    meta = article.parent / "meta.tsv"
    meta.write_text("filename\tdate\nsomething.txt\tnext Tuesday-ish\na.txt\t2020-01-02\na.txt\t2020-01-03\n",
                    encoding="cp1252")
    result = run("analyze", article, "--metadata", meta, "-q")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "not a date" in result.stderr and "repeats" in result.stderr
    assert json.loads(result.stdout)["published"] == "2020-01-03"


def test_stores_that_cannot_be_opened_are_one_message(tmp_path, article):
    not_duckdb = tmp_path / "text.duckdb"
    not_duckdb.write_text("not a database", encoding="utf-8")
    usage_error(run("export", "--store", not_duckdb, tmp_path / "out"), str(not_duckdb))
    usage_error(run("ingest", article, "--store", not_duckdb), str(not_duckdb))
    usage_error(run("ingest", article, "--store", tmp_path / "no" / "such" / "s.duckdb"), "does not exist")
    import duckdb

    good = tmp_path / "good.duckdb"
    with duckdb.connect(str(good)) as con:
        con.execute("CREATE TABLE t AS SELECT range AS a FROM range(200000)")
    truncated = tmp_path / "truncated.duckdb"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    usage_error(run("export", "--store", truncated, tmp_path / "out"), str(truncated))


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    (folder / "in").mkdir()
    (folder / "in" / "=HYPERLINK(evil).txt").write_text(GOOD.format(day="Monday"), encoding="utf-8")
    store = folder / "s.duckdb"
    assert run("ingest", folder / "in", "--store", store, "-q").returncode == 0
    return store


def test_export_refuses_remote_targets_and_files(small_store, tmp_path):
    result = run("export", "--store", small_store, "s3://bucket/out")
    usage_error(result, "remote targets are not supported")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    usage_error(run("export", "--store", small_store, tmp_path / "file"), "is a file")


def test_export_never_overwrites_the_store(small_store, tmp_path):
    store = tmp_path / "articles.csv"
    store.write_bytes(small_store.read_bytes())
    usage_error(run("export", "--store", store, "--format", "csv", tmp_path), "would overwrite the store")
    with Store(store, read_only=True) as s:
        assert s.counts()["articles"] == 1


def test_csv_export_neutralises_formulas(small_store, tmp_path):
    result = run("export", "--store", small_store, "--format", "csv", "--table", "articles", tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    with open(tmp_path / "out" / "articles.csv", encoding="utf-8", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["id"] == "'=HYPERLINK(evil)"
    assert all(not v.startswith(("=", "+", "-", "@")) for v in row.values())


# ---------------------------------------------------------------- SIGTERM

@pytest.mark.slow
def test_sigterm_stops_a_parallel_ingest_cleanly(tmp_path):
    psutil = pytest.importorskip("psutil")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(400):
        (folder / f"a{i:03d}.txt").write_text(GOOD.format(day=f"day {i}") * 20, encoding="utf-8")
    store = tmp_path / "s.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "ingest", str(folder), "--store", str(store),
                             "--jobs", "2", "--batch-size", "4", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    deadline = time.time() + 300
    while time.time() < deadline and len(parent.children(recursive=True)) < 2:
        time.sleep(0.5)
    workers = parent.children(recursive=True)
    assert len(workers) >= 2, "the workers never started"
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err[-2000:]
    assert "Traceback" not in err and "terminated" in err
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, f"workers left running: {alive}"
    with Store(store, read_only=True) as s:
        assert s.con.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
