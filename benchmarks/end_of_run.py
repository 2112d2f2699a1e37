"""The steps an ingest runs after the last article, timed on an existing store: the corpus identity merge,
then the keys (near-duplicates, speaker keys, unified identities), the actor table and the speech tables
(who speaks about whom, quote trails).

    .venv/bin/python benchmarks/end_of_run.py tt.duckdb      # a copy: the steps rewrite the store's keys

Prints wall and CPU seconds per step and the process's peak RSS so far (the main process of an ingest
does this work alone: the workers have exited).
"""

from __future__ import annotations

import argparse
import resource
import time

from analysis.corpus.store import Store
from analysis.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", help="a presswork store (it is rewritten: give a copy)")
    args = parser.parse_args()
    store = Store(args.store, memory_limit=Settings.from_env().store_memory)
    # as `analysis.ingest.run.ingest` ends a run that changed anything: finish_keys marks near-duplicates,
    # decides speaker keys and unified identities, and rebuilds the actor table and the speech tables
    steps = [("merge_corpus_actors", lambda: store.merge_corpus_actors(None, None)),
             ("finish_keys", lambda: store.finish_keys(0))]
    for name, step in steps:
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name:20s} {time.perf_counter() - wall:7.1f} s wall {time.process_time() - cpu:7.1f} s CPU"
              f"   peak RSS so far {peak:,.0f} MB", flush=True)
    store.close()


if __name__ == "__main__":
    main()
