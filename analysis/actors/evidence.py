"""What an article corroborates, and the evidence a gazetteer link needs.

A gazetteer name found in a text is a claim ("Treasury" is the US Treasury, "Lord Smith" is a US senator,
"CBI" is the Central Bank of Iran). It becomes a link only with evidence from the article itself:

- **full name**: the article names the entry by one of its names of several words ("Hillary Clinton",
  "Popular Mobilization Units");
- **own name**: a body's own one-word name, not an acronym ("Twitter", "Hezbollah"; an alias such as
  "Treasury" or "CBI" is not one);
- **country**: the entry's country is one of the article's countries -- its outlet's
  (``analysis/data/outlets.yaml``), its dateline's, or one it names at least twice (places, demonyms);
- **international**: the entry belongs to no country (the UN, NATO, "Shia");
- places link by their name (a country or a city is what it says);
- **party context** (parties only): a party's group word or acronym ("Republicans", "GOP") in an article
  with no dateline links to the party of the country that the article's other linked names point to: at
  least two people, bodies or places of that country ("Donald Trump", "Mike Crapo", "Nebraska"), or the
  country itself ("U.S.", "American"); the article's own countries (its outlet's, one named twice) come first.

When a name stands for several entries ("Treasury", "Green Party"), the one with evidence is chosen, the
article's first country first. A rank style right before a bare name ("Lord", "Prince", "Cardinal") that
the entry's names never carry blocks the link. Without evidence the mention keeps the model's reading, or
is dropped when only the gazetteer had read it as a name. Each link records its evidence, shown by
``presswork actors --review``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from analysis.actors.gazetteer import Gazetteer, GazetteerEntry
from analysis.actors.names import RANK_KINDS, acronym_key, name_data, name_key, name_parts
from analysis.yamldata import load_bundled

PLACE_TYPES = ("GPE", "LOC", "FAC")
# a country named this many times is one of the article's countries
NAMED_TIMES = 2


@dataclass(frozen=True)
class ArticleFacts:
    """What presswork knows of an article besides its text: its outlet names, dateline place and date."""

    sources: tuple[str, ...] = ()
    dateline: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class ArticleContext:
    """The article's countries, in order of weight (dateline, outlet, then the most named), and date."""

    countries: tuple[str, ...]
    published: str | None = None
    # countries the article's linked names point to (only used for parties, and only when no dateline
    # places the article): see :func:`party_context`
    context: tuple[str, ...] = ()
    datelined: bool = False  # the first of `countries` is the dateline's: the story happens there

    @property
    def main(self) -> str | None:
        return self.countries[0] if self.countries else None


@lru_cache(maxsize=1)
def _outlet_data() -> dict:
    return load_bundled("outlets.yaml") or {}


def _codes(section: str) -> dict[str, str]:
    return {name_key(str(o)): str(code) for code, names in (_outlet_data().get(section) or {}).items()
            for o in names or []}


@lru_cache(maxsize=1)
def _outlets() -> dict[str, str]:
    return _codes("outlets")


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    return _codes("regions")


def dateline_country(gaz: Gazetteer, place: str | None) -> str | None:
    """The country of a dateline place: the gazetteer's city or country, else the region after its last
    comma ("BATON ROUGE, La." -> US)."""
    if not place:
        return None
    entry = gaz.lookup(place)
    if entry is not None and entry.country:
        return entry.country
    tail = place.rsplit(",", 1)[-1].strip()
    entry = gaz.lookup(tail) if tail != place else None
    return (entry.country if entry is not None else None) or _regions().get(name_key(tail))


def outlet_country(sources: tuple[str, ...] | list[str]) -> str | None:
    """The country of the first source or publisher name that is a known outlet ("The Guardian" -> GB)."""
    outlets = _outlets()
    for s in sources:
        code = outlets.get(name_key(s or ""))
        if code:
            return code
    return None


def article_context(gaz: Gazetteer, facts: ArticleFacts, named: list[tuple[str, str | None]]) -> ArticleContext:
    """The countries of an article from its facts and `named`: (text, gazetteer id) of its place and group
    mentions."""
    score: Counter = Counter()
    for text, gid in named:
        entry = gaz.by_id.get(gid) if gid else None
        code = entry.country if entry is not None and entry.type in ("GPE", "NORP") else gaz.country_of_word(text)
        if code:
            score[code] += 1
    ordered: list[str] = []
    placed = dateline_country(gaz, facts.dateline)
    for code in (placed, outlet_country(facts.sources)):
        if code and code not in ordered:
            ordered.append(code)
    ordered += [c for c, n in score.most_common() if n >= NAMED_TIMES and c not in ordered]
    return ArticleContext(tuple(ordered), facts.published, datelined=placed is not None)


def link_evidence(entry: GazetteerEntry, texts: set[str], ctx: ArticleContext, styles_before: set[str]) -> str | None:
    """Why the mentions with these name keys may link to `entry` in this article, or None."""
    if entry.type in PLACE_TYPES or entry.kind == "country":
        return "place name"
    if styles_before & RANK_KINDS and not any(name_parts(n).style in styles_before for n in entry.names()):
        return None  # "Lord Smith" is no entry named plain "Smith"
    if texts & entry.full_names():
        return "full name"
    if (entry.type != "PERSON" and name_key(entry.name) in texts and acronym_key(entry.name) is None
            and name_key(entry.name) not in {name_key(n) for n in entry.in_country}):
        return "own name"  # a body's one-word name of its own ("Twitter", "Hezbollah"), no acronym
    if entry.country is None:
        return "international"
    if entry.country in ctx.countries:
        return f"country {entry.country}"
    if entry.kind == "party" and entry.country in ctx.context:
        return f"party context {entry.country}"
    return None


def party_context(ctx: ArticleContext, linked: list[GazetteerEntry], places: list[str] = ()) -> ArticleContext:
    """`ctx` with the countries the story is about when no dateline says where it happens ("(Reuters) -
    Senate Republicans mounted...", a London paper's piece on the US Senate): each country at least two of its
    `linked` people, bodies or places, or of its `places` that are regions (``outlets.yaml`` `regions`:
    "Texas", "Scotland"), point to (each counted once; the country itself, or its demonym, counts two);
    parties of that country may then link by a group word. The article's own countries still come first
    (:func:`choose_entry`): a British paper's "Conservatives" stay the British party. A datelined article
    keeps its dateline: a Prague story's "Democrats" are never decided by the Americans it names."""
    if ctx.datelined:
        return ctx
    score: Counter = Counter()
    for e in {e.id: e for e in linked if e.country and e.kind != "party"}.values():
        score[e.country] += NAMED_TIMES if e.kind == "country" else 1
    for key in {name_key(p) for p in places}:
        if key in _regions():
            score[_regions()[key]] += 1
    return ArticleContext(ctx.countries, ctx.published,
                          tuple(c for c, n in score.most_common() if n >= NAMED_TIMES and c not in ctx.countries),
                          ctx.datelined)


def choose_entry(gaz: Gazetteer, entry: GazetteerEntry, texts: set[str], ctx: ArticleContext,
                 styles_before: set[str]) -> tuple[GazetteerEntry | None, str | None]:
    """The entry a name stands for in this article, with its evidence: among every entry the name may
    stand for, the first with evidence, an entry of the article's first country before the others."""
    cands = {e.id: e for t in texts for e in gaz.candidates(t)} or {entry.id: entry}
    if entry.id not in cands:
        cands[entry.id] = entry
    rank = {c: k for k, c in enumerate((*ctx.countries, *ctx.context))}
    best = None
    for e in cands.values():
        why = link_evidence(e, texts, ctx, styles_before)
        if why is None:
            continue
        key = (why != "full name", rank.get(e.country or "", len(rank)), e.id != entry.id)
        if best is None or key < best[0]:
            best = (key, e, why)
    return (best[1], best[2]) if best else (None, None)


def style_before(word: str) -> str:
    """The kind of style a word is ("Lord" -> "noble"), else ""."""
    return name_data()["styles"].get(word.lower().rstrip("."), ("", ""))[0]
