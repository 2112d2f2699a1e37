"""Faster, output-identical implementations of two spaCy components: the attribute ruler and the lemmatizer.

In ``en_core_web_sm`` these two rule components cost about as much as the dependency parser (measured on
150 Tehran Times articles: attribute_ruler 1.97 s, lemmatizer 1.85 s, parser 2.92 s CPU), because both
work token by token in Python or run 179 Matcher patterns over every token. Their results depend only on
a few attributes of each token, so they are computed once per distinct attribute combination and cached:

* attribute ruler: the single-token patterns that fire on a token depend only on its (TAG, LOWER, DEP,
  IS_SPACE); the few multi-token patterns ("gon na", "let 's") are checked where their first token fits.
  As in spaCy, every pattern is matched on the Doc as it was before the ruler, and the attributes of later
  patterns override earlier ones.
* lemmatizer (``rule`` and ``lookup`` modes): the lemma depends only on the token's (ORTH, POS, MORPH);
  spaCy caches only part of its rule path and rebuilds a morphology dict for most tokens, and each new
  word is looked up in word lists of up to 57,528 entries by a linear scan (now a set).

`accelerate(nlp)` swaps the classes of those components in place (pipe names, configs and outputs stay
the same); a pattern form it does not know leaves that component as it was. ``PRESSWORK_FAST_PIPES=0``
turns it off (for comparison). `tests/nlp/test_fastpipes.py` checks equality with spaCy's own components.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

# pattern keys the fast ruler evaluates -> column in its feature array
_FEATURES = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_FEATURE_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
_SET_ATTRS = [TAG, POS, MORPH, LEMMA, DEP]  # what a ruler pattern may set, in array column order


# ---------------------------------------------------------------- attribute ruler

def _predicate(key: str, spec, strings):
    """A test on one feature tuple (tag, lower, dep, is_space) for one pattern key; None if unsupported."""
    col = _FEATURES.get(key)
    if col is None:
        return None
    if key == "IS_SPACE":
        if not isinstance(spec, bool):
            return None
        return lambda f, c=col, v=spec: bool(f[c]) == v
    if isinstance(spec, str):
        h = strings.add(spec) if spec else 0
        return lambda f, c=col, h=h: f[c] == h
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    (op, value), = spec.items()
    if op in ("IN", "NOT_IN") and isinstance(value, list) and all(isinstance(v, str) for v in value):
        hashes = frozenset(strings.add(v) if v else 0 for v in value)
        if op == "IN":
            return lambda f, c=col, hs=hashes: f[c] in hashes
        return lambda f, c=col, hs=hashes: f[c] not in hs
    if op == "REGEX" and isinstance(value, str):
        rx = re.compile(value)
        return lambda f, c=col, rx=rx: rx.search(strings[f[c]]) is not None
    return None


def _anchors(token_spec: dict, strings) -> tuple[int, list[int]] | None:
    """(feature column, values) one of which a token must have for the spec to match, if any: TAG, LOWER or
    DEP by equality or IN. Lets a new feature tuple test only the few patterns that can fit it."""
    for key in ("TAG", "LOWER", "DEP"):
        spec = token_spec.get(key)
        if isinstance(spec, str):
            return _FEATURES[key], [strings.add(spec) if spec else 0]
        if isinstance(spec, dict) and list(spec) == ["IN"]:
            return _FEATURES[key], [strings.add(v) if v else 0 for v in spec["IN"]]
    return None


def _token_test(token_spec: dict, strings):
    tests = [_predicate(k, v, strings) for k, v in token_spec.items()]
    if any(t is None for t in tests):
        return None
    return lambda f, ts=tuple(tests): all(t(f) for t in ts)


class _RulerPlan:
    """The ruler's patterns as Python tests, grouped into single-token and multi-token ones."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.supported = True
        self.single: list[tuple[int, object]] = []  # (attr_id, test)
        # the same single-token patterns indexed by a value a token must have, and those without one
        self.anchored: dict[tuple[int, int], list[tuple[int, object]]] = {}
        self.unanchored: list[tuple[int, object]] = []
        self.multi_anchored: dict[tuple[int, int], list] = {}  # first-token tests of multi-token patterns
        self.multi_unanchored: list = []
        self.multi: list[tuple[int, int, list]] = []  # (attr_id, index, [test per token])
        for attr_id, p in enumerate(ruler.patterns):
            for pattern in p["patterns"]:
                tests = [_token_test(t, strings) if isinstance(t, dict) else None for t in pattern]
                if not tests or any(t is None for t in tests):
                    self.supported = False
                    return
                if len(tests) == 1:
                    self.single.append((attr_id, tests[0]))
                    anchor = _anchors(pattern[0], strings)
                    if anchor is None:
                        self.unanchored.append((attr_id, tests[0]))
                    else:
                        for value in anchor[1]:
                            self.anchored.setdefault((anchor[0], value), []).append((attr_id, tests[0]))
                else:
                    index = p["index"] if p["index"] >= 0 else len(tests) + p["index"]
                    if not 0 <= index < len(tests):
                        self.supported = False
                        return
                    self.multi.append((attr_id, index, tests))
                    anchor = _anchors(pattern[0], strings)
                    if anchor is None:
                        self.multi_unanchored.append(tests[0])
                    else:
                        for value in anchor[1]:
                            self.multi_anchored.setdefault((anchor[0], value), []).append(tests[0])
        self.attrs = [{_SET_ATTRS.index(a): v for a, v in attrs.items() if a in _SET_ATTRS}
                      for attrs in ruler.attrs]
        self.supported = all(len(a) == len(b) for a, b in zip(self.attrs, ruler.attrs, strict=True))
        self._single_cache: dict[tuple, tuple[int, ...]] = {}
        self._first_cache: dict[tuple, bool] = {}
        self._merged_cache: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}

    def single_ids(self, f: tuple) -> tuple[int, ...]:
        ids = self._single_cache.get(f)
        if ids is None:
            candidates = [*self.unanchored, *self.anchored.get((0, f[0]), ()), *self.anchored.get((1, f[1]), ()),
                          *self.anchored.get((2, f[2]), ())]
            ids = self._single_cache[f] = tuple(sorted({a for a, test in candidates if test(f)}))
        return ids

    def merged(self, ids: tuple[int, ...], extra: set[int] | None) -> tuple[tuple[int, int], ...]:
        """(column, value) pairs the patterns `ids` (+ `extra`) set, applied in pattern order."""
        key = ids if not extra else tuple(sorted(set(ids) | extra))
        sets = self._merged_cache.get(key)
        if sets is None:
            final: dict[int, int] = {}
            for attr_id in key:
                final.update(self.attrs[attr_id])
            sets = self._merged_cache[key] = tuple(final.items())
        return sets

    def may_start_multi(self, f: tuple) -> bool:
        hit = self._first_cache.get(f)
        if hit is None:
            candidates = [*self.multi_unanchored, *self.multi_anchored.get((0, f[0]), ()),
                          *self.multi_anchored.get((1, f[1]), ()), *self.multi_anchored.get((2, f[2]), ())]
            hit = self._first_cache[f] = any(test(f) for test in candidates)
        return hit


class FastAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with the matching done per distinct token feature tuple (same output)."""

    def __call__(self, doc: Doc) -> Doc:
        plan: _RulerPlan = self._presswork_plan
        n = len(doc)
        if n == 0:
            return doc
        feats = [tuple(row) for row in doc.to_array(_FEATURE_ATTRS).tolist()]
        ids = [plan.single_ids(f) for f in feats]
        extra: dict[int, set[int]] = {}  # token -> attr_ids of multi-token patterns applying to it
        if plan.multi:
            for i, f in enumerate(feats):
                if not plan.may_start_multi(f):
                    continue
                for attr_id, index, tests in plan.multi:
                    if i + len(tests) <= n and all(t(feats[i + k]) for k, t in enumerate(tests)):
                        extra.setdefault(i + index, set()).add(attr_id)
        rows = doc.to_array(_SET_ATTRS).tolist()
        for i in range(n):
            sets = plan.merged(ids[i], extra.get(i))
            if sets:
                row = rows[i]
                for col, value in sets:
                    row[col] = value
        doc.from_array(_SET_ATTRS, numpy.array(rows, dtype=numpy.uint64))
        return doc


# ---------------------------------------------------------------- lemmatizer

class FastLemmatizer(Lemmatizer):
    """spaCy's Lemmatizer with each (ORTH, POS, MORPH) lemmatised once per process (same output)."""

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables()
        cache: dict = self.__dict__.setdefault("_presswork_lemmas", {})
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        add = doc.vocab.strings.add
        overwrite = self.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                text = cache.get(key)
                if text is None:
                    text = cache[key] = self.lemmatize(doc[i])[0]
                lemmas[i] = add(text)  # (re)added per Doc: the string may have left with a memory zone
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(numpy.uint64))
        return doc


class _IndexList(list):
    """A lemma index word list answering `in` from a set: spaCy's rule lemmatizer tests `form in index`
    against lists of up to 57,528 nouns, ~160 µs for each new word. Still a list (serialises as one)."""

    def __init__(self, words) -> None:
        super().__init__(words)
        self._set = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self._set


def _index_sets(lemmatizer: Lemmatizer) -> None:
    table = lemmatizer.lookups.get_table("lemma_index", {}) if lemmatizer.lookups.has_table("lemma_index") else {}
    for key, words in list(table.items()):
        if type(words) is list and all(isinstance(w, str) for w in words):
            table[key] = _IndexList(words)


_fast_classes: dict[type, type] = {}


def _fast_class(base: type, mixin: type) -> type:
    """`mixin`'s __call__ on a subclass of the component's own class (e.g. EnglishLemmatizer)."""
    cls = _fast_classes.get(base)
    if cls is None:
        cls = _fast_classes[base] = type(f"Fast{base.__name__}", (base,), {"__call__": mixin.__call__})
    return cls


def accelerate(nlp: Language, enabled: bool = True) -> list[str]:
    """Swap in the fast attribute ruler and lemmatizer where their setup is supported; returns their names.
    `enabled` is `Settings.fast_pipes` (off: spaCy's own pipes, nothing swapped)."""
    if not enabled:
        return []
    done = []
    for name, proc in nlp.pipeline:
        if type(proc) is AttributeRuler:
            plan = _RulerPlan(proc)
            if plan.supported:
                proc._presswork_plan = plan
                proc.__class__ = FastAttributeRuler
                done.append(name)
        elif isinstance(proc, Lemmatizer) and type(proc).__module__.startswith("spacy.") \
                and getattr(proc, "mode", None) in ("rule", "lookup"):
            # spaCy's own classes only: a subclass of the user's may lemmatise from context
            proc.__class__ = _fast_class(type(proc), FastLemmatizer)
            _index_sets(proc)
            done.append(name)
    return done
