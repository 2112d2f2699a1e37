"""IPTC subjects of a corpus (issue 24): main subject per article, over time and by source, with n; the
level-2 drill-down; the stacked-area and share charts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from analysis.explore import charts, summaries
from tests.support.frames import record_frames

POLITICS, SPORT, ELECTION, GOVERNMENT = "medtop:11000000", "medtop:15000000", "medtop:20000574", "medtop:20000593"


def record(i: int, source: str, published: str, themes: list[tuple[str, str, str, float]]) -> dict:
    return {"id": f"d{i}", "path": f"d{i}.txt", "text": "x", "source": source, "published": published,
            "themes": [{"theme": t, "label": t.title(), "score": s, "count": 1, "evidence": [],
                        "medtop": m, "medtop_top": top} for t, m, top, s in themes]}


def frames():
    vote = ("ELECTION", ELECTION, POLITICS, 2.0)
    cabinet = ("GOVERNMENT", GOVERNMENT, POLITICS, 1.0)
    match = ("SOCCER", "medtop:20001065", SPORT, 3.0)
    records = [record(1, "AP", "2016-01-05", [vote, match]),  # sport outweighs politics: 3 > 2
               record(2, "AP", "2016-01-20", [vote, cabinet]),
               record(3, "Reuters", "2016-02-03", [cabinet]),
               record(4, "Reuters", "2016-02-04", []),  # no theme: counted apart
               record(5, "Fox", "2016-02-10", [vote])]
    return record_frames(records)


def test_main_subject_counts_add_up_to_the_articles():
    counts = summaries.subject_counts(frames(), 1)
    assert dict(zip(counts["label"], counts["articles"])) == {"politics": 3, "sport": 1, "(no theme)": 1}
    assert counts["share"].sum() == 100.0


def test_over_time_and_by_source_keep_their_n():
    f = frames()
    over_time = summaries.subjects_over_time(f, 1, freq="M")
    assert over_time.sum().sum() == 5 and over_time.loc["2016-02-01", "politics"] == 2
    by_source = summaries.subjects_by_source(f, 1)
    assert by_source.loc["Reuters"].to_dict() == {"politics": 1, "sport": 0, "(no theme)": 1}


def test_drill_down_gives_level_2_topics_within_one_subject():
    f = frames()
    assert summaries.drill_subject(f) == POLITICS and summaries.drill_subject(f, "Politics") == POLITICS
    counts = summaries.subject_counts(f, 2, POLITICS)
    assert dict(zip(counts["label"], counts["articles"])) == {"election": 2, "government": 1}


def test_charts_write_n_beside_every_share():
    f = frames()
    fig = charts.subjects_area_chart(summaries.subjects_over_time(f, 1, freq="M"), "Main subjects")
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("politics (n=3, 60%)") for t in legend)
    assert ax.get_title() == "Main subjects" and ax.get_xlabel() == "month"
    fig = charts.subject_shares_chart(summaries.subjects_by_source(f, 1), "By source")
    ax = fig.axes[0]
    assert "Reuters (n=2)" in [t.get_text() for t in ax.get_yticklabels()]
    assert any("n=" in t.get_text() and "%" in t.get_text() for t in ax.texts)


def test_the_share_table_gives_every_share_its_n():
    table = summaries.shares_with_n(summaries.subjects_by_source(frames(), 1))
    reuters = table.set_index("source").loc["Reuters"]
    assert reuters["articles"] == 2 and reuters["politics"] == "1 (50%)" and reuters["(no theme)"] == "1 (50%)"


def test_a_long_span_is_counted_per_coarser_period():
    table = summaries.subjects_over_time(frames(), 1, freq="D", max_periods=10)
    assert table.attrs["freq"] == "week" and table.sum().sum() == 5  # 37 days: 6 weeks, not 37 days
