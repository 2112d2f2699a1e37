"""Views: records -> frames -> corpus tables (hand-built records, no model), and escaped HTML."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import frames as F
from analysis.explore import summaries as S
from analysis.explore import views, widgets
from tests.support.frames import record_frames
from tests.support.reports_data import record, small_corpus


@pytest.fixture()
def frames():
    return record_frames(small_corpus())


def test_frames_have_the_store_column_names(frames):
    from analysis.corpus.rows import SCHEMA

    for table in ("articles", "article_actors", "quotes", "themes", "cooccurrence"):
        store_cols = {c for c, _ in SCHEMA[table]}
        assert set(F.COLUMNS[table]) <= store_cols, (table, set(F.COLUMNS[table]) - store_cols)
    assert len(frames) == 4
    assert frames.articles["published"].isna().sum() == 1


def test_rejected_records_are_skipped():
    f = record_frames([{"id": "x", "path": "x", "error": {"code": "empty", "message": "empty"}},
                               *small_corpus()[:1]])
    assert list(f.articles["id"]) == ["d1"]


def test_top_actors_and_share_of_voice(frames):
    top = S.top_actors(frames)
    assert list(top["name"][:2]) == ["Ann Lee", "Bo Park"]
    assert list(top["articles"][:2]) == [3, 2]
    sov = S.share_of_voice(frames)
    assert sov.iloc[0]["speaker"] == "Ann Lee"
    assert sov.iloc[0][["direct", "indirect", "headline", "total"]].tolist() == [1, 2, 1, 4]
    assert sov["share"].sum() == pytest.approx(100.0, abs=0.2)
    assert sov.iloc[0]["share"] == pytest.approx(100 * 4 / 7, abs=0.1)


def test_over_time_fills_empty_months(frames):
    t = S.actors_over_time(frames, n=2)
    assert [d.strftime("%Y-%m") for d in t.index] == ["2024-01", "2024-02", "2024-03"]
    assert t["Ann Lee"].tolist() == [2, 0, 0]  # the undated article is not counted
    assert t["Bo Park"].tolist() == [1, 0, 1]


def test_by_source_and_theme_matrix(frames):
    by = S.actors_by_source(frames, n=2)
    assert by.loc["Ann Lee"].to_dict() == {"Post": 1, "Wire": 2}
    m = S.actor_theme_matrix(frames, mode="quoted")
    assert m.loc["Ann Lee", "Economy"] == 2 and m.loc["Ann Lee", "Security"] == 1
    assert m.loc["Bo Park", "Security"] == 1
    mm = S.actor_theme_matrix(frames, mode="mentioned")
    assert mm.loc["Ann Lee", "Security"] == 3  # d1, d2 and d4
    assert mm.loc["Bo Park", "Economy"] == 1  # d3
    shares = S.themes_by_source(frames)
    assert shares.loc["Economy", "Post (2)"] == 100.0 and shares.loc["Security", "Wire (2)"] == 100.0


def test_cooccurrence_graph_and_tone(frames):
    g = S.cooccurrence_graph(frames)
    ann, bo = "PERSON:ann lee", "PERSON:bo park"
    assert g.nodes[ann]["weight"] == 3 and g.edges[ann, bo]["weight"] == 1
    assert not g.has_edge(ann, next(n for n in g if g.nodes[n]["label"] == "Harbour Union"))
    tone = S.tone_by_actor(frames).set_index("name")
    assert tone.loc["Ann Lee", "article_tone"] == pytest.approx((0.4 - 0.5 + 0.2) / 3, abs=1e-3)
    assert tone.loc["Ann Lee", "quotes"] == 4


def test_filters(frames):
    assert set(S.filter_frames(frames, start="2024-01-10").articles["id"]) == {"d2", "d3"}
    assert set(S.filter_frames(frames, sources="Wire").articles["id"]) == {"d2", "d4"}
    assert set(S.filter_frames(frames, theme="Economy").articles["id"]) == {"d1", "d3"}
    assert set(S.filter_frames(frames, actor="park").articles["id"]) == {"d2", "d3"}
    sub = S.filter_frames(frames, actor="lee")
    assert set(sub.quotes["doc_key"]) <= set(sub.articles["doc_key"])


def test_actor_profile(frames):
    p = S.actor_profile(frames, "Lee")
    assert p.name == "Ann Lee" and len(p.frames) == 3
    timeline = S.actor_mentions_over_time(p)  # dated rows only: January (d1, d2)
    assert timeline["quotes"].tolist() == [3] and timeline["articles"].tolist() == [2]
    q = S.actor_quotes(p)
    assert len(q) == 4 and q.iloc[0]["link"] == "https://example.org/d1"
    assert S.actor_roles(p).iloc[0].tolist() == ["minister", 3]
    th = S.actor_themes(p).set_index("theme")
    assert th.loc["Economy", "quotes"] == 2 and th.loc["Security", "articles"] == 3  # d1, d2, d4
    assert "Bo Park" in set(S.actor_neighbours(p)["name"])
    assert S.actor_by_source(p).set_index("source").loc["Wire", "quotes"] == 2
    assert not S.actor_profile(frames, "Nobody").keys


def test_compare_groups(frames):
    assert S.default_groups(frames, "source") == ("Post", "Wire")
    groups = S.split_groups(frames, "source", "Post", "Wire")
    sov = S.compare_share_of_voice(groups)
    assert sov.loc["Ann Lee", "Post (4 attributed quotes)"] == 50.0  # 2 of Post's 4 quotes; n in the label
    themes = S.compare_theme_shares(groups)
    assert themes.loc["Security", "Wire (2 articles)"] == 100.0 and themes.loc["Economy", "Wire (2 articles)"] == 0.0
    by_actor = S.compare_actor_tone(groups)
    assert by_actor.loc["Ann Lee", "Post"] == pytest.approx(0.4) and pd.isna(by_actor.loc["Harbour Union", "Wire"])
    # a mean over one article is left out under min_count 2; with counts, each mean has its n beside it
    thin = S.compare_actor_tone(groups, min_count=2)
    assert thin.loc["Ann Lee", "Wire"] == pytest.approx(-0.15) and pd.isna(thin.loc["Ann Lee", "Post"])
    counted = S.compare_actor_tone(groups, counts=True).set_index("actor")
    assert list(counted.columns) == ["Post: tone", "Post: articles", "Wire: tone", "Wire: articles"]
    assert counted.loc["Ann Lee", "Wire: articles"] == 2 and counted.loc["Harbour Union", "Wire: articles"] == 0
    tone = S.compare_tone(groups).set_index("group")
    assert tone.loc["Post", "articles"] == 2
    a, b = S.default_groups(frames, "period")
    assert a.startswith("2024-01-05..") and b.endswith("..2024-03-02")


def test_unify_joins_surnames_within_an_article():
    r = record("x", "2024-01-01", "S", [("Anna Kovacs", "PERSON", 2), ("Kovacs", "ORG", 1)],
               [("Kovacs", "direct", [], 0.0)], [])
    f = record_frames([r])
    assert f.article_actors["actor_key"].nunique() == 1
    assert S.share_of_voice(f).iloc[0]["speaker"] == "Anna Kovacs"


def test_article_views_escape_markup():
    text = 'Hi <script>alert("x")</script> & <b>bold</b>\nMinister said "ok".'
    r = record("x", None, "<i>src</i>", [("<Evil>", "PERSON", 1)], [("<Evil>", "direct", [], 0.0)], [], text=text)
    r["actors"][0]["mentions"] = [[0, 2]]
    r["quotes"][0].update(start=45, end=49)
    out = views.highlighted_text_html(r) + views.header_html(r)
    assert "<script>" not in out and "&lt;script&gt;" in out and "<b>bold" not in out
    assert "&lt;Evil&gt;" in out and "&lt;i&gt;src" in out


def test_quotes_table_links_and_escapes(frames):
    p = S.actor_profile(frames, "Lee")
    q = S.actor_quotes(p)
    q.loc[0, "text"] = "<script>x</script>"
    q.loc[1, "link"] = "javascript:alert(1)"
    html = views.quotes_table_html(q)
    assert '<a href="https://example.org/d1"' in html
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html and 'href="javascript' not in html
    assert views.quotes_table_html(q.iloc[:0]).startswith("<p>")


def test_static_and_interactive_explorers_render_the_same_views(frames):
    seen = []
    fns = {"n": lambda f: seen.append(len(f)) or pd.DataFrame({"n": [len(f)]})}
    ex = widgets.corpus_explorer(frames, fns, interactive=False)
    assert ex.renders == 1 and seen == [4] and ex.widget() is None
    ex = widgets.corpus_explorer(frames, fns, interactive=True)
    assert set(ex.controls) == {"actor", "theme", "source", "dates"}
    ex.controls["source"].value = "Wire"
    assert seen[-1] == 2 and ex.renders == 2
    ex.controls["dates"].value = ("2024-03", "2024-03")
    assert seen[-1] == 0  # Wire has nothing in March
    ex.controls["source"].value = widgets.ANY
    assert seen[-1] == 1


def test_article_selection_filters_quotes_and_actors():
    r = small_corpus()[0]
    sel = widgets.select_article(r, {"actor": "Ann Lee", "kind": widgets.ANY, "theme": widgets.ANY})
    assert [q["speaker"] for q in sel["quotes"]] == ["Ann Lee", "Ann Lee"]
    assert [a["name"] for a in sel["actors"]] == ["Ann Lee"]
    sel = widgets.select_article(r, {"actor": widgets.ANY, "kind": "indirect", "theme": "Security"})
    assert [q["speaker"] for q in sel["quotes"]] == ["Trade Ministry"]
