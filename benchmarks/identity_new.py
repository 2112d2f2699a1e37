"""Issue 23's gold on corpora nobody tuned on (Reuters ISOT sample, AllSides): person identities (B-cubed),
parties (one identity each, typed ORG), role descriptors as speakers, and gazetteer links by evidence.

    .venv/bin/python benchmarks/identity_new.py --reuters-store R.duckdb --allsides-store A.duckdb [--show]

Gold: ``benchmarks/data/identity_gold_new.yaml`` (people, parties) and
``benchmarks/data/role_descriptors_gold.yaml`` (who "the president", "the governor"... quoted in an article
is), written by hand before the code they score. Stores are built with `presswork ingest --jobs 2` (with the
corpus's metadata.tsv) when the file does not exist.

People: items and scoring as in ``benchmarks/identity.py`` (the corpus merge run now on the store's article
actors). Parties: the corpus identities that article actors named by any listed form link to (one is right).
Roles: each quote of the gold article whose speaker span is the descriptor ("The president" or "the
president"), right when its speaker's corpus identity carries the holder's name.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from identity import REPO, SHARED, bcubed, items_of, show_errors

GOLD = REPO / "benchmarks" / "data" / "identity_gold_new.yaml"
ROLE_GOLD = REPO / "benchmarks" / "data" / "role_descriptors_gold.yaml"
CORPORA = {name: SHARED / "corpora" / folder for name, folder in (("reuters", "reuters-isot"), ("allsides", "allsides"))}
TARGET_P, TARGET_R, TARGET_ROLES = 0.98, 0.95, 0.85


def build_store(corpus: str, path: Path) -> None:
    import subprocess

    print(f"building {path} ({corpus}) ...", file=sys.stderr)
    folder = CORPORA[corpus]
    subprocess.run([str(REPO / ".venv" / "bin" / "presswork"), "ingest", str(folder / "text"), "--metadata",
                    str(folder / "metadata.tsv"), "--store", str(path), "--jobs", "2", "-q"], check=True)


def party_identities(store_path: Path, parties: list[dict]) -> list[tuple[str, int, int, Counter]]:
    """(party, article actors found, corpus identities they link to, their types) per gold party."""
    from analysis.actors.names import name_key
    from analysis.corpus.store import Store

    with Store(str(store_path), read_only=True) as store:
        identity = store.corpus_identity()
        links = {(d, a): c for d, a, c in identity.links()}
        types = {c.id: c.type for c in identity.actors}
        rows = store.con.execute("SELECT doc_key, actor_id, name, aliases FROM article_actors").fetchall()
    out = []
    for p in parties:
        keys = {name_key(n) for n in p["names"]}
        found = [(d, a) for d, a, name, aliases in rows if {name_key(x) for x in [name, *(aliases or [])]} & keys]
        ids = Counter(links[f] for f in found if f in links)
        out.append((p["party"], len(found), len(ids), Counter(types[i] for i in ids)))
    return out


def role_results(store_path: Path, gold: list[dict], corpus: str) -> list[tuple[dict, str, bool]]:
    """(gold item, predicted speaker name or '', right) per quote whose speaker span is the descriptor."""
    from analysis.actors.names import compatible_names, name_key
    from analysis.corpus.store import Store

    wanted = [g for g in gold if g["article"].startswith("reuters" if corpus == "reuters" else "allsides")]
    with Store(str(store_path), read_only=True) as store:
        identity = store.corpus_identity()
        links = {(Path(d.split(":")[-1]).stem, a): c for d, a, c in identity.links()}
        actors = {c.id: c for c in identity.actors}
        rows = store.con.execute("SELECT doc_key, speaker_id, speaker_text, speaker_key, speaker FROM quotes").fetchall()
    by_doc = defaultdict(list)
    for doc, sid, stext, skey, speaker in rows:
        by_doc[Path(doc.split(":")[-1]).stem].append((sid, stext, skey, speaker))
    out = []
    for g in wanted:
        for sid, stext, skey, speaker in by_doc.get(g["article"], []):
            if name_key(stext or "") != name_key(g["descriptor"]):
                continue
            c = actors.get(links.get((g["article"], sid))) if sid else None
            if c is not None:
                names, got = {c.name, *c.aliases}, c.name
            else:  # no article actor: the corpus's answer for an open role descriptor (role_holders), if any
                names, got = ({speaker} if skey else set()), (speaker if skey else "")
            right = any(name_key(n) == name_key(g["holder"]) or compatible_names(n, g["holder"]) for n in names)
            out.append((g, got, right))
    return out


def evidence_counts(store_path: Path) -> Counter:
    """Gazetteer links of article actors by the evidence stored with them (`extra.gazetteer_evidence`)."""
    from analysis.corpus.store import Store

    with Store(str(store_path), read_only=True) as store:
        rows = store.con.execute("SELECT extra FROM article_actors WHERE gazetteer_id IS NOT NULL").fetchall()
    out = Counter()
    for (extra,) in rows:
        ev = (json.loads(extra) if extra else {}).get("gazetteer_evidence")
        out[ev or "none recorded"] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reuters-store", default="/tmp/presswork-identity-reuters.duckdb")
    ap.add_argument("--allsides-store", default="/tmp/presswork-identity-allsides.duckdb")
    ap.add_argument("--corpus", choices=["reuters", "allsides", "both"], default="both")
    ap.add_argument("--show", action="store_true", help="list merged pairs, split people, wrong roles")
    args = ap.parse_args()
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    roles_gold = yaml.safe_load(ROLE_GOLD.read_text(encoding="utf-8"))
    stores = {"reuters": Path(args.reuters_store), "allsides": Path(args.allsides_store)}
    corpora = ["reuters", "allsides"] if args.corpus == "both" else [args.corpus]
    for corpus in corpora:
        if not stores[corpus].exists():
            build_store(corpus, stores[corpus])
        items = items_of(stores[corpus], gold[corpus])
        p, r, merged = bcubed(items)
        found = len({g for _, g, _ in items})
        flag = "" if p >= TARGET_P and r >= TARGET_R else f"  (target P >= {TARGET_P}, R >= {TARGET_R} missed)"
        print(f"{corpus}: people {len(gold[corpus])} (found {found}), items {len(items)}, "
              f"B3 P {p:.3f} R {r:.3f}, merged pairs {len(merged)}{flag}")
        if args.show:
            show_errors(corpus, items, merged)
        for party, n, ids, types in party_identities(stores[corpus], gold["parties"]):
            if n:
                mark = "" if ids == 1 and set(types) == {"ORG"} else "   <-- not one ORG identity"
                print(f"  party {party:34} article actors {n:4}  identities {ids:2}  types {dict(types)}{mark}")
        results = role_results(stores[corpus], roles_gold, corpus)
        right = sum(ok for _, _, ok in results)
        asked = len({g["article"] for g in roles_gold if g["article"].startswith(corpus[:7])})
        print(f"  role descriptors: {right}/{len(results)} quotes right"
              f" ({right / max(len(results), 1):.3f}; {len({g['article'] for g, _, _ in results})} of {asked} "
              f"gold articles have such a quote)")
        if args.show:
            for g, name, ok in results:
                if not ok:
                    print(f"    wrong: {g['article']} {g['descriptor']!r} -> {name or 'nobody'} (gold {g['holder']})")
        print(f"  gazetteer links by evidence: {dict(evidence_counts(stores[corpus]))}")


if __name__ == "__main__":
    main()
