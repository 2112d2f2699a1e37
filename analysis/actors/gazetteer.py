"""The actor gazetteer: canonical actors with aliases, type, country and Wikidata id.

The default lives in ``analysis/data/gazetteer.yaml`` (editable); a user file in the same format extends it
(same name or id: aliases added, other fields replaced). Loading is cached per process. This module is
plain data (no spaCy): the corpus layer reads it too; matching it in a parsed text is
:func:`analysis.actors.entities.gazetteer_matches`.

>>> gaz = load_gazetteer()
>>> gaz.lookup("Hashd al-Sha’abi").name
'Popular Mobilization Units'
>>> gaz.country_of_word("Iranian")
'IR'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from analysis.actors.names import name_key
from analysis.actors.types import GAZETTEER_TYPES
from analysis.errors import DataFileError, GazetteerError
from analysis.yamldata import load_bundled, load_yaml_file


@dataclass
class GazetteerEntry:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    wikidata: str | None = None
    demonyms: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    kind: str | None = None  # "country" for sovereign (and constituent) countries: the entries with demonyms
    # names that stand for this entry only in an article about its country ("Conservatives", "Democrats")
    in_country: list[str] = field(default_factory=list)
    # dated offices: (role, from, to) with ISO dates ("" when open), for role descriptors at an article's date
    terms: list[tuple[str, str, str]] = field(default_factory=list)

    def names(self) -> list[str]:
        """The canonical name first, then every alias and every in-country name."""
        return [self.name, *self.aliases, *self.in_country]

    def full_names(self) -> set[str]:
        """Keys of the names that identify the entry on their own: several words, not an in-country name
        ("Hillary Clinton", "Popular Mobilization Units"; not "Clinton", "PMU", "Conservatives")."""
        local = {name_key(n) for n in self.in_country}
        return {name_key(n) for n in (self.name, *self.aliases) if len(name_key(n).split()) > 1} - local


class Gazetteer:
    """Entries indexed by id and by every alias key."""

    def __init__(self, entries: list[GazetteerEntry]):
        self.entries = entries
        self.by_id = {e.id: e for e in entries}
        self._by_key: dict[str, GazetteerEntry] = {}
        self._all_by_key: dict[str, list[GazetteerEntry]] = {}  # every entry a name may stand for
        self._demonyms: dict[str, str] = {}
        for e in entries:
            for n in e.names():
                # the first entry to claim a key keeps it (a canonical name beats another entry's alias)
                self._by_key.setdefault(name_key(n), e)
                owners = self._all_by_key.setdefault(name_key(n), [])
                if e not in owners:
                    owners.append(e)
            if e.country and e.type == "GPE":
                for w in (e.name, *e.aliases, *e.demonyms):
                    self._demonyms.setdefault(name_key(w), e.country)
        for e in entries:  # canonical names win over aliases of other entries
            self._by_key[name_key(e.name)] = e

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry one of whose names has the key of `text`, else None."""
        return self._by_key.get(name_key(text))

    def candidates(self, text: str) -> list[GazetteerEntry]:
        """Every entry one of whose names has the key of `text` ("Treasury": the US and the UK one)."""
        return list(self._all_by_key.get(name_key(text), ()))

    def country_of_word(self, word: str) -> str | None:
        """ISO code for a country name, alias or demonym ("Iranian", "Iran’s", "U.S." -> "US")."""
        return self._demonyms.get(name_key(word))

    def keys(self) -> dict[str, GazetteerEntry]:
        return dict(self._by_key)


def parse_entries(data: dict, origin: str = "<gazetteer>") -> list[GazetteerEntry]:
    """Entries from the YAML structure {TYPE: [ {name, aliases, ...}, ... ]}."""
    entries = []
    if not isinstance(data or {}, dict):
        raise TypeError(f"{origin}: expected a mapping of actor types ({', '.join(GAZETTEER_TYPES)}) to lists of entries")
    for typ, items in (data or {}).items():
        if typ not in GAZETTEER_TYPES:
            raise ValueError(f"{origin}: unknown actor type {typ!r} (use one of {', '.join(GAZETTEER_TYPES)})")
        if not isinstance(items or [], list):
            raise TypeError(f"{origin}: {typ} must hold a list of entries, not {items!r:.80}")
        for item in items or []:
            if isinstance(item, str):
                item = {"name": item}
            if not isinstance(item, dict) or not item.get("name"):
                raise ValueError(f"{origin}: an entry under {typ} has no name: {item!r:.80}")
            roles, terms = _roles_and_terms(item.get("roles") or [], origin, item["name"])
            entries.append(GazetteerEntry(
                id=str(item.get("id") or item["name"]), name=str(item["name"]), type=typ,
                aliases=[str(a) for a in item.get("aliases") or []],
                country=item.get("country"), wikidata=item.get("wikidata"),
                demonyms=[str(d) for d in item.get("demonyms") or []],
                roles=roles,
                kind=item.get("kind") or ("country" if typ == "GPE" and "demonyms" in item else None),
                in_country=[str(a) for a in item.get("in_country") or []],
                terms=terms,
            ))
    return entries


def _roles_and_terms(items: list, origin: str, name: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Role titles, and the dated ones as (role, from, to): an item is a title ("Foreign Minister") or a
    mapping {role: ..., from: 2013-08-15, to: 2021-08-25} (dates as ISO text; a missing end is open)."""
    roles, terms = [], []
    for item in items:
        if isinstance(item, dict):
            if not item.get("role"):
                raise ValueError(f"{origin}: a dated role of {name!r} has no `role:` ({item!r:.80})")
            role = str(item["role"])
            terms.append((role, str(item.get("from") or ""), str(item.get("to") or "")))
        else:
            role = str(item)
        if role not in roles:
            roles.append(role)
    return roles, terms


def party_entries(data: dict, origin: str = "parties.yaml") -> list[GazetteerEntry]:
    """Gazetteer entries (ORG, kind "party") from the parties file's structure {parties: [...]}."""
    items = (data or {}).get("parties") or []
    if not isinstance(items, list):
        raise TypeError(f"{origin}: `parties:` must hold a list of parties")
    for item in items:
        if not isinstance(item, dict) or not item.get("name"):
            raise ValueError(f"{origin}: a party has no name: {item!r:.80}")
    entries = parse_entries({"ORG": items}, origin)
    for e in entries:
        e.kind = "party"
    return entries


def merge(base: list[GazetteerEntry], extra: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """User entries extend the default: same id -> aliases/demonyms/roles added, other fields replaced."""
    by_id = {e.id: e for e in base}
    out = list(base)
    for e in extra:
        old = by_id.get(e.id)
        if old is None:
            out.append(e)
            by_id[e.id] = e
            continue
        old.aliases += [a for a in e.aliases if a not in old.aliases]
        old.demonyms += [d for d in e.demonyms if d not in old.demonyms]
        old.roles += [r for r in e.roles if r not in old.roles]
        old.in_country += [a for a in e.in_country if a not in old.in_country]
        old.terms += [x for x in e.terms if x not in old.terms]
        old.kind = e.kind or old.kind
        old.type = e.type
        old.country = e.country or old.country
        old.wikidata = e.wikidata or old.wikidata
    return out


@dataclass
class SourceAliases:
    """Aliases valid only in some sources ("the Leader" is Ali Khamenei in Iranian outlets): the editable
    ``analysis/data/source_aliases.yaml``."""

    groups: dict[str, dict[str, list[str]]]
    aliases: list[tuple[str, str, list[str]]]  # (gazetteer entry id or name, group, aliases)

    def for_article(self, source_names: list[str], dateline: str | None) -> list[tuple[str, list[str]]]:
        """(entry, aliases) pairs that apply to an article with these source names and dateline place."""
        have = " | ".join(name_key(s) for s in source_names if s)
        place = name_key(dateline or "")
        wanted = {g for g, spec in self.groups.items()
                  if any(name_key(s) in have for s in spec.get("sources", []) if s)
                  or (place and place in {name_key(d) for d in spec.get("datelines", [])})}
        return [(actor, names) for actor, group, names in self.aliases if group in wanted]


@lru_cache(maxsize=1)
def load_source_aliases() -> SourceAliases:
    data = load_bundled("source_aliases.yaml") or {}
    groups = {str(g): {k: [str(x) for x in v or []] for k, v in (spec or {}).items()}
              for g, spec in (data.get("groups") or {}).items()}
    aliases = []
    for item in data.get("aliases") or []:
        if item.get("in") not in groups:
            raise ValueError(f"source_aliases.yaml: {item.get('actor')!r} names an unknown group {item.get('in')!r}")
        aliases.append((str(item["actor"]), str(item["in"]), [str(a) for a in item.get("aliases") or []]))
    return SourceAliases(groups, aliases)


@lru_cache(maxsize=8)
def load_gazetteer(user_file: str | None = None) -> Gazetteer:
    """The default gazetteer, extended by `user_file` when given (cached: loaded once per process).

    A user file that cannot be used raises :class:`GazetteerError` naming the file and what is wrong."""
    entries = parse_entries(load_bundled("gazetteer.yaml"), "gazetteer.yaml")
    entries = merge(entries, party_entries(load_bundled("parties.yaml")))
    if user_file:
        try:  # bounded YAML data: unreadable, special, huge, non-UTF-8 or alias-bomb files are one message
            entries = merge(entries, parse_entries(load_yaml_file(user_file, "gazetteer"), str(user_file)))
        except DataFileError as e:
            raise GazetteerError(str(e)) from None
        except (ValueError, TypeError) as e:
            raise GazetteerError(f"gazetteer {e}" if str(e).startswith(str(user_file)) else
                                 f"gazetteer {user_file}: {e}") from None
    return Gazetteer(entries)


def get_gazetteer(gazetteer: Gazetteer | str | None = None) -> Gazetteer:
    """Accept a Gazetteer, a user file path (extending the default) or None (the default)."""
    if isinstance(gazetteer, Gazetteer):
        return gazetteer
    return load_gazetteer(str(gazetteer) if gazetteer else None)
