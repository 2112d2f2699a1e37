"""Corpus person identities against hand-built gold clusters: B-cubed precision/recall, merged people.

    .venv/bin/python benchmarks/identity.py                       # both corpora (stores built if missing)
    .venv/bin/python benchmarks/identity.py --corpus polnear --show
    .venv/bin/python benchmarks/identity.py --polnear-store polnear.duckdb --tt-store tt.duckdb

Gold: ``benchmarks/data/identity_gold.yaml`` -- people (families and namesakes sharing a surname or a
given name, spelling variants of one person) with the full-name spellings the texts use, and articles
where a bare surname names one of them, all written by reading the texts.

Items are (article, name) pairs: every name of a PERSON article actor (its canonical name and aliases)
that is one of a gold person's full names, and the bare surnames of the listed articles. An item's
predicted identity is the corpus identity its article actor gets from the corpus merge run now on the
store's article actors (`Store.corpus_identity`: the current rules, not the keys written at ingest).
A name merged into another person's actor inside one article counts against precision like a corpus merge.

Stores: PolNeAR (1,008 articles with their metadata) and the first 2,500 Tehran Times articles, built
with `presswork ingest --jobs 2` when the store file does not exist (a few minutes each).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
GOLD = REPO / "benchmarks" / "data" / "identity_gold.yaml"
POLNEAR = SHARED / "eval" / "polnear"
CORPORA = {
    "polnear": [str(POLNEAR / s / "text") for s in ("train", "dev", "test")]
    + ["--metadata", str(POLNEAR / "metadata.tsv")],
    "tehran_times": [str(SHARED / "corpora" / "tehran-times.tar.gz"), "--limit", "2500"],
}
TARGET_P, TARGET_R = 0.97, 0.90


def build_store(corpus: str, path: Path) -> None:
    print(f"building {path} ({corpus}) ...", file=sys.stderr)
    cmd = [str(REPO / ".venv" / "bin" / "presswork"), "ingest", *CORPORA[corpus], "--store", str(path),
           "--jobs", "2", "-q"]
    subprocess.run(cmd, check=True)


def items_of(store_path: Path, people: list[dict], stored: bool = False) -> list[tuple[str, str, str]]:
    """(item id, gold person, predicted identity) for every gold name found in the store."""
    from analysis.actors.names import name_key
    from analysis.corpus.store import Store

    by_name: dict[str, str] = {}
    for p in people:
        for n in p["names"]:
            key = name_key(n)
            assert by_name.setdefault(key, p["person"]) == p["person"], f"gold name {n!r} given to two people"
    bare: dict[tuple[str, str], str] = {}  # (file stem, surname key) -> person
    for p in people:
        for surname, stems in (p.get("surname_in") or {}).items():
            for stem in stems:
                bare[(stem, name_key(surname))] = p["person"]
    with Store(str(store_path), read_only=True) as store:
        if stored:  # the keys the store's own merge wrote (any presswork version: the "before" figures)
            links = {(d, a): k for d, a, k in store.con.execute(
                "SELECT doc_key, actor_id, actor_key FROM article_actors").fetchall()}
        else:
            links = {(d, a): c for d, a, c in store.corpus_identity().links()}
        rows = store.con.execute("SELECT doc_key, actor_id, name, aliases FROM article_actors "
                                 "WHERE type = 'PERSON'").fetchall()
    items: dict[tuple[str, str], tuple[str, str]] = {}
    for doc, aid, name, aliases in rows:
        stem = Path(doc.split(":")[-1]).stem
        pred = links.get((doc, aid))
        for alias in {name, *(aliases or [])}:
            key = name_key(alias)
            gold = by_name.get(key) or bare.get((stem, key)) or bare.get((stem, _without_address(key)))
            if gold and pred:
                items[(doc, key)] = (gold, pred)
    return [(f"{d}|{k}", g, p) for (d, k), (g, p) in sorted(items.items())]


def _without_address(key: str) -> str:
    """A name key without a leading form of address ("mrs may" -> "may"): a bare surname item either way."""
    words = key.split()
    return " ".join(words[1:]) if len(words) == 2 and words[0] in ("mr", "mrs", "ms", "miss") else key


def bcubed(items: list[tuple[str, str, str]]) -> tuple[float, float, list[tuple[str, str]]]:
    gold: dict[str, set[str]] = defaultdict(set)
    pred: dict[str, set[str]] = defaultdict(set)
    for i, g, p in items:
        gold[g].add(i)
        pred[p].add(i)
    precision = recall = 0.0
    for i, g, p in items:
        both = len(gold[g] & pred[p])
        precision += both / len(pred[p])
        recall += both / len(gold[g])
    n = max(len(items), 1)
    merged = set()
    for members in pred.values():
        people = sorted({g for i, g, p in items if i in members})
        merged |= set(combinations(people, 2))
    return precision / n, recall / n, sorted(merged)


def show_errors(corpus: str, items: list[tuple[str, str, str]], merged: list[tuple[str, str]]) -> None:
    """Print the gold people merged together and the gold people split over several identities."""
    for a, b in merged:
        print(f"  {corpus}: merged {a} + {b}")
    split: dict[str, set[str]] = defaultdict(set)
    for _, g, pr in items:
        split[g].add(pr)
    for g, ps in sorted(split.items()):
        if len(ps) > 1:
            print(f"  {corpus}: {g} split into {len(ps)} identities")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=["polnear", "tehran_times", "both"], default="both")
    ap.add_argument("--polnear-store", default="/tmp/presswork-identity-polnear.duckdb")
    ap.add_argument("--tt-store", default="/tmp/presswork-identity-tt.duckdb")
    ap.add_argument("--show", action="store_true", help="list merged pairs and split people")
    ap.add_argument("--stored-keys", action="store_true",
                    help="score the actor keys written in the store (e.g. by an older presswork) instead of "
                         "merging its article actors again with the current rules")
    args = ap.parse_args()
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    stores = {"polnear": Path(args.polnear_store), "tehran_times": Path(args.tt_store)}
    corpora = ["polnear", "tehran_times"] if args.corpus == "both" else [args.corpus]
    rows = []
    for corpus in corpora:
        if not stores[corpus].exists():
            build_store(corpus, stores[corpus])
        items = items_of(stores[corpus], gold[corpus], args.stored_keys)
        p, r, merged = bcubed(items)
        found = len({g for _, g, _ in items})
        rows.append((corpus, len(gold[corpus]), found, len(items), p, r, len(merged)))
        if args.show:
            show_errors(corpus, items, merged)
    print(f"{'corpus':14} {'gold people':>11} {'found':>6} {'items':>6} {'B3 P':>6} {'B3 R':>6} {'merged pairs':>12}")
    for corpus, n_gold, found, n, p, r, m in rows:
        flag = "" if p >= TARGET_P and r >= TARGET_R else "  (target P >= 0.97, R >= 0.90 missed)"
        print(f"{corpus:14} {n_gold:>11} {found:>6} {n:>6} {p:>6.3f} {r:>6.3f} {m:>12}{flag}")


if __name__ == "__main__":
    main()
