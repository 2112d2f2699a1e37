"""Sports metonymy: a city or county name standing for its team ("Leicestershire beat Somerset").

Sports pages name clubs after places: "Chicago 5 Pittsburgh 1", "Essex v Kent", "Leicestershire beat
Somerset by an innings". There the actor is the club, an organisation, not the place. A place name is a team
when one of its mentions stands in a team context:

- a result or table line: the name followed by a whole number, with a second "name number" pair or another
  number right after it ("Puchon 2 Chonbuk 1", "NEW YORK 74 59 .556");
- the subject or object of a match verb ("beat", "defeated", "drew with", "lost to");
- either side of "v"/"vs" ("Essex v Kent").

Countries stay places: a national side is the country itself for an analyst (and for CoNLL-style
annotation), so only names that are not gazetteer countries become organisations.
"""

from __future__ import annotations

from spacy.attrs import IS_ALPHA, ORTH
from spacy.tokens import Doc, Token

# match verbs whose subject and object are both sides ("Kent beat Surrey", "Surrey lost to Kent")
MATCH_VERBS = {"beat", "defeat", "draw", "tie", "edge", "rout", "thrash", "trounce", "crush", "overcome",
               "outplay", "hammer", "whip", "lose", "down", "upset", "stun", "blank", "shut", "sweep"}
# nouns and verbs an "against" phrase of a team hangs on ("their match against Nottinghamshire")
MATCH_WORDS = MATCH_VERBS | {"match", "game", "win", "victory", "loss", "play", "fixture", "tie", "clash",
                             "final", "semifinal", "derby", "series", "test", "innings"}
VERSUS = {"v", "v.", "vs", "vs.", "versus"}


def is_count(token: Token) -> bool:
    """A whole number as in scores and standings (not a date, decimal or score pair)."""
    return token.text.isdigit() and len(token.text) <= 4


def _name_then_count(doc: Doc, i: int) -> bool:
    """Token `i` is a capitalised word followed by a whole number (a result or table cell)."""
    return (i + 1 < len(doc) and doc[i].text[:1].isupper() and doc[i].is_alpha
            and is_count(doc[i + 1]))


def in_score_line(doc: Doc, start: int, end: int) -> bool:
    """The name doc[start:end] is followed by a count in a result or table line."""
    if end >= len(doc) or not is_count(doc[end]):
        return False
    if end + 1 < len(doc) and is_count(doc[end + 1]):
        return True  # a standings row: "NEW YORK 74 59"
    a, b = line_bounds(doc, start)
    return any(_name_then_count(doc, i) for i in range(a, b) if not start <= i < end)


def line_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Token range of the sentence of token `i`, widened to its whole line (the parser may cut
    "Puchon 2 Chonbuk 1" in two), at most 60 tokens either way."""
    sent = doc[i].sent
    a, b = sent.start, sent.end
    while a > 0 and a > i - 60 and "\n" not in doc[a - 1].text and "\n" not in doc[a - 1].whitespace_:
        a -= 1
    while b < len(doc) and b < i + 60 and "\n" not in doc[b - 1].text and "\n" not in doc[b - 1].whitespace_:
        b += 1
    return a, b


def in_match_clause(doc: Doc, start: int, end: int) -> bool:
    """The name is a side in a match verb's clause or next to "v"/"vs"."""
    if (start > 0 and doc[start - 1].lower_ in VERSUS) or (end < len(doc) and doc[end].lower_ in VERSUS):
        return True
    root = doc[start:end].root
    head = root.head
    if root.dep_ in ("nsubj", "dobj", "conj") and head.lemma_.lower() in MATCH_VERBS:
        return True
    if root.dep_ == "pobj" and head.lower_ in ("against", "to", "with", "over"):
        governor = head.head
        if head.lower_ == "against":
            return governor.lemma_.lower() in MATCH_WORDS
        return governor.lemma_.lower() in MATCH_VERBS or governor.lower_ in ("win", "victory")
    return False


def team_context(doc: Doc, start: int, end: int) -> bool:
    """doc[start:end] (a name) is used as a sports side here."""
    return in_score_line(doc, start, end) or in_match_clause(doc, start, end)


def untagged_sides(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Capitalised word runs the model left untagged that stand as sides in a result or table line.

    "Puchon 2 Chonbuk 1", "Wolverhampton 4 2 1 1": a name followed by a count in such a line is a team
    (runs after an initial, "A. Fraser 5-79", or next to another name are left alone).
    """
    out = []
    i, n = 0, len(doc)
    # which tokens are capitalised words, read once from the Doc's arrays (a Token per test cost more than the rest)
    strings = doc.vocab.strings
    capitalised = [bool(alpha) and strings[orth][:1].isupper()
                   for alpha, orth in doc.to_array([IS_ALPHA, ORTH]).tolist()]
    while i < n:
        if i in taken or not capitalised[i]:
            i += 1
            continue
        j = i
        while j < n and j not in taken and capitalised[j]:
            j += 1
        before = doc[i - 1] if i else None
        after_name = before is not None and ((i - 1) in taken or before.text.endswith(".") and len(before) <= 3)
        if not after_name and in_score_line(doc, i, j) and sum(_name_then_count(doc, k)
                                                                for k in range(*line_bounds(doc, i))) >= 2:
            out.append((i, j))
        i = j
    return out

