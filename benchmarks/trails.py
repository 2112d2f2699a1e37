"""Who speaks about whom and quote trails, scored against hand-checked answers on a PolNeAR store.

    presswork ingest ../shared/eval/polnear/{train,dev,test}/text --metadata ../shared/eval/polnear/metadata.tsv \\
        --store polnear.duckdb --jobs 2
    python benchmarks/trails.py --store polnear.duckdb            # the four figures of issue 15
    python benchmarks/trails.py --time ttfull.duckdb              # trails + edges on a big store, timed

Figures (answers in benchmarks/data/, written by hand; see each file's header for how they were drawn):

- trails carried by >= 3 outlets (sources);
- trail precision: of the 40 hand-checked trails (trails_precision_gold.yaml), those whose every member is the
  same statement by the same speaker; a gold trail the code now forms differently is reported, not scored;
- trail recall: of 20 statements found by hand in several outlets (trails_recall_gold.yaml), those one trail
  carries in articles of two different outlets;
- target precision: of the targets computed for 50 hand-read quotes (targets_gold.yaml), those naming an actor
  the quote mentions (with the right identity), not the speaker; and the share of expected targets found.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.actors.names import name_key
from analysis.corpus.query import Corpus
from analysis.corpus.speech import quote_targets_sql, trail_rows, words
from analysis.corpus.store import connect

DATA = ROOT / "benchmarks" / "data"


def base(doc_key: str) -> str:
    return os.path.basename(doc_key)


def trails_by_outlets(corpus: Corpus, n: int = 3) -> int:
    return int(corpus.trails(min_outlets=n)["trail_id"].nunique())


def trail_precision(corpus: Corpus) -> dict:
    gold = yaml.safe_load((DATA / "trails_precision_gold.yaml").read_text(encoding="utf-8"))["trails"]
    members = corpus.trails()
    members["member"] = [(base(d), int(q)) for d, q in zip(members["doc_key"], members["quote_idx"])]
    trail_of = dict(zip(members["member"], members["trail_id"]))
    sets = members.groupby("trail_id")["member"].agg(frozenset)
    scored, correct, changed = 0, 0, []
    for t in gold:
        want = frozenset((m[0], int(m[1])) for m in t["members"])
        now = trail_of.get(min(want))
        if now is None or sets[now] != want:
            changed.append(min(want))
            continue
        scored += 1
        correct += bool(t["correct"])
    return {"checked": scored, "correct": correct, "precision": correct / scored if scored else None,
            "changed": changed}


def _contains(text: str, phrase: str) -> bool:
    return f" {' '.join(words(phrase))} " in f" {' '.join(words(text))} "


def trail_recall(corpus: Corpus) -> dict:
    gold = yaml.safe_load((DATA / "trails_recall_gold.yaml").read_text(encoding="utf-8"))["statements"]
    members = corpus.trails()
    members["doc"] = members["doc_key"].map(base)
    found, missed = [], []
    for s in gold:
        phrase = s["phrase"]
        carries = members["text"].map(lambda t, p=phrase: _contains(t, p))
        hits = members[members["doc"].isin(set(s["docs"])) & carries]
        ok = any(g["source"].nunique() >= 2 and g["doc"].nunique() >= 2 for _, g in hits.groupby("trail_id"))
        (found if ok else missed).append(s["id"])
    return {"statements": len(gold), "recalled": len(found), "recall": len(found) / len(gold), "missed": missed}


def _matches(entity: list[str], target_name: str) -> bool:
    """The identity `target_name` is `entity`: the same name as one of its names, or holding every word of
    its first (full) name ("Hillary Rodham Clinton" for [Hillary Clinton, Clinton]; not "Bill Clinton")."""
    t = name_key(target_name or "")
    if any(t == name_key(n) for n in entity):
        return True
    return set(name_key(entity[0]).split()) <= set(t.split())


def target_precision(corpus: Corpus) -> dict:
    gold = yaml.safe_load((DATA / "targets_gold.yaml").read_text(encoding="utf-8"))["quotes"]
    t = corpus.quote_targets()
    t["doc"] = t["doc_key"].map(base)
    predicted = correct = expected = found = 0
    wrong, missing = [], []
    for q in gold:
        rows = t[(t["doc"] == q["doc"]) & (t["quote_idx"] == q["quote_idx"])]
        entities = [e for e in q["expected"]] + [e for e in q["allowed"]]
        for r in rows.itertuples():
            predicted += 1
            if any(_matches(e, r.target_name) for e in entities):
                correct += 1
            else:
                wrong.append(f"{q['doc']}#{q['quote_idx']}: {r.mention!r} -> {r.target_name!r}")
        for e in q["expected"]:
            expected += 1
            if any(_matches(e, n) for n in rows["target_name"]):
                found += 1
            else:
                missing.append(f"{q['doc']}#{q['quote_idx']}: {e[0]}")
    return {"quotes": len(gold), "predicted": predicted, "correct": correct,
            "precision": correct / predicted if predicted else None, "expected": expected, "found": found,
            "recall": found / expected if expected else None, "wrong": wrong, "missing": missing}


def time_store(path: str) -> dict:
    """Trails and edges computed from scratch on `path` (read-only: temporary tables only), timed."""
    con = connect(path, read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        q = con.execute("SELECT count(*) FROM quotes").fetchall()[0][0]
        started = time.perf_counter()
        edges = con.execute(f"SELECT count(*) FROM ({quote_targets_sql()})").fetchall()[0][0]
        mid = time.perf_counter()
        trails = trail_rows(con)
        done = time.perf_counter()
    finally:
        con.close()
    return {"articles": n, "quotes": q, "edges": edges, "edges_s": round(mid - started, 1),
            "trail_members": trails.num_rows, "trails": len(set(trails.column("trail_id").to_pylist())),
            "trails_s": round(done - mid, 1), "total_s": round(done - started, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", help="a PolNeAR store (presswork ingest of train, dev and test with metadata)")
    ap.add_argument("--time", dest="time_store", help="a store to time trails + edges on (read-only)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list wrong and missed answers")
    args = ap.parse_args()
    if not args.store and not args.time_store:
        ap.error("give --store and/or --time")
    if args.store:
        with Corpus.open(args.store) as corpus:
            print(f"trails carried by >= 3 outlets: {trails_by_outlets(corpus, 3)} "
                  f"(>= 2: {trails_by_outlets(corpus, 2)}, all: {trails_by_outlets(corpus, 1)})")
            p = trail_precision(corpus)
            print(f"trail precision: {p['correct']}/{p['checked']} = {p['precision']:.3f}"
                  + (f"  ({len(p['changed'])} gold trails formed differently now: re-check them)"
                     if p["changed"] else ""))
            r = trail_recall(corpus)
            print(f"trail recall: {r['recalled']}/{r['statements']} = {r['recall']:.3f}"
                  + (f"  missed: {', '.join(r['missed'])}" if r["missed"] else ""))
            t = target_precision(corpus)
            print(f"target precision: {t['correct']}/{t['predicted']} = {t['precision']:.3f} "
                  f"(recall of expected targets: {t['found']}/{t['expected']} = {t['recall']:.3f})")
            if args.verbose:
                for label, items in (("changed trails", p["changed"]), ("wrong targets", t["wrong"]),
                                     ("missed targets", t["missing"])):
                    print(f"\n{label}:")
                    for item in items:
                        print(f"  {item}")
    if args.time_store:
        r = time_store(args.time_store)
        print(f"{args.time_store}: {r['articles']:,} articles, {r['quotes']:,} quotes -> {r['edges']:,} edges in "
              f"{r['edges_s']} s, {r['trails']:,} trails ({r['trail_members']:,} members) in {r['trails_s']} s; "
              f"total {r['total_s']} s")


if __name__ == "__main__":
    main()
