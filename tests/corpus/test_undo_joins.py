"""Every kind of join is undone by the identity file (issue 23), and `--review` lists every kind with counts
equal to mentions (quotes for role descriptors), checked against the store.

Kinds: joins inside one article (a bare surname or "Mr X" joined to a full name), role descriptors
answered inside the article ("the prime minister" -> the prime minister the article names), corpus merges,
gazetteer links and corpus role answers (the last three: tests/corpus/test_identity.py).

The articles are written by hand in the style of British political news; no corpus text.
"""

from __future__ import annotations

import re

from click.testing import CliRunner

from analysis.actors.resolve import resolve_actors
from analysis.cli import main as cli
from analysis.corpus.identity import IdentityRules
from analysis.corpus.store import Store
from analysis.documents.parsing import parse_text
from analysis.ingest.run import ingest
from analysis.quotes import extract_quotes

STORY = ("Johnson defends budget\n\n"
         "LONDON (Wire) - Prime Minister Boris Johnson defended the budget on Monday. Mr Johnson told reporters the plan "
         "was fair. \"We will not raise taxes,\" the prime minister said. Labour leader Keir Starmer said "
         "the plan would fail. Johnson later left for Brussels.\n")


def rules(tmp_path, text: str) -> str:
    path = tmp_path / "people.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def resolve(nlp, apart=None):
    article = parse_text(STORY, path="story.txt")
    doc = nlp(article.masked_text())
    return doc, article, resolve_actors(doc, article, apart=apart)


def test_a_join_inside_an_article_is_undone_by_the_identity_file(nlp, tmp_path):
    _, _, joined = resolve(nlp)
    boris = joined.by_name("Boris Johnson")
    assert "Johnson" in boris.aliases  # the bare surname, joined inside the article by the name rules
    rule = IdentityRules.load(rules(tmp_path, "different:\n  - [Johnson, Boris Johnson]\n")).names_apart
    _, _, apart = resolve(nlp, rule)
    boris = next(a for a in apart.actors if a.name == "Boris Johnson")
    bare = next(a for a in apart.actors if a.name == "Johnson")
    assert boris.aliases == ["Boris Johnson"] and len(boris.mentions) == 1
    assert bare.id != boris.id and len(bare.mentions) == 3


def test_a_role_descriptor_answered_inside_the_article_is_undone_by_the_identity_file(nlp, tmp_path):
    doc, article, actors = resolve(nlp)
    speaker = {q.speaker_text: q.speaker for q in extract_quotes(doc, article, actors)}
    assert speaker.get("the prime minister") == "Boris Johnson"
    rule = IdentityRules.load(rules(tmp_path, "different:\n  - [the prime minister, Boris Johnson]\n")).names_apart
    doc, article, actors = resolve(nlp, rule)
    speaker = {q.speaker_text: q.speaker for q in extract_quotes(doc, article, actors)}
    assert speaker.get("the prime minister") != "Boris Johnson"


def _ingest(folder, store, identity_file=None):
    from analysis.settings import Settings

    return ingest([str(folder)], str(store), settings=Settings(identity_file=identity_file))


def _review(store, *extra) -> str:
    result = CliRunner().invoke(cli, ["actors", "--store", str(store), "--review", "--top", "0", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_ingest_analyses_again_the_articles_whose_inside_join_the_identity_file_undoes(nlp, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    (folder / "other.txt").write_text("Markets\n\nLONDON (Wire) - Shares rose on Monday, traders said.\n",
                                      encoding="utf-8")
    store = tmp_path / "s.duckdb"
    _ingest(folder, store)
    counts = _ingest(folder, store, rules(tmp_path, "different:\n  - [Johnson, Boris Johnson]\n"))
    assert counts.analysed == 1  # the one article with that join, not the other
    with Store(store, read_only=True) as s:
        keys = dict(s.con.execute("SELECT text, any_value(actor_key) FROM mentions WHERE text IN "
                                  "('Johnson', 'Boris Johnson') GROUP BY text").fetchall())
    assert keys["Johnson"] != keys["Boris Johnson"]
    assert _ingest(folder, store, str(tmp_path / "people.yaml")).analysed == 0  # undone once, then stable


def test_review_lists_every_kind_of_join_with_counts_equal_to_the_store(nlp, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(3):
        (folder / f"story{n}.txt").write_text(STORY.replace("Monday", ["Monday", "Tuesday", "Friday"][n]),
                                              encoding="utf-8")
    store = tmp_path / "s.duckdb"
    _ingest(folder, store)
    text = _review(store)
    with Store(store, read_only=True) as s:
        stored = dict(s.con.execute("SELECT name, sum(n_mentions) FROM article_actors GROUP BY name").fetchall())
        joined = s.con.execute("SELECT count(*) FROM mentions m JOIN article_actors a USING (doc_key, actor_id) "
                               "WHERE m.text <> a.name").fetchone()[0]
        answered = s.con.execute("SELECT count(*) FROM quotes WHERE speaker_text = 'the prime minister' "
                                 "AND speaker_id IS NOT NULL").fetchone()[0]
    assert answered == 3  # "the prime minister", once per article
    lines = text[text.index("Boris Johnson  ["):].split("\n")
    block = [lines[0]]
    for line in lines[1:]:
        if not line.startswith(" "):
            break  # the next identity
        block.append(line)
    total = int(re.search(r"(\d+) mentions\]", block[0]).group(1))
    by_name = {m.group(1): int(m.group(2)) for line in block[1:]
               if (m := re.match(r"\s{4}'([^']+)'\s+(\d+) mentions", line))}
    inside = {m.group(1): int(m.group(2)) for line in block[1:]
              if (m := re.match(r"\s+joined inside articles: '([^']+)'\s+(\d+) mentions", line))}
    assert by_name == {"Boris Johnson": stored["Boris Johnson"]} and total == stored["Boris Johnson"]
    assert inside == {"Johnson": 9}  # 3 a story
    assert f"within articles: {joined} mentions" in text
    assert "role descriptor 'prime minister'" in text and "3 quotes  answered in the article" in text
    assert "role descriptors answered: 3 quotes (in the article 3)" in text
