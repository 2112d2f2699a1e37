"""Roles and titles of people, read from the words around their names, and matched against nominal phrases.

* Pre-modifiers: "Secretary of Iran’s Supreme National Security Council Ali Shamkhani",
  "Iraqi caretaker Prime Minister Adel Abdul Mahdi", "top Iranian military commander Lt. General Qassem
  Soleimani" (two roles: "top Iranian military commander", "Lt. General").
* Appositions: "Abdelkarim Khalaf, spokesman for the Iraqi Armed Forces, said ...".

The word lists (role heads, title abbreviations, synonyms) live in ``analysis/data/roles.yaml``; comparing
offices ("the prime minister" against a role) is :mod:`analysis.actors.offices`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from analysis.actors.names import fold
from analysis.actors.offices import match_role_query, role_words, single_holder_office
from analysis.nlp.model import hyphen_in_word

__all__ = ["match_role_query", "role_words", "roles_for_mention", "single_holder_office"]

MAX_APPOSITION = 14  # tokens
TRAILING_DROP = {"of", "for", "to", "the", "and", "or", "a", "an", "in", "at", "on", "’s", "'s"}
STOP_POS = {"VERB", "AUX", "PRON", "SCONJ", "NUM", "PART", "INTJ", "SYM"}


def _is_name_like(tok: Token, names: dict[int, str]) -> bool:
    label = names.get(tok.i)
    if label is not None:
        return label != "PERSON"
    return tok.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "FAC") or tok.pos_ == "PROPN"


def _clause_start(doc: Doc, start: int) -> int:
    """The start of the sentence holding token `start`, reaching back over a sentence break the parser put
    where no punctuation or line break is: the small model splits "President | Trump on Sunday called..."."""
    first = doc[start].sent.start
    while first > 0 and not doc[first - 1].is_punct and "\n" not in doc[first - 1].text:
        first = doc[first - 1].sent.start
    return first


def _left_role(doc: Doc, start: int, names: dict[int, str]) -> tuple[int, int] | None:
    """Token range of the title words standing right before the name at `start`."""
    words = role_words()
    sent_start = _clause_start(doc, start)
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
        elif hyphen_in_word(tok) and j - 1 >= sent_start:
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
        if cut is not None and _has_office(doc, cut + 1, b):
            a = cut + 1  # ... but "ambassador to the United Nations" is one office
        for x, y in _split_titles(doc, a, b) if a < b else []:
            y = _without_address(doc, x, y)
            if y > x and not _plural_head(doc, x, y) and _says_something(doc, x, y) and _has_office(doc, x, y):
                out.append(_clean(doc[x:y].text))
    right = _apposition(doc, end, names)
    if right:
        parts = _split_and(doc, *right)
        after = right[1] + 1
        if parts and right[1] < len(doc) and doc[right[1]].text == "," and names.get(after) == "PERSON":
            parts = parts[:-1]  # "Ryan, ... and the party’s 2012 nominee, Mitt Romney": Romney's title
        out.extend(parts)
    return [r for r in out if r.strip()]


def _without_address(doc: Doc, start: int, end: int) -> int:
    """The end of a role phrase without the forms of address closing it ("... interview Mr" -> "... interview")."""
    words = role_words()
    while end > start and fold(doc[end - 1].text).lower().rstrip(".") in words.honorifics:
        end -= 1
    return end


def _has_office(doc: Doc, start: int, end: int) -> bool:
    """A role phrase before a name names an office: a role head that is not a form of address ("coffers"
    and "interview" before "Mr Brown" are no role)."""
    words = role_words()
    return any(words.is_head(t.text) and fold(t.text).lower().rstrip(".") not in words.honorifics
               for t in doc[start:end])


def _plural_head(doc: Doc, start: int, end: int) -> bool:
    """A role phrase ending in a plural noun ("keynote speakers", "both former president Bushes") describes
    a group the name is listed with, not the person."""
    end = next((k for k in range(start + 1, end) if doc[k].pos_ == "ADP"), end)  # "spokesman for the ... Forces"
    last = next((doc[k] for k in range(end - 1, start - 1, -1) if doc[k].is_alpha), None)
    return last is not None and last.tag_ in ("NNS", "NNPS")
