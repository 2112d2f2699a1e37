"""The fast store path (column-wise frames, unification and counts) gives the tables the row-by-row pandas
path gave (tests/support/reference_frames.py, frozen), on a generated store with the awkward cases: surnames alone,
unnamed speakers, one name under two keys, ties, missing dates and sources. No spaCy model needed."""

from __future__ import annotations

import random
from datetime import datetime

import pandas as pd
import pytest

from analysis.corpus import frames as F
from analysis.corpus.rows import RowBatch
from analysis.corpus.store import Store
from analysis.explore import summaries as S
from analysis.explore.summaries import corpus as summaries_corpus
from analysis.ingest.load import load_corpus
from tests.support import reference_frames as R
from tests.support.frames import record_frames, store_frames

PEOPLE = ["Ann Lee", "Bo Park", "Carl Lee", "Dana Kovacs", "Eli Stone"]
SINGLES = ["Lee", "Park", "Kovacs", "Stone", "Madonna"]  # a surname alone, and a one-word name
ORGS = ["Trade Ministry", "the Trade Ministry", "Harbour Union", "Harbour Union's", "Police"]
SPEAKERS = ["the police", "a spokesman", "Police", "Trade Ministry"]  # quoted with no actor row
THEMES = [("ECO", "Economy"), ("SEC", "Security"), ("ENV", "Environment")]
SOURCES = ["Post", "Wire", "Herald", None]


def synthetic_records(n: int = 60, seed: int = 7) -> list[dict]:
    """n articles drawn from a small cast so identities repeat, collide and tie across articles."""
    rng = random.Random(seed)
    records = []
    for d in range(n):
        cast = rng.sample(PEOPLE, rng.randint(0, 3)) + rng.sample(SINGLES, rng.randint(0, 2))
        cast += rng.sample(ORGS, rng.randint(0, 2))
        actors = []
        for i, name in enumerate(cast):
            typ = "ORG" if name in ORGS else rng.choice(["PERSON", "PERSON", "ORG"] if name in SINGLES else ["PERSON"])
            actors.append({"id": f"a{i}", "name": name, "type": typ, "aliases": [name],
                           "roles": rng.sample(["minister", "spokesman", "chief"], rng.randint(0, 2)),
                           "mentions": [[0, 1]] * rng.randint(1, 4)})
        quotes = []
        for j in range(rng.randint(0, 4)):
            if actors and rng.random() < 0.6:
                a = rng.choice(actors)
                speaker, sid = a["name"], a["id"]
            else:
                speaker, sid = rng.choice(SPEAKERS + SINGLES), None
            quotes.append({"text": f"q{j}", "start": j, "end": j + 1, "kind": rng.choice(S.KINDS),
                           "speaker": speaker, "speaker_id": sid, "speaker_text": speaker, "cue": "said",
                           "via": None, "themes": [t for t, _ in rng.sample(THEMES, rng.randint(0, 2))],
                           "tone": round(rng.uniform(-1, 1), 2)})
        cooc = [{"a": x["id"], "b": y["id"], "sentences": rng.randint(0, 3), "paragraphs": rng.randint(1, 3)}
                for k, x in enumerate(actors) for y in actors[k + 1:]]
        month = rng.randint(1, 6)
        records.append({
            "id": f"d{d:03d}", "path": f"d{d:03d}.txt", "text": "Some text.", "headline": f"Headline {d}",
            "published": None if d % 9 == 0 else f"2024-{month:02d}-{rng.randint(1, 28):02d}",
            "source": rng.choice(SOURCES), "publisher": None, "url": None, "word_count": 100 + d,
            "dateline": None, "actors": actors, "quotes": quotes,
            "themes": [{"theme": t, "label": lab, "score": float(rng.randint(1, 3)), "count": 1, "evidence": []}
                       for t, lab in rng.sample(THEMES, rng.randint(0, 3))],
            "tone": {"compound": round(rng.uniform(-1, 1), 3)}, "cooccurrence": cooc})
    return records


def write_store(path, records: list[dict], finish: bool = True) -> str:
    """The records in a store as an ingest leaves it (`finish`: keys decided and stored), or with the keys
    as the rows give them (the input of the key decisions)."""
    with Store(path) as store:
        run = store.begin_run(engine="test", jobs=1, inputs=[], model={}, settings={}, fingerprint="",
                              version="test")
        batch = RowBatch()
        for r in records:
            batch.add_record(r, r["path"], f"h{r['id']}", run, datetime(2024, 1, 1))
        store.write_batch(batch.arrow(), batch.keys, [], run, {})
        if finish:
            store.finish_keys(run)
    return str(path)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    return write_store(tmp_path_factory.mktemp("fast") / "c.duckdb", synthetic_records())


@pytest.fixture(scope="module")
def raw_store(tmp_path_factory) -> str:
    return write_store(tmp_path_factory.mktemp("raw") / "c.duckdb", synthetic_records(), finish=False)


def canon(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order (the store's row order for equal sort keys is not part of the contract)."""
    lists = {c: df[c].map(tuple) for c in ("roles", "aliases", "themes") if c in df}
    keys = [c for c in df.columns if c not in lists]
    return df.assign(**lists).sort_values(keys, na_position="last").reset_index(drop=True)


def assert_same_frames(a: F.CorpusFrames, b: F.CorpusFrames) -> None:
    for name in F.COLUMNS:
        x, y = getattr(a, name), getattr(b, name)
        assert list(x.dtypes) == list(y.dtypes), (name, x.dtypes, y.dtypes)
        pd.testing.assert_frame_equal(canon(x), canon(y))


def test_stored_keys_are_the_row_by_row_unification(store, raw_store):
    """The keys a store holds once written are what the row-by-row display rules gave (speaker keys filled,
    identities unified) on the keys the rows came with."""
    stored, raw = store_frames(store), R.frames_from_store(raw_store)
    assert len(stored) == 60 and len(stored.quotes) > 50 and stored.quotes["speaker_key"].str.startswith("Q:").any()
    assert_same_frames(stored, R.unify_actor_keys(raw))
    # the rules did something on this corpus: some keys were joined
    assert stored.article_actors["actor_key"].nunique() < raw.article_actors["actor_key"].nunique()
    assert load_corpus(store=store).article_actors.equals(stored.article_actors)


def test_unification_of_records_matches_the_row_by_row_path(tmp_path):
    records = synthetic_records(40, seed=3)
    raw = R.frames_from_store(write_store(tmp_path / "raw.duckdb", records, finish=False))
    assert_same_frames(record_frames(records), R.unify_actor_keys(raw))


def test_counted_helpers_match_the_row_by_row_path(store):
    frames = load_corpus(store=store)
    assert S.actor_types(frames) == R.actor_types(frames)
    for n in (3, 8, 20):
        keys = set(S.top_actors(frames, n)["actor_key"])
        assert summaries_corpus._cooccurrence_weights(frames, keys) == R.cooccurrence_edges(frames, keys)
    no_pairs = F.CorpusFrames(frames.articles, frames.article_actors, frames.quotes, frames.themes,
                              F.empty_frame("cooccurrence"))
    keys = set(S.top_actors(frames, 6)["actor_key"])
    assert summaries_corpus._cooccurrence_weights(no_pairs, keys) == R.cooccurrence_edges(no_pairs, keys)


def summary_tables(f: F.CorpusFrames) -> dict:
    g = S.cooccurrence_graph(f, 10)
    return {
        "overview": S.corpus_overview(f), "top": S.top_actors(f, 12), "sov": S.share_of_voice(f),
        "who_what": S.actor_theme_matrix(f, 6, 3), "mentioned": S.actor_theme_matrix(f, 6, 3, mode="mentioned"),
        "over_time": S.actors_over_time(f, 4), "themes_time": S.themes_over_time(f, 3),
        "by_source": S.actors_by_source(f, 5, 3), "themes_source": S.themes_by_source(f, 3, 3),
        "tone": S.tone_by_actor(f, 8), "labels": pd.Series(S.actor_labels(f)).sort_index(),
        "nodes": pd.DataFrame(sorted(g.nodes(data=True), key=str)),
        "edges": pd.DataFrame(sorted(g.edges(data=True), key=lambda e: tuple(sorted(e[:2])) + (str(e[2]),))),
    }


@pytest.mark.parametrize("filters", [{}, {"sources": "Wire"}, {"actor": "Lee"}, {"theme": "Security"},
                                     {"start": "2024-02-01", "end": "2024-04-30"}])
def test_views_and_filters_on_a_store_match_the_row_by_row_path(store, raw_store, filters):
    fast = S.filter_frames(load_corpus(store=store), **filters)
    slow = S.filter_frames(R.unify_actor_keys(R.frames_from_store(raw_store)), **filters)
    assert 0 < len(fast) == len(slow)
    if filters:
        assert len(fast) < 60
    want = summary_tables(slow)
    for name, table in summary_tables(fast).items():
        pd.testing.assert_frame_equal(table, want[name], obj=name) if isinstance(table, pd.DataFrame) else \
            pd.testing.assert_series_equal(table, want[name], obj=name)


def test_store_frames_match_record_frames(tmp_path, nlp):
    """The store engineer's Corpus feeds the same frames as records analysed in the notebook."""
    from analysis import analyze_documents, read_documents
    from analysis.corpus import frames as F
    from analysis.documents.samples import examples_path
    from analysis.ingest.run import ingest

    path = examples_path()
    store = tmp_path / "c.duckdb"
    ingest([path], str(store), merge_actors=False)  # per-article keys, as records analysed in a notebook have
    from_store = store_frames(store)
    from_records = record_frames(r.to_record() for r in analyze_documents(read_documents([path]), nlp=nlp))
    assert len(from_store.articles) == 6 and len(from_store.quotes) > 0 and len(from_store.article_actors) > 0
    for name in F.COLUMNS:
        a, b = getattr(from_store, name), getattr(from_records, name)
        a, b = (df.assign(**{c: df[c].map(tuple) for c in ("roles", "aliases", "themes") if c in df}) for df in (a, b))
        pd.testing.assert_frame_equal(a.sort_values(list(a.columns)).reset_index(drop=True),
                                      b.sort_values(list(b.columns)).reset_index(drop=True), obj=name)


@pytest.mark.parametrize("filters", [{"sources": "Wire"}, {"sources": "post, HERALD"}, {"actor": "Lee"},
                                     {"actor": "the police"}, {"theme": "Security"}, {"theme": "ENV"},
                                     {"start": "2024-02-01", "end": "2024-04-30", "actor": "Kovacs"}])
def test_the_reader_and_the_notebook_frames_keep_the_same_articles(store, filters):
    """`Corpus` (SQL on the store) and `CorpusFrames.filter` (the notebooks' controls) filtered in two
    implementations that no test compared; both now run the one SQL meaning (`filters.where_sql`)."""
    from analysis.corpus.query import Corpus

    with Corpus.open(store) as corpus:
        in_sql = set(corpus.articles(filters.get("start"), filters.get("end"), filters.get("sources"),
                                     filters.get("theme"), filters.get("actor"))["doc_key"])
    in_frames = set(S.filter_frames(store_frames(store), **filters).articles["doc_key"])
    assert 0 < len(in_frames) < 60 and in_frames == in_sql


@pytest.mark.parametrize("filters", [{}, {"source": "Wire"}, {"actor": "Lee"}, {"theme": "Security"},
                                     {"start": "2024-02-01", "end": "2024-04-30", "actor": "Kovacs"}])
def test_a_reader_over_records_answers_as_the_reader_of_their_store(store, filters):
    """A notebook that analyses files gets the same reader as one given a store: `Corpus.from_records` (an
    in-memory store) and `Corpus.open` return the same rows for every accessor and filter, and the frames
    each builds keep the same articles under the same filter."""
    from analysis.corpus.filters import Filters
    from analysis.corpus.query import Corpus

    records = synthetic_records()
    stored_only = {"doc_hash", "analysed_at", "run_id"}  # the ingest's own columns: not in a record
    with Corpus.open(store) as on_file, Corpus.from_records(records) as in_memory:
        for accessor in ("articles", "quotes", "themes", "article_actors", "actors", "quote_targets", "trails"):
            a, b = (getattr(c, accessor)(**filters) for c in (on_file, in_memory))
            a, b = (df.drop(columns=[c for c in stored_only if c in df]) for df in (a, b))
            pd.testing.assert_frame_equal(a, b, obj=accessor)
        f = Filters(filters.get("start"), filters.get("end"), filters.get("source"), filters.get("theme"),
                    filters.get("actor"))
        assert on_file.doc_keys(f) == in_memory.doc_keys(f)
        assert sorted(on_file.frames().filter(f).articles["doc_key"]) == in_memory.doc_keys(f)
        assert sorted(in_memory.frames().filter(f).articles["doc_key"]) == on_file.doc_keys(f)


def test_an_unnamed_source_group_never_takes_in_a_named_actor():
    """"the department said" (an unnamed source, U:other unnamed sources) is shown under the words
    "the department"; the Department of Justice (ORG "Department" in some articles) and the NORP
    "Conservatives" stay themselves however many unnamed quotes share their words."""
    from analysis.corpus.keys import fill_speaker_keys, unify_keys

    actors = pd.DataFrame({"doc_key": ["d1", "d2", "d3"], "actor_id": ["a0", "a0", "a0"],
                           "actor_key": ["ORG:department", "ORG:department", "NORP:conservatives"],
                           "name": ["Department", "Department", "Conservatives"], "type": ["ORG", "ORG", "NORP"]})
    quotes = pd.DataFrame({"doc_key": [f"d{i}" for i in range(4, 10)], "quote_idx": range(6),
                           "speaker_key": [None] * 6, "speaker": ["the department"] * 4 + ["conservatives"] * 2,
                           "speaker_type": ["nominal"] * 4 + ["unnamed"] * 2})
    fill_speaker_keys(quotes)
    assert quotes["speaker_key"].str.startswith("U:").all()
    actors, quotes, rename = unify_keys(actors, quotes)
    assert list(actors["actor_key"]) == ["ORG:department", "ORG:department", "NORP:conservatives"]
    assert quotes["speaker_key"].str.startswith("U:").all() and rename.empty
