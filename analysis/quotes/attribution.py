"""Quotes: who said what — direct, indirect, mixed and headline statements with their speakers.

Public entry point: :func:`extract_quotes`. The work is split like BBC's citron:

- :mod:`.cue` finds reporting cues (editable lexicon ``analysis/data/reporting_verbs.yaml``),
- :mod:`.content` finds quotation-mark spans and the content a cue governs in the parse,
- :mod:`.source` finds and classifies the speaker mention (named, pronoun, nominal, unnamed),
- :mod:`.coreference` resolves pronoun speakers to the last compatible speaker or person.

All offsets index into ``article.text``; quotes lie inside ``article.paragraphs`` except headline ones.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from analysis.actors.resolve import ActorSet
from analysis.documents.article import Article
from analysis.nlp.model import doc_text
from analysis.quotes.content import EDGE, MarkSpan, content_span, is_statement, quote_mark_spans
from analysis.quotes.coreference import Antecedent, pronoun_class, resolve_pronoun
from analysis.quotes.cue import (
    Cue,
    Lexicon,
    find_cues,
    is_cue_verb,
    load_lexicon,
    reports_nothing,
    states_nothing,
)
from analysis.quotes.encoder import encoder_missing, encoder_tag_article
from analysis.quotes.source import (
    Speaker,
    actor_by_name,
    channel_name,
    classify,
    inverted_subject,
    is_channel,
    is_person_noun,
    looks_personal,
    own_subject,
    quoting_verb,
    speaker_token,
    subject_of,
)
from analysis.quotes.tagger import TaggedSpan, reporting_kind, tag_article
from analysis.records import Quote
from analysis.settings import QUOTE_MODES as USER_QUOTE_MODES

__all__ = ["extract_quotes", "load_lexicon"]

# `Shamkhani: Eviction of Foreign Forces ...` — a short name, a colon, the statement.
HEADLINE_RE = re.compile(r"^\s*(?P<who>[A-Z][\w.’'\- ]{1,50}?)\s*:\s+(?P<what>\S.{5,})$")
HEADLINE_NOT_SPEAKERS = {"update", "exclusive", "video", "photo", "photos", "watch", "breaking", "live",
                         "analysis", "opinion", "interview", "editorial", "report", "review", "factbox",
                         "the latest"}  # AP live blogs: "The Latest: Trump urges supporters to ..."
# A cue opening the sentence after a quotation ('Sanders replied.') starts within this many characters.
TRAILING_CUE_CHARS = 60
QUOTE_CHARS = "“”\"«»"
# A cue's content is the direct quotation it holds when the quotation covers at least this share of it; below
# that the content is a mixed quote, lead-in and all ('said that “terrorism is the answer”', 'called it an
# “outlaw nation”'). 0.5 until issue 22's third round: 0.9 gave PolNeAR dev content exact 58.5 -> 58.8, the
# own gold and the seed and Tehran Times cases unchanged.
DIRECT_SHARE = 0.9


@dataclass
class Found:
    """One quote before its speaker is resolved."""

    start: int
    end: int
    kind: str
    cue: Cue | None = None
    speaker: Speaker | None = None
    via: str | None = None
    inherit_from: Found | None = None  # continuation paragraphs take the previous quote's speaker
    # the end of the transcript turn or listing entry this quote opens: a first-person speaker before it ('I
    # think ...' inside WALLACE TURBEVILLE's turn) is this quote's speaker
    speaks_until: int | None = None


# How quotes are found: the rules refined and completed by the attribution tagger (the default), the rules
# alone (the two a user chooses: Settings.quotes, --quotes), or the tagger's own spans with the rules as
# fallback (best on PolNeAR's span conventions, worse on other outlets: kept for the benchmarks). See
# docs/quotes.md for the figures of each.
QUOTE_MODES = (*USER_QUOTE_MODES, "tagger")


def extract_quotes(doc: Doc, article: Article, actors: ActorSet, lexicon: Lexicon | None = None,
                   mode: str = "hybrid") -> list[Quote]:
    """Every statement in the article with its speaker, cue and channel, in text order.

    `doc` is the spaCy parse of ``article.masked_text()`` (so its offsets are offsets into the text).
    `mode` (one of :data:`QUOTE_MODES`): ``rules`` alone; ``hybrid`` (the default), the rules' quotes with
    their bounds, cues and missing speakers taken from the attribution tagger (:mod:`.tagger`) and the
    tagger's confident cued quotes added; ``tagger``, the tagger's spans with the rules as fallback (where no
    CRF model is installed, these two are the rules alone); ``encoder``, the encoder tagger's spans
    (:mod:`.encoder`) with the rules as fallback under PolNeAR's attribution convention, and in the hybrid's
    place of the CRF's under the news-quote convention (a RuntimeError saying what to install where it is missing).
    """
    if mode not in QUOTE_MODES:
        raise ValueError(f"quote mode must be one of {', '.join(QUOTE_MODES)}, not {mode!r}")
    lexicon = lexicon or load_lexicon()
    if is_comment_page(article, lexicon):
        return []  # readers' comments and letters are not news quotes
    marks = quote_mark_spans(article.text, article.paragraphs)
    found = rule_found(doc, article, actors, lexicon, marks)
    subjects = subject_positions(doc, marks)
    quotes = resolve_speakers(found, article, actors, lexicon, subjects)
    tagged = None
    if mode == "encoder":
        tagged = encoder_tag_article(doc, article)
        if tagged is None:
            raise RuntimeError(encoder_missing())
    elif mode != "rules":
        tagged = tag_article(doc, article, lexicon, marks, quotes, confidence=mode == "hybrid")
    if tagged is not None and (mode == "tagger" or mode == "encoder" and not lexicon.statements_only):
        # the tagger's spans lead, the rules are the fallback: the encoder does so only under PolNeAR's
        # attribution convention, which it learnt (docs/quotes.md "The encoder mode": under the news-quote
        # convention its stances and split quotes cost precision, and the rules lead as in the hybrid)
        confidence, needs_speaker = (ENCODER_QUOTE_CONFIDENCE, ENCODER_NEEDS_SPEAKER) if mode == "encoder" \
            else (0.0, False)
        quotes = learned_quotes(doc, article, actors, lexicon, marks, quotes, tagged, confidence, needs_speaker)
    elif tagged is not None:
        found = hybrid_found(doc, article, actors, lexicon, marks, found, tagged)
        quotes = resolve_speakers(found, article, actors, lexicon, subjects)
    headline = headline_quote(article, actors)
    return ([headline] if headline else []) + quotes


SIGNATURE_RE = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}$")


def is_comment_page(article: Article, lexicon: Lexicon) -> bool:
    """A page of readers' comments or letters: named so in its headline, section or URL, or signed paragraph
    after paragraph ('John Smith, Leeds')."""
    labels = " ".join(str(x) for x in (article.headline, article.url, article.meta.get("section"),
                                       article.meta.get("title")) if x).lower().replace("-", " ").replace("_", " ")
    if any(phrase in labels for phrase in lexicon.comment_pages):
        return True
    signed = sum(1 for s, e in article.paragraphs if SIGNATURE_RE.match(article.text[s:e].strip()))
    return signed >= 3


def rule_quotes(doc: Doc, article: Article, actors: ActorSet, lexicon: Lexicon,
                marks: list[MarkSpan]) -> list[Quote]:
    """The rules' body quotes with their speakers resolved (the tagger's training reads these)."""
    return resolve_speakers(rule_found(doc, article, actors, lexicon, marks), article, actors, lexicon,
                            subject_positions(doc, marks))


def rule_found(doc: Doc, article: Article, actors: ActorSet, lexicon: Lexicon,
               marks: list[MarkSpan]) -> list[Found]:
    """The rules' body quotes before their speakers are resolved: cues and their content in the parse,
    quotations attached to cues."""
    text = article.text
    statements = [m for m in marks if is_statement(text, m)]
    found: list[Found] = []
    used: set[int] = set()  # indexes into statements already attached to a cue
    pending: list[Found] = []  # cues without content: 'he said:' before a quotation
    for sent in body_sentences(doc, article):
        found_here = cues_in_sentence(sent, article, lexicon, marks, statements, used, actors)
        found.extend(f for f in found_here if f.start < f.end)
        pending.extend(f for f in found_here if f.start >= f.end)
    found.extend(attach_statements(doc, statements, used, pending, found, actors, lexicon))
    # a decision or a feeling (news-quote convention) holds its content, cues and quotations and is no quote itself
    found = [f for f in found if f.cue is None or f.cue.states]
    found = signed_quotations(doc, article, found, actors, lexicon, marks)
    for f in found:
        if f.kind != "direct":
            f.end = without_trailing_relative(doc, f.start, f.end)
    found = [f for f in found if f.start < f.end and article.in_body(f.start, f.end)]
    found.sort(key=lambda f: (f.start, f.end))
    return found


def body_sentences(doc: Doc, article: Article) -> list[Span]:
    """Sentences that start inside an analysable body paragraph."""
    out = []
    for sent in doc.sents:
        first = next((t for t in sent if not t.is_space), None)
        if first is not None and article.in_body(first.idx, first.idx + len(first.text)):
            out.append(sent)
    return out


def paragraph_of(article: Article, pos: int) -> tuple[int, int] | None:
    k = bisect_right(article.paragraphs, pos, key=lambda p: p[0]) - 1  # paragraphs are in order, disjoint
    return tuple(article.paragraphs[k]) if k >= 0 and pos < article.paragraphs[k][1] else None


def clip_to_paragraph(article: Article, start: int, end: int) -> tuple[int, int]:
    """Content stays in the paragraph it starts in (run-together paragraphs can share a parse sentence)."""
    para = paragraph_of(article, start)
    if para is None:
        return start, start
    return start, min(end, para[1])


# Quotation marks (`quote_mark_spans`) and statements are in text order and disjoint: the marks around or
# over a position are found by binary search, not by a scan of every quotation per cue.

def inside(span: tuple[int, int], marks: list[MarkSpan]) -> bool:
    k = bisect_right(marks, span[0], key=lambda m: m.start) - 1  # the last mark starting at or before it
    return k >= 0 and span[1] <= marks[k].end


def overlapping(start: int, end: int, marks: list[MarkSpan]) -> range:
    """Indices of the marks overlapping [start, end), in order."""
    return range(bisect_right(marks, start, key=lambda m: m.end), bisect_left(marks, end, key=lambda m: m.start))


def cues_in_sentence(sent: Span, article: Article, lexicon: Lexicon, marks: list[MarkSpan],
                     statements: list[MarkSpan], used: set[int], actors: ActorSet) -> list[Found]:
    """Quotes governed by the cues of one sentence (content-less cues come back with start == end)."""
    cues = [c for c in find_cues(sent, lexicon) if not inside((c.start, c.end), statements)]
    if not cues:
        return []
    # Participial and conjoined cues ('..., saying', 'and added') are quotes of their own: their
    # subtrees are cut out of the governing cue's content.
    split = {c.head.i for c in cues if splits_off(c, cues, lexicon)}
    out: list[Found] = []
    # cues in sentence order: trying the outermost cue first (the tree root) was no better on PolNeAR dev
    # and lets a channel ('..., Nasim reported') take the quotation its speaker's own cue governs
    for cue in cues:
        span = content_span(cue, lexicon, split - {cue.head.i})
        head = speaker_token(cue)
        speaker = classify(head, actors, lexicon, cue.head) if head is not None else None
        if span is None:
            out.append(Found(cue.start, cue.start, "direct", cue, speaker))
            continue
        start, end = clip_to_paragraph(article, *span)
        end = quotation_run_on(article.text, end, sent.end_char, marks)
        if end > start:
            out.append(Found(start, end, "indirect", cue, speaker))
    out = drop_nested(apply_channels(out, lexicon))
    for f in out:
        if f.start < f.end:
            f.kind, f.start, f.end = classify_content(f.start, f.end, marks, statements, used)
    return out


def quotation_run_on(text: str, end: int, sent_end: int, marks: list[MarkSpan]) -> int:
    """'saying officials have spoken about amendments “that would further restrict online space.”': the parse
    often leaves a quotation that ends the sentence out of the reported clause it continues. Where the content
    stops right at an opening mark (white space between) and that quotation closes within the sentence, the
    content runs on to its end (a mixed quote), instead of the quotation becoming a fragment quote of its own."""
    k = bisect_left(marks, end, key=lambda m: m.open_at)
    if k < len(marks):
        m = marks[k]
        if m.closed and not text[end:m.open_at].strip() and m.end <= sent_end:
            return m.end
    return end


def splits_off(cue: Cue, cues: list[Cue], lexicon: Lexicon) -> bool:
    """A conjoined or participial cue that is a statement of its own: it hangs from another cue ('said
    ... and added', 'warned ..., saying'), or it is a speech participle ('..., saying'). A cue conjoined
    with a verb inside another cue's content ('says the world is watching and that he can understand')
    is part of that content (PolNeAR annotates each token in one attribution only)."""
    v = cue.head
    if v.dep_ not in ("advcl", "conj"):
        return False
    if any(other.head is v.head for other in cues):
        return True
    return v.dep_ == "advcl" and v.tag_ == "VBG" and v.lemma_.lower() in lexicon.speech


def drop_nested(found: list[Found]) -> list[Found]:
    """PolNeAR-style univocal attributions: a cue inside another quote's content or inside another
    quote's speaker phrase ('an expert who asked not to be named') is part of that quote."""
    def within(pos: int, f: Found) -> bool:
        inside_content = f.start <= pos < f.end
        inside_speaker = f.speaker is not None and f.speaker.start <= pos < f.speaker.end
        return inside_content or inside_speaker

    def nested(f: Found, g: Found) -> bool:
        if g is f or not within(f.cue.start, g):
            return False
        if g.cue is None or not within(g.cue.start, f):
            return True
        # two cues each inside the other's content ('President Obama, dedicating the museum on Saturday, said it
        # would tell ...' reads 'tell' as taking the words before it; 'Back in Virginia, Mr. Clarke said, he
        # decided ...'): a content ending at the other cue is that cue's attribution (speaker and verb), not
        # what was said, so its own cue goes; else both go, as before (title-case headlines such as 'X Responds
        # To Question By Saying ...' give such pairs, where neither is a quote)
        f_ends_at_g, g_ends_at_f = ends_at(f, g.cue), ends_at(g, f.cue)
        return f_ends_at_g or f_ends_at_g == g_ends_at_f

    def ends_at(f: Found, cue: Cue) -> bool:  # the cached text: spaCy joins every token's text for `doc.text`
        return cue.end <= f.end and not doc_text(cue.head.doc)[cue.end:f.end].strip(" ,;:.\n\"”’'")

    return [f for f in found if f.cue is None or not any(nested(f, g) for g in found)]


def classify_content(start: int, end: int, marks: list[MarkSpan], statements: list[MarkSpan],
                     used: set[int]) -> tuple[str, int, int]:
    """direct (the quotation's span), mixed (quoted words inside reported speech) or indirect."""
    length = max(1, end - start)
    for i in overlapping(start, end, statements):
        m = statements[i]
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > 0 and overlap >= DIRECT_SHARE * length and i not in used:
            used.add(i)
            return "direct", m.start, m.end
    for i in overlapping(start, end, marks):  # a mixed quote takes its quotation whole ('as "vote now, pay later"')
        start, end = min(start, marks[i].start), max(end, marks[i].end)
    quoted = sum(max(0, min(end, marks[i].end) - max(start, marks[i].start)) for i in overlapping(start, end, marks))
    # the quoted words of a mixed quote are part of it: never a second, fragment quote of their own
    used.update(i for i in overlapping(start, end, statements)
                if start <= statements[i].start and statements[i].end <= end)
    return ("mixed" if quoted > 0 else "indirect"), start, end


def apply_channels(found: list[Found], lexicon: Lexicon) -> list[Found]:
    """'..., Reuters reported' / 'according to IRNA' / 'told state TV': the channel becomes `via`."""
    channels = [f for f in found if f.cue is not None and is_channel(f.speaker, lexicon)
                and (f.cue.kind == "according" or f.cue.head.lemma_.lower() in lexicon.channel_verbs)]
    others = [f for f in found if f not in channels]
    dropped = set()
    for ch in channels:
        for f in others:
            if f.via is None and f.cue is not None:
                f.via = channel_name(ch.speaker)
                dropped.add(id(ch))
    for f in others:
        if f.cue is None or f.via is not None:
            continue
        quoting = quoting_verb(f.cue.head)
        if quoting is not None:  # 'Reuters quoted X as saying ...'
            f.via = channel_of(own_subject(quoting), lexicon)
        elif f.cue.head.lemma_.lower() == "tell":  # 'X told Reuters that ...'
            for child in f.cue.head.children:
                if child.dep_ in ("dobj", "dative") and child.ent_type_ == "ORG":
                    f.via = channel_of(child, lexicon) or f.via
    return [f for f in found if id(f) not in dropped]


def channel_of(token: Token | None, lexicon: Lexicon) -> str | None:
    """The channel's name when `token` names a news outlet or agency (`is_channel`), else None."""
    if token is None:
        return None
    probe = classify(token, ActorSet(), lexicon)
    return channel_name(probe) if is_channel(probe, lexicon) else None


def attach_statements(doc: Doc, statements: list[MarkSpan], used: set[int], pending: list[Found],
                      found: list[Found], actors: ActorSet, lexicon: Lexicon) -> list[Found]:
    """Quotations no cue's content reached: a 'said:' cue just before, a sentence ending in a colon
    right before ('Cruz called them on it:'), or the previous quote's speaker."""
    out: list[Found] = []
    text = doc_text(doc)
    # Every statement tries every pending cue: each try compares positions worked out once per statement
    # and once per cue, and slices the text only between near neighbours (slicing from a cue to any later
    # statement made a long document's cost grow with the square of its length, and more).
    placed: dict[int, tuple[int, int, tuple[int, int]]] = {}  # id(pending Found) -> cue start, end, sentence

    def place(p: Found) -> tuple[int, int, tuple[int, int]]:
        if id(p) not in placed:
            placed[id(p)] = (p.cue.start, p.cue.end, sentence_at(p.cue.head))
        return placed[id(p)]

    for i, m in enumerate(statements):
        if i in used:
            continue
        cue_found = None
        first = doc.char_span(m.start, m.start + 1, alignment_mode="expand")
        first_sentence = sentence_at(first) if first is not None else None
        last_sentence = last_sentence_of(doc, m)
        for p in pending:
            cue_start, cue_end, cue_sentence = place(p)
            near = False
            if cue_end <= m.open_at and m.open_at - cue_end <= 40:
                gap = text[cue_end:m.open_at]
                near = ":" in gap or "," in gap or not gap.strip()
            if near or (first_sentence is not None and cue_sentence == first_sentence
                        and not (m.start <= cue_start < m.end)) \
                    or follows(text, m, last_sentence, cue_start, cue_sentence):
                cue_found = p
        if cue_found is not None:
            pending.remove(cue_found)
            out.append(Found(m.start, m.end, "direct", cue_found.cue, cue_found.speaker, cue_found.via))
            continue
        lead = colon_lead(doc, m, actors, lexicon)
        if lead is not None:
            out.append(lead)
            continue
        previous = [f for f in found + out if f.end <= m.open_at and f.kind == "direct"]
        prev = max(previous, key=lambda f: f.end) if previous else None
        near_prev = prev is not None and m.open_at - prev.end <= 400
        if prev is not None and prev.cue is not None and m.open_at - prev.end <= 80 \
                and "\n" not in text[prev.end:m.open_at]:
            # '“A,” he said, “B.”': one statement in two pieces, one cue
            out.append(Found(m.start, m.end, "direct", prev.cue, prev.speaker, prev.via))
            continue
        if near_prev or not in_cued_sentence(doc, m, found):
            out.append(Found(m.start, m.end, "direct", inherit_from=prev if near_prev else None))
    return out


# Two print conventions that name the speaker with no verb: a transcript's speaker label opening a paragraph
# ('"PENCE: Well, look, ...'), and a quotation signed with a dash ('“... ,” ― Pamela Padilla').
TRANSCRIPT_RE = re.compile(r"[\"“”]?[ \t]*(?P<who>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,2})(?P<colon>:)[ \t]+(?=\S)")
SIGNATURE_DASH_RE = re.compile(r"[.,!?”\"’'\s]*(?P<dash>[―—–]|--)[ \t\u00a0]*"
                               r"(?P<who>[A-Z][\w.’'\-]*(?: [A-Z][\w.’'\-]*){0,4})\.?[ \t\u00a0]*$")
# Any paragraph-opening label ends the turn before it, one the speaker labels leave out too (long, with accents
# or lower case: 'JUAN GONZÁLEZ:', 'SEN. MITCH McCONNELL:', 'POLICE OFFICER 1:')
TURN_LABEL_RE = re.compile(r"[\"“]?[ \t]*[A-ZÀ-Þ][\w'’.\-]*(?: [A-ZÀ-Þ0-9][\w'’.\-]*)*:")
# A name labelling the quotation after it, opening its paragraph or after a dash ('IOWA POLLS NOT NECESSARILY
# WRONG, JUST TOO EARLY - Mark Blumenthal and Jon Cohen: “Although ...”', a digest's convention; 'Clinton: "Our
# goal is ...'): searched in the paragraph's text before the quotation.
LABEL_RE = re.compile(r"(?:^|\s[-–—]\s)(?P<who>[A-Z][\w.'’-]*(?:(?: and| &)? [A-Z][\w.'’-]*){0,4}):[ \t\u00a0]*[“\"]?$")
# A reactions listing's entry (wire factboxes run them on in one paragraph): a quotation ending its sentence,
# closed, then a dash and a signature naming the speaker up to the next entry's quotation ('“... .” - Former
# U.S. President Barack Obama, in a statement “...” - ...').
LISTING_ENTRY_RE = re.compile(r"[.!?…]?[”\"][ \t\u00a0]+(?P<dash>[-―—–]|--)[ \t\u00a0]+(?P<who>[^\s“”\"][^“”\"\n]{0,300}?)"
                              r"[ \t\u00a0]*(?=[“\"\n]|$)")
SIGNERS = ("PERSON", "ORG")  # the actor types that sign a listing's entry
MAX_ENTRY_CHARS = 3000  # how far an entry's quotation left open at its paragraph's end may run on
NOT_LABELS = HEADLINE_NOT_SPEAKERS | {"note", "editor's note", "editor’s note", "correction", "crosstalk",
                                      "applause", "laughter", "update", "related", "read more", "source"}


def signed_quotations(doc: Doc, article: Article, found: list[Found], actors: ActorSet, lexicon: Lexicon,
                      marks: Sequence[MarkSpan] = ()) -> list[Found]:
    """Quotes whose speaker is named by a transcript label or a dash signature (no reporting verb): the
    label's paragraph (after the colon) is the quote, the signed quotation takes the signer, and so does a
    listing entry's quotation (`marks`: the quotations). A first-person speaker ('I think ...') inside such a
    turn or entry is its speaker."""
    text = article.text
    out = list(found)
    turns: list[tuple[int, Found]] = []  # (paragraph start, quote) of each labelled turn
    for p_start, p_end in article.paragraphs:
        if not article.in_body(p_start, p_end):
            continue
        m = TRANSCRIPT_RE.match(text, p_start, p_end)
        if m is None or m.group("who").lower().strip(".") in NOT_LABELS or len(m.group("who").strip(".")) < 2:
            continue
        start, end = m.end(), len(text[:p_end].rstrip(" \t\n\"“”"))
        speaker = _label_speaker(doc, m.start("who"), m.end("who"), actors, lexicon)
        colon = doc.char_span(m.start("colon"), m.end("colon"), alignment_mode="expand")
        if speaker is None or colon is None or end <= start:
            continue
        out = [f for f in out if not (p_start <= f.start < p_end and f.cue is None)]
        out.append(Found(start, end, "direct", Cue(head=colon[0], tokens=list(colon), kind="speech"), speaker))
        turns.append((p_start, out[-1]))
    # a transcript's turn runs on over the paragraphs without a label, up to the next paragraph opening with
    # any label (a long one the speaker labels leave out included: 'VICE PRESIDENT-ELECT MIKE PENCE: ...'); the
    # last turn ends with its own paragraph (one labelled paragraph is no transcript: the prose after it is the
    # writer's)
    breaks = [p_start for p_start, p_end in article.paragraphs if TURN_LABEL_RE.match(text, p_start, p_end)]
    for (p_start, turn), (next_start, _) in pairwise(turns):
        turn.speaks_until = next((b for b in breaks if b > p_start), next_start)
    if turns:
        turns[-1][1].speaks_until = turns[-1][1].end
    for f in out:
        if f.kind != "direct" or f.cue is not None or f.speaker is not None:
            continue
        para = paragraph_of(article, f.start)
        if para is None:
            continue
        m = SIGNATURE_DASH_RE.match(text, f.end, para[1])
        if m is None:
            continue
        who_end = m.end("who")
        if text[who_end - 1] == "." and text[who_end - 3:who_end - 2].isalpha():
            who_end -= 1  # the sentence's full stop, not an initial's ('Francisco Herrero.', 'Julie A.')
        speaker = _label_speaker(doc, m.start("who"), who_end, actors, lexicon)
        dash = doc.char_span(m.start("dash"), m.end("dash"), alignment_mode="expand")
        if speaker is not None and dash is not None:
            f.cue, f.speaker, f.inherit_from = Cue(head=dash[0], tokens=list(dash), kind="speech"), speaker, None
    for mark in marks:
        entry = listing_signer(doc, mark, actors, lexicon)
        if entry is None:
            continue
        signed = [f for f in out if f.kind == "direct" and mark.start <= f.start < entry[2]]
        if not signed:
            continue
        for f in signed:
            if entry[1] is not None:
                f.cue, f.speaker = entry[0], entry[1]
            # signed by no one we can name ('— editorial, St. Louis Post-Dispatch'): still not the previous
            # entry's words
            f.inherit_from = None
        signed[0].speaks_until = entry[2] if entry[1] is not None else None
    for f in out:
        label = labelled_by(doc, article, f, actors, lexicon)
        if label is not None:
            f.cue, f.speaker, f.inherit_from = *label, None
    out.sort(key=lambda f: (f.start, f.end))
    return out


def listing_signer(doc: Doc, mark: MarkSpan, actors: ActorSet,
                   lexicon: Lexicon) -> tuple[Cue, Speaker | None, int] | None:
    """The dash cue and speaker of a listing's entry (`LISTING_ENTRY_RE`) the quotation `mark` opens, and
    where the entry's quotation closes: the first person named in the signature, else its first organisation
    that is no news outlet ('— BBC, March 5, 1975' is where the words were said; a place is no speaker). The
    signature follows the quotation, so it wins over a cue the rules found before it, which belongs to the
    previous entry's signature ('... in a statement “...”'). A quotation left open at its paragraph's end runs
    on to the next closing mark (a double space splits a run-on listing into paragraphs)."""
    text = doc_text(doc)
    close = mark.end if mark.closed else text.find("”", mark.end, mark.end + MAX_ENTRY_CHARS)
    if close < 0 or "“" in text[mark.end:close]:
        return None
    m = LISTING_ENTRY_RE.match(text, close)
    if m is None or not text[mark.start:m.start("dash")].rstrip(" \t\u00a0”\"").endswith((".", "!", "?", "…")):
        return None
    dash = doc.char_span(m.start("dash"), m.end("dash"), alignment_mode="expand")
    if dash is None:
        return None
    named = [mention for mention in actors.mentions if m.start("who") <= mention.start < m.end("who")
             and mention.actor_id is not None and getattr(actors.by_id(mention.actor_id), "type", None) in SIGNERS]
    named.sort(key=lambda mention: (actors.by_id(mention.actor_id).type != "PERSON", mention.start))
    speakers = (_label_speaker(doc, mention.start, mention.end, actors, lexicon) for mention in named)
    speaker = next((sp for sp in speakers if sp is not None and not is_channel(sp, lexicon)), None)
    return Cue(head=dash[0], tokens=list(dash), kind="speech"), speaker, close


def labelled_by(doc: Doc, article: Article, f: Found, actors: ActorSet, lexicon: Lexicon) -> tuple[Cue, Speaker] | None:
    """The colon cue and speaker of a direct quote its label names (`LABEL_RE`): the label stands right before
    the quotation, so it wins over a cue the rules found before it (a digest's heading: 'But polls did predict
    the Democratic caucus - HuffPollster: “...”', not 'polls')."""
    para = paragraph_of(article, f.start)
    if f.kind != "direct" or para is None or (f.speaker is not None and f.cue is None):
        return None
    label = LABEL_RE.search(doc_text(doc), para[0], f.start)
    if label is None or label.group("who").lower() in NOT_LABELS or (f.cue is not None and f.cue.end > label.start("who")):
        return None
    speaker = _label_speaker(doc, label.start("who"), label.end("who"), actors, lexicon)
    colon = doc.char_span(label.end("who"), label.end("who") + 1, alignment_mode="expand")
    if speaker is None or colon is None:
        return None
    return Cue(head=colon[0], tokens=list(colon), kind="speech"), speaker


def _label_speaker(doc: Doc, start: int, end: int, actors: ActorSet, lexicon: Lexicon) -> Speaker | None:
    """A name standing alone as a label or signature: the speaker its tokens make."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    sp = classify(span[-1], actors, lexicon)
    if sp.type == "pronoun":
        return None
    actor = actors.actor_at(start, end) or sp.actor or actor_by_name(doc_text(doc)[start:end], actors)
    sp.start, sp.end, sp.text, sp.source = start, end, doc_text(doc)[start:end], (start, end)
    sp.actor, sp.name, sp.type = actor, actor.name if actor else doc_text(doc)[start:end], "named"
    return sp


def colon_lead(doc: Doc, mark: MarkSpan, actors: ActorSet, lexicon: Lexicon) -> Found | None:
    """A quotation right after a sentence ending in a colon ('17-year-old Jared Potts echoed:', 'President
    Clinton released the following statement:'): that sentence's main verb is the cue, its subject the
    speaker, whether or not the verb is in the lexicon (the colon says it introduces the quotation)."""
    text = doc_text(doc)
    before = text[:mark.open_at].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    root = colon.sent.root
    # the verb must stand before the quotation ('... where they live: “Surge in robberies alters ...”')
    if root.pos_ not in ("VERB", "AUX") or root.idx >= mark.open_at:
        return None
    head = subject_of(root)
    if head is None:
        return None
    cue = Cue(head=root, tokens=[root], kind="speech")
    return Found(mark.start, mark.end, "direct", cue, classify(head, actors, lexicon, root))


def sentence_at(token_or_span) -> tuple[int, int]:
    """The (start, end) characters of the sentence a token or span is in: sentences of one Doc compared as
    numbers (what Span equality compares for them)."""
    sent = token_or_span.sent
    return sent.start_char, sent.end_char


def last_sentence_of(doc: Doc, mark: MarkSpan) -> tuple[int, int] | None:
    """The sentence holding a quotation's last character."""
    last = doc.char_span(mark.end - 1, mark.end, alignment_mode="expand")
    return sentence_at(last) if last is not None else None


def trails(doc: Doc, mark: MarkSpan, cue: Cue) -> bool:
    """A cue right after a quotation: in the sentence holding the quotation's last words ('“... . ... ,”
    Kerry said.'), or opening the sentence that follows the closing mark ('“... now!” Sanders replied.')."""
    return follows(doc_text(doc), mark, last_sentence_of(doc, mark), cue.start, sentence_at(cue.head))


def follows(text: str, mark: MarkSpan, last_sentence: tuple[int, int] | None, cue_start: int,
            cue_sentence: tuple[int, int]) -> bool:
    """`trails` on positions worked out beforehand (the cheap tests first: it runs for many pairs)."""
    if cue_start < mark.end:
        return False
    if last_sentence is not None and last_sentence == cue_sentence:
        return True
    sent_start = cue_sentence[0]
    if sent_start < mark.end or cue_start - sent_start > TRAILING_CUE_CHARS \
            or text.find("\n", mark.end, sent_start) >= 0:
        return False
    between = text[mark.end:sent_start]  # the closing mark and punctuation only
    return not between.strip(EDGE) and not any(c in QUOTE_CHARS for c in text[sent_start:cue_start])


def in_cued_sentence(doc: Doc, mark: MarkSpan, found: list[Found]) -> bool:
    """A quotation inside a sentence whose cue already governs other content is a fragment of it
    ('called the attack “an evil, hateful act”'), not a statement of its own."""
    span = doc.char_span(mark.start, mark.start + 1, alignment_mode="expand")
    if span is None:
        return False
    sent = span.sent
    return any(f.cue is not None and sent.start_char <= f.cue.start < sent.end_char for f in found)


SPEAKER_KEYS = ("speaker", "speaker_id", "speaker_text", "speaker_start", "speaker_end", "speaker_type",
                "source_start", "source_end")


def resolve_speakers(found: list[Found], article: Article, actors: ActorSet, lexicon: Lexicon,
                     subjects: frozenset[int] = frozenset()) -> list[Quote]:
    """Quote records in text order; pronouns resolved against the speakers named before them (`subjects`:
    positions of subject tokens, see `resolve_pronoun`)."""
    # the subject of a reported clause is who a speaker talked about, not who the narrative turns to ('Winston
    # said Clinton may be placating her base. And, he said, ...' is Winston)
    subjects = frozenset(p for p in subjects if not any(f.start <= p < f.end for f in found))
    antecedents: list[Antecedent] = []
    quotes: list[Quote] = []
    turns: list[tuple[int, Quote]] = []  # (end, quote) of the turns and entries so far (`Found.speaks_until`)
    by_found: dict[int, Quote] = {}
    for f in found:
        q = Quote(text=article.clean_text(f.start, f.end), start=f.start, end=f.end, kind=f.kind, via=f.via)
        if f.cue is not None:
            q.cue, q.cue_start, q.cue_end = f.cue.text, f.cue.start, f.cue.end
        sp = f.speaker
        if sp is None and f.inherit_from is not None and id(f.inherit_from) in by_found:
            prev = by_found[id(f.inherit_from)]
            for key in SPEAKER_KEYS:
                setattr(q, key, getattr(prev, key))
            q.via = q.via or prev.via
        elif sp is not None:
            q.speaker_text, q.speaker_start, q.speaker_end, q.speaker_type = sp.text, sp.start, sp.end, sp.type
            q.source_start, q.source_end = sp.source or (sp.start, sp.end)
            actor = sp.actor
            first_person = sp.type == "pronoun" and pronoun_class(sp.text, lexicon) == "first_person"
            turn = next((t for end, t in reversed(turns) if t.start <= sp.start < end), None) if first_person else None
            if turn is not None:
                actor = None
                q.speaker, q.speaker_id = turn.speaker, turn.speaker_id
            elif sp.type == "pronoun":
                ante = resolve_pronoun(sp.text, sp.start, antecedents, actors, lexicon, subjects)
                if ante is not None:
                    actor = ante.actor
                    q.speaker = ante.name
            else:
                q.speaker = sp.name
            if actor is not None:
                q.speaker, q.speaker_id = actor.name, actor.id
            if sp.type in ("named", "nominal", "unnamed"):
                antecedents.append(Antecedent(sp.start, actor, q.speaker, antecedent_type(sp, actor), sp.text))
        by_found[id(f)] = q
        quotes.append(q)
        if f.speaks_until is not None and q.speaker is not None:
            turns.append((f.speaks_until, q))
    continue_back(quotes, article.text)
    return quotes


def continue_back(quotes: list[Quote], text: str) -> None:
    """'"A. "B," he said': a quotation left open at its paragraph's end and reopened by the next one is one
    statement: A, with no speaker of its own, takes B's."""
    for q, nxt in pairwise(quotes):
        if q.speaker_start is None and q.kind == "direct" and nxt.kind == "direct" and nxt.speaker_start is not None \
                and not text[q.end:nxt.start].strip(EDGE):
            for key in (*SPEAKER_KEYS, "cue", "cue_start", "cue_end", "via"):
                setattr(q, key, getattr(nxt, key))


def subject_positions(doc: Doc, marks: Sequence[MarkSpan] = ()) -> frozenset[int]:
    """Where the subjects of the parse start (for pronoun resolution), outside quotations: the subject of a
    sentence someone is quoted saying is not who the narrative turns to ('“Not only has Trump praised Putin
    …,” she said' is the quoted woman speaking, not Trump)."""
    inside = sorted((m.start, m.end) for m in marks if m.closed)
    starts = [start for start, _ in inside]

    def quoted(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and i < inside[k][1]

    return frozenset(t.idx for t in doc if t.dep_ in ("nsubj", "nsubjpass") and not quoted(t.idx))


def antecedent_type(sp: Speaker, actor) -> str:
    """The actor type a later pronoun must agree with; short proper names typed ORG may be people."""
    if actor is not None and actor.type != "ORG":
        return actor.type
    if sp.type in ("nominal", "unnamed"):
        return "PERSON" if is_person_noun(sp.head) else "ORG"
    if looks_personal(sp) or (actor is None and sp.head.ent_type_ in ("", "PERSON")):
        return "PERSON"
    return actor.type if actor is not None else "ORG"


def headline_quote(article: Article, actors: ActorSet) -> Quote | None:
    """`Shamkhani: Eviction of Foreign Forces ...` -> a headline quote by Shamkhani."""
    if not article.headline_span:
        return None
    h_start, h_end = article.headline_span
    m = HEADLINE_RE.match(article.text[h_start:h_end])
    if not m:
        return None
    who = m.group("who").strip()
    if who.lower() in HEADLINE_NOT_SPEAKERS or len(who.split()) > 5:
        return None
    w_start = h_start + m.start("who")
    w_end = w_start + len(who)
    c_start = h_start + m.start("what")
    actor = actors.actor_at(w_start, w_end)
    colon = article.text.index(":", w_end)
    return Quote(text=article.text[c_start:h_end].rstrip(), start=c_start, end=h_start + len(
        article.text[h_start:h_end].rstrip()), kind="headline", speaker=actor.name if actor else who,
        speaker_id=actor.id if actor else None, speaker_text=who, speaker_start=w_start, speaker_end=w_end, source_start=w_start, source_end=w_end,
        speaker_type="named", cue=":", cue_start=colon, cue_end=colon + 1)


# --- the learned tagger's spans made into quotes -------------------------------------------------------------

# The tagger's content keeps its sentence-final '.', '?' and '!' (as PolNeAR's spans do); only spaces, commas,
# colons and quotation marks are trimmed from its ends.
LIGHT_EDGE = " \t\r\n,;:“”\"'‘’«»"


def span_head(tokens: list[Token]) -> Token:
    """The token of a span whose head lies outside it (the first such, nouns and verbs preferred)."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head is t]
    preferred = [t for t in roots if t.pos_ in ("PROPN", "NOUN", "PRON", "VERB", "AUX")]
    return (preferred or roots or tokens)[0]


def gap(a: TaggedSpan, b: TaggedSpan) -> int:
    """Characters between two spans of one paragraph (0 when they touch)."""
    return max(a.start - b.end, b.start - a.end, 0)


# The encoder mode (tuned on PolNeAR dev, docs/quotes.md "The encoder mode"): a content no rule quote shares
# (half of the longer one) is kept when the encoder is this sure of it and has a speaker. Dev quote F1 / speaker
# of the shipped model: 0.7 alone 0.764 / 0.932, 0.6 alone 0.765 / 0.928, 0.7 and a speaker 0.760 / 0.938; of a
# four-layer model: no threshold 0.739 / 0.910, 0.7 0.743 / 0.923.
ENCODER_QUOTE_CONFIDENCE = 0.7
ENCODER_NEEDS_SPEAKER = True


def learned_quotes(doc: Doc, article: Article, actors: ActorSet, lexicon: Lexicon, marks: list[MarkSpan],
                   rules: list[Quote], tagged: list[list[TaggedSpan]], min_confidence: float = 0.0,
                   needs_speaker: bool = False) -> list[Quote]:
    """Quotes from the tagger's spans: each content takes the nearest cue of its paragraph and that cue the
    source holding its parse subject, else the nearest; a quotation paragraph with no cue continues the
    previous quote's speaker. Where the tagger found no source, the rules' speaker for the same content is
    kept, else the cue's parse subject; rule quotes the tagger left out entirely stay as the rules had them (the
    rules' fallback: +1.3 content overlap F1 on PolNeAR dev). A content no rule quote shares is kept when its
    confidence is at least `min_confidence` and, with `needs_speaker`, when it has a speaker; under the
    news-quote convention only when its cue is one of a statement and it is a clause (or a direct quotation)."""
    text = article.text
    statements = [m for m in marks if is_statement(text, m)]
    used: set[int] = set()
    found: list[Found] = []
    rule_by_span = [(q, set(range(q.start, q.end))) for q in rules]
    for spans in tagged:
        cues = [s for s in spans if s.role == "cue"]
        sources = [s for s in spans if s.role == "source"]
        for content in (s for s in spans if s.role == "content"):
            start, end = trimmed(text, content)
            if end <= start:
                continue
            end = closing_mark(text, start, end)
            rule = best_rule(start, end, rule_by_span)
            if rule is None and content.confidence < min_confidence:
                continue
            # the kind only: the tagger's bounds beat the quotation marks' (measured on PolNeAR dev)
            kind = classify_content(start, end, marks, statements, used)[0]
            cue_span = linked_cue(cues, content)
            f = Found(start, end, kind)
            if cue_span is not None:
                head = cue_head(cue_span)
                f.cue = Cue(head=head, tokens=cue_span.tokens, kind="speech")
                source = linked_source(sources, cue_span, head)
                if source is not None:
                    sp = classify(span_head(source.tokens), actors, lexicon, head)
                    if sp.type != "pronoun":  # the mention as the tagger bounds it (the whole descriptor)
                        sp.start, sp.end, sp.text = source.start, source.end, text[source.start:source.end]
                    f.speaker = sp
            if lexicon.statements_only and rule is None and kind != "direct" and (
                    f.cue is None or not states(f.cue.head, lexicon) or not is_clause(doc, start, end)):
                continue  # news-quote convention: what the tagger attributes that the rules would not call a statement
            if f.speaker is None and rule is not None and rule.speaker_start is not None:
                f.speaker = rule_speaker(doc, rule, actors, lexicon)
                f.cue = f.cue or rule_cue(doc, rule)
                f.via = rule.via
            if f.speaker is None and f.cue is not None:  # no source tagged, no rule quote: the cue's parse subject
                subject = subject_of(f.cue.head)
                if subject is not None and not start <= subject.idx < end:
                    f.speaker = classify(subject, actors, lexicon, f.cue.head)
            if f.speaker is None and f.cue is None and kind == "direct":
                previous = [g for g in found if g.end <= start and g.kind == "direct"]
                f.inherit_from = max(previous, key=lambda g: g.end) if previous else None
            if needs_speaker and rule is None and f.speaker is None and f.inherit_from is None:
                continue
            found.append(f)
    covered = [set(range(f.start, f.end)) for f in found]
    kept_rules = [q for q in rules if not any(c & set(range(q.start, q.end)) for c in covered)]
    found = [f for f in found if article.in_body(f.start, f.end)]
    found.sort(key=lambda f: (f.start, f.end))
    quotes = resolve_speakers(found, article, actors, lexicon, subject_positions(doc, marks)) + kept_rules
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def closing_mark(text: str, start: int, end: int) -> int:
    """The end of a content that opens a quotation and stops just before its closing mark, moved past it
    ('that “talks will resume' -> 'that “talks will resume”': what a reader is shown stays balanced)."""
    inside = text[start:end]
    if end < len(text) and ((text[end] == "”" and inside.count("“") > inside.count("”"))
                            or (text[end] == '"' and inside.count('"') % 2)):
        return end + 1
    return end


def linked_cue(cues: list[TaggedSpan], content: TaggedSpan) -> TaggedSpan | None:
    """The tagged cue of a content: the nearest of its paragraph whose verb governs the content in the parse,
    else the nearest ('“…,” she said, referring to …': said, not referring)."""
    head = span_head(content.tokens)
    above = {t.i for t in head.ancestors}
    return min(cues, key=lambda c: (cue_head(c).i not in above, gap(c, content)), default=None)


def linked_source(sources: list[TaggedSpan], cue_span: TaggedSpan, head: Token) -> TaggedSpan | None:
    """The tagged source of a cue: the one holding the cue verb's parse subject (PolNeAR dev, MiniLM tagger,
    tagger mode: speaker 0.900 -> 0.906), else the nearest in the cue's sentence, else the nearest. None when the
    verb has a subject in the parse and no source was tagged in its sentence: the caller then takes the rules'
    speaker, else that subject, rather than a source of another sentence (encoder mode, attribution convention:
    dev speaker 1448 -> 1455 of 1539, train[:200] 2575 -> 2587 of 2729)."""
    subject = subject_of(head)
    if subject is not None:
        holder = next((s for s in sources if s.start <= subject.idx < s.end), None)
        if holder is not None:
            return holder
    cue_sentence = sentence_at(head)
    in_sentence = [s for s in sources if sentence_at(s.tokens[0]) == cue_sentence]
    if subject is not None and not in_sentence:
        return None
    return min(in_sentence or sources, key=lambda s: gap(s, cue_span), default=None)


def best_rule(start: int, end: int, rules: list[tuple[Quote, set[int]]]) -> Quote | None:
    """The rule quote sharing at least half of the longer of the two contents."""
    chars = set(range(start, end))
    best, best_share = None, 0.0
    for q, q_chars in rules:
        share = len(chars & q_chars) / max(len(chars), len(q_chars), 1)
        if share >= 0.5 and share > best_share:
            best, best_share = q, share
    return best


def rule_speaker(doc: Doc, rule: Quote, actors: ActorSet, lexicon: Lexicon) -> Speaker | None:
    span = doc.char_span(rule.speaker_start, rule.speaker_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    sp = classify(span_head(list(span)), actors, lexicon)
    sp.start, sp.end, sp.text = rule.speaker_start, rule.speaker_end, rule.speaker_text or sp.text
    return sp


def rule_cue(doc: Doc, rule: Quote) -> Cue | None:
    if rule.cue_start is None or rule.cue_start == rule.cue_end:
        return None
    span = doc.char_span(rule.cue_start, rule.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tokens = list(span)
    return Cue(head=span_head(tokens), tokens=tokens, kind="speech")


# --- the hybrid: the rules' quotes, refined and completed by the tagger ---------------------------------------

# Tuned on PolNeAR dev and checked on the new-outlet gold (docs/quotes.md): a quote the rules did not find is
# added only when the tagger is this sure of its content and of a cue that is a reporting word; a speaker the
# rules left open is filled when the tagger is this sure of the source.
NEW_QUOTE_CONFIDENCE = 0.9
NEW_QUOTE_CUES = ("speech",)  # reporting_kind of an added quote's cue (mental and phrasal cues: rules only)
# Under PolNeAR's attribution convention (`Lexicon.statements_only` false) a quote the rules missed is added
# with any verb as its cue when the tagger is this sure of the content and of the source, if it tagged one
# (tuned on PolNeAR dev, issue 22's fifth round: content exact 59.6 -> 61.3, source 72.8 -> 75.0, speaker
# 0.942 -> 0.944; the news-quote convention, the default, is unchanged: the own gold's statements are speech).
ATTRIBUTION_QUOTE_CONFIDENCE = 0.5
ATTRIBUTION_SOURCE_CONFIDENCE = 0.6
# ... and an indirect rule quote is cut where a content the tagger is this sure of stops at a comma or dash
# (`cuts_trailing_aside`; 0.7 to 0.95 gave the same content exact on PolNeAR dev, within 0.01).
ASIDE_CONFIDENCE = 0.9
ASIDE_MARKS = (",", "—", "–", "-")
# 0.4 since issue 22's sixth round: a quote with no speaker of its own more often has the tagger's source, even
# an unsure one, right than the quote it would otherwise inherit from (hybrid, attribution: PolNeAR dev speaker
# 1279 -> 1280 of 1355, train[:200] 2217 -> 2236 of 2402; 0.3 cost dev source exact 0.11; own gold unchanged).
# It was 0.7 since the model of the third round (dev speaker 0.930 -> 0.933 against 0.8).
SPEAKER_CONFIDENCE = 0.4
# Rule quotes inside a tagger content this sure take its bounds as one quote (`grows_into`); tuned on PolNeAR
# dev (content exact 56.6 -> 58.1; 0.6 gave 58.2, 0.9 58.0), checked on the new-outlet gold.
GROW_CONFIDENCE = 0.8
# The tagger's bounds replace the rules' for these kinds (a direct quote keeps its quotation marks' span).
REFINED_KINDS = ("indirect", "mixed", "direct")
DIRECT_SLACK = 2
# The tagger's content bounds replace the rules' when the two share this much of the longer one.
REFINE_SHARE = 0.6
# Speaker types whose mention takes the tagger's wider bounds.
GROWN_SPEAKERS = ("nominal", "unnamed")


def trimmed(text: str, span: TaggedSpan) -> tuple[int, int]:
    start, end = span.start, span.end
    while start < end and text[start] in LIGHT_EDGE:
        start += 1
    while end > start and text[end - 1] in LIGHT_EDGE:
        end -= 1
    return start, end


def share(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Overlap of two spans over the longer of them."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(a[1] - a[0], b[1] - b[0], 1)


def hybrid_found(doc: Doc, article: Article, actors: ActorSet, lexicon: Lexicon, marks: list[MarkSpan],
                 found: list[Found], tagged: list[list[TaggedSpan]]) -> list[Found]:
    """The rules' quotes (`found`) with the tagger's help, never fewer of them:

    - a rule quote the tagger also found (half of the longer content shared) takes the tagger's content
      bounds when they share REFINE_SHARE and leave out the quote's cue and speaker (a direct quote's only by
      punctuation or growth), and a descriptor speaker the tagger's wider source bounds;
    - a rule quote with no speaker of its own takes the tagger's source when the tagger is sure
      and its cue and source lie outside the quote;
    - a content the rules missed is added when the tagger is sure of it, its cue is a speech verb and the
      parse puts that verb's subject in the tagger's source (under PolNeAR's attribution convention: any verb,
      at lower confidences, `added_cue`).
    The rules' cues and named speakers are kept as they are.
    """
    text = article.text
    statements = [m for m in marks if is_statement(text, m)]
    used: set[int] = set()
    added: list[Found] = []
    for spans in tagged:
        cues = [s for s in spans if s.role == "cue"]
        sources = [s for s in spans if s.role == "source"]
        for content in (s for s in spans if s.role == "content"):
            start, end = trimmed(text, content)
            if end <= start or not article.in_body(start, end):
                continue
            end = closing_mark(text, start, end)
            cue_span = linked_cue(cues, content)
            source = linked_source(sources, cue_span, cue_head(cue_span)) if cue_span else None
            best = max(found, key=lambda f: share((f.start, f.end), (start, end)), default=None)
            overlap = share((best.start, best.end), (start, end)) if best is not None else 0.0
            inner = [f for f in found if start <= f.start and f.end <= end]
            if inner and content.confidence >= GROW_CONFIDENCE and grows_into(doc, inner, found, (start, end), lexicon):
                # rule quotes inside a content the tagger is sure of, with nothing else across it: one quote
                # with the tagger's bounds ('criticized the Affordable Care Act' + 'as a “crazy system”'; a
                # mixed quote's quoted pieces)
                keep = next((f for f in inner if f.cue is not None), inner[0])
                for f in inner:
                    if f is not keep:
                        found.remove(f)
                keep.start, keep.end = start, end
                if keep.kind == "direct" and len(inner) > 1:
                    keep.kind = "mixed"
                refine(keep, None, cue_span, source, text, actors, lexicon)
                continue
            if overlap >= 0.5:  # the same quote (as the benchmarks match quotes)
                refine(best, (start, end) if overlap >= REFINE_SHARE else None, cue_span, source, text,
                       actors, lexicon)
                continue
            if best is not None and cuts_trailing_aside(text, best, (start, end), content, lexicon):
                best.end = end
                continue
            if cue_span is None or any(f.start < end and start < f.end for f in found + added):
                continue
            head = added_cue(doc, (start, end), content, cue_span, source, lexicon)
            if head is None:
                continue
            f = Found(start, end, classify_content(start, end, marks, statements, used)[0],
                      Cue(head=head, tokens=cue_tokens(head), kind="speech"))
            if source is not None:
                f.speaker = tagged_speaker(source, head, text, actors, lexicon)
            else:  # attribution convention, no source tagged: the verb's subject in the parse, if any
                subject = subject_of(head)
                if subject is not None and start <= subject.idx < end:
                    continue  # the content is the verb's own subject: not what the verb attributes
                if subject is not None:
                    f.speaker = classify(subject, actors, lexicon, head)
            added.append(f)
    out = found + added
    for f in out:
        if f.kind != "direct":
            f.end = without_trailing_relative(doc, f.start, f.end)
    out.sort(key=lambda f: (f.start, f.end))
    return out


def cuts_trailing_aside(text: str, f: Found, bounds: tuple[int, int], content: TaggedSpan, lexicon: Lexicon) -> bool:
    """Attribution convention: an indirect rule quote whose start the tagger shares, with a confident content
    that stops at a comma or dash before the quote's end, ends there ('she opposed the Iraq War, when there are
    radio clips of her supporting it': the aside is the reporter's; PolNeAR dev content exact +0.1). The
    news-quote convention cuts such asides by their parse (`trailing_asides`)."""
    start, end = bounds
    return not lexicon.statements_only and f.kind == "indirect" and content.confidence >= ASIDE_CONFIDENCE \
        and abs(f.start - start) <= DIRECT_SLACK and end < f.end \
        and text[end:f.end].lstrip(" ”\"’").startswith(ASIDE_MARKS)


def added_cue(doc: Doc, bounds: tuple[int, int], content: TaggedSpan, cue_span: TaggedSpan,
              source: TaggedSpan | None, lexicon: Lexicon) -> Token | None:
    """The cue verb of a tagger content the rules did not find, when the quote is to be added (else None).

    News-quote convention (the default): the tagger is sure of the content (NEW_QUOTE_CONFIDENCE), the cue
    holds a speech verb of the lexicon that `says` (its parse subject in the tagger's source) and the content
    is a clause. Attribution convention (PolNeAR's: beliefs, intentions and stances are attributed too:
    'openly admires Putin as a “strong leader”', 'a 2014 study found that ...'): any verb of the tagger's cue,
    with the content at ATTRIBUTION_QUOTE_CONFIDENCE and a tagged source at ATTRIBUTION_SOURCE_CONFIDENCE, as
    long as the parse does not put the verb's subject outside that source; with no source tagged the quote is
    added too (its speaker is then the verb's parse subject: `hybrid_found`)."""
    if lexicon.statements_only:
        head = next((t for t in cue_span.tokens if reporting_kind(t, lexicon) in NEW_QUOTE_CUES), None)
        if content.confidence < NEW_QUOTE_CONFIDENCE or head is None or source is None \
                or not says(head, source, lexicon) or not is_clause(doc, *bounds):
            return None
        return head
    head = next((t for t in cue_span.tokens if t.pos_ == "VERB"), None)
    if content.confidence < ATTRIBUTION_QUOTE_CONFIDENCE or head is None:
        return None
    if source is None:
        return head
    if source.confidence < ATTRIBUTION_SOURCE_CONFIDENCE or subject_in_source(head, source) is False:
        return None
    return head


def without_trailing_relative(doc: Doc, start: int, end: int) -> int:
    """An indirect content ending in a comma-set relative clause ('the reality of climate change, which makes
    him something of an outlier'; a sentential 'which' the parser hangs as an adverbial clause): the clause is
    the reporter's, PolNeAR's content stops before the comma (PolNeAR dev: content exact +0.2)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return end
    for t in span:
        if t.dep_ in ("relcl", "advcl") and t.i > span.start + 1 and t.left_edge.i > span.start and \
                doc[t.left_edge.i - 1].text == "," and t.left_edge.lower_ in ("which", "who") and \
                t.right_edge.i >= span.end - 2:
            return doc[t.left_edge.i - 1].idx
    return end


FINITE_TAGS = ("VBD", "VBZ", "VBP", "MD")


def is_clause(doc: Doc, start: int, end: int) -> bool:
    """Content with a finite verb: reported speech, not a noun phrase ('welcomed Trump's commitment', 'agree
    to our Privacy Policy'), which the news-quote convention of the rules leaves out (PolNeAR's attribution
    convention counts them: there an added quote needs no clause)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.tag_ in FINITE_TAGS for t in span)


def says(cue_head: Token, source: TaggedSpan, lexicon: Lexicon) -> bool:
    """The rules and the parse agree with the tagger: the cue is a verb the rules take as a cue of a statement
    (`states`), and its subject lies in the tagger's source."""
    return states(cue_head, lexicon) and subject_in_source(cue_head, source) is True


def states(cue_head: Token, lexicon: Lexicon) -> bool:
    """The cue is a verb the rules take as a cue of reported speech: not negated, not one of the lexicon's
    non-statements (under the news-quote convention, 'believes', 'wants' and 'decided' are none)."""
    return cue_head.pos_ in ("VERB", "AUX") and is_cue_verb(cue_head, lexicon) \
        and not reports_nothing(cue_head, lexicon) and not states_nothing(cue_head, lexicon) \
        and not any(c.dep_ == "neg" for c in cue_head.children)


def subject_in_source(verb: Token, source: TaggedSpan) -> bool | None:
    """Whether the parse puts the verb's subject inside the tagger's source (None: the parse gives it none)."""
    subject = subject_of(verb)
    return None if subject is None else source.start <= subject.idx < source.end


def grows_into(doc: Doc, inner: list[Found], found: list[Found], bounds: tuple[int, int], lexicon: Lexicon) -> bool:
    """The rule quotes `inner` can become one quote with `bounds`: no other quote crosses them, the bounds
    leave out every one's cue and speaker, they have one cue at most, and the bounds stay in the sentences of
    the quotes; under the news-quote convention the reporter's trailing aside the rules cut after a comma
    stays cut ('..., arousing speculation ...')."""
    start, end = bounds
    first, last = min(f.start for f in inner), max(f.end for f in inner)
    if any(f.start < end and start < f.end for f in found if f not in inner) \
            or any(overreaches(f, bounds, lexicon) for f in inner) \
            or len({f.cue.start for f in inner if f.cue is not None}) > 1:
        return False
    if lexicon.statements_only and doc_text(doc)[last:end].lstrip(" ”\"’").startswith(","):
        return False
    a = doc.char_span(start, first, alignment_mode="expand") if start < first else None
    b = doc.char_span(last, end, alignment_mode="expand") if last < end else None
    inner_sents = {sentence_at(t) for f in inner for t in (doc.char_span(f.start, f.end, alignment_mode="expand") or [])}
    return all(sentence_at(t) in inner_sents for span in (a, b) if span is not None for t in span if not t.is_space)


def refine(f: Found, bounds: tuple[int, int] | None, cue_span: TaggedSpan | None, source: TaggedSpan | None, text: str,
           actors: ActorSet, lexicon: Lexicon) -> None:
    """One rule quote the tagger also found: its content takes the tagger's `bounds` (None: too different to
    take), its cue and speaker as far as they agree (see `hybrid_found`)."""
    if bounds is not None and f.kind in REFINED_KINDS and not overreaches(f, bounds, lexicon) and (
            f.kind != "direct" or (bounds[0] <= f.start + DIRECT_SLACK and bounds[1] >= f.end - DIRECT_SLACK)):
        # a direct quote keeps its words: its edges move by punctuation or grow, never cut into it
        f.start, f.end = bounds
    sp = f.speaker
    if sp is not None and source is not None and sp.type in GROWN_SPEAKERS and source.tokens[-1].pos_ != "ADP" \
            and source.start <= sp.start and sp.end <= source.end and not (source.start < f.end and f.start < source.end):
        # the tagger's source holding the rules' mention: the whole descriptor ('a senior State Department
        # official'); a shorter one, or one ending in a preposition ('quoted one senator as'), is not taken. A
        # named speaker keeps the span of its name (the actor mention the store links it to).
        sp.start, sp.end, sp.text = source.start, source.end, text[source.start:source.end]
    if source is None or cue_span is None or f.speaker is not None \
            or source.confidence < SPEAKER_CONFIDENCE or (cue_span.start < f.end and f.start < cue_span.end) \
            or (source.start < f.end and f.start < source.end):
        return
    # a speaker the rules left open or would take from an earlier quote, from a cue and source outside the quote
    # ('“It’s gutless leadership,” Warren said.' after another quote of hers: the mention of this sentence; a
    # cue inside a transcript's quotation says nothing of who speaks it); the rules' cue, where they had one,
    # is kept. Taking it for inherited quotes too: PolNeAR dev speaker 0.923 -> 0.930, own gold 0.926 -> 0.934.
    head = f.cue.head if f.cue is not None else cue_head(cue_span)
    if f.cue is None and head.pos_ == "VERB" and states_nothing(head, lexicon):
        return  # 'when he was asked whether “...”': the one asked did not say it (news-quote convention)
    inverted = inverted_subject(head)
    if inverted is not None:  # 'Said Ellis: “...”'
        f.speaker = _label_speaker(head.doc, head.doc[head.i + 1].idx, inverted.idx + len(inverted.text), actors, lexicon)
    else:
        f.speaker = tagged_speaker(source, head, text, actors, lexicon)
    f.inherit_from = None
    if f.cue is None:
        f.cue = Cue(head=head, tokens=cue_tokens(head), kind="speech")


def overreaches(f: Found, bounds: tuple[int, int], lexicon: Lexicon) -> bool:
    """Tagger bounds that would take in what the rules leave out of the quote's content: its own cue or speaker
    ('Johnson said local officials ...'), or, under the news-quote convention, the accused of 'accused X of Y',
    which says Y (the tagger learnt PolNeAR's 'X of Y')."""
    def within(start: int, end: int) -> bool:
        return start < bounds[1] and bounds[0] < end

    return (f.cue is not None and within(f.cue.start, f.cue.end)) or \
        (f.speaker is not None and within(f.speaker.start, f.speaker.end)) or \
        (lexicon.statements_only and f.cue is not None and bounds[0] < f.start
         and f.cue.head.lemma_.lower() in lexicon.object_then)


def cue_head(cue_span: TaggedSpan) -> Token:
    """The verb of a tagged cue ('was asked' -> 'asked'), else its auxiliary, else its head."""
    return next((t for t in cue_span.tokens if t.pos_ == "VERB"),
                next((t for t in cue_span.tokens if t.pos_ == "AUX"), span_head(cue_span.tokens)))


def cue_tokens(head: Token) -> list[Token]:
    """A cue as the rules write it: the verb and its particle or negation ('called for', 'did not say'), not
    the tagger's phrase ('said during a Friday evening rally in Michigan')."""
    return sorted([head, *(t for t in head.children if t.dep_ in ("prt", "neg"))], key=lambda t: t.i)


def tagged_speaker(source: TaggedSpan, cue_head: Token, text: str, actors: ActorSet, lexicon: Lexicon) -> Speaker:
    """The tagger's source as a speaker: classified by its head, bounded as the tagger bounds it (a pronoun
    keeps its own token, for coreference)."""
    sp = classify(span_head(source.tokens), actors, lexicon, cue_head)
    if sp.type != "pronoun":
        sp.start, sp.end, sp.text = source.start, source.end, text[source.start:source.end]
    return sp
