"""CoNLL-2003 NER scoring: documents, gold PER/ORG/LOC spans, and exact-span precision/recall/F1.

Used by `benchmarks/ner_conll.py` (full figures, with the label mapping and the scoring rules stated
there) and by the accuracy floors in `tests/eval/`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from analysis.eval.span_metrics import f1_score

TYPES = ("PER", "ORG", "LOC")
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}

ConllDoc = tuple[list[str], list[str], list[int]]  # tokens, tags, sentence index of each token


def read_conll(path: Path) -> list[ConllDoc]:
    """Documents of (tokens, BIOES tags, sentence ids)."""
    docs: list[ConllDoc] = []
    tokens: list[str] = []
    tags: list[str] = []
    sents: list[int] = []
    sent = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if tokens and sents and sents[-1] == sent:
                sent += 1
            continue
        if parts[0] == "-DOCSTART-":
            if tokens:
                docs.append((tokens, tags, sents))
            tokens, tags, sents, sent = [], [], [], 0
            continue
        tokens.append(parts[0])
        tags.append(parts[-1])
        sents.append(sent)
    if tokens:
        docs.append((tokens, tags, sents))
    return docs


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start token, end token exclusive, type) from BIOES (BIO tolerated)."""
    spans = set()
    start = None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, typ = tag.partition("-")
        if start is not None and (prefix in ("O", "B", "S") or typ != tags[start].partition("-")[2]):
            spans.add((start, i, tags[start].partition("-")[2]))
            start = None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start = i
        if prefix in ("E", "S") and start is not None:
            spans.add((start, i + 1, typ))
            start = None
    return {s for s in spans if s[2] in TYPES}


def build_text(tokens: list[str], sents: list[int]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens joined by spaces, a line break between sentences; char range of every token."""
    parts: list[str] = []
    offsets = []
    pos = 0
    for i, tok in enumerate(tokens):
        if i:
            sep = "\n" if sents[i] != sents[i - 1] else " "
            parts.append(sep)
            pos += 1
        offsets.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
    return "".join(parts), offsets


def to_token_spans(char_spans, offsets) -> set[tuple[int, int, str]]:
    """Map (start_char, end_char, label) to token spans with the CoNLL types."""
    out = set()
    for s, e, label in char_spans:
        typ = LABEL_MAP.get(label)
        if typ is None:
            continue
        toks = [i for i, (a, b) in enumerate(offsets) if a < e and s < b]
        if toks:
            out.add((toks[0], toks[-1] + 1, typ))
    return out


def score(pred: list[set], gold: list[set]) -> dict[str, tuple[float, float, float]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for p, g in zip(pred, gold):
        for s in p:
            (tp if s in g else fp)[s[2]] += 1
        for s in g:
            if s not in p:
                fn[s[2]] += 1
    out = {}
    for typ in (*TYPES, "micro"):
        t = sum(tp.values()) if typ == "micro" else tp[typ]
        f_p = sum(fp.values()) if typ == "micro" else fp[typ]
        f_n = sum(fn.values()) if typ == "micro" else fn[typ]
        p = t / (t + f_p) if t + f_p else 0.0
        r = t / (t + f_n) if t + f_n else 0.0
        out[typ] = (p, r, f1_score(p, r))
    return out
