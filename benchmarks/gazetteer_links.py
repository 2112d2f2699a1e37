"""Every gazetteer link of a store, checked link by link (issue 23): entity, evidence, the entry's country
and the article's countries; counts of links without evidence and of foreign links.

    .venv/bin/python benchmarks/gazetteer_links.py STORE [STORE ...] [--list] [--foreign]

A link is **foreign** when the entry belongs to a country that does not fit the article and the article does
not name it: the entry has a country, the evidence is not a name of the entry's own -- "full name", "own
name" (a body's one-word name, no alias or acronym: "Twitter" in a French article is still Twitter), "place
name" (a place is what it says) --, and that country is none of the article's
countries -- its dateline's, its outlet's (``analysis/data/outlets.yaml``) or one its place and group
mentions name at least twice (``analysis.actors.evidence.article_context``, recomputed here from the stored
article actors), nor the country the article's other linked names point to ("party context"). A link
**without evidence** is one stored with none ("none recorded": a store analysed before links needed
evidence; "unchecked": analysed without the article's facts).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

# evidence that names the entry itself: its full name, a body's own one-word name ("Twitter", "Reuters": no
# alias, no acronym), a place's name
NAME_EVIDENCE = ("full name", "own name", "place name")


def links_of(store_path: Path) -> list[dict]:
    """One row per linked article actor: article, entity, evidence, entry country, article countries, foreign."""
    from analysis.actors.evidence import ArticleFacts, article_context
    from analysis.actors.gazetteer import load_gazetteer
    from analysis.corpus.store import Store

    gaz = load_gazetteer()
    with Store(str(store_path), read_only=True) as store:
        articles = {d: (src, pub, dl, text) for d, src, pub, dl, text in store.con.execute(
            "SELECT doc_key, source, publisher, dateline_location, text FROM articles").fetchall()}
        rows = store.con.execute("""SELECT doc_key, name, type, gazetteer_id, n_mentions,
                                    json_extract_string(extra, '$.gazetteer_evidence')
                                    FROM article_actors ORDER BY doc_key, actor_id""").fetchall()
    countries: dict[str, tuple[str, ...]] = {}
    out = []
    for doc, name, typ, gid, n, evidence in rows:
        if not gid:
            continue
        if doc not in countries:
            src, pub, dl, text = articles.get(doc, (None, None, None, ""))
            countries[doc] = article_context(gaz, ArticleFacts((src or "", pub or "", doc), dl),
                                             _country_words(gaz, text or "")).countries
        entry = gaz.by_id.get(gid)
        country = entry.country if entry is not None else None
        why = evidence or "none recorded"
        fits = (country is None or country in countries[doc] or why in NAME_EVIDENCE
                or why.startswith("party context"))
        out.append({"article": Path(doc.split("!")[-1]).name, "entity": gid, "type": typ, "mentions": n,
                    "evidence": why, "country": country, "article_countries": list(countries[doc]),
                    "foreign": not fits})
    return out


def _country_words(gaz, text: str) -> list[tuple[str, None]]:
    """Each naming of a country in `text` -- its name, an alias or a demonym, one to three words ("U.S.",
    "Iranian", "United Kingdom") -- counted from the text itself: the stored actors leave out the country
    words the entity layer did not keep as actors ("U.S. ads")."""
    words = re.findall(r"[A-Z][\w.’'-]*", text)
    found = []
    k = 0
    while k < len(words):
        for size in (3, 2, 1):
            phrase = " ".join(words[k:k + size])
            if len(words[k:k + size]) == size and gaz.country_of_word(phrase.rstrip(".") if size > 1 else phrase):
                found.append((phrase, None))
                k += size - 1
                break
        k += 1
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stores", nargs="+", type=Path)
    ap.add_argument("--list", action="store_true", help="print every link (JSON Lines)")
    ap.add_argument("--foreign", action="store_true", help="print the foreign links and the unsupported ones")
    args = ap.parse_args()
    for path in args.stores:
        links = links_of(path)
        if args.list:
            for link in links:
                print(json.dumps(link, ensure_ascii=False))
        without = [x for x in links if x["evidence"] in ("none recorded", "unchecked")]
        foreign = [x for x in links if x["foreign"]]
        by_evidence = Counter(x["evidence"].split(" ")[0] if x["evidence"].startswith("country") else x["evidence"]
                              for x in links)
        print(f"{path.name}: {len(links)} gazetteer links in {len({x['article'] for x in links})} articles; "
              f"without evidence {len(without)}; foreign {len(foreign)}; by evidence {dict(by_evidence.most_common())}")
        if args.foreign:
            for x in foreign + without:
                print(f"  {x['article']}: {x['entity']} [{x['type']}] x{x['mentions']} evidence {x['evidence']!r}, "
                      f"entry country {x['country']}, article countries {x['article_countries']}")


if __name__ == "__main__":
    main()
