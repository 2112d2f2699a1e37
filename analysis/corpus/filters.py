"""The corpus filters and what they mean, one meaning for the store's SQL (`analysis.corpus.query.Corpus`)
and for in-memory frames (`CorpusFrames.filter`, the notebooks' controls):

- ``start`` / ``end``: publication date range, inclusive (ISO strings or dates); undated articles are left
  out only when a range is given;
- ``source``: the credited source or the publisher, case-insensitive (a list, or "a, b", for several);
- ``theme``: articles scoring a theme, by its id or its label (case-insensitive);
- ``actor``: articles mentioning or quoting an actor, named by its ``actor_key`` or by a name:
  ``match_actor_keys`` (the query's words as whole words of a name, so "Shamkhani" finds "Ali Shamkhani").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from analysis.actors.names import UNNAMED, name_key


@dataclass(frozen=True)
class Filters:
    start: str | date | None = None
    end: str | date | None = None
    source: str | list[str] | None = None
    theme: str | None = None
    actor: str | None = None

    @property
    def active(self) -> bool:
        return any(v not in (None, "", []) for v in (self.start, self.end, self.source, self.theme, self.actor))

    def sources(self) -> list[str]:
        if not self.source:
            return []
        if isinstance(self.source, str):
            return [s.strip() for s in self.source.split(",") if s.strip()]
        return [str(s) for s in self.source]


def match_actor_keys(pairs: Iterable[tuple[str, str]], query: str) -> set[str]:
    """Keys among (actor_key, name) pairs that `query` names: the key itself, or a name holding the
    query's name key as whole words ("Shamkhani" -> "Ali Shamkhani"; case, accents, apostrophes ignored).
    Unnamed-source groups (``U:officials``) match by key only."""
    q = name_key(query or "")
    if not q:
        return set()
    pattern = re.compile(r"(?:^|\W)" + re.escape(q) + r"(?:$|\W)")
    found: set[str] = set()
    hits: dict[str, bool] = {}
    for key, name in pairs:
        if not key:
            continue
        if key == query:
            found.add(key)
            continue
        if not isinstance(name, str) or key.startswith(UNNAMED):
            # a group of unnamed sources is found by its key only: "House Speaker Paul Ryan’s office" is
            # one of its phrasings, and Paul Ryan is not that group
            continue
        hit = hits.get(name)
        if hit is None:
            hit = hits[name] = pattern.search(name_key(name)) is not None
        if hit:
            found.add(key)
    return found
