"""IPTC subjects of a corpus: each article's main subject (its themes rolled up the IPTC Media Topics tree),
counted over time and by source, at the top level or, within one top-level subject, at level 2.

An article's main subject at a level is the IPTC topic with the largest summed theme score
(:func:`analysis.themes.iptc.rollup`); articles with no theme are counted apart as "(no theme)" so that the
counts add up to the articles in the frames. Every table carries its n: shares come with the counts they
are computed from.
"""

from __future__ import annotations

import pandas as pd

from analysis.corpus.frames import CorpusFrames
from analysis.explore.summaries.labels import fill_periods, period_start
from analysis.themes.iptc import mediatopics, rollup

NO_THEME = "(no theme)"


def main_subjects(frames: CorpusFrames, level: int = 1, within: str | None = None) -> pd.DataFrame:
    """One row per article: doc_key, subject (QCode), label. `within` (a top-level QCode) keeps the articles
    whose main top-level subject it is and gives their main level-2 topic under it."""
    vocab = mediatopics()
    themes = frames.themes
    articles = frames.articles[["doc_key"]].copy()
    if themes.empty or "medtop" not in themes.columns:
        per_doc: dict[str, list[tuple[str, float]]] = {}
    else:
        records = themes[["doc_key", "medtop", "score"]].to_dict("records")
        grouped: dict[str, list[dict]] = {}
        for r in records:
            grouped.setdefault(r["doc_key"], []).append(r)
        per_doc = {k: v for k, v in grouped.items()}
    rows = []
    for key in articles["doc_key"]:
        ts = per_doc.get(key, [])
        tops = rollup(ts, 1, vocab)
        if within:
            if not tops or tops[0][0] != within:
                continue
            under = [(q, s) for q, s in rollup(ts, 2, vocab) if vocab.top(q) == within]
            subject = under[0][0] if under else None
        else:
            subject = (tops[0][0] if level == 1 else (rollup(ts, level, vocab) or [(None, 0)])[0][0]) if tops else None
        rows.append({"doc_key": key, "subject": subject,
                     "label": vocab.label(subject) if subject else NO_THEME})
    return pd.DataFrame(rows, columns=["doc_key", "subject", "label"])


def subject_counts(frames: CorpusFrames, level: int = 1, within: str | None = None) -> pd.DataFrame:
    """Articles per main subject: subject, label, articles, share (% of the articles counted), largest first."""
    m = main_subjects(frames, level, within)
    if m.empty:
        return pd.DataFrame(columns=["subject", "label", "articles", "share"])
    g = m.groupby("label", dropna=False).agg(subject=("subject", "first"), articles=("doc_key", "nunique"))
    g = g.reset_index().sort_values(["articles", "label"], ascending=[False, True])
    g["share"] = (100.0 * g["articles"] / g["articles"].sum()).round(1)
    return g[["subject", "label", "articles", "share"]].reset_index(drop=True)


def _keep(labels: pd.Series, counts: pd.DataFrame, n: int) -> pd.Series:
    top = [lab for lab in counts["label"] if lab != NO_THEME][:n]
    return labels.map(lambda s: s if s in top or s == NO_THEME else "other")


def subjects_over_time(frames: CorpusFrames, level: int = 1, within: str | None = None, n: int = 8,
                       freq: str = "M") -> pd.DataFrame:
    """Articles per period (rows) by main subject (columns: the n largest, the rest as "other", and
    "(no theme)"). Undated articles are left out; the column sums are the dated articles' counts."""
    m = main_subjects(frames, level, within).merge(frames.articles[["doc_key", "published"]], on="doc_key")
    m = m.dropna(subset=["published"])
    if m.empty:
        return pd.DataFrame()
    counts = subject_counts(frames, level, within)
    m["label"] = _keep(m["label"], counts, n)
    m["period"] = period_start(pd.to_datetime(m["published"]), freq)
    table = m.groupby(["period", "label"])["doc_key"].nunique().unstack(fill_value=0)
    order = [c for c in list(counts["label"]) + ["other"] if c in table.columns and c != NO_THEME]
    if NO_THEME in table.columns:
        order.append(NO_THEME)
    return fill_periods(table[order], freq)


def subjects_by_source(frames: CorpusFrames, level: int = 1, within: str | None = None, n: int = 8,
                       sources: int = 8) -> pd.DataFrame:
    """Per source (rows, "name (n)"), articles by main subject (columns), as counts: the chart turns them
    into shares and writes n beside them."""
    m = main_subjects(frames, level, within).merge(frames.articles[["doc_key", "source"]], on="doc_key")
    if m.empty:
        return pd.DataFrame()
    counts = subject_counts(frames, level, within)
    m["label"] = _keep(m["label"], counts, n)
    m["source"] = m["source"].fillna("(unknown)")
    keep = m["source"].value_counts().index[:sources]
    m["source"] = m["source"].where(m["source"].isin(keep), "other sources")
    table = m.groupby(["source", "label"])["doc_key"].nunique().unstack(fill_value=0)
    order = [c for c in list(counts["label"]) + ["other"] if c in table.columns and c != NO_THEME]
    if NO_THEME in table.columns:
        order.append(NO_THEME)
    table = table[order]
    return table.loc[table.sum(axis=1).sort_values(ascending=False).index]


def drill_subject(frames: CorpusFrames, subject: str = "") -> str | None:
    """The top-level QCode to drill into: `subject` as a QCode or an IPTC label ("politics"), or, when
    empty, the largest main subject of the frames. None when nothing matches."""
    vocab = mediatopics()
    if subject:
        wanted = subject.strip().lower()
        return next((q for q in vocab.tops() if q == subject.strip() or vocab.label(q).lower() == wanted), None)
    counts = subject_counts(frames, 1)
    counts = counts[counts["subject"].notna()]
    return counts["subject"].iloc[0] if not counts.empty else None


def subject_label(qcode: str | None) -> str:
    """"politics (medtop:11000000)" for a chart title; "no subject" for None."""
    return f"{mediatopics().label(qcode)} ({qcode})" if qcode else "no subject"
