"""Reporting cues: the verbs and phrases that introduce what someone said, thought or wanted.

The lexicon is the editable file ``analysis/data/reporting_verbs.yaml``; :func:`find_cues` walks a
parsed sentence and yields one :class:`Cue` per reporting verb (with its particle or preposition,
"called for", "pointed out") or prepositional cue ("according to X").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from spacy.tokens import Span, Token

from analysis.nlp.model import doc_text
from analysis.yamldata import load_bundled


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset[str]
    mental: frozenset[str]
    phrasal: dict[str, frozenset[str]]
    object_as: frozenset[str]
    channel_verbs: frozenset[str]
    channel_words: tuple[str, ...]
    according: tuple[tuple[str, ...], ...]  # token sequences, lower case
    pronouns: dict[str, frozenset[str]]
    unnamed_heads: frozenset[str]
    direct_only: frozenset[str] = frozenset()
    object_then: dict[str, frozenset[str]] = field(default_factory=dict)
    comment_pages: tuple[str, ...] = ()
    not_speech_governors: frozenset[str] = frozenset()
    not_speech_auxiliaries: frozenset[str] = frozenset()
    not_speech_phrases: tuple[tuple[str, ...], ...] = ()  # token sequences, lower case ('as opposed to')
    needs_clause: frozenset[str] = frozenset()
    not_statements: frozenset[str] = frozenset()  # mental verbs that give no quote in the news-quote convention
    addressed: frozenset[str] = frozenset()  # verbs whose passive participle has the one spoken to as subject
    statements_only: bool = True  # the news-quote convention; False: PolNeAR's attributions (for_attributions)

    @cached_property
    def verbs(self) -> frozenset[str]:
        return self.speech | self.mental | frozenset(self.phrasal)

    def for_attributions(self) -> Lexicon:
        """The lexicon under PolNeAR's attribution convention, which counts what was denied, wanted, urged or
        decided ('denied any wrongdoing', 'urged the court to reject') as attributed content: no verb needs a
        clause, a question ('would not say whether ...') counts and the reporter's trailing aside stays in the
        content, and a decision or a feeling is a cue ('decided she should share the honor'). The default,
        news-quote convention reports statements only."""
        return replace(self, needs_clause=frozenset(), statements_only=False)

    @cached_property
    def according_first(self) -> frozenset[str]:
        return frozenset(seq[0] for seq in self.according)

    @classmethod
    def from_mapping(cls, data: dict) -> Lexicon:
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or [])

        return cls(
            speech=words("speech"),
            mental=words("mental"),
            phrasal={str(k).lower(): frozenset(str(p).lower() for p in v or []) for k, v in
                     (data.get("phrasal") or {}).items()},
            object_as=words("object_as"),
            channel_verbs=words("channel_verbs"),
            channel_words=tuple(str(w).lower() for w in data.get("channel_words") or []),
            according=tuple(tuple(str(p).lower().split()) for p in data.get("according") or []),
            pronouns={str(k): frozenset(str(p).lower() for p in v or []) for k, v in
                      (data.get("pronouns") or {}).items()},
            unnamed_heads=words("unnamed_heads"),
            direct_only=words("direct_only"),
            object_then={str(k).lower(): frozenset(str(p).lower() for p in v or []) for k, v in
                         (data.get("object_then") or {}).items()},
            comment_pages=tuple(str(w).lower() for w in data.get("comment_pages") or []),
            not_speech_governors=frozenset(str(w).lower() for w in (data.get("not_speech") or {}).get("governors") or []),
            not_speech_auxiliaries=frozenset(str(w).lower() for w in (data.get("not_speech") or {}).get("auxiliaries")
                                             or []),
            not_speech_phrases=tuple(tuple(str(p).lower().split())
                                     for p in (data.get("not_speech") or {}).get("phrases") or []),
            needs_clause=words("needs_clause"),
            not_statements=words("not_statements"),
            addressed=words("addressed"),
        )


@lru_cache(maxsize=8)
def load_lexicon() -> Lexicon:
    """The shipped cue lexicon (``analysis/data/reporting_verbs.yaml``)."""
    return Lexicon.from_mapping(load_bundled("reporting_verbs.yaml") or {})


def convention_lexicon(convention: str = "statements") -> Lexicon:
    """The shipped lexicon under a quote convention (`Settings.quote_convention`): "statements", the news-quote
    convention, or "attributions", PolNeAR's (`Lexicon.for_attributions`)."""
    lexicon = load_lexicon()
    return lexicon.for_attributions() if convention == "attributions" else lexicon


@dataclass
class Cue:
    """One reporting cue in a sentence: the verb (or 'according') and the tokens that belong to it."""

    head: Token
    tokens: list[Token] = field(default_factory=list)  # verb + particle/preposition/negation
    kind: str = "speech"  # speech | mental | according
    arg: Token | None = None  # the preposition/object that carries the content for phrasal cues
    direct_only: bool = False  # a cue only for an adjacent quotation ('he continued'), never content of its own
    # False: a decision or a feeling under the news-quote convention (`not_statements`): its content is no quote,
    # and neither is a quotation or a cue inside it ('felt the need to clarify', 'decide whether ... “...”')
    states: bool = True

    @property
    def start(self) -> int:
        return min(t.idx for t in self.tokens)

    @property
    def end(self) -> int:
        return max(t.idx + len(t.text) for t in self.tokens)

    @property
    def text(self) -> str:
        doc = self.head.doc
        return doc_text(doc)[self.start:self.end]


VERB_POS = ("VERB", "AUX")
# Verb forms a reporting verb takes when it reports; 'said' as adjective ("the said agreement") is not one.
VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")


# Determiners of a plural noun: a third-person singular verb right after one is a plural noun the parser misread
# ('Utah, all states that Bush won': 'states' is no verb and 'that Bush won' a relative clause on it, not content)
PLURAL_DETERMINERS = frozenset({"all", "both", "many", "several", "few", "these", "those", "various", "numerous"})


def is_cue_verb(token: Token, lexicon: Lexicon) -> bool:
    if token.pos_ not in VERB_POS or token.tag_ not in VERB_TAGS:
        return False
    if token.tag_ == "VBZ" and token.i > 0 and token.nbor(-1).lower_ in PLURAL_DETERMINERS:
        return False
    lemma = token.lemma_.lower()
    return (lemma in lexicon.verbs or lemma in lexicon.direct_only) and token.dep_ not in ("amod", "compound")


def reports_nothing(token: Token, lexicon: Lexicon) -> bool:
    """'is expected to announce', 'likely to defend', 'will answer', 'as opposed to': a verb of saying that reports
    nothing (yet) (the words are the `not_speech` lists of the lexicon file)."""
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in lexicon.not_speech_governors:
        return True
    deps = {c.dep_ for c in token.children}
    if token.lemma_.lower() in lexicon.not_speech_governors and "xcomp" in deps and deps & {"auxpass", "nsubjpass"}:
        return True  # 'is expected to ...' itself
    return any(c.dep_ == "aux" and c.lower_ in lexicon.not_speech_auxiliaries for c in token.children) \
        or in_phrase(token, lexicon.not_speech_phrases)


def in_phrase(token: Token, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """The token is a word of one of `phrases` where the text has that whole phrase around it."""
    doc = token.doc
    for phrase in phrases:
        for k, word in enumerate(phrase):
            start = token.i - k
            if word == token.lower_ and start >= 0 and start + len(phrase) <= len(doc) \
                    and all(doc[start + n].lower_ == w for n, w in enumerate(phrase)):
                return True
    return False


def states_nothing(token: Token, lexicon: Lexicon) -> bool:
    """Under the news-quote convention (`Lexicon.statements_only`), a cue that reports no statement: a verb of
    `not_statements` (a decision, a feeling, a vote, a refusal) or an impersonal passive with expletive 'it' ('it
    should be noted', 'it was reported that', 'it is worth noting'), which is the reporter's own narration, or a
    participle whose subject is the one spoken to ('when asked about whether ...', `addressed`). PolNeAR's
    attribution convention keeps them all."""
    if not lexicon.statements_only:
        return False
    return token.lemma_.lower() in lexicon.not_statements or impersonal(token) or addressed(token, lexicon)


def impersonal(token: Token) -> bool:
    """'it should be noted', 'it was reported that ...' (a passive with subject 'it' and no 'by' agent), 'it is
    worth noting that ...'."""
    deps = {c.dep_ for c in token.children}
    if "auxpass" in deps and "agent" not in deps:
        return any(c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it" for c in token.children)
    if token.dep_ == "xcomp" and token.head.lower_ == "worth" and token.head.head is not token.head:
        return any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in token.head.head.children)
    return False


def addressed(token: Token, lexicon: Lexicon) -> bool:
    """'when asked about ...', 'was told that ...': a passive participle of an `addressed` verb with no subject of
    its own and no 'by' agent, whose subject is the one spoken to."""
    if token.tag_ != "VBN" or token.lemma_.lower() not in lexicon.addressed:
        return False
    return not has_own_speaker(token)


def has_own_speaker(verb: Token) -> bool:
    """The verb has a subject or a 'by' agent of its own: someone who says ('a source said', 'was told by')."""
    return any(c.dep_ in ("nsubj", "agent") for c in verb.children)


def phrasal_arg(token: Token, lexicon: Lexicon) -> Token | None:
    """The particle, preposition or object that completes a phrasal cue ('call for', 'express concern')."""
    wanted = lexicon.phrasal.get(token.lemma_.lower())
    if not wanted:
        return None
    for child in token.rights:
        if child.dep_ in ("prep", "prt", "dobj", "dative") and child.lower_ in wanted:
            return child
    return None


def according_cue(token: Token, lexicon: Lexicon) -> Cue | None:
    """'according to X', 'quoted by X': the cue tokens, with the speaker's preposition as `arg`."""
    if token.lower_ not in lexicon.according_first:
        return None
    doc = token.doc
    for seq in lexicon.according:
        if token.lower_ != seq[0] or token.i + len(seq) > len(doc):
            continue
        toks = [doc[token.i + k] for k in range(len(seq))]
        if [t.lower_ for t in toks] == list(seq):
            return Cue(head=token, tokens=toks, kind="according", arg=toks[-1])
    return None


def find_cues(sent: Span, lexicon: Lexicon) -> list[Cue]:
    """Every reporting cue in one sentence, in order."""
    cues: list[Cue] = []
    for token in sent:
        acc = according_cue(token, lexicon)
        if acc is not None:
            cues.append(acc)
            continue
        if not is_cue_verb(token, lexicon) or reports_nothing(token, lexicon):
            continue
        if lexicon.statements_only and (impersonal(token) or addressed(token, lexicon)):
            # 'it is understood Raab insisted ...': no cue, Raab's own cue inside still reports him; 'said when
            # asked about whether ...': the cue is 'said'
            continue
        lemma = token.lemma_.lower()
        if lemma not in lexicon.verbs:  # direct_only: waits for a quotation next to it
            cues.append(Cue(head=token, tokens=[token], kind="speech", direct_only=True))
            continue
        arg = phrasal_arg(token, lexicon)
        tokens = [token]
        if arg is not None and arg.dep_ in ("prep", "prt"):
            tokens.append(arg)
        if lemma in lexicon.phrasal and lemma not in lexicon.speech | lexicon.mental and arg is None:
            continue  # 'talk', 'refer' are cues only with their preposition
        kind = "speech" if lemma in lexicon.speech or arg is not None else "mental"
        states = not states_nothing(token, lexicon)
        cues.append(Cue(head=token, tokens=tokens, kind=kind, arg=arg, states=states))
    return cues
