"""What was said: quotation-mark spans in the text, and the content a cue governs in the parse.

Quotation marks are paired per paragraph with a small stack, never by counting: an odd number of
marks (a quote running on into the next paragraph, a typo) leaves the open quote running to the end
of its paragraph instead of raising.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from analysis.nlp.model import doc_text
from analysis.quotes.cue import Cue, Lexicon, has_own_speaker

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
DOUBLED = "''"  # the New York Times' and Penn Treebank's double apostrophe
BACKTICKS = "``"
# where a mark may start: every other character leaves the scan's state as it is, so it is skipped
_MARK_START = re.compile("[" + re.escape(OPENING + CLOSING + STRAIGHT + DOUBLED[0] + BACKTICKS[0]) + "]")
# Characters trimmed from either end of a content span: punctuation, quote marks, spaces.
EDGE = " \t\r\n,;:.!?-–—“”\"'‘’«»()"
# A quotation shorter than this many words is a scare quote or a term ("national demand"), not a
# statement; it can still make an indirect quote mixed.
MIN_DIRECT_WORDS = 4
CLAUSE_DEPS = ("ccomp", "parataxis")
QUESTION_MARKS = ("if", "whether")
WH_TAGS = ("WRB", "WP", "WDT", "WP$")  # 'why', 'how', 'what', 'which', 'whose' opening an indirect question
RELATIVE_TAGS = ("WDT", "WP")
ASIDE_OPENERS = ("after", "before", "while", "despite")
# An adverbial clause opened by one of these is a time, not a report of the clause it hangs on ('..., Pruitt said
# when Cárdenas asked about it'); 'as' is left out: 'As the president said, sanctions started ...' reports it.
TIME_MARKS = ("when", "while", "after", "before", "until", "once", "whenever")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "expl", "csubj")
# Verbs whose direct object is who was spoken to, not what was said.
ADDRESSEE_VERBS = ("tell", "inform", "assure", "reassure", "brief", "notify", "remind")


@dataclass
class MarkSpan:
    """Text between quotation marks: [start, end) excludes the marks; `closed` is False when unbalanced."""

    start: int
    end: int
    open_at: int
    closed: bool


def quote_mark_spans(text: str, paragraphs: Iterable[tuple[int, int]]) -> list[MarkSpan]:
    """Top-level quotations in each paragraph (nested ones stay inside their outer quotation)."""
    spans: list[MarkSpan] = []
    for p_start, p_end in paragraphs:
        depth, open_at, straight = 0, -1, False
        i, stop = p_start, min(p_end, len(text))
        while i < stop:
            found = _MARK_START.search(text, i, stop)
            if found is None:
                break
            i = found.start()
            c = text[i]
            width = 2 if text.startswith(DOUBLED, i) or text.startswith(BACKTICKS, i) else 1
            mark = c if width == 1 else text[i:i + 2]
            if depth == 0:
                if c in OPENING or mark in (STRAIGHT, DOUBLED, BACKTICKS):
                    # a stray closing mark at depth 0 closes nothing
                    depth, open_at, straight = 1, i + width - 1, mark in (STRAIGHT, DOUBLED)
            elif depth == 1 and reopens(text, i, width, mark, straight):
                # '"A. "B."': the quotation went on into a new paragraph (run together here), which
                # leaves the first one open and reopens: A ends at the paragraph's end, B starts afresh
                spans.append(MarkSpan(open_at + 1, i, open_at, False))
                open_at = i + width - 1
            elif straight:
                if mark in (STRAIGHT, DOUBLED):  # typographic marks inside a straight quotation are text
                    spans.append(MarkSpan(open_at + 1, i, open_at, True))
                    depth = 0
            elif depth == 1 and mark == STRAIGHT and all(text.find(m, i, stop) < 0 for m in CLOSING):
                # '“A," she said. "B."': copy that opens typographically and closes straight (wire text passed
                # through several editors); with no typographic closing mark left in the paragraph, the
                # straight mark closes the quotation instead of being skipped, which ran it over the
                # narrative into the next quotation
                spans.append(MarkSpan(open_at + 1, i, open_at, True))
                depth = 0
            elif c in OPENING or mark == BACKTICKS:
                depth += 1
            elif c in CLOSING or mark == DOUBLED:
                depth -= 1
                if depth == 0:
                    spans.append(MarkSpan(open_at + 1, i, open_at, True))
            i += width
        if depth > 0:
            spans.append(MarkSpan(open_at + 1, p_end, open_at, False))
    return [s for s in (trim_mark_span(text, s) for s in spans) if s is not None]


def reopens(text: str, i: int, width: int, mark: str, straight: bool) -> bool:
    """An opening mark inside an open quotation, right after the end of a sentence and a space, before a word:
    the print convention for a quotation running on into the next paragraph. Straight marks only count when
    the open quotation is straight too, typographic ones when it is typographic ('“A. “B.”')."""
    if straight != (mark in (STRAIGHT, DOUBLED)) or (not straight and mark not in OPENING and mark != BACKTICKS):
        return False
    before = text[:i].rstrip(" ")
    after = text[i + width:i + width + 1]
    return (i > 0 and text[i - 1] == " " and before[-1:] in ".?!" and after[:1].isalnum())


def trim_mark_span(text: str, span: MarkSpan) -> MarkSpan | None:
    start, end = trim(text, span.start, span.end)
    if end <= start:
        return None
    return MarkSpan(start, end, span.open_at, span.closed)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past edge punctuation and spaces (a quotation's trailing comma, the marks)."""
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def word_count(text: str) -> int:
    return len(text.split())


def is_statement(text: str, span: MarkSpan) -> bool:
    return word_count(text[span.start:span.end]) >= MIN_DIRECT_WORDS


def token_span(tokens: Iterable[Token]) -> tuple[int, int] | None:
    """Char span of the contiguous run of tokens (the longest run when they are not contiguous)."""
    toks = sorted(tokens, key=lambda t: t.i)
    if not toks:
        return None
    runs: list[list[Token]] = [[toks[0]]]
    for t in toks[1:]:
        if t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    run = max(runs, key=len)
    return run[0].idx, run[-1].idx + len(run[-1].text)


def subtree_minus(root: Token, exclude: set[int]) -> list[Token]:
    """The subtree of `root` without the subtrees rooted at tokens in `exclude` (other cues)."""
    out: list[Token] = []
    stack = [root]
    while stack:
        t = stack.pop()
        if t.i in exclude and t is not root:
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def content_roots(cue: Cue, lexicon: Lexicon) -> list[Token]:
    """The dependents of the cue that hold what was said, in order of preference."""
    v = cue.head
    if cue.kind == "according":
        return []  # handled by according_content
    children = list(v.children)
    clauses = [c for c in children if c.dep_ in CLAUSE_DEPS and c.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "PROPN")]
    if cue.arg is not None:
        if cue.arg.dep_ == "prep":
            objs = [c for c in cue.arg.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs
        elif cue.arg.dep_ in ("dobj", "dative"):  # 'expressed concern over X' -> X
            preps = [c for c in cue.arg.children if c.dep_ in ("prep", "acl")]
            return preps or [cue.arg]
    if clauses:
        return [min(clauses, key=lambda c: sets_the_scene(c, v))]
    lemma = v.lemma_.lower()
    objs = [c for c in children if c.dep_ in ("dobj",)]
    xcomps = [c for c in children if c.dep_ == "xcomp"]
    if objs and lemma in ADDRESSEE_VERBS and not xcomps:
        return []  # 'told AFP in an interview': the object is the listener; the content is a quotation nearby
    if objs and lemma in lexicon.object_as:
        extra = [c for c in children if (c.dep_ == "prep" and c.lower_ == "as") or c.dep_ in ("oprd",)]
        return objs + extra + xcomps
    if objs:
        if xcomps:  # 'urged the government to act'
            return objs + xcomps
        charge = lexicon.object_then.get(lemma, frozenset())
        charged = [c for c in children if c.dep_ == "prep" and c.lower_ in charge] or [
            c for o in objs for c in o.rights if c.dep_ == "prep" and c.lower_ in charge and c.i + 1 < len(c.doc)
            and c.doc[c.i + 1].tag_ == "VBG"]
        # (the parser may hang 'of breaking a ceasefire' on the object: 'accused [government forces of breaking]')
        if charged:  # 'accused X of Y': what X is accused of is what was said
            return [g for c in charged for g in c.children if g.dep_ in ("pobj", "pcomp")] or charged
        extra = [c for c in children if c.dep_ == "prep" and c.lower_ in ("on", "for", "over", "about", "of")
                 and lemma in ("congratulate", "thank", "praise")]  # 'congratulated Iran on its success'
        return objs + extra
    if xcomps:
        return xcomps[:1]
    return []


def sets_the_scene(clause: Token, verb: Token) -> bool:
    """A participle before the cue with no subject of its own, which the parser hung as a clausal complement
    ('In an interview with the paper published on Monday, Smith said he was considering ...': 'published'): the
    narrative's scene, not what was said. A reported clause after the cue is preferred to it (`content_roots`;
    the first clause in order otherwise, as before)."""
    return clause.i < verb.i and clause.tag_ in ("VBN", "VBG") and not any(
        c.dep_ in SUBJECT_DEPS for c in clause.children)


def content_span(cue: Cue, lexicon: Lexicon, other_cues: set[int]) -> tuple[int, int] | None:
    """The content a cue governs, as a char span, or None when it has none."""
    if cue.kind == "according":
        return according_content(cue)
    if cue.direct_only:
        return None
    roots = content_roots(cue, lexicon)
    negated = any(c.dep_ == "neg" for c in cue.head.children)
    if not roots:
        if lexicon.statements_only and negated:
            return None  # 'after it was revealed he did not disclose the meetings': the clause is the writer's
        if cue.head.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in TIME_MARKS
                                             for c in cue.head.children):
            return None  # '“…,” Pruitt said when Cárdenas asked about it': the main clause is not what was asked
        return inverted_content(cue, other_cues)
    tokens: list[Token] = []
    for r in roots:
        cut = trailing_asides(r) if lexicon.statements_only else set()
        tokens.extend(subtree_minus(r, other_cues | {cue.head.i} | cut))
    cue_ids = {t.i for t in cue.tokens}
    tokens = [t for t in tokens if t.i not in cue_ids and not t.is_space]
    if lexicon.statements_only and len(tokens) == 1 and (tokens[0].tag_ in RELATIVE_TAGS or tokens[0].lower_ == "that"):
        return None  # a relative pronoun alone ('a region that China claims as its own', 'is what history says')
    span = token_span(tokens)
    if span is None:
        return None
    text = doc_text(cue.head.doc)
    start, end = trim(text, *span)
    if lexicon.statements_only:
        if needs_clause(cue, lexicon) and not states_something(tokens, text[span[0]:span[1]]):
            return None  # 'denied any wrongdoing', 'urged the court to reject': no statement, only a quotation may be
        if asks(roots, negated):
            return None  # 'would not say whether the meeting was a success': a question left open, nothing stated
    return (start, end) if end > start else None


def trailing_asides(root: Token) -> set[int]:
    """The reporter's own aside after a comma at the end of a reported clause ('it had restricted his access,
    arousing speculation ...', 'would begin providing arms, after ...', 'is dropping the name, bowing to
    pressure'): a participle or an 'after/before' clause is the narrative's, not the speaker's. Cut only in
    the news-quote convention (PolNeAR's attribution spans keep them)."""
    out = set()
    for child in root.rights:
        first = child.left_edge
        if child.dep_ != "advcl" or first.i == 0 or first.nbor(-1).text != ",":
            continue
        if child.tag_ == "VBG" and first.i == child.i or first.lower_ in ASIDE_OPENERS:
            out.add(child.i)
    return out


def needs_clause(cue: Cue, lexicon: Lexicon) -> bool:
    """Verbs of `needs_clause`, and 'describe'-type verbs (`object_as`) used without their 'as' predicate:
    'described X as Y' characterises, 'describes a meeting between A and B' only tells what a text is about."""
    lemma = cue.head.lemma_.lower()
    if lemma in lexicon.needs_clause:
        return True
    return lemma in lexicon.object_as and cue.arg is None and not any(
        (c.dep_ == "prep" and c.lower_ == "as") or c.dep_ in ("oprd", "xcomp", "ccomp") for c in cue.head.children)


def asks(roots: list[Token], negated: bool = False) -> bool:
    """The reported clause is an open question: 'say if ...', 'say whether ...' (or 'to say if ...'), or, after
    a negated cue, a wh-question ('did not say why ...', 'would not explain how ...'): what was not said."""
    for r in roots:
        clause = next((c for c in r.children if c.dep_ == "ccomp"), r) if r.dep_ == "xcomp" else r
        if any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in clause.children):
            return True
        if negated and clause.left_edge.tag_ in WH_TAGS:
            return True
    return False


def states_something(tokens: list[Token], text: str) -> bool:
    """A reported statement: a clause with its own subject ('that the funds were a donation', 'the possibility
    that weapons could fall into the wrong hands') or quoted words ('“grave concerns” about the memo')."""
    ids = {t.i for t in tokens}
    # a relative clause describes a noun of the object ('to cancel the tax cuts that benefit the rich'), an
    # adverbial clause sets the scene ('rejected a bill ... as the mayor begged residents'): no statement
    has_subject = any(t.dep_ in SUBJECT_DEPS and t.head.i in ids and t.head.pos_ in ("VERB", "AUX")
                      and t.head.dep_ not in ("relcl", "advcl") for t in tokens)
    return has_subject or any(c in text for c in OPENING + CLOSING + STRAIGHT)


# Subordinating words that make a cue's clause a condition, a time or a reason for the main clause, never its
# report ('as he said' does report it: not here)
CONDITION_MARKS = frozenset({"if", "unless", "when", "whenever", "before", "after", "until", "because", "since",
                             "although", "though", "while", "whether", "once"})


def inverted_content(cue: Cue, other_cues: set[int]) -> tuple[int, int] | None:
    """'The companies have been asked ..., a source said': the parser hangs the cue off the reported
    clause (parataxis/ccomp); the content is that clause, on the side of the cue it lies."""
    v = cue.head
    if cue.kind != "speech" or v.dep_ not in ("parataxis", "ccomp", "advcl") or v.head is v:
        return None
    if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in v.children):
        return None  # 'If the witness does not testify, it seems certain ...': the main clause is the writer's
    if not has_own_speaker(v):
        return None  # 'Any leak that ... should be praised, not scorned': no speaker of its own, no report
    own = {t.i for t in v.subtree}
    # 'X, Kirby said, after peace talks were halted ...': the reporter's aside after the cue is neither side
    own |= {t.i for i in trailing_asides(v.head) if i > v.i for t in v.doc[i].subtree}
    tokens = [t for t in subtree_minus(v.head, other_cues) if t.i not in own and not t.is_space]
    before = [t for t in tokens if t.i < v.left_edge.i]
    after = [t for t in tokens if t.i > v.right_edge.i]
    side = before if len(before) >= len(after) else after
    if len(side) < 3:
        return None
    span = token_span(side)
    if span is None:
        return None
    start, end = trim(doc_text(v.doc), *span)
    return (start, end) if end > start else None


def according_content(cue: Cue) -> tuple[int, int] | None:
    """'According to X, Y' or 'Y, according to X': Y is the clause around the prepositional phrase."""
    sent = cue.head.sent
    phrase = list(cue.head.subtree) + list(cue.arg.subtree if cue.arg is not None else [])
    p_start = min(t.i for t in phrase)
    p_end = max(t.i for t in phrase) + 1
    before = [t for t in sent if t.i < p_start and not t.is_space]
    after = [t for t in sent if t.i >= p_end and not t.is_space]
    side = before if len(before) >= len(after) else after
    span = token_span(side)
    if span is None:
        return None
    start, end = trim(doc_text(cue.head.doc), *span)
    return (start, end) if end > start else None
