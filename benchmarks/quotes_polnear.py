"""Score presswork's quote extraction against PolNeAR, with textacy's direct_quotations as the peer.

    .venv/bin/python benchmarks/quotes_polnear.py --split dev --limit 30
    .venv/bin/python benchmarks/quotes_polnear.py --split train --split dev
    .venv/bin/python benchmarks/quotes_polnear.py --split test          # once, at the end
    .venv/bin/python benchmarks/quotes_polnear.py --split test --metric exact --metric overlap

Scoring (per split): a predicted quote matches a gold attribution when their content overlaps by at
least 50% of the longer of the two (one-to-one, best overlaps first). Predicted quotes sharing one
cue ('“A,” he said, “B.”') are scored as one attribution, as PolNeAR annotates them. Precision,
recall and F1 over content; speaker accuracy: over matched pairs with a gold Source, the predicted
speaker's source phrase (`Quote.source_start/end`) overlaps it; cue accuracy likewise for the Cue span.
Headline quotes are scored too: PolNeAR annotates the title line ('Pence: Gennifer Flowers Won't Be at Debate').

presswork is scored under PolNeAR's attribution convention (what was denied, wanted or urged is attributed
content: `Lexicon.for_attributions`); the row "statements" is presswork's default news-quote convention,
where verbs of `needs_clause` in reporting_verbs.yaml give a quote only with a clause or quoted words.

`--metric exact|begin|jaccard|overlap` adds the span scores of the papers for source, cue and content,
as CofeNet defines them (see `analysis/eval/span_metrics.py` for the definitions and for how PolNeAR's
paragraphs and discontinuous spans are mapped), with the published figures beside ours.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.documents.parsing import parse_text
from analysis.eval.polnear import (
    Pred,
    Score,
    gold_roles,
    pred_roles,
    presswork_preds,
    read_split,
    score_article,
)
from analysis.eval.span_metrics import METRICS, ROLES, SpanScores
from analysis.nlp.model import load_model
from analysis.quotes.encoder import encoder_missing

DEFAULT_ROOT = ROOT.parent / "shared" / "eval" / "polnear"

# PolNeAR test, exact span match, F1 x 100: CofeNet (COLING 2022) docs/cofenet-detail-exp.pdf Tables 6-8,
# and Citron (BBC; PARC 3.0 test, not PolNeAR: shown for scale, marked so).
PUBLISHED_EXACT = [
    ("rules (CofeNet paper)", 10.7, 22.8, 5.6),
    ("embedding + CRF (CofeNet paper)", 50.6, 53.4, 28.6),
    ("BiLSTM-CRF (CofeNet paper)", 69.6, 66.7, 59.0),
    ("BERT-CRF (CofeNet paper)", 82.2, 74.9, 71.0),
    ("BERT + CofeNet", 83.2, 75.3, 72.9),
    ("Citron, CRF + spaCy (PARC 3.0)", 82.0, None, 59.3),
]
# (quote mode, lexicon convention) -> name. PolNeAR is scored under its own convention ("attribution": what
# was wanted, denied or urged counts too); "statement" is presswork's default lexicon (analysis/eval/polnear.py).
SYSTEMS = {("hybrid", "attribution"): "presswork hybrid, attribution",
           ("hybrid", "statement"): "presswork hybrid (default: statements)",
           ("rules", "attribution"): "presswork rules, attribution",
           ("rules", "statement"): "presswork rules, statements",
           ("tagger", "attribution"): "presswork tagger + rules fallback",
           ("encoder", "attribution"): "presswork encoder, attribution",
           ("encoder", "statement"): "presswork encoder, statements"}
PUBLISHED_OVERLAP = [("Citron, CRF + spaCy (PARC 3.0)", None, None, 83.3)]


def textacy_preds(doc) -> list[Pred]:
    """textacy's direct quotations (it raises on unbalanced quote marks: counted as an error)."""
    from textacy.extract.triples import direct_quotations

    out = []
    for t in direct_quotations(doc):
        content = [(t.content.start_char, t.content.end_char)] if hasattr(t.content, "start_char") else \
            [(min(x.idx for x in t.content), max(x.idx + len(x) for x in t.content))]
        speaker = [(x.idx, x.idx + len(x)) for x in t.speaker]
        cue = [(x.idx, x.idx + len(x)) for x in t.cue]
        out.append(Pred(content, speaker, cue))
    return out


def run_split(nlp, root: Path, split: str, limit: int | None, batch_size: int,
              spans: dict[str, SpanScores], chosen: list[tuple[str, str]]) -> list[str]:
    golds = list(read_split(root, split, limit))
    articles = [parse_text(g.text, g.path, id=g.name) for g in golds]
    systems = {key: (Score(), spans.setdefault(SYSTEMS[key], SpanScores())) for key in chosen}
    peer = Score()
    peer_spans = spans.setdefault("textacy", SpanScores())
    t0 = time.perf_counter()
    docs = list(nlp.pipe((a.masked_text() for a in articles), batch_size=batch_size))
    parse_seconds = time.perf_counter() - t0

    def run_ours(key, gold, doc, article):
        system, system_spans = systems[key]
        mode, convention = key
        t = time.perf_counter()
        try:
            preds = presswork_preds(doc, article, mode=mode, convention=convention)
        except Exception as e:  # noqa: BLE001 - a crash is a finding, not a reason to stop the run
            system.errors += 1
            print(f"presswork ({mode}) failed on {gold.name}: {type(e).__name__}: {e}", file=sys.stderr)
            preds = []
        score_article(preds, gold, system)
        system_spans.add_document(gold.text, gold_roles(gold), pred_roles(preds))
        system.seconds += time.perf_counter() - t

    for gold, article, doc in zip(golds, articles, docs):
        for key in chosen:
            run_ours(key, gold, doc, article)
        t = time.perf_counter()
        try:
            preds = textacy_preds(doc)
        except Exception:  # noqa: BLE001 - textacy raises on unbalanced marks
            peer.errors += 1
            preds = []
        score_article(preds, gold, peer)
        peer_spans.add_document(gold.text, gold_roles(gold), pred_roles(preds))
        peer.seconds += time.perf_counter() - t
    for score, _ in [*systems.values(), (peer, None)]:
        score.seconds += parse_seconds
    return [system.row(SYSTEMS[key].removeprefix("presswork ")[:28], split, len(golds))
            for key, (system, _) in systems.items()] + [peer.row("textacy direct_quotations", split, len(golds))]


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.1f}"


def span_table(metric: str, spans: dict[str, SpanScores]) -> list[str]:
    """One metric: F1 (or CofeNet's jaccard mean) x 100 per role, ours and the published systems."""
    head = "F1" if metric != "jaccard" else "mean"
    lines = [f"\n{metric} span match, {head} x 100 (P / R in brackets), source | cue | content:",
             "| system                                       | source              | cue                 | content             |",
             "|----------------------------------------------|---------------------|---------------------|---------------------|"]
    for name, scores in spans.items():
        cells = []
        for role in ROLES:
            s = scores.get(metric, role)
            extra = "" if metric == "jaccard" else f" ({100 * s.precision:.0f}/{100 * s.recall:.0f})"
            cells.append(f"{fmt(100 * s.headline(metric))}{extra:<14}")
        lines.append(f"| {name:<44} | " + " | ".join(cells) + " |")
    published = {"exact": PUBLISHED_EXACT, "overlap": PUBLISHED_OVERLAP}.get(metric, [])
    for name, *figures in published:
        lines.append(f"| {name + ' [published]':<44} | " + " | ".join(f"{fmt(v):<19}" for v in figures) + " |")
    if not published:
        lines.append("(no published figure for this metric on PolNeAR test)")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", action="append", choices=["train", "dev", "test"],
                    help="split(s) to score (repeatable; default: dev)")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each split")
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="PolNeAR data folder")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--metric", action="append", choices=METRICS,
                    help="also print span scores of source, cue and content with this match (repeatable)")
    ap.add_argument("--mode", action="append", choices=sorted({mode for mode, _ in SYSTEMS}),
                    help="score only this quote mode (repeatable; default: all, the encoder where installed)")
    args = ap.parse_args(argv)
    if not (args.root / "train").is_dir():
        print(f"PolNeAR not found at {args.root} (expected ../shared/eval/polnear)", file=sys.stderr)
        return 2
    missing = encoder_missing()
    if missing and "encoder" in (args.mode or []):
        print(missing, file=sys.stderr)
        return 2
    chosen = [key for key in SYSTEMS if (key[0] in args.mode if args.mode else not (missing and key[0] == "encoder"))]
    if missing:
        print(f"(not scored: {missing})")
    nlp = load_model()
    print("| split | system                       | docs |   gold |   pred | matched | P     | R     | F1     "
          "| speaker (ok/n)       | cue   | err | seconds |")
    print("|-------|------------------------------|------|--------|--------|---------|-------|-------|--------"
          "|----------------------|-------|-----|---------|")
    spans: dict[str, SpanScores] = {}
    for split in args.split or ["dev"]:
        for line in run_split(nlp, args.root, split, args.limit, args.batch_size, spans, chosen):
            print(line, flush=True)
    print("seconds include the shared spaCy parse of the split (same docs for both systems)")
    for metric in args.metric or []:
        print("\n".join(span_table(metric, spans)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
