"""Who speaks about whom, and how a statement travels: tables over the frames' ``quote_targets`` and
``trails`` (computed in the store, :mod:`analysis.corpus.speech`), for the charts in
:mod:`analysis.explore.speech_charts` and the corpus, actor and trails notebooks.

Speakers and targets are corpus identities shown by their most frequent name (`summaries.actor_labels`);
every mean tone comes with the number of quotes behind it.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from analysis.corpus.frames import CorpusFrames
from analysis.corpus.speech import trail_records
from analysis.explore.summaries import actor_labels, actor_types
from analysis.explore.views import relative_paths

EDGE_COLUMNS = ["speaker", "target", "quotes", "articles", "mean_tone", "n_tone", "example", "example_source",
                "speaker_key", "target_key"]


def _targets(frames: CorpusFrames, types: tuple[str, ...] = ()) -> pd.DataFrame:
    t = frames.quote_targets
    if types:
        t = t[t["target_type"].isin(types)]
    return t


def speech_edges(frames: CorpusFrames, n: int = 20, types: tuple[str, ...] = (), speakers: set[str] | None = None,
                 targets: set[str] | None = None, touching: set[str] | None = None) -> pd.DataFrame:
    """Directed edges speaker -> target, the most quotes first: quotes and articles behind each edge, their
    mean tone (VADER compound of the quotes, -1..1) with `n_tone` quotes scored, and an example quote (the one
    whose tone is nearest the mean) with its source. `types` keeps targets of those actor types;
    `speakers` / `targets` keep edges from / to those actor keys, `touching` edges from or to them.
    `n` = 0: every edge."""
    t = _targets(frames, types)
    if speakers is not None:
        t = t[t["speaker_key"].isin(speakers)]
    if targets is not None:
        t = t[t["target_key"].isin(targets)]
    if touching is not None:
        t = t[t["speaker_key"].isin(touching) | t["target_key"].isin(touching)]
    if t.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    t = t.drop_duplicates(["doc_key", "quote_idx", "speaker_key", "target_key"])
    g = t.groupby(["speaker_key", "target_key"])
    table = pd.DataFrame({"quotes": g.size(), "articles": g["doc_key"].nunique(),
                          "mean_tone": g["tone"].mean().round(3), "n_tone": g["tone"].count()}).reset_index()
    table = table.sort_values(["quotes", "articles", "speaker_key", "target_key"],
                              ascending=[False, False, True, True], kind="stable")
    if n:
        table = table.head(n)
    examples = _examples(frames, t, table)
    table = table.merge(examples, on=["speaker_key", "target_key"], how="left")
    labels = actor_labels(frames)
    table["speaker"] = table["speaker_key"].map(lambda k: labels.get(k, k))
    table["target"] = table["target_key"].map(lambda k: labels.get(k, k))
    return table[EDGE_COLUMNS].reset_index(drop=True)


def _examples(frames: CorpusFrames, t: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """One quote per edge: the one whose tone is nearest the edge's mean (the first in article order on ties)."""
    rows = t.merge(edges[["speaker_key", "target_key", "mean_tone"]], on=["speaker_key", "target_key"])
    rows = rows.merge(frames.quotes[["doc_key", "quote_idx", "text"]], on=["doc_key", "quote_idx"], how="left")
    rows = rows.merge(frames.articles[["doc_key", "source"]], on="doc_key", how="left")
    rows["gap"] = (rows["tone"] - rows["mean_tone"]).abs().fillna(9.0)
    best = rows.sort_values(["gap", "doc_key", "quote_idx"]).drop_duplicates(["speaker_key", "target_key"])
    return best[["speaker_key", "target_key", "text", "source"]].rename(
        columns={"text": "example", "source": "example_source"})


def who_talks_about(frames: CorpusFrames, keys: set[str], n: int = 15) -> pd.DataFrame:
    """Who talks about the actor (`keys`: its identities) and how: speakers by quotes mentioning it."""
    edges = speech_edges(frames, 0, targets=keys)
    edges = edges[~edges["speaker_key"].isin(keys)]
    return _merge_identities(edges, "speaker").head(n)


def whom_talks_about(frames: CorpusFrames, keys: set[str], n: int = 15) -> pd.DataFrame:
    """Whom the actor (`keys`) talks about: the actors their quotes mention, most quotes first."""
    edges = speech_edges(frames, 0, speakers=keys)
    edges = edges[~edges["target_key"].isin(keys)]
    return _merge_identities(edges, "target").head(n)


def _merge_identities(edges: pd.DataFrame, by: str) -> pd.DataFrame:
    """Edges of one actor's several identities summed per the other end (`by`: "speaker" or "target")."""
    columns = [by, "quotes", "articles", "mean_tone", "n_tone", "example", "example_source"]
    if edges.empty:
        return pd.DataFrame(columns=columns)
    edges = edges.assign(tone_sum=edges["mean_tone"].fillna(0) * edges["n_tone"])
    g = edges.groupby(f"{by}_key", sort=False)
    out = pd.DataFrame({by: g[by].first(), "quotes": g["quotes"].sum(), "articles": g["articles"].sum(),
                        "n_tone": g["n_tone"].sum(), "tone_sum": g["tone_sum"].sum(),
                        "example": g["example"].first(), "example_source": g["example_source"].first()})
    out["mean_tone"] = (out["tone_sum"] / out["n_tone"].where(out["n_tone"] > 0)).round(3)
    out = out.sort_values(["quotes", "articles"], ascending=False, kind="stable").reset_index(drop=True)
    return out[columns]


def speech_graph(frames: CorpusFrames, n: int = 30, types: tuple[str, ...] = (),
                 touching: set[str] | None = None) -> nx.DiGraph:
    """The top-`n` edges (`touching`: only those from or to these actor keys) as a directed graph: edge
    ``weight`` = quotes, ``tone`` = mean tone, ``n_tone``; node ``label``, ``type`` and ``weight`` (quotes it
    sends and receives among these edges)."""
    edges = speech_edges(frames, n, types, touching=touching)
    kinds = actor_types(frames)
    g = nx.DiGraph()
    for e in edges.itertuples():
        for key, label in ((e.speaker_key, e.speaker), (e.target_key, e.target)):
            if key not in g:
                g.add_node(key, label=label, type=kinds.get(key, ""), weight=0)
            g.nodes[key]["weight"] += int(e.quotes)
        g.add_edge(e.speaker_key, e.target_key, weight=int(e.quotes), tone=e.mean_tone, n_tone=int(e.n_tone))
    return g


def speaker_target_matrix(frames: CorpusFrames, n_speakers: int = 12, n_targets: int = 12,
                          types: tuple[str, ...] = ()) -> pd.DataFrame:
    """Quotes by each top speaker (rows) mentioning each top target (columns), for a heatmap; a top speaker none of
    whose quotes mentions a top target is left out (an empty row said nothing but took a line)."""
    t = _targets(frames, types).drop_duplicates(["doc_key", "quote_idx", "speaker_key", "target_key"])
    if t.empty:
        return pd.DataFrame()
    speakers = t["speaker_key"].value_counts().head(n_speakers).index
    targets = t["target_key"].value_counts().head(n_targets).index
    sub = t[t["speaker_key"].isin(speakers) & t["target_key"].isin(targets)]
    m = sub.groupby(["speaker_key", "target_key"]).size().unstack(fill_value=0)
    m = m.reindex(index=speakers, columns=targets, fill_value=0).astype(int)
    m = m[m.sum(axis=1) > 0]
    labels = actor_labels(frames)
    m.index = [labels.get(k, k) for k in m.index]
    m.columns = [labels.get(k, k) for k in m.columns]
    return m


# ---------------------------------------------------------------- trails

TRAIL_COLUMNS = ["trail_id", "speaker", "first_date", "first_source", "first_article", "outlets", "articles",
                 "sources", "statement", "drift"]


def trails_of(frames: CorpusFrames, keys: set[str] | None = None, min_outlets: int = 1, start: str = "",
              end: str = "") -> list[dict]:
    """Trails (`analysis.corpus.speech.trail_records`) of the speakers `keys` (None: all), carried by at least
    `min_outlets` sources, keeping members published in [start, end] (trails must still span two articles)."""
    m = frames.trails
    if keys is not None:
        m = m[m["speaker_key"].isin(keys)]
    if start:
        m = m[m["published"] >= pd.Timestamp(start)]
    if end:
        m = m[m["published"] <= pd.Timestamp(end)]
    if m.empty:
        return []
    g = m.assign(outlet=m["source"].fillna("")).groupby("trail_id")  # no source: one outlet, as in the store
    wide = g["doc_key"].nunique().ge(2) & g["outlet"].nunique().ge(min_outlets)
    return trail_records(m[m["trail_id"].isin(wide[wide].index)])


def travelling_trails(frames: CorpusFrames, keys: set[str] | None = None) -> tuple[list[dict], str]:
    """The trails a corpus report shows as "statements that travel", and a sentence saying which: carried by
    at least two outlets when the corpus has two sources or more; else (one outlet's archive, or no sources
    at all) every trail across two articles or more -- a silent minimum of two outlets showed "No rows" for
    a corpus where `presswork report trails` found 337 trails."""
    n_sources = frames.articles["source"].dropna().nunique()
    min_outlets = 2 if n_sources >= 2 else 1
    trails = trails_of(frames, keys, min_outlets=min_outlets)
    if min_outlets == 2:
        note = f"{len(trails)} trail(s) carried by at least 2 of the corpus's {n_sources} sources."
    else:
        have = "no sources" if n_sources == 0 else "one source"
        note = (f"{len(trails)} trail(s) across two articles or more (the corpus has {have}: trails cannot be "
                "told apart by outlet).")
    return trails, note


def has_dates(trail: dict) -> bool:
    """Some member of `trail` has a publication date (a timeline can be drawn)."""
    return any(m["published"] for m in trail["members"])


def _outlet(source, first) -> str:
    """"Reuters (2024-03-01)"; a corpus without sources or dates (one outlet's archive) says so in words."""
    name = source if isinstance(source, str) and source else "(no source)"
    return f"{name} ({first if isinstance(first, str) and first else 'undated'})"


def trails_table(trails: list[dict], n: int = 15, width: int | None = None) -> pd.DataFrame:
    """One row per trail, the widest first (outlets, then articles): who, first appearance, where it went,
    the first wording (whole, unless `width` cuts it) and how the others drift from it."""
    rows = []
    for t in trails:
        others = t["members"][1:]
        changes = sorted({m["drift"]["kind_change"] for m in others if m["drift"]["kind_change"]})
        shortened = sum(m["drift"]["shortened"] for m in others)
        words = [len(m["drift"]["dropped"]) + len(m["drift"]["added"]) for m in others]
        drift = "; ".join([*changes, *([f"{shortened} shortened"] if shortened else []),
                           f"words changed: {min(words)}-{max(words)}" if words else ""]).strip("; ")
        text = t["first"]["text"] or ""
        rows.append({"trail_id": t["trail_id"], "speaker": t["speaker"], "first_date": t["first"]["published"],
                     "first_source": t["first"]["source"], "first_article": t["first"].get("doc_key"),
                     "outlets": len(t["sources"]),
                     "articles": t["n_articles"],
                     "sources": ", ".join(_outlet(s["source"], s["first"]) for s in t["sources"]),
                     "statement": text if not width or len(text) <= width else text[: width - 1] + "…",
                     "drift": drift})
    table = pd.DataFrame(rows, columns=TRAIL_COLUMNS)
    table["first_article"] = relative_paths(table["first_article"])  # by name: the source may be unknown
    table = table.sort_values(["outlets", "articles", "first_date"], ascending=[False, False, True],
                              kind="stable", na_position="last")
    return table.head(n).reset_index(drop=True)


def trail_members_table(trail: dict) -> pd.DataFrame:
    """One trail's members in order of appearance, with each one's wording drift from the first; each named
    by its article's file (relative to the folder all share), which tells them apart when the corpus has
    no dates or sources."""
    articles = relative_paths(pd.Series([m.get("doc_key") for m in trail["members"]], dtype=object))
    rows = [{"published": m["published"], "source": m["source"], "article": article, "kind": m["kind"],
             "text": m["text"],
             "dropped": " ".join(m["drift"]["dropped"]), "added": " ".join(m["drift"]["added"]),
             "kind_change": m["drift"]["kind_change"], "shortened": m["drift"]["shortened"]}
            for m, article in zip(trail["members"], articles, strict=True)]
    return pd.DataFrame(rows)
