"""The actor family: one actor's identities, sub-corpus, roles, quotes, themes, neighbours and sources."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.actors.types import MAIN_TYPES
from analysis.corpus.frames import CorpusFrames
from analysis.explore.summaries.labels import (
    actor_labels,
    actor_types,
    fill_periods,
    filter_frames,
    period_start,
)

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
    counts = frames.article_actors[frames.article_actors["actor_key"].isin(keys)]["actor_key"].value_counts()
    name = labels.get(counts.index[0], query) if len(counts) else query
    return ActorProfile(query, keys, name, sub)


def actor_heading_html(profile: ActorProfile, frames: CorpusFrames) -> str:
    """The profile's name, what the query matched, and how many of the corpus's articles it covers (escaped)."""
    import html

    e = html.escape
    labels = actor_labels(frames)
    counts = frames.article_actors[frames.article_actors["actor_key"].isin(profile.keys)]["actor_key"].value_counts()
    names = list(dict.fromkeys(labels.get(k, k) for k in [*counts.index, *sorted(profile.keys)]))
    # the names most used first; a long tail of one-off spellings would bury the page
    matched = ", ".join(names[:8]) + (f" and {len(names) - 8:,} more" if len(names) > 8 else "")
    return (f"<h2>{e(profile.name)}</h2><p>Matched {e(repr(profile.query))} as: "
            f"{e(matched or 'nothing in this selection')}"
            f" · <b>{len(profile.frames):,}</b> of {len(frames):,} articles</p>")


def actor_mentions_over_time(profile: ActorProfile, freq: str = "M") -> pd.DataFrame:
    """Per period: articles mentioning the actor and quotes by them."""
    f = profile.frames
    a = f.article_actors[f.article_actors["actor_key"].isin(profile.keys)].merge(f.articles[["doc_key", "published"]], on="doc_key")
    q = f.quotes[f.quotes["speaker_key"].isin(profile.keys)].merge(f.articles[["doc_key", "published"]], on="doc_key")
    a, q = a.dropna(subset=["published"]), q.dropna(subset=["published"])
    if a.empty and q.empty:
        return pd.DataFrame()
    articles = a.groupby(period_start(a["published"], freq))["doc_key"].nunique().rename("articles")
    quotes = q.groupby(period_start(q["published"], freq)).size().rename("quotes")
    table = pd.concat([articles, quotes], axis=1).fillna(0).astype(int)
    return fill_periods(table.sort_index(), freq)


def actor_roles(profile: ActorProfile) -> pd.DataFrame:
    """Roles the articles give the actor, with how many articles give each."""
    a = profile.frames.article_actors[profile.frames.article_actors["actor_key"].isin(profile.keys)][["doc_key", "roles"]]
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


def actor_neighbours(profile: ActorProfile, n: int = 12, types: tuple[str, ...] = MAIN_TYPES) -> pd.DataFrame:
    """The actors (people, organisations and states unless `types` says otherwise; `()`: all) appearing in
    the most articles alongside the actor."""
    f = profile.frames
    others = f.article_actors[~f.article_actors["actor_key"].isin(profile.keys)]
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
    a = f.article_actors[f.article_actors["actor_key"].isin(profile.keys)].merge(arts[["doc_key", "source"]], on="doc_key")
    q = f.quotes[f.quotes["speaker_key"].isin(profile.keys)].merge(arts[["doc_key", "source"]], on="doc_key")
    table = pd.DataFrame({
        "articles": arts.groupby("source")["doc_key"].nunique(),
        "mentions": a.groupby("source")["n_mentions"].sum(),
        "quotes": q.groupby("source").size(),
        "tone": arts.groupby("source")["tone_compound"].mean().round(3),
    })
    table[["articles", "mentions", "quotes"]] = table[["articles", "mentions", "quotes"]].fillna(0).astype(int)
    return table.sort_values("articles", ascending=False).rename_axis("source").reset_index()
