"""Actors: entity mentions resolved into people and organisations, roles, role look-ups, corpus identity."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis.actors.entities import find_mentions
from analysis.actors.gazetteer import load_gazetteer, name_key
from analysis.actors.resolve import acronym_of, cooccurrence, resolve_actors
from analysis.actors.roles import match_role_query
from analysis.corpus.identity import CorpusActor, CorpusIdentity, actors_frame
from analysis.documents.parsing import parse_text
from analysis.documents.readers import read_documents
from tests.conftest import sample_path

ANNOTATIONS = Path(__file__).resolve().parents[1] / "data" / "tehran_times_actors.yaml"


@pytest.fixture(scope="module")
def sample(nlp):
    article = next(iter(read_documents([sample_path()])))
    doc = nlp(article.masked_text())
    return article, doc, resolve_actors(doc, article)


def named(actor_set, name):
    found = [a for a in actor_set.actors if a.name == name]
    assert len(found) == 1, f"{name}: {[(a.name, a.type) for a in actor_set.actors]}"
    return found[0]


# -- the reference article -------------------------------------------------------------------------

def test_shamkhani_is_one_person_with_role_and_headline_mention(sample):
    article, _, actors = sample
    a = named(actors, "Ali Shamkhani")
    assert a.type == "PERSON"
    assert "Secretary of Iran’s Supreme National Security Council" in a.roles
    assert set(a.aliases) == {"Shamkhani", "Ali Shamkhani"}
    h0, h1 = article.headline_span
    assert any(h0 <= s and e <= h1 for s, e in a.mentions), "headline 'Shamkhani:' is a mention"
    assert len(a.mentions) == 5  # headline + 4 in the body
    assert not [x for x in actors.actors if "Shamkhani" in x.name and x is not a]


def test_fayyadh_one_person_with_chairman_role(sample):
    _, _, actors = sample
    a = named(actors, "Falih al-Fayyadh")
    assert a.type == "PERSON" and set(a.aliases) == {"Falih al-Fayyadh", "Fayyadh"}
    assert "chairman of Hashd al-Sha’abi" in a.roles


def test_three_names_of_the_pmu_are_one_org(sample):
    _, _, actors = sample
    a = named(actors, "Popular Mobilization Units")
    assert a.type == "ORG"
    assert {"Hashd al-Sha’abi", "Popular Mobilization Units", "PMU"} <= set(a.aliases)
    assert not [x for x in actors.people() if "Hashd" in x.name or "Hashd" in " ".join(x.aliases)]


def test_soleimani_and_muhandis(sample):
    _, _, actors = sample
    s = named(actors, "Qassem Soleimani")
    assert s.type == "PERSON"
    assert "Lt. General" in s.roles and "top Iranian military commander" in s.roles
    m = named(actors, "Abu Mahdi al-Muhandis")
    assert m.type == "PERSON" and "Iraqi commander" in m.roles


def test_iran_possessives_are_one_gpe(sample):
    _, _, actors = sample
    iran = named(actors, "Iran")
    assert iran.type == "GPE"
    texts = [actors.by_id(iran.id) and m.text for m in actors.mentions_of(iran.id)]
    assert "Iran" in texts and len(texts) >= 2  # "Iran’s" and "Iran" both land here
    assert len([a for a in actors.actors if name_key(a.name) == "iran"]) == 1


def test_dateline_and_spurious_title_case_are_not_actors(sample):
    article, _, actors = sample
    d = article.dateline
    assert d is not None
    assert not [m for m in actors.mentions if m.start < d.end and d.start < m.end]
    names = {a.name for a in actors.actors} | {x for a in actors.actors for x in a.aliases}
    assert "Boost Regional Stability" not in names
    assert "Solidarity" not in names
    assert not [n for n in names if "Tasnim" in n or "TEHRAN" in n]


def test_mentions_have_sentence_and_paragraph(sample):
    article, _, actors = sample
    for m in actors.mentions:
        assert article.text[m.start:m.end] == m.text
        assert m.sentence >= 0
        assert actors.by_id(m.actor_id) is not None
    headline = [m for m in actors.mentions if m.paragraph == -1]
    assert [m.text for m in headline] == ["Shamkhani", "Iraq"]


def test_actor_at_and_role_lookup(sample):
    article, _, actors = sample
    start = article.text.index("Falih al-Fayyadh")
    assert actors.actor_at(start, start + 5).name == "Falih al-Fayyadh"
    assert actors.actor_at(0, 3).name == "Ali Shamkhani"
    assert actors.actor_for_role("the top security official").name == "Ali Shamkhani"
    assert actors.actor_for_role("the PMU chairman").name == "Falih al-Fayyadh"
    assert actors.actor_for_role("the prime minister") is None
    assert actors.actor_for_role("the weather forecaster") is None


def test_cooccurrence_pairs(sample):
    _, _, actors = sample
    pairs = cooccurrence(actors)
    sham, fay = named(actors, "Ali Shamkhani").id, named(actors, "Falih al-Fayyadh").id
    pair = next(p for p in pairs if {p["a"], p["b"]} == {sham, fay})
    assert pair["sentences"] >= 1 and pair["paragraphs"] >= 1
    assert all(p["paragraphs"] >= 1 for p in pairs)


# -- rules in isolation ----------------------------------------------------------------------------

def test_acronyms():
    assert acronym_of("PMU", "Popular Mobilization Units")
    assert acronym_of("IRGC", "Islamic Revolution Guards Corps")
    assert not acronym_of("PMU", "Iraqi army")
    assert not acronym_of("Iran", "Islamic Republic Army Navy")


def test_role_query_matching():
    assert match_role_query("the prime minister", "Iraqi caretaker Prime Minister") > 0
    assert match_role_query("the foreign minister", "Iraqi caretaker Prime Minister") == 0
    assert match_role_query("the Afghan national security advisor", "President Ghani’s national security advisor",
                            "AF") > 0
    assert match_role_query("the Iranian minister", "Iraqi Foreign Minister") == 0


def test_parenthesised_and_or_aliases_without_gazetteer(nlp):
    text = ("Headline\nThe Kurdish Freedom Falcons (KFF) claimed the attack. The Northern Relief Agency, or NRA, "
            "said Marko Vilanova, director of the Northern Relief Agency, left. Vilanova said KFF was behind it.")
    article = parse_text(text, "<t>")
    actors = resolve_actors(nlp(article.masked_text()), article)
    tak = actors.by_name("KFF")
    assert tak is not None and "Kurdish Freedom Falcons" in tak.aliases
    nra = actors.by_name("NRA")
    assert nra is not None and "Northern Relief Agency" in nra.aliases
    v = actors.by_name("Vilanova")
    assert v is not None and v.name == "Marko Vilanova" and v.type == "PERSON"
    assert "director of the Northern Relief Agency" in v.roles


def test_user_gazetteer_extends_default(tmp_path, nlp):
    extra = tmp_path / "mine.yaml"
    extra.write_text("ORG:\n  - {name: Zorblax Collective, aliases: [ZBX Group], country: IR}\n", encoding="utf-8")
    gaz = load_gazetteer(str(extra))
    assert gaz.lookup("ZBX Group").name == "Zorblax Collective"
    assert gaz.lookup("Hashd al-Shaabi").name == "Popular Mobilization Units"  # default still there
    assert load_gazetteer(str(extra)) is gaz  # cached
    doc = nlp("Headline\nThe ZBX Group met in Tehran.")
    assert any(m.gazetteer_id == "Zorblax Collective" and m.label == "ORG" for m in find_mentions(doc, gaz))


# -- corpus identity --------------------------------------------------------------------------------

def record(id_, actors, cooc=(), published=None):
    return {"id": id_, "published": published, "actors": actors, "cooccurrence": list(cooc)}


def actor(id_, name, typ, aliases=(), roles=(), n=1):
    return {"id": id_, "name": name, "type": typ, "aliases": list(aliases) or [name], "roles": list(roles),
            "mentions": [[0, 1]] * n, "gazetteer_id": None}


def merged(records) -> list[CorpusActor]:
    """The corpus actors an ingest makes of these records (`CorpusIdentity`, as `analysis.corpus.keys` runs it)."""
    identity = CorpusIdentity()
    for r in records:
        identity.add(r)
    identity.finish()
    return identity.actors


def named_actor(actors: list[CorpusActor], name: str) -> CorpusActor:
    [found] = [c for c in actors if c.name == name]
    return found


def with_alias(actors: list[CorpusActor], alias: str) -> CorpusActor:
    [found] = [c for c in actors if alias in c.aliases]
    return found


def test_corpus_identity_spelling_variants_and_namesakes():
    recs = [
        record("1", [actor("a0", "Falih al-Fayyadh", "PERSON", roles=["chairman of Hashd al-Sha’abi"]),
                     actor("a1", "Hashd al-Sha’abi", "ORG", ["Hashd al-Sha’abi", "PMU"])],
               [{"a": "a0", "b": "a1", "sentences": 1, "paragraphs": 1}], "2020-01-05"),
        record("2", [actor("a0", "Faleh al-Fayad", "PERSON", roles=["national security advisor"]),
                     actor("a1", "Popular Mobilization Forces", "ORG", ["Popular Mobilization Forces", "PMF"])],
               published="2020-02-01"),
        record("3", [actor("a0", "Falih al-Fayadh", "PERSON"), actor("a1", "Ali Larijani", "PERSON",
                                                                      roles=["Parliament Speaker"])]),
        record("4", [actor("a0", "Sadegh Larijani", "PERSON", roles=["Judiciary Chief"])]),
        record("5", [actor("a0", "Larijani", "PERSON", roles=["Parliament Speaker"])]),
    ]
    actors = merged(recs)
    fay = named_actor(actors, "Falih al-Fayyadh")
    assert len(fay.articles) == 3
    assert {"Faleh al-Fayad", "Falih al-Fayadh"} <= set(fay.aliases)
    assert fay.first_seen == "2020-01-05" and fay.last_seen == "2020-02-01"
    pmu = named_actor(actors, "Popular Mobilization Units")
    assert len(pmu.articles) == 2 and {"PMU", "PMF"} <= set(pmu.aliases)
    ali = named_actor(actors, "Ali Larijani")
    [sadegh] = [c for c in actors if "Sadegh" in c.name]
    assert len(ali.articles) == 2 and len(sadegh.articles) == 1  # the speaker's surname joins the speaker only
    people = actors_frame(actors, type="PERSON", top=2)
    assert len(people) == 2 and set(people["type"]) == {"PERSON"}


def test_corpus_fuzzy_search_among_many_names():
    """The blocked fuzzy search still finds spelling variants when thousands of other names are known,
    and keeps apart people who share only a first name."""
    filler = [record(f"f{i}", [actor("a0", f"Person{i} Name{i}x", "PERSON"),
                               actor("a1", f"Agency{i} Board{i}", "ORG")]) for i in range(2000)]
    recs = [
        record("1", [actor("a0", "Abbas Qalibaf", "PERSON", roles=["Tehran mayor"]),
                     actor("a1", "Zagros Petrochemical Holding", "ORG")]),
        *filler,
        record("2", [actor("a0", "Abbas Ghalibaf", "PERSON", roles=["Tehran mayor"]),
                     actor("a1", "Zagross Petrochemicals Holding", "ORG")]),
        record("3", [actor("a0", "Abbas Nobakht", "PERSON", roles=["Tehran mayor"])]),
    ]
    actors = merged(recs)
    person = with_alias(actors, "Abbas Ghalibaf")  # surnames differ at the start
    assert len(person.articles) == 2 and "Abbas Qalibaf" in person.aliases
    company = with_alias(actors, "Zagross Petrochemicals Holding")
    assert len(company.articles) == 2 and "Zagros Petrochemical Holding" in company.aliases
    other = with_alias(actors, "Abbas Nobakht")
    assert len(other.articles) == 1


def test_corpus_identity_of_analyses(sample):
    from analysis.records import ArticleAnalysis

    article, _, actors = sample
    analysis = ArticleAnalysis(article=article, actors=actors.actors, cooccurrence=cooccurrence(actors))
    ident = CorpusIdentity()
    links = ident.add(analysis)
    shamkhani = next(a for a in actors.actors if a.name == "Ali Shamkhani")
    corpus_actor = next(c for c in ident.actors if c.id == links[shamkhani.id])
    assert (corpus_actor.name, corpus_actor.type, corpus_actor.mentions) == ("Ali Shamkhani", "PERSON", 5)
    assert len(ident.actors) == len({links[a.id] for a in actors.actors})  # one identity per article actor
    people = sorted((c for c in merged([analysis]) if c.type == "PERSON"), key=lambda c: -c.mentions)
    assert (people[0].name, people[0].mentions) == ("Ali Shamkhani", 5)


# -- hand-annotated Tehran Times articles -----------------------------------------------------------

CASES = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8"))


@pytest.mark.shared
@pytest.mark.parametrize("case", CASES, ids=[c["file"][:40] for c in CASES])
def test_tehran_times_annotations(case, nlp, tehran_times_members):
    article = tehran_times_members(case["file"])[case["file"]]
    actors = resolve_actors(nlp(article.masked_text()), article)
    for want in case["actors"]:
        a = named(actors, want["name"])
        assert a.type == want["type"], (want["name"], a.type)
        assert set(want.get("aliases", [])) <= set(a.aliases), (want["name"], a.aliases)
        for role in want.get("roles", []):
            assert any(role in r for r in a.roles), (want["name"], role, a.roles)
    names = {a.name for a in actors.actors}
    for bad in case.get("not_actors", []):
        assert bad not in names
    for bad in case.get("not_people", []):
        assert bad not in {a.name for a in actors.people()}
    for query, who in (case.get("roles") or {}).items():
        got = actors.actor_for_role(query)
        assert got is not None and got.name == who, (query, got and got.name)
