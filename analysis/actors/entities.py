"""The entity layer under actors: spaCy's entities, corrected by the gazetteer and by the document itself.

:func:`find_mentions` yields one :class:`EntityMention` per name occurrence, with one type per name:

1. spaCy's entities, trimmed (a leading "the", line breaks) and restricted to analysable spans;
2. gazetteer matches replace the model's spans they overlap (gazetteer type wins);
3. spurious title-case spans are dropped: headline phrases that never recur in the text
   ("Boost Regional Stability"), sentence-initial common words ("Solidarity" when "solidarity" is used);
4. names found once are propagated to their other occurrences (a surname alone, a headline mention);
5. each name gets one type by voting over its mentions (the gazetteer decides when it knows the name,
   a surname follows its full name).
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

from spacy.attrs import IS_LOWER, LOWER
from spacy.lang.en import English
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from analysis.actors.evidence import ArticleFacts, article_context, choose_entry, party_context, style_before
from analysis.actors.gazetteer import Gazetteer, GazetteerEntry, get_gazetteer
from analysis.actors.names import (
    acronym_of,
    is_given_name,
    name_data,
    name_key,
    not_person_type,
    surface_variants,
)
from analysis.actors.offices import role_words
from analysis.actors.teams import team_context, untagged_sides
from analysis.actors.types import ACTOR_TYPES, NAME_TYPES, PLACE_TYPES
from analysis.nlp.model import doc_text, model_of

# Labels whose spans are never names, so never propagated or voted on.
VALUE_LABELS = ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")
LOCATIVE_PREPOSITIONS = {"in", "at", "from", "near", "outside", "into", "across", "around", "inside"}
# part-of-speech tags of common words (a capitalised one opening a line is not a name by itself)
COMMON_TAGS = {"NN", "NNS", "JJ", "JJR", "JJS", "RB", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "IN", "DT"}
SPACED_DASHES = {"-", "–", "—", "--"}
PLACE_PREPOSITIONS = LOCATIVE_PREPOSITIONS | {"of", "to", "toward", "towards", "via"}
# labels the model gives a bare word in a table that a team name overrides ("Chonbuk" as a LAW)
WEAK_LABELS = {"WORK_OF_ART", "LAW", "PRODUCT"}
LEADING_DROP = {"the", "a", "an", "The", "’s", "'s"}
# lower-case nouns the model runs into a name they only describe ("Tasnim news agency", "Jiangsu province");
# others stay ("Iraqi army", "Zionist regime" are the actors as named)
DESIGNATORS = {"news", "agency", "province", "region", "district", "prefecture", "governorate"}
POSSESSIVES = {"'s", "’s", "'", "’"}
# part-of-speech tags of a first word the model runs into a PERSON name but no name starts with
LEADING_NOT_NAME = {"VB", "VBD", "VBG", "VBP", "VBZ", "NNS", "NNPS"}


@dataclass
class EntityMention:
    start: int  # char offsets into the doc text (== Article.text in the pipeline)
    end: int
    start_token: int
    end_token: int
    text: str
    label: str
    source: str = "model"  # model | gazetteer | propagated | context (a side in a score line)
    gazetteer_id: str | None = None
    model_label: str | None = None  # what spaCy said, when it said something
    evidence: str | None = None  # why the gazetteer link holds in this article (analysis.actors.evidence)


def find_mentions(doc: Doc, gazetteer: Gazetteer | str | None = None,
                  allowed: Sequence[tuple[int, int]] | None = None,
                  headline: tuple[int, int] | None = None, facts: ArticleFacts | None = None) -> list[EntityMention]:
    """Name mentions of `doc` with corrected spans and one type per name, in text order.

    `allowed`: char spans outside which nothing is reported (the dateline is never a mention);
    `headline`: the headline's char span, where title case makes the model over-eager;
    `facts`: the article's outlet, dateline and date: gazetteer links then need evidence from the article
    (:mod:`analysis.actors.evidence`); without them every gazetteer match links, as "unchecked".

    >>> from analysis.nlp.model import load_model                                  # doctest: +SKIP
    >>> [m.text for m in find_mentions(load_model()("Shamkhani met Fayyadh."))]  # doctest: +SKIP
    ['Shamkhani', 'Fayyadh']
    """
    gaz = get_gazetteer(gazetteer)
    spans = [s for s in (_trim(e) for e in _model_entities(doc)) if s is not None]
    mentions = [EntityMention(s.start_char, s.end_char, s.start, s.end, s.text, s.label_, "model",
                              None, s.label_) for s in spans]
    mentions = _apply_gazetteer(doc, mentions, gaz)
    if allowed is not None:
        inside = _within(allowed)
        mentions = [m for m in mentions if inside(m.start, m.end)]
    mentions = _corroborate(doc, mentions, gaz, facts)
    mentions = _drop_spurious(doc, mentions, headline)
    mentions = _propagate(doc, mentions, allowed)
    mentions = _score_line_sides(doc, mentions, allowed)
    _vote_types(mentions, gaz, doc)
    _common_words_not_people(mentions)
    mentions = _with_styles(doc, mentions, allowed)
    mentions = sorted(mentions, key=lambda m: m.start)
    _acronym_types(doc, mentions)
    return mentions


# Styles that belong to the name they precede ("Prince Harry", "Lord Smith", "Pope Francis", "Sir Tim Barrow"):
# kept in the mention, so the name parts know the person is a royal, a peer, a knight or the pope.
NAMING_STYLES = {"royal", "noble", "knight"}
NAMING_WORDS = {"pope"}


def _with_styles(doc: Doc, mentions: list[EntityMention], allowed: Sequence[tuple[int, int]] | None
                 ) -> list[EntityMention]:
    """PERSON mentions widened to a royal, noble or knightly style right before them that the model left
    out ("Prince" + "Harry" -> "Prince Harry"; "Crown Prince" too)."""
    styles = name_data()["styles"]
    taken = {i for m in mentions for i in range(m.start_token, m.end_token)}
    inside = _within(allowed)
    for m in mentions:
        if m.label != "PERSON" or m.gazetteer_id:
            continue
        start = m.start_token
        while start > 0 and (start - 1) not in taken and doc[start - 1].text[:1].isupper():
            word = doc[start - 1].lower_.rstrip(".")
            kind = styles.get(word, ("", ""))[0]
            if kind not in NAMING_STYLES and word not in NAMING_WORDS:
                break
            start -= 1
        if start < m.start_token and inside(doc[start].idx, m.end):
            m.start_token, m.start = start, doc[start].idx
            m.text = doc_text(doc)[m.start:m.end]
    return mentions


def _corroborate(doc: Doc, mentions: list[EntityMention], gaz: Gazetteer, facts: ArticleFacts | None
                 ) -> list[EntityMention]:
    """Gazetteer links kept only with evidence from the article (see :mod:`analysis.actors.evidence`), each
    name moved to the entry the article supports when several share it ("Treasury"); the rest keep the
    model's reading, or are dropped when only the gazetteer read them as a name."""
    if facts is None:
        for m in mentions:
            if m.gazetteer_id:
                m.evidence = "unchecked"
        return mentions
    ctx = article_context(gaz, facts, [(m.text, m.gazetteer_id) for m in mentions if m.label in ("GPE", "NORP")])
    groups: dict[str, list[EntityMention]] = defaultdict(list)
    for m in mentions:
        if m.gazetteer_id:
            groups[m.gazetteer_id].append(m)
    dropped: set[int] = set()
    linked: list[GazetteerEntry] = []
    # parties last: a party's group word may need the countries of everything else the article links
    for gid, ms in sorted(groups.items(), key=lambda kv: gaz.by_id[kv[0]].kind == "party"):
        entry = gaz.by_id[gid]
        if entry.kind == "party":
            ctx = party_context(ctx, linked, [m.text for m in mentions if m.label == "GPE" and not m.gazetteer_id])
        texts = {name_key(m.text) for m in ms}
        styles = {style_before(doc[m.start_token - 1].text) for m in ms if m.start_token > 0} - {""}
        entry, why = choose_entry(gaz, entry, texts, ctx, styles)
        if entry is not None:
            linked.append(entry)
        for m in ms:
            if entry is not None:
                m.gazetteer_id, m.label, m.evidence = entry.id, entry.type, why
            elif m.model_label:
                m.gazetteer_id, m.label, m.source = None, m.model_label, "model"
            else:
                dropped.add(id(m))
    return [m for m in mentions if id(m) not in dropped]


def _acronym_like(word: str) -> bool:
    """A short word mostly in capitals ("SNP", "AfD", "CDU"), not a name such as "McCain" or "DeVos"."""
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 6 and 3 * sum(c.isupper() for c in letters) >= 2 * len(letters)


def _common_words_not_people(mentions: list[EntityMention]) -> None:
    """A one-word PERSON mention that is a capitalised common word ("Bill", "Treasury", "Commons") takes the
    type ``names.yaml`` gives it, unless a longer person name in the text has that word as a name ("Bill
    Clinton" ... "Bill")."""
    name_words = {w for m in mentions if m.label == "PERSON" and " " in m.text.strip()
                  for w in name_key(m.text).split()}
    for m in mentions:
        if m.label == "PERSON" and not m.gazetteer_id and " " not in m.text.strip():
            typ = not_person_type(m.text) or ("ORG" if _acronym_like(m.text) else None)
            if typ and name_key(m.text) not in name_words:
                m.label = typ  # an acronym ("AfD", "SNP") names a body, never a person


def _within(allowed: Sequence[tuple[int, int]] | None) -> Callable[[int, int], bool]:
    """`inside(start, end)`: [start, end) lies within one of the `allowed` spans (anywhere when None). A
    binary search over the spans, not a scan of every paragraph per mention."""
    if allowed is None:
        return lambda start, end: True
    spans = sorted(allowed)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))  # the furthest end of the spans starting up to here

    def inside(start: int, end: int) -> bool:
        k = bisect_right(starts, start) - 1
        return k >= 0 and reach[k] >= end

    return inside


def _model_entities(doc: Doc) -> list[Span]:
    """`doc.ents`, except in ALL-CAPS lines (wire headlines, tables), re-read from a case-restored copy.

    The model reads case: "LEICESTERSHIRE TAKE OVER AT TOP" is a string of unknown names to it. Each
    all-caps sentence is recased word by word from the text itself ("Leicestershire", "take", "victory"
    as the article spells them elsewhere) and re-run through the model's entity recogniser only; recasing
    keeps every length, so the entities map back to the same character offsets.
    """
    caps = [s for s in doc.sents if _is_caps(s)]
    nlp = model_of(doc) if caps else None
    if nlp is None or "ner" not in nlp.pipe_names:
        return list(doc.ents)
    forms = _case_forms(doc, caps)
    ner = nlp.get_pipe("ner")
    in_caps = {i for s in caps for i in range(s.start, s.end)}
    out = [e for e in doc.ents if e.start not in in_caps]
    recased = ner.pipe(nlp.make_doc(_recase(s, forms)) for s in caps)
    for sent, rdoc in zip(caps, recased):
        for e in rdoc.ents:
            span = doc.char_span(sent.start_char + e.start_char, sent.start_char + e.end_char, label=e.label_,
                                 alignment_mode="expand")
            if span is not None and sent.start <= span.start and span.end <= sent.end:
                out.append(span)
    return sorted(out, key=lambda e: e.start)


def _is_caps(sent: Span) -> bool:
    """A line in capitals: two or more words of letters and no lower-case letter."""
    if any(c.islower() for c in sent.text):  # first: most lines have one early, and this makes no Token
        return False
    return sum(1 for t in sent if t.is_alpha and len(t) > 1) >= 2


def _case_forms(doc: Doc, caps: list[Span]) -> dict[str, str]:
    """How the text spells each word outside capital lines (lower-case key -> commonest form).

    A sentence-initial capital says little, so such occurrences count less than the others.
    """
    in_caps = {i for s in caps for i in range(s.start, s.end)}
    counts: dict[str, Counter] = defaultdict(Counter)
    for t in doc:
        if t.i in in_caps or not t.is_alpha or t.is_upper and len(t) > 1:
            continue
        counts[t.lower_][t.text] += 1 if t.is_sent_start else 2
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def _recase(sent: Span, forms: dict[str, str]) -> str:
    """The sentence text with each capitalised word in its likely case (same length)."""
    chars = list(sent.text)
    first = True
    for t in sent:
        word = t.text
        if not any(c.isalpha() for c in word):
            continue
        form = forms.get(word.lower())
        if form is None:
            if word.lower() in STOP_WORDS or not word.isalpha() and word.lower().lstrip("'’") in ("s", "t"):
                form = word.lower()
            elif len(word) <= 3 or not word.isalpha():
                form = word  # an acronym or a code: "UN", "PCT", "U.S."
            else:
                form = word.title()
        if first:
            form = form[:1].upper() + form[1:]
            first = False
        if len(form) == len(word):
            i = t.idx - sent.start_char
            chars[i:i + len(word)] = form
    return "".join(chars)


def _acronym_types(doc: Doc, mentions: list[EntityMention]) -> None:
    """"The Kurdish Freedom Falcons (TAK)" read as a work of art: the name takes its acronym's type."""
    for x, y in pairwise(mentions):
        if (doc_text(doc)[x.end:y.start].strip() == "(" and x.label not in ACTOR_TYPES
                and y.label in ACTOR_TYPES and acronym_of(y.text, x.text)):
            for m in mentions:
                if m.text == x.text:
                    m.label = y.label


def _trim(span: Span) -> Span | None:
    """Drop a leading determiner/possessive and anything from a line break on; None when nothing is left."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].text in LEADING_DROP or doc[start].is_space):
        start += 1
    for i in range(start, end):
        if "\n" in doc[i].text or doc[i].is_space:
            end = i
            break
    while span.label_ == "PERSON" and end - start >= 3 and doc[start].tag_ in LEADING_NOT_NAME:
        start += 1  # "Telling Jeb Bush", "Floridians Jeb Bush": a verb or a plural noun run into the name
    if span.label_ in NAME_TYPES:
        # a spaced dash separates two things, never joins a name: "CRICKET - LEICESTERSHIRE" (a wire
        # topic slug), "Romania - Cosmin Contra" (a table cell): the name is the part after it
        for i in range(end - 2, start, -1):
            if doc[i].text in SPACED_DASHES and doc[i - 1].whitespace_ and doc[i].whitespace_:
                start = i + 1
                break
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in ".)" or doc[end - 1].is_space
                           or span.label_ in NAME_TYPES and end - start > 1 and _trailing_junk(doc[end - 1])):
        # names end in a name word: not in a score ("Kent 108-3", "G. Kersey 63"), a possessive
        # ("Reagan 's") or a designator ("Interfax news agency", "Jiangsu province")
        end -= 1
    if end <= start or not any(c.isalpha() for c in doc[start:end].text):
        return None
    return Span(doc, start, end, label=span.label_)


def _trailing_junk(token) -> bool:
    """A token that never ends a name: a number or score, a possessive, a designator."""
    text = token.text
    if text in POSSESSIVES:
        return True
    if text[:1].isdigit() and all(c.isdigit() or c in "-/.:," for c in text):
        return True
    return text in DESIGNATORS


def _names_more(doc: Doc, outer: EntityMention, inner: Span, gaz: Gazetteer) -> bool:
    """`outer` makes `inner` part of another name: a capitalised word joined to it that is not a title,
    a country or its demonym ("Kurdistan Democratic Party", "Bill Clinton"; not "General Qassem
    Soleimani", "Saudi King Salman", "Iran’s Supreme National Security Council")."""
    words = role_words()
    left = list(doc[outer.start_token:inner.start])
    right = list(doc[inner.end:outer.end_token])
    if any(t.text in POSSESSIVES for t in left):
        left = []  # "Iran’s Qods Force": the possessor is another name
    if right and right[0].text in POSSESSIVES:
        right = []  # "Treasury’s Office of Foreign Assets Control"
    if any(t.text == "(" for t in left):
        left = []
    right = right[:next((i for i, t in enumerate(right) if t.text == "("), len(right))]  # "... (OFAC"
    return any(t.is_alpha and t.text[:1].isupper() and not words.is_head(t.text) and t.text not in LEADING_DROP
               and gaz.country_of_word(t.text) is None for t in left + right)


def gazetteer_matches(gaz: Gazetteer, doc: Doc) -> list[tuple[Span, GazetteerEntry]]:
    """Longest non-overlapping gazetteer matches in `doc`, left to right."""
    matcher = _phrase_matcher(gaz, doc.vocab)
    found = []
    for match_id, start, end in matcher(doc):
        entry = gaz.by_id[doc.vocab.strings[match_id]]
        found.append((start, end, entry))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: set[int] = set()
    out = []
    for start, end, entry in found:
        if taken.intersection(range(start, end)):
            continue
        taken.update(range(start, end))
        out.append((Span(doc, start, end, label=entry.type), entry))
    return sorted(out, key=lambda m: m[0].start)


_matcher_lock = threading.Lock()


def _phrase_matcher(gaz: Gazetteer, vocab: Vocab) -> PhraseMatcher:
    """One PhraseMatcher per (gazetteer, vocabulary), built on first use (the lock: built once even when
    threads ask together)."""
    with _matcher_lock:
        return _build_phrase_matcher(gaz, vocab)


@lru_cache(maxsize=16)  # keyed by the objects themselves, which it holds: a new gazetteer never gets an old matcher
def _build_phrase_matcher(gaz: Gazetteer, vocab: Vocab) -> PhraseMatcher:
    tokenizer = English(vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="ORTH")
    for e in gaz.entries:
        variants = set()
        for n in e.names():
            variants |= surface_variants(n)
        # the match id is read back as a string (`gazetteer_matches`): kept for good, so that a matcher built
        # inside a spaCy memory zone (a later ingest batch) outlives it
        vocab.strings.add(e.id, allow_transient=False)
        matcher.add(e.id, [tokenizer(v) for v in sorted(variants)])
    return matcher


def _apply_gazetteer(doc: Doc, mentions: list[EntityMention], gaz: Gazetteer) -> list[EntityMention]:
    """Gazetteer matches replace overlapping model spans; leftovers of a model span outside them stay."""
    matches = []
    for span, entry in gazetteer_matches(gaz, doc):
        trimmed = _trim(span)
        if trimmed is not None:
            matches.append((trimmed, entry))
    # the model mentions over each token (by position in `mentions`): a match looks at the few over its own
    # tokens, never at every mention of the document
    over: dict[int, list[int]] = defaultdict(list)
    for k, m in enumerate(mentions):
        for i in range(m.start_token, m.end_token):
            over[i].append(k)

    def longer_around(span: Span) -> list[EntityMention]:  # longer model names over the span's first token
        return [mentions[k] for k in over.get(span.start, ()) if mentions[k].end_token - mentions[k].start_token > 1
                and mentions[k].label in NAME_TYPES]

    # a one-word place inside a longer model PERSON is a first name ("Salahuddin Rabbani", "Jordan Smith")
    # ... and inside any longer model name ("The Kurdish Freedom Falcons", "Iranian Foreign Ministry")
    matches = [(span, entry) for span, entry in matches if not (
        len(span) == 1 and entry.type in ("GPE", "LOC", "NORP", "FAC")
        and any(p.start_token <= span.start and span.end <= p.end_token for p in longer_around(span)))]
    # ... and a known name inside a longer model name of the same type is part of another name
    # ("Kurdistan Democratic Party", "Iraqi National Congress", "Bill Clinton"), unless only titles differ
    matches = [(span, entry) for span, entry in matches if not any(
        p.label == entry.type and p.start_token <= span.start and span.end <= p.end_token
        and _names_more(doc, p, span, gaz) for p in longer_around(span))]
    # ... and a surname alias right after a given name is another person's name ("Ivanka Trump" read as a
    # PRODUCT and an alias of Donald Trump): the two words are one PERSON mention, no gazetteer entry
    namesakes = []
    for span, entry in list(matches):
        prev = doc[span.start - 1] if span.start > 0 else None
        if (entry.type == "PERSON" and len(span) == 1 and prev is not None and prev.is_alpha and prev.is_title
                and prev.lower_ not in STOP_WORDS  # "Will Trump win?"
                and not role_words().is_head(prev.text) and gaz.country_of_word(prev.text) is None
                and is_given_name(prev.text) and all(prev.lower_ not in name_key(n).split() for n in entry.names())):
            matches.remove((span, entry))
            namesakes.append(Span(doc, prev.i, span.end, label="PERSON"))
    if namesakes:
        taken = {i for n in namesakes for i in range(n.start, n.end)}
        mentions = [m for m in mentions if taken.isdisjoint(range(m.start_token, m.end_token))]
        mentions += [EntityMention(n.start_char, n.end_char, n.start, n.end, n.text, "PERSON", "model", None, None)
                     for n in namesakes]
    covered = set()
    out = []
    for span, entry in matches:
        covered.update(range(span.start, span.end))
        first = min((k for i in range(span.start, span.end) for k in over.get(i, ())), default=None)
        model = mentions[first].label if first is not None else None
        out.append(EntityMention(span.start_char, span.end_char, span.start, span.end, span.text, entry.type,
                                 "gazetteer", entry.id, model))
    for m in mentions:
        toks = [i for i in range(m.start_token, m.end_token) if i not in covered]
        if len(toks) == m.end_token - m.start_token:
            out.append(m)
            continue
        if m.label == "PERSON":
            # "Hashd al-Sha’abi Falih al-Fayyadh" read as one PERSON: keep the name to the right
            right = [i for i in toks if i > max(covered.intersection(range(m.start_token, m.end_token)))]
            if right and doc[right[0]].is_title and right == list(range(right[0], m.end_token)):
                s = _trim(Span(doc, right[0], m.end_token, label="PERSON"))
                if s is not None:
                    out.append(EntityMention(s.start_char, s.end_char, s.start, s.end, s.text, "PERSON",
                                             "model", None, "PERSON"))
    # look the remaining model spans up by key (catches spellings the matcher did not list verbatim)
    for m in out:
        if m.gazetteer_id is None and m.label in NAME_TYPES:
            entry = gaz.lookup(m.text)
            if entry is not None:
                m.gazetteer_id, m.label = entry.id, entry.type
    return out


def _drop_spurious(doc: Doc, mentions: list[EntityMention], headline: tuple[int, int] | None
                   ) -> list[EntityMention]:
    """Remove title-case artefacts the model reads as names."""
    text = doc_text(doc)
    strings = doc.vocab.strings  # read from the Doc's arrays: no Token object per word
    lower_words = {strings[h] for h in {h for is_lower, h in doc.to_array([IS_LOWER, LOWER]).tolist() if is_lower}}
    keep = []
    for m in mentions:
        if m.source == "gazetteer" or m.label in VALUE_LABELS:
            keep.append(m)
            continue
        in_headline = headline is not None and headline[0] <= m.start and m.end <= headline[1]
        if in_headline:
            body = text[:headline[0]] + " " + text[headline[1]:]
            if m.text not in body:
                m = _trim_to_body(doc, m, body)
            # a headline phrase is a name when the body uses it too (surnames: matched in _propagate)
            if m.text not in body and not (m.label == "PERSON" and m.text.split()[-1] in body):
                continue
        first = doc[m.start_token]
        if m.end_token - m.start_token == 1 and first.is_sent_start and (
                first.lower_ in lower_words or first.tag_ in COMMON_TAGS and not first.is_upper and m.label != "NORP"):
            # "Solidarity among ..." when the text also says "solidarity"; "Men 's singles", "Attendance :"
            # that the tagger itself reads as common words
            continue
        if all(t.is_lower or not t.is_alpha for t in doc[m.start_token:m.end_token]):
            continue
        if _office_word(doc, m, lower_words):
            continue
        keep.append(m)
    return keep


def _office_word(doc: Doc, m: EntityMention, lower_words: set[str]) -> bool:
    """'Secretary of State', 'Minister of Defence': one word the model reads as an organisation after an office's
    head and 'of' names the office, not an organisation, when the office is one of roles.yaml or the word is a
    common word of the text ('chairman of Google' names one: 'google' is no word of the text in lower case)."""
    if m.label != "ORG" or m.end_token - m.start_token != 1 or m.start_token < 2:
        return False
    word, title = doc[m.start_token], doc[m.start_token - 2]
    if doc[m.start_token - 1].lower_ != "of" or not role_words().is_head(title.text):
        return False
    return word.lower_ in lower_words or (title.lower_, "of", word.lower_) in role_words().single_holder


def _trim_to_body(doc: Doc, m: EntityMention, body: str) -> EntityMention:
    """A title-case headline span cut back to the name the body uses: "Ted Cruz Apologizes" -> "Ted Cruz"
    (headline verbs are capitalised like names). Unchanged when no shorter start of it is in the body."""
    for end in range(m.end_token - 1, m.start_token, -1):
        span = doc[m.start_token:end]
        if span.text in body:
            return EntityMention(span.start_char, span.end_char, m.start_token, end, span.text, m.label,
                                 m.source, m.gazetteer_id, m.model_label)
    return m


def _name_tokens(text: str) -> list[str]:
    return name_key(text).split()


def _propagate(doc: Doc, mentions: list[EntityMention], allowed: Sequence[tuple[int, int]] | None
               ) -> list[EntityMention]:
    """Find the unrecognised occurrences of names already found (exact tokens; surnames of people)."""
    patterns: dict[tuple[str, ...], EntityMention] = {}
    surnames: dict[str, list[EntityMention]] = defaultdict(list)
    for m in mentions:
        if m.label in VALUE_LABELS:
            continue
        toks = tuple(t.text for t in doc[m.start_token:m.end_token])
        patterns.setdefault(toks, m)
        if m.label == "PERSON" and len(toks) > 1:
            last = toks[-1]
            if last[:1].isupper() and len(last) > 2:
                surnames[last].append(m)
    for last, ms in surnames.items():
        full = {tuple(t.text for t in doc[x.start_token:x.end_token]) for x in ms}
        if len(full) == 1 and (last,) not in patterns:
            patterns[(last,)] = ms[0]
    taken = set()
    for m in mentions:
        taken.update(range(m.start_token, m.end_token))
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for toks in patterns:
        by_first[toks[0].lower()].append(toks)
    for toks_list in by_first.values():
        toks_list.sort(key=len, reverse=True)
    added = []
    inside = _within(allowed)
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        cands = by_first.get(tok.lower_)
        if not cands or i in taken or not tok.text[:1].isupper():
            i += 1
            continue
        hit = None
        for toks in cands:
            j = i + len(toks)
            if j > n or taken.intersection(range(i, j)):
                continue
            words = [t.text for t in doc[i:j]]
            upper = all(w.isupper() for w in words if any(c.isalpha() for c in w))
            if words == list(toks) or (upper and [w.lower() for w in words] == [t.lower() for t in toks]):
                hit = toks
                break
        if hit is None:
            i += 1
            continue
        j = i + len(hit)
        span = doc[i:j]
        if inside(span.start_char, span.end_char):
            src = patterns[hit]
            added.append(EntityMention(span.start_char, span.end_char, i, j, span.text, src.label,
                                       "propagated", src.gazetteer_id, None))
            taken.update(range(i, j))
        i = j
    return mentions + added


def _is_team(doc: Doc, ms: list[EntityMention], gaz: Gazetteer) -> bool:
    """A place name (not a country) used as a sports side somewhere in the text: the club, an ORG."""
    entry = gaz.by_id[ms[0].gazetteer_id] if ms[0].gazetteer_id else None
    if entry is not None and (entry.kind == "country" or entry.type not in PLACE_TYPES):
        return False
    if not any(m.label in ("GPE", "LOC") or m.model_label in ("GPE", "LOC") for m in ms):
        return False
    return any(team_context(doc, m.start_token, m.end_token) for m in ms)


def _locative(doc: Doc, m: EntityMention, prepositions: frozenset[str] | set[str] | None = None) -> bool:
    """The place itself, even in a sports text: "in Montreal", "at Headingley", a dateline "NEW YORK 1996-08-30"."""
    root = doc[m.start_token:m.end_token].root
    if root.dep_ == "pobj" and root.head.lower_ in (prepositions or LOCATIVE_PREPOSITIONS):
        return True
    start = m.start_token
    sent_start = doc[start].is_sent_start or start == 0 or doc[start - 1].is_space
    after = doc[m.end_token] if m.end_token < len(doc) else None
    return bool(sent_start and after is not None and (after.text == "," or after.like_num and not after.text.isdigit()))


def _score_line_sides(doc: Doc, mentions: list[EntityMention], allowed: Sequence[tuple[int, int]] | None
                      ) -> list[EntityMention]:
    """`mentions` plus the team names the model missed or misread as a title in result and table lines
    ("Puchon 2 Chonbuk 1"), as ORG."""
    if not doc.has_annotation("SENT_START"):
        return mentions
    taken = {i for m in mentions if m.label not in WEAK_LABELS for i in range(m.start_token, m.end_token)}
    inside = _within(allowed)
    out = []
    for i, j in untagged_sides(doc, taken):
        span = doc[i:j]
        if inside(span.start_char, span.end_char):
            out.append(EntityMention(span.start_char, span.end_char, i, j, span.text, "ORG", "context"))
    replaced = {i for m in out for i in range(m.start_token, m.end_token)}
    return [m for m in mentions if replaced.isdisjoint(range(m.start_token, m.end_token))] + out


def _vote_types(mentions: Iterable[EntityMention], gaz: Gazetteer, doc: Doc | None = None) -> None:
    """One type per name: the gazetteer's when it knows the name, else the majority of the mentions.

    A surname follows the PERSON full name it ends ("Shamkhani" tagged ORG follows "Ali Shamkhani"), even a
    one-word place the model itself tagged ("Jordan" after "Michael Jordan"); the first word of a two-word
    PERSON name votes PERSON too ("Wang" after "Wang Donghai"). A town or county standing for a sports
    side somewhere in `doc` is that club, an ORG (see :mod:`analysis.actors.teams`).
    """
    mentions = [m for m in mentions if m.label not in VALUE_LABELS]
    person_surnames: Counter = Counter()
    person_given: Counter = Counter()
    for m in mentions:
        toks = _name_tokens(m.text)
        if m.label == "PERSON" and len(toks) > 1:
            person_surnames[toks[-1]] += 1
            if len(toks) == 2:
                person_given[toks[0]] += 1  # "Wang" after "Wang Donghai" (family name first)
    groups: dict[str, list[EntityMention]] = defaultdict(list)
    for m in mentions:
        groups[m.gazetteer_id or name_key(m.text)].append(m)
    for ms in groups.values():
        if doc is not None and _is_team(doc, ms, gaz):
            for m in ms:
                if not _locative(doc, m):
                    m.label = "ORG"
                elif m.label not in PLACE_TYPES:
                    m.label = "GPE"
            continue
        toks = _name_tokens(ms[0].text)
        surname = len(toks) == 1 and person_surnames[toks[0]] > 0
        if ms[0].gazetteer_id:
            label = gaz.by_id[ms[0].gazetteer_id].type
            if surname and label in PLACE_TYPES and doc is not None:
                # "Jordan scored" after "Michael Jordan": the person, not the country ("in Jordan" stays)
                for m in ms:
                    if not _locative(doc, m, PLACE_PREPOSITIONS):
                        m.label, m.gazetteer_id = "PERSON", None
                continue
        elif surname:
            label = "PERSON"  # "Tarango said" after "Jeff Tarango", whatever the model read alone
        else:
            votes = Counter(m.label for m in ms if m.source != "propagated")
            if len(toks) == 1 and person_given[toks[0]]:
                votes["PERSON"] += 2 * person_given[toks[0]]
            label = votes.most_common(1)[0][0] if votes else ms[0].label
        for m in ms:
            m.label = label
