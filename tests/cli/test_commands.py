"""The commands and options no other test reaches: sample, quotes, actors, analyze --sentences, --gazetteer
and --themes, ingest --limit / --no-merge-actors, export --table, report -f / --run-name / --show-code.

In-process (click's CliRunner): the model is loaded once per test session, so each command costs only its
own work.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.documents.samples import sample_path

STORY = ("Fishing talks resume\n"
         "OSLO (Reuters) – Norwegian fisheries minister Kari Nordby said on Monday that the fishing quota talks "
         "with the Nordhaven Fisheries Board would resume next week.\n"
         "“We expect a fair deal on the fishing quota,” Nordby told reporters in Oslo.\n")


@pytest.fixture
def runner(nlp):  # nlp: the session's model is loaded before the first command
    return CliRunner()


@pytest.fixture
def story(tmp_path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_sample_prints_the_bundled_article(runner):
    result = runner.invoke(main, ["sample"])
    assert result.exit_code == 0
    assert result.stdout.strip() == sample_path() and Path(result.stdout.strip()).read_text().startswith("Shamkhani")


def test_quotes_command_filters_by_speaker(runner):
    result = runner.invoke(main, ["quotes", sample_path(), "--speaker", "shamkhani", "-q"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("  [")]
    assert len(lines) >= 3 and all("Shamkhani" in line for line in lines)
    assert result.stderr.strip().endswith("read 1 = analysed 1 + rejected 0")
    as_json = runner.invoke(main, ["quotes", sample_path(), "--speaker", "Shamkhani", "--jsonl", "-q"])
    quotes = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert len(quotes) == len(lines) and {q["speaker"] for q in quotes} == {"Ali Shamkhani"}
    assert all({"id", "path", "text", "kind", "cue"} <= set(q) for q in quotes)
    nobody = runner.invoke(main, ["quotes", sample_path(), "--speaker", "Nobody At All", "-q"])
    assert nobody.exit_code == 0 and "[" not in nobody.stdout


def test_actors_command_table_type_and_csv(runner, tmp_path):
    csv = tmp_path / "actors.csv"
    result = runner.invoke(main, ["actors", sample_path(), "--type", "PERSON", "--top", "3", "--csv", str(csv), "-q"])
    assert result.exit_code == 0, result.output
    *rows, note = result.stdout.splitlines()
    assert note.startswith("(first/last seen are left out")  # the sample article is undated
    assert rows[0].split()[:4] == ["name", "type", "articles", "mentions"]
    assert "Ali Shamkhani" in rows[1] and len(rows) == 4 and all(" PERSON " in r for r in rows[1:])
    import pandas as pd

    table = pd.read_csv(csv)
    assert len(table) > 3 and {"PERSON", "ORG"} <= set(table["type"])  # the CSV holds every actor


def test_analyze_sentences_flag(runner, tmp_path):
    without = json.loads(runner.invoke(main, ["analyze", sample_path(), "-q"]).stdout)
    assert "sentences" not in without
    out = tmp_path / "with.jsonl"
    result = runner.invoke(main, ["analyze", sample_path(), "--sentences", "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    sentences = record["sentences"]
    assert len(sentences) >= 5 and {"start", "end", "themes", "tone"} <= set(sentences[0])
    assert any(s["themes"] for s in sentences)
    assert all(0 <= s["start"] < s["end"] <= len(record["text"]) for s in sentences)


def test_gazetteer_and_themes_files_on_the_commands(runner, story, tmp_path):
    gazetteer = tmp_path / "gazetteer.yaml"
    gazetteer.write_text("ORG:\n  - name: Nordhaven Fisheries Board\n    id: nfb\n    aliases: [NFB]\n"
                         "    country: NH\n", encoding="utf-8")
    themes = tmp_path / "themes.yaml"
    themes.write_text("themes:\n  - id: FISHERIES\n    label: Fisheries\n    description: fish quotas\n"
                      "    include: [fishing quota, fisheries]\n    exclude: []\n", encoding="utf-8")
    plain = json.loads(runner.invoke(main, ["analyze", str(story), "-q"]).stdout)
    assert "FISHERIES" not in {t["theme"] for t in plain["themes"]}
    assert not any(a.get("gazetteer_id") == "nfb" for a in plain["actors"])
    result = runner.invoke(main, ["analyze", str(story), "-q", "--gazetteer", str(gazetteer), "--themes", str(themes)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    board = next(a for a in record["actors"] if a.get("gazetteer_id") == "nfb")
    assert board["name"] == "Nordhaven Fisheries Board" and board["country"] == "NH"
    assert "FISHERIES" in {t["theme"] for t in record["themes"]}
    quotes = runner.invoke(main, ["quotes", str(story), "-q", "--themes", str(themes), "--jsonl"])
    assert any("FISHERIES" in q["themes"] for q in map(json.loads, quotes.stdout.splitlines()))


def _three_stories(folder: Path) -> Path:
    folder.mkdir()
    for n, (who, where) in enumerate([("Kari Nordby", "OSLO"), ("Lars Holm", "BERGEN"), ("Eva Lind", "OSLO")]):
        (folder / f"s{n}.txt").write_text(STORY.replace("Kari Nordby", who).replace("Nordby", who.split()[-1])
                                          .replace("OSLO", where), encoding="utf-8")
    return folder


def test_ingest_limit_and_merge_switch(runner, tmp_path, monkeypatch):
    from analysis.corpus.store import Store

    corpus = _three_stories(tmp_path / "corpus")
    calls = []
    original = Store.merge_corpus_actors
    monkeypatch.setattr(Store, "merge_corpus_actors", lambda self, *a: calls.append(a) or original(self, *a))
    store = tmp_path / "c.duckdb"
    result = runner.invoke(main, ["ingest", str(corpus), "--store", str(store), "--limit", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert "read 2 = analysed 2 + rejected 0 + skipped-unchanged 0" in result.stderr and len(calls) == 1
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    result = runner.invoke(main, ["ingest", str(corpus), "--store", str(store), "--no-merge-actors", "-q"])
    assert result.exit_code == 0, result.output
    assert "read 3 = analysed 1 + rejected 0 + skipped-unchanged 2" in result.stderr
    assert len(calls) == 1  # the third article was stored, and no merge ran


def test_export_only_the_tables_asked_for(runner, tmp_path):
    store = tmp_path / "c.duckdb"
    assert runner.invoke(main, ["ingest", sample_path(), "--store", str(store), "-q"]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(main, ["export", "--store", str(store), "--format", "csv", "--table", "quotes",
                                  "--table", "actors", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["actors.csv", "quotes.csv"]
    assert "Shamkhani" in (out / "quotes.csv").read_text(encoding="utf-8")
    bad = runner.invoke(main, ["export", "--store", str(store), "--table", "nope", str(tmp_path / "o2")])
    assert bad.exit_code == 2 and "unknown table" in bad.stderr


def test_report_parameters_file_run_name_and_show_code(runner, tmp_path):
    from tests.support.notebooks import tiny_notebook

    nb = tiny_notebook(tmp_path / "tiny.ipynb", "print('value', x * 2)")
    params = tmp_path / "params.yaml"
    params.write_text("x: 21\n", encoding="utf-8")
    out = tmp_path / "reports"
    result = runner.invoke(main, ["report", str(nb), "-f", str(params), "--run-name", "weekly",
                                  "--output-dir", str(out), "--show-code"])
    assert result.exit_code == 0, result.output
    html = out / "tiny" / "weekly" / "tiny.html"
    text = _visible(html)
    assert "value 42" in text and "print('value', x * 2)" in text  # the code cell is shown
    hidden = runner.invoke(main, ["report", str(nb), "-f", str(params), "-p", "x", "5", "--run-name", "plain",
                                  "--output-dir", str(out)])
    assert hidden.exit_code == 0, hidden.output
    text = _visible(out / "tiny" / "plain" / "tiny.html")
    assert "value 10" in text and "print(" not in text  # -p wins over the file; code hidden by default


def _visible(html: Path) -> str:
    """The text a reader sees in an HTML page (tags dropped, entities decoded; scripts and styles left out)."""
    import html as html_lib
    import re

    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html.read_text(encoding="utf-8"))
    return html_lib.unescape(re.sub(r"<[^>]+>", "", page))
