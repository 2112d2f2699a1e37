"""IPTC Media Topics accuracy of the theme matcher on the hand-made gold (issue 24), and its share of time.

    .venv/bin/python benchmarks/themes_iptc.py                 # all 120 gold articles
    .venv/bin/python benchmarks/themes_iptc.py --split test    # the test half only (dev is for tuning)
    .venv/bin/python benchmarks/themes_iptc.py --genre DIR --half test  # a labelled sport/business/tech folder

Gold: tests/data/themes_iptc_gold.yaml (file names and codes; the texts are read from ../shared). For each
article the themes are rolled up the IPTC tree (analysis.themes.iptc.rollup) and scored:
  top-1   the article's first top-level subject is one of the gold `top` subjects;
  top-3   one of the gold `top` subjects is among the first three;
  l2@5    share of the gold level-2 topics found among the article's first five level-2 topics (micro).
The timing line compares the matcher (annotate) with the whole analysis of the same articles.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.eval.themes_iptc import SHARED, gold_paths, load_gold, score, themes_of


def genre_labels(folder: Path) -> list[dict]:
    """`labels.tsv` in a genre folder: file, expected top-level QCode(s) (comma-separated), source label."""
    with open(folder / "labels.tsv", encoding="utf-8") as f:
        return [{"corpus": "genre", "file": r["file"], "top": r["top"].split(","), "level2": [],
                 "label": r["label"]} for r in csv.DictReader(f, delimiter="\t")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "test", "all"], default="all")
    ap.add_argument("--genre", type=Path, help="a folder with labels.tsv and the texts it names")
    ap.add_argument("--half", choices=["dev", "test", "all"], default="all",
                    help="with --genre: every other row of labels.tsv (dev: 1st, 3rd...; test: 2nd, 4th...)")
    ap.add_argument("--time", action="store_true", help="also time the whole analysis of the same articles")
    ap.add_argument("--misses", action="store_true", help="print the articles not fully right")
    args = ap.parse_args(argv)
    if args.genre:
        gold = genre_labels(args.genre)
        gold = [a for i, a in enumerate(gold) if args.half == "all" or (i % 2 == 0) == (args.half == "dev")]
        paths = {a["file"]: args.genre / a["file"] for a in gold}
    else:
        if not SHARED.exists():
            print(f"{SHARED} is absent: the gold texts live there", file=sys.stderr)
            return 2
        gold = load_gold(args.split)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.genre:
            paths = gold_paths(gold, Path(tmp))
        themes, matcher_s, full_s = themes_of(list(paths.values()), full=args.time)
        result = score(gold, themes, paths)
    if args.genre:
        by_label: dict[str, list[int]] = {}
        for a, miss in ((a, any(m[1] == a["file"] for m in result["misses"])) for a in gold):
            by_label.setdefault(a["label"], [0, 0])
            by_label[a["label"]][0] += not miss
            by_label[a["label"]][1] += 1
        for label, (ok, n) in sorted(by_label.items()):
            print(f"  {label:<14} top-level right {ok}/{n} = {ok / n:.3f}")
    print(f"articles {result['n']}  top-1 top-level {result['top1']:.3f}  top-3 {result['top3']:.3f}  "
          f"level-2 recall@5 {result['l2_recall_at5']:.3f}  (first theme's top-level {result['first_theme_top1']:.3f})")
    print(f"matcher {matcher_s:.2f} s" + (f" of {full_s:.2f} s full analysis = {100 * matcher_s / full_s:.1f}%"
                                          if full_s else ""))
    if args.misses:
        for m in result["misses"]:
            print("  MISS", *m, sep="\n    ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
