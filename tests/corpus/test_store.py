"""The corpus store: schema, counts, incremental re-runs, resume after kill -9, parallel and Dask engines,
the Corpus API and export.

The test corpus is made from the bundled sample article (rotated paragraphs, so every document differs),
plus two inputs that must be rejected, so these tests need no ../shared.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis import Corpus
from analysis.cli import main
from analysis.corpus.rows import SCHEMA
from analysis.corpus.store import Store
from tests.support.frames import store_frames
from tests.support.store_corpus import N_BAD, N_GOOD, migrate_as_an_ingest_does, run_ingest, snapshot

# ---------------------------------------------------------------- schema and counts

def test_schema_and_counts(reference):
    store, counts = reference
    assert (counts.read, counts.analysed, counts.rejected, counts.skipped_unchanged) == (N_GOOD + N_BAD, N_GOOD,
                                                                                        N_BAD, 0)
    with Store(store, read_only=True) as s:
        for table, cols in SCHEMA.items():
            have = [r[0] for r in s.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall()]
            assert have == [c for c, _ in cols], table
        n = s.counts()
        assert n["articles"] == N_GOOD and n["errors"] == N_BAD
        assert n["mentions"] > 0 and n["article_actors"] > 0 and n["actors"] > 0 and n["quotes"] > 0
        # every document once; counts stored with the run add up
        assert s.con.execute("SELECT count(DISTINCT doc_key) FROM articles").fetchone()[0] == N_GOOD
        run = s.con.execute("SELECT status, read, analysed, rejected, skipped_unchanged, model FROM runs").fetchall()
        assert len(run) == 1
        status, read, analysed, rejected, skipped, model = run[0]
        assert status == "complete" and read == analysed + rejected + skipped == N_GOOD + N_BAD
        assert json.loads(model)["name"]
        codes = sorted(r[0] for r in s.con.execute("SELECT code FROM errors").fetchall())
        assert codes == ["binary", "empty"]
        # offsets index into the stored text; the full record is kept as JSON
        for text, start, end, mtext in s.con.execute(
                "SELECT a.text, m.start_char, m.end_char, m.text FROM mentions m JOIN articles a USING (doc_key)"
        ).fetchall():
            assert text[start:end] == mtext
        record = json.loads(s.con.execute("SELECT record FROM articles LIMIT 1").fetchone()[0])
        assert {"actors", "quotes", "themes", "tone"} <= set(record) and "text" not in record
        # metadata reached the store
        assert s.con.execute("SELECT count(*) FROM articles WHERE published IS NOT NULL AND source IS NOT NULL"
                             ).fetchone()[0] == N_GOOD
        # corpus actors: one row per identity, mentions add up
        assert s.con.execute("SELECT sum(n_mentions) FROM actors").fetchone()[0] == n["mentions"]
        assert s.con.execute("SELECT count(*) - count(DISTINCT actor_key) FROM actors").fetchone()[0] == 0


# ---------------------------------------------------------------- incremental

def test_incremental_rerun_skips_unchanged_and_replaces_changed(corpus, reference, tmp_path, nlp):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    shutil.copy(corpus.parent / "corpus-metadata.tsv", tmp_path / "corpus-metadata.tsv")
    store = tmp_path / "inc.duckdb"
    first = run_ingest(folder, store)
    assert first.analysed == N_GOOD
    again = run_ingest(folder, store)
    assert (again.read, again.analysed, again.rejected, again.skipped_unchanged) == (N_GOOD + N_BAD, 0, N_BAD,
                                                                                    N_GOOD)
    # change one document, add one
    changed = folder / "story03.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "Iran’s foreign minister Javad Zarif said “no”.\n",
                       encoding="utf-8")
    shutil.copy(folder / "story00.txt", folder / "story99.txt")
    third = run_ingest(folder, store)
    assert (third.read, third.analysed, third.skipped_unchanged) == (N_GOOD + N_BAD + 1, 2, N_GOOD - 1)
    with Store(store, read_only=True) as s:
        rows = s.con.execute("SELECT doc_key, text, run_id FROM articles WHERE doc_key LIKE '%story03.txt'"
                             ).fetchall()
        assert len(rows) == 1 and "Zarif" in rows[0][1] and rows[0][2] == 3
        assert s.con.execute("SELECT count(*), count(DISTINCT doc_key) FROM articles").fetchone() == (N_GOOD + 1,
                                                                                                   N_GOOD + 1)
        # the replaced document's old child rows are gone: its mentions are exactly those of the new text
        for table in ("mentions", "quotes", "themes", "article_actors"):
            assert s.con.execute(f"SELECT count(*) FROM {table} WHERE doc_key NOT IN "
                                 "(SELECT doc_key FROM articles)").fetchone()[0] == 0
        zarif = s.con.execute("SELECT count(*) FROM mentions WHERE doc_key LIKE '%story03.txt' AND text LIKE "
                              "'%Zarif%'").fetchone()[0]
        assert zarif >= 1
        assert [r[0] for r in s.con.execute("SELECT analysed FROM runs ORDER BY run_id").fetchall()] == [N_GOOD, 0, 2]
    # --force analyses everything again without duplicating anything
    forced = run_ingest(folder, store, force=True)
    assert forced.analysed == N_GOOD + 1 and forced.skipped_unchanged == 0
    with Store(store, read_only=True) as s:
        assert s.con.execute("SELECT count(*) FROM articles").fetchone()[0] == N_GOOD + 1


# ---------------------------------------------------------------- resume after a real kill -9

@pytest.mark.slow
def test_resume_after_kill_equals_uninterrupted_run(corpus, reference, tmp_path, nlp):
    store = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-c", "from analysis.cli import run; run()", "ingest", str(corpus), "--store",
           str(store), "--metadata", str(corpus.parent / "corpus-metadata.tsv"), "--batch-size", "2",
           "--keep-duplicates"]  # as the reference's `run_ingest`
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env={**os.environ,
                            "PYTHONUNBUFFERED": "1"})
    seen = {"done": 0}

    def watch() -> None:  # the progress bar reports committed documents: n/total
        buf = b""
        while chunk := proc.stderr.read1(4096):
            buf = (buf + chunk)[-4096:]
            found = re.findall(rb"(\d+)/(\d+) \[", buf)
            if found:
                seen["done"] = int(found[-1][0])

    threading.Thread(target=watch, daemon=True).start()
    deadline = time.time() + 300
    while seen["done"] < 6 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be killed: make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = seen["done"]
    assert 0 < killed_at < N_GOOD + N_BAD

    with Store(store, read_only=True) as s:  # DuckDB recovers the committed batches from its WAL
        status, read, analysed, rejected, skipped = s.con.execute(
            "SELECT status, read, analysed, rejected, skipped_unchanged FROM runs").fetchone()
        assert status == "running"  # the killed run never finished
        assert read == analysed + rejected + skipped >= killed_at
        stored = s.con.execute("SELECT count(*) FROM articles").fetchone()[0] + \
            s.con.execute("SELECT count(*) FROM errors").fetchone()[0]
        assert stored == read

    resumed = run_ingest(corpus, store, batch_size=2)
    assert resumed.read == N_GOOD + N_BAD
    assert resumed.skipped_unchanged + resumed.analysed + resumed.rejected == resumed.read
    assert resumed.skipped_unchanged >= 1  # committed work was not redone
    assert snapshot(store) == snapshot(reference[0])


# ---------------------------------------------------------------- engines

@pytest.mark.slow
def test_parallel_jobs_equals_single_process(corpus, reference, tmp_path):
    store = tmp_path / "par.duckdb"
    counts = run_ingest(corpus, store, jobs=2, batch_size=3)
    assert (counts.read, counts.analysed, counts.rejected) == (N_GOOD + N_BAD, N_GOOD, N_BAD)
    assert snapshot(store) == snapshot(reference[0])


@pytest.mark.slow
def test_dask_local_cluster_equals_single_process(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    store = tmp_path / "dask.duckdb"
    try:
        with distributed.Client(cluster) as client:
            counts = run_ingest(corpus, store, engine="dask", scheduler=client, batch_size=5,
                                parts_dir=str(tmp_path / "parts"))
    finally:
        cluster.close()
    assert (counts.read, counts.analysed, counts.rejected) == (N_GOOD + N_BAD, N_GOOD, N_BAD)
    assert snapshot(store) == snapshot(reference[0])
    assert not list((tmp_path / "parts").rglob("*.parquet"))  # loaded, then removed
    with Store(store, read_only=True) as s:
        assert s.con.execute("SELECT engine FROM runs").fetchone()[0] == "dask"


# ---------------------------------------------------------------- Python API

def test_corpus_api_filters(reference):
    store, _ = reference
    with Corpus.open(store) as corpus:
        arts = corpus.articles()
        assert len(arts) == N_GOOD and "text" not in arts and "record" not in arts
        assert "text" in corpus.articles(text=True)
        # date range and source
        jan = corpus.articles(start="2020-01-03", end="2020-01-06")
        assert sorted(jan.published.astype(str)) == [f"2020-01-{d:02d}" for d in range(3, 7)]
        # source matches the credited source (dateline agency: Tasnim everywhere) or the publisher (metadata)
        irna = corpus.articles(source="irna")
        assert len(irna) == N_GOOD // 2 and set(irna.publisher) == {"IRNA"}
        assert len(corpus.articles(source=["Tasnim"])) == N_GOOD
        # actor: articles mentioning, quotes spoken by
        actors = corpus.actors()
        assert list(actors.n_articles) == sorted(actors.n_articles, reverse=True)
        top = actors.iloc[0]
        with_top = corpus.articles(actor=top.actor_key)
        assert len(with_top) == top.n_articles
        assert len(corpus.articles(actor=top["name"].upper())) >= 1
        people = corpus.actors(type="PERSON")
        assert set(people.type) <= {"PERSON"}
        sub = corpus.actors(source="IRNA")
        assert (sub.n_articles <= N_GOOD // 2).all() and len(sub) > 0
        quotes = corpus.quotes()
        assert {"text", "speaker", "headline", "published"} <= set(quotes.columns) and len(quotes) > 0
        speakers = quotes.speaker_key.dropna()
        assert len(speakers) > 0  # the corpus has attributed quotes: the filter below is exercised
        key = speakers.iloc[0]
        assert set(corpus.quotes(actor=key).speaker_key) == {key}
        # theme filter: the articles scoring a theme, and that theme's rows only
        themes = corpus.themes()
        assert len(themes) > 0
        theme = themes.theme.iloc[0]
        assert set(corpus.themes(theme=theme).theme) == {theme}
        assert set(corpus.articles(theme=theme).doc_key) == set(themes[themes.theme == theme].doc_key)
        m = corpus.mentions(actor=top.actor_key)
        assert len(m) == top.n_mentions and set(m.actor_key) == {top.actor_key}
        assert len(corpus.errors()) == N_BAD and len(corpus.runs()) == 1
        assert "articles" in repr(corpus)


def test_a_missing_store_is_one_exception_from_every_reader(tmp_path):
    """`Corpus.open` and the notebooks' frames used to raise different exceptions (StoreNotFoundError and a
    bare FileNotFoundError) for the same situation: now one, saying how to build the store."""
    from analysis.errors import StoreNotFoundError

    for read in (Corpus.open, store_frames):
        with pytest.raises(StoreNotFoundError, match="presswork ingest") as caught:
            read(tmp_path / "nope.duckdb")
        assert type(caught.value) is StoreNotFoundError


# ---------------------------------------------------------------- export and CLI

@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export(reference, tmp_path, fmt):
    import pandas as pd

    store, _ = reference
    result = CliRunner().invoke(main, ["export", "--store", str(store), "--format", fmt, str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with Store(store, read_only=True) as s:
        counts = s.counts()
    for table in SCHEMA:
        path = tmp_path / "out" / f"{table}.{fmt}"
        assert path.exists()
        if fmt == "parquet":
            n = len(pd.read_parquet(path))
        elif fmt == "csv":
            n = len(pd.read_csv(path)) if path.stat().st_size else 0
        else:
            n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        assert n == counts[table], (table, fmt)


def test_cli_ingest_prints_counts_and_exit_status(corpus, tmp_path, nlp):
    store = tmp_path / "cli.duckdb"
    args = ["ingest", str(corpus), "--store", str(store), "--quiet", "--metadata",
            str(corpus.parent / "corpus-metadata.tsv")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output  # some input rejected
    assert f"read {N_GOOD + N_BAD} = analysed {N_GOOD} + rejected {N_BAD} + skipped-unchanged 0" in result.output
    # the stories recombine the same paragraphs: the ingest says how many copies readers set aside
    assert re.search(r"\n\d+ near-duplicate articles set aside \(keep them with --keep-duplicates\)", result.output)
    again = CliRunner().invoke(main, args)
    assert f"analysed 0 + rejected {N_BAD} + skipped-unchanged {N_GOOD}" in again.output
    bad = CliRunner().invoke(main, ["ingest", str(corpus), "--store", str(store), "--scheduler", "tcp://x:1"])
    assert bad.exit_code == 2


def test_records_with_new_fields_and_odd_types_are_stored_tolerantly(tmp_path):
    """The record modules evolve: unknown fields land in `extra`, odd types are coerced, nothing breaks."""
    from datetime import datetime

    from analysis.corpus.rows import RowBatch, article_actor_key

    record = {"id": "x", "path": "x.txt", "text": "Ali Shamkhani said “yes”.", "paragraphs": [[0, 25]],
              "actors": [{"id": "a0", "name": "Ali Shamkhani", "type": "PERSON", "mentions": [[0, 13]],
                          "salience": 0.9}],
              "quotes": [{"text": "yes", "start": 20, "end": 23, "kind": "direct", "speaker_id": "a0",
                          "via": True, "confidence": 0.7}],
              "themes": [{"theme": "t", "label": "T", "score": 1.0, "count": 1, "evidence": [[0, 3]]}],
              "tone": {"compound": 0.4}, "brand_new": {"nested": [1, 2]}}
    batch = RowBatch()
    batch.add_record(record, "k", "h", 1, datetime.now())
    tables = batch.arrow()
    with Store(tmp_path / "t.duckdb") as s:
        s.con.execute("INSERT INTO runs (run_id, read, analysed, rejected, skipped_unchanged) VALUES (1,0,0,0,0)")
        s.write_batch(tables, ["k"], [], 1, {"read": 1, "analysed": 1})
        q = s.con.execute("SELECT via, extra, speaker_key FROM quotes").fetchone()
        assert q[0] == "true" and json.loads(q[1]) == {"confidence": 0.7} and q[2] == article_actor_key(record["actors"][0])
        assert json.loads(s.con.execute("SELECT extra FROM article_actors").fetchone()[0]) == {"salience": 0.9}
        assert json.loads(s.con.execute("SELECT record FROM articles").fetchone()[0])["brand_new"] == {
            "nested": [1, 2]}
        assert s.con.execute("SELECT text FROM mentions").fetchone()[0] == "Ali Shamkhani"


def test_corpus_identity_merges_variants_across_articles(reference):
    """'Ali Shamkhani' and 'Shamkhani' in every article are one corpus actor, keyed the same everywhere."""
    store, _ = reference
    with Store(store, read_only=True) as s:
        keys = s.con.execute("SELECT DISTINCT actor_key FROM article_actors WHERE name ILIKE '%shamkhani%'"
                             ).fetchall()
        assert len(keys) == 1
        key = keys[0][0]
        assert s.con.execute("SELECT n_articles FROM actors WHERE actor_key = ?", [key]).fetchone()[0] == N_GOOD
        # the same key in mentions and as the speaker of quotes
        assert s.con.execute("SELECT count(*) FROM mentions WHERE text ILIKE '%shamkhani%' AND actor_key != ?",
                             [key]).fetchone()[0] == 0


def test_memory_zones_do_not_change_the_analysis(corpus, reference, tmp_path, monkeypatch):
    """Batches after the first run inside spaCy memory zones; without zones the store is the same."""
    from analysis.settings import Settings

    store = tmp_path / "nozones.duckdb"
    run_ingest(corpus, store, batch_size=4, settings=Settings(memory_zones=False))
    assert snapshot(store) == snapshot(reference[0])


def test_progress_total_counts_what_the_reader_reads(tmp_path):
    """The progress bar's total is the number of documents the reader yields: a README or hidden file in
    an archive is not a document (the full Tehran Times run showed 33,724 of 33,725)."""
    import io
    import tarfile

    from analysis.documents.readers import read_documents
    from analysis.ingest.run import count_documents

    archive = tmp_path / "corpus.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for name, text in [("README.md", "about"), ("data/.hidden.txt", "x"), ("data/a.txt", "One.\n\nTwo."),
                           ("data/b.txt", "Three.")]:
            info = tarfile.TarInfo(name)
            info.size = len(text.encode())
            tf.addfile(info, io.BytesIO(text.encode()))
    assert count_documents([str(archive)]) == len(list(read_documents([str(archive)]))) == 2


def test_stores_draw_no_progress_bar(tmp_path):
    # in a notebook DuckDB's progress bar is a widget; a shared report would fetch its code from a CDN
    from analysis.corpus.store import connect

    con = connect(str(tmp_path / "p.duckdb"))
    assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0] is False


# ---------------------------------------------------------------- stored answers are final

def _leader_store(path) -> str:
    """Two articles: Ali Khamenei is an actor of both; in the second a quote of "the Leader" names him as its
    speaker without linking it to his actor (speaker_id None), the shape of the 43 Tehran Times quotes of
    "the Leader" that had no speaker_key in the store while the reports keyed them to him."""
    from analysis.corpus.rows import RowBatch
    from tests.support.reports_data import record

    records = []
    for doc in ("k1", "k2"):
        r = record(doc, "2024-01-01", "Tehran Times", [("Ali Khamenei", "PERSON", 2)],
                   [("Ali Khamenei", "direct", [], 0.1)], [])
        r["actors"][0]["gazetteer_id"] = "Ali Khamenei"
        records.append(r)
    records[1]["quotes"][0].update(speaker_id=None, speaker_text="the Leader")
    records[1]["quotes"].append({**records[1]["quotes"][0], "speaker": "an official", "speaker_text": "an official",
                                 "speaker_type": "unnamed",
                                 "start": 5, "end": 6})
    batch = RowBatch()
    for r in records:
        batch.add_record(r, r["id"], "h" + r["id"], 1, None)
    with Store(path) as store:
        store.write_batch(batch.arrow(), batch.keys, [], 1, {})
        store.finish_keys(1)
    return str(path)


def test_the_store_holds_the_keys_the_reports_show(tmp_path):

    path = _leader_store(tmp_path / "leader.duckdb")
    with Corpus.open(path) as corpus:
        stored = corpus.quotes().set_index(["doc_key", "quote_idx"])["speaker_key"].to_dict()
        actors = corpus.actors()
    assert stored == {("k1", 0): "gaz:Ali Khamenei", ("k2", 0): "gaz:Ali Khamenei", ("k2", 1): "U:officials"}
    shown = store_frames(path).quotes.set_index(["doc_key", "quote_idx"])["speaker_key"].to_dict()
    assert shown == stored
    # the actor table counts the quote of "the Leader" as his
    assert actors.set_index("actor_key").loc["gaz:Ali Khamenei", "n_quotes"] == 2


def test_a_store_from_an_older_version_says_how_to_update_it(tmp_path):
    path = _leader_store(tmp_path / "old.duckdb")
    with Store(path) as store:
        store.con.execute("UPDATE store_meta SET value = '1' WHERE key = 'schema_version'")
        store.con.execute("UPDATE quotes SET speaker_key = NULL WHERE speaker_id IS NULL")
    migrate_as_an_ingest_does(path, r"presswork ingest .*--store")
    with Corpus.open(path) as corpus:
        assert corpus.quotes()["speaker_key"].notna().all()


def test_the_actors_command_reads_the_stored_table(tmp_path):
    from click.testing import CliRunner

    from analysis.cli import main

    path = _leader_store(tmp_path / "leader.duckdb")
    result = CliRunner().invoke(main, ["actors", "--store", path])
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()[:2]
    assert header.split()[:5] == ["name", "type", "articles", "mentions", "quotes"]
    assert row.split()[:6] == ["Ali", "Khamenei", "PERSON", "2", "4", "2"]  # his quotes, "the Leader"'s included


@pytest.mark.slow
def test_a_kill_between_the_actor_and_the_speech_rebuild_is_repaired_by_the_next_run(corpus, tmp_path, nlp):
    """kill -9 right after `refresh_actors` committed and before `refresh_speech`: the next run (nothing
    left to analyse) must still rebuild quote_targets/quote_trails, as a run never killed would have."""
    folder = tmp_path / "grow"
    folder.mkdir()
    shutil.copy(corpus.parent / f"{corpus.name}-metadata.tsv", tmp_path / "grow-metadata.tsv")
    stories = sorted(corpus.glob("story*.txt"))
    for path in stories[:6]:
        shutil.copy(path, folder)
    store = tmp_path / "s.duckdb"
    run_ingest(folder, store, batch_size=4)
    for path in stories[6:]:
        shutil.copy(path, folder)
    code = ("import os, signal, sys\nfrom pathlib import Path\nfrom analysis.corpus.store import Store\n"
            "Store.refresh_speech = lambda self: os.kill(os.getpid(), signal.SIGKILL)\n"
            "from tests.support.store_corpus import run_ingest\n"
            f"run_ingest(Path({str(folder)!r}), Path({str(store)!r}), batch_size=4)\n")
    killed = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, timeout=600, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    resumed = run_ingest(folder, store, batch_size=4)
    assert resumed.skipped_unchanged == len(stories)  # nothing left to analyse ...
    fresh = tmp_path / "fresh.duckdb"
    run_ingest(folder, fresh, batch_size=4)
    got, want = snapshot(store), snapshot(fresh)
    assert want["quote_trails"] and want["quote_targets"]
    for table in ("actors", "quote_targets", "quote_trails"):  # ... yet the speech tables are current
        assert got[table] == want[table], table
