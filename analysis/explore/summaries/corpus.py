"""The corpus family: who appears, who is quoted, about what, when, where, in what tone."""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd

from analysis.actors.names import UNNAMED
from analysis.actors.types import GROUP_TYPES, MAIN_TYPES
from analysis.corpus.frames import CorpusFrames
from analysis.explore.summaries.labels import (
    KINDS,
    UNNAMED_GROUP,
    actor_labels,
    actor_types,
    fill_periods,
    period_start,
)

# ---------------------------------------------------------------- actors and speakers

def top_actors(frames: CorpusFrames, n: int = 20, types: tuple[str, ...] = MAIN_TYPES) -> pd.DataFrame:
    """Actors by the number of articles they appear in (then mentions): name, type, articles, mentions.

    By default people, organisations and states only (`views.MAIN_TYPES`); `types=()` keeps every type,
    `top_groups` the groups and nationalities."""
    ranking = frames.memo(("top_actors", tuple(types)), lambda: _rank_actors(frames, types))
    return ranking.head(n).reset_index(drop=True)


def _rank_actors(frames: CorpusFrames, types: tuple[str, ...]) -> pd.DataFrame:
    a = frames.article_actors.dropna(subset=["actor_key"])
    if types:
        a = a[a["type"].isin(types)]
    if a.empty:
        return pd.DataFrame(columns=["actor_key", "name", "type", "articles", "mentions"])
    g = a.groupby("actor_key").agg(articles=("doc_key", "nunique"), mentions=("n_mentions", "sum")).reset_index()
    labels, kinds = actor_labels(frames), actor_types(frames)
    g["name"] = g["actor_key"].map(labels)
    g["type"] = g["actor_key"].map(kinds)
    g = g.sort_values(["articles", "mentions", "name"], ascending=[False, False, True], kind="stable")
    return g[["actor_key", "name", "type", "articles", "mentions"]].reset_index(drop=True)


def top_groups(frames: CorpusFrames, n: int = 20) -> pd.DataFrame:
    """Groups and nationalities ("Republican", "Americans", NORP) by articles, kept out of the main views."""
    return top_actors(frames, n, types=GROUP_TYPES)


def share_of_voice(frames: CorpusFrames, n: int = 0) -> pd.DataFrame:
    """Quotes per speaker split by kind, with each speaker's share (%) of all quotes; n > 0 keeps the top n."""
    table = frames.memo(("share_of_voice",), lambda: _share_of_voice(frames))
    return (table.head(n) if n else table).reset_index(drop=True)


def _share_of_voice(frames: CorpusFrames) -> pd.DataFrame:
    """Named speakers first (most quoted first), then the unnamed sources by kind ("unnamed sources:
    officials", "... documents and statements", "... media reports"): column `group`."""
    q = frames.quotes.dropna(subset=["speaker_key"])
    cols = ["speaker_key", "speaker", *KINDS, "total", "share", "group"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    table = q.pivot_table(index="speaker_key", columns="kind", values="doc_key", aggfunc="count", fill_value=0)
    for kind in KINDS:
        if kind not in table:
            table[kind] = 0
    table = table[list(KINDS)].copy()
    table["total"] = table.sum(axis=1)
    table["share"] = (100.0 * table["total"] / len(q)).round(1)
    table = table.reset_index()
    table["speaker"] = table["speaker_key"].map(actor_labels(frames))
    table["group"] = table["speaker_key"].map(lambda k: UNNAMED_GROUP if k.startswith(UNNAMED) else "named")
    table["_unnamed"] = table["group"] == UNNAMED_GROUP
    table = table.sort_values(["_unnamed", "total", "speaker"], ascending=[True, False, True], kind="stable")
    return table[cols]


def actors_over_time(frames: CorpusFrames, n: int = 6, freq: str = "M", keys: list[str] | None = None) -> pd.DataFrame:
    """Articles per period (rows: period start) mentioning each of the top-n actors (columns: names)."""
    keys = keys if keys is not None else list(top_actors(frames, n)["actor_key"])
    a = frames.article_actors[frames.article_actors["actor_key"].isin(keys)].merge(
        frames.articles[["doc_key", "published"]], on="doc_key").dropna(subset=["published"])
    if a.empty:
        return pd.DataFrame()
    a["period"] = period_start(a["published"], freq)
    table = a.groupby(["period", "actor_key"])["doc_key"].nunique().unstack(fill_value=0)
    labels = actor_labels(frames)
    table = table[[k for k in keys if k in table.columns]].rename(columns=labels)
    return fill_periods(table, freq)


def themes_over_time(frames: CorpusFrames, n: int = 6, freq: str = "M") -> pd.DataFrame:
    """Articles per period scoring each of the top-n themes (columns: theme labels)."""
    t = frames.themes.merge(frames.articles[["doc_key", "published"]], on="doc_key").dropna(subset=["published"])
    if t.empty:
        return pd.DataFrame()
    top = list(top_themes(frames, n)["label"])
    t = t[t["label"].isin(top)].copy()
    t["period"] = period_start(t["published"], freq)
    table = t.groupby(["period", "label"])["doc_key"].nunique().unstack(fill_value=0)
    return fill_periods(table[[c for c in top if c in table.columns]], freq)


def top_themes(frames: CorpusFrames, n: int = 10) -> pd.DataFrame:
    """Themes by number of articles scoring them, with mean score: theme, label, articles, mean_score."""
    t = frames.themes
    if t.empty:
        return pd.DataFrame(columns=["theme", "label", "articles", "mean_score"])
    g = t.groupby(["theme", "label"]).agg(articles=("doc_key", "nunique"), mean_score=("score", "mean")).reset_index()
    g["mean_score"] = g["mean_score"].round(2)
    return g.sort_values(["articles", "mean_score"], ascending=False).head(n).reset_index(drop=True)


def actors_by_source(frames: CorpusFrames, n: int = 8, sources: int = 6) -> pd.DataFrame:
    """Articles mentioning each top-n actor (rows: names) per source (columns; the rest as "other")."""
    keys = list(top_actors(frames, n)["actor_key"])
    a = frames.article_actors[frames.article_actors["actor_key"].isin(keys)].merge(frames.articles[["doc_key", "source"]], on="doc_key")
    if a.empty:
        return pd.DataFrame()
    a["source"] = _fold_sources(a["source"], frames, sources)
    table = a.groupby(["actor_key", "source"])["doc_key"].nunique().unstack(fill_value=0)
    labels = actor_labels(frames)
    return table.reindex(keys).fillna(0).astype(int).rename(index=labels)


def themes_by_source(frames: CorpusFrames, n: int = 8, sources: int = 6, share: bool = True) -> pd.DataFrame:
    """Per source (columns), the share (%) of its articles scoring each top-n theme (rows: labels)."""
    top = list(top_themes(frames, n)["label"])
    t = frames.themes[frames.themes["label"].isin(top)].merge(frames.articles[["doc_key", "source"]], on="doc_key")
    if t.empty:
        return pd.DataFrame()
    folded = _fold_sources(frames.articles["source"], frames, sources)
    t["source"] = _fold_sources(t["source"], frames, sources)
    table = t.groupby(["label", "source"])["doc_key"].nunique().unstack(fill_value=0).reindex(top).fillna(0)
    per_source = folded.value_counts().reindex(table.columns)
    if share:
        table = (100.0 * table / per_source.values).round(1)
    # "AFP (2)": a share of a two-article source is read with care
    return table.rename(columns={c: f"{c} ({per_source[c]})" for c in table.columns})


def _fold_sources(values: pd.Series, frames: CorpusFrames, keep: int) -> pd.Series:
    """Source names with missing ones as "(unknown)" and all but the `keep` largest as "other"."""
    counts = frames.articles["source"].fillna("(unknown)").value_counts()
    top = set(counts.index[:keep])
    return values.fillna("(unknown)").map(lambda s: s if s in top else "other")


# ---------------------------------------------------------------- who talks about what

def actor_theme_matrix(frames: CorpusFrames, n_actors: int = 12, n_themes: int = 10,
                       mode: str = "quoted") -> pd.DataFrame:
    """Actors (rows) × themes (columns).

    mode="quoted": quotes by the speaker tagged with the theme ("who talks about what");
    mode="mentioned": articles in which the actor appears and the theme scores.
    """
    if mode == "quoted":
        q = frames.quotes.dropna(subset=["speaker_key"]).explode("themes").dropna(subset=["themes"])
        if q.empty:
            return pd.DataFrame()
        keys = list(share_of_voice(frames, n_actors)["speaker_key"])
        theme_labels = dict(zip(frames.themes["theme"], frames.themes["label"]))
        q = q[q["speaker_key"].isin(keys)]
        table = q.groupby(["speaker_key", "themes"]).size().unstack(fill_value=0)
        table = table.rename(columns=lambda t: theme_labels.get(t, t))
    elif mode == "mentioned":
        keys = list(top_actors(frames, n_actors)["actor_key"])
        pairs = frames.article_actors[frames.article_actors["actor_key"].isin(keys)][["doc_key", "actor_key"]].drop_duplicates()
        pairs = pairs.merge(frames.themes[["doc_key", "label"]], on="doc_key")
        if pairs.empty:
            return pd.DataFrame()
        table = pairs.groupby(["actor_key", "label"])["doc_key"].nunique().unstack(fill_value=0)
    else:
        raise ValueError(f"mode must be 'quoted' or 'mentioned', not {mode!r}")
    cols = table.sum().sort_values(ascending=False).index[:n_themes]
    table = table.reindex(index=[k for k in keys if k in table.index], columns=cols).fillna(0).astype(int)
    return table.rename(index=actor_labels(frames))


def cooccurrence_graph(frames: CorpusFrames, n: int = 20, min_weight: int = 1,
                       types: tuple[str, ...] = MAIN_TYPES) -> nx.Graph:
    """Top-n actors as nodes (weight: articles), linked when they appear in the same article
    (edge weight: how many articles). Uses the `cooccurrence` rows where the pipeline provides them."""
    top = top_actors(frames, n, types=types)
    keys = set(top["actor_key"])
    g = nx.Graph()
    for row in top.itertuples():
        g.add_node(row.actor_key, label=row.name, type=row.type, weight=int(row.articles))
    weights = _cooccurrence_weights(frames, keys)
    for (a, b), w in sorted(weights.items()):
        if w >= min_weight:
            g.add_edge(a, b, weight=w)
    return g


def _cooccurrence_weights(frames: CorpusFrames, keys: set[str]) -> dict[tuple[str, str], int]:
    """(a, b) with a < b -> articles in which the two keys appear together (counted over whole columns)."""
    c = frames.cooccurrence.dropna(subset=["a_key", "b_key"])
    if not c.empty:
        c = c[c["a_key"].isin(keys) & c["b_key"].isin(keys) & (c["a_key"] != c["b_key"])]
        a, b = c["a_key"].to_numpy(dtype=object), c["b_key"].to_numpy(dtype=object)
        lo = [min(x, y) for x, y in zip(a, b)]
        hi = [max(x, y) for x, y in zip(a, b)]
        pairs = pd.DataFrame({"a": lo, "b": hi, "doc_key": c["doc_key"].to_numpy()}).drop_duplicates()
        sizes = pairs.groupby(["a", "b"]).size()
        return {(x, y): int(w) for (x, y), w in sizes.items()}
    weights: dict[tuple[str, str], int] = {}
    docs = frames.article_actors[frames.article_actors["actor_key"].isin(keys)].groupby("doc_key")["actor_key"].agg(
        lambda s: sorted(set(s)))
    for members in docs:
        for a, b in itertools.combinations(members, 2):
            weights[(a, b)] = weights.get((a, b), 0) + 1
    return weights


def tone_by_actor(frames: CorpusFrames, n: int = 15) -> pd.DataFrame:
    """Mean tone (VADER compound, -1..1) of the articles mentioning each top actor and of their quotes, each
    beside its n (`articles`, `quotes`): a mean of two quotes is shown as such (see `tables.means_table`)."""
    top = top_actors(frames, n)
    if top.empty:
        return pd.DataFrame(columns=["name", "articles", "article_tone", "quotes", "quote_tone"])
    a = frames.article_actors[frames.article_actors["actor_key"].isin(top["actor_key"])][["doc_key", "actor_key"]].drop_duplicates()
    a = a.merge(frames.articles[["doc_key", "tone_compound"]], on="doc_key")
    art = a.groupby("actor_key")["tone_compound"].mean()
    q = frames.quotes[frames.quotes["speaker_key"].isin(top["actor_key"])]
    qt = q.groupby("speaker_key")["tone"].agg(["count", "mean"])
    out = top[["actor_key", "name", "articles"]].copy()
    out["article_tone"] = out["actor_key"].map(art).round(3)
    out["quotes"] = out["actor_key"].map(qt["count"]).fillna(0).astype(int)
    out["quote_tone"] = out["actor_key"].map(qt["mean"]).round(3)
    return out.drop(columns="actor_key")
