"""analysis.cli.options: what every document-reading command checks before the first document -- settings,
and the gazetteer, themes and identity files, each one message and exit 2."""

from __future__ import annotations

import pytest

from tests.support.cli import run, usage_error

STORY = "Talks resume\nTEHRAN (Tasnim) – Ali Shamkhani said on Saturday that “talks will resume”.\n"


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.mark.parametrize("content, words", [
    ("same:\n  - [{first: Bill}, Clinton]\n", ["is not a name"]),
    ("same: [\n", ["not valid YAML"]),
    (b"same: [[Jos\xe9, Jose]]\n", ["not UTF-8"]),
    ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)) + "same: [[*a9, b]]\n",
     ["more than 1,000,000 values"]),
])
def test_a_bad_identity_file_stops_every_command_before_any_document(article, content, words):
    identity = article.parent / "people.yaml"
    (identity.write_bytes if isinstance(content, bytes) else identity.write_text)(content)
    store = article.parent / "s.duckdb"
    for command, extra in (("ingest", ("--store", store)), ("analyze", ()), ("actors", ()), ("quotes", ())):
        result = run(command, article, *extra, "--identity", identity)
        usage_error(result, "identity file", str(identity), *words)
        assert result.stdout == "" and result.stderr.count("presswork:") == 1, (command, result.stderr)
    assert not store.exists()  # ingest stopped before it created the store


def test_an_identity_file_that_is_a_fifo_is_refused_not_waited_on(article):
    import os

    fifo = article.parent / "people.fifo"
    os.mkfifo(fifo)
    usage_error(run("analyze", article, "--identity", fifo), "--identity", "not a file")
