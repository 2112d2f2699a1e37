"""Train the attribution tagger (analysis/quotes/tagger.py) on PolNeAR train; score it on dev (``make model``).

    .venv/bin/python benchmarks/quotes_train.py                       # train on train, score on dev, save
    .venv/bin/python benchmarks/quotes_train.py --c1 0.05 --no-save   # tuning runs: dev only, nothing written
    .venv/bin/python benchmarks/quotes_train.py --limit 100 --no-save # a quick look on 100 training articles

Reproducible from ../shared/eval/polnear: the same articles (file-name order, the first annotator of each), the
same spaCy model and a deterministic trainer (L-BFGS, no shuffling). Labels: every token of a body paragraph
takes the role of the PolNeAR span its first character is in (PolNeAR is univocal: one role per token), B- on a
span's first token and I- after it. Test is never read here: it is scored once, by benchmarks/quotes_polnear.py.
The saved model holds weights and feature names only (checked after saving: no feature string longer than the
longest feature name the feature code can make from a 20-character word).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pycrfsuite
from quotes_errors import parsed
from quotes_polnear import DEFAULT_ROOT

from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text
from analysis.eval.polnear import gold_roles, read_split
from analysis.eval.span_metrics import SpanScores
from analysis.nlp.model import load_model
from analysis.quotes.attribution import rule_quotes
from analysis.quotes.content import quote_mark_spans
from analysis.quotes.cue import load_lexicon
from analysis.quotes.tagger import MODEL_FILE, bio_spans, paragraph_tokens, sequence_features

MODEL_PATH = ROOT / "analysis" / "data" / "models" / MODEL_FILE


def labels_for(sequence, gold) -> list[str]:
    """B-/I-role per token from the gold spans (the role of the span holding the token's first character)."""
    starts: dict[int, tuple[str, int]] = {}  # char -> (role, piece start)
    for role, spans in gold_roles(gold).items():
        for s, e in spans:
            for c in range(s, e):
                starts.setdefault(c, (role, s))
    out, previous = [], None
    for tok in sequence:
        hit = starts.get(tok.idx)
        if hit is None:
            out.append("O")
            previous = None
            continue
        out.append(("I-" if previous == hit else "B-") + hit[0])
        previous = hit
    return out


def featurize(nlp, root: Path, split: str, limit: int | None, cache: Path, convention: str = "statement"):
    """(sequences of tokens, their features, their labels, the gold article) for every body paragraph."""
    golds = list(read_split(root, split, limit))
    articles = [parse_text(g.text, g.path, id=g.name) for g in golds]
    docs = parsed(nlp, [a.masked_text() for a in articles], cache / f"polnear-{split}-{limit}.spacy")
    lexicon = load_lexicon() if convention == "statement" else load_lexicon().for_attributions()
    out = []
    for gold, article, doc in zip(golds, articles, docs):
        marks = quote_mark_spans(article.text, article.paragraphs)
        rules = rule_quotes(doc, article, resolve_actors(doc, article), lexicon, marks)
        sequences = paragraph_tokens(doc, article.paragraphs)
        feats = sequence_features(doc, sequences, lexicon, marks, rules)
        out.append((sequences, feats, [labels_for(s, gold) for s in sequences], gold))
    return out


def score(tagger, data) -> SpanScores:
    """The tagger's raw spans against the gold, per role (no quote assembly)."""
    scores = SpanScores()
    for sequences, feats, _labels, gold in data:
        pred: dict[str, list[tuple[int, int]]] = {"source": [], "cue": [], "content": []}
        for seq, f in zip(sequences, feats):
            if seq:
                for span in bio_spans(seq, tagger.tag(f)):
                    pred[span.role].append((span.start, span.end))
        scores.add_document(gold.text, gold_roles(gold), pred)
    return scores


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="PolNeAR data folder")
    ap.add_argument("--limit", type=int, default=None, help="first N training articles")
    ap.add_argument("--c1", type=float, default=0.8, help="L1 penalty (prunes features; tuned on dev: 0.05-3.0)")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 penalty")
    ap.add_argument("--iterations", type=int, default=100, help="L-BFGS iterations (the shipped model: 100)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp"), help="folder for the cached spaCy parses")
    ap.add_argument("--no-save", action="store_true", help="score on dev without writing the model")
    ap.add_argument("--convention", choices=["statement", "attribution"], default="statement",
                    help="the rules' convention whose quotes are features (attribution: PolNeAR's own)")
    args = ap.parse_args(argv)
    if not (args.root / "train").is_dir():
        print(f"PolNeAR not found at {args.root} (expected ../shared/eval/polnear)", file=sys.stderr)
        return 2
    nlp = load_model()
    t0 = time.perf_counter()
    train = featurize(nlp, args.root, "train", args.limit, args.cache, args.convention)
    dev = featurize(nlp, args.root, "dev", None, args.cache, args.convention)
    print(f"features: {time.perf_counter() - t0:.0f} s", flush=True)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sequences, feats, labels, _gold in train:
        for f, y in zip(feats, labels):
            if f:
                trainer.append(f, y)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    out = MODEL_PATH if not args.no_save else args.cache / "quote_tagger_tuning.crfsuite"
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    trainer.train(str(out))
    print(f"trained on {len(train)} articles in {time.perf_counter() - t0:.0f} s: {out} "
          f"({out.stat().st_size / 1e6:.1f} MB)", flush=True)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(out))
    longest = max((len(a) for a, _ in tagger.info().state_features), default=0)
    print(f"features kept: {len(tagger.info().state_features)} state weights; longest feature name {longest} chars")
    scores = score(tagger, dev)
    print("dev, the tagger's raw spans (F1 x 100; jaccard: mean):")
    for metric in ("exact", "overlap", "jaccard"):
        cells = [f"{role} {100 * scores.get(metric, role).headline(metric):.1f}" for role in ("source", "cue", "content")]
        print(f"  {metric:<8} " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
