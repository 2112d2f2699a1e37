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


def test_export_to_a_quoted_tilde_path_writes_where_it_says(small_store, tmp_path, monkeypatch):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    result = run("export", "--store", small_store, "--table", "articles", "~/exp")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(work / "~" / "exp" / "articles.parquet")
    assert (work / "~" / "exp" / "articles.parquet").is_file() and not any(home.iterdir())


def test_export_never_writes_through_a_link(small_store, tmp_path):
    """A link in the export folder -- dangling, or to the store's write-ahead log -- is refused by name."""
    store = tmp_path / "s.duckdb"
    store.write_bytes(small_store.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "articles.parquet").symlink_to(tmp_path / "s.duckdb.wal")  # dangling until the store is written
    usage_error(run("export", "--store", store, out), "articles.parquet is a symbolic link")
    assert not (tmp_path / "s.duckdb.wal").exists()
    (out / "articles.parquet").unlink()
    (out / "articles.parquet").symlink_to(tmp_path / "nowhere" / "x")
    usage_error(run("export", "--store", store, out), "is a symbolic link")


def test_export_into_a_folder_that_cannot_be_made_or_written_is_one_message(small_store, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    usage_error(run("export", "--store", small_store, tmp_path / "file" / "out"), "cannot create the folder")
    out = tmp_path / "out"
    (out / "articles.parquet").mkdir(parents=True)  # DuckDB cannot write a file where a folder is
    result = run("export", "--store", small_store, "--table", "articles", out)
    usage_error(result, f"cannot write {out / 'articles.parquet'}")


def test_a_store_on_a_read_only_file_system_says_so(tmp_path, monkeypatch):
    import duckdb

    from analysis.corpus.store import StoreError, connect

    def read_only(path, read_only=False):
        raise duckdb.IOException(f'IO Error: Cannot open file "{path}": Read-only file system')

    monkeypatch.setattr(duckdb, "connect", read_only)
    with pytest.raises(StoreError) as caught:
        connect(str(tmp_path / "s.duckdb"))
    message = str(caught.value)
    assert "for writing: Read-only file system" in message and "presswork store" not in message
    assert "copy the store to a writable folder" in message


def test_a_full_disk_is_one_message_and_the_next_run_resumes(tmp_path):
    """`ulimit -f` (the file size limit) stands in for a full disk: DuckDB's write fails mid-run. One
    message naming what the system said -- not three chained tracebacks with "cannot rollback" on top --
    and a run after it (with room) completes, counts adding up, the failed run marked interrupted."""
    import resource
    import shutil

    from tests.support.store_corpus import make_corpus

    folder = tmp_path / "corpus"
    make_corpus(folder)
    store = tmp_path / "s.duckdb"
    args = [sys.executable, "-m", "analysis", "ingest", str(folder), "--store", str(store), "-q", "--batch-size", "2"]

    def limited():  # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG ("File too large")
        resource.setrlimit(resource.RLIMIT_FSIZE, (450_000, 450_000))  # the full store is ~700 KB

    full = subprocess.run(args, capture_output=True, text=True, preexec_fn=limited, timeout=600, check=False)
    assert full.returncode == 2, full.stderr[-3000:]
    assert "Traceback" not in full.stderr and "cannot rollback" not in full.stderr, full.stderr[-3000:]
    assert "cannot write the store" in full.stderr and "File too large" in full.stderr, full.stderr[-3000:]
    assert "run the same command again to resume" in full.stderr
    again = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 3, again.stderr[-3000:]  # the corpus holds two inputs to reject
    with Store(store, read_only=True) as s:
        runs = s.con.execute("SELECT status, read, analysed, rejected, skipped_unchanged FROM runs "
                             "ORDER BY run_id").fetchall()
        assert [r[0] for r in runs] == ["interrupted", "complete"], runs
        assert runs[-1][1] == 18 == sum(runs[-1][2:])
    shutil.rmtree(folder)
