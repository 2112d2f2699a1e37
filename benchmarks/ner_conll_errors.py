"""Error analysis of presswork's entity layer on CoNLL-2003 (tune on eng.testa only).

    .venv/bin/python benchmarks/ner_conll_errors.py                  # eng.testa, summary + top errors
    .venv/bin/python benchmarks/ner_conll_errors.py --show 60 --kind fp
    .venv/bin/python benchmarks/ner_conll_errors.py --grep Leicestershire

Every presswork error is classified against the gold spans of its document:

- ``type``: same token span as a gold span, other type (ORG "Leicestershire" read as LOC);
- ``boundary``: overlaps a gold span of the same type with other edges;
- ``boundary+type``: overlaps a gold span, other edges and other type;
- ``spurious`` (false positive with no gold overlap) / ``missed`` (gold span nothing overlaps);

and tagged with the line's style (``caps`` when the sentence has no lower-case word: headlines, tables)
and the mention's source (model / gazetteer / propagated) so the causes can be counted. The parsed
documents are cached under /tmp (a DocBin per file) so that re-runs only pay for the entity layer.
Same text and label mapping as ``benchmarks/ner_conll.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ner_conll import DATA
from spacy.tokens import DocBin

from analysis.actors.entities import find_mentions
from analysis.eval.conll import LABEL_MAP, build_text, gold_spans, read_conll, score
from analysis.nlp.model import load_model


def parsed_docs(name: str, texts: list[str]):
    """spaCy docs for `texts`, cached in /tmp keyed by model and text."""
    nlp = load_model()
    digest = hashlib.sha1(("\0".join(texts) + nlp.meta["name"] + nlp.meta["version"]).encode()).hexdigest()[:12]
    cache = Path("/tmp") / f"presswork_conll_{name}_{digest}.spacy"
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(texts, batch_size=16))
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return docs


def token_span(start: int, end: int, offsets: list[tuple[int, int]]) -> tuple[int, int] | None:
    toks = [i for i, (a, b) in enumerate(offsets) if a < end and start < b]
    return (toks[0], toks[-1] + 1) if toks else None


def classify(pred: tuple[int, int, str], golds: set[tuple[int, int, str]]) -> str:
    s, e, t = pred
    over = [g for g in golds if g[0] < e and s < g[1]]
    if not over:
        return "spurious"
    if any(g[0] == s and g[1] == e for g in over):
        return "type"
    return "boundary" if any(g[2] == t for g in over) else "boundary+type"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default="eng.testa")
    parser.add_argument("--show", type=int, default=25, help="examples per error class")
    parser.add_argument("--kind", default=None, help="only this class: fp|missed|type|boundary|spurious")
    parser.add_argument("--grep", default=None, help="only errors whose text matches this regex")
    args = parser.parse_args()
    if args.file == "eng.testb":
        sys.exit("error analysis is for tuning: use eng.testa (report eng.testb with ner_conll.py only)")
    path = DATA / args.file
    if not path.exists():
        sys.exit(f"skip: {path} is absent (needs ../shared/eval/conll2003)")
    docs = read_conll(path)
    texts = [build_text(toks, sents) for toks, _, sents in docs]
    parsed = parsed_docs(args.file, [t for t, _ in texts])
    errors: list[dict] = []
    preds, golds = [], []
    for n, ((tokens, tags, sents), (text, offsets), doc) in enumerate(zip(docs, texts, parsed)):
        gold = gold_spans(tags)
        all_gold = gold_spans_any(tags)
        caps_sent = caps_sentences(tokens, sents)
        pred: dict[tuple[int, int, str], object] = {}
        for m in find_mentions(doc):
            typ = LABEL_MAP.get(m.label)
            span = token_span(m.start, m.end, offsets)
            if typ and span:
                pred[(*span, typ)] = m
        preds.append(set(pred))
        golds.append(gold)
        for p, m in pred.items():
            if p in gold:
                continue
            kind = classify(p, gold)
            misc = any(g[0] == p[0] and g[1] == p[1] and g[2] == "MISC" for g in all_gold)
            errors.append({"doc": n, "kind": "fp-" + kind, "text": " ".join(tokens[p[0]:p[1]]),
                           "pred": p[2], "gold": _gold_of(p, gold) + ("MISC" if misc else ""),
                           "source": m.source, "model": m.model_label, "caps": caps_sent[p[0]],
                           "ctx": " ".join(tokens[max(0, p[0] - 6):p[1] + 6])})
        for g in gold:
            if g in pred:
                continue
            if any(p[0] < g[1] and g[0] < p[1] for p in pred):
                continue  # counted as a type/boundary error on the prediction side
            errors.append({"doc": n, "kind": "missed", "text": " ".join(tokens[g[0]:g[1]]), "pred": "",
                           "gold": g[2], "source": "", "model": "", "caps": caps_sent[g[0]],
                           "ctx": " ".join(tokens[max(0, g[0] - 6):g[1] + 6])})
    res = score(preds, golds)
    print(f"{args.file}: micro P/R/F1 {res['micro'][0]:.3f}/{res['micro'][1]:.3f}/{res['micro'][2]:.3f}  "
          + "  ".join(f"{t} {res[t][2]:.3f}" for t in ("PER", "ORG", "LOC")))
    print("\nerrors by class, gold type -> predicted, line style:")
    counts = Counter((e["kind"], e["gold"], e["pred"], "caps" if e["caps"] else "mixed") for e in errors)
    for key, c in counts.most_common(30):
        print(f"{c:5d}  {' | '.join(key)}")
    print("\nfalse positives by source:", dict(Counter(e["source"] for e in errors if e["kind"] != "missed")))
    sel = errors
    if args.kind:
        sel = [e for e in sel if args.kind in e["kind"] or (args.kind == "fp" and e["kind"].startswith("fp"))]
    if args.grep:
        sel = [e for e in sel if re.search(args.grep, e["text"])]
    for kind in sorted({e["kind"] for e in sel}):
        these = [e for e in sel if e["kind"] == kind]
        print(f"\n== {kind}: {len(these)}; most frequent texts:")
        print("   " + "; ".join(f"{t} ({c})" for t, c in Counter(
            f"{e['text']} {e['gold']}->{e['pred']}" for e in these).most_common(args.show)))
        for e in these[: args.show]:
            print(f"  d{e['doc']:<3} {e['gold']:>7}->{e['pred']:<4} {e['source']:<10} caps={int(e['caps'])} "
                  f"[{e['text']}]  … {e['ctx']}")


def gold_spans_any(tags: list[str]) -> set[tuple[int, int, str]]:
    """Gold spans of every type, MISC included (to tell 'wrong type' from 'not an entity')."""
    from analysis.eval import conll as ner_conll

    saved = ner_conll.TYPES
    ner_conll.TYPES = ("PER", "ORG", "LOC", "MISC")
    try:
        return gold_spans(tags)
    finally:
        ner_conll.TYPES = saved


def _gold_of(pred: tuple[int, int, str], gold: set[tuple[int, int, str]]) -> str:
    over = [g for g in gold if g[0] < pred[1] and pred[0] < g[1]]
    return over[0][2] if over else ""


def caps_sentences(tokens: list[str], sents: list[int]) -> list[bool]:
    """Per token: its sentence has no lower-case word (headline, table row)."""
    has_lower: dict[int, bool] = {}
    for tok, s in zip(tokens, sents):
        if any(c.islower() for c in tok):
            has_lower[s] = True
    return [not has_lower.get(s, False) for s in sents]


if __name__ == "__main__":
    main()
