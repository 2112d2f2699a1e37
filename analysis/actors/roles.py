"""Roles and titles of people, read from the words around their names, and matched against nominal phrases.

* Pre-modifiers: "Secretary of Iran’s Supreme National Security Council Ali Shamkhani",
  "Iraqi caretaker Prime Minister Adel Abdul Mahdi", "top Iranian military commander Lt. General Qassem
  Soleimani" (two roles: "top Iranian military commander", "Lt. General").
* Appositions: "Abdelkarim Khalaf, spokesman for the Iraqi Armed Forces, said ...".

The word lists (role heads, title abbreviations, synonyms) live in ``analysis/data/roles.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from analysis.actors.gazetteer import Gazetteer, get_gazetteer
from analysis.actors.names import fold

MAX_APPOSITION = 14  # tokens
TRAILING_DROP = {"of", "for", "to", "the", "and", "or", "a", "an", "in", "at", "on", "’s", "'s"}
STOP_POS = {"VERB", "AUX", "PRON", "SCONJ", "NUM", "PART", "INTJ", "SYM"}


@dataclass(frozen=True)
class RoleWords:
    heads: frozenset[str]
    abbreviations: frozenset[str]
    generic: frozenset[str]
    synonyms: dict
    ignore: frozenset[str]
    honorifics: frozenset[str]

    def is_head(self, word: str) -> bool:
        w = fold(word).lower()
        return w in self.heads or self.is_title(w) or w.rstrip("s") in self.heads

    def is_title(self, word: str) -> bool:
        """A title abbreviation or honorific ("Lt.", "Lt", "Sayyed")."""
        return fold(word).lower().rstrip(".") in self.abbreviations


@lru_cache(maxsize=1)
def role_words() -> RoleWords:
    """The role lexicon (loaded once)."""
    data = yaml.safe_load(resources.files("analysis.data").joinpath("roles.yaml").read_text(encoding="utf-8"))
    low = lambda xs: frozenset(str(x).lower() for x in xs)
    abbreviations = frozenset(a.rstrip(".") for a in low(data["abbreviations"]))
    return RoleWords(low(data["heads"]), abbreviations, low(data["generic"]),
                     {str(k).lower(): str(v).lower() for k, v in data["synonyms"].items()}, low(data["ignore"]),
                     frozenset(h.rstrip(".") for h in low(data.get("honorifics") or [])))


def _is_name_like(tok: Token, names: dict[int, str]) -> bool:
    label = names.get(tok.i)
    if label is not None:
        return label != "PERSON"
    return tok.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "FAC") or tok.pos_ == "PROPN"


def _left_role(doc: Doc, start: int, names: dict[int, str]) -> tuple[int, int] | None:
    """Token range of the title words standing right before the name at `start`."""
    words = role_words()
    sent_start = doc[start].sent.start
    j = start - 1
    first = start
    while j >= sent_start:
        tok = doc[j]
        low = tok.lower_
        if "\n" in tok.text:
            break
        if tok.is_space:
            j -= 1
            continue
        if low in ("’s", "'s"):
            first = j
        elif low in ("of", "for", "to"):
            if j - 1 < sent_start or not words.is_head(doc[j - 1].text):
                break
            first = j
        elif low == "the":
            # inside "Secretary of the Council": keep; before the role itself: stop
            if j - 1 >= sent_start and doc[j - 1].lower_ in ("of", "for", "to"):
                first = j
            else:
                break
        elif j in names:
            if names[j] == "PERSON":
                break  # another person: "Ghani’s adviser" is handled by the possessive, not here
            first = j  # a name inside the title: "chairman of Hashd al-Sha’abi"
        elif low == "-" and not tok.whitespace_ and j - 1 >= sent_start and not doc[j - 1].whitespace_:
            first = j  # "anti-terror"
        elif low == "-" or (tok.is_punct and low not in (".",)):
            break
        elif words.is_head(tok.text) or tok.pos_ in ("NOUN", "PROPN", "ADJ") or _is_name_like(tok, names):
            if tok.pos_ in STOP_POS and not words.is_head(tok.text):
                break
            first = j
        else:
            break
        j -= 1
    if first >= start:
        return None
    while first < start and (doc[first].lower_ in ("’s", "'s", "of", "for", "to", "the") or doc[first].is_punct):
        first += 1
    if not any(words.is_head(t.text) for t in doc[first:start]):
        return None
    return first, start


def _split_titles(doc: Doc, first: int, end: int) -> list[tuple[int, int]]:
    """'top Iranian military commander Lt. General' -> the description and the rank title."""
    words = role_words()
    parts = []
    cut = first
    for k in range(first, end - 1):
        tok, nxt = doc[k], doc[k + 1]
        if tok.is_lower and words.is_head(tok.text) and nxt.text[:1].isupper() and words.is_head(nxt.text):
            parts.append((cut, k + 1))
            cut = k + 1
    parts.append((cut, end))
    return parts


def _apposition(doc: Doc, end: int, names: dict[int, str]) -> tuple[int, int] | None:
    """Token range of ", spokesman for the Iraqi Armed Forces," right after a name ending at `end`."""
    words = role_words()
    if end >= len(doc) or doc[end].text != ",":
        return None
    sent_end = doc[end].sent.end
    k = end + 1
    while k < sent_end and doc[k].lower_ in ("the", "a", "an"):
        k += 1
    start = k
    head_seen = False
    n_words = 0
    while k < sent_end and n_words < MAX_APPOSITION:
        tok = doc[k]
        if tok.text in (",", ";", ":", ")", "(", "“", "”", '"') or "\n" in tok.text or tok.text == ".":
            break
        if tok.lower_ in ("who", "which", "that", "whose"):
            return None
        if tok.is_space and "\n" not in tok.text:
            k += 1
            continue  # non-breaking spaces inside the phrase
        if (tok.pos_ in ("VERB", "AUX") or tok.tag_ == "TO") and not words.is_head(tok.text):
            if head_seen:
                break  # "Khalaf, spokesman for the Iraqi Armed Forces has said"
            return None
        if words.is_head(tok.text):
            head_seen = True
        elif not head_seen and n_words >= 4:
            return None
        n_words += 1
        k += 1
    if not head_seen or k == start:
        return None
    # a list of names ("Shamkhani, Fayyadh and ...") is not an apposition
    if names.get(start, doc[start].ent_type_) == "PERSON":
        return None
    while k > start and doc[k - 1].lower_ in TRAILING_DROP:
        k -= 1  # "the leader of “Harakat Huqooq”": the quoted name is not part of the role
    return (start, k) if k > start else None


def _says_something(doc: Doc, start: int, end: int) -> bool:
    """A role has a word beyond forms of address and names: a role head ("President", "Sen.") or a common
    word ("spokesman"); "Seyed", "Azerbaijan Mr. Seyed" or "Baku" alone is no role."""
    words = role_words()
    for t in doc[start:end]:
        w = fold(t.text).lower().rstrip(".")
        if not w.isalpha() or w in words.honorifics or w in words.ignore:
            continue
        if words.is_head(t.text) or t.pos_ not in ("PROPN", "X"):
            return True
    return False


def _clean(text: str) -> str:
    return " ".join(text.split())


def _split_and(doc: Doc, start: int, end: int) -> list[str]:
    """"national security advisor and chief of Hashd al-Shaabi" -> two roles (each with a head noun)."""
    words = role_words()
    cuts = [k for k in range(start + 1, end - 1) if doc[k].lower_ == "and"]
    parts, a = [], start
    for k in cuts:
        if any(words.is_head(t.text) for t in doc[a:k]) and any(words.is_head(t.text) for t in doc[k + 1:end]):
            parts.append((a, k))
            a = k + 1
    parts.append((a, end))
    return [_clean(doc[x:y].text) for x, y in parts if not _plural_head(doc, x, y) and _says_something(doc, x, y)]


def roles_for_mention(doc: Doc, start: int, end: int, names: dict[int, str] | None = None) -> list[str]:
    """Role phrases attached to the name occupying tokens [start, end).

    `names`: token index -> label of the tokens inside name mentions (a title may contain an organisation
    or a place; another person ends it). Defaults to spaCy's entity annotation.
    """
    names = names or {}
    out = []
    left = _left_role(doc, start, names)
    if left:
        a, b = left
        # "spokesman for House Speaker Paul Ryan", "adviser to President Obama": what precedes "for"/"to"
        # is another person's office; the name's own title starts after it
        cut = max((k for k in range(a, b) if doc[k].lower_ in ("for", "to")), default=None)
        if cut is not None:
            a = cut + 1
        for x, y in _split_titles(doc, a, b) if a < b else []:
            if not _plural_head(doc, x, y) and _says_something(doc, x, y):
                out.append(_clean(doc[x:y].text))
    right = _apposition(doc, end, names)
    if right:
        parts = _split_and(doc, *right)
        after = right[1] + 1
        if parts and right[1] < len(doc) and doc[right[1]].text == "," and names.get(after) == "PERSON":
            parts = parts[:-1]  # "Ryan, ... and the party’s 2012 nominee, Mitt Romney": Romney's title
        out.extend(parts)
    return [r for r in out if r.strip()]


def _plural_head(doc: Doc, start: int, end: int) -> bool:
    """A role phrase ending in a plural noun ("keynote speakers", "both former president Bushes") describes
    a group the name is listed with, not the person."""
    end = next((k for k in range(start + 1, end) if doc[k].pos_ == "ADP"), end)  # "spokesman for the ... Forces"
    last = next((doc[k] for k in range(end - 1, start - 1, -1) if doc[k].is_alpha), None)
    return last is not None and last.tag_ in ("NNS", "NNPS")


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
    text = (_fold_names(text, gaz) if fold_names else text).lower()
    for k, v in sorted(words.synonyms.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"(?<![\w.]){re.escape(k)}(?![\w])", v, text)
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
