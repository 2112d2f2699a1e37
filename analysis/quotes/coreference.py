"""Pronoun speakers ('he added', 'They said') resolved to the last compatible speaker or mention.

Deliberately small: wire copy names a speaker and then continues with 'he'/'she' for the same
person, so the last *person* quoted before the pronoun (within a few paragraphs) is the best guess;
failing that, the last PERSON mentioned before it. 'they' and 'it' look for groups and organisations.

A gendered pronoun skips the people its gender rules out ('she' after Ursula von der Leyen was quoted and
Donald Trump named is von der Leyen): an actor's gender is what its names say (`names_gender`: a style such
as Mrs or Prince, else a given name the data is sure of); an unknown gender agrees with every pronoun. The
pronouns' genders are data (`pronoun_gender` in names.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analysis.actors.names import names_gender, pronoun_gender
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
    # the speaker mention as written ("Mrs. Okafor"): its style may tell a gender the actor's names do not
    text: str = ""


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


def pronoun_agrees(word: str, previous: list[Antecedent]) -> Callable[[Actor], bool]:
    """Whether the pronoun `word` may stand for an actor as far as gender goes: False only when both genders
    are known and differ ('she' / Donald Trump). The actor's gender is what its names say, together with the
    mentions it was quoted under ("Mrs. Okafor" for an actor the model named "Okafor")."""
    pronoun = pronoun_gender(word)
    written: dict[str, list[str]] = {}
    for ante in previous:
        if ante.actor is not None and ante.text:
            written.setdefault(ante.actor.id, []).append(ante.text)

    def agrees(actor: Actor) -> bool:
        if pronoun is None:
            return True
        gender = names_gender((actor.name, *actor.aliases, *written.get(actor.id, ())))
        return gender is None or gender == pronoun

    return agrees


def resolve_pronoun(word: str, position: int, previous: list[Antecedent], actors: ActorSet,
                    lexicon: Lexicon, subjects: frozenset[int] = frozenset()) -> Antecedent | None:
    """The antecedent of a speaker pronoun at `position`: last compatible speaker, else last mention.

    Compatible: of a type the pronoun's class may stand for, and of no gender the pronoun rules out. A person
    who is the subject of a sentence after that speaker ('Later Blair spoke in Leeds. “...,” he said.') takes
    over: `subjects` are the character positions of subject tokens."""
    cls = pronoun_class(word, lexicon)
    if cls is None:
        return None
    agrees = pronoun_agrees(word, previous)

    def fits(ante: Antecedent) -> bool:
        return compatible(cls, ante.type) and (ante.actor is None or agrees(ante.actor))

    for ante in reversed(previous):
        if ante.position < position and position - ante.position <= SPEAKER_WINDOW and fits(ante):
            return later_subject(cls, ante, position, actors, subjects, agrees) or ante
    best = None
    for m in actors.mentions:
        if m.start >= position or m.actor_id is None:
            continue
        actor = actors.by_id(m.actor_id)
        if actor is not None and compatible(cls, actor.type) and agrees(actor) \
                and (best is None or m.start > best.position):
            best = Antecedent(m.start, actor, actor.name, actor.type)
    if best is not None:
        return best
    # an earlier speaker beyond the window is still better than nothing
    for ante in reversed(previous):
        if ante.position < position and fits(ante):
            return ante
    return None


def later_subject(cls: str, ante: Antecedent, position: int, actors: ActorSet, subjects: frozenset[int],
                  agrees: Callable[[Actor], bool] = lambda actor: True) -> Antecedent | None:
    """The actor of the last compatible sentence subject between `ante` and `position`, when it is another
    actor than `ante`'s (`agrees`: the actors the pronoun's gender allows, see `pronoun_agrees`). The speaker
    named as a subject again after the other person keeps the pronoun ('..., von der Leyen said. Merkel hopes
    to ... On Monday von der Leyen criticized ..., and she called for ...')."""
    best = None
    for m in actors.mentions:
        if not (ante.position < m.start < position) or m.actor_id is None:
            continue
        if not any(m.start <= p < m.end for p in subjects):
            continue
        actor = actors.by_id(m.actor_id)
        if actor is None or not compatible(cls, actor.type) or not agrees(actor):
            continue
        if best is None or m.start > best.position:
            best = Antecedent(m.start, actor, actor.name, actor.type)
    if best is None or (ante.actor is not None and best.actor is not None and best.actor.id == ante.actor.id):
        return None
    return best
