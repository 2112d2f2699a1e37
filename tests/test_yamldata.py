"""analysis.yamldata: the YAML files a user hands presswork are read as bounded data -- alias bombs, runaway
nesting, loops, special files, huge and non-UTF-8 files are one DataFileError each, quickly and in little
memory; ordinary YAML (anchors reused a few times, merge keys) still loads."""

from __future__ import annotations

import os
import resource
import time

import pytest

from analysis.errors import DataFileError
from analysis.yamldata import load_yaml_file, parse_yaml, short_repr


def alias_bomb(levels: int = 9, fan: int = 10) -> str:
    """A few hundred bytes standing for fan**levels values (each anchor repeated `fan` times by the next)."""
    lines = ["a0: &a0 [" + ", ".join(["x"] * fan) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + f"\nsame:\n  - [*a{levels}, b]\n"


def test_an_alias_bomb_is_refused_before_anything_walks_it(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    assert path.stat().st_size < 700
    started = time.perf_counter()
    with pytest.raises(DataFileError, match=r"identity file .*bomb.yaml: stands for more than 1,000,000 values"):
        load_yaml_file(path, "identity file")
    assert time.perf_counter() - started < 2


def test_nesting_deeper_than_the_limit_is_one_message_not_a_recursion_error():
    with pytest.raises(DataFileError, match="nested more than 100 levels deep"):
        parse_yaml("same: " + "[" * 50_000 + "]" * 50_000, "batch file b.yaml")
    with pytest.raises(DataFileError, match="nested more than 100 levels deep"):
        parse_yaml("".join(" " * i + "- \n" for i in range(0, 400, 2)) + " " * 400 + "- x\n", "f")


@pytest.mark.parametrize("text", ["x: &a [1, *a]\n", "x: &m {k: *m}\n"])
def test_a_structure_holding_itself_is_refused(text):
    with pytest.raises(DataFileError, match="loop"):
        parse_yaml(text, "parameters file p.yaml")


def test_ordinary_yaml_with_anchors_and_merge_keys_still_loads():
    text = "base: &b {limit: 300, by: period}\nrun: {<<: *b, by: source}\nboth: [*b, *b]\n"
    assert parse_yaml(text, "f") == {"base": {"limit": 300, "by": "period"},
                                     "run": {"limit": 300, "by": "source"},
                                     "both": [{"limit": 300, "by": "period"}] * 2}
    assert parse_yaml("", "f") is None


def test_object_tags_are_still_refused():
    with pytest.raises(DataFileError, match="not valid YAML"):
        parse_yaml("x: !!python/object/apply:os.system [id]\n", "parameters file p.yaml")


def test_special_big_and_undecodable_files_are_refused_without_reading_them(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", tmp_path):
        with pytest.raises(DataFileError, match="not a regular file"):
            load_yaml_file(path, "identity file")  # a FIFO without a writer would hang an open() for reading
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(6_000_000)  # sparse: refused by its size, not read
    with pytest.raises(DataFileError, match="at most 5,000,000"):
        load_yaml_file(big, "themes file")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("same: [[Jos\xe9, Jose]]\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        load_yaml_file(latin, "identity file")
    with pytest.raises(DataFileError, match="cannot read identity file .*missing.yaml"):
        load_yaml_file(tmp_path / "missing.yaml", "identity file")


def test_short_repr_is_bounded_however_big_the_value():
    value: list = ["x" * 1000] * 10
    for _ in range(9):
        value = [value] * 10  # 10**10 strings, shared
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = short_repr(value)
    assert len(text) <= 200 and text.startswith("[[")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB
