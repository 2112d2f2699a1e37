"""Near-duplicate articles: how many a corpus holds, and what finding them costs an ingest (docs/duplicates.md).

    nice .venv/bin/python benchmarks/duplicates.py count ../shared/corpora/reuters-isot/text
    nice .venv/bin/python benchmarks/duplicates.py count ../shared/corpora/tehran-times.tar.gz --pairs 10
    nice .venv/bin/python benchmarks/duplicates.py cost --limit 150 --rounds 4

- ``count``: every article read as an ingest reads it, signed as `record_rows` signs it, and marked as the end
  of an ingest marks them (`find_duplicates`, in the store's order: date, then path); no spaCy. Prints the
  counts, the time each step took, and `--pairs N` copies drawn at random (first copy | copy) to read.
- ``cost``: the same ingest (the first `--limit` Tehran Times articles, 1 job) with and without signing and
  marking, alternated in one process after a warm-up run; prints the CPU time of each and their ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
ARCHIVE = REPO.parent / "shared" / "corpora" / "tehran-times.tar.gz"


def count(paths: list[str], pairs: int) -> None:
    from analysis.corpus.duplicates import find_duplicates, signature
    from analysis.documents.article import Article
    from analysis.documents.readers import read_documents

    started, signing, signed = time.perf_counter(), 0.0, []
    for doc in read_documents(paths):
        if isinstance(doc, Article):
            t = time.process_time()
            signed.append((doc.published.isoformat() if doc.published else "~", doc.path,
                           signature(doc.text, doc.paragraphs)))
            signing += time.process_time() - t
    signed.sort()
    t = time.perf_counter()
    found = find_duplicates([(path, sig) for _, path, sig in signed])
    marking = time.perf_counter() - t
    n = len(signed)
    print(f"{n:,} articles, {sum(s is not None for *_, s in signed):,} long enough to compare, {len(found):,} marked "
          f"as copies of {len(set(found.values())):,} first copies; signing {signing:.1f} s CPU "
          f"({1000 * signing / max(n, 1):.2f} ms/article), marking {marking:.1f} s, "
          f"all {time.perf_counter() - started:.0f} s")
    for copy in random.Random(2026).sample(sorted(found), min(pairs, len(found))):
        print(f"  {found[copy]}  |  {copy}")


def cost(limit: int, rounds: int) -> None:
    from analysis.corpus import rows, store
    from analysis.ingest.run import ingest
    from analysis.nlp.model import load_model

    load_model()

    def one(detect: bool) -> float:
        off = [] if detect else [mock.patch.object(rows, "signature", lambda *a, **k: None),
                                 mock.patch.object(store, "mark_duplicates", lambda *a, **k: 0)]
        for patch in off:
            patch.start()
        try:
            with tempfile.TemporaryDirectory() as folder:
                t = time.process_time()
                ingest([str(ARCHIVE)], os.path.join(folder, "s.duckdb"), limit=limit, quiet=True)
                return time.process_time() - t
        finally:
            for patch in off:
                patch.stop()

    print(f"warm-up (not counted): {one(False):.1f} s CPU", flush=True)
    spent = {True: 0.0, False: 0.0}
    for r in range(rounds):
        for detect in (True, False) if r % 2 == 0 else (False, True):
            seconds = one(detect)
            spent[detect] += seconds
            print(f"round {r} {'with' if detect else 'without'} duplicate detection: {seconds:.1f} s CPU", flush=True)
    print(f"CPU with / without = {spent[True]:.1f} / {spent[False]:.1f} = {spent[True] / spent[False]:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("count", help="copies in a corpus")
    c.add_argument("paths", nargs="+")
    c.add_argument("--pairs", type=int, default=0, help="print this many copies, drawn at random")
    k = sub.add_parser("cost", help="ingest CPU time with and without duplicate detection")
    k.add_argument("--limit", type=int, default=150)
    k.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    if args.what == "count":
        count(args.paths, args.pairs)
    else:
        if not ARCHIVE.exists():
            sys.exit(f"{ARCHIVE} not found")
        cost(args.limit, args.rounds)


if __name__ == "__main__":
    main()
