"""Parties, one identity each (issue 23): a group or nationality word that names a party in context
("Republicans", "Democrats", "Tories") goes to the party, also in an article with no dateline or outlet of
its own, when the rest of the article points to the party's country; the same word in another country's
article (Paris, Prague, a New York article about conservative people) does not.

The sentences are written by hand in the style of wire political news; no corpus text.
"""

from __future__ import annotations

import pytest

from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text


def actors_of(nlp, text: str, **fields):
    article = parse_text(text, path="wire.txt", **fields)
    return resolve_actors(nlp(article.masked_text()), article)


def linked(actors, word: str) -> tuple[str | None, str | None]:
    """(gazetteer id, evidence) of the actor named by `word`, (None, its type) when it is not linked, or
    (None, None) when no actor has that name."""
    for a in actors.actors:
        if word in a.aliases or a.name == word:
            return (a.gazetteer_id, a.gazetteer_evidence) if a.gazetteer_id else (None, a.type)
    return None, None


# An undated wire story with no dateline and no outlet of a country: the people it names say where it is.
US_NO_DATELINE = ("Senate votes on the judge\n\n(Wire) - Senate Republicans defended the nominee of President "
                  "Donald Trump on Wednesday. Senator Mitch McConnell said Democrats were obstructing the "
                  "process in the U.S. Senate, and Senator Chuck Schumer said the Republicans had rushed it.")


def test_party_words_link_by_the_country_the_article_names_when_it_has_no_dateline(nlp):
    actors = actors_of(nlp, US_NO_DATELINE)
    assert linked(actors, "Republicans") == ("Republican Party", "party context US")
    assert linked(actors, "Democrats") == ("Democratic Party", "party context US")
    assert [a.name for a in actors.actors if a.gazetteer_id == "Republican Party"] == ["Republican Party"]


def test_without_any_country_a_party_word_stays_a_group(nlp):
    actors = actors_of(nlp, "Poll\n\n(Wire) - Republicans and Democrats disagreed again on Tuesday, the "
                            "poll found.")
    assert linked(actors, "Republicans")[0] is None


@pytest.mark.parametrize("dateline, word, party", [
    ("PARIS (Wire) - ", "Republicans", "The Republicans (France)"),  # the French party, not the GOP
    ("PRAGUE (Wire) - ", "Democrats", None),  # a Czech article's Democrats are no US party
])
def test_an_article_with_its_own_country_keeps_it(nlp, dateline, word, party):
    text = (f"Vote\n\n{dateline}The {word} said on Sunday they would vote against the budget. Donald Trump "
            f"and Senator Mitch McConnell were not mentioned by the {word}.")
    assert linked(actors_of(nlp, text), word)[0] == party


def test_a_foreign_paper_s_undated_story_links_party_words_by_the_country_it_is_about(nlp):
    # a London paper (outlet country GB, no dateline) on the US Senate: its Republicans are the US party
    text = ("Senate votes on the judge\n\nSenate Republicans defended the nominee of President Donald Trump in "
            "Washington on Wednesday, and Senator Mitch McConnell said the Republicans would not wait.")
    actors = actors_of(nlp, text, source="The Guardian")
    assert linked(actors, "Republicans") == ("Republican Party", "party context US")
    # the paper's own country still comes first: its Conservatives stay the British party
    text = ("Budget row\n\nThe Conservatives said on Monday they would back the budget, while Donald Trump and "
            "Senator Mitch McConnell praised the trade deal.")
    assert linked(actors_of(nlp, text, source="The Guardian"), "Conservatives")[0] == "Conservative Party"


def test_conservative_people_in_an_american_article_are_not_the_british_party(nlp):
    text = ("Vote\n\nNEW YORK (Wire) - Conservatives in the audience cheered when Senator Ted Cruz spoke, "
            "and Donald Trump thanked them.")
    assert linked(actors_of(nlp, text), "Conservatives")[0] is None


def test_party_adjectives_are_the_party_in_its_country(nlp):
    text = ("Vote\n\nWASHINGTON (Wire) - Republican Senator Mitch McConnell and Democratic Senator Chuck "
            "Schumer met on Monday. A Democrat said the talks went well.")
    actors = actors_of(nlp, text)
    assert linked(actors, "Republican")[0] == "Republican Party"
    assert linked(actors, "Democrat")[0] == "Democratic Party"


def test_a_party_name_other_countries_share_needs_the_country(nlp):
    text = ("Vote\n\nSEOUL (Wire) - The ruling Democratic Party said on Monday it would back the budget, and "
            "South Korean lawmakers agreed.")
    assert linked(actors_of(nlp, text), "Democratic Party")[0] is None  # Korea's, not the US party
    text = "Vote\n\nWASHINGTON (Wire) - The Democratic Party said on Monday it would oppose the budget."
    assert linked(actors_of(nlp, text), "Democratic Party")[0] == "Democratic Party"


def test_the_corpus_merge_keeps_parties_of_two_countries_and_near_names_apart():
    from analysis.corpus.identity import CorpusIdentity

    def org(doc, name, aliases, gid=None):
        return {"id": doc, "actors": [{"id": "a0", "name": name, "type": "ORG", "aliases": aliases,
                                       "mentions": [None], "gazetteer_id": gid}]}

    ident = CorpusIdentity()
    for rec in (org("d1", "Republican Party", ["Republicans", "GOP"], "Republican Party"),
                org("d2", "The Republicans (France)", ["Republicans", "LR"], "The Republicans (France)"),
                org("d3", "Labour Party", ["Labour"], "Labour Party"),
                org("d4", "Labor Party", ["Labor Party"]),
                org("d5", "Republican Guard", ["Republican Guard"])):
        ident.add(rec)
    ident.finish()
    names = {c.name: set(c.aliases) for c in ident.actors}
    assert {"Republican Party", "The Republicans (France)", "Labour Party", "Labor Party",
            "Republican Guard"} == set(names), names


def test_a_headline_name_the_gazetteer_match_missed_joins_the_body_s_linked_entry(nlp):
    text = ("In Ohio, the GOP Puts Its Tax Record On Display\n\nWASHINGTON (Wire) - The GOP plan is simple, "
            "Senator Mitch McConnell said on Monday.")
    actors = actors_of(nlp, text)
    assert [a.gazetteer_id for a in actors.actors if "GOP" in a.aliases] == ["Republican Party"]


def test_a_party_first_seen_unlinked_takes_the_entry_a_later_article_links():
    from analysis.corpus.identity import CorpusIdentity

    ident = CorpusIdentity()
    ident.add({"id": "d1", "actors": [{"id": "a0", "name": "May s Conservative Party", "type": "ORG",
                                       "aliases": ["May s Conservative Party", "Conservative Party"],
                                       "mentions": [None]}]})
    ident.add({"id": "d2", "actors": [{"id": "a0", "name": "Conservative Party", "type": "ORG",
                                       "aliases": ["Conservative Party"], "mentions": [None],
                                       "gazetteer_id": "Conservative Party"}]})
    ident.finish()
    assert [(c.name, c.gazetteer_id) for c in ident.actors] == [("Conservative Party", "Conservative Party")]


@pytest.mark.parametrize("dateline, linked_to", [
    ("WASHINGTON (Wire) - ", "United States House of Representatives"),  # "the House" of a US story
    ("LONDON (Wire) - ", None),  # at Westminster "the House" is the Commons: no US body
])
def test_the_house_is_the_house_of_representatives_only_in_a_us_story(nlp, dateline, linked_to):
    text = (f"Budget vote\n\n{dateline}The House passed the spending bill on Thursday after a long debate, "
            "and the bill now goes to the Senate. Members of the House said the vote was close.")
    assert linked(actors_of(nlp, text), "House")[0] == linked_to
