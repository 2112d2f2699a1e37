"""Score presswork's quote extraction against PolNeAR, with textacy's direct_quotations as the peer.

    .venv/bin/python benchmarks/quotes_polnear.py --split dev --limit 30
    .venv/bin/python benchmarks/quotes_polnear.py --split train --split dev
    .venv/bin/python benchmarks/quotes_polnear.py --split test          # once, at the end

Scoring (per split): a predicted quote matches a gold attribution when their content overlaps by at
least 50% of the longer of the two (one-to-one, best overlaps first). Predicted quotes sharing one
cue ('“A,” he said, “B.”') are scored as one attribution, as PolNeAR annotates them. Precision,
recall and F1 over content; speaker accuracy: over matched pairs with a gold Source, the predicted
speaker mention overlaps it; cue accuracy likewise for the Cue span. Headline quotes are left out
(PolNeAR titles carry no annotation).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text
from analysis.eval.polnear import GoldArticle, match_contents, read_split
from analysis.nlp.model import load_model
from analysis.quotes import extract_quotes

DEFAULT_ROOT = ROOT.parent / "shared" / "eval" / "polnear"
Spans = list[tuple[int, int]]


@dataclass
class Pred:
    content: Spans
    speaker: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_ok: int = 0
    speaker_n: int = 0
    cue_ok: int = 0
    cue_n: int = 0
    errors: int = 0
    seconds: float = 0.0

    def row(self, name: str, split: str, articles: int) -> str:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        sp = self.speaker_ok / self.speaker_n if self.speaker_n else 0.0
        cu = self.cue_ok / self.cue_n if self.cue_n else 0.0
        return (f"| {split:<5} | {name:<26} | {articles:>4} | {self.gold:>6} | {self.pred:>6} | {p:.3f} | {r:.3f} "
                f"| {f:.3f} | {sp:.3f} | {cu:.3f} | {self.errors:>3} | {self.seconds:>7.1f} |")


def chars(spans: Spans) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def overlaps(a: Spans, b: Spans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def score_article(preds: list[Pred], gold: GoldArticle, score: Score) -> None:
    golds = gold.attributions
    score.gold += len(golds)
    score.pred += len(preds)
    p_chars = [chars(p.content) for p in preds]
    g_chars = [chars(g.content) for g in golds]
    for i, j in match_contents(p_chars, g_chars):
        score.matched += 1
        g, p = golds[j], preds[i]
        if g.source:
            score.speaker_n += 1
            score.speaker_ok += bool(p.speaker and overlaps(p.speaker, g.source))
        if g.cue:
            score.cue_n += 1
            score.cue_ok += bool(p.cue and overlaps(p.cue, g.cue))


def presswork_preds(doc, article) -> list[Pred]:
    """Our quotes, one Pred per cue (quotes without a cue stand alone)."""
    quotes = [q for q in extract_quotes(doc, article, resolve_actors(doc, article)) if q.kind != "headline"]
    by_cue: dict[object, Pred] = {}
    out: list[Pred] = []
    for n, q in enumerate(quotes):
        key = (q.cue_start, q.cue_end) if q.cue_start is not None else ("solo", n)
        pred = by_cue.get(key)
        if pred is None:
            pred = Pred([], [(q.speaker_start, q.speaker_end)] if q.speaker_start is not None else [],
                        [(q.cue_start, q.cue_end)] if q.cue_start is not None else [])
            by_cue[key] = pred
            out.append(pred)
        pred.content.append((q.start, q.end))
    return out


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


def run_split(nlp, root: Path, split: str, limit: int | None, batch_size: int) -> list[str]:
    golds = list(read_split(root, split, limit))
    articles = [parse_text(g.text, g.path, id=g.name) for g in golds]
    ours, peer = Score(), Score()
    t0 = time.perf_counter()
    docs = list(nlp.pipe((a.masked_text() for a in articles), batch_size=batch_size))
    parse_seconds = time.perf_counter() - t0
    for gold, article, doc in zip(golds, articles, docs):
        t = time.perf_counter()
        try:
            score_article(presswork_preds(doc, article), gold, ours)
        except Exception as e:  # noqa: BLE001 - a crash is a finding, not a reason to stop the run
            ours.errors += 1
            print(f"presswork failed on {gold.name}: {type(e).__name__}: {e}", file=sys.stderr)
            score_article([], gold, ours)
        ours.seconds += time.perf_counter() - t
        t = time.perf_counter()
        try:
            preds = textacy_preds(doc)
        except Exception:  # noqa: BLE001 - textacy raises on unbalanced marks
            peer.errors += 1
            preds = []
        score_article(preds, gold, peer)
        peer.seconds += time.perf_counter() - t
    ours.seconds += parse_seconds
    peer.seconds += parse_seconds
    return [ours.row("presswork quotes", split, len(golds)),
            peer.row("textacy direct_quotations", split, len(golds))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", action="append", choices=["train", "dev", "test"],
                    help="split(s) to score (repeatable; default: dev)")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each split")
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="PolNeAR data folder")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args(argv)
    if not (args.root / "train").is_dir():
        print(f"PolNeAR not found at {args.root} (expected ../shared/eval/polnear)", file=sys.stderr)
        return 2
    nlp = load_model()
    print("| split | system                     | docs |   gold |   pred | P     | R     | F1    "
          "| spkr  | cue   | err | seconds |")
    print("|-------|----------------------------|------|--------|--------|-------|-------|-------"
          "|-------|-------|-----|---------|")
    for split in args.split or ["dev"]:
        for line in run_split(nlp, args.root, split, args.limit, args.batch_size):
            print(line, flush=True)
    print("seconds include the shared spaCy parse of the split (same docs for both systems)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
