"""Corpus-level actor identity: the same person or body across articles and spelling variants.

Article actors (from :func:`analysis.actors.resolve.resolve_actors`, or the ``actors`` of analysis records) are
merged into corpus actors:

1. the same gazetteer entry is the same actor ("PMU", "Hashd al-Shaabi", "Popular Mobilization Forces");
2. people: a full name joins the corpus person whose full names it is compatible with
   (:func:`analysis.actors.names.similar_names`: same surname up to transliteration, given names equal or
   known variants -- nicknames, transliterations, initials --, middle names no obstacle), and only when
   that person is the one such candidate; different given names never merge. A bare surname (or given
   name) is decided after every full name is known (:meth:`CorpusIdentity.finish`): it joins the one
   person of that name in the corpus, or the one its context (co-occurring actors, roles) points to, else
   it stays an identity of its own, named by the bare name (unresolved, shown as such);
3. other types: an exact alias key shared with a corpus actor of the same type joins it; otherwise a fuzzy
   match (rapidfuzz) checked against context: near-identical spellings join, weaker ones when roles or
   co-occurring actors agree.

An identity file (:class:`IdentityRules`, YAML with ``same:`` and ``different:`` lists of names) overrides
the rules. Every join records why (`CorpusActor.why`, shown by ``presswork actors --review``).

An ingest runs it (`analysis.corpus.keys`) and stores the identities: the store's ``actors`` table.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from analysis.actors.gazetteer import Gazetteer, get_gazetteer
from analysis.actors.names import (
    name_data,
    name_key,
    name_parts,
    same_given,
    similar_names,
    styles_conflict,
    translit,
)
from analysis.errors import DataFileError
from analysis.yamldata import load_yaml_file, short_repr

# a speaker span that is a role descriptor ("the prime minister", "The Iranian envoy"; not "The Southern
# Poverty Law Center", "the Left"): "the", then words ending in a common noun
ROLE_DESCRIPTOR = r"^[Tt]he\s+(?:.*\s)?[a-z][\w'’-]*$"
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
    why: dict = field(default_factory=dict)  # each name joined into the identity -> the rule that joined it
    full_names: Counter = field(default_factory=Counter)  # a person's full names (name key -> articles)
    anchor: str | None = None  # the full name a person is compared by: the gazetteer's, else the commonest
    name_mentions: Counter = field(default_factory=Counter)  # article actor name -> its mentions (review)
    # joins made inside articles, (mention text, article actor name) -> its mentions and its articles (review)
    within: Counter = field(default_factory=Counter)
    within_articles: Counter = field(default_factory=Counter)
    # role descriptors answered by this identity, (descriptor, "in the article" | "from the corpus") -> quotes
    role_answers: Counter = field(default_factory=Counter)
    evidence: Counter = field(default_factory=Counter)  # gazetteer link evidence -> article actors (review)

    def best_full_name(self) -> str | None:
        """The commonest full name (ties: the first seen)."""
        if not self.full_names:
            return None
        return max(self.full_names, key=self.full_names.get)  # ties: the first seen

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


@dataclass
class IdentityRules:
    """The analyst's corrections (an identity file): names that are one person, names that are not.

    YAML::

        same:        # each list: names of one identity
          - [Bahram Ghasemi, Bahram Qassemi]
        different:   # each list: names of different identities, never merged with one another
          - [Abbas Mousavi, Abdolrahim Mousavi]
    """

    same: list[set[str]] = field(default_factory=list)
    different: list[set[str]] = field(default_factory=list)
    same_names: list[list[str]] = field(default_factory=list)  # the `same:` lists as written (first: the label)

    @classmethod
    def load(cls, path: str | None) -> IdentityRules:
        """The rules of the identity file `path` (none without one); a file that cannot be used raises one
        DataFileError naming it and what is wrong (read as bounded YAML data: `analysis.yamldata`)."""
        if not path:
            return cls()
        where = f"identity file {path}"
        data = load_yaml_file(path, "identity file") or {}
        if not isinstance(data, dict):
            raise DataFileError(f"{where}: expected a mapping with `same:` and `different:` lists, "
                                f"not {type(data).__name__}")
        unknown = [k for k in data if k not in ("same", "different")]
        if unknown:
            raise DataFileError(f"{where}: unknown key(s) {', '.join(short_repr(k) for k in unknown)}; an "
                                "identity file has `same:` and `different:` lists")

        def groups(key: str) -> list[set[str]]:
            items = data.get(key) or []
            if not isinstance(items, list):
                raise DataFileError(f"{where}: `{key}:` must be a list of name lists, not {type(items).__name__}")
            out = []
            for n, group in enumerate(items, start=1):
                if not isinstance(group, list) or len(group) < 2:
                    raise DataFileError(f"{where}: `{key}:` item {n} must be a list of two or more names, "
                                        f"not {short_repr(group)}")
                bad = [name for name in group if isinstance(name, bool) or
                       not isinstance(name, (str, int, float)) or not str(name).strip()]
                if bad:
                    hint = " (YAML reads an unquoted yes/no/on/off as true/false: quote it)" \
                        if isinstance(bad[0], bool) else ""
                    raise DataFileError(f"{where}: `{key}:` item {n}: {short_repr(bad[0])} is not a name; each "
                                        f"name is text{hint}")
                out.append({name_key(str(name)) for name in group})
            return out

        return cls(groups("same"), groups("different"), [[str(n) for n in g] for g in data.get("same") or []])

    def apart(self, a: set[str], b: set[str]) -> bool:
        """Some name of `a` and some name of `b` are listed as different people (and not as the same)."""
        return any((g & a) and (g & b) and not (g & a & b) for g in self.different)

    def names_apart(self, name: str, other: str) -> bool:
        """The two names are listed as different people: what undoes a join made inside one article."""
        return self.apart({name_key(name)}, {name_key(other)})

    def joined_apart(self, name: str, aliases: Iterable[str]) -> bool:
        """An article actor called `name` holds a mention under a name listed as different from it: a join
        inside the article that this file undoes (the article is analysed again)."""
        return bool(self.different) and any(self.names_apart(a, name) for a in aliases)


@lru_cache(maxsize=8)
def _rules_of(path: str, mtime_ns: int) -> IdentityRules:
    return IdentityRules.load(path)


def within_article_rule(path: str | None) -> Callable[[str, str], bool] | None:
    """What an identity file says about joins inside one article (for
    :func:`analysis.actors.resolve.resolve_actors`): `names_apart`, or None without a `different:` list.
    Read once per file version, not once per document."""
    if not path:
        return None
    rules = _rules_of(path, os.stat(path).st_mtime_ns)
    return rules.names_apart if rules.different else None


class CorpusIdentity:
    """Accumulates article actors into corpus actors: call :meth:`add` per record, then :meth:`finish`
    (bare surnames are decided once every full name is known), then read `actors` and :meth:`links`."""

    def __init__(self, gazetteer: Gazetteer | str | None = None, identity_file: str | None = None):
        self.gaz = get_gazetteer(gazetteer)
        self.rules = IdentityRules.load(identity_file)
        self.actors: list[CorpusActor] = []
        self._links: list[tuple[str, str, CorpusActor]] = []  # (article, article actor id, corpus actor)
        self._deferred: list[tuple[str, str | None, dict, set[str]]] = []  # bare person names, for finish()
        self._answers: list[tuple[str, str, str, str]] = []  # role descriptors answered in records' articles
        self._people: dict[str, list[CorpusActor]] = {}  # surname spelling key -> people with a full name
        self._finished = False
        self.notes: list[str] = []  # what the identity file did, for --review
        self._given: _GivenNameIndex | None = None  # people by given name, while `finish` decides bare names
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
        self._answers += [(article, q["speaker_id"], q["speaker_text"], "in the article")
                          for q in rec.get("quotes") or []
                          if q.get("speaker_id") and re.match(ROLE_DESCRIPTOR, q.get("speaker_text") or "")]
        mapping = {}
        text = rec.get("text")
        for a in arts:
            if text and "mention_texts" not in a:  # what each mention says: the joins made inside the article
                a = {**a, "mention_texts": [text[s:e] for s, e in (m for m in a.get("mentions") or [] if m)]}
            ctx = neighbours.get(a["id"], set()) - {""}
            gid = a.get("gazetteer_id")
            if gid and gid in self._by_gid and self._apart(self._own_names(a) | {name_key(a["name"])},
                                                            self._by_gid[gid]):
                a = {**a, "gazetteer_id": None, "gazetteer_evidence": None}  # the identity file undoes the link
            if a["type"] == "PERSON" and not a.get("gazetteer_id") and not name_parts(a["name"]).full:
                # a bare surname the article left unresolved is not the gazetteer's "Clinton" by default
                self._deferred.append((article, date, a, ctx))
                continue
            actor, why = self._find(a, ctx)
            if actor is None:
                actor, why = self._new(a), "new identity"
            self._update(actor, a, article, date, ctx, why)
            mapping[a["id"]] = actor.id
        return mapping

    def finish(self) -> None:
        """Decide the bare surnames, then apply the identity file's `same:` lists. Idempotent."""
        if self._finished:
            return
        self._finished = True
        self._given = _GivenNameIndex(self._people)  # every full name is known now
        for article, date, a, ctx in self._deferred:
            actor, why = self._bare(a, ctx)
            if actor is None:
                actor, why = self._new(a), "unresolved: several people of this name and no context decides" \
                    if self._candidates(a) else "new identity"
            self._update(actor, a, article, date, ctx, why)
        self._deferred = []
        self._given = None
        self.add_role_answers(self._answers)
        self._answers = []
        for group, names in zip(self.rules.same, self.rules.same_names, strict=True):
            # an identity is in the group when the group names it -- its label or one of a person's full
            # names --, not when some alias meets a bare word of the group ("Smith" would take every Smith)
            members = [c for c in self.actors if self._named_by(c) & group]
            if not members:
                self.notes.append(f"identity file: same {names}: no identity has these names")
                continue
            first = next((c for n in names for c in members if name_key(n) in self._named_by(c)), members[0])
            labels = sorted({c.name for c in members if c is not first})
            if labels:
                self.notes.append(f"identity file: same {names}: {first.name} absorbs {', '.join(labels)}")
            for other in members:
                if other is not first:
                    self._absorb(first, other, "identity file: same")

    def add_role_answers(self, answers: Iterable[tuple[str, str, str, str]]) -> int:
        """Count, for `--review`, the quotes whose speaker is a role descriptor answered by an identity:
        (article, article actor id, descriptor, how: "in the article" or "from the corpus"). Returns how
        many found their identity."""
        links = {(article, aid): c for article, aid, c in self._links}
        found = 0
        for article, aid, descriptor, how in answers:
            c = links.get((article, aid))
            if c is not None:
                c.role_answers[(name_key(descriptor), how)] += 1
                found += 1
        return found

    def _named_by(self, c: CorpusActor) -> set[str]:
        """The keys an identity file may name an identity by: its label, its full names (people), its
        aliases (other types)."""
        if c.type == "PERSON" and c.full_names:
            return {name_key(c.name), *c.full_names}
        return c.keys()

    def links(self) -> list[tuple[str, str, str]]:
        """(article, article actor id, corpus actor id) for every article actor (after :meth:`finish`)."""
        self.finish()
        return [(article, aid, c.id) for article, aid, c in self._links]

    # -- matching --------------------------------------------------------------------------------
    def _find(self, a: dict, ctx: set[str]) -> tuple[CorpusActor | None, str]:
        """The corpus actor an article actor joins, and why; (None, "") when it is new."""
        typ = a["type"]
        gid = a.get("gazetteer_id")
        if gid and gid in self._by_gid:
            return self._by_gid[gid], "gazetteer entry"
        if gid is None:
            entry = self.gaz.lookup(a["name"])
            if entry is not None and entry.type == typ and entry.id in self._by_gid \
                    and not self._apart(self._own_names(a), self._by_gid[entry.id]):
                return self._by_gid[entry.id], "gazetteer entry"
        if typ == "PERSON":
            return self._person(a, ctx)
        # sorted: set order varies between processes (hash seeds), and ties go to the first candidate
        keys = sorted({name_key(x) for x in [a["name"], *a.get("aliases", [])]})
        # never across two gazetteer entries: the French Republicans are not the GOP, whatever they share
        exact = {c.id: c for k in keys for c in self._by_key.get((typ, k), [])
                 if not (gid and c.gazetteer_id and c.gazetteer_id != gid)}
        if len(exact) == 1:
            return next(iter(exact.values())), "same name"
        if len(exact) > 1:
            return max(exact.values(), key=lambda c: (self._context_score(c, a, ctx), c.mentions)), "same name"
        found = self._fuzzy(a, ctx)
        return (found, "spelling variant") if found else (None, "")

    def _person(self, a: dict, ctx: set[str]) -> tuple[CorpusActor | None, str]:
        """A full person name: the one corpus person all of whose full names it is compatible with."""
        parts = name_parts(a["name"])
        key = name_key(a["name"])
        names = self._own_names(a)
        # compared with each person's anchor name, not every spelling joined: "George Bush", once joined to
        # George W. Bush, must not let "George H.W. Bush" in
        cands = [c for c in self._people.get(translit(parts.surname), [])
                 if c.anchor and similar_names(parts, name_parts(c.anchor))
                 and not self._apart(names, c)]
        if not cands:
            return None, ""
        exact = [c for c in cands if key in c.full_names]
        if len(exact) == 1:
            return exact[0], "same name"
        if len(cands) == 1:
            c = cands[0]
            return c, f"name variant of {c.name}"
        scored = sorted(((self._context_score(c, a, ctx), c.mentions, -int(c.id[1:]), c) for c in cands),
                        key=lambda t: t[:3], reverse=True)
        if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
            return scored[0][3], f"name variant of {scored[0][3].name}, chosen by context"
        return None, ""  # "George Bush" beside "George W." and "George H.W. Bush": kept apart

    def _own_names(self, a: dict) -> set[str]:
        """The name keys of an article person: its name and the aliases compatible with it (a bare
        surname alias is not carried: it would tie this identity to every namesake)."""
        parts = name_parts(a["name"])
        out = {name_key(a["name"])}
        for alias in a.get("aliases", []):
            p = name_parts(alias)
            if p.full and similar_names(parts, p):
                out.add(name_key(alias))
        return out

    def _candidates(self, a: dict) -> list[CorpusActor]:
        """Corpus people with a full name a bare surname or given name may stand for."""
        word = name_parts(a["name"]).surname
        if not word:
            return []
        out = [c for c in self._people.get(translit(word), []) if c.full_names]
        if not out and self._given is not None:  # a given name alone ("Hillary", "Bernie")
            out = self._given.people(word)
        names = {name_key(a["name"])}
        unique = list({id(c): c for c in out}.values())
        own = name_parts(a["name"])  # "Mrs May" is no man's surname, "Lord Smith" nobody's plain "Smith"
        return [c for c in unique if not self._apart(names, c)
                and not any(styles_conflict(own, name_parts(n)) for n in c.full_names)]

    def _bare(self, a: dict, ctx: set[str]) -> tuple[CorpusActor | None, str]:
        """A bare surname joins the one compatible person in the corpus, or the one its context picks."""
        cands = self._candidates(a)
        if len(cands) == 1:
            return cands[0], f"bare name: the one {a['name']} with a full name in the corpus"
        if not cands:
            same = [c for c in self._by_key.get(("PERSON", name_key(a["name"])), []) if not c.full_names]
            return (same[0], "same bare name") if same else (None, "")
        scored = sorted(((self._context_score(c, a, ctx), c.mentions, c) for c in cands),
                        key=lambda t: t[:2], reverse=True)
        if scored[0][0] > 0 and scored[0][0] >= 2 * scored[1][0]:
            shared = sorted(n for n in ctx if n in scored[0][2].context)[:3]
            return scored[0][2], f"bare name: context ({', '.join(shared) or 'roles'})"
        same = [c for c in self._by_key.get(("PERSON", name_key(a["name"])), []) if not c.full_names]
        return (same[0], "same bare name, unresolved") if same else (None, "")

    def _fuzzy(self, a: dict, ctx: set[str]) -> CorpusActor | None:
        typ = a["type"]
        if typ != "ORG":
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
                if c.gazetteer_id and self._is_party(c.gazetteer_id):
                    continue  # parties differ by a word ("Labor Party", "Republican Guard"): names only
                ok = score >= STRONG or self._agree(c, a, ctx)
                if ok and (best is None or score > best[0]):
                    best = (score, c)
        return best[1] if best else None

    def _is_party(self, gid: str) -> bool:
        entry = self.gaz.by_id.get(gid)
        return entry is not None and entry.kind == "party"

    def _apart(self, names: set[str], c: CorpusActor) -> bool:
        """The identity file lists one of `names` and one of `c`'s names as different people (a person's
        keys are only built when the file has a `different:` list)."""
        return bool(self.rules.different) and self.rules.apart(names, c.keys())

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
        if entry is not None and entry.id in self._by_gid and self._apart({name_key(a["name"])}, self._by_gid[entry.id]):
            entry = None  # listed as different from the gazetteer's identity
        if not gid and a["type"] == "PERSON" and not name_parts(a["name"]).full:
            entry = None  # a bare surname left unresolved (several people of that name) is none of them
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

    def _index_person(self, actor: CorpusActor, a: dict) -> None:
        """Count a person's full names, index it under their surnames and keep its anchor (the
        gazetteer's name, else the commonest full name) and display name (the same)."""
        new = self._own_names(a) if name_parts(a["name"]).full else set()
        if actor.gazetteer_id and actor.anchor is None:
            entry = self.gaz.by_id.get(actor.gazetteer_id)
            if entry is not None:
                actor.anchor = name_key(entry.name)
                new |= {name_key(n) for n in entry.names() if name_parts(n).full}
        for n in new:
            actor.full_names[n] += 1
            bucket = self._people.setdefault(translit(name_parts(n).surname), [])
            if actor not in bucket:
                bucket.append(actor)
        if not actor.gazetteer_id and actor.full_names:
            actor.anchor = actor.best_full_name()
            if name_key(actor.name) != actor.anchor and name_key(a["name"]) == actor.anchor:
                actor.name = a["name"]  # labels from the commonest full name, not "Telling Jeb Bush"

    def _absorb(self, keep: CorpusActor, other: CorpusActor, why: str) -> None:
        """Merge `other` into `keep` (the identity file's `same:`)."""
        if other is keep or other not in self.actors:
            return
        keep.aliases.update(other.aliases)
        keep.roles.update(other.roles)
        keep.context.update(other.context)
        keep.role_words |= other.role_words
        keep.articles |= other.articles
        keep.mentions += other.mentions
        keep.full_names.update(other.full_names)
        keep.name_mentions.update(other.name_mentions)
        keep.within.update(other.within)
        keep.within_articles.update(other.within_articles)
        keep.role_answers.update(other.role_answers)
        keep.evidence.update(other.evidence)
        for name in other.why:
            keep.why.setdefault(name, why)
        dates = [d for d in (keep.first_seen, other.first_seen, keep.last_seen, other.last_seen) if d]
        if dates:
            keep.first_seen, keep.last_seen = min(dates), max(dates)
        self.actors.remove(other)
        self._links = [(art, aid, keep if c is other else c) for art, aid, c in self._links]
        for owners in list(self._by_key.values()) + list(self._people.values()):
            if other in owners:
                owners.remove(other)
                if keep not in owners:
                    owners.append(keep)

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

    def _update(self, actor: CorpusActor, a: dict, article: str, date: str | None, ctx: set[str],
                why: str = "") -> None:
        self._links.append((article, a["id"], actor))
        gid = a.get("gazetteer_id")
        if gid and actor.gazetteer_id is None and actor.type != "PERSON" and gid not in self._by_gid \
                and gid in self.gaz.by_id:
            # a body first seen unlinked ("May s Conservative Party") takes the entry a later article links
            entry = self.gaz.by_id[gid]
            actor.gazetteer_id, actor.name = gid, entry.name
            actor.country, actor.wikidata = actor.country or entry.country, actor.wikidata or entry.wikidata
            self._by_gid[gid] = actor
        actor.why.setdefault(a["name"], why)
        actor.name_mentions[a["name"]] += len(a.get("mentions", [])) or 1
        # joins inside the article, by mention: each mention written otherwise than the actor's name
        # (without the mentions' texts, an older record: one per alias and article)
        joined = Counter(t for t in a.get("mention_texts") or a.get("aliases", []) if t != a["name"])
        for alias, n in joined.items():
            actor.within[(alias, a["name"])] += n
            actor.within_articles[(alias, a["name"])] += 1
        if a.get("gazetteer_id"):
            actor.evidence[a.get("gazetteer_evidence") or "none recorded"] += 1
        for alias in [*a.get("aliases", []), a["name"]]:
            actor.aliases[alias] += 1
            self._index(actor, name_key(alias))
        if actor.type == "PERSON":
            self._index_person(actor, a)
        for role in a.get("roles", []):
            actor.roles[role] += 1
        actor.role_words |= _role_words(a.get("roles", []))
        actor.context.update(ctx)
        actor.articles.add(article)
        actor.mentions += len(a.get("mentions", [])) or 1
        if actor.gazetteer_id is None and actor.type != "PERSON" and len(name_key(a["name"])) > len(name_key(actor.name)):
            actor.name = a["name"]  # the fullest spelling seen names an actor the gazetteer does not know
        if actor.first_article is None:
            actor.first_article = article
        actor.last_article = article
        if date:
            actor.first_seen = min(filter(None, [actor.first_seen, date]))
            actor.last_seen = max(filter(None, [actor.last_seen, date]))


class _GivenNameIndex:
    """Corpus people by the first given name of their full names, for a bare given name ("Hillary").

    Finds exactly the people a test of :func:`same_given` against every person's given names finds, in
    the same order (first seen in `people`), but looks up only the given names that can pass that test:
    the word itself, its transliteration key and variant group (a nickname pair does not make a bare given
    name someone: "Francis" alone is not Frank Gaffney; nor does an initial: "Slideshow" is not S. Lee Merritt). The scan over every person took minutes on a 33,706-article store.
    """

    def __init__(self, people: dict[str, list[CorpusActor]]):
        data = name_data()
        self._rank: dict[int, int] = {}  # id(person) -> first position in `people`
        self._by_given: dict[str, dict[int, CorpusActor]] = {}  # first given name -> people
        for bucket in people.values():
            for c in bucket:
                if id(c) in self._rank:
                    continue
                self._rank[id(c)] = len(self._rank)
                for n in c.full_names:
                    given = name_parts(n).given
                    if given:
                        self._by_given.setdefault(given[0], {})[id(c)] = c
        self._by_translit: dict[str, set[str]] = {}
        self._by_group: dict[int, set[str]] = {}
        for g in self._by_given:
            t = translit(g)
            self._by_translit.setdefault(t, set()).add(g)
            if t in data["groups"]:
                self._by_group.setdefault(data["groups"][t], set()).add(g)
        self._memo: dict[str, list[CorpusActor]] = {}

    def people(self, word: str) -> list[CorpusActor]:
        """The people one of whose first given names may be `word`."""
        if word in self._memo:
            return self._memo[word]
        t = translit(word)
        group = name_data()["groups"].get(t)
        # no nickname pairs: a bare "Francis" is not Frank Gaffney, a bare "Harry" not Harold Wilson; and no
        # initials: "S. Lee Merritt" is not every bare "Slideshow", "Salafi" or "Springsteen" of the corpus
        possible = {word} | self._by_translit.get(t, set())
        if group is not None:
            possible |= self._by_group.get(group, set())
        found = {i: c for g in possible if g in self._by_given
                 and same_given(g, word, nicknames=False, initials=False)
                 for i, c in self._by_given[g].items()}
        out = sorted(found.values(), key=lambda c: self._rank[id(c)])
        self._memo[word] = out
        return out


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


COLUMNS = ["name", "type", "articles", "mentions", "aliases", "roles", "first_seen", "last_seen",
           "first_article", "last_article", "country", "wikidata", "gazetteer_id"]


def actors_frame(actors: Iterable[CorpusActor], top: int | None = None, type: str | None = None
                 ) -> pd.DataFrame:
    """One row per merged corpus actor, most covered first (by articles, then mentions): what
    `presswork actors --review` prints.

    `aliases` and `roles` list the forms seen, most frequent first. `first_seen`/`last_seen` are
    publication dates where records carry them; `first_article`/`last_article` are record ids in input
    order. `type` filters (PERSON, ORG, GPE, ...); `top` keeps the first N rows.
    """
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
