"""Themes: what each article, sentence and quote is about, by lemma phrase matching against a YAML taxonomy.

The taxonomy (``analysis/data/themes.yaml``, extendable with ``--themes FILE``) hangs every theme in the IPTC
Media Topics tree (:mod:`analysis.themes.iptc`) and gives it include phrases (evidence on their own), weak
phrases (ambiguous words that count only beside an include match of the same theme), exclude phrases (sense
guards) and names (proper names matched as written, case-sensitively: "Uber", "Beyoncé", "NHL"; evidence on
their own, like include phrases). Phrases are matched with spaCy's ``PhraseMatcher`` over *normalised lemmas*
(lower-cased; proper nouns lemmatised as common nouns so the headline "Foreign Forces" matches "foreign
force"), compiled once per process and themes file. Headline matches weigh more than lead matches, which weigh more than the rest, so
an article's first theme is its main subject.

Public entry points: :func:`load_taxonomy`, :func:`get_theme_matcher` -> :class:`ThemeMatcher`, whose
:meth:`ThemeMatcher.annotate` fills article themes, per-sentence themes and tone, and quote themes and tone.

>>> from analysis.nlp.model import load_model                                     # doctest: +SKIP
>>> nlp = load_model(); doc = nlp("Foreign troops must leave Iraq, he said.")  # doctest: +SKIP
>>> [m.theme for m in get_theme_matcher(nlp).matches(doc)]                   # doctest: +SKIP
['FOREIGN_MILITARY_PRESENCE']
"""

from __future__ import annotations

import copy
import os
import threading
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
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
from analysis.themes.iptc import QCODE_PREFIX, mediatopics
from analysis.themes.phrase_keys import phrase_variants
from analysis.themes.tone import span_tone, tone_of
from analysis.yamldata import load_bundled, parse_yaml, read_data_file

# ---------------------------------------------------------------- taxonomy

PHRASE_FIELDS = ("include", "weak", "exclude")  # lemma phrases, matched case-free
NAMES_FIELD = "names"  # proper names, matched on the words as written: "Apple" the company is not an apple
CUE_FIELDS = PHRASE_FIELDS + (NAMES_FIELD,)
# Why these weights: a headline states the subject, the lead sums it up, the body also mentions side issues.
HEADLINE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 3.0, 2.0, 1.0
WEAK_WEIGHT = 0.5  # an ambiguous word is half the evidence of a specific phrase
LEAD_SENTENCES = 2


def _read_yaml(text: str, where: str) -> dict:
    # bounded: alias bombs and runaway nesting are one DataFileError
    return _themes_mapping(parse_yaml(text, where), where)


def _themes_mapping(data, where: str) -> dict:
    data = data or {}
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
    for field in ("medtop", "parent"):
        if theme.get(field) is not None and not isinstance(theme[field], str):
            raise ThemesError(f"{where}: theme {tid}: `{field}` must be a QCode such as medtop:11000000"
                              + (" or a theme id" if field == "parent" else ""))
    return {**theme, "id": tid, "label": str(theme.get("label") or tid),
            "description": str(theme.get("description") or ""), "include": include,
            "weak": _phrases(theme.get("weak"), f"{where} theme {tid}", "weak"),
            "exclude": _phrases(theme.get("exclude"), f"{where} theme {tid}", "exclude"),
            NAMES_FIELD: _phrases(theme.get(NAMES_FIELD), f"{where} theme {tid}", NAMES_FIELD)}


def place_in_tree(themes: list[dict], where: str = "themes") -> list[dict]:
    """Each theme with its IPTC place filled in: `qcode` (the QCode of its IPTC topic: its own, its
    parent's, or its parent theme's), `medtop_top` (that topic's top-level ancestor) and `is_topic` (the theme
    is the IPTC topic itself rather than a finer theme under it); `medtop` and `parent` stay as written.
    Unknown codes and parents are errors."""
    vocab = mediatopics()
    by_id = {t["id"]: t for t in themes}
    placed: dict[str, tuple[str | None, bool]] = {}

    def resolve(t: dict, seen: tuple[str, ...]) -> tuple[str | None, bool]:
        tid = t["id"]
        if tid in placed:
            return placed[tid]
        if tid in seen:
            raise ThemesError(f"{where}: theme {tid}: its `parent` chain loops ({' -> '.join(seen + (tid,))})")
        own, parent = t.get("medtop"), t.get("parent")
        if own:
            if own not in vocab:
                raise ThemesError(f"{where}: theme {tid}: `medtop: {own}` is not an IPTC Media Topic in "
                                     "analysis/data/iptc_mediatopics.yaml (levels 1-3); use `parent:` instead")
            result = (own, True)
        elif parent and parent.startswith(QCODE_PREFIX):
            if parent not in vocab:
                raise ThemesError(f"{where}: theme {tid}: `parent: {parent}` is not an IPTC Media Topic in "
                                     "analysis/data/iptc_mediatopics.yaml (levels 1-3)")
            result = (parent, False)
        elif parent:
            if parent not in by_id:
                raise ThemesError(f"{where}: theme {tid}: `parent: {parent}` is neither a QCode "
                                     "(medtop:...) nor the id of a theme")
            result = (resolve(by_id[parent], seen + (tid,))[0], False)
        else:
            result = (None, False)  # not placed: reported with medtop null, listed apart by `themes list --tree`
        placed[tid] = result
        return result

    out = []
    for t in themes:
        medtop, is_topic = resolve(t, ())
        out.append({**t, "medtop": t.get("medtop"), "parent": t.get("parent"), "qcode": medtop,
                    "medtop_top": vocab.top(medtop) if medtop else None, "is_topic": is_topic})
    return out


def merge_taxonomy(base: list[dict], user: list[dict], where: str = "themes file") -> list[dict]:
    """The user's themes over the base: same id overrides the fields given, new ids are appended.

    `add_include` / `add_weak` / `add_exclude` / `add_names` extend a theme's cues instead of replacing them;
    `enabled: false` drops a theme.
    """
    themes = {t["id"]: dict(t) for t in base}
    for raw in user:
        if not isinstance(raw, dict) or not raw.get("id"):
            raise ThemesError(f"{where}: every theme needs an `id` (got {raw!r:.80})")
        tid = raw["id"]
        merged = {**themes.get(tid, {}), **{k: v for k, v in raw.items() if not k.startswith("add_")}}
        for field in CUE_FIELDS:
            extra = _phrases(raw.get(f"add_{field}"), f"{where} theme {tid}", f"add_{field}")
            merged[field] = _phrases(merged.get(field), f"{where} theme {tid}", field) + extra
        themes[tid] = merged
    return place_in_tree([_check_theme(t, where) for t in themes.values() if t.get("enabled", True) is not False],
                         where)


@lru_cache(maxsize=1)
def _default_themes() -> tuple[dict, ...]:
    """The bundled taxonomy, read and checked once per process: it cannot change while presswork runs, and
    parsing it took seconds each time a run, a command or a check asked for the taxonomy."""
    return tuple(_check_theme(t, "default themes.yaml")
                 for t in _themes_mapping(load_bundled("themes.yaml"), "default themes.yaml")["themes"])


def load_taxonomy(path: str | os.PathLike | None = None) -> list[dict]:
    """The default taxonomy, with the themes in `path` (if given) added or overriding by id."""
    base = copy.deepcopy(list(_default_themes()))  # callers may change what they get
    if not path:
        return place_in_tree(base, "default themes.yaml")
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
    weak: bool = False  # an ambiguous word (the theme's `weak` phrases)
    name: bool = False  # a proper name (the theme's `names`)


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
    """Include, weak and exclude phrase matchers for one taxonomy; build through :func:`get_theme_matcher`."""

    def __init__(self, nlp: Language, taxonomy: list[dict], cache_dir: str | None = None):
        if taxonomy and "qcode" not in taxonomy[0]:
            taxonomy = place_in_tree([_check_theme(t, "themes") for t in taxonomy])
        self.nlp = nlp
        self.taxonomy = {t["id"]: t for t in taxonomy}
        self.order = {tid: i for i, tid in enumerate(self.taxonomy)}
        self.broader = _broader_themes(taxonomy)
        self.keys = LemmaKeys(nlp)
        self.include = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.weak = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.exclude = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        patterns = self._patterns(nlp, [p for t in taxonomy for field in PHRASE_FIELDS for p in t.get(field, [])],
                                  cache_dir)
        for t in taxonomy:
            # match ids are read back as strings: kept for good, so that a matcher built inside a spaCy
            # memory zone (a later ingest batch with another themes file) outlives it
            nlp.vocab.strings.add(t["id"], allow_transient=False)
            for field in PHRASE_FIELDS:
                if t.get(field):
                    docs = {id(d): d for p in t[field] for d in patterns[p]}
                    getattr(self, field).add(t["id"], list(docs.values()))
            if t.get(NAMES_FIELD):
                self.names.add(t["id"], [nlp.make_doc(v) for n in t[NAMES_FIELD] for v in _spellings(n)])

    def _patterns(self, nlp: Language, phrases: list[str], cache_dir: str | None) -> dict[str, list[Doc]]:
        """Each phrase twice: as lemma keys (in context of the phrase) and as the words written.

        All phrases of the taxonomy go through the model in one batch (one call per theme and field made
        building the matcher for 150 themes take a minute), each phrase once per model: the keys are kept
        in `cache_dir` (:mod:`analysis.themes.phrase_keys`)."""
        variants = phrase_variants(nlp, self.keys.key, phrases, cache_dir)
        return {phrase: [Doc(nlp.vocab, words=words, lemmas=keys) for words, keys in vs]
                for phrase, vs in variants.items()}

    def label(self, theme_id: str) -> str:
        return self.taxonomy.get(theme_id, {}).get("label", theme_id)

    def candidates(self, doc: Doc) -> list[ThemeMatch]:
        """Include, name and weak matches in `doc`, sense guards applied; one match per span and theme (longest
        wins, include before weak); a span that a finer theme also matched counts for the finer theme only.
        Weak matches are not yet checked for support (see :meth:`matches`)."""
        keyed = self.keys.keyed_doc(doc)
        blocked: dict[str, list[tuple[int, int]]] = {}
        for mid, s, e in self.exclude(keyed):
            blocked.setdefault(doc.vocab.strings[mid], []).append((s, e))
        blocks = {tid: _Overlaps(spans) for tid, spans in blocked.items()}
        by_theme: dict[str, list[tuple[int, int, bool, bool]]] = {}
        for matcher, weak, name in ((self.include, False, False), (self.names, False, True),
                                    (self.weak, True, False)):
            for mid, s, e in matcher(keyed):
                tid = doc.vocab.strings[mid]
                if tid in blocks and blocks[tid].hit(s, e):
                    continue
                by_theme.setdefault(tid, []).append((s, e, weak, name))
        kept_spans: dict[str, _Overlaps] = {}
        found = []
        for tid, spans in by_theme.items():
            kept = kept_spans[tid] = _Overlaps([])  # the taken spans, disjoint: one binary search per candidate
            for s, e, weak, name in sorted(spans, key=lambda x: (x[2], -(x[1] - x[0]), x[0])):
                if not kept.hit(s, e):
                    kept.add(s, e)
                    found.append(ThemeMatch(tid, s, e, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), weak,
                                            name))
        # a broader theme gives way to a finer one on the same words ("national elections": ELECTIONS_DEMOCRACY)
        found = [m for m in found if not any(kept_spans[f].hit(m.start, m.end)
                                             for f in self.narrower_found(m.theme, kept_spans))]
        return sorted(found, key=lambda m: (m.start, self.order.get(m.theme, 0)))

    def narrower_found(self, theme_id: str, found: dict) -> list[str]:
        return [f for f in found if theme_id in self.broader.get(f, ())]

    def matches(self, doc: Doc, supported: set[str] | None = None) -> list[ThemeMatch]:
        """Theme matches in `doc`: :meth:`candidates` whose theme has an include match (in `doc`, or in
        `supported`: themes with evidence elsewhere, such as a headline kept apart)."""
        found = self.candidates(doc)
        strong = {m.theme for m in found if not m.weak} | (supported or set())
        return [m for m in found if m.theme in strong]

    def theme_ids(self, matches: list[ThemeMatch]) -> list[str]:
        """Theme ids of some matches, most frequent first (taxonomy order breaks ties)."""
        counts = Counter(m.theme for m in matches)
        return sorted(counts, key=lambda t: (-counts[t], self.order.get(t, 0)))

    def scores(self, matches: list[ThemeMatch], words: int, weights: list[float] | None = None,
               extra: dict[str, tuple[int, float]] | None = None) -> list[ThemeScore]:
        """ThemeScores sorted by score: weighted matches per 100 analysed words, with evidence spans.

        `weights` gives each match its weight (default 1; weak matches count half of it); `extra` adds
        (count, weight) per theme for evidence outside the text, such as a headline taken from a file name.
        Names weigh once per theme and weight (headline, lead, rest): a company named 13 times in a story about
        a congressional probe says who is involved, not 13 times what the story is about.
        """
        found: dict[str, ThemeScore] = {}
        weight: Counter = Counter()

        def score_of(tid: str) -> ThemeScore:
            t = self.taxonomy.get(tid, {})
            return found.setdefault(tid, ThemeScore(tid, self.label(tid), 0.0, 0, medtop=t.get("qcode"),
                                                    medtop_top=t.get("medtop_top")))
        named: set[tuple[str, float]] = set()
        for i, m in enumerate(matches):
            ts = score_of(m.theme)
            ts.count += 1
            ts.evidence.append((m.start_char, m.end_char))
            w = weights[i] if weights else BODY_WEIGHT
            if m.name:
                if (m.theme, w) in named:
                    continue
                named.add((m.theme, w))
            weight[m.theme] += w * (WEAK_WEIGHT if m.weak else 1.0)
        for tid, (count, w) in (extra or {}).items():
            score_of(tid).count += count
            weight[tid] += w
        for ts in found.values():
            ts.score = round(100.0 * weight[ts.theme] / max(words, 1), 3)
        return sorted(found.values(), key=lambda t: (-t.score, self.order.get(t.theme, 0)))

    def score(self, doc: Doc, article: Article | None = None, quotes: list[Quote] | None = None
              ) -> list[ThemeScore]:
        """Article themes only (kept for callers of the first version)."""
        return self.scores(self.matches(doc), sum(1 for t in doc if t.is_alpha))

    def _headline_evidence(self, article: Article) -> tuple[dict[str, tuple[int, float]], set[str]]:
        """Matches in a headline that is not part of the text (from a file name or metadata): (count, weight)
        per theme, and the themes with an include match there.

        The headline is only tokenised (no model pass: a tagger call per article cost as much as matching the
        whole text); its words are keyed as nouns, which is what a slug headline's words mostly are."""
        if not article.headline or article.headline_span or not article.headline.strip():
            return {}, set()
        found = self.candidates(self.nlp.make_doc(article.headline[:500]))
        strong = {m.theme for m in found if not m.weak}
        extra: dict[str, tuple[int, float]] = {}
        named: set[str] = set()
        for m in found:
            n, w = extra.get(m.theme, (0, 0.0))
            repeated_name = m.name and m.theme in named  # names weigh once per theme, as in `scores`
            named.update([m.theme] if m.name else [])
            extra[m.theme] = (n + 1, w + (0.0 if repeated_name else HEADLINE_WEIGHT * (WEAK_WEIGHT if m.weak else 1.0)))
        return extra, strong

    def article_matches(self, doc: Doc, article: Article) -> tuple[list[ThemeMatch], dict[str, tuple[int, float]]]:
        """The theme matches of an article's text, and the evidence of a headline kept apart (see
        :meth:`scores`): all the matching :meth:`annotate` does, without the tone."""
        extra, head_strong = self._headline_evidence(article)
        return self.matches(doc, head_strong), extra

    def _weights(self, doc: Doc, article: Article, matches: list[ThemeMatch]) -> list[float]:
        """Each match's weight by where it lies: the headline, the lead (first sentences of the body), the rest."""
        head = article.headline_span
        body_start = article.paragraphs[0][0] if article.paragraphs else 0
        lead_end, n = body_start, 0
        for sent in doc.sents:
            if sent.end_char <= body_start or not sent.text.strip():
                continue
            lead_end, n = sent.end_char, n + 1
            if n >= LEAD_SENTENCES:
                break
        return [HEADLINE_WEIGHT if head and head[0] <= m.start_char < head[1]
                else LEAD_WEIGHT if body_start <= m.start_char < lead_end else BODY_WEIGHT for m in matches]

    def annotate(self, doc: Doc, article: Article, quotes: list[Quote]) -> tuple[list[ThemeScore], list[dict]]:
        """Article themes and per-sentence records; sets each quote's `themes` and `tone` in place.

        Sentences are ``{"start", "end", "themes", "tone", "gdelt"}`` (char offsets into ``article.text``;
        ``tone`` is VADER compound, ``gdelt`` the positive-minus-negative word share), only for
        sentences with words in them (the masked dateline and boilerplate yield none).
        """
        matches, extra = self.article_matches(doc, article)  # sorted by start: a sentence's matches are one slice
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
        return self.scores(matches, words.n_alpha, self._weights(doc, article, matches), extra), sentences


def _broader_themes(taxonomy: list[dict]) -> dict[str, set[str]]:
    """For each theme, the themes it is finer than: its parent themes, and the IPTC-topic themes on the path
    from the top of the tree to its own topic (a theme that is a topic is not finer than itself)."""
    vocab = mediatopics()
    topic_themes: dict[str, list[str]] = {}
    for t in taxonomy:
        if t.get("is_topic"):
            topic_themes.setdefault(t["qcode"], []).append(t["id"])
    by_id = {t["id"]: t for t in taxonomy}
    out: dict[str, set[str]] = {}
    for t in taxonomy:
        broader: set[str] = set()
        path = vocab.path(t["qcode"]) if t.get("qcode") else []
        for q in (path[:-1] if t.get("is_topic") else path):
            broader.update(topic_themes.get(q, []))
        parent, seen = t.get("parent"), set()
        while parent in by_id and parent not in seen:
            seen.add(parent)
            broader.add(parent)
            parent = by_id[parent].get("parent")
        broader.discard(t["id"])
        out[t["id"]] = broader
    return out


def _spellings(name: str) -> list[str]:
    """A name as written, and with the other apostrophe (news copy writes both "McDonald's" and "McDonald’s")."""
    return list(dict.fromkeys([name, name.replace("'", "\u2019"), name.replace("\u2019", "'")]))


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


def get_theme_matcher(nlp: Language, path: str | os.PathLike | None = None,
                      cache_dir: str | None = None) -> ThemeMatcher:
    """The compiled matcher for this model and themes file, built once per process (its phrases' lemma
    keys kept in `cache_dir` across processes: `Settings.cache_path()`).

    The cache key includes the file's modification time, so a taxonomy edited in a notebook is
    picked up on the next call.
    """
    key = (id(nlp), str(path) if path else None, os.path.getmtime(path) if path else None)
    with _lock:
        matcher = _matchers.get(key)
        if matcher is None:
            matcher = ThemeMatcher(nlp, load_taxonomy(path), cache_dir)
            _matchers[key] = matcher
    return matcher
