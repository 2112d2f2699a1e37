"""Themes (FIRST VERSION): lemma phrase matching against the YAML taxonomy."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .article import Article
from .records import Quote, ThemeScore


def load_taxonomy(path: str | None = None) -> list[dict]:
    text = open(path, encoding="utf-8").read() if path else \
        resources.files("analysis.data").joinpath("themes.yaml").read_text(encoding="utf-8")
    return (yaml.safe_load(text) or {}).get("themes", [])


class ThemeMatcher:
    def __init__(self, nlp: Language, taxonomy: list[dict]):
        self.taxonomy = {t["id"]: t for t in taxonomy}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for t in taxonomy:
            patterns = list(nlp.pipe(t.get("include", [])))
            self.matcher.add(t["id"], patterns)

    def score(self, doc: Doc, article: Article, quotes: list[Quote]) -> list[ThemeScore]:
        words = sum(1 for t in doc if t.is_alpha) or 1
        found: dict[str, ThemeScore] = {}
        for match_id, s, e in self.matcher(doc):
            tid = doc.vocab.strings[match_id]
            span = doc[s:e]
            ts = found.setdefault(tid, ThemeScore(tid, self.taxonomy[tid]["label"], 0.0, 0))
            ts.count += 1
            ts.evidence.append((span.start_char, span.end_char))
        for ts in found.values():
            ts.score = round(100.0 * ts.count / words, 3)
        return sorted(found.values(), key=lambda t: -t.score)


@lru_cache(maxsize=4)
def get_theme_matcher(nlp: Language, path: str | None = None) -> ThemeMatcher:
    return ThemeMatcher(nlp, load_taxonomy(path))
