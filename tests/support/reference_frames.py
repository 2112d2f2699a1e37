"""The row-by-row pandas implementation of the store frames and actor unification, frozen as it was before
the fast path (commit 5478654), so tests can check the fast path gives identical tables. Since issue 13 it
keys unnamed sources by kind and keeps two corpus people apart in the display unification, as the fast
path does."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd

from analysis.actors.names import name_key as _normalise
from analysis.actors.names import unnamed_kind
from analysis.corpus.frames import COLUMNS, CorpusFrames, _frame


def frames_from_store(path: str | Path) -> CorpusFrames:
    from analysis.corpus.query import Corpus

    with Corpus.open(path) as corpus:
        tables = {"articles": corpus.articles(), "article_actors": corpus.article_actors(), "quotes": corpus.quotes(),
                  "themes": corpus.themes(), "cooccurrence": corpus.cooccurrence()}
    out = {}
    for name, df in tables.items():
        df = df.reindex(columns=COLUMNS[name])
        out[name] = _frame(name, df.to_dict("records"))
    q = out["quotes"]
    for i in q.index[q["speaker_key"].isna() & q["speaker"].notna()]:
        kind = q.at[i, "speaker_type"]
        if kind in ("unnamed", "nominal"):
            q.at[i, "speaker_key"] = "U:" + unnamed_kind(q.at[i, "speaker"])
        elif kind == "pronoun":
            q.at[i, "speaker_key"] = "U:unresolved pronouns"
        else:
            q.at[i, "speaker_key"] = "Q:" + _normalise(q.at[i, "speaker"])
    for name, col in (("article_actors", "roles"), ("article_actors", "aliases"), ("quotes", "themes")):
        out[name][col] = out[name][col].map(lambda v: [] if v is None or isinstance(v, float) else list(v))
    return CorpusFrames(**out)


def unify_actor_keys(frames: CorpusFrames) -> CorpusFrames:
    actors, quotes = frames.article_actors.copy(), frames.quotes.copy()
    full = actors[(actors["type"] == "PERSON") & actors["name"].fillna("").str.contains(" ")]
    surname = full.assign(last=full["name"].map(lambda n: _normalise(n).split(" ")[-1]))
    by_doc = surname.groupby(["doc_key", "last"])["actor_key"].agg(lambda s: sorted(set(s)))
    unique = {k: v[0] for k, v in by_doc.items() if len(v) == 1}

    def remap(df: pd.DataFrame, key_col: str, name_col: str) -> None:
        names = df[name_col].fillna("").map(_normalise)
        single = ~names.str.contains(" ") & (names != "")
        for i in df.index[single]:
            target = unique.get((df.at[i, "doc_key"], names[i]))
            if target:
                df.at[i, key_col] = target

    remap(actors, "actor_key", "name")
    remap(quotes, "speaker_key", "speaker")
    pairs = pd.concat([actors[["actor_key", "name"]],
                       quotes[["speaker_key", "speaker"]].set_axis(["actor_key", "name"], axis=1)]).dropna()
    pairs = pairs[~pairs["actor_key"].str.startswith("U:")]  # an unnamed group is no name (fixed 2026-12-03)
    pairs["norm"] = pairs["name"].map(_normalise)
    counts = pairs.groupby(["norm", "actor_key"]).size().reset_index(name="n")
    best = counts.sort_values("n", ascending=False).drop_duplicates("norm").set_index("norm")["actor_key"]
    main = pairs.groupby("actor_key")["norm"].agg(lambda s: s.value_counts().index[0])
    people = set(actors.loc[actors["type"] == "PERSON", "actor_key"].dropna())
    rename = {k: best[n] for k, n in main.items() if best[n] != k and not (k in people and best[n] in people)}
    actors["actor_key"] = actors["actor_key"].replace(rename)
    quotes["speaker_key"] = quotes["speaker_key"].replace(rename)
    c = frames.cooccurrence.copy()
    c["a_key"], c["b_key"] = c["a_key"].replace(rename), c["b_key"].replace(rename)
    return CorpusFrames(frames.articles, actors, quotes, frames.themes, c)


def actor_types(frames: CorpusFrames) -> dict[str, str]:
    a = frames.article_actors.dropna(subset=["actor_key"])
    return a.groupby("actor_key")["type"].agg(lambda s: s.mode().iat[0] if not s.mode().empty else "").to_dict()


def cooccurrence_edges(frames: CorpusFrames, keys: set[str]) -> dict[tuple[str, str], int]:
    """The edge weights `summaries.cooccurrence_graph` computed (before the fast path) among `keys`."""
    weights: dict[tuple[str, str], int] = {}
    c = frames.cooccurrence.dropna(subset=["a_key", "b_key"])
    if not c.empty:
        pairs = (tuple(sorted((r.a_key, r.b_key))) + (r.doc_key,) for r in c.itertuples())
        seen = {p for p in pairs if p[0] in keys and p[1] in keys and p[0] != p[1]}
        for a, b, _ in seen:
            weights[(a, b)] = weights.get((a, b), 0) + 1
    else:
        docs = frames.article_actors[frames.article_actors["actor_key"].isin(keys)].groupby("doc_key")["actor_key"].agg(
            lambda s: sorted(set(s)))
        for members in docs:
            for a, b in itertools.combinations(members, 2):
                weights[(a, b)] = weights.get((a, b), 0) + 1
    return weights



