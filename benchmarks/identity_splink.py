"""Splink (probabilistic record linkage, DuckDB backend) on the same gold as benchmarks/identity.py.

    .venv/bin/pip install splink      # not a presswork dependency: this script only compares
    .venv/bin/python benchmarks/identity_splink.py --store /tmp/presswork-identity-polnear.duckdb --corpus polnear

Records: one per PERSON article actor with a full name (given name, middle initial, suffix and surname as
presswork's name rules split and transliterate them, and its roles). Model: Jaro-Winkler levels on given
name and surname with term-frequency adjustment (the "common surname" problem), exact middle initial and
suffix, roles; prior from exact (given, surname) pairs, u by random sampling, m by EM blocked on surname then
on given name; clusters at match probability 0.95. Scored like benchmarks/identity.py (full-name items).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True)
    ap.add_argument("--corpus", choices=["polnear", "tehran_times"], required=True)
    args = ap.parse_args()
    try:
        import splink.comparison_library as cl
        from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    except ImportError:
        sys.exit("splink is not installed (pip install splink): this comparison needs it")
    from identity import GOLD, bcubed

    from analysis.actors.names import name_key, name_parts, translit
    from analysis.corpus.store import Store

    with Store(args.store, read_only=True) as s:
        rows = s.con.execute("SELECT doc_key, actor_id, name, roles FROM article_actors WHERE type = 'PERSON'"
                             ).fetchall()
    recs = []
    for doc, aid, name, roles in rows:
        p = name_parts(name)
        if p.full:
            recs.append({"unique_id": f"{doc}|{aid}", "first_name": translit(p.given[0]),
                         "middle": p.given[1][:1] if len(p.given) > 1 else None, "suffix": p.suffix or None,
                         "surname": translit(p.surname), "role": " ".join(roles or [])[:60] or None, "name": name})
    df = pd.DataFrame(recs)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[cl.JaroWinklerAtThresholds("first_name", [0.92, 0.8]).configure(term_frequency_adjustments=True),
                     cl.ExactMatch("middle"), cl.ExactMatch("suffix"),
                     cl.JaroWinklerAtThresholds("surname", [0.95]).configure(term_frequency_adjustments=True),
                     cl.JaroWinklerAtThresholds("role", [0.8])],
        blocking_rules_to_generate_predictions=[block_on("surname")])
    started = time.time()
    linker = Linker(DuckDBAPI().register(df), settings)
    linker.training.estimate_probability_two_random_records_match([block_on("first_name", "surname")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name"))
    pred = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold_match_probability=0.95)
    clusters = clusters.as_pandas_dataframe()
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))[args.corpus]
    person = {name_key(n): p["person"] for p in gold for n in p["names"]}
    items = [(r.unique_id, person[name_key(r.name)], r.cluster_id) for r in clusters.itertuples()
             if name_key(r.name) in person]
    p, r, merged = bcubed(items)
    print(f"{args.corpus}: {len(df)} records, {len(items)} gold items, B3 P {p:.3f} R {r:.3f}, "
          f"merged pairs {len(merged)}, {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
