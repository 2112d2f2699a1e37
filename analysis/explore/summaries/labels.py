"""How summaries name and narrow the corpus: display labels and types of actor keys, and filters."""

from __future__ import annotations

import pandas as pd

from analysis.actors.names import UNNAMED
from analysis.corpus.duplicates import set_aside_note
from analysis.corpus.filters import Filters
from analysis.corpus.frames import CorpusFrames

KINDS = ("direct", "indirect", "mixed", "headline")
UNNAMED_GROUP = "unnamed sources"


# ---------------------------------------------------------------- labels, periods and filters

def actor_labels(frames: CorpusFrames) -> dict[str, str]:
    """actor_key -> display name: the actor name used most often (ties: the longest); speakers with no
    actor row are shown by the name they are quoted under."""
    return dict(frames.memo(("labels",), lambda: _actor_labels(frames)))


def _actor_labels(frames: CorpusFrames) -> dict[str, str]:
    names = pd.concat([
        frames.article_actors[["actor_key", "name"]].assign(actor=1),
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
    a = frames.article_actors.dropna(subset=["actor_key"])
    typed = a.dropna(subset=["type"])
    counts = typed.groupby(["actor_key", "type"]).size().reset_index(name="n")
    counts = counts[counts["n"] == counts.groupby("actor_key")["n"].transform("max")]
    first = counts.sort_values(["actor_key", "type"]).drop_duplicates("actor_key")
    out = dict.fromkeys(sorted(a["actor_key"].unique()), "")
    out.update(zip(first["actor_key"], first["type"]))
    return out


# The periods charts over time are drawn in (the notebooks' `freq`): pandas frequencies, day to year. A finer
# one ("s", seconds) made 31 million empty periods of a one-year corpus (4 GB); MAX_PERIODS bounds the rest.
PERIODS = ("D", "W", "M", "Q", "Y")
MAX_PERIODS = 20_000  # 55 years of days


def check_period(freq: str) -> str:
    if freq not in PERIODS:
        raise ValueError(f"freq must be one of {', '.join(PERIODS)} (day, week, month, quarter, year), "
                         f"not {str(freq)[:20]!r}")
    return freq


def period_start(published: pd.Series, freq: str) -> pd.Series:
    """The start of the period (`freq`, one of PERIODS) each date falls in."""
    return published.dt.to_period(check_period(freq)).dt.start_time


def fill_periods(table: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Every period between the first and the last, zero where nothing was published (gaps stay visible);
    ValueError when that is more than MAX_PERIODS periods (dates far apart in days: use a longer `freq`)."""
    if table.empty:
        return table
    first, last = pd.Period(table.index.min(), check_period(freq)), pd.Period(table.index.max(), freq)
    if last.ordinal - first.ordinal >= MAX_PERIODS:
        raise ValueError(f"{first} to {last} is more than {MAX_PERIODS:,} periods of {freq}: use a longer freq "
                         f"({', '.join(PERIODS)})")
    full = pd.period_range(first, last, freq=freq).start_time
    table = table.reindex(full, fill_value=0)
    table.index.name = "period"
    return table


def filter_frames(frames: CorpusFrames, start: str = "", end: str = "", sources: list[str] | str = "",
                  theme: str = "", actor: str = "") -> CorpusFrames:
    """Articles published in [start, end], from `sources`, scoring `theme` and mentioning or quoting `actor`:
    the filters of `analysis.corpus.filters`, as the notebooks' parameters name them."""
    return frames.filter(Filters(start or None, end or None, sources or None, theme or None, actor or None))


def corpus_overview(frames: CorpusFrames) -> pd.DataFrame:
    """Counts at a glance: articles, sources, date range, actors, quotes, and the copies set aside."""
    a = frames.articles
    dated = a["published"].dropna()
    rows = [("articles", len(a)), ("sources", a["source"].nunique()),
            ("dated articles", len(dated)),
            ("first date", dated.min().date().isoformat() if len(dated) else "–"),
            ("last date", dated.max().date().isoformat() if len(dated) else "–"),
            ("distinct actors", frames.article_actors["actor_key"].nunique()), ("quotes", len(frames.quotes)),
            ("distinct speakers", frames.quotes["speaker_key"].nunique()),
            # copies of one story were left out of every count above when the frames were read
            ("near-duplicates", set_aside_note(frames.duplicates_set_aside))]
    return pd.DataFrame(rows, columns=["measure", "value"])
