"""Near-duplicate articles (analysis.corpus.duplicates): found when a store is written, within a run and
across runs, and left out by every reader unless it keeps them.

The texts are the bundled sample article and the invented Nordhaven stories (analysis/data): a copy is the
sample again, the sample with one paragraph rewritten, or the sample with other footers; the Nordhaven
stories are different articles, given the same long boilerplate paragraph.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analysis import Corpus
from analysis.cli import main
from analysis.corpus.duplicates import MIN_WORDS, find_duplicates, signature
from analysis.corpus.rows import RowBatch
from analysis.corpus.store import Store
from analysis.documents.parsing import parse_text
from analysis.documents.samples import sample_path
from tests.support.frames import record_frames, store_frames
from tests.support.reports_data import record
from tests.support.store_corpus import migrate_as_an_ingest_does

DATA = Path(sample_path()).parent
SAMPLE = Path(sample_path()).read_text(encoding="utf-8")
STORIES = [json.loads(line)["text"] for line in (DATA / "examples" / "nordhaven.jsonl").read_text().splitlines()]
# a newsletter blurb of the kind newspaper3k leaves at the end of a page (no boilerplate rule cuts it)
BLURB = ("Sign up for our morning newsletter to get the stories that matter delivered to your inbox every day, "
         "with analysis from our correspondents around the world, the best photographs of the week, podcasts "
         "and puzzles, and exclusive offers from our partners; you can unsubscribe at any time by following the "
         "link at the bottom of every email we send, and read our privacy policy to learn how we use your data.")


def _rewritten(text: str, n: int) -> str:
    """`text` with its `n`-th body line replaced by another sentence."""
    lines = text.splitlines()
    lines[n] = ("Officials in the capital declined to comment on the report on Thursday, saying that a statement "
                "would follow after the cabinet meeting later in the week.")
    return "\n".join(lines)


def _record(doc: str, text: str, speaker: str = "Ali Shamkhani", published: str | None = "2024-01-05",
            source: str = "Tasnim") -> dict:
    """An analysis record of `text` (paragraphs as the parser finds them) with one actor who is quoted."""
    r = record(doc, published, source, [(speaker, "PERSON", 2)], [(speaker, "direct", [], 0.5)], [], text=text)
    r["paragraphs"] = [list(p) for p in parse_text(text, f"{doc}.txt").paragraphs]
    r["quotes"][0]["text"] = "We will never accept a deal that ignores the rights of our people."
    return r


def _store(path: Path, records: list[dict], run_id: int = 1, keep: bool = False) -> str:
    """Write `records` as one ingest run would, then decide what a run decides (duplicates included)."""
    batch = RowBatch()
    for r in records:
        batch.add_record(r, r["id"], "h" + r["id"], run_id, None)
    with Store(path) as store:
        store.write_batch(batch.arrow(), batch.keys, [], run_id, {})
        store.finish_keys(run_id, keep_duplicates=keep)
    return str(path)


def _duplicates(path: str) -> dict[str, str | None]:
    with Store(path, read_only=True) as s:
        return dict(s.con.execute("SELECT doc_key, duplicate_of FROM articles").fetchall())


# ---------------------------------------------------------------- what is a copy

def test_an_exact_copy_is_a_duplicate_of_the_first(tmp_path):
    path = _store(tmp_path / "s.duckdb", [_record("a", SAMPLE), _record("b", SAMPLE), _record("c", STORIES[0])])
    assert _duplicates(path) == {"a": None, "b": "a", "c": None}


def test_a_copy_under_another_headline_and_dateline_is_a_duplicate(tmp_path):
    lines = SAMPLE.splitlines()
    retitled = "\n".join(["A different headline for the same story", "TEHRAN (IRNA) – " + lines[1].split("–", 1)[1],
                          *lines[2:]])
    path = _store(tmp_path / "s.duckdb", [_record("a", SAMPLE), _record("b", retitled)])
    assert _duplicates(path)["b"] == "a"


@pytest.mark.parametrize("n", [2, 5, -1])
def test_a_copy_with_one_paragraph_rewritten_is_a_near_duplicate(tmp_path, n):
    path = _store(tmp_path / "s.duckdb", [_record("a", SAMPLE), _record("b", _rewritten(SAMPLE, n))])
    assert _duplicates(path)["b"] == "a"


def test_copies_whose_boilerplate_differs_are_duplicates(tmp_path):
    footed = SAMPLE.rstrip() + "\nFollow Tasnim on Twitter and Telegram for the latest news."  # a footer rule
    blurbed = SAMPLE.rstrip() + "\n" + BLURB  # no rule: compared, and still one story
    path = _store(tmp_path / "s.duckdb", [_record("a", SAMPLE), _record("b", footed), _record("c", blurbed)])
    assert _duplicates(path) == {"a": None, "b": "a", "c": "a"}


def test_different_articles_with_the_same_boilerplate_are_not_joined(tmp_path):
    records = [_record(f"s{i}", text.rstrip() + "\n" + BLURB) for i, text in enumerate(STORIES)]
    path = _store(tmp_path / "s.duckdb", records)
    assert set(_duplicates(path).values()) == {None}


def test_short_texts_are_never_judged_copies(tmp_path):
    short = " ".join(SAMPLE.split()[: MIN_WORDS - 1])
    assert signature(short) is None
    path = _store(tmp_path / "s.duckdb", [_record("a", short), _record("b", short)])
    assert _duplicates(path) == {"a": None, "b": None}


def test_a_copy_joins_the_first_copy_never_another_copy():
    """Each article is compared with first copies only, so every copy names the first one, and a chain of
    edits cannot carry a story over to an article that is not like it."""
    edited = _rewritten(SAMPLE, 3)
    found = find_duplicates([(k, signature(t)) for k, t in (("a", SAMPLE), ("b", edited), ("c", edited))])
    assert found == {"b": "a", "c": "a"}


def test_new_news_over_the_same_background_is_not_a_copy(tmp_path):
    """Outlets put a new lede over the background of an earlier article: the body is mostly the same, the
    news is not."""
    lines = SAMPLE.splitlines()
    new_lede = ("TEHRAN (Tasnim) – The head of the country’s border guard announced on Sunday that a new crossing "
                "with the northern neighbour would open to trucks and passenger buses before the end of the month, "
                "after two years of talks between the transport ministries about customs rules.")
    path = _store(tmp_path / "s.duckdb", [_record("a", SAMPLE),
                                          _record("b", "\n".join([lines[0], new_lede, *lines[2:]]))])
    assert _duplicates(path) == {"a": None, "b": None}


def test_a_template_filled_with_new_figures_is_not_a_copy(tmp_path):
    """A recurring report (a market day, a monthly output) keeps its template and changes the figures of its
    lede: a new report, not a copy."""
    lines = SAMPLE.splitlines()
    figures = lines[1].replace("Tasnim) –", "Tasnim) – On 12 May, 3,400 officials said that")
    other = lines[1].replace("Tasnim) –", "Tasnim) – On 19 May, 2,950 officials said that")
    path = _store(tmp_path / "s.duckdb", [_record("a", "\n".join([lines[0], figures, *lines[2:]])),
                                          _record("b", "\n".join([lines[0], other, *lines[2:]]))])
    assert _duplicates(path) == {"a": None, "b": None}


# ---------------------------------------------------------------- across runs, and which is first

def test_a_copy_ingested_in_a_later_run_is_the_duplicate(tmp_path):
    path = tmp_path / "s.duckdb"
    _store(path, [_record("z-first", SAMPLE), _record("other", STORIES[1])], run_id=1)
    _store(path, [_record("a-later", _rewritten(SAMPLE, 3))], run_id=2)
    # the store's order is date, run, key: the earlier run's article stays the first copy
    assert _duplicates(str(path)) == {"z-first": None, "other": None, "a-later": "z-first"}


def test_the_earliest_published_copy_is_the_first(tmp_path):
    path = _store(tmp_path / "s.duckdb", [_record("a", SAMPLE, published="2024-02-01"),
                                          _record("b", SAMPLE, published="2024-01-01")])
    assert _duplicates(path) == {"a": "b", "b": None}


@pytest.mark.slow
def test_ingest_finds_a_copy_across_two_runs_and_says_so(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.txt").write_text(SAMPLE, encoding="utf-8")
    (corpus / "story.txt").write_text(STORIES[0], encoding="utf-8")
    store = str(tmp_path / "c.duckdb")
    args = ["ingest", str(corpus), "--store", store, "--quiet"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "near-duplicate" not in first.output
    (corpus / "copy.txt").write_text(_rewritten(SAMPLE, 4), encoding="utf-8")
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "1 near-duplicate article set aside (keep them with --keep-duplicates)" in second.output
    assert {Path(k).name: v and Path(v).name for k, v in _duplicates(store).items()} == {
        "first.txt": None, "story.txt": None, "copy.txt": "first.txt"}
    with Corpus.open(store) as corpus_:
        assert len(corpus_.articles()) == 2 and corpus_.duplicates_set_aside() == 1
    # --keep-duplicates: no article is a copy (an unchanged store is decided again), and back
    kept = CliRunner().invoke(main, [*args, "--keep-duplicates"])
    assert kept.exit_code == 0 and set(_duplicates(store).values()) == {None}
    CliRunner().invoke(main, args)
    assert sum(v is not None for v in _duplicates(store).values()) == 1


# ---------------------------------------------------------------- readers count each story once

def _copies_store(tmp_path, keep: bool = False) -> str:
    """The sample twice (Tasnim, IRNA) and a different story: Ali Shamkhani is quoted in both copies."""
    return _store(tmp_path / "s.duckdb", [
        _record("a", SAMPLE), _record("b", _rewritten(SAMPLE, 3), source="IRNA"),
        _record("c", STORIES[0], speaker="Marta Lindqvist")], keep=keep)


def test_readers_count_each_story_once(tmp_path):
    path = _copies_store(tmp_path)
    with Corpus.open(path) as corpus:
        assert sorted(corpus.articles()["doc_key"]) == ["a", "c"]
        actors = corpus.actors().set_index("name")
        assert actors.loc["Ali Shamkhani", "n_articles"] == 1 and actors.loc["Ali Shamkhani", "n_quotes"] == 1
        assert len(corpus.quotes()) == 2 and len(corpus.quotes(actor="Shamkhani")) == 1
        assert len(corpus.mentions(actor="Shamkhani")) == 2
        assert set(corpus.article_actors()["doc_key"]) == {"a", "c"}
        # the same quote in the copy made a trail of two articles; the copy set aside, no trail is left
        assert corpus.trails().empty
        assert corpus.duplicates_set_aside() == 1
    frames = store_frames(path)
    assert sorted(frames.articles["doc_key"]) == ["a", "c"] and frames.duplicates_set_aside == 1
    assert (frames.quotes["speaker"] == "Ali Shamkhani").sum() == 1 and frames.trails.empty
    assert set(frames.article_actors["doc_key"]) == {"a", "c"}
    # the overview every corpus report opens with says how many were set aside
    from analysis.explore.summaries import corpus_overview

    overview = dict(corpus_overview(frames).values.tolist())
    assert overview["articles"] == 2
    assert overview["near-duplicates"] == "1 near-duplicate article set aside (keep them with --keep-duplicates)"


def test_keep_duplicates_counts_every_copy(tmp_path):
    path = _copies_store(tmp_path)
    with Corpus.open(path, keep_duplicates=True) as corpus:
        assert sorted(corpus.articles()["doc_key"]) == ["a", "b", "c"]
        actors = corpus.actors().set_index("name")
        assert actors.loc["Ali Shamkhani", "n_articles"] == 2 and actors.loc["Ali Shamkhani", "n_quotes"] == 2
        assert len(corpus.trails()) == 2
        assert corpus.duplicates_set_aside() is None
    frames = store_frames(path, keep_duplicates=True)
    assert len(frames.articles) == 3 and len(frames.trails) == 2 and frames.duplicates_set_aside is None
    # filtering kept frames keeps the copies (the decision was made once, when they were read)
    from analysis.corpus.filters import Filters

    assert len(frames.filter(Filters(source="IRNA")).articles) == 1
    # a store written with --keep-duplicates has no copy at all
    (tmp_path / "kept").mkdir()
    with Corpus.open(_copies_store(tmp_path / "kept", keep=True)) as corpus:
        assert len(corpus.articles()) == 3 and corpus.duplicates_set_aside() == 0


def test_the_quotes_and_actors_commands_read_a_store_once_per_story_unless_told(tmp_path):
    path = _copies_store(tmp_path)
    runner = CliRunner()
    once = runner.invoke(main, ["quotes", "--store", path, "--jsonl", "--speaker", "Shamkhani"])
    every = runner.invoke(main, ["quotes", "--store", path, "--jsonl", "--speaker", "Shamkhani", "--keep-duplicates"])
    assert once.exit_code == every.exit_code == 0
    assert [json.loads(line)["doc_key"] for line in once.stdout.splitlines()] == ["a"]
    assert [json.loads(line)["doc_key"] for line in every.stdout.splitlines()] == ["a", "b"]
    assert "1 near-duplicate article set aside (keep them with --keep-duplicates)" in once.stderr
    assert "every copy is counted" in every.stderr
    csv_once, csv_every = tmp_path / "once.csv", tmp_path / "every.csv"
    assert runner.invoke(main, ["actors", "--store", path, "--csv", str(csv_once)]).exit_code == 0
    assert runner.invoke(main, ["actors", "--store", path, "--csv", str(csv_every), "--keep-duplicates"]).exit_code == 0
    n_articles = {p: pd.read_csv(p).set_index("name").loc["Ali Shamkhani", "n_articles"] for p in (csv_once, csv_every)}
    assert n_articles == {csv_once: 1, csv_every: 2}
    # the flag reads a store; without one it is a usage error, not silently ignored
    assert runner.invoke(main, ["quotes", str(DATA / "sample_article.txt"), "--keep-duplicates"]).exit_code == 2


def test_records_analysed_in_a_notebook_are_read_the_same_way():
    records = [_record("a", SAMPLE), _record("b", SAMPLE), _record("c", STORIES[0], speaker="Marta Lindqvist")]
    assert len(record_frames(records).articles) == 2
    assert len(record_frames(records, keep_duplicates=True).articles) == 3


# ---------------------------------------------------------------- the store's version 3

def test_an_older_store_is_migrated_without_analysing_again(tmp_path):
    """A version-2 store has neither signatures nor duplicates: readers refuse it; the next ingest adds the
    columns, signs its articles from their stored text and marks the copies."""
    path = _copies_store(tmp_path)
    with Store(path) as store:
        store.con.execute("ALTER TABLE articles DROP COLUMN signature")
        store.con.execute("ALTER TABLE articles DROP COLUMN duplicate_of")
        store.con.execute("UPDATE store_meta SET value = '2' WHERE key = 'schema_version'")
    migrate_as_an_ingest_does(path, r"near-duplicate articles.*presswork ingest .*--store")
    with Store(path, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM articles WHERE signature IS NULL").fetchone()[0] == 0
    assert _duplicates(path) == {"a": None, "b": "a", "c": None}


@pytest.mark.slow
def test_the_corpus_report_says_how_many_copies_it_set_aside(tmp_path):
    from tests.support.notebooks import report

    path = _copies_store(tmp_path)
    shown = report("corpus", "--store", path, "--output-dir", tmp_path / "out", "--run-name", "once")
    assert shown.exit_code == 0, shown.output
    page = (tmp_path / "out" / "corpus" / "once" / "corpus.html").read_text(encoding="utf-8")
    assert "1 near-duplicate article set aside (keep them with --keep-duplicates)" in page
    kept = report("corpus", "--store", path, "--output-dir", tmp_path / "out", "--run-name", "all", "--keep-duplicates")
    assert kept.exit_code == 0, kept.output
    page = (tmp_path / "out" / "corpus" / "all" / "corpus.html").read_text(encoding="utf-8")
    assert "near-duplicate articles kept: every copy is counted (--keep-duplicates)" in page
    refused = report("article", "--keep-duplicates", "--output-dir", tmp_path / "out")
    assert refused.exit_code != 0 and "keep_duplicates" in refused.output
