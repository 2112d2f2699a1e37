"""Charts of who speaks about whom and of quote trails (tables from :mod:`analysis.explore.speech`), in the
house style of :mod:`analysis.explore.charts`: titled, labelled, with legends and the counts behind every
mean tone."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import TwoSlopeNorm

from analysis.explore.charts import (
    KIND_COLOURS,
    TYPE_COLOURS,
    _component_layout,
    _empty,
    _shorten,
    actor_theme_heatmap,
    figure,
    finish,
    place_node_labels,
)

TONE_CMAP = "RdYlGn"  # red: hostile, green: friendly -- the colour of an edge is the mean tone of its quotes


def speech_network_chart(graph, title: str = "Who speaks about whom (quotes mentioning another actor)"):
    """The speaker -> target graph: arrows from speaker to the actor their quotes mention, width = quotes,
    colour = mean tone of those quotes (colour bar), each arrow labelled with its number of quotes."""
    import networkx as nx

    fig, ax = figure(10, 7.5)
    ax.set_axis_off()
    if graph.number_of_edges() == 0:
        _empty(ax, "no quotes mentioning another actor")
        return finish(fig, ax, title, "", "")
    pos = _component_layout(graph.to_undirected())
    edges = list(graph.edges(data=True))
    top_w = max(d["weight"] for _, _, d in edges)
    norm = TwoSlopeNorm(vmin=-0.5, vcenter=0.0, vmax=0.5)  # quote means rarely leave +-0.5: use the colours
    cmap = plt.get_cmap(TONE_CMAP)
    colours = [cmap(norm(d["tone"])) if pd.notna(d["tone"]) else "#bbbbbb" for _, _, d in edges]
    nx.draw_networkx_edges(graph, pos, ax=ax, edgelist=[(a, b) for a, b, _ in edges],
                           width=[0.8 + 5.0 * d["weight"] / top_w for _, _, d in edges], edge_color=colours,
                           alpha=0.85, arrows=True, arrowstyle="-|>", arrowsize=14, node_size=500,
                           connectionstyle="arc3,rad=0.12")
    nx.draw_networkx_edge_labels(graph, pos, ax=ax, edge_labels={(a, b): d["weight"] for a, b, d in edges},
                                 font_size=7, label_pos=0.5, connectionstyle="arc3,rad=0.12",
                                 bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    sizes = [graph.nodes[n].get("weight", 1) for n in graph.nodes]
    top_s = max(sizes, default=1)
    drawn = nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=[120 + 900 * s / top_s for s in sizes],
                           node_color=[TYPE_COLOURS.get(graph.nodes[n].get("type"), "#bbbbbb") for n in graph.nodes],
                           alpha=0.9, linewidths=0.5, edgecolors="white")
    ax.margins(0.12)
    place_node_labels(ax, pos, {n: _shorten(graph.nodes[n].get("label") or n, 24) for n in graph.nodes}, drawn)
    mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    fig.colorbar(mappable, ax=ax, shrink=0.6, extend="both", label="mean tone of the quotes (VADER compound)")
    types = [t for t in TYPE_COLOURS if t in {graph.nodes[n].get("type") for n in graph.nodes}]
    handles = [plt.Line2D([], [], marker="o", linestyle="", markersize=8, color=TYPE_COLOURS[t]) for t in types]
    handles += [plt.Line2D([], [], color="#555", linewidth=0.8 + 5.0 * w / top_w) for w in sorted({1, top_w})]
    labels = types + [f"{w} quote{'s' if w != 1 else ''}" for w in sorted({1, top_w})]
    # below the plot, not over its nodes
    ax.legend(handles, labels, title="actor type / arrow: quotes", loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncol=min(len(labels), 6), frameon=False, fontsize=8)
    n_quotes = sum(d["weight"] for _, _, d in edges)
    return finish(fig, ax, f"{title}\n{len(edges)} edges, {n_quotes} quotes (arrow label: quotes)", "", "")


def speaker_target_heatmap(matrix: pd.DataFrame, title: str = "Who speaks about whom (quotes mentioning the target)"):
    """Speakers (rows) x the actors their quotes mention (columns), the count in every cell."""
    if matrix is None or matrix.empty:
        fig, ax = figure(6, 3)
        _empty(ax, "no quotes mentioning another actor")
        return finish(fig, ax, title, "actor mentioned in the quote", "speaker")
    fig = actor_theme_heatmap(matrix, title=title, colour_label="quotes")
    ax = fig.axes[0]
    ax.set_xlabel("actor mentioned in the quote", fontsize=10)
    ax.set_ylabel("speaker", fontsize=10)
    fig.tight_layout()
    return fig


def trail_timeline_chart(trail: dict, width: int = 70):
    """One trail over time: a dot per article carrying the statement, one row per outlet (in order of first
    appearance), coloured by how it is quoted (direct, indirect, mixed, headline)."""
    members = [m for m in trail["members"] if m["published"]]
    outlets = [s["source"] or "?" for s in trail["sources"]]
    fig, ax = figure(9, 0.45 * len(outlets) + 2.0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    statement = _shorten(trail["first"]["text"] or "", width)
    title = f"{_shorten(trail['speaker'] or trail['speaker_key'], 40)}: “{statement}”"
    note = (f"{trail['n_articles']} articles, {len(outlets)} outlets"
            + (f"; {len(trail['members']) - len(members)} undated quotes not shown"
               if len(members) < len(trail["members"]) else ""))
    if not members:
        _empty(ax, "no dated members")
        return finish(fig, ax, title, f"date ({note})", "outlet")
    rows = {o: i for i, o in enumerate(outlets)}
    for kind, colour in KIND_COLOURS.items():
        pts = [m for m in members if m["kind"] == kind]
        if pts:
            ax.scatter([pd.Timestamp(m["published"]) for m in pts], [rows[m["source"] or "?"] for m in pts],
                       s=70, color=colour, label=kind, zorder=3, edgecolors="white", linewidths=0.5)
    ax.set_yticks(range(len(outlets)))
    ax.set_yticklabels([_shorten(o, 24) for o in outlets], fontsize=9)
    ax.set_ylim(len(outlets) - 0.5, -0.5)  # the first outlet on top
    days = [pd.Timestamp(m["published"]) for m in members]
    pad = max(pd.Timedelta(days=1), (max(days) - min(days)) * 0.05)  # a one-day trail still reads as days
    ax.set_xlim(min(days) - pad, max(days) + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.grid(axis="x", color="#eee", zorder=0)
    ax.legend(title="quoted as", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    fig.autofmt_xdate()
    return finish(fig, ax, title, f"date ({note})", "outlet")
