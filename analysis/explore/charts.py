"""Matplotlib charts over DataFrames: titled, labelled, readable at a glance, one consistent style.

Each function returns the Figure (tests check title, axes and data); notebooks just display it.
Large inputs are summarised: top N rows, the rest folded into "other".
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

TYPE_COLOURS = {"PERSON": "#e67e22", "ORG": "#2e86c1", "GPE": "#28b463", "LOC": "#1d8348", "NORP": "#8e44ad",
                "FAC": "#7f8c8d"}
KIND_COLOURS = {"direct": "#c0392b", "indirect": "#2980b9", "mixed": "#8e44ad", "headline": "#f39c12"}


class Chart(Figure):
    """A figure that Jupyter shows as a PNG (`display(fig)`, or a cell's value) with no pyplot involved."""

    def _repr_png_(self) -> bytes:
        return png(self)


def figure(width: float, height: float):
    """A new chart (inches, 100 dpi) and its axes, drawn by Agg and never registered with pyplot.

    Not `plt.subplots`: pyplot keeps its figures in one process-wide registry, and in a Jupyter kernel its
    post_execute hook redraws every figure there after each cell and after each widget comm message (the
    `comm` package fires post_execute). JupyterLab sends widget messages to a kernel subshell, which
    ipykernel 7 runs on a thread of its own, so a chart pyplot held was redrawn there while the live explorer
    saved it on the main thread, and the canvas buffer was cleared under the PNG being encoded: blank or
    cut-off charts after a control change.
    """
    fig = Chart(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def png(fig) -> bytes:
    """The figure as PNG bytes, trimmed to what is drawn, on white. A pyplot figure (a notebook's own) leaves
    pyplot's registry first and is drawn on a new canvas, which no other thread's redraw (see `figure`) holds."""
    import io

    plt.close(fig)
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_figure(buffer, format="png", bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def new_figure(rows: int, width: float = 8.0, row_height: float = 0.35):
    """A figure sized to its number of bars, in the house style.

    (Styling is applied to the axes rather than through plt.rc_context: leaving an rc_context resets the
    backend, which silently stops Jupyter's inline display of later charts.)
    """
    fig, ax = figure(width, row_height * max(rows, 3) + 1.2)
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


def fold_other(df: pd.DataFrame, value: str, label: str, n: int, unit: str) -> tuple[pd.DataFrame, str]:
    """`top_n`, but an "other" row that would dwarf the top bars (a long tail: 900 speakers quoted once or
    twice) is left out of the bars and described in a note instead, so the top n stay readable."""
    data = top_n(df, value, label, n)
    if len(df) <= n or data.empty:
        return data, ""
    head, other = data.iloc[:-1], data.iloc[-1]
    if float(other[value]) <= 1.5 * float(head[value].max()):
        return data, ""
    return head, f"not shown: {len(df) - n:,} others with {float(other[value]):,.0f} {unit} in all"


def _with_note(xlabel: str, note: str) -> str:
    return f"{xlabel}\n({note})" if note else xlabel


def _shorten(label: str, width: int = 38) -> str:
    """At most `width` characters; "$" escaped so a name like "$5bn deal" is never read as mathtext."""
    label = str(label)
    label = label if len(label) <= width else label[: width - 1] + "…"
    return label.replace("$", r"\$")


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#777")
    ax.set_xticks([])
    ax.set_yticks([])


def actor_mentions_chart(actors: pd.DataFrame, top: int = 15, title: str = "Actors by number of mentions"):
    """Horizontal bars of mentions per actor, coloured by type, with a legend of types."""
    data, note = fold_other(actors[["name", "type", "mentions"]], "mentions", "name", top, "mentions")
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
    return finish(fig, ax, title, _with_note("mentions", note), "actor")


def quotes_by_speaker_chart(table: pd.DataFrame, top: int = 12, title: str = "Who is quoted (quotes per speaker)"):
    """Stacked horizontal bars: quotes per speaker split by kind (direct, indirect, mixed, headline)."""
    kinds = [k for k in KIND_COLOURS if k in table.columns]
    data, note = fold_other(table, "total", "speaker", top, "quotes") if not table.empty else (table, "")
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
        ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return finish(fig, ax, title, _with_note("quotes", note), "speaker")


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


# ---------------------------------------------------------------- corpus charts

SERIES_COLOURS = ["#2e86c1", "#e67e22", "#28b463", "#c0392b", "#8e44ad", "#16a085", "#d4ac0d", "#7f8c8d",
                  "#e84393", "#34495e"]


def _positions(ax, labels) -> list[int]:
    """Bar positions with tick labels set explicitly: two rows that share a name stay two bars
    (categorical axes would silently stack them)."""
    pos = list(range(len(labels)))
    ax.set_yticks(pos)
    ax.set_yticklabels([_shorten(x) for x in labels])
    return pos


def share_of_voice_chart(table: pd.DataFrame, top: int = 12, title: str = "Share of voice (quotes per speaker)"):
    """Stacked bars of quotes per speaker by kind, each bar labelled with the speaker's share of all quotes."""
    kinds = [k for k in KIND_COLOURS if k in table.columns]
    data, note = fold_other(table.drop(columns=["speaker_key"], errors="ignore"), "total", "speaker", top, "quotes")
    fig, ax = new_figure(len(data), row_height=0.4)
    if data.empty:
        _empty(ax, "no quotes found")
        return finish(fig, ax, title, "quotes", "speaker")
    data = data.iloc[::-1].reset_index(drop=True)
    pos = _positions(ax, data["speaker"])
    left = pd.Series(0.0, index=data.index)
    for kind in kinds:
        values = pd.to_numeric(data[kind], errors="coerce").fillna(0)
        ax.barh(pos, values, left=left, color=KIND_COLOURS[kind], label=kind)
        left += values
    for p, total, share in zip(pos, data["total"], data["share"]):
        ax.text(total, p, f" {float(share):.0f}%", va="center", fontsize=8, color="#333")
    ax.set_xlim(0, float(data["total"].max()) * 1.15)
    ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return finish(fig, ax, title, _with_note("quotes (label: share of all quotes)", note), "speaker")


def over_time_chart(table: pd.DataFrame, title: str = "Over time", ylabel: str = "articles",
                    legend_title: str = ""):
    """One line per column over the periods of the index; the legend sits outside the plot."""
    fig, ax = new_figure(8, width=9.0)
    if table is None or table.empty:
        _empty(ax, "no dated articles (the input has no publication dates)")
        return finish(fig, ax, title, "period", ylabel)
    for i, col in enumerate(table.columns):
        ax.plot(table.index, table[col], marker="o", linewidth=1.8, label=_shorten(col, 30),
                color=SERIES_COLOURS[i % len(SERIES_COLOURS)])
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    if len(table.index) <= 24 and hasattr(table.index, "strftime"):  # one labelled tick per period
        ax.set_xticks(table.index)
        ax.set_xticklabels(table.index.strftime("%Y-%m-%d" if _daily(table.index) else "%Y-%m"))
    ax.legend(title=legend_title or None, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    fig.autofmt_xdate()
    return finish(fig, ax, title, "period", ylabel)


def _daily(index) -> bool:
    return len(index) > 1 and (index[1] - index[0]).days < 28


def grouped_bars_chart(table: pd.DataFrame, title: str, xlabel: str, ylabel: str, legend_title: str = ""):
    """Horizontal bars grouped by row, one colour per column (e.g. actors × sources, themes × two groups)."""
    fig, ax = new_figure(max(len(table) * max(len(table.columns), 1) * 0.5, 3), width=9.0)
    if table is None or table.empty:
        _empty(ax, "nothing to compare")
        return finish(fig, ax, title, xlabel, ylabel)
    data = table.iloc[::-1]
    n = len(data.columns)
    height = 0.8 / n
    pos = _positions(ax, list(data.index))
    for i, col in enumerate(data.columns):
        # first column on top of each group, as in the legend
        ax.barh([p + 0.4 - height * (i + 0.5) for p in pos], data[col], height=height,
                # (48: a group label carries its n, "politico (2,942 attributed quotes)")
                color=SERIES_COLOURS[i % len(SERIES_COLOURS)], label=_shorten(col, 48))
    if all(pd.api.types.is_integer_dtype(data[c]) for c in data.columns):
        ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(title=legend_title or None, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return finish(fig, ax, title, xlabel, ylabel)


def actor_theme_heatmap(matrix: pd.DataFrame, title: str = "Who talks about what (quotes per theme)",
                        colour_label: str = "quotes"):
    """Actors (rows) × themes (columns) as a heatmap with the count written in every cell."""
    rows, cols = matrix.shape if matrix is not None else (0, 0)
    fig, ax = figure(max(6.0, 0.75 * cols + 3.5), max(3.0, 0.42 * rows + 2.4))
    if not rows or not cols:
        _empty(ax, "no quotes with themes")
        return finish(fig, ax, title, "theme", "actor")
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="YlOrRd", aspect="auto", vmin=0)
    ax.set_xticks(range(cols))
    ax.set_xticklabels([_shorten(c, 28) for c in matrix.columns], rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(rows))
    ax.set_yticklabels([_shorten(r, 30) for r in matrix.index], fontsize=9)
    top = values.max() or 1
    for i in range(rows):
        for j in range(cols):
            if values[i, j]:
                ax.text(j, i, f"{values[i, j]:.0f}", ha="center", va="center", fontsize=8,
                        color="white" if values[i, j] > 0.6 * top else "#222")
    fig.colorbar(image, ax=ax, label=colour_label, shrink=0.8)
    return finish(fig, ax, title, "theme", "actor")


def _component_layout(graph) -> dict:
    """Each connected component laid out on its own (spring layout, or a circle for a clique, as one
    article's actors are) and the components set side by side, largest first, so no cluster is squeezed
    into a corner by a far-away one."""
    import networkx as nx

    parts = sorted(nx.connected_components(graph), key=len, reverse=True)
    pos, x = {}, 0.0
    for part in parts:
        # the component's nodes in the graph's order, not the set's: a set of names iterates in an order that
        # changes with each process's hash seed, and the layouts start from the node order (the same corpus
        # drew another picture in each report)
        nodes = [node for node in graph if node in part]
        sub = graph.__class__()
        sub.add_nodes_from(nodes)
        sub.add_edges_from((a, b) for a, b in graph.edges(nodes) if b in part)
        n = len(part)
        if n == 1:
            local = {nodes[0]: (0.0, 0.0)}
        elif sub.number_of_edges() == n * (n - 1) // 2:
            local = nx.circular_layout(sub)
        elif n <= 80:  # stress layout: even spacing, few label collisions on small graphs
            local = nx.kamada_kawai_layout(sub, weight=None)
        else:
            local = nx.spring_layout(sub, seed=7, weight=None, k=2.0 / n ** 0.5, iterations=300)
        width = 1.0 if n > 1 else 0.3
        radius = (n ** 0.5) / (len(graph) ** 0.5) if len(graph) else 1.0
        for node, (px, py) in local.items():
            pos[node] = (x + width * radius * (px + 1), radius * py)
        x += 2 * width * radius + 0.35
    return pos


LABEL_STEPS = 250  # adjustText iterations for a network's node labels (see place_node_labels)


def place_node_labels(ax, pos: dict, labels: dict, nodes=None, fontsize: int = 8) -> None:
    """Node labels that overlap neither each other nor the nodes and stay inside the plot: drawn at their
    nodes, then moved apart by adjustText, with a thin line back to a node whose label moved away. Labels
    placed at a fixed offset printed over each other where nodes crowd (a network's centre) and were cut
    off at the figure's edge ("'eter Mandelsor"). `nodes`: the drawn node markers, kept clear too. Set the
    axes' limits (margins) first.

    Bounded by iterations, not seconds: a time limit made the picture depend on the machine's speed, and
    adjustText kept nudging for all of its 4 s when the labels had long stopped overlapping (3,000 steps; the
    labels of the bundled, Reuters and AllSides networks and of a crowded 30-node test graph are clear after
    250, in a third of the time)."""
    from adjustText import adjust_text

    keys = list(pos)
    texts = [ax.text(*pos[n], labels[n], fontsize=fontsize, ha="center", va="center", zorder=5,
                     bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
             for n in keys]
    adjust_text(texts, x=[pos[n][0] for n in keys], y=[pos[n][1] for n in keys], objects=nodes, ax=ax,
                ensure_inside_axes=True, expand=(1.25, 1.6), force_text=(0.3, 0.6), iter_lim=LABEL_STEPS,
                arrowprops={"arrowstyle": "-", "color": "#777777", "lw": 0.5})


def cooccurrence_network_chart(graph, title: str = "Who appears with whom (actors in the same article)"):
    """The co-occurrence graph: node size = articles, edge width = shared articles, colour = actor type."""
    import networkx as nx

    fig, ax = figure(9, 7)
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        _empty(ax, "no actors")
        return finish(fig, ax, title, "", "")
    pos = _component_layout(graph)
    weights = [d.get("weight", 1) for _, _, d in graph.edges(data=True)]
    top_w = max(weights, default=1)
    nx.draw_networkx_edges(graph, pos, ax=ax, width=[0.5 + 4.0 * w / top_w for w in weights],
                           edge_color="#95a5a6", alpha=0.35)
    sizes = [graph.nodes[n].get("weight", 1) for n in graph.nodes]
    top_s = max(sizes, default=1)
    colours = [TYPE_COLOURS.get(graph.nodes[n].get("type"), "#bbbbbb") for n in graph.nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=[150 + 1200 * s / top_s for s in sizes],
                           node_color=colours, alpha=0.9, linewidths=0.5, edgecolors="white")
    labels = {n: _shorten(graph.nodes[n].get("label") or n, 24) for n in graph.nodes}
    # labels beside the node, alternately above and below in left-to-right order, so neighbours on a
    # line do not print over each other
    for rank, node in enumerate(sorted(pos, key=lambda n: pos[n][0])):
        x, y = pos[node]
        above = rank % 2 == 0
        ax.annotate(labels[node], (x, y), xytext=(0, 11 if above else -11), textcoords="offset points",
                    ha="center", va="bottom" if above else "top", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
    present = [t for t in TYPE_COLOURS if t in {graph.nodes[n].get("type") for n in graph.nodes}]
    if present:
        ax.legend([plt.Line2D([], [], marker="o", linestyle="", markersize=9, color=TYPE_COLOURS[t]) for t in present],
                  present, title="type", loc="lower left", frameon=False, fontsize=8)
    ax.margins(0.12)
    return finish(fig, ax, title, "", "")


def tone_by_actor_chart(table: pd.DataFrame, title: str = "Tone of the coverage by actor", min_count: int = 0):
    """Diverging bars: mean VADER tone of the articles mentioning each actor (dots: tone of their quotes).

    Every label carries its n (articles, quotes). A mean over fewer than `min_count` items is not drawn
    as if it were solid: such a bar is grey, such a dot is left out, and the legend says so."""
    fig, ax = new_figure(len(table), row_height=0.4)
    if table is None or table.empty:
        _empty(ax, "no actors")
        return finish(fig, ax, title, "mean tone (VADER compound, -1 to 1)", "actor")
    data = table.iloc[::-1].reset_index(drop=True)
    quotes = data["quotes"].fillna(0).astype(int) if "quotes" in data else pd.Series(0, index=data.index)
    labels = [f"{_shorten(n, 30)} ({a:,} art., {q:,} q.)" for n, a, q in zip(data["name"], data["articles"], quotes)]
    pos = list(range(len(data)))
    ax.set_yticks(pos)
    ax.set_yticklabels(labels)
    tone = data["article_tone"].fillna(0)
    few_articles = data["articles"] < min_count
    ax.barh(pos, tone, color=["#cccccc" if few else ("#27ae60" if t >= 0 else "#c0392b")
                              for t, few in zip(tone, few_articles)], label="articles mentioning")
    quoted = data["quote_tone"].notna() & (quotes >= max(min_count, 1))
    if quoted.any():
        ax.scatter(data.loc[quoted, "quote_tone"], [p for p, q in zip(pos, quoted) if q], color="#222", zorder=3,
                   s=22, label="their quotes")
    handles, names = ax.get_legend_handles_labels()
    if min_count and (few_articles.any() or (data["quote_tone"].notna() & ~quoted).any()):
        handles.append(plt.Rectangle((0, 0), 1, 1, color="#cccccc"))
        names.append(f"fewer than {min_count} articles: grey bar;\nfewer than {min_count} quotes: no dot")
    ax.axvline(0, color="#555", linewidth=0.8)
    shown = pd.concat([tone.abs(), data.loc[quoted, "quote_tone"].abs()])
    lim = max(0.1, float(shown.max() or 0) * 1.15)
    ax.set_xlim(-lim, lim)
    ax.legend(handles, names, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return finish(fig, ax, title, "mean tone (VADER compound, -1 to 1)", "actor (n: articles, quotes)")


def top_actors_chart(table: pd.DataFrame, top: int = 15, title: str = "Top actors (articles mentioning them)"):
    """Horizontal bars of articles per actor, coloured by type."""
    data, note = fold_other(table[["name", "type", "articles"]], "articles", "name", top, "article mentions")
    fig, ax = new_figure(len(data))
    if data.empty:
        _empty(ax, "no actors found")
        return finish(fig, ax, title, "articles", "actor")
    data = data.iloc[::-1].reset_index(drop=True)
    pos = _positions(ax, data["name"])
    ax.barh(pos, data["articles"], color=[TYPE_COLOURS.get(t, "#bbbbbb") for t in data["type"]])
    present = [t for t in TYPE_COLOURS if t in set(data["type"])]
    if present:
        ax.legend([plt.Rectangle((0, 0), 1, 1, color=TYPE_COLOURS[t]) for t in present], present,
                  title="type", loc="lower right", frameon=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return finish(fig, ax, title, _with_note("articles", note), "actor")


def _share_text(part: float, whole: float) -> str:
    share = 100.0 * part / max(whole, 1)
    return "<1%" if 0 < share < 0.5 else f"{share:.0f}%"


def subjects_area_chart(table: pd.DataFrame, title: str = "Main subjects over time", unit: str = "articles",
                        legend_title: str = "main subject"):
    """Stacked areas of articles per period by main subject; the legend gives each subject's n and share of
    all the articles drawn, and the top edge is the number of articles per period."""
    fig, ax = new_figure(8, width=9.5)
    if table is None or table.empty:
        _empty(ax, "no dated articles (the input has no publication dates)")
        return finish(fig, ax, title, "period", unit)
    total = int(table.values.sum())
    labels = [f"{_shorten(c, 40)} (n={int(table[c].sum())}, {_share_text(table[c].sum(), total)})"
              for c in table.columns]
    colours = [("#bbbbbb" if c in ("other", "(no theme)") else SERIES_COLOURS[i % len(SERIES_COLOURS)])
               for i, c in enumerate(table.columns)]
    ax.stackplot(table.index, *[table[c].values for c in table.columns], labels=labels, colors=colours, alpha=0.85)
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    if len(table.index) <= 24 and hasattr(table.index, "strftime"):
        ax.set_xticks(table.index)
        ax.set_xticklabels(table.index.strftime("%Y-%m-%d" if _daily(table.index) else "%Y-%m"))
    handles, texts = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], texts[::-1], title=f"{legend_title} (n={total} {unit})", loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8, title_fontsize=8)
    fig.autofmt_xdate()
    period = table.attrs.get("freq", "period")
    return finish(fig, ax, title, period, f"{unit} per {period} (stacked)")


def subject_shares_chart(table: pd.DataFrame, title: str = "Main subjects by source", legend_title: str = "main subject"):
    """One 100% bar per row (a source) split by main subject; n is written beside each bar and inside every
    segment of 6% or more (the smaller ones: `summaries.shares_with_n` gives the table to show beside it)."""
    fig, ax = new_figure(max(len(table) if table is not None else 0, 3), width=10.0, row_height=0.45)
    if table is None or table.empty:
        _empty(ax, "no articles with themes")
        return finish(fig, ax, title, "share of the source's articles (%)", "source")
    data = table.iloc[::-1]
    totals = data.sum(axis=1)
    pos = _positions(ax, [f"{_shorten(str(i), 28)} (n={int(totals[i])})" for i in data.index])
    left = [0.0] * len(data)
    for k, col in enumerate(data.columns):
        share = (100.0 * data[col] / totals.where(totals > 0, 1)).tolist()
        colour = "#bbbbbb" if col in ("other", "(no theme)") else SERIES_COLOURS[k % len(SERIES_COLOURS)]
        ax.barh(pos, share, left=left, color=colour, label=_shorten(col, 40), height=0.7)
        for p, s, lft, count in zip(pos, share, left, data[col].tolist()):
            if s >= 6:
                ax.text(lft + s / 2, p, f"{s:.0f}%\nn={int(count)}", ha="center", va="center", fontsize=6.5,
                        color="white")
        left = [a + b for a, b in zip(left, share)]
    ax.set_xlim(0, 100)
    ax.legend(title=legend_title, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8,
              title_fontsize=8)
    return finish(fig, ax, title, "share of the source's articles (%)", "source (articles)")
