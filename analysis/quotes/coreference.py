"""Pronoun speakers ('he added', 'They said') resolved to the last compatible speaker or mention.

Deliberately small: wire copy names a speaker and then continues with 'he'/'she' for the same
person, so the last *person* quoted before the pronoun (within a few paragraphs) is the best guess;
failing that, the last PERSON mentioned before it. 'they' and 'it' look for groups and organisations.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.actors.resolve import ActorSet
from analysis.actors.types import COLLECTIVE_TYPES
from analysis.quotes.cue import Lexicon
from analysis.records import Actor

PERSON_TYPES = ("PERSON",)
# How far back (in characters) a quoted speaker stays the antecedent of a pronoun.
SPEAKER_WINDOW = 1500


@dataclass
class Antecedent:
    position: int  # where the previous speaker's mention starts
    actor: Actor | None
    name: str | None
    type: str  # actor type, or 'PERSON' for a nominal person reference


def pronoun_class(word: str, lexicon: Lexicon) -> str | None:
    w = word.lower()
    for cls, words in lexicon.pronouns.items():
        if w in words:
            return cls
    return None


def compatible(cls: str, actor_type: str) -> bool:
    if cls == "person":
        return actor_type in PERSON_TYPES
    if cls == "group":
        return actor_type in COLLECTIVE_TYPES or actor_type in PERSON_TYPES
    if cls == "thing":
        return actor_type in COLLECTIVE_TYPES
    return False


def resolve_pronoun(word: str, position: int, previous: list[Antecedent], actors: ActorSet,
                    lexicon: Lexicon, subjects: frozenset[int] = frozenset()) -> Antecedent | None:
    """The antecedent of a speaker pronoun at `position`: last compatible speaker, else last mention.

    A person who is the subject of a sentence after that speaker ('Later Blair spoke in Leeds. “...,” he
    said.') takes over: `subjects` are the character positions of subject tokens."""
    cls = pronoun_class(word, lexicon)
    if cls is None:
        return None
    for ante in reversed(previous):
        if ante.position < position and position - ante.position <= SPEAKER_WINDOW and compatible(cls, ante.type):
            return later_subject(cls, ante, position, actors, subjects) or ante
    best = None
    for m in actors.mentions:
        if m.start >= position or m.actor_id is None:
            continue
        actor = actors.by_id(m.actor_id)
        if actor is not None and compatible(cls, actor.type) and (best is None or m.start > best.position):
            best = Antecedent(m.start, actor, actor.name, actor.type)
    if best is not None:
        return best
    # an earlier speaker beyond the window is still better than nothing
    for ante in reversed(previous):
        if ante.position < position and compatible(cls, ante.type):
            return ante
    return None


def later_subject(cls: str, ante: Antecedent, position: int, actors: ActorSet,
                  subjects: frozenset[int]) -> Antecedent | None:
    """The last compatible actor other than `ante`'s that is a sentence subject between it and `position`."""
    best = None
    for m in actors.mentions:
        if not (ante.position < m.start < position) or m.actor_id is None:
            continue
        if not any(m.start <= p < m.end for p in subjects):
            continue
        actor = actors.by_id(m.actor_id)
        if actor is None or not compatible(cls, actor.type) or (ante.actor is not None and actor.id == ante.actor.id):
            continue
        if best is None or m.start > best.position:
            best = Antecedent(m.start, actor, actor.name, actor.type)
    return best
