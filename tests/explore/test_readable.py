"""What a reader of a shared report sees: tone in words, no local paths, groups apart from actors, and the
actor and compare notebooks' controls (kernel-free here; through a real kernel in tests/test_live_controls.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.explore import summaries as S
from analysis.explore import views, widgets
from tests.support.frames import record_frames
from tests.support.reports_data import record, small_corpus


@pytest.fixture()
def frames():
    return record_frames(small_corpus())


def with_groups() -> list[dict]:
    """The small corpus plus "Republican" and "Americans" (NORP) in every article, mentioned most."""
    docs = small_corpus()
    for i, r in enumerate(docs):
        r["actors"] += [{"id": f"n{i}", "name": "Republican", "type": "NORP", "aliases": [], "roles": [],
                         "mentions": [[0, 1]] * 9},
                        {"id": f"m{i}", "name": "Americans", "type": "NORP", "aliases": [], "roles": [],
                         "mentions": [[0, 1]] * 5}]
    return docs


# ---------------------------------------------------------------- tone in words

@pytest.mark.parametrize("compound, words", [(0.1584, "slightly positive"), (-0.6, "strongly negative"),
                                             (0.01, "neutral"), (0.3, "clearly positive")])
def test_tone_is_a_sentence_not_a_dict(compound, words):
    tone = {"compound": compound, "positive": 3.2, "negative": 2.4, "polarity": 5.6, "tone": 0.8}
    text = views.tone_sentence(tone)
    assert text.startswith(f"Overall tone: {words} (VADER compound {compound:+.2f}")
    assert "-1, most negative, to +1, most positive" in text
    assert "3.2% of its words are positive, 2.4% negative" in text
    html = views.tone_html(tone)
    assert "{" not in html and "'compound'" not in html  # no raw dict printed
    assert "pw-tone-gauge" in html and "compound" not in views.tone_sentence(None)


# ---------------------------------------------------------------- paths

def test_header_shows_the_file_name_not_the_path():
    r = record("d1", None, "Post", [], [], [])
    r["path"] = "/home/analyst/secret-project/inbox/story.txt"
    assert "story.txt" in views.header_html(r) and "/home/analyst" not in views.header_html(r)
    assert "/home/analyst/secret-project/inbox/story.txt" in views.header_html(r, show_paths=True)


def test_paths_relative_to_the_input():
    assert views.display_path("/data/corpus/a/b.txt", root="/data/corpus") == "a/b.txt"
    assert views.display_path("/data/corpus.tar.gz!data/x.txt") == "corpus.tar.gz!data/x.txt"
    assert views.display_path("/elsewhere/c.txt", root="/data/corpus") == "c.txt"
    assert views.display_path("https://example.org/a") == "https://example.org/a"
    paths = pd.Series(["/srv/polnear/train/text/a.txt", "/srv/polnear/dev/text/b.txt", "https://x.org/c", None])
    assert views.relative_paths(paths).tolist()[:3] == ["train/text/a.txt", "dev/text/b.txt", "https://x.org/c"]
    assert views.relative_paths(paths, full=True).tolist()[0] == "/srv/polnear/train/text/a.txt"


def test_input_line_names_the_store_and_the_filters():
    html = views.input_html("/home/analyst/work/polnear.duckdb", "", {"source": "nyt", "actor": "", "theme": "<x>"})
    assert "<code>polnear.duckdb</code>" in html and "/home/analyst" not in html
    assert "source = nyt" in html and "theme = &lt;x&gt;" in html and "actor" not in html
    assert "/home/analyst/work/polnear.duckdb" in views.input_html("/home/analyst/work/polnear.duckdb", show_paths=True)
    assert "bundled sample" in views.input_html()


def test_actor_quotes_link_files_relative_to_the_corpus(frames):
    q = S.actor_quotes(S.actor_profile(frames, "Lee"))
    q["link"] = ["/home/me/corpus/2024/d1.txt", "/home/me/corpus/2024/d1.txt", "/home/me/corpus/misc/d2.txt",
                 "/home/me/corpus/misc/d4.txt"]
    html = views.quotes_table_html(q)
    assert "<code>2024/d1.txt</code>" in html and "/home/me" not in html
    assert "/home/me/corpus/misc/d2.txt" in views.quotes_table_html(q, show_paths=True)


# ---------------------------------------------------------------- groups and nationalities apart

def test_groups_and_nationalities_have_their_own_view():
    f = record_frames(with_groups())
    main = S.top_actors(f)
    assert "NORP" not in set(main["type"]) and main.iloc[0]["name"] == "Ann Lee"
    groups = S.top_groups(f)
    assert groups["name"].tolist() == ["Republican", "Americans"] and set(groups["type"]) == {"NORP"}
    assert "Republican" in set(S.top_actors(f, types=())["name"])  # every type, when asked
    assert "Republican" not in set(S.tone_by_actor(f)["name"])
    assert "Republican" not in set(S.actors_over_time(f).columns)
    assert all(d["type"] != "NORP" for _, d in S.cooccurrence_graph(f).nodes(data=True))
    assert "Republican" not in set(S.actor_neighbours(S.actor_profile(f, "Lee"))["name"])


def test_article_actors_split_by_type():
    r = with_groups()[0]
    assert views.actors_frame(r, views.MAIN_TYPES)["name"].tolist() == ["Ann Lee", "Trade Ministry"]
    assert views.actors_frame(r)["name"].tolist()[0] == "Republican"


# ---------------------------------------------------------------- live controls, without a kernel

def test_actor_explorer_controls_and_static_view(frames):
    seen = []
    fns = {"n": lambda p: seen.append((p.name, len(p.frames))) or pd.DataFrame({"n": [len(p.frames)]})}
    ex = widgets.actor_explorer(frames, "Lee", fns, interactive=False)
    assert seen == [("Ann Lee", 3)] and ex.widget() is None
    ex = widgets.actor_explorer(frames, "Lee", fns, interactive=True, label="Ann Lee")
    assert set(ex.controls) == {"actor", "source", "dates"}
    assert ex.controls["actor"].options[0] == ("Ann Lee", "Lee")  # the query, shown by its name
    assert seen[-1] == ("Ann Lee", 3)
    ex.controls["source"].value = "Wire"
    assert seen[-1] == ("Ann Lee", 2) and ex.renders == 2
    ex.controls["actor"].value = "Bo Park"
    assert seen[-1] == ("Bo Park", 1)  # Bo Park in Wire: d2
    ex.controls["source"].value = widgets.ANY
    ex.controls["dates"].value = ("2024-03", "2024-03")
    assert seen[-1] == ("Bo Park", 1)  # d3, in March
    assert ex.renders == 5


def test_compare_explorer_switches_between_sources_and_periods(frames):
    seen = []
    fns = {"groups": lambda g: seen.append({k: len(v) for k, v in g.items()})}
    widgets.compare_explorer(frames, "source", "Post", "Wire", fns, interactive=False)
    assert seen == [{"Post": 2, "Wire": 2}]
    ex = widgets.compare_explorer(frames, "source", "Post", "Wire", fns, interactive=True)
    assert seen[-1] == {"Post": 2, "Wire": 2}
    assert ex.controls["period_a"].layout.display == "none" and ex.controls["source_a"].layout.display == ""
    ex.controls["source_b"].value = "Post"
    assert seen[-1] == {"Post": 2}  # the same group twice: one label
    ex.controls["by"].value = "period"
    assert ex.controls["source_a"].layout.display == "none" and ex.controls["period_a"].layout.display == ""
    assert seen[-1] == {"2024-01-01..2024-01-31": 2, "2024-02-01..2024-03-31": 1}
    ex.controls["period_b"].value = ("2024-01", "2024-03")
    assert seen[-1] == {"2024-01-01..2024-01-31": 2, "2024-01-01..2024-03-31": 3}


def test_compare_controls_start_from_the_parameters(frames):
    ex = widgets.compare_explorer(frames, "period", "2024-01-01..2024-01-31", "2024-03-01..2024-03-31",
                                  {"x": lambda g: None}, interactive=True)
    assert ex.controls["period_a"].value == ("2024-01", "2024-01")
    assert ex.controls["period_b"].value == ("2024-03", "2024-03")
    assert widgets.compare_values(ex.values()) == ("period", "2024-01-01..2024-01-31", "2024-03-01..2024-03-31")
