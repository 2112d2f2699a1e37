"""Role descriptors (issue 23): "shadow X" and "deputy X" are other offices, junk roles ending in a form of
address are dropped, and the gazetteer's titles answer "the prime minister" only as offices held at the
article's date. Sentences in the style of British political news; no corpus text."""

from __future__ import annotations

import pytest

from analysis.actors.gazetteer import parse_entries
from analysis.actors.offices import match_role_query, single_holder_office
from analysis.actors.resolve import _offices_at, resolve_actors
from analysis.documents.parsing import parse_text


def actors_of(nlp, text: str):
    article = parse_text(text, path="wire.txt")
    return resolve_actors(nlp(article.masked_text()), article)


@pytest.mark.parametrize("query, role, fits", [
    ("the chancellor", "shadow chancellor", False),
    ("the shadow chancellor", "shadow chancellor", True),
    ("the prime minister", "deputy prime minister", False),
    ("the president", "former president", False),
    ("the prime minister", "Prime Minister", True),
    ("the home secretary", "shadow home secretary", False),
    # a title abbreviation names the office it abbreviates
    ("the governor", "Gov.", True),
    ("the governor", "Democratic Gov.", True),
    ("the senator", "Sen.", True),
    ("the congresswoman", "Rep.", True),
    ("the rep", "Rep.", True),
    ("the governor", "Sen.", False),
    ("the governor", "Lt. Gov.", False),  # the lieutenant governor is another office
    ("the lieutenant governor", "Lt. Gov.", True),
])
def test_offices_shadow_deputy_former_and_abbreviated(query, role, fits):
    assert (match_role_query(query, role) > 0) == fits


def test_the_chancellor_is_not_the_shadow_chancellor(nlp):
    actors = actors_of(nlp, "Shadow chancellor Oliver Letwin attacked the budget. Chancellor Gordon Brown "
                            "defended it in the Commons.")
    got = actors.actor_for_role("the chancellor")
    assert got is not None and got.name == "Gordon Brown"
    letwin = next(a for a in actors.people() if a.name == "Oliver Letwin")
    assert any("hadow chancellor" in r for r in letwin.roles), letwin.roles  # kept whole


def test_a_role_closed_by_a_form_of_address_is_junk(nlp):
    actors = actors_of(nlp, "In a television interview Mr Howard said the party would win.")
    assert all(not r.endswith("Mr") and r != "interview" for a in actors.people() for r in a.roles)


def test_gazetteer_titles_count_only_at_the_articles_date():
    entry = parse_entries({"PERSON": [{"name": "Tony Blair", "country": "GB", "roles": [
        {"role": "Prime Minister", "from": "1997-05-02", "to": "2007-06-27"}, "Labour leader"]}]})[0]
    assert _offices_at(entry, "2005-03-01") == ["Prime Minister"]
    assert _offices_at(entry, "2010-01-01") == []       # a later article: someone else held it
    assert _offices_at(entry, None) == []               # no date: no timeless list


@pytest.mark.parametrize("phrase, single", [
    ("the prime minister", True), ("the Lebanese president", True), ("the premier", True),
    ("the spokesman", False), ("the judge", False), ("the court", False),
])
def test_offices_with_one_holder(phrase, single):
    assert single_holder_office(phrase) == single


def test_the_governor_is_the_governor_the_article_names_by_abbreviated_title(nlp):
    from analysis.quotes import extract_quotes

    text = ("Lockdown ordered\n\nGov. Andrew Cuomo ordered a statewide lockdown on Friday as cases rose.\n\n"
            "\"That is good news,\" the governor said of the new figures.")
    article = parse_text(text, path="wire.txt")
    doc = nlp(article.masked_text())
    actors = resolve_actors(doc, article)
    quotes = [q for q in extract_quotes(doc, article, actors) if q.speaker_text and "governor" in q.speaker_text]
    assert quotes, "the quote by 'the governor' was not found"
    assert all(actors.by_id(q.speaker_id).name == "Andrew Cuomo" for q in quotes if q.speaker_id), quotes
    assert all(q.speaker_id for q in quotes), quotes


def test_a_title_the_parser_split_off_as_its_own_sentence_is_still_the_role(nlp):
    # the small model ends a sentence after a line-initial "President" ("President | Trump on Sunday called")
    text = ("Trump blasts newspaper over report on deal\n\n"
            "President Trump on Sunday called the newspaper the enemy of the people for its report.")
    actors = actors_of(nlp, text)
    trump = next(a for a in actors.people() if "Trump" in a.name)
    assert "President" in trump.roles, trump.roles
