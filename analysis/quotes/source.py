"""Who said it: the subject of a cue, classified as named, pronoun, nominal or unnamed.

The speaker *mention* is found in the parse (the subject of the cue, the subject of the verb a
participle hangs from, the object of 'according to'); who that mention *is* is asked of the ActorSet.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from analysis.actors.names import name_key
from analysis.actors.resolve import ActorSet
from analysis.actors.roles import role_words
from analysis.actors.types import ACTOR_TYPES
from analysis.nlp.model import doc_text, hyphen_in_word
from analysis.quotes.cue import Cue, Lexicon
from analysis.records import Actor

SUBJECT_DEPS = ("nsubj",)
# Verbs a participle or conjunct cue hangs from lend it their subject ("..., saying", "and added").
INHERIT_DEPS = ("advcl", "conj", "xcomp", "pcomp", "acl", "ccomp")
RELATIVE = ("who", "which", "that")
INDEFINITE = ("a", "an", "some", "several", "many", "one", "two", "three", "four", "few", "other",
              "another", "various", "numerous", "certain", "most", "dozens", "hundreds")
DEFINITE = ("the", "this", "that", "these", "those")
MAX_SPEAKER_TOKENS = 14
POSSESSIVE_ENDS = ("'s", "’s")


@dataclass
class Speaker:
    """The mention that governs a quote, and what it resolves to."""

    start: int
    end: int
    text: str
    type: str  # named | pronoun | nominal | unnamed
    head: Token
    actor: Actor | None = None
    name: str | None = None  # canonical actor name, or the text kept for nominal/unnamed speakers
    # the attribution's source phrase: the mention with its titles, appositions and modifiers (PolNeAR's bounds)
    source: tuple[int, int] | None = None


def own_subject(verb: Token) -> Token | None:
    """nsubj (a relative pronoun stands for its antecedent) or the passive agent of `verb` itself."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if quoted_apart(child, verb) or quoted_after(child, verb):
                # '“Full panic mode,” said Leslie Wimes': the parser made the quotation's last words a second
                # subject; words inside a quotation apart from the cue never say it
                continue
            if child.lower_ in RELATIVE:
                # 'Podesta, who said ...': the relative pronoun is the mention; classify() resolves it
                return child if verb.dep_ == "relcl" else None
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    if verb.lemma_.lower() == "quote":  # 'X was quoted as saying'
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return child
    return None


SENTENCE_ENDS = (".", "!", "?", "”", '"', ":")


def inverted_subject(verb: Token) -> Token | None:
    """The name right after a reporting verb that opens its sentence ('Said Ellis: “I don’t get the sense
    ...”', 'Said Comey, "The thought ..."'): the inverted order of news writing, which the parser reads as a
    compound name ('Said Ellis') and the tagger may give the source of the sentence before."""
    doc = verb.doc
    if verb.i == 0 or verb.i + 1 >= len(doc) or not verb.text[:1].isupper() or doc[verb.i + 1].pos_ != "PROPN":
        return None
    before = doc[verb.i - 1]
    if not (verb.is_sent_start or before.is_space or before.text in SENTENCE_ENDS):
        return None
    last = verb.i + 1
    while last + 1 < len(doc) and doc[last + 1].pos_ == "PROPN":
        last += 1
    return doc[last]


PERSONAL_OBJECTS = ("me", "us", "him", "her", "them")


def object_of_participle(verb: Token) -> Token | None:
    """'left many E.U. nations feeling that ...', 'caught Trump saying ...': a participle right after its
    verb's object, a person or group, is that object's doing, not the subject's ('The dissolution of the
    Soviet Union')."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("xcomp", "ccomp", "advcl", "oprd", "dep"):
        return None
    obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if obj is None or obj.right_edge.i != verb.i - 1:
        return None
    doer = verb.doc[verb.i - 1]  # the object, or the noun its phrase ends in ('footage of Hillary Clinton asking')
    if doer.dep_ not in ("dobj", "pobj"):
        return None
    if doer.pos_ == "PROPN" or doer.lower_ in PERSONAL_OBJECTS or is_person_noun(doer) or doer.tag_ == "NNS":
        return doer
    return None  # 'doing nothing more than yelling', 'leave it thinking': no one's doing


def subject_of(verb: Token) -> Token | None:
    """The token that says: the cue's own subject, else that of the verb a participle or conjunct
    hangs from ('..., saying', 'and added'), skipping relative clauses in between (a participle
    after 'a major event that would ...' still belongs to the sentence's speaker)."""
    own = own_subject(verb)
    if own is not None:
        return own
    quoting = quoting_verb(verb)
    if quoting is not None:
        quoted = next((c for c in quoting.children if c.dep_ == "dobj"), None)
        if quoted is not None:  # 'Reuters quoted the minister as saying': the minister says
            return quoted
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        issuer = message_issuer(verb.head, verb)
        return issuer if issuer is not None else verb.head  # 'groups seeking to ...'
    if verb.dep_ == "ROOT":
        return misparsed_subject(verb)
    if verb.dep_ not in INHERIT_DEPS + ("prep", "pobj"):
        return None
    reporter = participle_reporter(verb)
    if reporter is not None:
        return reporter
    doer = object_of_participle(verb)
    if doer is not None:
        return doer
    for n, anc in enumerate(verb.ancestors):
        if n > 8:
            break
        if anc.pos_ in ("VERB", "AUX"):
            for child in anc.children:
                if child.dep_ in SUBJECT_DEPS and child.lower_ not in RELATIVE and not quoted_after(child, verb):
                    if quoted_apart(child, verb):
                        # '“We were wrong,” Ramos, 58, told AFP': 'told' hangs from the quoted verb
                        return misparsed_subject(verb)
                    return child
            if anc.lemma_.lower() == "quote":
                found = own_subject(anc)
                if found is not None:
                    return found
            if anc.dep_ == "acl" and anc.head.pos_ == "PROPN":
                # 'Donald Trump, who is vying ..., tweeted on Friday to say ...': the sentence's verb misread
                # as a clause on the name, which is its subject
                return anc.head
        if anc.dep_ == "ROOT":
            return misparsed_subject(anc) if anc.pos_ in ("VERB", "AUX") else None
    return None


CLOSING_MARKS = ("”", '"', "’", "''")


def quoting_verb(verb: Token) -> Token | None:
    """'quoted the minister as saying', 'a story quoting Snowden as saying': the verb of quoting a participle cue
    hangs from through 'as' (None otherwise). Its object is who says; its subject, an outlet, is the channel
    (`attribution.apply_channels`); a passive 'was quoted as saying' has who says as its subject."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ != "as":
        return None
    if prep.head.lemma_.lower() in QUOTING:
        return prep.head
    # 'as' hung on the sentence's verb ('published a story quoting X as saying'): the quoting verb of the object
    # right before it
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    if before is not None and before.dep_ == "dobj" and before.head.lemma_.lower() in QUOTING:
        return before.head
    return None


QUOTING = ("quote", "cite")


def participle_reporter(verb: Token) -> Token | None:
    """The speaker of a comma-set participle cue that follows a report ('Sanders said, going on to say ...';
    'Perdue said he didn't believe ..., arguing that ...'): in news writing the participle continues the
    reporting clause, so it takes the subject of the verb of saying right before its comma, or of the
    verb whose reported clause the parser hung it in, not the subject of that reported clause."""
    participle = verb.head if verb.dep_ == "xcomp" and verb.head.tag_ == "VBG" else verb
    if participle.tag_ != "VBG" or participle.dep_ != "advcl" or participle.i < 2:
        return None
    if any(c.dep_ in SUBJECT_DEPS for c in participle.children):
        return None
    doc = participle.doc
    k = participle.i - 1
    while k > 0 and doc[k].text in CLOSING_MARKS:  # 'insisted that he has “expanded the party,” claiming'
        k -= 1
    if doc[k].text != "," or k < 1:
        return None
    before = doc[k - 1]
    if before.pos_ == "VERB" and before.i < participle.i:
        found = own_subject(before)
        if found is not None:  # 'Sanders said, going on to say'
            return found
    if before.dep_ in SUBJECT_DEPS and before.head.i == before.i - 1 and before.head.pos_ == "VERB":
        return before  # 'said Sanders, adding'
    # 'Perdue said he didn't believe ..., arguing': the participle hangs from a verb of the reported clause
    clause = participle.head
    top = None
    while clause.dep_ == "ccomp" and clause.head.pos_ == "VERB" and clause.head.i < participle.i:
        clause = clause.head
        found = own_subject(clause)
        if found is not None:
            top = found
    return top


# Things a person issues that say something ('issued a statement calling', 'filed papers opposing'): the
# participle on them is said by whoever issued them.
MESSAGE_NOUNS = frozenset(["statement", "letter", "paper", "tweet", "conference", "briefing", "report", "release",
                           "memo", "speech", "message", "post", "email", "note", "filing", "motion", "brief",
                           "resolution", "op-ed", "editorial", "column", "interview", "remark", "comment"])


def message_issuer(noun: Token, participle: Token | None = None) -> Token | None:
    """The subject of the verb a message noun depends on ('the Security Council issued a statement calling
    ...'; 'Trump unleashed a series of tweets criticizing ...'; 'she said at a news conference announcing ...').
    A message that names its author ('released notes from doctors declaring ...', 'his lawyers' letter saying
    ...') is said by that author, not by whoever released it, unless the participle is set off by a comma: then
    it continues the sentence ('denounced the Board of Governors' resolution, calling it ...')."""
    if noun.lemma_.lower() not in MESSAGE_NOUNS:
        return None
    comma_set = participle is not None and participle.left_edge.i > 0 and participle.doc[participle.left_edge.i - 1].text == ","
    author = None if comma_set else message_author(noun)
    if author is not None:
        return author
    t = noun
    for _ in range(4):
        if t.dep_ not in ("dobj", "pobj", "prep", "compound") or t.head is t:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return own_subject(t)
    return None


AUTHOR_PREPOSITIONS = ("from", "by")


def message_author(noun: Token) -> Token | None:
    """The author a message noun names: its possessor or the object of its 'from'/'by' ('notes from doctors')."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
        if child.dep_ == "prep" and child.lower_ in AUTHOR_PREPOSITIONS and child.i < noun.i + 3:
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN", "PRON"):
                return obj
    return None


QUOTE_MARKS = ("“", "”", '"')
# Tokens that may stand between a subject and its verb ('Clinton, 68, also said', 'he then added').
BETWEEN_POS = ("ADV", "AUX", "PART", "PUNCT", "SPACE")
NOT_SPEAKER_ENTS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")


def quoted_apart(subject: Token, verb: Token) -> bool:
    """The subject is inside a quotation the cue is outside of: the first quotation mark after the
    subject (before the cue) closes a quotation."""
    if subject.i > verb.i:
        return False
    for t in subject.doc[subject.i + 1:verb.i]:
        if t.text in QUOTE_MARKS or t.tag_ in ("``", "''"):
            return t.text == "”" or (t.tag_ == "''" and t.text != "“")
    return False


def quoted_after(subject: Token, verb: Token) -> bool:
    """The subject is inside a quotation opened after the cue ('telling the crowd, “Some people get ...”';
    'said on Fox News’s “Fox and Friends.”'): the quoted words, not who says them."""
    if subject.i < verb.i:
        return False
    inside = False
    for t in subject.doc[verb.i + 1:subject.i]:
        if t.text == "“" or t.tag_ == "``":
            inside = True
        elif t.text == "”" or (t.tag_ == "''" and t.text != "“"):
            inside = False
        elif t.text == '"':
            inside = not inside
    return inside


def misparsed_subject(verb: Token) -> Token | None:
    """The subject of a main verb the parser left without one: it hung the subject elsewhere, as an
    apposition of an earlier noun ('..., former president Bill Clinton said'), or made it the subject of
    a clausal subject ('Large majorities of voters going to the polls said'). The noun phrase that ends
    right before the verb is taken, unless the verb has a passive or expletive subject."""
    if any(c.dep_ in ("nsubjpass", "csubjpass", "expl", "nsubj") for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ == "csubj" and c.i < verb.i:
            subj = next((g for g in c.children if g.dep_ == "nsubj" and g.lower_ not in RELATIVE), None)
            if subj is not None:
                return subj
    sent_start = verb.sent.start
    name = name_read_as_adverb(verb)
    if name is not None:
        return name
    i = verb.i - 1
    while i >= sent_start and verb.doc[i].pos_ in BETWEEN_POS and verb.doc[i].text not in (".", ";", ":", "“", "”", '"'):
        i -= 1
    if i < sent_start:
        return None
    t = verb.doc[i]
    if t.pos_ == "NUM" and t.dep_ == "appos" and t.head.i < t.i:
        t = t.head  # 'Ramos, 58, told'
    if t.pos_ not in ("NOUN", "PROPN", "PRON") or t.ent_type_ in NOT_SPEAKER_ENTS or t.dep_ in ("poss", "dobj"):
        return None
    if t.lower_ in RELATIVE:
        return None
    # 'majorities of voters in six states said' -> 'majorities'
    while t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in ("NOUN", "PROPN", "PRON"):
        t = t.head.head
    return t


def name_read_as_adverb(verb: Token) -> Token | None:
    """A surname the small model reads as an adverb for its '-ly' ('“…,” Modly said', '“…,” said Modly'):
    a capitalised adverb beside the verb, after a quotation's closing mark and comma (so never a sentence's
    first word, where adverbs are capitalised too)."""
    doc = verb.doc
    for k in (verb.i - 1, verb.i + 1):
        if not 0 < k < len(doc) or not verb.sent.start < k < verb.sent.end:
            continue
        t = doc[k]
        if t.dep_ not in ("advmod", "npadvmod") or t.pos_ not in ("ADV", "PROPN") or not t.text.istitle() \
                or t.head.i != verb.i:
            continue
        before = doc[min(k, verb.i) - 1]
        if before.text in CLOSING_MARKS or (before.text == "," and before.i > 0 and doc[before.i - 1].text in CLOSING_MARKS):
            return t
    return None


def speaker_token(cue: Cue) -> Token | None:
    if cue.kind == "according":
        objs = [c for c in cue.arg.children if c.dep_ == "pobj"] if cue.arg is not None else []
        return objs[0] if objs else None
    return subject_of(cue.head)


def entity_span(token: Token) -> tuple[int, int] | None:
    """The named entity the token belongs to (char span)."""
    if token.ent_type_ not in ACTOR_TYPES:
        return None
    # walk the IOB tags from the token rather than list doc.ents (which reads every token of the Doc)
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def phrase_span(head: Token, cue: Token | None = None) -> tuple[int, int]:
    """The noun phrase headed by `head`, capped so a long relative clause does not swallow the sentence;
    the cue's own clause ('groups seeking to ...') is left out."""
    toks = [t for t in head.subtree if not t.is_space]
    if cue is not None and head.is_ancestor(cue):
        skip = sorted(cue_branch(head, cue))  # the cue's clause, with what hangs it on the head ('as saying')
        # keep the side of the cue's clause the head is on
        toks = [t for t in toks if (t.i < min(skip)) == (head.i < min(skip)) and t.i not in skip]
    toks = [t for t in toks if abs(t.i - head.i) <= MAX_SPEAKER_TOKENS] or [head]
    left = min(t.i for t in toks)
    right = max(t.i for t in toks)
    doc = head.doc
    while right > head.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left < head.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def first_word(head: Token) -> str:
    return head.doc[head.left_edge.i].lower_


def is_bare_plural(head: Token) -> bool:
    return head.tag_ == "NNS" and first_word(head) not in DEFINITE and not any(
        c.dep_ == "poss" for c in head.children)


def cue_branch(head: Token, cue: Token | None) -> set[int]:
    """The tokens of the speaker's dependent that holds the cue, when the parse hangs the cue under the speaker
    ('quoted one senator as saying': 'as saying ...' is no part of 'one senator')."""
    if cue is None or not head.is_ancestor(cue):
        return set()
    branch = next(c for c in head.children if c.i == cue.i or c.is_ancestor(cue))
    return {t.i for t in branch.subtree}


def core_span(head: Token, cue: Token | None = None) -> tuple[int, int]:
    """The noun phrase without appositions, relative clauses and participle clauses."""
    cut = {t.i for c in head.children if c.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj")
           and not hyphen_in_word(c) for t in c.subtree}  # '53-year-old' stays whole
    cut |= cue_branch(head, cue)
    toks = [t for t in head.subtree if t.i not in cut and not t.is_space]
    # keep the contiguous run around the head
    left = right = head.i
    ids = {t.i for t in toks}
    while left - 1 in ids:
        left -= 1
    while right + 1 in ids:
        right += 1
    doc = head.doc
    return doc[left].idx, doc[right].idx + len(doc[right].text)


PERSON_NOUNS = frozenset(["minister", "president", "official", "spokesman", "spokeswoman", "spokesperson", "expert", "analyst", "diplomat", "source", "envoy", "ambassador", "commander", "general", "chief", "head", "leader", "secretary", "lawmaker", "legislator", "senator", "director", "chairman", "chairwoman", "chair", "governor", "mayor", "adviser", "advisor", "aide", "candidate", "man", "woman", "officer", "member", "deputy", "negotiator", "prosecutor", "judge", "cleric", "ayatollah", "king", "prince", "premier", "speaker", "representative", "economist", "researcher", "professor", "scholar", "observer", "witness", "resident", "activist", "journalist", "reporter", "editor", "author"])


def is_person_noun(head: Token) -> bool:
    return head.lemma_.lower() in PERSON_NOUNS or head.ent_type_ == "PERSON"


def actor_by_name(text: str, actors: ActorSet) -> Actor | None:
    """A surname the entity recogniser missed ('Shamkhani also described') -> the actor of that name."""
    if not text.strip()[:1].isalpha():
        return None
    key = name_key(text)
    if not key:
        return None
    best = None
    for actor in actors.actors:
        names = [name_key(n) for n in (actor.name, *actor.aliases)]
        if any(n == key or n.endswith(" " + key) for n in names):
            rank = (actor.type == "PERSON", len(actor.mentions))
            if best is None or rank > best[0]:
                best = (rank, actor)
    return best[1] if best else None


def extend_name(head: Token, span: tuple[int, int]) -> tuple[int, int]:
    """Widen an entity that caught only part of a name ('Hassan' + 'Rouhani') over its proper-noun compounds."""
    doc = head.doc
    left = head.i
    while left > 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].dep_ in ("compound", "flat") \
            and doc[left - 1].head.i >= left - 1 and doc[left - 1].ent_type_ in ("", head.ent_type_, "PERSON"):
        left -= 1
    return min(span[0], doc[left].idx), span[1]


def named_within(head: Token, actors: ActorSet) -> tuple[tuple[int, int], Actor | None] | None:
    """A named entity heading the phrase or in apposition to it ('the prime minister, Adel Abdul Mahdi,')."""
    span = entity_span(head)
    if span is not None:
        span = extend_name(head, span)
        return span, actors.actor_at(*span)
    for child in head.children:
        if child.dep_ == "appos":
            span = entity_span(child)
            if span is not None and child.ent_type_ == "PERSON":
                return span, actors.actor_at(*span)
    return None


def classify(head: Token, actors: ActorSet, lexicon: Lexicon, cue: Token | None = None) -> Speaker:
    """Named, pronoun, nominal or unnamed speaker for the subject token `head`, with its source phrase."""
    sp = _classify(head, actors, lexicon, cue)
    if sp.source is None:
        sp.source = source_phrase(head, cue, lexicon) if sp.type != "pronoun" else (sp.start, sp.end)
    return sp


MAX_SOURCE_TOKENS = 40
# A comma-set participle after the source is the reporter's aside, not part of the source ("Trump, speaking to
# a veterans group, said"; "Clinton, like Obama, has encouraged"): PolNeAR leaves it out (but keeps "Proponents,
# including the Conference of Mayors," and "Johnnie Wilson, of Springfield, Va.,").
ASIDE_DEPS = ("acl", "advcl")
ASIDE_PREPOSITIONS = ("like", "unlike")
LEADING_WORDS = ("even", "both", "either", "also", "only")


def source_phrase(head: Token, cue: Token | None = None, lexicon: Lexicon | None = None) -> tuple[int, int]:
    """The attribution's source as PolNeAR bounds it: the whole noun phrase of the speaker with its titles,
    appositions and relative clauses ("Rep. Jim Clyburn (D-S.C.), the assistant leader of the Democratic
    caucus"), without the cue's clause, a relative clause that reports (its own attribution), a comma-set aside
    or a leading 'even'/'both'."""
    doc = head.doc
    cut = cue_branch(head, cue)
    for child in head.rights:
        if lexicon is not None and child.dep_ == "relcl" and child.lemma_.lower() in lexicon.verbs:
            # 'Mr. Kamin, who emphasized that ...': an attribution of its own, whose source is 'who'
            cut.update(t.i for t in child.subtree)
        elif (child.dep_ in ASIDE_DEPS or child.lower_ in ASIDE_PREPOSITIONS) and doc[child.left_edge.i - 1].text == ",":
            cut.update(t.i for t in child.subtree)
    for noun in head.subtree:
        # 'Michael Mulgrew, president of the United Federation of Teachers, which represents ...': a comma-set
        # 'which' clause on a noun inside a prepositional phrase describes that organisation, not the source
        if noun.dep_ == "pobj" and noun.i > head.i:
            for child in noun.rights:
                if child.dep_ == "relcl" and child.left_edge.lower_ == "which" and doc[child.left_edge.i - 1].text == ",":
                    cut.update(t.i for t in child.subtree)
    toks = [t.i for t in head.subtree if not t.is_space and t.i not in cut
            and (not cut or (t.i < min(cut)) == (head.i < min(cut))) and abs(t.i - head.i) <= MAX_SOURCE_TOKENS]
    left, right = min(toks, default=head.i), max(toks, default=head.i)
    while left < head.i and (doc[left].is_punct or doc[left].lower_ in LEADING_WORDS):
        left += 1
    while right > head.i and (doc[right].is_punct or doc[right].is_space) and not closes_bracket(doc, left, right):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def closes_bracket(doc, left: int, right: int) -> bool:
    """Token `right` is a ')' whose '(' lies within [left, right) ('Rep. Gwen Moore (D-Wis.)')."""
    return doc[right].text == ")" and any(doc[k].text == "(" for k in range(left, right))


def _classify(head: Token, actors: ActorSet, lexicon: Lexicon, cue: Token | None = None) -> Speaker:
    doc = head.doc
    if head.lower_ in RELATIVE and head.head.dep_ == "relcl" and head.head.head is not head.head:
        antecedent = classify(head.head.head, actors, lexicon, head.head)
        antecedent.start, antecedent.end, antecedent.text = head.idx, head.idx + len(head.text), head.text
        antecedent.source = antecedent.start, antecedent.end  # the relative pronoun is the clause's source
        return antecedent
    pronouns = set().union(*lexicon.pronouns.values()) if lexicon.pronouns else set()
    if head.lower_ in pronouns or head.pos_ == "PRON":
        return Speaker(head.idx, head.idx + len(head.text), head.text, "pronoun", head)
    named = named_within(head, actors)
    if named is not None:
        (s, e), actor = named
        return Speaker(s, e, doc_text(doc)[s:e], "named", head, actor, actor.name if actor else doc_text(doc)[s:e])
    s, e = phrase_span(head, cue)
    text = doc_text(doc)[s:e]
    if first_word(head) not in INDEFINITE and not is_bare_plural(head):
        s, e = core_span(head, cue)  # 'the prime minister' without its apposition or relative clause
        text = doc_text(doc)[s:e]
    # a head the actor resolver linked (a name, 'the Leader' in an Iranian outlet) comes before a role: 'Clearview
    # AI, the company, said' is not "Clearview AI's attorney", nor 'Trump clarified' (tagged a noun) someone whose
    # role mentions Trump (session 10's readings)
    linked = actors.actor_at(head.idx, head.idx + len(head.text))
    # of two holders of the role ('The congressman' after Pallone, with McCollum quoted more often), the one
    # mentioned last before it
    actor = linked or actors.actor_for_role(text, before=head.idx)
    first = first_word(head)
    bare_plural = is_bare_plural(head)
    unnamed = (first in INDEFINITE or bare_plural) and head.lemma_.lower() in lexicon.unnamed_heads | {
        head.lower_} and actor is None
    if unnamed or (first in INDEFINITE and actor is None):
        return Speaker(s, e, text, "unnamed", head, None, text)
    kind = "named" if head.pos_ == "PROPN" else "nominal"
    if actor is None:
        # a name after titles in the span ("Leader of the Islamic Revolution Ayatollah Ali Khamenei") is the speaker
        actor = person_within(head.idx, e, actors, doc_text(doc))
    if actor is None and kind == "named":
        actor = actor_by_name(text, actors)
    return Speaker(s, e, text, kind, head, actor, actor.name if actor else text)


def person_within(start: int, end: int, actors: ActorSet, text: str) -> Actor | None:
    """The person named last in a speaker span from its head on (the titles and offices come first); a
    possessor is not the speaker ("Clinton’s campaign manager")."""
    best = None
    for m in actors.mentions:
        if start <= m.start and m.end <= end and m.actor_id and m.label == "PERSON" \
                and (best is None or m.start > best.start):
            best = m
    if best is None:
        return None
    if text[best.end:best.end + 2] in POSSESSIVE_ENDS or text[best.end:best.end + 1] in ("'", "’"):
        return None  # "the head of Clinton’s campaign"
    return actors.by_id(best.actor_id)


def is_channel(speaker: Speaker | None, lexicon: Lexicon) -> bool:
    """A news outlet or agency credited as the channel ('Reuters', 'state TV', 'the IRNA news agency').

    Only the head noun with its compounds (or the entity) counts: 'a list posted on its website' is no channel.
    """
    if speaker is None or speaker.type == "pronoun":
        return False
    head = speaker.head
    span = entity_span(head)
    if span is not None:
        low = doc_text(head.doc)[span[0]:span[1]].lower()
    else:
        low = " ".join(t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")) + " " + head.lower_
    words = set(low.replace("-", " ").split())
    for w in lexicon.channel_words:
        if (" " in w and w in low) or w in words:
            return True
    return False


def channel_name(speaker: Speaker) -> str:
    """The channel's name for `via`: the speaker text up to a following person ("the Sunday Times Mr Blair"
    as one mis-cut entity gives "the Sunday Times"), without trailing punctuation or possessive."""
    doc = speaker.head.doc
    span = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if span is None:
        return speaker.text
    words = role_words()
    end = speaker.end
    for k, tok in enumerate(span):
        word = tok.lower_.rstrip(".")
        if k > 0 and (word in words.honorifics or words.is_title(word) or tok.ent_type_ == "PERSON"):
            end = tok.idx
            break
    return doc_text(doc)[speaker.start:end].rstrip(" ,;:-–—’'").removesuffix("’s").removesuffix("'s").strip()


ORG_WORDS = ("ministry", "council", "party", "committee", "office", "agency", "organization", "organisation",
             "union", "army", "corps", "government", "department", "company", "group", "bank", "court")


def looks_personal(speaker: Speaker) -> bool:
    """A short proper name spaCy may have typed ORG ('Fayyadh'): a later 'he' can still point to it."""
    words = speaker.text.split()
    return (speaker.head.pos_ == "PROPN" and 0 < len(words) <= 3 and all(w[:1].isupper() for w in words)
            and not any(w.lower() in ORG_WORDS for w in words))
