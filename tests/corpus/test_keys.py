"""Store keys (issue 17): one key per input, stable across runs, never shared by a rejected input and a real
file; the store holds what the run reports. Inputs are generated here."""

from __future__ import annotations

import io
import json
import os
import sys
import warnings
import zipfile

import pytest

from analysis.corpus.store import Store
from analysis.ingest.run import ingest

GOOD = "Talks resume\nTEHRAN (Tasnim) – Ali Shamkhani said on {day} that “talks will resume”, adding more.\n"


def stored(store) -> tuple[int, int]:
    with Store(store, read_only=True) as s:
        n = s.counts()
        return n["articles"], n["errors"]


def ran(counts) -> tuple[int, int, int, int]:
    return counts.read, counts.analysed, counts.rejected, counts.skipped_unchanged


def test_a_rejected_member_never_takes_the_key_of_a_real_file(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD.format(day="Saturday"), encoding="utf-8")
    with zipfile.ZipFile(folder / "b.zip", "w") as zf:
        zf.writestr("x/../a.txt", GOOD.format(day="Sunday"))  # unsafe: rejected
    store = tmp_path / "s.duckdb"
    first = ingest([str(folder)], str(store))
    assert ran(first) == (2, 1, 1, 0) and stored(store) == (1, 1)
    for _ in range(2):  # every later run: both unchanged, nothing deleted
        again = ingest([str(folder)], str(store))
        assert ran(again) == (2, 0, 1, 1) and stored(store) == (1, 1)


@pytest.mark.parametrize("batch_size", [1, 64])
def test_members_with_one_name_are_stored_apart_and_counts_match_the_store(tmp_path, nlp, batch_size):
    path = tmp_path / "dupes.zip"
    members = [("d/y.txt", "Saturday"), ("d//y.txt", "Sunday"), ("d/y.txt", "Monday"),
               ("d/y.txt", "Saturday")]  # the last has the first's text: still an input of its own
    with zipfile.ZipFile(path, "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the repeated names
        for name, day in members:
            zf.writestr(name, GOOD.format(day=day))
    store = tmp_path / "s.duckdb"
    first = ingest([str(path)], str(store), batch_size=batch_size)
    assert ran(first) == (4, 4, 0, 0) and stored(store) == (4, 0)
    second = ingest([str(path)], str(store), batch_size=batch_size)
    assert ran(second) == (4, 0, 0, 4) and stored(store) == (4, 0)
    with Store(store, read_only=True) as s:
        keys = [k for (k,) in s.con.execute("SELECT doc_key FROM articles ORDER BY doc_key").fetchall()]
        runs = s.con.execute("SELECT read, analysed, rejected, skipped_unchanged FROM runs ORDER BY run_id").fetchall()
    assert len(set(keys)) == 4
    assert runs == [(4, 4, 0, 0), (4, 0, 0, 4)]


def test_standard_input_is_keyed_by_its_content(tmp_path, nlp, monkeypatch):
    store = tmp_path / "s.duckdb"
    for day in ("Saturday", "Sunday", "Saturday"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.format(day=day).encode())))
        ingest(["-"], str(store))
    with Store(store, read_only=True) as s:
        texts = sorted(t for (t,) in s.con.execute("SELECT text FROM articles").fetchall())
    assert len(texts) == 2 and "Saturday" in texts[0] and "Sunday" in texts[1]


def test_undecodable_names_and_lone_surrogates_reach_the_store(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD.format(day="Saturday"), encoding="utf-8")
    rows = [{"text": GOOD.format(day="Sunday"), "source": "Bad \udcff source"},
            {"text": "Broken emoji \ud83d in a speech by Hassan Rouhani on Monday."},
            {"text": GOOD.format(day="Tuesday")}]
    (folder / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    counts = ingest([str(folder)], str(store), batch_size=2)
    assert ran(counts) == (4, 4, 0, 0) and stored(store) == (4, 0)
    again = ingest([str(folder)], str(store), batch_size=2)
    assert ran(again) == (4, 0, 0, 4) and stored(store) == (4, 0)


def write_names_that_hold_separators(folder) -> None:
    """Files whose names hold the `!` and `:` of reader paths, beside the archive and rows they mimic."""
    import tarfile

    folder.mkdir()
    data = GOOD.format(day="Saturday").encode()
    with tarfile.open(folder / "x.tar.gz", "w:gz") as tf:
        info = tarfile.TarInfo("a.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    (folder / "x.tar.gz!a.txt").write_text(GOOD.format(day="Sunday"), encoding="utf-8")
    (folder / "rows.jsonl").write_text('{"text": "Row one about Tehran."}\n{"text": "Row two about Baghdad."}\n',
                                       encoding="utf-8")
    (folder / "rows.jsonl:2").write_text(GOOD.format(day="Monday"), encoding="utf-8")
    (folder / "12:30 talks.txt").write_text(GOOD.format(day="Tuesday"), encoding="utf-8")


def test_names_holding_the_path_separators_get_keys_of_their_own(tmp_path):
    from analysis.ingest.jobs import document_key
    from analysis.documents.readers import read_documents

    write_names_that_hold_separators(tmp_path / "in")
    docs = list(read_documents([str(tmp_path / "in")]))
    keys = [document_key(d) for d in docs]
    assert len(docs) == 6 and len(set(keys)) == 6
    folder = os.path.abspath(tmp_path / "in")
    # names without a separator in the wrong place keep the key they always had (stores stay valid)
    assert {f"{folder}/x.tar.gz!a.txt", f"{folder}/rows.jsonl:1", f"{folder}/rows.jsonl:2",
            f"{folder}/12:30 talks.txt"} <= set(keys)
    assert json.dumps([f"{folder}/x.tar.gz!a.txt", None, None]) in keys


def test_names_holding_the_path_separators_are_stored_apart(tmp_path, nlp):
    write_names_that_hold_separators(tmp_path / "in")
    store = tmp_path / "s.duckdb"
    assert ran(ingest([str(tmp_path / "in")], str(store))) == (6, 6, 0, 0) and stored(store) == (6, 0)
    assert ran(ingest([str(tmp_path / "in")], str(store))) == (6, 0, 0, 6) and stored(store) == (6, 0)


def test_a_relative_name_starting_with_a_bracket_is_made_absolute(tmp_path, monkeypatch):
    from analysis.ingest.jobs import document_key
    from analysis.documents.readers import read_documents

    keys = []
    for sub in ("one", "two"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "<draft>.txt").write_text(GOOD.format(day="Sunday"), encoding="utf-8")
        monkeypatch.chdir(tmp_path / sub)
        [doc] = read_documents(["<draft>.txt"])
        keys.append(document_key(doc))
    assert keys == [f"{tmp_path}/one/<draft>.txt", f"{tmp_path}/two/<draft>.txt"]
