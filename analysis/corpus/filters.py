"""The corpus filters and what they mean, said once in SQL (`where_sql`) and run by the reader
(`analysis.corpus.query.Corpus`) on a store and on frames in memory (`CorpusFrames.filter`, the notebooks'
controls):

- ``start`` / ``end``: publication date range, inclusive (ISO strings or dates); undated articles are left
  out only when a range is given;
- ``source``: the credited source or the publisher, case-insensitive (a list, or "a, b", for several);
- ``theme``: articles scoring a theme, by its id or its label (case-insensitive);
- ``actor``: articles mentioning or quoting an actor, named by its ``actor_key`` or by a name:
  ``match_actor_keys`` (the query's words as whole words of a name, so "Shamkhani" finds "Ali Shamkhani");
- ``keep_duplicates``: near-duplicate articles (``articles.duplicate_of``, :mod:`analysis.corpus.duplicates`)
  are left out of every table unless it is True, so counts, share of voice, tone means and trails count each
  story once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from analysis.actors.names import UNNAMED, name_key
from analysis.corpus.duplicates import FIRST_COPIES


@dataclass(frozen=True)
class Filters:
    start: str | date | None = None
    end: str | date | None = None
    source: str | list[str] | None = None
    theme: str | None = None
    actor: str | None = None
    keep_duplicates: bool = False

    @property
    def active(self) -> bool:
        """True when a filter narrows the articles (keeping duplicates widens them: not a filter)."""
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


def where_sql(con, filters: Filters, speaker: bool = False) -> tuple[str, list]:
    """A SQL condition on ``doc_key`` (for quotes with `speaker`: on the speaker) and its parameters: what a
    filter means, the one place it is said. `con` holds tables named as the store's (``articles``,
    ``themes``, ``article_actors``, ``quotes``): a store, or frames registered in DuckDB
    (`analysis.corpus.frames.filter_connection`)."""
    conds, params = [], []
    if not filters.keep_duplicates:
        conds.append(f"doc_key IN (SELECT doc_key FROM articles WHERE {FIRST_COPIES})")
    sources = filters.sources()
    if filters.start or filters.end or sources:
        sub, p = [], []
        if filters.start:
            sub.append("published >= CAST(? AS DATE)")
            p.append(str(filters.start))
        if filters.end:
            sub.append("published <= CAST(? AS DATE)")
            p.append(str(filters.end))
        if sources:
            sub.append("(lower(source) IN (SELECT lower(unnest(?))) "
                       "OR lower(publisher) IN (SELECT lower(unnest(?))))")
            p += [sources, sources]
        conds.append(f"doc_key IN (SELECT doc_key FROM articles WHERE {' AND '.join(sub)})")
        params += p
    if filters.theme:
        conds.append("doc_key IN (SELECT doc_key FROM themes WHERE theme = ? OR lower(label) = lower(?))")
        params += [filters.theme, filters.theme]
    if filters.actor:
        keys = sorted(actor_keys(con, filters.actor))
        if speaker:
            conds.append("speaker_key IN (SELECT unnest(?))")
            params.append(keys)
        else:
            conds.append("doc_key IN (SELECT doc_key FROM article_actors WHERE actor_key IN (SELECT unnest(?)) "
                         "UNION SELECT doc_key FROM quotes WHERE speaker_key IN (SELECT unnest(?)))")
            params += [keys, keys]
    return (" AND ".join(conds) or "TRUE"), params


def doc_keys(con, filters: Filters) -> list[str]:
    """The articles `filters` keep, in key order (`con` as for :func:`where_sql`)."""
    cond, params = where_sql(con, filters)
    return [k for (k,) in con.execute(f"SELECT doc_key FROM articles WHERE {cond} ORDER BY doc_key", params).fetchall()]


def actor_keys(con, query: str) -> set[str]:
    """The keys of the actors and speakers `query` names (`analysis.corpus.filters.match_actor_keys`)."""
    pairs = con.execute("SELECT DISTINCT actor_key, name FROM article_actors UNION "
                        "SELECT DISTINCT speaker_key, speaker FROM quotes WHERE speaker_key IS NOT NULL").fetchall()
    return match_actor_keys(pairs, query)
