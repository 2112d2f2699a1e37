"""Entity layer context rules: all-caps lines, sports metonymy, name edges, surnames, nested gazetteer names."""

from __future__ import annotations

from analysis.actors.entities import find_mentions
from analysis.actors.gazetteer import load_gazetteer


def labels(nlp, text: str) -> dict[str, set[str]]:
    """Mention text -> the labels it got."""
    out: dict[str, set[str]] = {}
    for m in find_mentions(nlp(text)):
        out.setdefault(m.text, set()).add(m.label)
    return out


def test_city_as_a_side_is_the_club_but_a_country_stays_a_place(nlp):
    found = labels(nlp, "Results of matches on Saturday:\nChicago 5 Pittsburgh 1\nJapan 2 Syria 1\n"
                        "Chicago beat Pittsburgh again after a long rain delay in Chicago.\n")
    assert found["Pittsburgh"] == {"ORG"}
    assert found["Japan"] == {"GPE"} and found["Syria"] == {"GPE"}
    chicago = [m for m in find_mentions(nlp("Chicago beat Pittsburgh 5-1 on Friday.\n"
                                            "The fans celebrated in Chicago all night.\n"))
               if m.text == "Chicago"]
    assert [m.label for m in chicago] == ["ORG", "GPE"]  # the side, then the city ("in Chicago")


def test_untagged_sides_in_a_result_line(nlp):
    found = labels(nlp, "Division one results:\nPuchon 2 Chonbuk 1\nUlsan 3 Pohang 0\n")
    assert {"Puchon", "Chonbuk", "Ulsan", "Pohang"} <= set(found)
    assert found["Chonbuk"] == {"ORG"}


def test_no_team_without_a_sports_context(nlp):
    found = labels(nlp, "Chicago and Pittsburgh reported 5 new cases of measles on Friday.\n")
    assert found.get("Chicago") == found.get("Pittsburgh") == {"GPE"}  # found, as the cities they are


def test_all_caps_headline_is_read_with_restored_case(nlp):
    text = ("CRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY .\n"
            "Leicestershire took over at the top on Friday after an innings victory over Somerset .\n")
    ms = find_mentions(nlp(text))
    head = [m for m in ms if m.end <= text.index("\n")]
    assert [m.text for m in head] == ["LEICESTERSHIRE"], [(m.text, m.label) for m in head]
    assert all(text[m.start:m.end] == m.text for m in ms)  # offsets still index the original text


def test_names_do_not_end_in_scores_or_possessives(nlp):
    found = labels(nlp, "Kent 108-3 at the close, Surrey 429-7.\nThe Tasnim news agency quoted Ronald Reagan 's aide.\n")
    assert {"Kent", "Surrey", "Ronald Reagan"} <= set(found), found  # the names are found, trimmed
    assert not [t for t in found if t[-1].isdigit() or t.endswith(("'s", "agency"))], found


def test_surname_beats_a_one_word_place(nlp):
    ms = find_mentions(nlp("MaliVai Washington lost to Alex O'Brien.\nMichael Jordan scored 30 points. "
                           "Later Jordan said he was tired.\n"))
    assert {m.label for m in ms if m.text == "Jordan"} == {"PERSON"}


def test_known_name_inside_a_longer_name_is_not_that_actor(nlp):
    gaz = load_gazetteer()
    ms = find_mentions(nlp("President Bill Clinton met leaders of the Kurdistan Democratic Party on Friday.\n"))
    ids = {m.text: m.gazetteer_id for m in ms}
    assert "Bill Clinton" in ids and "Clinton" not in ids
    assert ids["Bill Clinton"] != gaz.lookup("Hillary Clinton").id
    assert "Kurdistan Democratic Party" in ids
    ms = find_mentions(nlp("Iran’s Supreme National Security Council met on Sunday.\n"))
    assert any(m.gazetteer_id for m in ms if "Supreme National Security Council" in m.text)


def test_the_word_of_an_office_is_no_organisation(nlp):
    # 'Secretary of State' gave an actor "State" (ORG) in the top-20 of new Reuters copy (session 10)
    found = labels(nlp, "WASHINGTON - U.S. Secretary of State John Kerry met the state's governor. The Secretary of "
                        "State said the talks went well. The chairman of Google attended.")
    assert "State" not in found
    assert found["John Kerry"] == {"PERSON"} and found["Google"] == {"ORG"}
