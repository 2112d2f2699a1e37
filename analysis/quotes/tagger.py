"""The learned attribution tagger: a linear-chain CRF that tags every token of a paragraph as the source, cue
or content of an attribution (B/I/O), over features of the small spaCy parse and of the rules' own output.

One implementation of the features serves training (`benchmarks/quotes_train.py`, ``make model``) and tagging.
The model, ``analysis/data/models/quote_tagger.crfsuite``, was trained on PolNeAR's train split (tuned on dev);
it holds CRF weights and feature names only (words are single lower-case tokens of at most
:data:`MAX_WORD` characters; no article text): see docs/quotes.md for its provenance and figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from analysis.documents.article import Article
from analysis.quotes.content import MarkSpan
from analysis.quotes.cue import Lexicon
from analysis.records import Quote

MODEL_FILE = "quote_tagger.crfsuite"
ROLES = ("source", "cue", "content")
MAX_WORD = 20  # longer "words" (URLs, run-together junk) are never features: no strings of text in the model
MAX_PATH = 6  # dependency steps searched up from a token for a reporting verb


@dataclass
class TaggedSpan:
    role: str  # source | cue | content
    start: int
    end: int
    tokens: list[Token]
    confidence: float = 1.0  # the mean marginal probability of the span's tags (1.0 when not computed)


def _shape(text: str) -> str:
    if text.isupper() and len(text) > 1:
        return "XX"
    if text[:1].isupper():
        return "Xx"
    if text.isdigit():
        return "d"
    if text.isalpha():
        return "x"
    return "p"


def reporting_kind(t: Token, lexicon: Lexicon) -> str:
    lemma = t.lemma_.lower()
    if t.pos_ not in ("VERB", "AUX", "NOUN"):
        return ""
    if lemma in lexicon.speech:
        return "speech"
    if lemma in lexicon.mental:
        return "mental"
    if lemma in lexicon.phrasal:
        return "phrasal"
    return ""


def _path_to_cue(t: Token, cue_kind: list[str]) -> tuple[str, str, int]:
    """(kind of the nearest reporting verb above t, the relation of the branch t hangs from, steps).
    The root is its own head: a reporting root is found from itself, one step up, by the relation 'ROOT' (so
    the shipped model was trained: the old test `head is node` never held, spaCy makes a new Token each time)."""
    child, node = t, t
    for steps in range(1, MAX_PATH + 1):
        child, node = node, node.head
        if cue_kind[node.i]:
            return cue_kind[node.i], child.dep_, steps
    return "", "", 0


def _rule_marks(doc: Doc, rule_quotes: Iterable[Quote]) -> tuple[list[str], list[str]]:
    """Per token: the rules' role ('content:direct', 'cue', 'source') and B/I position within it."""
    role = [""] * len(doc)
    begin = [""] * len(doc)

    def mark(start: int | None, end: int | None, name: str) -> None:
        if start is None or end is None or end <= start:
            return
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return
        for k, tok in enumerate(span):
            if not role[tok.i] or name != "content":
                role[tok.i] = name
                begin[tok.i] = "B" if k == 0 else "I"

    for q in rule_quotes:
        if q.kind == "headline":
            continue
        mark(q.start, q.end, "content:" + q.kind)
        mark(q.cue_start, q.cue_end, "cue")
        mark(q.speaker_start, q.speaker_end, "source")
    return role, begin


def _quote_state(doc: Doc, marks: Sequence[MarkSpan]) -> list[str]:
    """Per token: inside a quotation ('in'), the opening or closing mark itself, or outside ('')."""
    state = [""] * len(doc)
    for m in marks:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            state[tok.i] = "in"
        if span.start > 0:
            state[span.start - 1] = state[span.start - 1] or "open"
        if span.end < len(doc):
            state[span.end] = state[span.end] or ("close" if m.closed else "")
    return state


def paragraph_tokens(doc: Doc, paragraphs: Sequence[tuple[int, int]]) -> list[list[Token]]:
    """The non-space tokens of each paragraph, in order (the CRF's sequences)."""
    out = []
    for start, end in paragraphs:
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            out.append([])
            continue
        out.append([t for t in span if not t.is_space])
    return out


def sequence_features(doc: Doc, sequences: list[list[Token]], lexicon: Lexicon, marks: Sequence[MarkSpan],
                      rule_quotes: Iterable[Quote]) -> list[list[list[str]]]:
    """CRF features of every token of every sequence: its own, its neighbours', its path to a reporting verb,
    its place in the quotation marks, the sentence and the paragraph, and the rules' tag for it."""
    cue_kind = [reporting_kind(t, lexicon) for t in doc]
    rule_role, rule_begin = _rule_marks(doc, rule_quotes)
    quote = _quote_state(doc, marks)
    base: dict[int, list[str]] = {}
    short: dict[int, list[str]] = {}
    sent_no: dict[int, int] = {}

    def own(t: Token) -> list[str]:
        if t.i not in base:
            text = t.text
            lower = t.lower_ if len(text) <= MAX_WORD else "<long>"
            kind, via, steps = _path_to_cue(t, cue_kind)
            head = t.head
            feats = [
                "w=" + lower, "suf=" + lower[-3:], "shape=" + _shape(text), "pos=" + t.pos_, "tag=" + t.tag_,
                "dep=" + t.dep_, "ent=" + t.ent_type_, "q=" + quote[t.i], "cuev=" + cue_kind[t.i],
                "hcue=" + cue_kind[head.i], "hdep=" + t.dep_ + ">" + head.pos_,
                "path=" + kind + ":" + via, "steps=" + str(min(steps, 4)),
                "rule=" + rule_role[t.i], "ruleb=" + rule_begin[t.i] + rule_role[t.i],
                "sstart=" + str(t.is_sent_start), "lem=" + (t.lemma_.lower() if len(t.lemma_) <= MAX_WORD else "<long>"),
            ]
            if cue_kind[head.i]:
                feats.append("hlem=" + head.lemma_.lower())
            base[t.i] = feats
            short[t.i] = ["w=" + lower, "pos=" + t.pos_, "q=" + quote[t.i], "rule=" + rule_role[t.i],
                          "cuev=" + cue_kind[t.i]]
        return base[t.i]

    out = []
    for seq in sequences:
        rows = []
        sent_count = 0
        for k, t in enumerate(seq):
            if k == 0 or t.is_sent_start:
                sent_count += 1
            sent_no[t.i] = sent_count
        for k, t in enumerate(seq):
            feats = list(own(t))
            feats.append("sent=" + str(min(sent_no[t.i], 4)))
            feats.append("ppos=" + ("first" if k == 0 else "last" if k == len(seq) - 1 else "mid"))
            for off in (-2, -1, 1, 2):
                j = k + off
                if 0 <= j < len(seq):
                    own(seq[j])
                    feats.extend(f"{off}{f}" for f in short[seq[j].i])
                else:
                    feats.append(f"{off}edge")
            rows.append(feats)
        out.append(rows)
    return out


def bio_spans(sequence: list[Token], labels: list[str], marginals: Sequence[float] | None = None) -> list[TaggedSpan]:
    """Spans of a tag sequence, read as CofeNet reads them (an I- without its B- starts nothing); with
    `marginals` (each tag's marginal probability) a span's confidence is the mean over its tokens."""
    out: list[TaggedSpan] = []
    current: TaggedSpan | None = None
    sums: list[float] = []
    for k, (tok, label) in enumerate(zip(sequence, labels)):
        role = label[2:]
        p = marginals[k] if marginals is not None else 1.0
        if label.startswith("B-") or (label.startswith("I-") and (current is None or current.role != role)):
            current = TaggedSpan(role, tok.idx, tok.idx + len(tok.text), [tok])
            out.append(current)
            sums.append(p)
        elif label.startswith("I-") and current is not None:
            current.end = tok.idx + len(tok.text)
            current.tokens.append(tok)
            sums[-1] += p
        else:
            current = None
    for span, total in zip(out, sums):
        span.confidence = total / len(span.tokens)
    return out


@lru_cache(maxsize=1)
def load_tagger():
    """The shipped CRF (None when the file or python-crfsuite is missing: the rules alone then run)."""
    try:
        import pycrfsuite
    except ImportError:
        return None
    ref = resources.files("analysis.data").joinpath("models").joinpath(MODEL_FILE)
    if not ref.is_file():
        return None
    tagger = pycrfsuite.Tagger()
    with resources.as_file(ref) as path:
        tagger.open(str(path))
    return tagger


def tag_article(doc: Doc, article: Article, lexicon: Lexicon, marks: Sequence[MarkSpan],
                rule_quotes: list[Quote], tagger=None, confidence: bool = False) -> list[list[TaggedSpan]] | None:
    """Tagged spans per body paragraph (none in a paragraph with nothing to attribute), or
    None when no model is available. With `confidence`, each span carries its mean marginal probability."""
    tagger = tagger or load_tagger()
    if tagger is None:
        return None
    # Only paragraphs that can hold an attribution are tagged: a reporting word, a quotation mark or a rule
    # quote in them. On the first 20 PolNeAR dev articles this cut the tagging time about 4x with the hybrid's
    # output unchanged (the tagger mode loses a little recall: continuation paragraphs; docs/quotes.md).
    quote = _quote_state(doc, marks)
    rule_role, _ = _rule_marks(doc, rule_quotes)
    sequences = [seq if any(quote[t.i] or rule_role[t.i] or reporting_kind(t, lexicon) or t.lemma_ == "accord"
                            for t in seq) else []
                 for seq in paragraph_tokens(doc, article.paragraphs)]
    features = sequence_features(doc, sequences, lexicon, marks, rule_quotes)
    out = []
    for seq, feats in zip(sequences, features):
        if not seq:
            out.append([])
            continue
        labels = tagger.tag(feats)
        marginals = None
        if confidence:
            marginals = [tagger.marginal(y, k) if y != "O" else 1.0 for k, y in enumerate(labels)]
        out.append(bio_spans(seq, labels, marginals))
    return out
