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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.actors.entities import find_mentions
from analysis.eval.conll import TYPES, build_text, gold_spans, read_conll, score, to_token_spans
from analysis.nlp.model import load_model

DATA = ROOT.parent / "shared" / "eval" / "conll2003"
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
