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

from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_SPACE, LEMMA, LOWER, ORTH, POS, SENT_START, TAG
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
    return _kind(t.pos_, t.lemma_, lexicon)


def _kind(pos: str, lemma: str, lexicon: Lexicon) -> str:
    """'speech', 'mental' or 'phrasal' for a reporting verb (or noun) of the lexicon, else ''."""
    if pos not in ("VERB", "AUX", "NOUN"):
        return ""
    lemma = lemma.lower()
    if lemma in lexicon.speech:
        return "speech"
    if lemma in lexicon.mental:
        return "mental"
    if lemma in lexicon.phrasal:
        return "phrasal"
    return ""


class _Columns:
    """One parse's token attributes as plain lists, read once through ``Doc.to_array``, with the tagger's
    per-token marks. The features read every token and its head many times; a spaCy Token is made afresh at
    every access, which cost more than the rest of the feature code together."""

    def __init__(self, doc: Doc, lexicon: Lexicon, marks: Sequence[MarkSpan], rule_quotes: Iterable[Quote]) -> None:
        rows = doc.to_array([ORTH, LOWER, POS, TAG, DEP, ENT_TYPE, LEMMA, SENT_START, IS_SPACE]).T.tolist()
        strings = doc.vocab.strings
        names: dict[int, str] = {}

        def read(hashes: list[int]) -> list[str]:
            for h in set(hashes).difference(names):
                names[h] = strings[h]
            return list(map(names.__getitem__, hashes))

        self.text, self.lower, self.pos, self.tag, self.dep, self.ent, self.lemma = map(read, rows[:7])
        self.sent_start = list(map(_SENT_START.__getitem__, rows[7]))  # str(Token.is_sent_start)
        self.is_space = rows[8]
        self.head = [i + rel for i, rel in enumerate(doc.to_array(HEAD).astype("int64").tolist())]
        self.kind = [_kind(p, lem, lexicon) if p in ("VERB", "AUX", "NOUN") else ""
                     for p, lem in zip(self.pos, self.lemma)]
        self.quote = _quote_state(doc, marks)
        self.rule_role, self.rule_begin = _rule_marks(doc, rule_quotes)

    def path_to_cue(self, i: int) -> tuple[str, str, int]:
        """(kind of the nearest reporting verb above token i, the relation of the branch i hangs from, steps).
        The root is its own head: a reporting root is found from itself, one step up, by the relation 'ROOT'
        (so the shipped model was trained: the old test `head is node` never held, spaCy makes a new Token
        each time)."""
        child, node = i, i
        head, kind = self.head, self.kind
        for steps in range(1, MAX_PATH + 1):
            child, node = node, head[node]
            if kind[node]:
                return kind[node], self.dep[child], steps
        return "", "", 0

    def can_hold_attribution(self, seq: Sequence[int]) -> bool:
        """A reporting word, a quotation mark or a rule quote in the tokens `seq`."""
        quote, role, kind, lemma = self.quote, self.rule_role, self.kind, self.lemma
        return any(quote[i] or role[i] or kind[i] or lemma[i] == "accord" for i in seq)


_SENT_START = {1: "True", 0: "None"}
_SENT_START.update({s: "False" for s in (-1, 2**64 - 1)})  # to_array gives attributes as unsigned integers


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
        for i in range(span.start, span.end):
            if not role[i] or name != "content":
                role[i] = name
                begin[i] = "B" if i == span.start else "I"

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
        state[span.start:span.end] = ["in"] * len(span)
        if span.start > 0:
            state[span.start - 1] = state[span.start - 1] or "open"
        if span.end < len(doc):
            state[span.end] = state[span.end] or ("close" if m.closed else "")
    return state


def paragraph_tokens(doc: Doc, paragraphs: Sequence[tuple[int, int]]) -> list[list[Token]]:
    """The non-space tokens of each paragraph, in order (the CRF's sequences)."""
    return [[doc[i] for i in seq] for seq in _paragraph_indices(doc, paragraphs, doc.to_array(IS_SPACE).tolist())]


def _paragraph_indices(doc: Doc, paragraphs: Sequence[tuple[int, int]], is_space: list[int]) -> list[list[int]]:
    """`paragraph_tokens` as token indices."""
    out = []
    for start, end in paragraphs:
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            span = doc.char_span(start, end, alignment_mode="expand")
        out.append([] if span is None else [i for i in range(span.start, span.end) if not is_space[i]])
    return out


class _Tokens(Sequence[Token]):
    """A sequence's tokens, each made when read (a tagged paragraph's spans read few of them)."""

    def __init__(self, doc: Doc, indices: list[int]) -> None:
        self.doc, self.indices = doc, indices

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, k):
        return self.doc[self.indices[k]]


def sequence_features(doc: Doc, sequences: list[list[Token]], lexicon: Lexicon, marks: Sequence[MarkSpan],
                      rule_quotes: Iterable[Quote]) -> list[list[list[bytes]]]:
    """CRF features (UTF-8 feature names) of every token of every sequence: its own, its neighbours', its path
    to a reporting verb, its place in the quotation marks, the sentence and the paragraph, and the rules' tag
    for it."""
    return _features(_Columns(doc, lexicon, marks, rule_quotes), [[t.i for t in seq] for seq in sequences])


# The features are made from a few of a token's attributes at a time, and the same values come back all the
# time (the same word, the same relation under the same head...): each group of features is made once per
# distinct value (bounded caches), and a token's row is joined from them. Features are UTF-8 bytes, which
# pycrfsuite takes as they are: a str it encodes again at every call (a quarter of the tagging time).
_CACHE = 1 << 16
_SENTENCES = (b"", *(b"sent=%d" % n for n in range(1, 5)))
_POSITIONS = (b"ppos=first", b"ppos=mid", b"ppos=last")
_EDGES = ((b"-2edge",), (b"-1edge",), (b"1edge",), (b"2edge",))


def _encoded(*features: str) -> tuple[bytes, ...]:
    return tuple(map(str.encode, features))


@lru_cache(maxsize=_CACHE)
def _word_features(text: str, lower: str) -> tuple[tuple[bytes, ...], str]:
    """The word's own features, and its lower-case form as features write it."""
    if len(text) > MAX_WORD:
        lower = "<long>"
    return _encoded("w=" + lower, "suf=" + lower[-3:], "shape=" + _shape(text)), lower


@lru_cache(maxsize=_CACHE)
def _lemma_feature(lemma: str) -> bytes:
    return ("lem=" + (lemma.lower() if len(lemma) <= MAX_WORD else "<long>")).encode()


@lru_cache(maxsize=_CACHE)
def _syntax_features(pos: str, tag: str, dep: str, ent: str, quote: str, cue_kind: str, head_kind: str,
                     head_pos: str, path: tuple[str, str, int], role: str, begin: str, sent_start: str
                     ) -> tuple[bytes, ...]:
    kind, via, steps = path
    return _encoded("pos=" + pos, "tag=" + tag, "dep=" + dep, "ent=" + ent, "q=" + quote, "cuev=" + cue_kind,
                    "hcue=" + head_kind, "hdep=" + dep + ">" + head_pos, "path=" + kind + ":" + via,
                    "steps=" + str(min(steps, 4)), "rule=" + role, "ruleb=" + begin + role, "sstart=" + sent_start)


@lru_cache(maxsize=_CACHE)
def _neighbour_features(lower: str, pos: str, quote: str, role: str, cue_kind: str) -> tuple[tuple[bytes, ...], ...]:
    """What the tokens two before, one before, one after and two after see of this one."""
    short = _encoded("w=" + lower, "pos=" + pos, "q=" + quote, "rule=" + role, "cuev=" + cue_kind)
    return tuple(tuple([off + f for f in short]) for off in (b"-2", b"-1", b"1", b"2"))


def _features(c: _Columns, sequences: list[list[int]]) -> list[list[list[bytes]]]:
    """`sequence_features` over token indices."""
    own: dict[int, list[bytes]] = {}
    near: dict[int, tuple[tuple[bytes, ...], ...]] = {}
    for seq in sequences:
        for i in seq:
            if i in own:
                continue
            head = c.head[i]
            word, lower = _word_features(c.text[i], c.lower[i])
            pos, quote, cue_kind, role = c.pos[i], c.quote[i], c.kind[i], c.rule_role[i]
            feats = [*word, *_syntax_features(pos, c.tag[i], c.dep[i], c.ent[i], quote, cue_kind, c.kind[head],
                                              c.pos[head], c.path_to_cue(i), role, c.rule_begin[i],
                                              c.sent_start[i]),
                     _lemma_feature(c.lemma[i])]
            if c.kind[head]:  # a reporting word's lemma (a word of the lexicon)
                feats.append(("hlem=" + c.lemma[head].lower()).encode())
            own[i] = feats
            near[i] = _neighbour_features(lower, pos, quote, role, cue_kind)
    out = []
    for seq in sequences:
        last = len(seq) - 1
        rows = []
        sentence = 0
        for k, i in enumerate(seq):
            if (k == 0 or c.sent_start[i] == "True") and sentence < 4:
                sentence += 1  # the 4th and later sentences share one feature
            rows.append([*own[i], _SENTENCES[sentence], _POSITIONS[0 if k == 0 else 2 if k == last else 1],
                         *(near[seq[k - 2]][0] if k >= 2 else _EDGES[0]),
                         *(near[seq[k - 1]][1] if k >= 1 else _EDGES[1]),
                         *(near[seq[k + 1]][2] if k < last else _EDGES[2]),
                         *(near[seq[k + 2]][3] if k + 1 < last else _EDGES[3])])
        out.append(rows)
    return out


def bio_spans(sequence: Sequence[Token], labels: list[str], marginals: Sequence[float] | None = None) -> list[TaggedSpan]:
    """Spans of a tag sequence, read as CofeNet reads them (an I- without its B- starts nothing); with
    `marginals` (each tag's marginal probability) a span's confidence is the mean over its tokens."""
    out: list[TaggedSpan] = []
    current: TaggedSpan | None = None
    sums: list[float] = []
    for k, label in enumerate(labels):
        if label == "O":
            current = None
            continue
        tok = sequence[k]
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
    columns = _Columns(doc, lexicon, marks, rule_quotes)
    sequences = [seq if columns.can_hold_attribution(seq) else []
                 for seq in _paragraph_indices(doc, article.paragraphs, columns.is_space)]
    out = []
    for seq, feats in zip(sequences, _features(columns, sequences)):
        if not seq:
            out.append([])
            continue
        labels = tagger.tag(feats)
        marginals = None
        if confidence:
            marginals = [tagger.marginal(y, k) if y != "O" else 1.0 for k, y in enumerate(labels)]
        out.append(bio_spans(_Tokens(doc, seq), labels, marginals))
    return out
