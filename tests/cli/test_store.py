"""`presswork ingest` / `export` (analysis/cli/store.py): stores that cannot be opened, safe exports,
SIGTERM stops a parallel ingest cleanly."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time

import pytest

from analysis.corpus.store import Store
from tests.support.cli import GOOD, run, usage_error


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
