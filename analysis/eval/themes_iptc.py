"""Scoring the themes against IPTC Media Topics gold (issue 24): tests/data/themes_iptc_gold.yaml holds file
names and codes, the texts are read from ../shared. Used by benchmarks/themes_iptc.py and the CI floor test.

  top-1   the article's first top-level subject (its themes rolled up the IPTC tree) is a gold `top` subject;
  top-3   a gold `top` subject is among its first three;
  l2@5    share of the gold level-2 topics among its first five level-2 topics (micro-averaged).
"""

from __future__ import annotations

import tarfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "tests" / "data" / "themes_iptc_gold.yaml"


def load_gold(split: str = "all") -> list[dict]:
    articles = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["articles"]
    return [a for a in articles if split == "all" or a["split"] == split]


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


def themes_of(paths: list[Path], full: bool = False, nlp=None):
    """Theme records per path (via the pipeline's reader and matcher) and the seconds spent matching themes
    (`ThemeMatcher.article_matches`: text and headline; not the tone) and, with `full`, in the whole analysis
    of the same documents."""
    from analysis.documents.readers import read_documents
    from analysis.nlp.model import load_model
    from analysis.pipeline import analyze_documents
    from analysis.settings import Settings
    from analysis.themes.matcher import get_theme_matcher

    nlp = nlp or load_model()
    matcher = get_theme_matcher(nlp, cache_dir=Settings.from_env().cache_path())  # as the pipeline builds it
    articles = list(read_documents([str(p) for p in paths]))
    out, matcher_s = {}, 0.0
    for article, doc in zip(articles, nlp.pipe(a.masked_text() for a in articles)):
        t0 = time.perf_counter()
        matcher.article_matches(doc, article)  # the matching alone (annotate adds the per-sentence tone)
        matcher_s += time.perf_counter() - t0
        themes, _ = matcher.annotate(doc, article, [])
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


