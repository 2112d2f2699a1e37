"""Input that yields nothing is an error that says so: `analyze`, `ingest` and `report --input` on an empty
folder (or one of hidden files) exit 4 with "no documents found under DIR" and what was looked for; folders
reached through symbolic links are read, each real folder once, so a link loop ends."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.documents.readers import check_found, expand_paths, read_documents
from analysis.errors import NoDocumentsError

WIRE = "Iran hails vote\nTEHRAN (Tasnim) – Ali Shamkhani said the vote was historic.\nHe added more.\n"


@pytest.fixture()
def linked(tmp_path):
    """corpus/ holds only symbolic links: to two real folders, to one of them again, and back to itself."""
    for name in ("jan", "feb"):
        (tmp_path / "real" / name).mkdir(parents=True)
        (tmp_path / "real" / name / f"{name}.txt").write_text(WIRE, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.symlink(tmp_path / "real" / "jan", corpus / "jan")
    os.symlink(tmp_path / "real" / "feb", corpus / "feb")
    os.symlink(tmp_path / "real" / "feb", corpus / "feb-again")  # the same folder twice: read once
    os.symlink(corpus, corpus / "loop")  # a loop: not entered again
    os.symlink(tmp_path / "real", tmp_path / "real" / "jan" / "up")  # and one from below
    return corpus


def test_symlinked_folders_are_followed_once(linked):
    files = [os.path.basename(p) for p in expand_paths([str(linked)])]
    assert sorted(files) == ["feb.txt", "jan.txt"]
    assert sorted(d.id for d in read_documents([str(linked)])) == ["feb", "jan"]


def test_empty_and_hidden_only_folders_are_not_found(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "hidden").mkdir()
    (tmp_path / "hidden" / ".draft.txt").write_text(WIRE, encoding="utf-8")
    for folder in ("empty", "hidden"):
        with pytest.raises(NoDocumentsError, match=f"no documents found under {tmp_path / folder}: looked for"):
            check_found([str(tmp_path / folder)])
    check_found([str(tmp_path / "missing.txt")])  # a missing path is read and rejected (not_found) instead


@pytest.mark.parametrize("command", [["analyze"], ["ingest", "--store", "{store}"], ["report", "corpus", "--input"]])
def test_commands_on_an_empty_folder_say_so_and_fail(tmp_path, command):
    empty = tmp_path / "empty"
    empty.mkdir()
    store = tmp_path / "c.duckdb"
    args = [a.format(store=store) for a in command] + [str(empty)]
    if command[0] == "report":
        args += ["--output-dir", str(tmp_path / "reports")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 4, result.output
    assert f"presswork {command[0]}: no documents found under {empty}: looked for files of any name" in result.output
    assert "following symbolic links" in result.output
    assert not store.exists() and not (tmp_path / "reports").exists()  # nothing half-made is left behind


def test_analyze_reads_a_folder_of_links(linked, nlp):
    result = CliRunner().invoke(main, ["analyze", str(linked), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "read 2 = analysed 2 + rejected 0" in result.output


def test_the_notebooks_say_so_too(tmp_path):
    from analysis.ingest.load import load_corpus
    from analysis.pipeline import analyze

    with pytest.raises(NoDocumentsError, match="no documents found under"):
        load_corpus(str(tmp_path))
    with pytest.raises(NoDocumentsError, match="no documents found under"):
        analyze(str(tmp_path))
