"""IPTC Media Topics accuracy of the theme matcher on the hand-made gold (issue 24), and its share of time.

    .venv/bin/python benchmarks/themes_iptc.py                 # all 120 gold articles
    .venv/bin/python benchmarks/themes_iptc.py --split test    # the test half only (dev is for tuning)
    .venv/bin/python benchmarks/themes_iptc.py --genre DIR     # a labelled sport/business/culture/tech folder

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
import tarfile
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "tests" / "data" / "themes_iptc_gold.yaml"


def gold_paths(articles: list[dict], folder: Path) -> dict[str, Path]:
    """Where each gold article's text is: Tehran Times members are pulled out of the archive into `folder`."""
    paths = {}
    members = {a["file"] for a in articles if a["corpus"] == "tehran-times"}
    if members:
        with tarfile.open(SHARED / "corpora" / "tehran-times.tar.gz", "r:gz") as tf:
            for member in tf:
                if member.name in members:
                    target = folder / Path(member.name).name
                    target.write_bytes(tf.extractfile(member).read())
                    paths[member.name] = target
    for a in articles:
        if a["corpus"] == "polnear":
            paths[a["file"]] = SHARED / "eval" / "polnear" / a["file"]
        elif a["corpus"] != "tehran-times":
            paths[a["file"]] = SHARED / "corpora" / a["corpus"] / "text" / a["file"]
    return paths


def themes_of(paths: list[Path], full: bool = False):
    """Theme records per path (via the pipeline's reader and matcher) and the seconds spent in the matcher
    (and, with `full`, in the whole analysis of the same documents)."""
    from analysis.documents.readers import read_documents
    from analysis.nlp.model import load_model
    from analysis.pipeline import analyze_documents
    from analysis.themes.matcher import get_theme_matcher

    nlp = load_model()
    matcher = get_theme_matcher(nlp)
    articles = list(read_documents([str(p) for p in paths]))
    out, matcher_s = {}, 0.0
    for article, doc in zip(articles, nlp.pipe(a.masked_text() for a in articles)):
        t0 = time.perf_counter()
        themes, _ = matcher.annotate(doc, article, [])
        matcher_s += time.perf_counter() - t0
        out[str(Path(article.path).resolve())] = [t.to_dict() for t in themes]
    full_s = None
    if full:
        t0 = time.perf_counter()
        for _ in analyze_documents(read_documents([str(p) for p in paths])):
            pass
        full_s = time.perf_counter() - t0
    return out, matcher_s, full_s


def score(gold: list[dict], themes: dict[str, list[dict]], paths: dict[str, Path]) -> dict:
    from analysis.themes.iptc import rollup

    n = top1 = top3 = first_theme = l2_hit = l2_all = 0
    misses = []
    for a in gold:
        ts = themes.get(str(paths[a["file"]].resolve()), [])
        tops = [q for q, _ in rollup(ts, 1)]
        l2 = [q for q, _ in rollup(ts, 2)][:5]
        n += 1
        top1 += bool(tops) and tops[0] in a["top"]
        top3 += any(q in a["top"] for q in tops[:3])
        first_theme += bool(ts) and ts[0].get("medtop_top") in a["top"]
        l2_hit += sum(q in l2 for q in a["level2"])
        l2_all += len(a["level2"])
        if not tops or tops[0] not in a["top"] or not all(q in l2 for q in a["level2"]):
            misses.append((a["corpus"], a["file"], a["top"], tops[:3], a["level2"], l2, [t["theme"] for t in ts[:5]]))
    return {"n": n, "top1": top1 / n, "top3": top3 / n, "first_theme_top1": first_theme / n,
            "l2_recall_at5": l2_hit / max(l2_all, 1), "misses": misses}


def genre_labels(folder: Path) -> list[dict]:
    """`labels.tsv` in a genre folder: file, expected top-level QCode(s) (comma-separated), source label."""
    with open(folder / "labels.tsv", encoding="utf-8") as f:
        return [{"corpus": "genre", "file": r["file"], "top": r["top"].split(","), "level2": [],
                 "label": r["label"]} for r in csv.DictReader(f, delimiter="\t")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "test", "all"], default="all")
    ap.add_argument("--genre", type=Path, help="a folder with labels.tsv and the texts it names")
    ap.add_argument("--time", action="store_true", help="also time the whole analysis of the same articles")
    ap.add_argument("--misses", action="store_true", help="print the articles not fully right")
    args = ap.parse_args(argv)
    if args.genre:
        gold = genre_labels(args.genre)
        paths = {a["file"]: args.genre / a["file"] for a in gold}
    else:
        if not SHARED.exists():
            print(f"{SHARED} is absent: the gold texts live there", file=sys.stderr)
            return 2
        gold = [a for a in yaml.safe_load(GOLD.read_text(encoding="utf-8"))["articles"]
                if args.split == "all" or a["split"] == args.split]
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
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
