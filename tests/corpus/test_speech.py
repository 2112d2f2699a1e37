"""Who speaks about whom (quote_targets) and quote trails (quote_trails), computed in the store.

Hand-built records (no spaCy model) with offsets found in the text itself, so each test states exactly which
mention lies inside which quote; then the pipeline end to end on three short wire stories (the CLI).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.corpus.query import Corpus
from analysis.corpus.rows import RowBatch
from analysis.corpus.speech import drift, words
from analysis.corpus.store import Store
from analysis.explore import speech as S
from tests.support.frames import record_frames, store_frames


def story(doc: str, source: str, published: str | None, text: str, actors: dict[str, str],
          quotes: list[tuple[str, str, str, float]], aliases: dict[str, list[str]] | None = None) -> dict:
    """A record whose actors are mentioned wherever their name (or an alias) occurs in `text`, and whose quotes
    are (speaker, kind, quoted text, tone) found in `text`."""
    aliases = aliases or {}
    ids = {name: f"a{i}" for i, name in enumerate(actors)}
    found = []
    for name, kind in actors.items():
        spans = []
        for form in [name, *aliases.get(name, [])]:
            at = text.find(form)
            while at >= 0:
                if not any(s <= at < e for s, e in spans):
                    spans.append([at, at + len(form)])
                at = text.find(form, at + 1)
        found.append({"id": ids[name], "name": name, "type": kind, "aliases": [name], "roles": [],
                      "mentions": sorted(spans)})
    qs = []
    for speaker, kind, quoted, tone in quotes:
        start = text.index(quoted)
        qs.append({"text": quoted, "start": start, "end": start + len(quoted), "kind": kind, "speaker": speaker,
                   "speaker_id": ids.get(speaker), "speaker_text": speaker, "cue": "said", "tone": tone})
    return {"id": doc, "path": f"{doc}.txt", "text": text, "headline": text.split("\n")[0], "published": published,
            "source": source, "actors": found, "quotes": qs, "themes": [], "tone": {"compound": 0.0},
            "cooccurrence": []}


SHAMKHANI = "Ali Shamkhani"
EVICTION = "the eviction of foreign forces from the region is the only way to lasting security"

WIRE = [
    story("reuters-1", "Reuters", "2024-03-01",
          "Iran says foreign forces must leave\nTEHRAN (Reuters) – Ali Shamkhani said on Friday that "
          f"“{EVICTION}”, adding that Iraq’s Popular Mobilization Units had defeated Daesh.",
          {SHAMKHANI: "PERSON", "Iraq": "GPE", "Popular Mobilization Units": "ORG", "Daesh": "ORG"},
          [(SHAMKHANI, "direct", EVICTION, 0.2),
           (SHAMKHANI, "indirect", "Iraq’s Popular Mobilization Units had defeated Daesh", 0.4)]),
    story("ap-1", "AP", "2024-03-02",
          "Shamkhani: Eviction of foreign forces only way to lasting security\nTEHRAN (AP) – Iran’s security chief "
          "Ali Shamkhani said that the eviction of foreign forces from the region was the only way to lasting "
          "security. Shamkhani also said Ali Shamkhani would travel to Baghdad.",
          {SHAMKHANI: "PERSON", "Baghdad": "GPE"},
          [(SHAMKHANI, "headline", "Eviction of foreign forces only way to lasting security", 0.0),
           (SHAMKHANI, "indirect", ("the eviction of foreign forces from the region was the only way to lasting "
                                   "security"), 0.1),
           (SHAMKHANI, "indirect", "Ali Shamkhani would travel to Baghdad", 0.0)], aliases={SHAMKHANI: ["Shamkhani"]}),
    story("afp-1", "AFP", "2024-03-05",
          "Iran official in Iraq\nBAGHDAD (AFP) – “The eviction of foreign forces from the region is the only way to "
          "lasting security,” Ali Shamkhani told reporters. Ali Shamkhani said the talks with Baghdad would resume "
          "next week, and Falih al-Fayyadh agreed that the eviction of foreign forces from the region was the only way to "
          "lasting security in Iraq.",
          {SHAMKHANI: "PERSON", "Baghdad": "GPE", "Falih al-Fayyadh": "PERSON", "Iraq": "GPE"},
          [(SHAMKHANI, "direct", "The eviction of foreign forces from the region is the only way to lasting security",
            0.2),
           (SHAMKHANI, "indirect", "the talks with Baghdad would resume next week", 0.3),
           ("Falih al-Fayyadh", "indirect", ("the eviction of foreign forces from the region was the only way to "
                                            "lasting security in Iraq"), -0.1)]),
]


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "speech.duckdb"
    batch = RowBatch()
    for r in WIRE:
        batch.add_record(r, r["id"], "h", 1, None)
    with Store(path) as s:
        s.write_batch(batch.arrow(), [], [], 1, {})
        s.finish_keys(1)  # as an ingest ends: keys, actors, speech tables
    return path


def test_targets_are_the_actors_inside_the_quote_not_the_speaker(store):
    with Corpus.open(store) as c:
        t = c.quote_targets()
    edges = {(r.doc_key, r.quote_idx, r.target_name) for r in t.itertuples()}
    assert edges == {("reuters-1", 1, "Iraq"), ("reuters-1", 1, "Popular Mobilization Units"),
                     ("reuters-1", 1, "Daesh"), ("ap-1", 2, "Baghdad"), ("afp-1", 1, "Baghdad"),
                     ("afp-1", 2, "Iraq")}
    # Shamkhani's own name inside "Ali Shamkhani would travel to Baghdad" is no target; Baghdad, in the
    # article but outside the AFP direct quote, is no target of that quote
    assert not (t["target_key"] == t["speaker_key"]).any()
    row = t[(t["doc_key"] == "reuters-1") & (t["target_name"] == "Daesh")].iloc[0]
    assert (row["speaker"], row["kind"], row["tone"], row["mention"]) == (SHAMKHANI, "indirect", 0.4, "Daesh")


def test_one_statement_in_three_outlets_is_one_trail_and_other_statements_are_not(store):
    with Corpus.open(store) as c:
        members = c.trails()
        assert c.trails(min_outlets=4).empty
        assert c.trails(actor="Fayyadh").empty  # he repeats the statement, but he is not its speaker
    assert members["trail_id"].nunique() == 1
    got = set(zip(members["doc_key"], members["quote_idx"]))
    # the direct quote, its indirect paraphrase and the shortened headline, in three outlets; not the talks
    assert got == {("reuters-1", 0), ("ap-1", 0), ("ap-1", 1), ("afp-1", 0)}
    assert set(members["source"]) == {"Reuters", "AP", "AFP"}


def test_a_corpus_without_sources_or_dates_still_has_trails(tmp_path):
    path = tmp_path / "one-source.duckdb"
    batch = RowBatch()
    for r in WIRE:  # as the Tehran Times corpus: no source, no date
        batch.add_record({**r, "source": None, "published": None}, r["id"], "h", 1, None)
    with Store(path) as s:
        s.write_batch(batch.arrow(), [], [], 1, {})
        s.finish_keys(1)  # as an ingest ends: keys, actors, speech tables
    with Corpus.open(path) as c:
        assert c.trails(actor="Shamkhani")["doc_key"].nunique() == 3 and c.trails(min_outlets=2).empty
    [trail] = S.trails_of(store_frames(path), store_frames(path).actor_keys("Shamkhani"))
    assert trail["n_articles"] == 3 and trail["sources"] == [{"source": None, "first": None, "articles": 3}]


def test_trail_record_first_appearance_outlets_and_drift(store):
    [trail] = S.trails_of(store_frames(store), min_outlets=3)
    assert trail["first"]["source"] == "Reuters" and trail["first"]["published"] == "2024-03-01"
    assert [(s["source"], s["first"], s["articles"]) for s in trail["sources"]] == [
        ("Reuters", "2024-03-01", 1), ("AP", "2024-03-02", 1), ("AFP", "2024-03-05", 1)]
    by_kind = {m["kind"]: m["drift"] for m in trail["members"][1:]}
    assert by_kind["headline"]["shortened"] and by_kind["headline"]["kind_change"] == "direct -> headline"
    assert by_kind["indirect"]["kind_change"] == "direct -> indirect"
    assert by_kind["indirect"]["dropped"] == ["is"] and by_kind["indirect"]["added"] == ["was"]
    table = S.trails_table([trail])
    assert table.loc[0, ["outlets", "articles", "first_source"]].tolist() == [3, 3, "Reuters"]
    assert table.loc[0, "sources"] == "Reuters (2024-03-01), AP (2024-03-02), AFP (2024-03-05)"
    assert table.loc[0, "statement"] == trail["first"]["text"]  # the whole statement


def test_trails_without_sources_or_dates_say_so():
    # a one-outlet archive with no dates (the Tehran Times): the store gives no source (NaN) and no date
    member = {"text": "talks will resume", "kind": "direct", "published": None, "source": float("nan"),
              "drift": {"kind_change": "", "shortened": False, "dropped": [], "added": []}}
    trail = {"trail_id": 7, "speaker": "Abbas Mousavi", "first": member, "members": [member, member],
             "sources": [{"source": float("nan"), "first": None, "articles": 2}], "n_articles": 2}
    assert S.trails_table([trail]).loc[0, "sources"] == "(no source) (undated)"


def test_drift_and_words_ignore_apostrophes_and_possessives():
    assert words("He is becoming ISIS’s best recruiter") == words("he is becoming ISIS' best recruiter")
    d = drift({"text": "Russia, if you're listening, I hope you're able to find the 30,000 emails", "kind": "direct"},
              {"text": "Russia, if you’re listening", "kind": "headline"})
    assert d["dropped"] == ["i", "hope", "able", "to", "find", "the", "30", "000", "emails"] and d["added"] == []
    assert d["shortened"] and d["kind_change"] == "direct -> headline"


def test_edges_summaries_carry_counts_tone_and_examples(store):
    frames = store_frames(store)
    edges = S.speech_edges(frames, 0)
    row = edges[(edges["speaker"] == SHAMKHANI) & (edges["target"] == "Baghdad")].iloc[0]
    assert (row["quotes"], row["articles"], row["n_tone"]) == (2, 2, 2) and row["mean_tone"] == pytest.approx(0.15)
    assert row["example"] in {"Ali Shamkhani would travel to Baghdad", "the talks with Baghdad would resume next week"}
    iraq = frames.actor_keys("Iraq")
    who = S.who_talks_about(frames, iraq, 5)
    assert who.set_index("speaker")["quotes"].to_dict() == {SHAMKHANI: 1, "Falih al-Fayyadh": 1}
    whom = S.whom_talks_about(frames, frames.actor_keys("Shamkhani"), 10)
    assert set(whom["target"]) == {"Iraq", "Popular Mobilization Units", "Daesh", "Baghdad"}
    nobody = S.who_talks_about(frames, frames.actor_keys("Daesh") - frames.actor_keys("Daesh"), 5)
    assert nobody.empty and list(nobody.columns[:2]) == ["speaker", "quotes"]
    m = S.speaker_target_matrix(frames)
    assert m.loc[SHAMKHANI, "Baghdad"] == 2 and m.loc["Falih al-Fayyadh", "Iraq"] == 1
    one = S.speaker_target_matrix(frames, n_targets=1)  # speakers who never mention that one target: no row
    assert len(one) >= 1 and (one.sum(axis=1) > 0).all() and len(one) < len(m)
    g = S.speech_graph(frames, 10)
    assert g.has_edge(frames.actor_keys("Shamkhani").pop(), frames.actor_keys("Baghdad").pop())


def test_records_analysed_in_a_notebook_get_edges_and_trails_too():
    frames = record_frames(WIRE)
    assert len(frames.quote_targets) == 6 and frames.trails["trail_id"].nunique() == 1
    sub = frames.subset(["reuters-1.txt"])  # records are keyed by their path
    assert set(sub.trails["doc_key"]) == {"reuters-1.txt"} and set(sub.quote_targets["doc_key"]) == {"reuters-1.txt"}


def test_a_store_from_before_edges_and_trails_computes_them_read_only(store, tmp_path):
    with duckdb.connect(str(store)) as con:  # as an older presswork left it: no tables, no mark
        con.execute("DROP TABLE quote_targets; DROP TABLE quote_trails; DELETE FROM store_meta WHERE key = 'speech'")
    with Corpus.open(store) as c:
        assert len(c.quote_targets()) == 6 and c.trails()["trail_id"].nunique() == 1
        out = c.export(tmp_path / "out", "csv", ["quote_targets", "quote_trails"])
    assert "Popular Mobilization Units" in Path(out[0]).read_text(encoding="utf-8")
    with duckdb.connect(str(store), read_only=True) as con:  # nothing was written to it
        assert not con.execute("SELECT count(*) FROM information_schema.tables "
                               "WHERE table_name = 'quote_trails'").fetchall()[0][0]


def test_cli_trails_from_a_store(store):
    runner = CliRunner()
    result = runner.invoke(main, ["quotes", "--store", str(store), "--trails", "--jsonl"])
    assert result.exit_code == 0, result.output
    [trail] = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"speaker", "speaker_key", "first", "members", "sources"} <= set(trail)
    assert trail["speaker"] == SHAMKHANI and trail["first"]["source"] == "Reuters"
    assert all({"doc_key", "source", "published", "kind", "text"} <= set(m) for m in trail["members"])
    text = runner.invoke(main, ["quotes", "--store", str(store), "--trails", "--min-outlets", "3"])
    assert "3 outlet(s), 3 articles; first 2024-03-01 in Reuters" in text.stdout
    assert "(direct -> headline" in text.stdout
    none = runner.invoke(main, ["quotes", "--store", str(store), "--trails", "--speaker", "Fayyadh"])
    assert none.exit_code == 0 and none.stdout == ""
    assert runner.invoke(main, ["quotes", "--trails"]).exit_code == 2  # --trails needs --store
    listed = runner.invoke(main, ["quotes", "--store", str(store), "--speaker", "Fayyadh"])
    assert "lasting security in Iraq" in listed.stdout


WIRE_JSONL = [
    {"id": "reuters-1", "title": "Iran says foreign forces must leave the region", "date": "2024-03-01",
     "source": "Reuters", "text": "TEHRAN (Reuters) – Iran's top security official Ali Shamkhani said on Friday that "
     "“the eviction of foreign forces from the region is the only way to lasting security”.\nShamkhani also said "
     "Iraq's Popular Mobilization Units had played a key role in defeating Daesh."},
    {"id": "ap-1", "title": "Iranian official urges foreign troops to go", "date": "2024-03-02", "source": "AP",
     "text": "TEHRAN (AP) – Ali Shamkhani, the secretary of Iran's Supreme National Security Council, said the "
     "eviction of foreign forces from the region was the only way to lasting security.\nHe said the talks with "
     "Baghdad would resume next week."},
    {"id": "afp-1", "title": "Iranian official visits Baghdad", "date": "2024-03-05", "source": "AFP",
     "text": "BAGHDAD (AFP) – “The eviction of foreign forces from the region is the only way to lasting security,” "
     "Ali Shamkhani told reporters in Baghdad on Tuesday.\nIraqi Prime Minister Mohammed Shia al-Sudani said Iraq "
     "would decide its own security policy."},
]


@pytest.mark.slow
def test_ingest_computes_edges_and_trails_from_analysed_wire_stories(nlp, tmp_path):
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in WIRE_JSONL), encoding="utf-8")
    store = tmp_path / "wire.duckdb"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(corpus), "--store", str(store), "-q"]).exit_code == 0
    result = runner.invoke(main, ["quotes", "--store", str(store), "--trails", "--min-outlets", "3", "--jsonl"])
    [trail] = [json.loads(line) for line in result.stdout.splitlines()]
    assert trail["speaker"] == "Ali Shamkhani" and [s["source"] for s in trail["sources"]] == ["Reuters", "AP", "AFP"]
    assert [m["kind"] for m in trail["members"]] == ["direct", "indirect", "direct"]
    assert trail["members"][1]["drift"]["kind_change"] == "direct -> indirect"
    with Corpus.open(store) as c:
        t = c.quote_targets()
    # the pronoun speaker of the Baghdad remark resolves to Shamkhani; "Daesh" is the identity Islamic State
    pairs = {(r.speaker, r.target_name) for r in t.itertuples()}
    assert {("Ali Shamkhani", "Popular Mobilization Units"), ("Ali Shamkhani", "Islamic State"),
            ("Ali Shamkhani", "Baghdad")} <= pairs
    assert not any(s == tgt for s, tgt in pairs)


def test_statements_that_travel_on_a_corpus_without_sources_are_the_trails_across_articles(store, tmp_path):
    path = tmp_path / "no-source.duckdb"
    batch = RowBatch()
    for r in WIRE:  # as the Tehran Times corpus: no source, no date; the doc keys are file paths
        batch.add_record({**r, "source": None, "published": None}, f"/home/me/tt/{r['id']}.txt", "h", 1, None)
    with Store(path) as s:
        s.write_batch(batch.arrow(), [], [], 1, {})
        s.refresh_speech()
    trails, note = S.travelling_trails(store_frames(path))
    assert len(trails) == 1 and note.startswith("1 trail(s) across two articles or more (the corpus has no sources")
    wire, note = S.travelling_trails(store_frames(store))  # three outlets: two of them needed
    assert len(wire) == 1 and note == "1 trail(s) carried by at least 2 of the corpus's 3 sources."
    members = S.trail_members_table(trails[0])
    assert set(members["article"]) == {"afp-1.txt", "ap-1.txt", "reuters-1.txt"}  # by name, not path
    assert S.trails_table(trails).loc[0, "first_article"] in {"afp-1.txt", "ap-1.txt", "reuters-1.txt"}
    assert not S.has_dates(trails[0]) and S.has_dates(wire[0])
