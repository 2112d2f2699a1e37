"""Offices compared without a parse: the role lexicon (``analysis/data/roles.yaml``) and how well a nominal
phrase ("the prime minister", "the Iranian envoy") fits a role a person holds.

Plain strings, no spaCy: the article layer (:mod:`analysis.actors.roles`, :mod:`analysis.actors.resolve`) and
the corpus layer (:mod:`analysis.corpus.role_holders`, answering open role descriptors from the whole store)
compare offices the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.actors.gazetteer import Gazetteer, get_gazetteer
from analysis.actors.names import fold
from analysis.yamldata import load_bundled


@dataclass(frozen=True)
class RoleWords:
    heads: frozenset[str]
    abbreviations: frozenset[str]
    generic: frozenset[str]
    synonyms: dict
    ignore: frozenset[str]
    honorifics: frozenset[str]
    distinct: frozenset[str] = frozenset()
    single_holder: tuple[tuple[str, ...], ...] = ()  # offices one person holds at a time, as word tuples

    def is_head(self, word: str) -> bool:
        w = fold(word).lower()
        return w in self.heads or self.is_title(w) or w.rstrip("s") in self.heads

    def is_title(self, word: str) -> bool:
        """A title abbreviation or honorific ("Lt.", "Lt", "Sayyed")."""
        return fold(word).lower().rstrip(".") in self.abbreviations


@lru_cache(maxsize=1)
def role_words() -> RoleWords:
    """The role lexicon (loaded once)."""
    data = load_bundled("roles.yaml")
    low = lambda xs: frozenset(str(x).lower() for x in xs)
    abbreviations = frozenset(a.rstrip(".") for a in low(data["abbreviations"]))
    return RoleWords(low(data["heads"]), abbreviations, low(data["generic"]),
                     {str(k).lower(): str(v).lower() for k, v in data["synonyms"].items()}, low(data["ignore"]),
                     frozenset(h.rstrip(".") for h in low(data.get("honorifics") or [])),
                     low(data.get("distinct") or []),
                     tuple(tuple(str(o).lower().split()) for o in data.get("single_holder") or []))


def _fold_names(text: str, gaz: Gazetteer) -> str:
    """Gazetteer names of bodies become one term: "Hashd al-Sha'abi" and "PMU" -> "@popular_mobilization_units"."""
    words = text.split()
    out = []
    i = 0
    while i < len(words):
        for n in range(min(6, len(words) - i), 0, -1):
            chunk = " ".join(words[i:i + n]).strip(",.;:")
            entry = gaz.lookup(chunk) if chunk[:1].isupper() else None
            if entry is not None and entry.type in ("ORG", "FAC", "LAW"):
                out.append("@" + re.sub(r"\W+", "_", entry.id.lower()))
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


@lru_cache(maxsize=50_000)  # pure (the role lexicon loads once, a gazetteer is built once); roles recur all corpus long
def _role_terms(text: str, country: str | None = None, fold_names: bool = True,
                gaz: Gazetteer | None = None) -> tuple[tuple[str, ...], frozenset[str]]:
    """(content words, country codes) of a role or query, synonyms and the gazetteer's bodies folded."""
    words = role_words()
    gaz = gaz or get_gazetteer()
    text = fold(text).replace("'s", " ")
    text = _synonyms_folded(_fold_names(text, gaz) if fold_names else text)
    terms, countries = [], set()
    for w in re.findall(r"@?[\w.\-]+", text):
        w = w.strip(".")
        if not w or w in words.ignore:
            continue
        code = gaz.country_of_word(w)
        if code:
            countries.add(code)
            continue
        terms.append(w)
    if country:
        countries.add(country)
    return tuple(terms), frozenset(countries)


@lru_cache(maxsize=1)
def _synonym_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """``roles.yaml``'s synonyms as compiled patterns, longest first (compiled once, not per phrase)."""
    return tuple((re.compile(rf"(?<![\w.]){re.escape(k)}(?![\w])"), v)
                 for k, v in sorted(role_words().synonyms.items(), key=lambda kv: -len(kv[0])))


def _synonyms_folded(text: str) -> str:
    """`text` folded, lower-cased, with ``roles.yaml``'s synonyms and abbreviations written out ("Lt. Gov." ->
    "lieutenant governor")."""
    text = fold(text).lower()
    for pattern, value in _synonym_patterns():
        text = pattern.sub(value, text)
    return text


@lru_cache(maxsize=20_000)
def single_holder_office(phrase: str) -> bool:
    """A phrase naming an office one person holds at a time: it ends in one of ``roles.yaml``'s
    `single_holder` offices ("the Lebanese president", "the prime minister"; not "the spokesman")."""
    terms = tuple(re.findall(r"[a-z\-]+", _synonyms_folded(phrase)))
    return any(terms[-len(office):] == office for office in role_words().single_holder)


@lru_cache(maxsize=50_000)
def _distinct_words(text: str) -> frozenset[str]:
    """The words of a role that make it another office ("shadow", "deputy", "vice-president" -> "vice",
    "Lt. Gov." -> "lieutenant")."""
    return frozenset(re.findall(r"[a-z]+", _synonyms_folded(text))) & role_words().distinct


@lru_cache(maxsize=100_000)  # pure; actors ask it for every (phrase, role) pair of every article
def match_role_query(query: str, role: str, country: str | None = None, gaz: Gazetteer | None = None) -> float:
    """How well a nominal phrase ("the Afghan national security advisor") fits a role; 0 when it does not.

    The query's head noun (its last content word) must be among the role's words unless it is generic
    ("official"); every other office word in the query ("prime" in "prime minister") must be there too;
    qualifiers and the country add to the score. `gaz` is the run's gazetteer (the default one when None):
    a user's bodies ("ZOB") are folded like the default ones.
    """
    words = role_words()
    q_terms, q_countries = _role_terms(query, gaz=gaz)
    r_terms, r_countries = _role_terms(role, country, gaz=gaz)
    if not q_terms:
        return 0.0
    if _distinct_words(query) != _distinct_words(role):
        return 0.0  # "the chancellor" is not the shadow chancellor, "the prime minister" not his deputy
    r_set = set(r_terms) | set(_role_terms(role, fold_names=False, gaz=gaz)[0])  # "Security" and "@supreme_..."
    head = q_terms[-1]
    generic = head in words.generic
    if not generic and head not in r_set:
        return 0.0
    if q_countries and r_countries and not q_countries & r_countries:
        return 0.0
    score = 0.0 if generic else 2.0
    for t in q_terms[:-1]:
        if t in r_set:
            score += 1.0
        elif not generic:
            return 0.0  # an office is named by all its words: "prime minister" is not "foreign minister"
    score += 1.0 if q_countries & r_countries else 0.0
    if generic and score == 0:
        return 0.0
    return score
