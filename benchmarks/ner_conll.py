"""Named-entity accuracy on CoNLL-2003: plain spaCy vs presswork's entity layer, same model, same text.

    .venv/bin/python benchmarks/ner_conll.py                 # eng.testa and eng.testb
    .venv/bin/python benchmarks/ner_conll.py eng.testb --limit 50

Reads ``../shared/eval/conll2003/<file>`` (token, BIOES tag per line; blank line between sentences;
``-DOCSTART-`` lines between documents, the first document has none). Each document becomes one text:
tokens joined by spaces, one sentence per line, so both systems see whole documents (the presswork layer
votes on types across a document).

Label mapping (stated, identical for both systems): PERSON -> PER; ORG -> ORG; GPE, LOC, FAC -> LOC.
Everything else (NORP, PRODUCT, EVENT, LAW, LANGUAGE, WORK_OF_ART, numbers, dates) is not scored, and
gold MISC is not scored either: only PER/ORG/LOC spans count, on both sides. A prediction is correct when
its token span and type equal a gold span's exactly.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.actors.entities import find_mentions
from analysis.nlp.model import load_model

DATA = ROOT.parent / "shared" / "eval" / "conll2003"
TYPES = ("PER", "ORG", "LOC")
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}

Doc = tuple[list[str], list[str], list[int]]  # tokens, tags, sentence index of each token


def read_conll(path: Path) -> list[Doc]:
    """Documents of (tokens, BIOES tags, sentence ids)."""
    docs: list[Doc] = []
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
        out[typ] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def evaluate(name: str, limit: int | None) -> None:
    path = DATA / name
    if not path.exists():
        print(f"skip {name}: {path} is absent (needs ../shared/eval/conll2003)")
        return
    docs = read_conll(path)[:limit]
    nlp = load_model()
    texts = [build_text(toks, sents) for toks, _, sents in docs]
    gold = [gold_spans(tags) for _, tags, _ in docs]
    plain, ours = [], []
    t0 = time.perf_counter()
    for (text, offsets), doc in zip(texts, nlp.pipe((t for t, _ in texts), batch_size=16)):
        plain.append(to_token_spans([(e.start_char, e.end_char, e.label_) for e in doc.ents], offsets))
        ours.append(to_token_spans([(m.start, m.end, m.label) for m in find_mentions(doc)], offsets))
    elapsed = time.perf_counter() - t0
    a, b = score(plain, gold), score(ours, gold)
    print(f"\n{name}: {len(docs)} documents, {sum(len(g) for g in gold)} gold PER/ORG/LOC spans "
          f"({elapsed:.0f}s)")
    print(f"{'type':<6} | {'spaCy P':>7} {'R':>6} {'F1':>6} | {'presswork P':>11} {'R':>6} {'F1':>6}")
    for typ in (*TYPES, "micro"):
        (p1, r1, f1), (p2, r2, f2) = a[typ], b[typ]
        print(f"{typ:<6} | {p1:7.3f} {r1:6.3f} {f1:6.3f} | {p2:11.3f} {r2:6.3f} {f2:6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=["eng.testa", "eng.testb"])
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = parser.parse_args()
    for name in args.files:
        evaluate(name, args.limit)


if __name__ == "__main__":
    main()
