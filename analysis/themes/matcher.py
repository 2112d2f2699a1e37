"""Themes: what each article, sentence and quote is about, by lemma phrase matching against a YAML taxonomy.

The taxonomy (``analysis/data/themes.yaml``, extendable with ``--themes FILE``) gives each theme
include phrases and exclude phrases. Matching uses spaCy's ``PhraseMatcher`` over *normalised lemmas*
(lower-cased; proper nouns lemmatised as common nouns so the headline "Foreign Forces" matches
"foreign force"), compiled once per process and themes file.

Public entry points: :func:`load_taxonomy`, :func:`get_theme_matcher` -> :class:`ThemeMatcher`, whose
:meth:`ThemeMatcher.annotate` fills article themes, per-sentence themes and tone, and quote themes and tone.

>>> from analysis.nlp.model import load_model                                     # doctest: +SKIP
>>> nlp = load_model(); doc = nlp("Foreign troops must leave Iraq, he said.")  # doctest: +SKIP
>>> [m.theme for m in get_theme_matcher(nlp).matches(doc)]                   # doctest: +SKIP
['FOREIGN_MILITARY_PRESENCE']
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate

from spacy.attrs import LEMMA, LOWER, ORTH, POS, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Token

from analysis.documents.article import Article
from analysis.errors import ThemesError
from analysis.nlp.model import words_of
from analysis.records import Quote, ThemeScore
from analysis.themes.tone import span_tone, tone_of
from analysis.yamldata import parse_yaml, read_data_file

# ---------------------------------------------------------------- taxonomy

def default_taxonomy_text() -> str:
    return resources.files("analysis.data").joinpath("themes.yaml").read_text(encoding="utf-8")


def _read_yaml(text: str, where: str) -> dict:
    data = parse_yaml(text, where) or {}  # bounded: alias bombs and runaway nesting are one DataFileError
    if isinstance(data, list):  # a bare list of themes is accepted too
        data = {"themes": data}
    if not isinstance(data, dict) or not isinstance(data.get("themes", []), list):
        raise ThemesError(f"{where}: expected a mapping with a `themes:` list")
    return data


def _phrases(value, where: str, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ThemesError(f"{where}: `{field}` must be a list of phrases")
    return [str(v).strip() for v in value if str(v).strip()]


def _check_theme(theme: dict, where: str) -> dict:
    """A complete theme dict (all fields present) or a ThemesError naming what is wrong."""
    tid = theme.get("id")
    if not tid or not isinstance(tid, str):
        raise ThemesError(f"{where}: every theme needs an `id` (got {theme!r:.80})")
    include = _phrases(theme.get("include"), f"{where} theme {tid}", "include")
    if not include:
        raise ThemesError(f"{where}: theme {tid} has no `include` phrases")
    return {**theme, "id": tid, "label": str(theme.get("label") or tid),
            "description": str(theme.get("description") or ""), "include": include,
            "exclude": _phrases(theme.get("exclude"), f"{where} theme {tid}", "exclude")}


def merge_taxonomy(base: list[dict], user: list[dict], where: str = "themes file") -> list[dict]:
    """The user's themes over the base: same id overrides the fields given, new ids are appended.

    `add_include` / `add_exclude` extend a theme's phrases instead of replacing them; `enabled: false`
    drops a theme.
    """
    themes = {t["id"]: dict(t) for t in base}
    for raw in user:
        if not isinstance(raw, dict) or not raw.get("id"):
            raise ThemesError(f"{where}: every theme needs an `id` (got {raw!r:.80})")
        tid = raw["id"]
        merged = {**themes.get(tid, {}), **{k: v for k, v in raw.items() if not k.startswith("add_")}}
        for field in ("include", "exclude"):
            extra = _phrases(raw.get(f"add_{field}"), f"{where} theme {tid}", f"add_{field}")
            merged[field] = _phrases(merged.get(field), f"{where} theme {tid}", field) + extra
        themes[tid] = merged
    return [_check_theme(t, where) for t in themes.values() if t.get("enabled", True) is not False]


def load_taxonomy(path: str | os.PathLike | None = None) -> list[dict]:
    """The default taxonomy, with the themes in `path` (if given) added or overriding by id."""
    base = [_check_theme(t, "default themes.yaml")
            for t in _read_yaml(default_taxonomy_text(), "default themes.yaml")["themes"]]
    if not path:
        return base
    data = _read_yaml(read_data_file(path, "themes file"), f"themes file {path}")
    if data.get("replace_defaults"):
        base = []
    return merge_taxonomy(base, data.get("themes", []), str(path))


# ---------------------------------------------------------------- lemma keys

@dataclass(frozen=True)
class ThemeMatch:
    theme: str
    start: int  # token index
    end: int
    start_char: int
    end_char: int


class LemmaKeys:
    """Case-free lemma keys: the model's lemma, lower-cased; proper nouns lemmatised as nouns.

    Why: spaCy keeps a proper noun's lemma as written ("Forces"), so title-case headlines and names
    like "Security Council" would never meet the lower-case lemmas of the taxonomy phrases.
    """

    def __init__(self, nlp: Language):
        tables = {}
        if "lemmatizer" in nlp.pipe_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
            for name in ("lemma_index", "lemma_exc", "lemma_rules"):
                if lookups.has_table(name):
                    tables[name] = lookups.get_table(name).get("noun", {})
        self.index = tables.get("lemma_index", {})
        self.exc = tables.get("lemma_exc", {})
        self.rules = tables.get("lemma_rules", [])
        self.noun_lemma = lru_cache(maxsize=100_000)(self._noun_lemma)
        self._key_cache: dict[tuple[int, int, int], str] = {}

    def _noun_lemma(self, word: str) -> str:
        """spaCy's rule lemmatiser for nouns, on one lower-case word."""
        if word in self.exc:
            return self.exc[word][0]
        forms, oov = [], []
        for old, new in self.rules:
            if word.endswith(old):
                form = word[: len(word) - len(old)] + new
                if form and (form in self.index or not form.isalpha()):
                    forms.append(form)
                elif form:
                    oov.append(form)
        return (forms or oov or [word])[0] if word.isalpha() else word

    def key(self, token: Token) -> str:
        if token.pos_ == "PROPN" or not token.lemma_:
            return self.noun_lemma(token.lower_)
        return token.lemma_.lower()

    def keyed_doc(self, doc: Doc) -> Doc:
        """A shallow copy of `doc` whose LEMMA attribute holds the keys (token indices unchanged).

        Same as `key` per token, read from the Doc's arrays: keys are cached per (POS, LEMMA, LOWER)."""
        strings = doc.vocab.strings
        cache = self._key_cache
        rows = doc.to_array([ORTH, SPACY, POS, LEMMA, LOWER]).tolist()
        keys = []
        for _, _, pos, lemma, lower in rows:
            k = cache.get((pos, lemma, lower))
            if k is None:
                k = self.noun_lemma(strings[lower]) if pos == PROPN or not lemma else strings[lemma].lower()
                if len(cache) < 200_000:
                    cache[(pos, lemma, lower)] = k
            keys.append(k)
        return Doc(doc.vocab, words=[strings[r[0]] for r in rows], spaces=[bool(r[1]) for r in rows], lemmas=keys)


# ---------------------------------------------------------------- matcher

class ThemeMatcher:
    """Include and exclude phrase matchers for one taxonomy; build through :func:`get_theme_matcher`."""

    def __init__(self, nlp: Language, taxonomy: list[dict]):
        self.taxonomy = {t["id"]: t for t in taxonomy}
        self.order = {tid: i for i, tid in enumerate(self.taxonomy)}
        self.keys = LemmaKeys(nlp)
        self.include = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.exclude = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for t in taxonomy:
            # match ids are read back as strings: kept for good, so that a matcher built inside a spaCy
            # memory zone (a later ingest batch with another themes file) outlives it
            nlp.vocab.strings.add(t["id"], allow_transient=False)
            self.include.add(t["id"], self._patterns(nlp, t["include"]))
            if t["exclude"]:
                self.exclude.add(t["id"], self._patterns(nlp, t["exclude"]))

    def _patterns(self, nlp: Language, phrases: list[str]) -> list[Doc]:
        """Each phrase twice: as lemma keys (in context of the phrase) and as the words written."""
        patterns: dict[tuple[str, ...], Doc] = {}
        for pdoc in nlp.pipe(phrases, disable=[p for p in ("parser", "ner") if p in nlp.pipe_names]):
            words = [t.text for t in pdoc]
            for keys in ([self.keys.key(t) for t in pdoc], [w.lower() for w in words]):
                patterns.setdefault(tuple(keys), Doc(nlp.vocab, words=words, lemmas=keys))
        return list(patterns.values())

    def label(self, theme_id: str) -> str:
        return self.taxonomy.get(theme_id, {}).get("label", theme_id)

    def matches(self, doc: Doc) -> list[ThemeMatch]:
        """Theme matches in `doc`, excludes applied, overlapping matches of one theme merged (longest wins)."""
        keyed = self.keys.keyed_doc(doc)
        blocked: dict[str, list[tuple[int, int]]] = {}
        for mid, s, e in self.exclude(keyed):
            blocked.setdefault(doc.vocab.strings[mid], []).append((s, e))
        blocks = {tid: _Overlaps(spans) for tid, spans in blocked.items()}
        by_theme: dict[str, list[tuple[int, int]]] = {}
        for mid, s, e in self.include(keyed):
            tid = doc.vocab.strings[mid]
            if tid in blocks and blocks[tid].hit(s, e):
                continue
            by_theme.setdefault(tid, []).append((s, e))
        found = []
        for tid, spans in by_theme.items():
            taken: list[tuple[int, int]] = []
            kept = _Overlaps([])  # the taken spans, disjoint: one binary search per candidate
            for s, e in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
                if not kept.hit(s, e):
                    taken.append((s, e))
                    kept.add(s, e)
            for s, e in taken:
                found.append(ThemeMatch(tid, s, e, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))
        return sorted(found, key=lambda m: (m.start, self.order.get(m.theme, 0)))

    def theme_ids(self, matches: list[ThemeMatch]) -> list[str]:
        """Theme ids of some matches, most frequent first (taxonomy order breaks ties)."""
        counts = Counter(m.theme for m in matches)
        return sorted(counts, key=lambda t: (-counts[t], self.order.get(t, 0)))

    def scores(self, matches: list[ThemeMatch], words: int) -> list[ThemeScore]:
        """ThemeScores sorted by score: matches per 100 analysed words, with evidence spans."""
        found: dict[str, ThemeScore] = {}
        for m in matches:
            ts = found.setdefault(m.theme, ThemeScore(m.theme, self.label(m.theme), 0.0, 0))
            ts.count += 1
            ts.evidence.append((m.start_char, m.end_char))
        for ts in found.values():
            ts.score = round(100.0 * ts.count / max(words, 1), 3)
        return sorted(found.values(), key=lambda t: (-t.score, self.order.get(t.theme, 0)))

    def score(self, doc: Doc, article: Article | None = None, quotes: list[Quote] | None = None
              ) -> list[ThemeScore]:
        """Article themes only (kept for callers of the first version)."""
        return self.scores(self.matches(doc), sum(1 for t in doc if t.is_alpha))

    def annotate(self, doc: Doc, article: Article, quotes: list[Quote]) -> tuple[list[ThemeScore], list[dict]]:
        """Article themes and per-sentence records; sets each quote's `themes` and `tone` in place.

        Sentences are ``{"start", "end", "themes", "tone", "gdelt"}`` (char offsets into ``article.text``;
        ``tone`` is VADER compound, ``gdelt`` the positive-minus-negative word share), only for
        sentences with words in them (the masked dateline and boilerplate yield none).
        """
        matches = self.matches(doc)  # sorted by start: a sentence's or quote's matches are one slice
        starts = [m.start for m in matches]
        start_chars = [m.start_char for m in matches]
        words = words_of(doc)
        alpha = words.alpha
        sentences = []
        for sent in doc.sents:
            if not any(alpha[sent.start:sent.end]):
                continue
            inside = matches[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]
            tone = span_tone(sent)
            sentences.append({"start": sent.start_char, "end": sent.end_char, "themes": self.theme_ids(inside),
                              "tone": tone["compound"], "gdelt": tone["tone"]})
        for q in quotes:
            q.themes = self.theme_ids(matches[bisect_left(start_chars, q.start):bisect_left(start_chars, q.end)])
            q.tone = tone_of(q.text)
        return self.scores(matches, words.n_alpha), sentences


class _Overlaps:
    """Token spans, asked whether any overlaps [s, e): a binary search over the spans sorted by start with the
    furthest end so far, instead of a scan of every span per question (all pairs on a long document)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.reach = list(accumulate((e for _, e in self.spans), max))

    def hit(self, s: int, e: int) -> bool:
        k = bisect_left(self.spans, (e,)) - 1  # the spans starting before e
        return k >= 0 and self.reach[k] > s

    def add(self, s: int, e: int) -> None:
        """Add a span overlapping none of the others (the furthest ends stay in order)."""
        k = bisect_left(self.spans, (s, e))
        self.spans.insert(k, (s, e))
        self.reach.insert(k, max(e, self.reach[k - 1]) if k else e)


_lock = threading.Lock()
_matchers: dict[tuple, ThemeMatcher] = {}


def get_theme_matcher(nlp: Language, path: str | os.PathLike | None = None) -> ThemeMatcher:
    """The compiled matcher for this model and themes file, built once per process.

    The cache key includes the file's modification time, so a taxonomy edited in a notebook is
    picked up on the next call.
    """
    key = (id(nlp), str(path) if path else None, os.path.getmtime(path) if path else None)
    with _lock:
        matcher = _matchers.get(key)
        if matcher is None:
            matcher = ThemeMatcher(nlp, load_taxonomy(path))
            _matchers[key] = matcher
    return matcher
