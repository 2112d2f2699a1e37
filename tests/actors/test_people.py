"""Who is who: people sharing a surname or a given name, spelling variants of one person, headline spans,
titles and "the Leader" in speaker spans, unnamed sources -- within an article and across a corpus.

The sentences are written in the wire style of the two corpora (PolNeAR's 2016 campaign news, the Tehran
Times); the `shared` tests read real articles from ../shared (skipped where it is absent).
"""

from __future__ import annotations

import pytest

from analysis.actors.names import compatible_names, name_parts, similar_names, unnamed_kind
from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text
from analysis.quotes.attribution import extract_quotes


def actors_of(nlp, text: str, path: str = "wire.txt"):
    article = parse_text(text, path=path)
    doc = nlp(article.masked_text())
    return article, doc, resolve_actors(doc, article)


def person(actors, name: str):
    found = [a for a in actors.people() if a.name == name]
    assert len(found) == 1, (name, [(a.name, a.aliases) for a in actors.people()])
    return found[0]


def mentions_text(article, actor) -> list[str]:
    return [article.text[s:e] for s, e in actor.mentions]


# ---------------------------------------------------------------- name rules (no model)

@pytest.mark.parametrize("a, b", [
    ("Hillary Rodham Clinton", "Hillary Clinton"),       # a middle name does not block
    ("Donald J. Trump", "Donald Trump"),                  # an initial does not block
    ("Jake Sullivan", "Jacob Sullivan"),                  # English nickname (the nicknames package)
    ("Jim Comey", "James B. Comey"),
    ("Steve Bannon", "Stephen Bannon"),
    ("Tony Blair", "Antony Blair"),                       # names.yaml extra pair
    ("Bahram Qassemi", "Bahram Ghasemi"),                 # transliteration rules
    ("Behrooz Kamalvandi", "Behrouz Kamalvandi"),
    ("Mohammad Bagher Ghalibaf", "Mohammad Baqer Qalibaf"),
    ("Javad Zarif", "Mohammad Javad Zarif"),              # a Persian second given name used alone
    ("Seyyed Abbas Mousavi", "Abbas Mousavi"),            # an honorific is no name
    ("Hussein Salami", "Hossein Salami"),                 # variants group
    ("Sergey Lavrov", "Sergei Lavrov"),
])
def test_variants_of_one_name(a, b):
    assert compatible_names(a, b) and compatible_names(b, a)


@pytest.mark.parametrize("a, b", [
    ("Bill Clinton", "Hillary Clinton"), ("Chelsea Clinton", "Hillary Clinton"),
    ("Jeb Bush", "George W. Bush"), ("George H.W. Bush", "George W. Bush"),   # middle initials differ
    ("Melania Trump", "Donald Trump"), ("Ivanka Trump", "Ivana Trump"), ("Donald Trump Jr.", "Donald Trump"),
    ("Paul Ryan", "Rand Paul"), ("Paul Ryan", "Paul Manafort"), ("Rand Paul", "Ron Paul"),
    ("Abbas Mousavi", "Abdolrahim Mousavi"), ("Ali Larijani", "Sadeq Larijani"),
    ("Mohammad Bagheri", "Ali Bagheri"), ("Hassan Rouhani", "Hossein Rouhani"),
    ("Bahram Qassemi", "Rostam Qasemi"), ("Bashar al-Assad", "Hafez Assad"),
])
def test_different_people(a, b):
    assert not similar_names(a, b) and not similar_names(b, a)


def test_name_parts_leave_titles_out():
    assert name_parts("Major General Seyed Abdolrahim Mousavi").given == ("abdolrahim",)
    assert name_parts("Speaker Paul Ryan").given == ("paul",) and name_parts("Speaker Paul Ryan").surname == "ryan"
    assert not name_parts("Clinton").full and name_parts("Clinton").surname == "clinton"


@pytest.mark.parametrize("phrase, kind", [
    ("The official", "officials"), ("the official", "officials"), ("a senior U.S. official", "officials"),
    ("Informed sources", "officials"), ("A statement by the ministry", "documents and statements"),
    ("The report", "documents and statements"), ("Media reports", "media reports"),
    ("Iranian media", "media reports"), ("The campaign", "other unnamed sources"),
])
def test_unnamed_source_kinds(phrase, kind):
    assert unnamed_kind(phrase) == kind


# ---------------------------------------------------------------- within an article

CLINTONS = (
    "Clintons hit the trail\n\n"
    "NEW YORK (AP) - Hillary Clinton told supporters in Ohio on Monday that the race was tightening. "
    "Her daughter Chelsea Clinton spoke in Iowa on Sunday. Former President Bill Clinton campaigned in "
    "Florida the same day. Clinton told the crowd in Miami that his wife would fix the economy. Later, "
    "Clinton said she was confident of winning Ohio.")


def test_clintons_stay_apart_and_each_surname_finds_its_person(nlp):
    article, _, actors = actors_of(nlp, CLINTONS)
    hillary, bill = person(actors, "Hillary Clinton"), person(actors, "Bill Clinton")
    person(actors, "Chelsea Clinton")
    assert "Bill Clinton" not in hillary.aliases and "Hillary Clinton" not in bill.aliases
    # "Clinton told the crowd ... his wife": a male pronoun decides; "Clinton said she": a female one
    said_his = article.text.index("Clinton told the crowd")
    said_she = article.text.index("Clinton said she")
    assert (said_his, said_his + 7) in bill.mentions
    assert (said_she, said_she + 7) in hillary.mentions
    assert "Former President" in " ".join(bill.roles) and not any("President" in r for r in hillary.roles)


def test_pauls_ryan_and_manafort_are_three_people(nlp):
    text = ("Ryan keeps his distance\n\n"
            "WASHINGTON (Reuters) - House Speaker Paul Ryan said on Thursday he was not ready to endorse the "
            "nominee. Kentucky Sen. Rand Paul called the speech a mistake. Paul Manafort, the campaign chairman, "
            "said the party would unite. Ryan told reporters he would keep talking to the campaign.")
    article, _, actors = actors_of(nlp, text)
    ryan = person(actors, "Paul Ryan")
    person(actors, "Rand Paul")
    manafort = person(actors, "Paul Manafort")
    assert not {"Rand Paul", "Paul Manafort", "Paul"} & set(ryan.aliases)
    assert not any("campaign chairman" in r or "Kentucky" in r for r in ryan.roles), ryan.roles
    assert "Ryan" in mentions_text(article, ryan)
    assert not any("Speaker" in r for r in manafort.roles)


def test_trumps_stay_apart(nlp):
    text = ("Trump's family on stage\n\n"
            "CLEVELAND (AP) - Donald Trump accepted the nomination on Thursday. Melania Trump spoke on "
            "Monday, and his daughter Ivanka Trump introduced him. Trump said the country was in crisis.")
    article, _, actors = actors_of(nlp, text)
    donald = person(actors, "Donald Trump")
    assert not {"Melania Trump", "Ivanka Trump"} & set(donald.aliases)
    person(actors, "Melania Trump")
    person(actors, "Ivanka Trump")
    said = article.text.index("Trump said")
    assert (said, said + 5) in donald.mentions  # the salient, first-named Trump


def test_truly_ambiguous_surname_stays_unresolved(nlp):
    text = ("Two Bushes\n\n"
            "DALLAS (AP) - George W. Bush and Jeb Bush appeared together on Friday. The crowd cheered Bush.")
    _, _, actors = actors_of(nlp, text)
    w, jeb = person(actors, "George W. Bush"), person(actors, "Jeb Bush")
    assert len(w.mentions) == 1 and len(jeb.mentions) == 1
    assert any(a.name == "Bush" for a in actors.people())  # shown as an unresolved bare surname


def test_gazetteer_surname_alias_does_not_capture_a_namesake(nlp):
    """"Clinton" is a gazetteer alias of Hillary Clinton; in an article about Bill Clinton alone it is he."""
    text = ("Former president on the stump\n\n"
            "LITTLE ROCK (AP) - Former President Bill Clinton spoke at a rally on Monday. Clinton said he "
            "was proud of his record in Arkansas.")
    _, _, actors = actors_of(nlp, text)
    bill = person(actors, "Bill Clinton")
    assert len(bill.mentions) == 2 and bill.gazetteer_id is None
    assert not any(a.name == "Hillary Clinton" for a in actors.people())


def test_mousavis_spokesman_and_army_chief(nlp):
    text = ("Iran rejects statement\n\n"
            "TEHRAN – Foreign Ministry spokesman Abbas Mousavi on Monday rejected the statement as baseless. "
            "Mousavi said the ministry would summon the envoy. Separately, Army commander Major General "
            "Abdolrahim Mousavi visited the border. Mousavi said the army was ready.")
    article, _, actors = actors_of(nlp, text)
    abbas, army = person(actors, "Abbas Mousavi"), person(actors, "Abdolrahim Mousavi")
    assert mentions_text(article, abbas).count("Mousavi") == 1 and mentions_text(article, army).count("Mousavi") == 1
    assert abbas.mentions[1][0] < army.mentions[0][0] < army.mentions[1][0]


@pytest.mark.parametrize("headline, name", [
    ("Ted Cruz Apologizes For Attack Ad", "Ted Cruz"),
    ("Bernie Sanders Pins Hopes On California", "Bernie Sanders"),
    ("Glenn Beck Blasts Drudge", "Glenn Beck"),
])
def test_headline_span_trimmed_to_the_name(nlp, headline, name):
    text = (f"{headline}\n\nWASHINGTON (AP) - {name} spoke on Tuesday. Matt Drudge did not reply. "
            f"{name.split()[-1]} said the campaign would go on.")
    article, _, actors = actors_of(nlp, text)
    p = person(actors, name)
    h0, h1 = article.headline_span
    assert any(h0 <= s and e <= h1 for s, e in p.mentions)
    assert all(len(a.split()) <= 2 for a in p.aliases), p.aliases


# ---------------------------------------------------------------- speakers

LEADER = ("Leader urges unity\n\n"
          "TEHRAN – Leader of the Islamic Revolution Ayatollah Ali Khamenei said on Wednesday that the nation "
          "would not retreat. “The enemies have failed,” the Leader said. The Supreme Leader also said the "
          "sanctions had backfired.")


def speakers(nlp, text: str, path: str = "wire.txt"):
    article, doc, actors = actors_of(nlp, text, path)
    return [(q.speaker_text, q.speaker) for q in extract_quotes(doc, article, actors)]


def test_titles_before_a_name_and_the_leader_in_an_iranian_source(nlp):
    got = speakers(nlp, LEADER)
    assert got and all(who == "Ali Khamenei" for _, who in got), got
    assert {"the Leader", "The Supreme Leader"} <= {text for text, _ in got}


def test_the_leader_is_nobody_in_particular_elsewhere(nlp):
    text = ("Party leader speaks\n\nLONDON (Reuters) - The opposition met on Tuesday. “We will win,” the "
            "Leader said.")
    assert all(who != "Ali Khamenei" for _, who in speakers(nlp, text))


def test_a_role_reference_resolves_to_the_named_holder(nlp):
    text = ("Envoy says talks continue\n\n"
            "TEHRAN – Iran’s ambassador to the United Nations Majid Takht-Ravanchi met UN officials on "
            "Monday. The Iranian envoy said the talks would continue.")
    assert ("The Iranian envoy", "Majid Takht-Ravanchi") in speakers(nlp, text)


@pytest.mark.shared
def test_abbas_mousavi_article_keeps_its_spokesman(nlp, tehran_times_members):
    """A real Tehran Times article: the spokesman named once in full, then "Mousavi" seven times."""
    name = "_news_445753_Iran-s-Foreign-Ministry-We-do-not-count-on-U-S-help.txt"
    article = tehran_times_members(name)[name]
    doc = nlp(article.masked_text())
    actors = resolve_actors(doc, article)
    mousavis = [a for a in actors.people() if "Mousavi" in a.name]
    assert [a.name for a in mousavis] == ["Abbas Mousavi"], [(a.name, a.aliases) for a in mousavis]
    quoted = {q.speaker for q in extract_quotes(doc, article, actors) if "Mousavi" in (q.speaker_text or "")}
    assert quoted == {"Abbas Mousavi"}


def test_roles_of_someone_else_are_not_the_persons(nlp):
    text = ("Ryan aide speaks\n\nWASHINGTON (AP) - Brendan Buck, spokesman for House Speaker Paul Ryan, said the "
            "speaker would attend.")
    _, _, actors = actors_of(nlp, text)
    assert person(actors, "Paul Ryan").roles == ["House Speaker"]


@pytest.mark.parametrize("text, name, roles", [
    ("Azerbaijan Mr. Seyed Abbas Mousavi said the talks went well.", "Abbas Mousavi", []),  # address, no role
    ("Foreign Ministry spokesman Seyed Abbas Mousavi said the talks went well.", "Abbas Mousavi",
     ["Foreign Ministry spokesman"]),
    ("Kentucky Sen. Rand Paul said the talks went well.", "Rand Paul", ["Kentucky Sen."]),
    ("President Donald Trump said the talks went well.", "Donald Trump", ["President"]),
])
def test_forms_of_address_and_places_alone_are_no_role(nlp, text, name, roles):
    # seen in the Tehran Times actor report: "Seyed", "Azerbaijan Seyed", "Baku" listed as Abbas Mousavi's roles
    from analysis.actors.roles import roles_for_mention

    doc = nlp(text)
    i = text.index(name)
    span = doc.char_span(i, i + len(name))
    assert roles_for_mention(doc, span.start, span.end) == roles


def test_a_transcript_label_in_capitals_names_the_person_as_running_text_prints_it(nlp):
    # Transcripts (Democracy Now) label turns "NAME:"; the actor is Amy Goodman, not AMY GOODMAN, whichever
    # form comes first
    _, _, actors = actors_of(nlp, "Title\n\nMARGARET HOLLOWAY: Thank you for having me on the program today.\n\n"
                            "Margaret Holloway is a senior fellow at the institute.")
    assert [a.name for a in actors.people()] == ["Margaret Holloway"]


@pytest.mark.parametrize(("name", "printed"), [("AMY GOODMAN", "Amy Goodman"), ("BASHAR AL-ASSAD", "Bashar Al-Assad"),
                                               ("Mitch McConnell", "Mitch McConnell"), ("Ilhan Omar", "Ilhan Omar")])
def test_printed_name(name, printed):
    from analysis.actors.names import printed_name

    assert printed_name(name) == printed
