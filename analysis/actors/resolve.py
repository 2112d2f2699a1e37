"""Entities resolved into actors: one actor per real-world person, body or place in an article.

Public entry point: :func:`resolve_actors` -> :class:`ActorSet`. The quotes module asks the ActorSet who a
mention is (:meth:`ActorSet.actor_at`, :meth:`ActorSet.actor_for_role`), never the other way round.

Mentions come from the entity layer (:mod:`analysis.actors.entities`: spaCy + gazetteer + per-document type
voting). They are joined into actors when they share a gazetteer entry or a normalised name, when a
surname or partial name ends one full name ("Shamkhani" -> "Ali Shamkhani"), when one is the acronym of
the other ("PMU"), when they stand as "X (Y)" or "X or Y" aliases, or when their spellings are
near-identical (rapidfuzz). Roles come from pre-modifiers and appositions (:mod:`analysis.actors.roles`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations, pairwise

import numpy as np
from rapidfuzz import fuzz, process
from spacy.tokens import Doc

from analysis.actors.entities import EntityMention, find_mentions
from analysis.actors.evidence import ArticleFacts
from analysis.actors.gazetteer import Gazetteer, get_gazetteer, load_source_aliases
from analysis.actors.names import (
    NameParts,
    acronym_key,
    acronym_of,
    address_gender,
    consonant_key,
    given_gender,
    initials,
    name_data,
    name_key,
    name_parts,
    printed_name,
    pronoun_gender,
    same_given,
    similar_names,
    styles_conflict,
    translit,
)
from analysis.actors.offices import match_role_query
from analysis.actors.roles import roles_for_mention
from analysis.actors.types import ACTOR_TYPES
from analysis.documents.article import Article, paragraph_locator
from analysis.nlp.model import doc_text
from analysis.records import Actor, Mention

__all__ = ["ActorSet", "cooccurrence", "resolve_actors"]

ALIAS_WORDS = ("or", ", or", ", also known as", "also known as", "aka", ", known as", "known as")


def _looks_acronym_of(short: str, long: str) -> bool:
    """An all-caps short form after a multi-word name ("Hashd al-Shaabi or PMF"), initials aside."""
    letters = short.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha() and len(long.split()) >= 2


@dataclass
class ActorSet:
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # usual titles from the gazetteer, used by actor_for_role when the article states none
    known_roles: dict[str, list[str]] = field(default_factory=dict)
    # the run's gazetteer (default + the user's file): role matching folds its bodies' names
    gazetteer: Gazetteer | None = field(default=None, repr=False, compare=False)
    # the identity file's `different:` lists (see resolve_actors): a role descriptor listed as different
    # from a person is never answered by that person ("the prime minister" / "Tony Blair")
    apart: Callable[[str, str], bool] | None = field(default=None, repr=False, compare=False)
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def index(self) -> _Index:
        """Lookups by id and by position, built on first use: the quote and role lookups asked per quote
        were each a scan of every actor or mention -- all pairs over a long document."""
        if self._index is None or not self._index.fits(self):
            self._index = _Index(self)
        return self._index

    def by_id(self, actor_id: str) -> Actor | None:
        return self.index().by_id.get(actor_id)

    def by_name(self, name: str) -> Actor | None:
        """The actor with this canonical name or alias (typography and case ignored)."""
        key = name_key(name)
        return next((a for a in self.actors if key in {name_key(n) for n in (a.name, *a.aliases)}), None)

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping [start, end) (the longest overlap wins)."""
        best, overlap = None, 0
        for m in self.index().near(self.mentions, start, end):
            if m.actor_id and m.start < end and start < m.end:
                o = min(end, m.end) - max(start, m.start)
                if o > overlap:
                    best, overlap = m.actor_id, o
        return self.by_id(best) if best else None

    def mentions_of(self, actor_id: str) -> list[Mention]:
        return list(self.index().of_actor.get(actor_id, ()))

    def actor_for_role(self, text: str, before: int | None = None) -> Actor | None:
        """A nominal reference resolved by role: "the prime minister", "the top security official".

        The role's head noun must match a role the actor holds in this article (or, failing that, a
        usual title from the gazetteer); qualifiers ("Afghan", "national security") decide between
        candidates. With `before` (a char offset) ties go to the actor mentioned last before it.
        None when nobody fits.
        """
        best: tuple | None = None
        index = self.index()
        for actor, roles in index.role_holders(self):
            if self.apart is not None and self.apart(text, actor.name):
                continue
            for role, weight in roles:
                score = match_role_query(text, role, actor.country, self.gazetteer)
                if score <= 0:
                    continue
                last = index.last_start(actor.id, before)
                key = (score * weight, weight, last if before is not None else 0, len(actor.mentions))
                if best is None or key > best[0]:
                    best = (key, actor)
        return best[1] if best else None

    def people(self) -> list[Actor]:
        return [a for a in self.actors if a.type == "PERSON"]



class _Index:
    """An ActorSet's actors by id (the first with an id, as a scan finds it), mentions by actor, and mention
    starts for a window search (in mention order, so every lookup answers as a full scan would)."""

    def __init__(self, actors: ActorSet):
        self.size = (len(actors.actors), len(actors.mentions))
        self.by_id: dict[str, Actor] = {}
        for a in actors.actors:
            self.by_id.setdefault(a.id, a)
        self.of_actor: dict[str | None, list[Mention]] = defaultdict(list)
        for m in actors.mentions:
            self.of_actor[m.actor_id].append(m)
        self.starts = [m.start for m in actors.mentions]
        self.ordered = self.starts == sorted(self.starts)
        self.longest = max((m.end - m.start for m in actors.mentions), default=0)
        self._role_holders: list[tuple[Actor, list[tuple[str, float]]]] | None = None

    def role_holders(self, actors: ActorSet) -> list[tuple[Actor, list[tuple[str, float]]]]:
        """People with their roles (weight 1) and usual gazetteer titles (weight 0.5), those with any."""
        if self._role_holders is None:
            self._role_holders = []
            for actor in actors.people():
                roles = [(r, 1.0) for r in actor.roles] + [(r, 0.5) for r in actors.known_roles.get(actor.id, [])]
                if roles:
                    self._role_holders.append((actor, roles))
        return self._role_holders

    def last_start(self, actor_id: str, before: int | None) -> int:
        """The start of the actor's last mention (before `before`), -1 if none."""
        mentions = self.of_actor.get(actor_id, ())
        if not self.ordered:
            return max((m.start for m in mentions if before is None or m.start < before), default=-1)
        k = len(mentions) if before is None else bisect.bisect_left(mentions, before, key=lambda m: m.start)
        return mentions[k - 1].start if k > 0 else -1

    def fits(self, actors: ActorSet) -> bool:
        return self.size == (len(actors.actors), len(actors.mentions))

    def near(self, mentions: list[Mention], start: int, end: int) -> list[Mention]:
        """The mentions that may overlap [start, end): those starting in [start - longest, end)."""
        if not self.ordered:
            return mentions
        return mentions[bisect.bisect_left(self.starts, start - self.longest):bisect.bisect_left(self.starts, end)]


class _Union:
    """Union-find over mention indices."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _compatible(a: str, b: str) -> bool:
    """Types that may name one entity (a place named as a government is still one actor)."""
    if a == b:
        return True
    return {a, b} <= {"GPE", "LOC"} or {a, b} <= {"ORG", "NORP"} or {a, b} <= {"ORG", "FAC"}


def _link(doc: Doc, ms: list[EntityMention]) -> _Union:
    """Decide which mentions name the same entity.

    People are linked by name rules (:func:`analysis.actors.names.compatible_names`): two different full
    names never become one actor, and each surname-only or given-name-only mention is given, one by one,
    to the person it names in its context (see :func:`_resolve_short`).
    """
    uf = _Union(len(ms))
    parts = {i: name_parts(m.text) for i, m in enumerate(ms) if m.label == "PERSON"}
    full = [i for i, p in parts.items() if p.full]
    short = [i for i, p in parts.items() if not p.full and p.surname]
    _release_short_aliases(ms, parts, full, short)
    by_key: dict[str, int] = {}
    # a body's name the article links once is that entry wherever else it is written the same way (a
    # headline's "GOP" the gazetteer match missed, beside the body's linked "GOP")
    linked = {name_key(m.text): m for m in ms if m.gazetteer_id and m.label != "PERSON"}
    for i, m in enumerate(ms):
        if i in parts and not parts[i].full and not m.gazetteer_id:
            continue  # a bare surname is resolved per mention below, never by its spelling alone
        same = linked.get(name_key(m.text)) if m.label != "PERSON" else None
        key = m.gazetteer_id or (same.gazetteer_id if same is not None and _compatible(m.label, same.label)
                                 else f"{m.label}:{name_key(m.text)}")
        if key in by_key:
            uf.join(by_key[key], i)
        else:
            by_key[key] = i
    firsts = list(by_key.values())
    _join_full_names(uf, [i for i in firsts if i in parts and parts[i].full], parts)
    # acronyms join their expansion
    by_initials: dict[tuple[str, ...], list[int]] = defaultdict(list)  # acronym_of as a lookup, not per pair
    for j in firsts:
        by_initials[initials(ms[j].text)].append(j)
    for i in firsts:
        key = acronym_key(ms[i].text) if ms[i].label != "PERSON" else None
        for j in by_initials.get(key, ()) if key is not None else ():
            if i != j:
                uf.join(i, j)
    # "X (Y)" and "X or Y" aliases (never two people's full names)
    order = sorted(range(len(ms)), key=lambda k: ms[k].start)
    for a, b in pairwise(order):
        x, y = ms[a], ms[b]
        if x.label == y.label == "PERSON":
            continue
        between = doc_text(doc)[x.end:y.start].strip()
        if between == "(" and doc_text(doc)[y.end:y.end + 1] == ")" and _compatible(x.label, y.label):
            uf.join(a, b)
        elif between in ALIAS_WORDS and _compatible(x.label, y.label) and (
                between != "or" or acronym_of(y.text, x.text) or _looks_acronym_of(y.text, x.text)):
            uf.join(a, b)  # "X or Y" only for an acronym: "Hamas or Hezbollah" are two bodies
    # near-identical spellings of multi-word organisation names ("Revolution Guards" / "Revolutionary Guards"),
    # scored by rapidfuzz in bulk (the clusters are the same in any order: a root is its lowest index); people
    # are joined by the name rules above, never by spelling alone
    named = [i for i in firsts if ms[i].label == "ORG" and " " in name_key(ms[i].text)]
    keys = [name_key(ms[i].text) for i in named]
    for row in range(0, len(named), 512):
        scores = process.cdist(keys[row:row + 512], keys, scorer=fuzz.ratio, score_cutoff=88, dtype=np.float64)
        for a, b in zip(*np.nonzero(scores), strict=True):
            i, j = named[row + a], named[b]
            if i < j and not (ms[i].gazetteer_id and ms[j].gazetteer_id):
                uf.join(i, j)
    _resolve_short(doc, ms, uf, parts, full, short)
    return uf


def _release_short_aliases(ms: list[EntityMention], parts: dict, full: list[int], short: list[int]) -> None:
    """A gazetteer surname alias ("Clinton" for Hillary Clinton) does not decide who a bare surname is when
    the article names another person of that surname ("Bill Clinton"): the mention is resolved like any
    other bare surname."""
    ids: dict[str, set] = defaultdict(set)  # transliterated surname -> gazetteer ids of its full names
    for j in full:
        ids[translit(parts[j].surname)].add(ms[j].gazetteer_id)
    for i in short:
        gid = ms[i].gazetteer_id
        if gid and ids.get(translit(parts[i].surname), set()) - {gid}:  # same_surname: equal translit keys
            ms[i].gazetteer_id = None


def _join_full_names(uf: _Union, firsts: list[int], parts: dict) -> None:
    """Full names of one person join ("Hillary Rodham Clinton" / "Hillary Clinton", "Ghalibaf" / "Qalibaf"
    spellings), unless a third name in the article makes it ambiguous: "George Bush" beside both "George W.
    Bush" and "George H.W. Bush" stays apart."""
    # similar names have surnames with one consonant skeleton (same_surname or near_spelling): only names
    # sharing it are compared, not every pair of the article's full names
    block: dict[str, list[int]] = defaultdict(list)
    for i in firsts:
        block[consonant_key(parts[i].surname)].append(i)
    compat = {i: {j for j in block[consonant_key(parts[i].surname)] if j != i and similar_names(parts[i], parts[j])}
              for i in firsts}
    for i in firsts:
        for j in compat[i]:
            if j > i and compat[i] - {j} <= compat[j] | {j} and compat[j] - {i} <= compat[i] | {i}:
                uf.join(i, j)


# A bare surname goes to the most mentioned candidate only when it has this many times the runner-up's mentions.
SALIENCE_RATIO = 2


def _resolve_short(doc: Doc, ms: list[EntityMention], uf: _Union, parts: dict, full: list[int],
                   short: list[int]) -> None:
    """Each bare surname (or given name) joins the one person it names here; truly ambiguous ones stay
    apart, grouped under the bare name (an actor called "Clinton" is shown as unresolved).

    The candidates are the article's full names with that surname (or given name). Then, in order: the
    gender of an honorific ("Mrs.") or of the next pronoun in the sentence, when it rules candidates out;
    the one candidate named in the same or the previous sentence; the candidate mentioned at least
    SALIENCE_RATIO times as often as any other; failing that, the first-named candidate if it is also the
    most mentioned -- news names its main person first -- unless another was introduced in the same sentence.
    """
    sent_starts = [s.start_char for s in doc.sents] if short else []

    def sentence(pos: int) -> int:
        return max(bisect.bisect_right(sent_starts, pos) - 1, 0)

    by_root: dict[int, list[int]] = defaultdict(list)
    for j in full:
        by_root[uf.find(j)].append(j)
    # people named by style and given name only ("Prince Harry", "King Salman"): a bare given name may be them
    styled: dict[int, list[int]] = defaultdict(list)
    for j, p in parts.items():
        if not p.full and not p.surname and p.given:
            styled[uf.find(j)].append(j)
    groups = {**by_root, **styled}
    # Who a bare word may name is looked up, not compared with every full name (a 2 MB document holds
    # thousands of each): `same_surname` is equality of transliterated keys, so surnames are indexed by that
    # key; given names are compared once per distinct (given name, word) pair. Roots keep by_root's order.
    by_surname: dict[str, dict[int, None]] = defaultdict(dict)
    by_given: dict[str, dict[int, None]] = defaultdict(dict)
    for r, js in groups.items():
        for j in js:
            if parts[j].surname:
                by_surname[translit(parts[j].surname)][r] = None
            if parts[j].given:
                by_given[parts[j].given[0]][r] = None
    rank = {r: k for k, r in enumerate(groups)}
    given_roots: dict[str, list[int]] = {}

    def named_by_given(word: str) -> list[int]:
        # the same given name or a spelling of it, never a nickname pair ("Harry" is not Harold Wilson)
        if word not in given_roots:
            roots = {r for g, rs in by_given.items() if same_given(g, word, nicknames=False) for r in rs}
            given_roots[word] = sorted(roots, key=rank.__getitem__)
        return given_roots[word]

    resolved: Counter = Counter()  # bare mentions already given to each person: salience grows as we read
    unresolved: dict[str, int] = {}
    for i in sorted(short, key=lambda k: ms[k].start):
        if ms[i].gazetteer_id:
            continue  # the gazetteer knows this name and no other person in the article shares it
        word = parts[i].surname
        own = _styled_parts(doc, ms[i], parts[i])

        # no style may rule the person out ("Mrs May" is no man, "Prince Harry" no Reid)
        cands = {r: groups[r] for r in by_surname.get(translit(word), ())
                 if any(not styles_conflict(own, parts[j]) for j in groups[r])}
        if not cands and own.style != "address":  # "Mr Wilson" is a surname, never Wilson Smith's given name
            cands = {r: groups[r] for r in named_by_given(word)
                     if any(not styles_conflict(own, parts[j]) for j in groups[r])}
        if len(cands) > 1:
            cands = _narrow(doc, ms, i, cands, parts, sentence, resolved)
        if len(cands) == 1:
            root = next(iter(cands))
            uf.join(i, root)
            resolved[root] += 1
            continue
        key = f"{ms[i].label}:{word}"
        if key in unresolved:
            uf.join(unresolved[key], i)
        else:
            unresolved[key] = i


def _styled_parts(doc: Doc, m: EntityMention, parts: NameParts) -> NameParts:
    """The name parts of a bare name with the style of the word right before it ("Mrs" + "May")."""
    if m.start_token == 0 or parts.style:
        return parts
    kind, gender = name_data()["styles"].get(doc[m.start_token - 1].lower_.rstrip("."), ("", ""))
    if not kind:
        return parts
    return NameParts(parts.given, parts.surname, parts.suffix, kind, gender)


def _narrow(doc: Doc, ms: list[EntityMention], i: int, cands: dict[int, list[int]], parts: dict,
            sentence, resolved: Counter) -> dict[int, list[int]]:
    """The candidates left for the bare name `ms[i]` (see :func:`_resolve_short`)."""
    gender = _mention_gender(doc, ms, i)
    if gender:
        same = {r: js for r, js in cands.items()
                if {given_gender(parts[j].given[0]) for j in js} & {gender}}
        if same:
            cands = same
        if len(cands) == 1:
            return cands
    here = sentence(ms[i].start)
    near = {r: js for r, js in cands.items()
            if any(ms[j].start < ms[i].start and here - sentence(ms[j].start) <= 1 for j in js)}
    if len(near) == 1:
        return near
    # salience: mentions so far (full names and bare names already resolved); news introduces its main
    # person first, so the first-named candidate takes a tie it does not lose on salience
    weight = {r: len(js) + resolved[r] for r, js in cands.items()}
    ranked = sorted(cands, key=lambda r: (-weight[r], min(ms[j].start for j in cands[r])))
    top, second = ranked[0], ranked[1]
    if weight[top] >= SALIENCE_RATIO * weight[second]:
        return {top: cands[top]}
    intro = {r: min(ms[j].start for j in js) for r, js in cands.items()}
    first = min(cands, key=intro.get)
    together = any(r != first and sentence(intro[r]) == sentence(intro[first]) for r in cands)
    if first == top and not together:  # "George W. Bush and Jeb Bush appeared ... Bush": no main person
        return {top: cands[top]}
    return cands


def _mention_gender(doc: Doc, ms: list[EntityMention], i: int) -> str | None:
    """"female"/"male" from an honorific before the name ("Mrs. Clinton") or the next personal pronoun of
    its sentence ("Clinton said she ..."), when no other person is named in between."""
    m = ms[i]
    tok = m.start_token
    before = doc[tok - 1].lower_ if tok > 0 else ""
    for word in (doc[tok].lower_, before):
        if gender := address_gender(word):
            return gender
    sent = doc[tok].sent
    others = [x.start_token for x in ms if x is not m and x.label == "PERSON" and x.start_token > tok]
    stop = min([sent.end, *others])
    for t in doc[m.end_token:stop]:
        if t.pos_ == "PRON" and (gender := pronoun_gender(t.lower_)):
            return gender
    return None


def _canonical(ms: list[EntityMention], gaz: Gazetteer) -> tuple[str, str, str | None]:
    """(name, type, gazetteer id) of a cluster: the gazetteer's, else the fullest name and voted type."""
    gid = next((m.gazetteer_id for m in ms if m.gazetteer_id), None)
    if gid:
        e = gaz.by_id[gid]
        return e.name, e.type, gid
    votes = Counter(m.label for m in ms)
    typ = votes.most_common(1)[0][0]
    names = Counter(m.text for m in ms)
    if typ == "PERSON" and any(name_parts(n).full for n in names):
        # a person is named by its commonest full name ("Hillary Clinton", not a one-off "Hillary Rodham
        # Clinton" nor a headline's "Ted Cruz Apologizes"), as running text prints it (a transcript's label
        # "AMY GOODMAN" is Amy Goodman)
        full = [n for n in names if name_parts(n).full]
        return printed_name(max(full, key=lambda n: (not n.isupper(), names[n], len(name_key(n).split()), len(n)))), \
            typ, None
    name = max(names, key=lambda n: (len(name_key(n).split()), names[n], len(n)))
    return (printed_name(name) if typ == "PERSON" else name), typ, None


def resolve_actors(doc: Doc, article: Article, gazetteer: Gazetteer | str | None = None,
                   apart: Callable[[str, str], bool] | None = None) -> ActorSet:
    """Actors of one article: mentions (headline included, dateline never) joined into entities.

    `gazetteer`: a :class:`~analysis.actors.gazetteer.Gazetteer`, a user YAML path extending the default, or None.
    `apart(name, other)`: the analyst's identity file lists the two names as different people (its
    `different:` lists): a mention so named is never joined inside the article to an actor called the other
    (see :func:`_split_apart`).
    """
    gaz = get_gazetteer(gazetteer)
    facts = ArticleFacts((article.source or "", article.publisher or "", article.path or ""),
                         article.dateline.location if article.dateline else None,
                         str(article.published) if article.published else None)
    found = find_mentions(doc, gaz, allowed=article.analysable_spans(), headline=article.headline_span,
                          facts=facts)
    found = _source_alias_mentions(doc, article, gaz, found)
    names = [m for m in found if m.label in ACTOR_TYPES]
    uf = _link(doc, names)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(names)):
        clusters[uf.find(i)].append(i)
    split: dict = {}
    if apart is not None:
        clusters, split = _split_apart(names, clusters, gaz, apart)
    apart_from = {min(idx): split[key] for key, idx in clusters.items() if key in split}
    sent_starts = [s.start_char for s in doc.sents]
    paragraph_of = paragraph_locator(article.paragraphs)  # -1 for the headline

    def sentence_of(pos: int) -> int:
        return max(bisect.bisect_right(sent_starts, pos) - 1, 0)

    name_tokens = {i: m.label for m in names for i in range(m.start_token, m.end_token)}
    actors: list[Actor] = []
    mentions: list[Mention] = []
    known_roles: dict[str, list[str]] = {}
    ordered = sorted(clusters.values(), key=lambda idx: min(names[i].start for i in idx))
    for n, idx in enumerate(ordered):
        ms = sorted((names[i] for i in idx), key=lambda m: m.start)
        name, typ, gid = _canonical(ms, gaz)
        entry = gaz.by_id.get(gid) if gid else None
        actor = Actor(id=f"a{n}", name=name, type=typ, country=entry.country if entry else None,
                      wikidata=entry.wikidata if entry else None, gazetteer_id=gid,
                      gazetteer_evidence=next((m.evidence for m in ms if m.gazetteer_id == gid and m.evidence),
                                              None) if gid else None,
                      apart_from=apart_from.get(min(idx)))
        for m in ms:
            if m.text not in actor.aliases:
                actor.aliases.append(m.text)
            actor.mentions.append((m.start, m.end))
            mentions.append(Mention(m.start, m.end, m.text, m.label, actor.id, sentence_of(m.start),
                                    paragraph_of(m.start)))
            if typ == "PERSON":
                for role in [*roles_for_mention(doc, m.start_token, m.end_token, name_tokens), *_style_role(m.text)]:
                    if role not in actor.roles:
                        actor.roles.append(role)
        held = _offices_at(entry, article.published) if entry else []
        if held:
            known_roles[actor.id] = held
        actors.append(actor)
    return ActorSet(actors, sorted(mentions, key=lambda m: m.start), known_roles, gaz, apart)


def _split_apart(names: list[EntityMention], clusters: dict[int, list[int]], gaz: Gazetteer,
                 apart: Callable[[str, str], bool]) -> tuple[dict, dict]:
    """The clusters with the within-article joins the identity file undoes taken apart: each mention whose
    name the file lists as different from its cluster's name ("Mr Johnson" / "Boris Johnson") leaves it,
    with the other mentions of that name, as an actor of its own. Also returns, per new cluster, the name it
    is kept apart from."""
    out: dict = {}
    split: dict = {}
    for root, idx in clusters.items():
        name = _canonical([names[i] for i in idx], gaz)[0]
        for i in idx:
            text = names[i].text
            key = root
            if name_key(text) != name_key(name) and apart(text, name):
                key = (root, name_key(text))
                names[i].gazetteer_id = None  # nor is it the gazetteer's entry of that name ("Johnson")
                split[key] = name
            out.setdefault(key, []).append(i)
    return out, split


def _style_role(text: str) -> list[str]:
    """A royal or clerical style a name carries is its role too: "Pope Francis" holds "Pope", "Crown Prince
    Mohammed bin Salman" "Crown Prince" (so "the pope", "the crown prince" find them)."""
    styles = name_data()["styles"]
    words = text.split()
    n = 0
    while n < len(words) - 1 and styles.get(words[n].lower().rstrip("."), ("", ""))[0] in ("royal", "clerical"):
        n += 1
    return [" ".join(words[:n])] if n else []


def _offices_at(entry, published) -> list[str]:
    """The offices a gazetteer person held on the article's date (its dated roles); none for an undated
    article or undated roles: a timeless list of titles is no evidence of who "the prime minister" was."""
    if published is None:
        return []
    day = str(published)[:10]
    return [role for role, start, end in entry.terms if (not start or start <= day) and (not end or day <= end)]


def _source_alias_mentions(doc: Doc, article: Article, gaz: Gazetteer, found: list[EntityMention]
                           ) -> list[EntityMention]:
    """`found` plus the source-aware aliases of this article's source ("the Leader" in an Iranian outlet,
    see ``analysis/data/source_aliases.yaml``), which replace the model's spans they overlap."""
    wanted = load_source_aliases().for_article(
        [article.source or "", article.publisher or "", article.path or ""],
        article.dateline.location if article.dateline else None)
    if not wanted:
        return found
    text = doc_text(doc)
    allowed = article.analysable_spans()
    added: list[EntityMention] = []
    for actor, aliases in wanted:
        entry = gaz.by_id.get(actor) or gaz.lookup(actor)
        if entry is None:
            continue
        for alias in sorted(aliases, key=len, reverse=True):
            bare = alias[4:] if alias.lower().startswith("the ") else alias
            pattern = (r"(?<![\w’'])(?:[Tt]he\s+)" if bare != alias else r"(?<![\w’'])") + re.escape(bare) + r"(?![\w-])"
            for hit in re.finditer(pattern, text):
                start, end = hit.end() - len(bare), hit.end()
                if not any(a <= start and end <= b for a, b in allowed):
                    continue
                if any(m.start < end and start < m.end for m in added):
                    continue
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                added.append(EntityMention(start, end, span.start, span.end, text[start:end], entry.type,
                                           "gazetteer", entry.id, None, "source alias"))
    if not added:
        return found
    kept = [m for m in found if not any(a.start < m.end and m.start < a.end for a in added)]
    return sorted(kept + [a for a in added], key=lambda m: m.start)


def cooccurrence(actor_set: ActorSet, types: tuple[str, ...] = ACTOR_TYPES) -> list[dict]:
    """Pairs of actors named in the same sentence / paragraph, with how many of each they share.

    Returns ``[{"a": id, "b": id, "a_name", "b_name", "sentences": n, "paragraphs": n}, ...]``, ids ordered
    by first mention; pairs that never share a paragraph (nor a sentence) are left out.
    """
    wanted = {a.id for a in actor_set.actors if a.type in types}
    sents: dict[int, set[str]] = defaultdict(set)
    paras: dict[int, set[str]] = defaultdict(set)
    for m in actor_set.mentions:
        if m.actor_id in wanted:
            sents[m.sentence].add(m.actor_id)
            paras[m.paragraph].add(m.actor_id)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    order = {a.id: k for k, a in enumerate(actor_set.actors)}
    for slot, groups in ((0, sents), (1, paras)):
        for ids in groups.values():
            for a, b in combinations(sorted(ids, key=order.get), 2):
                counts[(a, b)][slot] += 1
    names: dict[str, str] = {}  # what by_id gives (the first actor with the id), without a scan per pair
    for actor in actor_set.actors:
        names.setdefault(actor.id, actor.name)
    out = []
    for (a, b), (s, p) in sorted(counts.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0])):
        out.append({"a": a, "b": b, "a_name": names[a], "b_name": names[b], "sentences": s, "paragraphs": p})
    return out
