"""Corpus-level tables over `CorpusFrames`: who appears, who is quoted, about what, when, where, in what tone.

Every function takes frames (from records or from the store) and returns a small DataFrame (or a networkx
graph) that a chart in `analysis.explore.charts` draws. Actors are counted by corpus identity (`actor_key`) and
shown by their most frequent name.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from analysis.actors.names import UNNAMED
from analysis.corpus.filters import Filters
from analysis.corpus.frames import CorpusFrames
from analysis.explore.views import ACTOR_TYPES, GROUP_TYPES

KINDS = ("direct", "indirect", "mixed", "headline")
UNNAMED_GROUP = "unnamed sources"


# ---------------------------------------------------------------- labels and filters

def actor_labels(frames: CorpusFrames) -> dict[str, str]:
    """actor_key -> display name: the actor name used most often (ties: the longest); speakers with no
    actor row are shown by the name they are quoted under."""
    return dict(frames.memo(("labels",), lambda: _actor_labels(frames)))


def _actor_labels(frames: CorpusFrames) -> dict[str, str]:
    names = pd.concat([
        frames.actors[["actor_key", "name"]].assign(actor=1),
        frames.quotes[["speaker_key", "speaker"]].set_axis(["actor_key", "name"], axis=1).assign(actor=0),
    ]).dropna()
    if names.empty:
        return {}
    # speakers' names only count where the key has no actor row
    counts = names.groupby(["actor_key", "name"]).agg(actor=("actor", "max"), n=("actor", "sum"),
                                                       quoted=("actor", "size")).reset_index()
    counts["len"] = counts["name"].str.len()
    best = counts.sort_values(["actor", "n", "len", "quoted"], ascending=False).drop_duplicates("actor_key")
    labels = dict(zip(best["actor_key"], best["name"]))
    for key in labels:
        if key.startswith(UNNAMED):  # a group of unnamed sources, not one of its phrasings
            labels[key] = f"unnamed sources: {key[len(UNNAMED):]}"
    return labels


def actor_types(frames: CorpusFrames) -> dict[str, str]:
    """actor_key -> its most frequent type (ties: the first in sort order, as ``Series.mode`` gives);
    "" when no row of the key has a type. Counted at once, not key by key."""
    return dict(frames.memo(("types",), lambda: _actor_types(frames)))


def _actor_types(frames: CorpusFrames) -> dict[str, str]:
    a = frames.actors.dropna(subset=["actor_key"])
    typed = a.dropna(subset=["type"])
    counts = typed.groupby(["actor_key", "type"]).size().reset_index(name="n")
    counts = counts[counts["n"] == counts.groupby("actor_key")["n"].transform("max")]
    first = counts.sort_values(["actor_key", "type"]).drop_duplicates("actor_key")
    out = dict.fromkeys(sorted(a["actor_key"].unique()), "")
    out.update(zip(first["actor_key"], first["type"]))
    return out


def filter_frames(frames: CorpusFrames, start: str = "", end: str = "", sources: list[str] | str = "",
                  theme: str = "", actor: str = "") -> CorpusFrames:
    """Articles published in [start, end], from `sources`, scoring `theme` and mentioning or quoting `actor`:
    the filters of `analysis.corpus.filters`, as the notebooks' parameters name them."""
    return frames.filter(Filters(start or None, end or None, sources or None, theme or None, actor or None))


def corpus_overview(frames: CorpusFrames) -> pd.DataFrame:
    """Counts at a glance: articles, sources, date range, actors, quotes."""
    a = frames.articles
    dated = a["published"].dropna()
    rows = [("articles", len(a)), ("sources", a["source"].nunique()),
            ("dated articles", len(dated)),
            ("first date", dated.min().date().isoformat() if len(dated) else "–"),
            ("last date", dated.max().date().isoformat() if len(dated) else "–"),
            ("distinct actors", frames.actors["actor_key"].nunique()), ("quotes", len(frames.quotes)),
            ("distinct speakers", frames.quotes["speaker_key"].nunique())]
    return pd.DataFrame(rows, columns=["measure", "value"])


# ---------------------------------------------------------------- actors and speakers

def top_actors(frames: CorpusFrames, n: int = 20, types: tuple[str, ...] = ACTOR_TYPES) -> pd.DataFrame:
    """Actors by the number of articles they appear in (then mentions): name, type, articles, mentions.

    By default people, organisations and states only (`views.ACTOR_TYPES`); `types=()` keeps every type,
    `top_groups` the groups and nationalities."""
    ranking = frames.memo(("top_actors", tuple(types)), lambda: _rank_actors(frames, types))
    return ranking.head(n).reset_index(drop=True)


def _rank_actors(frames: CorpusFrames, types: tuple[str, ...]) -> pd.DataFrame:
    a = frames.actors.dropna(subset=["actor_key"])
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


def _period(published: pd.Series, freq: str) -> pd.Series:
    return published.dt.to_period(freq).dt.start_time


def actors_over_time(frames: CorpusFrames, n: int = 6, freq: str = "M", keys: list[str] | None = None) -> pd.DataFrame:
    """Articles per period (rows: period start) mentioning each of the top-n actors (columns: names)."""
    keys = keys if keys is not None else list(top_actors(frames, n)["actor_key"])
    a = frames.actors[frames.actors["actor_key"].isin(keys)].merge(
        frames.articles[["doc_key", "published"]], on="doc_key").dropna(subset=["published"])
    if a.empty:
        return pd.DataFrame()
    a["period"] = _period(a["published"], freq)
    table = a.groupby(["period", "actor_key"])["doc_key"].nunique().unstack(fill_value=0)
    labels = actor_labels(frames)
    table = table[[k for k in keys if k in table.columns]].rename(columns=labels)
    return _fill_periods(table, freq)


def themes_over_time(frames: CorpusFrames, n: int = 6, freq: str = "M") -> pd.DataFrame:
    """Articles per period scoring each of the top-n themes (columns: theme labels)."""
    t = frames.themes.merge(frames.articles[["doc_key", "published"]], on="doc_key").dropna(subset=["published"])
    if t.empty:
        return pd.DataFrame()
    top = list(top_themes(frames, n)["label"])
    t = t[t["label"].isin(top)].copy()
    t["period"] = _period(t["published"], freq)
    table = t.groupby(["period", "label"])["doc_key"].nunique().unstack(fill_value=0)
    return _fill_periods(table[[c for c in top if c in table.columns]], freq)


def _fill_periods(table: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Every period between the first and the last, zero where nothing was published (gaps stay visible)."""
    if table.empty:
        return table
    full = pd.period_range(table.index.min(), table.index.max(), freq=freq).start_time
    table = table.reindex(full, fill_value=0)
    table.index.name = "period"
    return table


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
    a = frames.actors[frames.actors["actor_key"].isin(keys)].merge(frames.articles[["doc_key", "source"]], on="doc_key")
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
        pairs = frames.actors[frames.actors["actor_key"].isin(keys)][["doc_key", "actor_key"]].drop_duplicates()
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
                       types: tuple[str, ...] = ACTOR_TYPES) -> nx.Graph:
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
    docs = frames.actors[frames.actors["actor_key"].isin(keys)].groupby("doc_key")["actor_key"].agg(
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
    a = frames.actors[frames.actors["actor_key"].isin(top["actor_key"])][["doc_key", "actor_key"]].drop_duplicates()
    a = a.merge(frames.articles[["doc_key", "tone_compound"]], on="doc_key")
    art = a.groupby("actor_key")["tone_compound"].mean()
    q = frames.quotes[frames.quotes["speaker_key"].isin(top["actor_key"])]
    qt = q.groupby("speaker_key")["tone"].agg(["count", "mean"])
    out = top[["actor_key", "name", "articles"]].copy()
    out["article_tone"] = out["actor_key"].map(art).round(3)
    out["quotes"] = out["actor_key"].map(qt["count"]).fillna(0).astype(int)
    out["quote_tone"] = out["actor_key"].map(qt["mean"]).round(3)
    return out.drop(columns="actor_key")


# ---------------------------------------------------------------- one actor

@dataclass
class ActorProfile:
    query: str
    keys: set[str]
    name: str
    frames: CorpusFrames  # the articles that mention or quote the actor


def actor_profile(frames: CorpusFrames, query: str) -> ActorProfile:
    """The actor's identities and the sub-corpus of articles that mention or quote them."""
    keys = frames.actor_keys(query)
    sub = filter_frames(frames, actor=query) if keys else frames.subset([])
    labels = actor_labels(frames)
    counts = frames.actors[frames.actors["actor_key"].isin(keys)]["actor_key"].value_counts()
    name = labels.get(counts.index[0], query) if len(counts) else query
    return ActorProfile(query, keys, name, sub)


def actor_heading_html(profile: ActorProfile, frames: CorpusFrames) -> str:
    """The profile's name, what the query matched, and how many of the corpus's articles it covers (escaped)."""
    import html

    e = html.escape
    labels = actor_labels(frames)
    counts = frames.actors[frames.actors["actor_key"].isin(profile.keys)]["actor_key"].value_counts()
    names = list(dict.fromkeys(labels.get(k, k) for k in [*counts.index, *sorted(profile.keys)]))
    # the names most used first; a long tail of one-off spellings would bury the page
    matched = ", ".join(names[:8]) + (f" and {len(names) - 8:,} more" if len(names) > 8 else "")
    return (f"<h2>{e(profile.name)}</h2><p>Matched {e(repr(profile.query))} as: "
            f"{e(matched or 'nothing in this selection')}"
            f" · <b>{len(profile.frames):,}</b> of {len(frames):,} articles</p>")


def actor_mentions_over_time(profile: ActorProfile, freq: str = "M") -> pd.DataFrame:
    """Per period: articles mentioning the actor and quotes by them."""
    f = profile.frames
    a = f.actors[f.actors["actor_key"].isin(profile.keys)].merge(f.articles[["doc_key", "published"]], on="doc_key")
    q = f.quotes[f.quotes["speaker_key"].isin(profile.keys)].merge(f.articles[["doc_key", "published"]], on="doc_key")
    a, q = a.dropna(subset=["published"]), q.dropna(subset=["published"])
    if a.empty and q.empty:
        return pd.DataFrame()
    articles = a.groupby(_period(a["published"], freq))["doc_key"].nunique().rename("articles")
    quotes = q.groupby(_period(q["published"], freq)).size().rename("quotes")
    table = pd.concat([articles, quotes], axis=1).fillna(0).astype(int)
    return _fill_periods(table.sort_index(), freq)


def actor_roles(profile: ActorProfile) -> pd.DataFrame:
    """Roles the articles give the actor, with how many articles give each."""
    a = profile.frames.actors[profile.frames.actors["actor_key"].isin(profile.keys)][["doc_key", "roles"]]
    r = a.explode("roles").dropna(subset=["roles"])
    if r.empty:
        return pd.DataFrame(columns=["role", "articles"])
    g = r.groupby("roles")["doc_key"].nunique().sort_values(ascending=False)
    return g.rename_axis("role").reset_index(name="articles")


def actor_quotes(profile: ActorProfile) -> pd.DataFrame:
    """Every quote by the actor with the article it comes from (headline, date, source, link)."""
    f = profile.frames
    q = f.quotes[f.quotes["speaker_key"].isin(profile.keys)]
    q = q.merge(f.articles[["doc_key", "headline", "published", "source", "url", "path"]], on="doc_key")
    q["link"] = q["url"].fillna(q["path"])
    q = q.sort_values(["published", "doc_key", "start_char"], na_position="last")
    return q[["published", "source", "headline", "kind", "cue", "text", "link", "start_char"]].reset_index(drop=True)


def actor_themes(profile: ActorProfile, n: int = 10) -> pd.DataFrame:
    """Themes the actor speaks about (quotes tagged) and is mentioned with (articles scoring the theme)."""
    f = profile.frames
    labels = dict(zip(f.themes["theme"], f.themes["label"]))
    q = f.quotes[f.quotes["speaker_key"].isin(profile.keys)].explode("themes").dropna(subset=["themes"])
    speaks = q["themes"].map(lambda t: labels.get(t, t)).value_counts().rename("quotes")
    mentioned = f.themes.groupby("label")["doc_key"].nunique().rename("articles")
    table = pd.concat([speaks, mentioned], axis=1).fillna(0).astype(int)
    table = table.sort_values(["quotes", "articles"], ascending=False).head(n)
    return table.rename_axis("theme").reset_index()


def actor_neighbours(profile: ActorProfile, n: int = 12, types: tuple[str, ...] = ACTOR_TYPES) -> pd.DataFrame:
    """The actors (people, organisations and states unless `types` says otherwise; `()`: all) appearing in
    the most articles alongside the actor."""
    f = profile.frames
    others = f.actors[~f.actors["actor_key"].isin(profile.keys)]
    if types:
        kinds = actor_types(f)
        others = others[others["actor_key"].map(kinds).isin(types)]
    if others.empty:
        return pd.DataFrame(columns=["name", "type", "articles"])
    g = others.groupby("actor_key")["doc_key"].nunique().sort_values(ascending=False).head(n)
    labels, kinds = actor_labels(f), actor_types(f)
    return pd.DataFrame({"name": [labels.get(k, k) for k in g.index], "type": [kinds.get(k, "") for k in g.index],
                         "articles": g.values})


def actor_by_source(profile: ActorProfile) -> pd.DataFrame:
    """How each source covers the actor: articles, mentions, quotes, mean article tone."""
    f = profile.frames
    arts = f.articles.assign(source=f.articles["source"].fillna("(unknown)"))
    a = f.actors[f.actors["actor_key"].isin(profile.keys)].merge(arts[["doc_key", "source"]], on="doc_key")
    q = f.quotes[f.quotes["speaker_key"].isin(profile.keys)].merge(arts[["doc_key", "source"]], on="doc_key")
    table = pd.DataFrame({
        "articles": arts.groupby("source")["doc_key"].nunique(),
        "mentions": a.groupby("source")["n_mentions"].sum(),
        "quotes": q.groupby("source").size(),
        "tone": arts.groupby("source")["tone_compound"].mean().round(3),
    })
    table[["articles", "mentions", "quotes"]] = table[["articles", "mentions", "quotes"]].fillna(0).astype(int)
    return table.sort_values("articles", ascending=False).rename_axis("source").reset_index()


# ---------------------------------------------------------------- two groups side by side

def split_groups(frames: CorpusFrames, by: str, a: str, b: str) -> dict[str, CorpusFrames]:
    """Two sub-corpora: by="source" (a, b are source names) or by="period" (a, b are "START..END" ISO ranges)."""
    if by == "source":
        return {a: filter_frames(frames, sources=[a]), b: filter_frames(frames, sources=[b])}
    if by == "period":
        out = {}
        for label in (a, b):
            start, _, end = label.partition("..")
            out[label] = filter_frames(frames, start=start.strip(), end=end.strip())
        return out
    raise ValueError(f"by must be 'source' or 'period', not {by!r}")


def default_groups(frames: CorpusFrames, by: str) -> tuple[str, str]:
    """The two largest sources, or the earlier and later half of the dated articles."""
    if by == "source":
        counts = frames.articles["source"].dropna().value_counts()
        if len(counts) < 2:
            raise ValueError(f"the corpus has {len(counts)} named source(s); comparing sources needs two")
        return str(counts.index[0]), str(counts.index[1])
    dates = frames.articles["published"].dropna().sort_values()
    if len(dates) < 2:
        raise ValueError("the corpus has fewer than two dated articles; comparing periods needs dates")
    mid = dates.iloc[len(dates) // 2]
    first = f"{dates.iloc[0].date()}..{(mid - pd.Timedelta(days=1)).date()}"
    return first, f"{mid.date()}..{dates.iloc[-1].date()}"


def compare_share_of_voice(groups: dict[str, CorpusFrames], n: int = 10) -> pd.DataFrame:
    """Share (%) of each group's quotes per speaker (rows: the top speakers over both groups)."""
    cols = {}
    for label, f in groups.items():
        s = share_of_voice(f)
        # two identities may share a display name: add their shares; the label carries the group's n
        name = f"{label} ({int(s['total'].sum()) if not s.empty else 0:,} attributed quotes)"
        cols[name] = s.groupby("speaker")["share"].sum() if not s.empty else pd.Series(dtype=float)
    table = pd.DataFrame(cols).fillna(0.0)
    if table.empty:
        return table
    return table.loc[table.max(axis=1).sort_values(ascending=False).index[:n]]


def compare_theme_shares(groups: dict[str, CorpusFrames], n: int = 10) -> pd.DataFrame:
    """Share (%) of each group's articles scoring each theme (rows: the top themes over both groups)."""
    cols = {}
    for label, f in groups.items():
        total = max(len(f.articles), 1)
        cols[f"{label} ({len(f.articles):,} articles)"] = (
            100.0 * f.themes.groupby("label")["doc_key"].nunique() / total).round(1)
    table = pd.DataFrame(cols).fillna(0.0)
    if table.empty:
        return table
    return table.loc[table.max(axis=1).sort_values(ascending=False).index[:n]]


def compare_tone(groups: dict[str, CorpusFrames]) -> pd.DataFrame:
    """Articles, quotes and mean tone (articles and quotes) per group."""
    rows = []
    for label, f in groups.items():
        rows.append({"group": label, "articles": len(f.articles), "quotes": len(f.quotes),
                     "article_tone": round(float(f.articles["tone_compound"].mean()), 3) if len(f.articles) else None,
                     "quote_tone": round(float(f.quotes["tone"].mean()), 3) if f.quotes["tone"].notna().any() else None})
    return pd.DataFrame(rows)


def compare_actor_tone(groups: dict[str, CorpusFrames], n: int = 10, min_count: int = 0,
                       counts: bool = False) -> pd.DataFrame:
    """Mean tone of the articles mentioning each top actor, per group (NaN where a group never mentions them,
    and where fewer than `min_count` articles do: a mean of two articles is left out of the chart).

    With `counts`, a table for reading: per group its mean and, beside it, its n (articles)."""
    tones, ns = {}, {}
    for label, f in groups.items():
        t = tone_by_actor(f, n)
        if t.empty:
            tones[label], ns[label] = pd.Series(dtype=float), pd.Series(dtype=int)
            continue
        # two identities may share a display name: average them, weighted by their articles
        t = t.assign(weighted=t["article_tone"] * t["articles"])
        g = t.groupby("name")[["weighted", "articles"]].sum()
        tones[label], ns[label] = (g["weighted"] / g["articles"]).round(3), g["articles"]
    tone, count = pd.DataFrame(tones), pd.DataFrame(ns).fillna(0).astype(int)
    keep = tone.dropna(how="all").index[:n]
    tone, count = tone.loc[keep], count.reindex(keep).fillna(0).astype(int)
    if not counts:
        return tone.where(count >= min_count) if min_count else tone
    out = pd.DataFrame({"actor": keep})
    for label in groups:
        out[f"{label}: tone"] = tone[label].to_numpy() if label in tone else None
        out[f"{label}: articles"] = count[label].to_numpy() if label in count else 0
    return out
