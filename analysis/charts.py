"""Matplotlib charts over DataFrames: titled, labelled, readable at a glance, one consistent style.

Each function returns the Figure (tests check title, axes and data); notebooks just display it.
Large inputs are summarised: top N rows, the rest folded into "other".
"""

from __future__ import annotations

import matplotlib

import matplotlib.pyplot as plt
import pandas as pd

TYPE_COLOURS = {"PERSON": "#e67e22", "ORG": "#2e86c1", "GPE": "#28b463", "LOC": "#1d8348", "NORP": "#8e44ad",
                "FAC": "#7f8c8d"}
KIND_COLOURS = {"direct": "#c0392b", "indirect": "#2980b9", "mixed": "#8e44ad", "headline": "#f39c12"}


def new_figure(rows: int, width: float = 8.0, row_height: float = 0.35):
    """A figure sized to its number of bars, in the house style.

    (Styling is applied to the axes rather than through plt.rc_context: leaving an rc_context resets the
    backend, which silently stops Jupyter's inline display of later charts.)
    """
    fig, ax = plt.subplots(figsize=(width, row_height * max(rows, 3) + 1.2), dpi=100)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=9)
    return fig, ax


def finish(fig, ax, title: str, xlabel: str, ylabel: str):
    ax.set_title(title, fontsize=12, fontweight="bold")
    ax.set_xlabel(xlabel, fontsize=10)
    ax.set_ylabel(ylabel, fontsize=10)
    fig.tight_layout()
    return fig


def top_n(df: pd.DataFrame, value: str, label: str, n: int, other: str = "other") -> pd.DataFrame:
    """The n largest rows by `value`, the rest summed into one `other` row."""
    df = df.sort_values(value, ascending=False, kind="stable")
    if len(df) <= n:
        return df.reset_index(drop=True)
    head, tail = df.iloc[:n].copy(), df.iloc[n:]
    # numeric columns are summed, so stacked parts of the "other" row still add up
    row = {c: (tail[c].sum() if pd.api.types.is_numeric_dtype(df[c]) else "") for c in df.columns}
    row[label] = f"{other} ({len(tail)})"
    return pd.concat([head, pd.DataFrame([row])], ignore_index=True)


def _shorten(label: str, width: int = 38) -> str:
    label = str(label)
    return label if len(label) <= width else label[: width - 1] + "…"


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#777")
    ax.set_xticks([])
    ax.set_yticks([])


def actor_mentions_chart(actors: pd.DataFrame, top: int = 15, title: str = "Actors by number of mentions"):
    """Horizontal bars of mentions per actor, coloured by type, with a legend of types."""
    data = top_n(actors[["name", "type", "mentions"]], "mentions", "name", top)
    fig, ax = new_figure(len(data))
    if data.empty:
        _empty(ax, "no actors found")
    else:
        data = data.iloc[::-1]
        ax.barh([_shorten(n) for n in data["name"]], data["mentions"],
                color=[TYPE_COLOURS.get(t, "#bbbbbb") for t in data["type"]])
        present = [t for t in TYPE_COLOURS if t in set(data["type"])]
        if present:
            ax.legend([plt.Rectangle((0, 0), 1, 1, color=TYPE_COLOURS[t]) for t in present], present,
                      title="type", loc="lower right", frameon=False)
    return finish(fig, ax, title, "mentions", "actor")


def quotes_by_speaker_chart(table: pd.DataFrame, top: int = 12, title: str = "Who is quoted (quotes per speaker)"):
    """Stacked horizontal bars: quotes per speaker split by kind (direct, indirect, mixed, headline)."""
    kinds = [k for k in KIND_COLOURS if k in table.columns]
    data = top_n(table, "total", "speaker", top) if not table.empty else table
    fig, ax = new_figure(len(data), row_height=0.4)
    if data.empty:
        _empty(ax, "no quotes found")
    else:
        data = data.iloc[::-1]
        left = pd.Series(0.0, index=data.index)
        for kind in kinds:
            values = pd.to_numeric(data[kind], errors="coerce").fillna(0)
            ax.barh([_shorten(s) for s in data["speaker"]], values, left=left, color=KIND_COLOURS[kind], label=kind)
            left += values
        ax.legend(title="kind", loc="lower right", frameon=False)
    return finish(fig, ax, title, "quotes", "speaker")


def themes_chart(themes: pd.DataFrame, top: int = 10, title: str = "Themes (matches per 100 words)"):
    """Horizontal bars of theme scores."""
    data = themes.sort_values("score", ascending=False).head(top).iloc[::-1]
    fig, ax = new_figure(len(data))
    if data.empty:
        _empty(ax, "no themes matched")
    else:
        ax.barh([_shorten(x) for x in data["label"]], data["score"], color="#5d6d7e", label="score")
        ax.legend(loc="lower right", frameon=False)
    return finish(fig, ax, title, "score (matches per 100 words)", "theme")
