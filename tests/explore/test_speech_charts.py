"""analysis.explore.speech_charts: the who-speaks-about-whom network stays readable where it crowds -- no
label over another, none cut off at the edge, the legend below the plot rather than over its nodes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pytest

from analysis.explore.speech_charts import speech_network_chart

NAMES = ["Peter Mandelson", "Donald Trump", "Hillary Clinton", "Hassan Rouhani", "Mohammad Javad Zarif",
         "Ali Shamkhani", "Vladimir Putin", "Emmanuel Macron", "Angela Merkel", "Boris Johnson",
         "Recep Tayyip Erdogan", "Benjamin Netanyahu", "European Union", "United States", "Saudi Arabia",
         "Rafael Grossi", "Ali Khamenei", "Ebrahim Raisi"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def crowded_graph() -> nx.DiGraph:
    """Everyone quoted about everyone: a complete graph, the layout's worst case for labels at the centre."""
    g = nx.DiGraph()
    for i, name in enumerate(NAMES):
        g.add_node(name, label=name, type="PERSON" if i < 12 else "GPE", weight=1 + i)
    for i, a in enumerate(NAMES):
        for b in NAMES[i + 1 : i + 6]:
            g.add_edge(a, b, weight=1 + (i % 5), tone=0.1 * ((i % 7) - 3), n_tone=2)
    return g


def test_labels_neither_overlap_nor_leave_the_figure_and_the_legend_is_below():
    fig = speech_network_chart(crowded_graph())
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = {t.get_text(): t.get_window_extent(renderer) for t in ax.texts if t.get_text() in NAMES}
    assert set(boxes) == set(NAMES)  # every node labelled, in full
    overlapping = [(a, b) for i, a in enumerate(NAMES) for b in NAMES[:i] if boxes[a].overlaps(boxes[b])]
    assert not overlapping
    page = fig.bbox
    assert all(page.x0 <= b.x0 and b.x1 <= page.x1 and page.y0 <= b.y0 and b.y1 <= page.y1 for b in boxes.values())
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 <= ax.get_window_extent(renderer).y0 + 1  # under the plot area, not on its nodes
