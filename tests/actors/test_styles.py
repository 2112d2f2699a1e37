"""Titles and forms of address as evidence of who is meant (issue 23): royals, peers, the pope and "Mrs"
are kept in the name parts, and neither a shared given name, a nickname pair nor a shared surname joins
names whose styles disagree. Capitalised common words ("Bill", "Treasury") are not people.

The sentences are written in the style of British political news (a royal and a politician sharing a given
name, "Mrs <Surname>" beside a male leader of that surname); no corpus text.
"""

from __future__ import annotations

import pytest

from analysis.actors.names import compatible_names, name_parts, styles_conflict
from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text


def actors_of(nlp, text: str):
    article = parse_text(text, path="wire.txt")
    return resolve_actors(nlp(article.masked_text()), article)


def people(actors) -> dict[str, set[str]]:
    return {a.name: set(a.aliases) for a in actors.people()}


def holder_of(actors, alias: str) -> str | None:
    return next((a.name for a in actors.actors if alias in a.aliases), None)


@pytest.mark.parametrize("text, given, surname, style, gender", [
    ("Prince Harry", ("harry",), "", "royal", "male"),            # a royal's given name is no surname
    ("Pope Francis", ("francis",), "", "clerical", "male"),
    ("Queen Elizabeth II", ("elizabeth",), "", "royal", "female"),
    ("Crown Prince Mohammed bin Salman", ("mohammed",), "salman", "royal", "male"),
    ("Mrs May", (), "may", "address", "female"),
    ("Lord Smith", (), "smith", "noble", "male"),
    ("Sir Tim Barrow", ("tim",), "barrow", "knight", "male"),
])
def test_styles_are_kept_in_the_name_parts(text, given, surname, style, gender):
    p = name_parts(text)
    assert (p.given, p.surname, p.style, p.gender) == (given, surname, style, gender)


@pytest.mark.parametrize("a, b, same", [
    ("Prince Harry", "Harry Reid", False),            # a royal and a politician sharing a given name
    ("King Salman", "Salman Rushdie", False),
    ("Mrs Corbyn", "Jeremy Corbyn", False),           # a gendered form of address against a man's name
    ("Lord Smith", "Mr Smith", False),                # a peer is not addressed as Mr
    ("Crown Prince Mohammed bin Salman", "Mohammed bin Salman", True),   # a style on one side only
    ("Sir Oliver Letwin", "Oliver Letwin", True),
    ("Mrs May", "Theresa May", True),
])
def test_compatibility_respects_styles(a, b, same):
    assert compatible_names(a, b) == same


def test_style_conflicts():
    assert styles_conflict(name_parts("Mrs Corbyn"), name_parts("Jeremy Corbyn"))
    assert styles_conflict(name_parts("Lord Smith"), name_parts("Mr Smith"))
    assert not styles_conflict(name_parts("General Smith"), name_parts("Mr Smith"))


def test_a_royal_is_not_the_politician_with_his_given_name(nlp):
    actors = actors_of(nlp, "Prince Harry visited the Senate. Harry Reid showed him round. "
                            "Prince Harry thanked Reid.")
    names = people(actors)
    assert "Prince Harry" in names and "Harry Reid" in names
    assert "Prince Harry" not in names["Harry Reid"]


def test_a_nickname_pair_does_not_join_a_bare_given_name(nlp):
    # "Harry" is a nickname of Harold in the nicknames data: a bare "Harry" is not Harold Wilson
    actors = actors_of(nlp, "Harold Wilson led the government in 1966. Decades later Harry spoke about it.")
    assert holder_of(actors, "Harry") != "Harold Wilson"


def test_mrs_surname_is_not_the_male_leader_of_that_surname(nlp):
    actors = actors_of(nlp, "Jeremy Corbyn addressed the party conference on Tuesday. "
                            "Mrs Corbyn said she was proud of the campaign.")
    assert holder_of(actors, "Jeremy Corbyn") != holder_of(actors, "Mrs Corbyn")


def test_mr_surname_is_never_a_given_name(nlp):
    actors = actors_of(nlp, "The report was written by Johnson Smith, an economist. "
                            "Mr Johnson said the figures were wrong.")
    owner = [a.name for a in actors.people() if any(x.endswith("Johnson") for x in a.aliases)]
    assert "Johnson Smith" not in owner


@pytest.mark.parametrize("text, word", [
    ("The Bill was approved by 310 votes to 220 after a long debate.", "Bill"),
    ("Treasury said the figures would be published on Monday.", "Treasury"),
])
def test_capitalised_common_words_are_not_people(nlp, text, word):
    actors = actors_of(nlp, text)
    assert all(word not in a.aliases for a in actors.people())


def test_bill_stays_a_person_beside_bill_clinton(nlp):
    actors = actors_of(nlp, "Bill Clinton campaigned in Ohio. Bill told voters the economy was improving.")
    assert holder_of(actors, "Bill") == "Bill Clinton"
