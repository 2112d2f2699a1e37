"""Scoring presswork's quotes against the hand-made gold of outlets it was not developed on (issue 22).

The gold (`benchmarks/data/quotes_outlets_gold.yaml`) holds, per article of ../shared/corpora, each quote's
content offsets, a SHA prefix of the span, its kind and its speaker. `benchmarks/quotes_outlets.py` prints the
figures; the CI floor in tests/eval/test_accuracy_floors.py checks them with the same functions.

An extracted body quote matches a gold quote when their contents overlap by at least half of the longer span,
one-to-one, best overlaps first (as for PolNeAR). The speaker is right when the gold speaker's key word (the head
of the name or descriptor: 'Kirby', 'official', 'Lawyers') is in the resolved speaker or in the mention.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text
from analysis.eval.polnear import match_contents
from analysis.quotes import extract_quotes
from analysis.records import Quote

HEAD_CUT = re.compile(r"\s(?:of|for|with|to|in)\s|,")


def speaker_key(name: str) -> str:
    """'Lawyers for Republican Governor Pat McCrory' -> 'lawyers'; 'John A. Biedrzycki Jr.' -> 'biedrzycki'."""
    words = [w for w in HEAD_CUT.split(name, maxsplit=1)[0].split() if w.rstrip(".") not in ("Jr", "Sr")]
    return words[-1].lower().removesuffix("’s").removesuffix("'s") if words else ""


def speaker_ok(quote: Quote, gold_speaker: str) -> bool:
    key = speaker_key(gold_speaker)
    said = " ".join(x for x in (quote.speaker, quote.speaker_text) if x).lower()
    return bool(key) and key in said


def body_quotes(nlp, path: Path, mode: str = "hybrid") -> tuple[str, list[Quote]]:
    """The article's text and its quotes, headline quotes left out (the gold covers bodies); `mode`: see
    `extract_quotes`."""
    text = path.read_text(encoding="utf-8")
    article = parse_text(text, str(path), id=path.stem)
    doc = nlp(article.masked_text())
    quotes = [q for q in extract_quotes(doc, article, resolve_actors(doc, article), mode=mode)
              if q.kind != "headline"]
    return text, quotes


@dataclass
class ArticleScore:
    rel: str  # path under the corpora folder, as the gold names it
    text: str
    quotes: list[Quote]
    golds: list[dict]
    matches: list[tuple[int, int]] = field(default_factory=list)  # (quote index, gold index)
    speaker_right: list[bool] = field(default_factory=list)  # per match

    @property
    def corpus(self) -> str:
        return self.rel.split("/")[0]


def changed_spans(text: str, golds: list[dict]) -> list[dict]:
    """Gold entries whose span no longer hashes to its SHA prefix (the text in ../shared changed)."""
    return [g for g in golds if hashlib.sha256(text[g["start"]:g["end"]].encode()).hexdigest()[:12] != g["sha"]]


def score_outlet_article(rel: str, text: str, quotes: list[Quote], golds: list[dict]) -> ArticleScore:
    p_chars = [set(range(q.start, q.end)) for q in quotes]
    g_chars = [set(range(g["start"], g["end"])) for g in golds]
    matches = match_contents(p_chars, g_chars)
    return ArticleScore(rel, text, quotes, golds, matches,
                        [speaker_ok(quotes[i], golds[j]["speaker"]) for i, j in matches])


def tally(scores: list[ArticleScore]) -> dict[str, tuple[int, int, int, int, int]]:
    """Per corpus and 'all': (articles, gold quotes, extracted, matched, speaker right)."""
    out: dict[str, list[int]] = {}
    for s in scores:
        for name in (s.corpus, "all"):
            t = out.setdefault(name, [0, 0, 0, 0, 0])
            for k, v in enumerate((1, len(s.golds), len(s.quotes), len(s.matches), sum(s.speaker_right))):
                t[k] += v
    return {k: tuple(v) for k, v in sorted(out.items(), key=lambda kv: kv[0] == "all")}
