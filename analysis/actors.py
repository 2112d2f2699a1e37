"""Entities resolved into actors (FIRST VERSION: spaCy entities grouped by normalised name).

Public entry point: :func:`resolve_actors` -> :class:`ActorSet`. The quotes module asks the
ActorSet who a mention is (:meth:`ActorSet.actor_at`, :meth:`ActorSet.actor_for_role`), never the
other way round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .article import Article
from .records import Actor, Mention

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")


def normalise_name(text: str) -> str:
    """One key for typographic and possessive variants: Iran’s / Iran's / Iran -> 'iran'."""
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = re.sub(r"'s$|'$", "", text.strip())
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class ActorSet:
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def by_id(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping [start, end)."""
        for m in self.mentions:
            if m.actor_id and m.start < end and start < m.end:
                return self.by_id(m.actor_id)
        return None

    def actor_for_role(self, text: str) -> Actor | None:
        """A nominal reference ('the top security official') resolved by role; None when unknown."""
        return None

    def people(self) -> list[Actor]:
        return [a for a in self.actors if a.type == "PERSON"]


def resolve_actors(doc: Doc, article: Article, gazetteer=None) -> ActorSet:
    actors: dict[str, Actor] = {}
    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS or not article_allows(article, ent.start_char, ent.end_char):
            continue
        key = normalise_name(ent.text)
        if not key:
            continue
        actor = actors.get(key)
        if actor is None:
            actor = Actor(id=f"a{len(actors)}", name=ent.text, type=ent.label_)
            actors[key] = actor
        if ent.text not in actor.aliases:
            actor.aliases.append(ent.text)
        actor.mentions.append((ent.start_char, ent.end_char))
        mentions.append(Mention(ent.start_char, ent.end_char, ent.text, ent.label_, actor.id))
    return ActorSet(list(actors.values()), mentions)


def article_allows(article: Article, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in article.analysable_spans())
