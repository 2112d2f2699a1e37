"""Score presswork's quotes against the hand-made gold of outlets it was not developed on (issue 22).

    .venv/bin/python benchmarks/quotes_outlets.py                    # the gold articles
    .venv/bin/python benchmarks/quotes_outlets.py --show             # + every miss, false quote, wrong speaker
    .venv/bin/python benchmarks/quotes_outlets.py --quotes rules     # the rules alone (default: hybrid)
    .venv/bin/python benchmarks/quotes_outlets.py --speaker-share 200   # + speaker shares on 200 articles a corpus

Gold: `benchmarks/data/quotes_outlets_gold.yaml` (10 Reuters politicsNews + 10 AllSides articles from
../shared/corpora; offsets only, the text is read from ../shared and its SHA checked). Every quote and its
speaker was written down by reading each article before the new code ran.

Scoring: an extracted quote (headline quotes left out: the gold covers bodies) matches a gold quote when their
contents overlap by at least half of the longer span, one-to-one, best overlaps first (as for PolNeAR). Recall =
matched / gold; precision = matched / extracted, so every extracted quote is judged: a fragment or a duplicate of
a matched quote counts against precision. Speaker accuracy, over matched quotes: the gold speaker's key word (the
head of the name or descriptor: 'Kirby', 'official', 'Lawyers') is in the resolved speaker or in the mention.
`--speaker-share N` runs N articles of each corpus (seeded sample) and prints the share of quotes whose speaker
is unknown, an unresolved pronoun, or only a descriptor (nominal/unnamed with no named actor behind it).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.eval.outlets import body_quotes, changed_spans, score_outlet_article, tally
from analysis.nlp.model import load_model
from analysis.quotes.attribution import QUOTE_MODES

GOLD = ROOT / "benchmarks" / "data" / "quotes_outlets_gold.yaml"
CORPORA = ROOT.parent / "shared" / "corpora"
def score_gold(nlp, show: bool, mode: str) -> int:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    scores = []
    for rel, golds in gold.items():
        text, quotes = body_quotes(nlp, CORPORA / rel, mode)
        for g in changed_spans(text, golds):
            print(f"{rel}: the text changed since the gold was written (span {g['start']}-{g['end']})")
            return 2
        s = score_outlet_article(rel, text, quotes, golds)
        scores.append(s)
        if show:
            found_g = {j for _, j in s.matches}
            found_p = {i for i, _ in s.matches}
            for j, g in enumerate(golds):
                if j not in found_g:
                    print(f"MISS   {rel} [{g['kind']}] {g['speaker']}: {text[g['start']:g['end']][:90]!r}")
            for i, q in enumerate(quotes):
                if i not in found_p:
                    print(f"FALSE  {rel} [{q.kind}] {q.speaker or q.speaker_text} <{q.cue}>: {q.text[:90]!r}")
            for (i, j), good in zip(s.matches, s.speaker_right):
                if not good:
                    q = quotes[i]
                    print(f"WHO    {rel} gold {golds[j]['speaker']!r} got {q.speaker!r} ({q.speaker_text!r}): "
                          f"{q.text[:60]!r}")
    print("| corpus       | docs | gold | extracted | matched | recall | precision | speaker |")
    print("|--------------|------|------|-----------|---------|--------|-----------|---------|")
    for name, (docs, g, p, m, s) in tally(scores).items():
        print(f"| {name:<12} | {docs:>4} | {g:>4} | {p:>9} | {m:>7} | {m / g:.3f}  | {m / p if p else 0:.3f}     "
              f"| {s / m if m else 0:.3f}   |")
    return 0


def speaker_shares(nlp, n: int, mode: str) -> None:
    """Share of quotes with no speaker, an unresolved pronoun, or a descriptor only, per corpus."""
    rng = random.Random(22)
    print(f"\nspeaker shares on {n} seeded random articles per corpus (Reuters: politicsNews only):")
    print("| corpus       | quotes | unknown | pronoun unresolved | descriptor only | named |")
    print("|--------------|--------|---------|--------------------|-----------------|-------|")
    for corpus in ("reuters-isot", "allsides"):
        rows = list(csv.DictReader((CORPORA / corpus / "metadata.tsv").open(encoding="utf-8"), delimiter="\t"))
        if corpus == "reuters-isot":
            rows = [r for r in rows if r["section"] == "politicsNews"]
        counts = [0, 0, 0, 0, 0]
        for r in rng.sample(rows, min(n, len(rows))):
            _, quotes = body_quotes(nlp, CORPORA / corpus / "text" / f"{r['filename']}.txt", mode)
            for q in quotes:
                counts[0] += 1
                if q.speaker_type is None and not q.speaker:
                    counts[1] += 1
                elif q.speaker_type == "pronoun" and not q.speaker_id:
                    counts[2] += 1
                elif q.speaker_type in ("nominal", "unnamed") and not q.speaker_id:
                    counts[3] += 1
                else:
                    counts[4] += 1
        total = max(1, counts[0])
        print(f"| {corpus:<12} | {counts[0]:>6} | {counts[1] / total:.3f}   | {counts[2] / total:.3f}              "
              f"| {counts[3] / total:.3f}           | {counts[4] / total:.3f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="list misses, false quotes and wrong speakers")
    ap.add_argument("--quotes", choices=QUOTE_MODES, default="hybrid",
                    help="how quotes are found (extract_quotes' mode; default: hybrid)")
    ap.add_argument("--speaker-share", type=int, default=0, metavar="N",
                    help="also report speaker shares on N random articles of each corpus")
    args = ap.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"corpora not found at {CORPORA} (expected ../shared/corpora)", file=sys.stderr)
        return 2
    nlp = load_model()
    print(f"quotes: {args.quotes}")
    rc = score_gold(nlp, args.show, args.quotes)
    if args.speaker_share:
        speaker_shares(nlp, args.speaker_share, args.quotes)
    return rc


if __name__ == "__main__":
    sys.exit(main())
