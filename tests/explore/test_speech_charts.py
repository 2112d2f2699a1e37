"""analysis.explore.speech_charts: the who-speaks-about-whom network stays readable where it crowds -- no
label over another, none cut off at the edge, the legend below the plot rather than over its nodes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import random

import matplotlib.pyplot as plt
import networkx as nx
import pytest

from analysis.explore.speech_charts import speech_network_chart

NAMES = [f"Person Number {i:02d}" for i in range(30)]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def crowded_graph(seed: int = 1) -> nx.DiGraph:
    """30 actors and 40 random speaker -> target edges: labels at a fixed offset overlapped 12 times."""
    rng = random.Random(seed)
    g = nx.DiGraph()
    for i, name in enumerate(NAMES):
        g.add_node(name, label=name, type="ORG" if i % 3 == 0 else "PERSON", weight=rng.randint(1, 20))
    for _ in range(40):
        a, b = rng.sample(NAMES, 2)
        g.add_edge(a, b, weight=rng.randint(1, 9), tone=rng.uniform(-0.5, 0.5), n_tone=3)
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
