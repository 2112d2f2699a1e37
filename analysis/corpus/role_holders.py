"""Role descriptors the article leaves open, resolved from the corpus at that date ("the prime minister").

A quote by "the prime minister" (a definite office: the head noun is a role head of ``roles.yaml``, not a
generic one such as "official") whose article names no prime minister is given to the person the corpus
most often names in that role in articles from the same outlet or the same country (dateline) within
`WINDOW_DAYS` of the article's date (undated articles: undated ones of the same outlet; two articles with
datelines must share the country: a wire service's outlet spans the world) -- never from a
timeless list of titles, and only when that person leads clearly: in at least `MIN_ARTICLES` articles and
twice as many as anyone else. "The shadow chancellor" is another office than "the chancellor" (see
:func:`analysis.actors.roles.match_role_query`). The answer is stored with the quote (`speaker_key`,
`speaker`, and `extra.speaker_by` saying which articles decided it) and shown by ``presswork actors --review``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from analysis.actors.names import fold
from analysis.actors.offices import match_role_query, single_holder_office

WINDOW_DAYS = 120
MIN_ARTICLES = 2


@dataclass(frozen=True)
class Where:
    """An article's outlet, country and date: what makes two articles comparable."""

    outlet: str | None
    country: str | None
    published: date | None

    def near(self, other: Where) -> bool:
        # the same country when both datelines say one (a wire service's outlet spans the world), else
        # the same outlet
        same_place = self.country == other.country if self.country and other.country else bool(
            self.outlet and self.outlet == other.outlet)
        if not same_place:
            return False
        if self.published is None or other.published is None:
            return self.published is None and other.published is None and self.outlet == other.outlet
        return abs((self.published - other.published).days) <= WINDOW_DAYS


@dataclass(frozen=True)
class RoleAnswer:
    doc_key: str
    quote_idx: int
    actor_key: str
    name: str
    why: str


def _head(text: str) -> str:
    words = fold(text).lower().replace("'s", " ").split()
    return words[-1] if words else ""


def resolve_role_quotes(quotes: list[tuple[str, int, str, Where]],
                        holders: list[tuple[str, str, str, str, str | None, Where]],
                        apart: Callable[[str, str], bool] = lambda descriptor, name: False) -> list[RoleAnswer]:
    """Answers for `quotes` (doc_key, quote_idx, descriptor, where) from `holders` (doc_key, actor_key, name,
    role, the person's country if known, where: every role the corpus's article people hold). `apart`
    (descriptor, name): the identity file says that descriptor is never that person."""
    by_word: dict[str, list[tuple[str, str, str, str, str | None, Where]]] = defaultdict(list)
    for h in holders:
        for w in set(fold(h[3]).lower().split()):
            by_word[w].append(h)
    out = []
    for doc_key, idx, descriptor, where in quotes:
        head = _head(descriptor)
        if not single_holder_office(descriptor):
            continue  # "the spokesman", "the judge", "the court": no one holder to find
        articles: dict[str, set[str]] = defaultdict(set)
        names: dict[str, Counter] = defaultdict(Counter)
        for h_doc, key, name, role, country, h_where in by_word.get(head, ()):
            if h_doc != doc_key and where.near(h_where) and match_role_query(descriptor, role, country) > 0 \
                    and not apart(descriptor, name):
                articles[key].add(h_doc)
                names[key][name] += 1
        ranked = sorted(articles, key=lambda k: (-len(articles[k]), k))
        if not ranked:
            continue
        top = ranked[0]
        runner_up = len(articles[ranked[1]]) if len(ranked) > 1 else 0
        if len(articles[top]) >= MIN_ARTICLES and len(articles[top]) >= 2 * runner_up:
            scope = where.outlet or where.country or "the corpus"
            why = (f"corpus role: {descriptor!r} in {len(articles[top])} articles of {scope}"
                   + (f" within {WINDOW_DAYS} days" if where.published else ""))
            out.append(RoleAnswer(doc_key, idx, top, names[top].most_common(1)[0][0], why))
    return out
