"""The shared input options (analysis/cli/options.py): a bad setting, gazetteer or metadata file is one
message and exit 2, never a traceback."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.documents.samples import sample_path
from tests.support.cli import run, usage_error


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


# ---------------------------------------------------------------- identity files (checked before any document)

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
    fifo = article.parent / "people.fifo"
    os.mkfifo(fifo)
    usage_error(run("analyze", article, "--identity", fifo), "--identity", "not a regular file")


@pytest.mark.parametrize("option", ["--metadata", "--identity", "--themes", "--gazetteer"])
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_data_file_option_refuses_a_fifo_or_a_device(tmp_path, option, special):
    if special == "fifo":
        special = str(tmp_path / "pipe.tsv")
        os.mkfifo(special)  # opening it to read would block until something writes to it
    result = CliRunner().invoke(main, ["analyze", sample_path(), option, special, "-q"])
    assert result.exit_code == 2
    assert "not a regular file" in result.output


def test_the_identity_file_of_a_store_listing_is_refused_when_it_is_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "people.yaml")
    (tmp_path / "s.duckdb").touch()  # never opened: the option is refused first
    result = CliRunner().invoke(main, ["actors", "--store", str(tmp_path / "s.duckdb"), "--identity",
                                       str(tmp_path / "people.yaml")])
    assert result.exit_code == 2 and "FIFO" in result.output
