"""Themes in the IPTC Media Topics tree (issue 24): the vocabulary, placement, evidence rules, weights, codes
in records and the store, `themes list --tree`, and where `themes discover` puts a new topic."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.corpus.rows import SCHEMA, record_rows
from analysis.documents.parsing import parse_text
from analysis.errors import PressworkError
from analysis.pipeline import analyze_documents
from analysis.settings import Settings
from analysis.themes.discover import propose_place
from analysis.themes.iptc import mediatopics, rollup
from analysis.themes.matcher import get_theme_matcher, load_taxonomy

TOPS = {"medtop:01000000", "medtop:02000000", "medtop:03000000", "medtop:04000000", "medtop:05000000",
        "medtop:06000000", "medtop:07000000", "medtop:08000000", "medtop:09000000", "medtop:10000000",
        "medtop:11000000", "medtop:12000000", "medtop:13000000", "medtop:14000000", "medtop:15000000",
        "medtop:16000000", "medtop:17000000"}
# the level-2 branches the issue names: politics, economy, crime/law, conflict, health, education,
# environment, society, labour, science/technology, sport, arts/culture, disaster, religion, human interest
NAMED = TOPS - {"medtop:10000000", "medtop:17000000"}


def themes_of(nlp, text: str, path: str | None = None) -> list[str]:
    return [m.theme for m in get_theme_matcher(nlp, path, Settings().cache_path()).matches(nlp(text))]


def record_of(nlp, text: str, themes_file: str | None = None) -> dict:
    article = parse_text(text, "a.txt", id="a")
    return next(iter(analyze_documents([article], Settings(themes_file=themes_file), nlp=nlp))).to_record()


# ---------------------------------------------------------------- vocabulary and taxonomy

def test_vocabulary_has_the_17_top_levels_and_their_level_2_topics():
    vocab = mediatopics()
    assert set(vocab.tops()) == TOPS
    assert vocab.label("medtop:11000000") == "politics"
    assert vocab.path("medtop:20000579") == ["medtop:11000000", "medtop:20000574", "medtop:20000579"]
    assert vocab.at_level("medtop:20000579", 2) == "medtop:20000574"
    assert vocab.at_level("medtop:11000000", 2) == "medtop:11000000"  # a top level stays itself
    assert sum(vocab.level(q) == 2 for q in vocab.topics) >= 100


def test_taxonomy_covers_every_top_level_and_the_named_level_2_branches():
    taxonomy = load_taxonomy()
    vocab = mediatopics()
    assert len(taxonomy) >= 120
    assert {t["medtop_top"] for t in taxonomy} == TOPS
    level2 = {vocab.at_level(t["qcode"], 2) for t in taxonomy}
    for top in NAMED:  # every level-2 topic under the named subjects has a theme
        missing = [q for q in vocab.children(top) if q not in level2]
        assert not missing, f"{vocab.label(top)}: no theme for {[vocab.label(q) for q in missing]}"
    for t in taxonomy:
        assert t["qcode"] in vocab and t["medtop_top"] == vocab.top(t["qcode"]), t["id"]


def test_the_first_22_themes_sit_under_their_iptc_parents():
    by_id = {t["id"]: t for t in load_taxonomy()}
    assert by_id["ELECTIONS_DEMOCRACY"]["qcode"] == "medtop:20000574" and not by_id["ELECTIONS_DEMOCRACY"]["is_topic"]
    assert by_id["TERRORISM_EXTREMISM"]["medtop_top"] == "medtop:16000000"
    assert by_id["PUBLIC_HEALTH"]["medtop_top"] == "medtop:07000000"
    assert by_id["CORRUPTION"]["medtop_top"] == "medtop:02000000"


def test_user_themes_are_placed_under_a_parent(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("themes:\n"
                    "- {id: FOXHUNT, label: Fox hunting, parent: medtop:20000538, include: [hunt saboteurs]}\n"
                    "- {id: GRAMMAR_SCHOOLS, parent: SCHOOL, include: [grammar schools]}\n"
                    "- {id: LOOSE, include: [loose phrase]}\n", encoding="utf-8")
    by_id = {t["id"]: t for t in load_taxonomy(str(path))}
    assert by_id["FOXHUNT"]["qcode"] == "medtop:20000538" and by_id["FOXHUNT"]["medtop_top"] == "medtop:10000000"
    assert by_id["GRAMMAR_SCHOOLS"]["qcode"] == "medtop:20000400"  # its parent theme's topic
    assert by_id["LOOSE"]["qcode"] is None


@pytest.mark.parametrize("line, message", [
    ("- {id: X, parent: medtop:99999999, include: [x y]}", "not an IPTC Media Topic"),
    ("- {id: X, medtop: medtop:99999999, include: [x y]}", "not an IPTC Media Topic"),
    ("- {id: X, parent: NO_SUCH_THEME, include: [x y]}", "neither a QCode"),
    ("- {id: X, parent: Y, include: [x y]}\n- {id: Y, parent: X, include: [y z]}", "loops"),
])
def test_bad_placements_are_explained(tmp_path, line, message):
    path = tmp_path / "bad.yaml"
    path.write_text("themes:\n" + line + "\n", encoding="utf-8")
    with pytest.raises(PressworkError, match=message):
        load_taxonomy(str(path))


# ---------------------------------------------------------------- evidence, not stray words (issue 24)

@pytest.mark.parametrize("text, theme", [
    ("Councils warned that frontline services face cuts in the budget.", "MILITARY_CONFLICT"),
    ("According to the head teacher, talks with parents went well.", "DIPLOMACY_RELATIONS"),
    ("The Countryside Alliance defended hunting with hounds.", "REGIONAL_ALLIANCES_RESISTANCE"),
    ("The school's discipline policy protects the health of pupils.", "PUBLIC_HEALTH"),
    ("The war on poverty is a long one, the minister said.", "MILITARY_CONFLICT"),
])
def test_a_stray_or_guarded_word_makes_no_theme(nlp, text, theme):
    assert theme not in themes_of(nlp, text)


def test_a_weak_word_counts_beside_a_specific_cue(nlp):
    assert "DIPLOMACY_RELATIONS" not in themes_of(nlp, "The talks went on.")
    found = themes_of(nlp, "The foreign minister said the talks went on.")
    assert found.count("DIPLOMACY_RELATIONS") == 2  # "foreign minister" lets "talks" count


def test_british_domestic_subjects_have_themes(nlp):
    assert "TAXATION" in themes_of(nlp, "The chancellor announced an income tax cut.")
    assert "SCHOOL" in themes_of(nlp, "Head teachers said secondary schools need funding.")
    assert "BREXIT_EU_MEMBERSHIP" in themes_of(nlp, "Voters will decide on EU membership in the referendum.")
    assert "REGIONAL_GOVERNMENT" in themes_of(nlp, "Devolution gave the Scottish Parliament new powers.")
    assert "HUNTING_COUNTRYSIDE" in themes_of(nlp, "The hunting ban angered the countryside lobby.")
    assert "RETIREMENT" in themes_of(nlp, "Pensioners will see the state pension rise.")
    assert "POLICE" in themes_of(nlp, "Police officers arrested two men.")


def test_the_finer_theme_takes_the_words_it_shares_with_its_parent(nlp):
    found = themes_of(nlp, "The presidential election is near.")
    assert found == ["ELECTIONS_DEMOCRACY"]  # not also ELECTION, its IPTC parent


def test_headline_and_lead_weigh_more_than_the_body(nlp):
    text = ("Tax cuts for families\nLONDON - The chancellor spoke on Monday. Nothing was said after that. "
            "Later, she visited a school. Then a school again.")
    themes = record_of(nlp, text)["themes"]
    assert themes[0]["theme"] == "TAXATION"  # one headline mention outweighs two body mentions
    school = next(t for t in themes if t["theme"] == "SCHOOL")
    assert school["count"] == 2 and themes[0]["count"] == 1


def test_records_and_store_rows_carry_the_iptc_codes(nlp):
    record = record_of(nlp, "Strike shuts schools\nLONDON - Teachers went on strike over pay.")
    assert all(t["medtop"] and t["medtop_top"] for t in record["themes"])
    rows = record_rows(record, doc_key="k", doc_hash="h", run_id=1, at=None)["themes"]
    assert {r["theme"]: (r["medtop"], r["medtop_top"]) for r in rows}["LABOUR_RELATIONS"] == (
        "medtop:20000524", "medtop:09000000")
    assert ("medtop", "VARCHAR") in SCHEMA["themes"] and ("medtop_top", "VARCHAR") in SCHEMA["themes"]
    tops = [q for q, _ in rollup(record["themes"], 1)]
    assert set(tops[:2]) == {"medtop:09000000", "medtop:05000000"}  # labour, education


def test_rollup_sums_scores_per_level():
    themes = [{"medtop": "medtop:20000579", "score": 2.0}, {"medtop": "medtop:20000574", "score": 1.0},
              {"medtop": "medtop:20000400", "score": 2.5}, {"medtop": None, "score": 9.0}]
    assert rollup(themes, 1) == [("medtop:11000000", 3.0), ("medtop:05000000", 2.5)]
    assert rollup(themes, 2)[0] == ("medtop:20000574", 3.0)


# ---------------------------------------------------------------- CLI and discovery

def test_themes_list_tree_shows_the_hierarchy(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("themes:\n- {id: LOOSE, include: [loose phrase]}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["themes", "list", "--tree", "--themes", str(path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("medtop:11000000  POLITICS") < out.index("medtop:20000574  election") < out.index(
        "ELECTIONS_DEMOCRACY")
    assert "NOT PLACED" in out and "LOOSE" in out.split("NOT PLACED")[1]
    assert "(finer: under election)" in out


def test_discover_proposes_where_a_topic_belongs():
    taxonomy = load_taxonomy()
    covered = {"SOCCER": 3}
    assert propose_place(["football", "striker", "goalkeeper"], covered, taxonomy)[0] == "medtop:20000822"
    place, why = propose_place(["music", "concert", "album"], {}, [])
    assert mediatopics().top(place) == "medtop:01000000", why
