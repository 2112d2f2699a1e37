"""Inputs -> files: deep folders, recursive globs, each file once."""

from __future__ import annotations

import os

from analysis.documents.readers import read_documents
from tests.support.reading import GOOD, codes, read_all


def test_a_very_deep_folder_is_walked(tmp_path):
    levels = [tmp_path / "deep"]
    for _ in range(1500):  # one level at a time: os.makedirs and shutil.rmtree recurse per level
        levels.append(levels[-1] / "d")
    for level in levels:
        level.mkdir()
    try:
        (levels[-1] / "bottom.txt").write_text(GOOD, encoding="utf-8")
        (tmp_path / "deep" / "top.txt").write_text(GOOD, encoding="utf-8")
        docs = read_all([tmp_path / "deep"])
        assert codes(docs) == [None, None]
        assert sorted(os.path.basename(d.path) for d in docs) == ["bottom.txt", "top.txt"]
    finally:
        for level in reversed(levels):
            for f in level.iterdir():
                if f.is_file():
                    f.unlink()
            level.rmdir()


def test_a_recursive_glob_reads_each_file_once(tmp_path):
    (tmp_path / "dir" / "sub").mkdir(parents=True)
    (tmp_path / "dir" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "dir" / "sub" / "b.txt").write_text(GOOD, encoding="utf-8")
    docs = list(read_documents([f"{tmp_path}/dir/**"]))
    assert sorted(os.path.basename(d.path) for d in docs) == ["a.txt", "b.txt"]


def test_the_runs_own_output_reached_through_a_folder_link_is_no_input(tmp_path):
    from analysis.documents.readers import expand_paths

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "d" / "s.duckdb").write_bytes(b"\0" * 100)  # the store, written by an earlier run
    (tmp_path / "d" / "zz.jsonl").write_text("{}\n", encoding="utf-8")  # this run's -o file
    os.symlink(tmp_path / "d", tmp_path / "dlink")
    outputs = {os.path.abspath(tmp_path / "dlink" / "s.duckdb"), os.path.abspath(tmp_path / "dlink" / "zz.jsonl")}
    found = list(expand_paths([str(tmp_path / "d")], outputs))
    assert found == [str(tmp_path / "d" / "a.txt")]
    found = list(expand_paths([str(tmp_path / "dlink")], {os.path.abspath(tmp_path / "d" / "s.duckdb")}))
    assert sorted(os.path.basename(f) for f in found) == ["a.txt", "zz.jsonl"]
