"""Every chart function: a Figure with the expected title, axis labels and data."""

from __future__ import annotations

import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.explore import charts, views
from analysis.explore import summaries as S
from tests.support.frames import record_frames
from tests.support.reports_data import small_corpus


@pytest.fixture()
def frames():
    return record_frames(small_corpus())


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labels(ax) -> tuple[str, str, str]:
    return ax.get_title(), ax.get_xlabel(), ax.get_ylabel()


def bar_widths(ax) -> list[float]:
    return [p.get_width() for p in ax.patches]


def tick_texts(ax, axis: str = "y") -> list[str]:
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in ticks]


def test_actor_mentions_chart():
    r = small_corpus()[0]
    ax = charts.actor_mentions_chart(views.actors_frame(r)).axes[0]
    assert labels(ax) == ("Actors by number of mentions", "mentions", "actor")
    assert bar_widths(ax) == [1, 3]  # bottom-up: most mentioned on top
    assert ax.get_legend() is not None


def test_quotes_by_speaker_and_themes_charts():
    r = small_corpus()[0]
    ax = charts.quotes_by_speaker_chart(views.quotes_by_speaker(r)).axes[0]
    assert labels(ax) == ("Who is quoted (quotes per speaker)", "quotes", "speaker")
    assert sum(bar_widths(ax)) == 3
    ax = charts.themes_chart(views.themes_frame(r)).axes[0]
    assert labels(ax)[0] == "Themes (matches per 100 words)"
    assert sorted(bar_widths(ax)) == [1.0, 2.0]


def test_top_actors_chart(frames):
    ax = charts.top_actors_chart(S.top_actors(frames)).axes[0]
    assert labels(ax) == ("Top actors (articles mentioning them)", "articles", "actor")
    assert tick_texts(ax)[-1] == "Ann Lee" and bar_widths(ax)[-1] == 3


def test_share_of_voice_chart(frames):
    fig = charts.share_of_voice_chart(S.share_of_voice(frames))
    ax = fig.axes[0]
    assert labels(ax) == ("Share of voice (quotes per speaker)", "quotes (label: share of all quotes)", "speaker")
    assert tick_texts(ax)[-1] == "Ann Lee"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["direct", "indirect", "mixed", "headline"]
    assert " 57%" in [t.get_text() for t in ax.texts]  # Ann Lee: 4 of 7 quotes


def test_a_long_tail_is_noted_not_drawn():
    table = pd.DataFrame({"name": [f"A{i}" for i in range(40)], "type": ["PERSON"] * 40,
                          "articles": [10, 9] + [1] * 38})
    ax = charts.top_actors_chart(table, top=2).axes[0]
    assert bar_widths(ax) == [9, 10] and tick_texts(ax) == ["A1", "A0"]
    assert ax.get_xlabel() == "articles\n(not shown: 38 others with 38 article mentions in all)"
    ax = charts.top_actors_chart(table, top=30).axes[0]  # a short tail stays a bar
    assert tick_texts(ax)[0] == "other (10)" and bar_widths(ax)[0] == 10


def test_share_of_voice_chart_keeps_same_named_speakers_apart():
    table = pd.DataFrame({"speaker": ["X", "X"], "direct": [1, 2], "indirect": [0, 0], "mixed": [0, 0],
                          "headline": [0, 0], "total": [1, 2], "share": [33.3, 66.7]})
    ax = charts.share_of_voice_chart(table).axes[0]
    assert len(ax.get_yticks()) == 2


def test_over_time_chart(frames):
    ax = charts.over_time_chart(S.actors_over_time(frames, 2), "Top actors over time", "articles", "actor").axes[0]
    assert labels(ax) == ("Top actors over time", "period", "articles")
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}
    assert lines == {"Ann Lee": [2, 0, 0], "Bo Park": [1, 0, 1]}
    assert tick_texts(ax, "x") == ["2024-01", "2024-02", "2024-03"]


def test_over_time_chart_without_dates():
    ax = charts.over_time_chart(pd.DataFrame(), "T").axes[0]
    assert "no dated articles" in ax.texts[0].get_text()


def test_grouped_bars_chart(frames):
    table = S.actors_by_source(frames, 2)
    ax = charts.grouped_bars_chart(table, "Top actors by source", "articles", "actor", "source").axes[0]
    assert labels(ax) == ("Top actors by source", "articles", "actor")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Post", "Wire"]
    assert sorted(bar_widths(ax)) == sorted(table.to_numpy().ravel().tolist())


def test_actor_theme_heatmap(frames):
    matrix = S.actor_theme_matrix(frames)
    fig = charts.actor_theme_heatmap(matrix)
    ax = fig.axes[0]
    assert labels(ax) == ("Who talks about what (quotes per theme)", "theme", "actor")
    assert ax.images[0].get_array().tolist() == matrix.to_numpy().tolist()
    assert tick_texts(ax) == list(matrix.index) and tick_texts(ax, "x") == list(matrix.columns)
    assert len(fig.axes) == 2  # the colour bar


def test_cooccurrence_network_chart(frames):
    graph = S.cooccurrence_graph(frames)
    ax = charts.cooccurrence_network_chart(graph).axes[0]
    assert ax.get_title() == "Who appears with whom (actors in the same article)"
    assert {t.get_text() for t in ax.texts} == {"Ann Lee", "Bo Park", "Trade Ministry", "Harbour Union"}
    assert len(ax.collections[0].get_paths()) == graph.number_of_edges()  # edges drawn first
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["PERSON", "ORG"]


def test_tone_by_actor_chart(frames):
    table = S.tone_by_actor(frames)
    ax = charts.tone_by_actor_chart(table).axes[0]
    assert labels(ax) == ("Tone of the coverage by actor", "mean tone (VADER compound, -1 to 1)",
                          "actor (n: articles, quotes)")
    assert bar_widths(ax)[::-1] == pytest.approx(table["article_tone"].fillna(0).tolist())
    # n beside every mean: each actor's label carries its articles and quotes
    assert [t.get_text() for t in ax.get_yticklabels()][::-1][0] == "Ann Lee (3 art., 4 q.)"


def test_tone_by_actor_chart_greys_and_drops_thin_means(frames):
    table = S.tone_by_actor(frames)  # Ann Lee: 3 articles, 4 quotes; Bo Park: 2 articles, 1 quote
    ax = charts.tone_by_actor_chart(table, min_count=3).axes[0]
    names = table["name"].tolist()[::-1]
    colours = {n: p.get_facecolor() for n, p in zip(names, ax.patches)}
    grey = (0.8, 0.8, 0.8, 1.0)
    assert colours["Ann Lee"] != pytest.approx(grey) and colours["Bo Park"] == pytest.approx(grey)
    dots = ax.collections[0].get_offsets()
    assert len(dots) == 1 and dots[0][0] == pytest.approx(table.set_index("name").loc["Ann Lee", "quote_tone"])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1].startswith("fewer than 3 articles: grey bar")
    assert len(charts.tone_by_actor_chart(table).axes[0].collections[0].get_offsets()) == table["quote_tone"].notna().sum()


@pytest.mark.parametrize("chart", [charts.top_actors_chart, charts.share_of_voice_chart, charts.tone_by_actor_chart])
def test_empty_inputs_say_so(chart):
    empty = record_frames([])
    table = {charts.top_actors_chart: S.top_actors, charts.share_of_voice_chart: S.share_of_voice,
             charts.tone_by_actor_chart: S.tone_by_actor}[chart](empty)
    ax = chart(table).axes[0]
    assert ax.texts and ax.texts[0].get_text().startswith("no ")


NETWORK = '''
import hashlib
import networkx as nx
from analysis.explore import charts
g = nx.Graph()
for i, people in enumerate([("Ali Shamkhani", "Hassan Rouhani", "Javad Zarif"), ("Anna Kovacs", "Ben Ortiz", "Carla Nunez"),
                            ("Dmitri Volkov", "Elena Petrova", "Farid Haddad"), ("Grace Lee", "Hiro Tanaka", "Ivan Horvat")]):
    for name in people:
        g.add_node(name, label=name, type="PERSON", weight=3 + i)
    g.add_edge(people[0], people[1], weight=2)
    g.add_edge(people[1], people[2], weight=1)
print(hashlib.sha256(charts.png(charts.cooccurrence_network_chart(g))).hexdigest())
'''


def test_a_network_is_drawn_the_same_in_every_process():
    """The layout starts from the graph's node order, not from a set's, whose order changes with each process's
    hash seed: the same corpus drew another picture in each report (seeds 1 and 2 gave two PNGs before)."""
    drawn = {subprocess.run([sys.executable, "-c", NETWORK], env={**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "agg"},
                            capture_output=True, text=True, check=True, timeout=120).stdout for seed in ("1", "2")}
    assert len(drawn) == 1
