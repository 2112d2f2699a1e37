"""The compare family: two sub-corpora (two sources or two periods) side by side."""

from __future__ import annotations

import pandas as pd

from analysis.corpus.frames import CorpusFrames
from analysis.explore.summaries.corpus import share_of_voice, tone_by_actor
from analysis.explore.summaries.labels import filter_frames

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
