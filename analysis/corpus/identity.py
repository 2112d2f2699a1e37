"""Corpus-level actor identity: the same person or body across articles and spelling variants.

Article actors (from :func:`analysis.actors.resolve.resolve_actors`, or the ``actors`` of analysis records) are
merged into corpus actors:

1. the same gazetteer entry is the same actor ("PMU", "Hashd al-Shaabi", "Popular Mobilization Forces");
2. an exact alias key shared with a corpus actor of the same type joins it;
3. otherwise a fuzzy match (rapidfuzz) of names of the same type, checked against context: near-identical
   spellings ("Falih al-Fayyadh" / "Faleh al-Fayad") join; weaker matches, and surnames alone, join only
   when the roles or the co-occurring actors agree, so that different people sharing a surname stay apart.

:func:`actor_table` gives the per-corpus table: canonical name, type, aliases and roles seen, article and
mention counts, first and last seen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process

from analysis.actors.gazetteer import Gazetteer, get_gazetteer
from analysis.actors.names import name_key

STRONG = 90  # token-sort ratio above which spellings are variants of one name
WEAK = 80  # between WEAK and STRONG the context must agree
ROLE_STOP = {"the", "of", "for", "and", "a", "an", "s", "former", "top", "senior"}


@dataclass
class CorpusActor:
    id: str
    name: str
    type: str
    gazetteer_id: str | None = None
    country: str | None = None
    wikidata: str | None = None
    aliases: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    articles: set = field(default_factory=set)
    mentions: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    first_article: str | None = None
    last_article: str | None = None
    context: Counter = field(default_factory=Counter)  # names of co-occurring corpus actors
    role_words: set = field(default_factory=set)

    def keys(self) -> set[str]:
        return {name_key(a) for a in self.aliases} | {name_key(self.name)}


def _role_words(roles: Iterable[str]) -> set[str]:
    return {w for r in roles for w in re.findall(r"[a-z]+", r.lower()) if w not in ROLE_STOP and len(w) > 2}


def _as_record(r) -> dict:
    """Accept an ArticleAnalysis or its record dict (JSON Lines from `presswork analyze`)."""
    if isinstance(r, dict):
        return r
    if hasattr(r, "to_record"):
        return r.to_record()
    raise TypeError(f"not an analysis record: {type(r).__name__}")


class CorpusIdentity:
    """Accumulates article actors into corpus actors (call :meth:`add` per record, then read `actors`)."""

    def __init__(self, gazetteer: Gazetteer | str | None = None):
        self.gaz = get_gazetteer(gazetteer)
        self.actors: list[CorpusActor] = []
        self._by_gid: dict[str, CorpusActor] = {}
        self._by_key: dict[tuple[str, str], list[CorpusActor]] = {}
        self._names: dict[str, list[str]] = {}  # type -> keys, for fuzzy search
        self._owners: dict[str, list[list[CorpusActor]]] = {}  # type -> actors per key (parallel)
        self._blocks: dict[str, dict[str, list[int]]] = {}  # type -> block -> indices into _names[type]

    def add(self, record) -> dict[str, str]:
        """Merge one article's actors; returns {article actor id: corpus actor id}."""
        rec = _as_record(record)
        if rec.get("error"):
            return {}
        article = str(rec.get("id") or rec.get("path"))
        date = rec.get("published")
        arts = rec.get("actors") or []
        names = {a["id"]: a["name"] for a in arts}
        neighbours: dict[str, set[str]] = {a["id"]: set() for a in arts}
        for pair in rec.get("cooccurrence") or []:
            if pair.get("paragraphs") or pair.get("sentences"):
                neighbours.setdefault(pair["a"], set()).add(name_key(names.get(pair["b"], "")))
                neighbours.setdefault(pair["b"], set()).add(name_key(names.get(pair["a"], "")))
        mapping = {}
        for a in arts:
            ctx = neighbours.get(a["id"], set()) - {""}
            actor = self._find(a, ctx) or self._new(a)
            self._update(actor, a, article, date, ctx)
            mapping[a["id"]] = actor.id
        return mapping

    # -- matching --------------------------------------------------------------------------------
    def _find(self, a: dict, ctx: set[str]) -> CorpusActor | None:
        typ = a["type"]
        gid = a.get("gazetteer_id")
        if gid and gid in self._by_gid:
            return self._by_gid[gid]
        if gid is None:
            entry = self.gaz.lookup(a["name"])
            if entry is not None and entry.type == typ and entry.id in self._by_gid:
                return self._by_gid[entry.id]
        # sorted: set order varies between processes (hash seeds), and ties go to the first candidate
        keys = sorted({name_key(x) for x in [a["name"], *a.get("aliases", [])]})
        exact = {c.id: c for k in keys for c in self._by_key.get((typ, k), [])}
        if typ == "PERSON":
            # a surname alone may belong to several people: the context decides
            exact = {i: c for i, c in exact.items() if len(name_key(a["name"]).split()) > 1
                     or len(c.keys()) == 1 or self._agree(c, a, ctx)}
        if len(exact) == 1:
            return next(iter(exact.values()))
        if len(exact) > 1:
            return max(exact.values(), key=lambda c: (self._context_score(c, a, ctx), c.mentions))
        return self._fuzzy(a, ctx)

    def _fuzzy(self, a: dict, ctx: set[str]) -> CorpusActor | None:
        typ = a["type"]
        if typ not in ("PERSON", "ORG"):
            return None
        key = name_key(a["name"])
        choices = self._names.get(typ, [])
        if not choices or " " not in key:
            return None
        # only names in the same blocks are compared (see `_blocks_of`): a scan of every name of the type
        # made the corpus merge quadratic (102 s of a 14,650-article store, most of it here)
        blocks = self._blocks.get(typ, {})
        candidates = sorted({i for b in _blocks_of(typ, key) for i in blocks.get(b, ())})
        best = None
        for _, score, n in process.extract(key, [choices[i] for i in candidates], scorer=fuzz.token_sort_ratio,
                                           limit=5, score_cutoff=WEAK):
            idx = candidates[n]
            for c in self._owners[typ][idx]:
                if c.gazetteer_id and a.get("gazetteer_id") and c.gazetteer_id != a.get("gazetteer_id"):
                    continue
                if typ == "PERSON" and not _same_surname(key, choices[idx]):
                    continue
                ok = score >= STRONG or self._agree(c, a, ctx)
                if ok and (best is None or score > best[0]):
                    best = (score, c)
        return best[1] if best else None

    def _context_score(self, c: CorpusActor, a: dict, ctx: set[str]) -> int:
        shared_ctx = sum(1 for n in ctx if n in c.context)
        shared_roles = len(_role_words(a.get("roles", [])) & c.role_words)
        return shared_ctx + 2 * shared_roles

    def _agree(self, c: CorpusActor, a: dict, ctx: set[str]) -> bool:
        return self._context_score(c, a, ctx) > 0

    # -- bookkeeping -----------------------------------------------------------------------------
    def _new(self, a: dict) -> CorpusActor:
        gid = a.get("gazetteer_id")
        entry = self.gaz.by_id.get(gid) if gid else self.gaz.lookup(a["name"])
        if entry is not None and entry.type != a["type"]:
            entry = None
        actor = CorpusActor(id=f"c{len(self.actors)}", name=entry.name if entry else a["name"], type=a["type"],
                            gazetteer_id=entry.id if entry else None,
                            country=a.get("country") or (entry.country if entry else None),
                            wikidata=a.get("wikidata") or (entry.wikidata if entry else None))
        self.actors.append(actor)
        if actor.gazetteer_id:
            self._by_gid[actor.gazetteer_id] = actor
        return actor

    def _index(self, actor: CorpusActor, key: str) -> None:
        owners = self._by_key.setdefault((actor.type, key), [])
        if actor in owners:
            return
        owners.append(actor)
        names = self._names.setdefault(actor.type, [])
        per = self._owners.setdefault(actor.type, [])
        if len(owners) == 1:
            blocks = self._blocks.setdefault(actor.type, {})
            for b in _blocks_of(actor.type, key):
                blocks.setdefault(b, []).append(len(names))
            names.append(key)
            per.append(owners)

    def _update(self, actor: CorpusActor, a: dict, article: str, date: str | None, ctx: set[str]) -> None:
        for alias in [*a.get("aliases", []), a["name"]]:
            actor.aliases[alias] += 1
            self._index(actor, name_key(alias))
        for role in a.get("roles", []):
            actor.roles[role] += 1
        actor.role_words |= _role_words(a.get("roles", []))
        actor.context.update(ctx)
        actor.articles.add(article)
        actor.mentions += len(a.get("mentions", [])) or 1
        if actor.gazetteer_id is None and len(name_key(a["name"])) > len(name_key(actor.name)):
            actor.name = a["name"]  # the fullest spelling seen names an actor the gazetteer does not know
        if actor.first_article is None:
            actor.first_article = article
        actor.last_article = article
        if date:
            actor.first_seen = min(filter(None, [actor.first_seen, date]))
            actor.last_seen = max(filter(None, [actor.last_seen, date]))


def _blocks_of(typ: str, key: str) -> set[str]:
    """Blocking keys for the fuzzy search: two names are compared only when they share one.

    A person's variants keep most of the surname ("Faleh al-Fayad" / "Falih al-Fayyadh", "Qalibaf" /
    "Ghalibaf"), and `_same_surname` requires it anyway: the surname's first or last three letters. An
    organisation's variants share the start of at least one word ("Revolutionary Guards" / "Revolution
    Guard"): the first four letters of each word."""
    words = key.split()
    if not words:
        return set()
    if typ == "PERSON":
        last = words[-1]
        return {"<" + last[:3], ">" + last[-3:]}
    return {w[:4] for w in words}


def _same_surname(a: str, b: str) -> bool:
    """Different people sharing a first name stay apart: the last names must be near-identical."""
    return fuzz.ratio(a.split()[-1], b.split()[-1]) >= 80


def corpus_actors(records: Iterable, gazetteer: Gazetteer | str | None = None) -> list[CorpusActor]:
    """Corpus actors of analysis records (ArticleAnalysis objects or record dicts)."""
    identity = CorpusIdentity(gazetteer)
    for r in records:
        identity.add(r)
    return identity.actors


COLUMNS = ["name", "type", "articles", "mentions", "aliases", "roles", "first_seen", "last_seen",
           "first_article", "last_article", "country", "wikidata", "gazetteer_id"]


def actor_table(records: Iterable, top: int | None = None, type: str | None = None,
                gazetteer: Gazetteer | str | None = None) -> pd.DataFrame:
    """One row per corpus actor, most covered first (by articles, then mentions).

    `aliases` and `roles` list the forms seen, most frequent first. `first_seen`/`last_seen` are
    publication dates where records carry them; `first_article`/`last_article` are record ids in input
    order. `type` filters (PERSON, ORG, GPE, ...); `top` keeps the first N rows.

    >>> actor_table(records, top=10, type="PERSON")   # doctest: +SKIP
    """
    return actors_frame(corpus_actors(records, gazetteer), top=top, type=type)


def actors_frame(actors: Iterable[CorpusActor], top: int | None = None, type: str | None = None
                 ) -> pd.DataFrame:
    """The actor table of already merged corpus actors (see :func:`actor_table`)."""
    rows = []
    for c in actors:
        if type and c.type != type.upper():
            continue
        rows.append({
            "name": c.name, "type": c.type, "articles": len(c.articles), "mentions": c.mentions,
            "aliases": [a for a, _ in c.aliases.most_common()], "roles": [r for r, _ in c.roles.most_common()],
            "first_seen": c.first_seen, "last_seen": c.last_seen, "first_article": c.first_article,
            "last_article": c.last_article, "country": c.country, "wikidata": c.wikidata,
            "gazetteer_id": c.gazetteer_id,
        })
    df = pd.DataFrame(rows, columns=COLUMNS)
    df = df.sort_values(["articles", "mentions", "name"], ascending=[False, False, True], kind="stable")
    df = df.reset_index(drop=True)
    return df.head(top) if top else df
