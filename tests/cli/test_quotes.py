"""analysis.cli.quotes: quotes read from a store print whatever the store holds -- an unresolved speaker
(NULL in the store, "Nobody" said) is "?" with its mention in text and null in JSON, never a TypeError or
a NaN that is not JSON."""

from __future__ import annotations

import json

from tests.support.cli import run

ZARIF = ("Talks\nThe visit is an opportunity to remove misunderstandings, Foreign Minister Mohammad Javad Zarif "
         "said. Nobody expects that the two sides will agree on all contentious issues, but the important thing "
         "is that a process of dialogue has started.\n")


def test_store_quotes_with_an_unresolved_pronoun_speaker(tmp_path, nlp):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "zarif.txt").write_text(ZARIF, encoding="utf-8")
    store = tmp_path / "s.duckdb"
    assert run("ingest", tmp_path / "in", "--store", store, "-q").returncode == 0
    text = run("quotes", "--store", store)
    assert text.returncode == 0 and "Traceback" not in text.stderr, text.stderr[-2000:]
    assert "[indirect] ? (Nobody) -- expects: that the two sides will agree" in text.stdout
    assert "Mohammad Javad Zarif -- said: The visit is an opportunity" in text.stdout
    lines = run("quotes", "--store", store, "--jsonl").stdout.splitlines()
    rows = [json.loads(line, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(f"not JSON: {c}")))
            for line in lines]
    nobody = next(r for r in rows if r["speaker_text"] == "Nobody")
    assert nobody["speaker"] is None and nobody["speaker_type"] == "pronoun" and nobody["published"] is None
    assert isinstance(nobody["themes"], list) and isinstance(nobody["extra"], dict)


def test_trail_members_are_named_by_article_file():
    from analysis.cli.quotes import format_trail

    member = {"doc_key": "/home/me/tt/_news_428397_Iran-outlaws-private-ownership.txt", "source": None,
              "published": None, "kind": "direct", "text": "talks will resume",
              "drift": {"kind_change": "", "shortened": False, "dropped": [], "added": []}}
    trail = {"trail_id": 1, "speaker": "Abbas Mousavi", "speaker_key": "PERSON:abbas mousavi", "first": member,
             "members": [member, {**member, "doc_key": "/home/me/tt/b.txt"}], "n_articles": 2,
             "sources": [{"source": None, "first": None, "articles": 2}]}
    head, first, second = format_trail(trail)
    assert "_news_428397_Iran-outlaws-pri…" in first and "/home/me" not in first + second
    assert "b.txt" in second
