"""Corpus identities of people: families and namesakes apart, variants together, bare surnames decided by
the one compatible person or the context, the analyst's identity file, and the review listing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from analysis.cli import main as cli
from analysis.corpus.identity import CorpusIdentity, IdentityRules
from analysis.errors import DataFileError
from analysis.explore.summaries import share_of_voice
from tests.support.frames import record_frames


def record(id_, actors, cooc=(), published=None):
    return {"id": id_, "published": published, "actors": actors, "cooccurrence": list(cooc)}


def person(id_, name, aliases=(), roles=(), gid=None):
    return {"id": id_, "name": name, "type": "PERSON", "aliases": list(aliases) or [name], "roles": list(roles),
            "mentions": [[0, 1]], "gazetteer_id": gid}


def org(id_, name):
    return {"id": id_, "name": name, "type": "ORG", "aliases": [name], "roles": [], "mentions": [[0, 1]],
            "gazetteer_id": None}


def together(a="a0", b="a1"):
    return {"a": a, "b": b, "sentences": 1, "paragraphs": 1}


def people_of(records, identity_file=None) -> dict:
    """The corpus people an ingest makes of these records, by name."""
    ident = CorpusIdentity(identity_file=identity_file)
    for r in records:
        ident.add(r)
    ident.finish()
    return {c.name: c for c in ident.actors if c.type == "PERSON"}


def identities(records, identity_file=None) -> dict[str, set[str]]:
    return {name: set(c.aliases) for name, c in people_of(records, identity_file).items()}


FAMILIES = [
    record("1", [person("a0", "Hillary Clinton", ["Hillary Clinton", "Clinton"], gid="Hillary Clinton"),
                 person("a1", "Bill Clinton", ["Bill Clinton"], ["Former President"])]),
    record("2", [person("a0", "Bill Clinton", ["Bill Clinton", "Clinton"], ["former president"])]),
    record("3", [person("a0", "Hillary Rodham Clinton"), person("a1", "Chelsea Clinton")]),
    record("4", [person("a0", "Paul Ryan", ["Paul Ryan", "Ryan"], ["House Speaker"]),
                 person("a1", "Rand Paul", ["Rand Paul", "Paul"], ["Kentucky Sen."])]),
    record("5", [person("a0", "Paul Manafort", ["Paul Manafort"], ["campaign chairman"]),
                 person("a1", "Paul D. Ryan", ["Paul D. Ryan"], ["Speaker"])]),
    record("6", [person("a0", "George W. Bush", gid="George W. Bush"), person("a1", "George H.W. Bush"),
                 person("a2", "Jeb Bush")]),
    record("7", [person("a0", "Donald Trump", ["Donald Trump", "Trump"], gid="Donald Trump"),
                 person("a1", "Melania Trump"), person("a2", "Ivanka Trump"), person("a3", "Ivana Trump"),
                 person("a4", "Donald Trump Jr.")]),
]


def test_families_and_namesakes_stay_apart():
    people = identities(FAMILIES)
    for name in ("Hillary Clinton", "Bill Clinton", "Chelsea Clinton", "Paul Ryan", "Rand Paul", "Paul Manafort",
                 "George W. Bush", "George H.W. Bush", "Jeb Bush", "Donald Trump", "Melania Trump",
                 "Ivanka Trump", "Ivana Trump", "Donald Trump Jr."):
        assert name in people, (name, sorted(people))
    assert "Hillary Rodham Clinton" in people["Hillary Clinton"] and "Bill Clinton" not in people["Hillary Clinton"]
    assert "Paul D. Ryan" in people["Paul Ryan"] and not {"Rand Paul", "Paul Manafort"} & people["Paul Ryan"]


def test_paul_ryan_profile_has_only_his_roles():
    roles = people_of(FAMILIES)["Paul Ryan"].roles
    assert set(roles) == {"House Speaker", "Speaker"}, roles


def test_transliterations_and_nicknames_join():
    people = identities([
        record("1", [person("a0", "Bahram Qassemi", roles=["Foreign Ministry spokesman"])]),
        record("2", [person("a0", "Bahram Ghasemi")]),
        record("3", [person("a0", "Mohammad Bagher Ghalibaf"), person("a1", "Rostam Qasemi")]),
        record("4", [person("a0", "Mohammad Baqer Qalibaf")]),
        record("5", [person("a0", "Jake Sullivan")]), record("6", [person("a0", "Jacob Sullivan")]),
        record("7", [person("a0", "Seyyed Abbas Mousavi")]), record("8", [person("a0", "Abbas Mousavi")]),
    ])
    assert people["Bahram Qassemi"] >= {"Bahram Qassemi", "Bahram Ghasemi"}
    assert "Rostam Qasemi" in people and "Rostam Qasemi" not in people["Bahram Qassemi"]
    assert {"Mohammad Bagher Ghalibaf", "Mohammad Baqer Qalibaf"} <= next(
        v for k, v in people.items() if "alibaf" in k)
    assert {"Jake Sullivan", "Jacob Sullivan"} <= next(v for k, v in people.items() if "Sullivan" in k)
    assert {"Seyyed Abbas Mousavi", "Abbas Mousavi"} <= next(v for k, v in people.items() if "Abbas" in k)


def test_a_bare_given_name_finds_the_same_people_as_a_scan_of_everyone():
    # the given-name index must find exactly (and in the same order) the people a test of `same_given`
    # without nickname pairs or initials against every person's first given name finds: transliterations
    # and variant groups (a bare "Francis" is not Frank Gaffney: issue 23; a bare "Jim" is not "J. Smith",
    # or every bare "Slideshow" and "Springsteen" of a corpus went to its one "S. Lee Merritt")
    from analysis.actors.names import name_parts, same_given
    from analysis.corpus.identity import _GivenNameIndex

    full = ["James Baker", "Jim Webb", "Jimmy Carter", "Charles Schumer", "Chuck Grassley", "Behrooz Kamalvandi",
            "Behrouz Nemati", "Anthony Blinken", "Tony Blair", "J. Smith", "Bill Clinton", "William Hague",
            "Hillary Clinton", "Mohammad Javad Zarif", "Mohamed Morsi", "Muhammad Ali", "Bernie Sanders"]
    ident = CorpusIdentity()
    for n, name in enumerate(full):
        ident.add(record(str(n), [person("a0", name)]))
    index = _GivenNameIndex(ident._people)
    for word in ["jim", "james", "jimmy", "chuck", "charles", "behrouz", "tony", "antony", "j", "jack", "bill",
                 "william", "hillary", "mohammed", "javad", "bernard", "bernie", "zarif", "x"]:
        scan = list({id(c): c for cs in ident._people.values() for c in cs
                     if any(name_parts(f).given and same_given(name_parts(f).given[0], word, nicknames=False,
                                                               initials=False)
                            for f in c.full_names)}.values())
        assert [c.name for c in index.people(word)] == [c.name for c in scan], word
    assert {c.name for c in index.people("jim")} == {"Jim Webb"}
    assert {c.name for c in index.people("j")} == {"J. Smith"}
    assert "Bill Clinton" not in {c.name for c in index.people("hillary")}


MOUSAVIS = [
    record("1", [person("a0", "Abbas Mousavi", ["Abbas Mousavi", "Mousavi"], ["Foreign Ministry spokesman"]),
                 org("a1", "Foreign Ministry")], [together()]),
    record("2", [person("a0", "Abdolrahim Mousavi", ["Abdolrahim Mousavi"], ["Army commander"], "Abdolrahim Mousavi"),
                 org("a1", "Iranian Army")], [together()]),
    # a bare surname: the context (the ministry, a spokesman's role) says which Mousavi
    record("3", [person("a0", "Mousavi", ["Mousavi"], ["Foreign Ministry spokesman"]),
                 org("a1", "Foreign Ministry")], [together()]),
    record("4", [person("a0", "Mousavi", ["Mousavi"]), org("a1", "Iranian Army")], [together()]),
    # no context at all: stays an identity of its own, named by the bare surname
    record("5", [person("a0", "Mousavi")]),
    # the one Shamkhani of the corpus: a bare surname joins him whatever the context
    record("6", [person("a0", "Ali Shamkhani")]), record("7", [person("a0", "Shamkhani")]),
]


def test_bare_surname_joins_the_one_compatible_person_in_context():
    ident = CorpusIdentity()
    for r in MOUSAVIS:
        ident.add(r)
    links = {(art, aid): cid for art, aid, cid in ident.links()}
    names = {c.id: c.name for c in ident.actors}
    assert names[links[("3", "a0")]] == "Abbas Mousavi"
    assert names[links[("4", "a0")]] == "Abdolrahim Mousavi"
    assert names[links[("5", "a0")]] == "Mousavi"
    assert names[links[("7", "a0")]] == "Ali Shamkhani"
    why = next(c for c in ident.actors if c.name == "Abbas Mousavi").why
    assert why["Mousavi"].startswith("bare name: context")


def test_identity_file_same_and_different(tmp_path):
    recs = [record("1", [person("a0", "Abdolrahim Mousavi", roles=["Army commander"])]),
            record("2", [person("a0", "Abdolrahim Mousavi")]),
            record("3", [person("a0", "Sadeq Amoli Larijani")]), record("4", [person("a0", "Ayatollah Amoli")]),
            record("5", [person("a0", "Rostam Qassemi", roles=["Oil Minister"])]),
            record("6", [person("a0", "Rostam Ghasemi", roles=["Roads Minister"])])]
    people = identities(recs)
    assert "Rostam Ghasemi" in people["Rostam Qassemi"]  # one person by the rules (a transliteration)
    assert "Ayatollah Amoli" in people  # a bare name the rules cannot place
    path = tmp_path / "identity.yaml"
    path.write_text("same:\n  - [Sadeq Amoli Larijani, Ayatollah Amoli]\n"
                    "different:\n  - [Rostam Qassemi, Rostam Ghasemi]\n", encoding="utf-8")
    people = identities(recs, str(path))
    assert "Ayatollah Amoli" in people["Sadeq Amoli Larijani"] and "Ayatollah Amoli" not in people
    assert "Rostam Ghasemi" not in people["Rostam Qassemi"] and "Rostam Ghasemi" in people


def test_identity_file_is_checked(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("same: [Abbas Mousavi]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="list of two or more names"):
        IdentityRules.load(str(path))


def test_unnamed_sources_are_a_group_by_kind_after_named_speakers():
    quotes = [{"text": "x", "start": 0, "end": 1, "kind": "direct", "speaker": s, "speaker_type": t,
               "speaker_text": s} for s, t in [("The official", "nominal"), ("the official", "nominal"),
                                                ("An official", "unnamed"), ("Media reports", "nominal"),
                                                ("A statement", "unnamed"), ("he", "pronoun")]]
    quotes += [{"text": "y", "start": 2, "end": 3, "kind": "direct", "speaker": "Ali Khamenei",
                "speaker_id": "a0", "speaker_type": "named", "speaker_text": "the Leader"}]
    rec = {"id": "1", "path": "1.txt", "text": "x y z", "actors": [{"id": "a0", "name": "Ali Khamenei",
           "type": "PERSON", "aliases": ["Ali Khamenei"], "roles": [], "mentions": [[2, 3]]}], "quotes": quotes}
    sov = share_of_voice(record_frames([rec]))
    assert list(sov["speaker"]) == ["Ali Khamenei", "unnamed sources: officials",
                                    "unnamed sources: documents and statements", "unnamed sources: media reports",
                                    "unnamed sources: unresolved pronouns"]
    assert list(sov["group"]) == ["named"] + ["unnamed sources"] * 4
    assert sov.iloc[1]["total"] == 3  # "The official", "the official", "An official": one group


def test_review_lists_names_joined_and_why(tmp_path, corpus, reference):
    store, _ = reference
    result = CliRunner().invoke(cli, ["actors", "--store", str(store), "--review", "--top", "5"])
    assert result.exit_code == 0, result.output
    assert "articles" in result.output and ("new identity" in result.output or "gazetteer entry" in result.output)
    result = CliRunner().invoke(cli, ["actors", "--store", str(store), "x.txt"])
    assert result.exit_code == 2  # a store or paths, not both


def test_ingest_applies_the_identity_file(tmp_path, corpus):
    """The identity file reaches the store's merge through the settings, on a re-run that changed nothing."""
    from analysis.corpus.store import Store
    from analysis.settings import Settings
    from tests.support.store_corpus import run_ingest

    store = tmp_path / "s.duckdb"
    run_ingest(corpus, store)

    def keys():
        with Store(store, read_only=True) as s:
            return dict(s.con.execute("SELECT DISTINCT name, actor_key FROM article_actors WHERE name IN "
                                      "('Ali Shamkhani', 'Falih al-Fayyadh')").fetchall())

    before = keys()
    assert before["Ali Shamkhani"] != before["Falih al-Fayyadh"]
    rules = tmp_path / "identity.yaml"
    rules.write_text("same:\n  - [Ali Shamkhani, Falih al-Fayyadh]\n", encoding="utf-8")
    counts = run_ingest(corpus, store, settings=Settings(identity_file=str(rules)))
    assert counts.analysed == 0  # nothing re-analysed: the merge alone applied the file
    after = keys()
    assert after["Ali Shamkhani"] == after["Falih al-Fayyadh"]


def _person(doc: str, aid: str, name: str, mentions: int = 1, **extra) -> dict:
    return {"id": doc, "actors": [{"id": aid, "name": name, "type": "PERSON", "aliases": [name],
                                   "mentions": [None] * mentions, **extra}]}


def test_a_bare_surname_in_a_same_group_does_not_absorb_every_namesake(tmp_path):
    """Issue 25, finding 3: `same: [[Ayatollah Amoli, Smith]]` joined every identity one of whose aliases
    met "Smith", under the first label and silently. A group names identities by label or full name."""
    rules = tmp_path / "people.yaml"
    rules.write_text("same:\n  - [Jane Smith, Jane Smyth, Smith]\n", encoding="utf-8")
    ident = CorpusIdentity(identity_file=str(rules))
    for rec in (_person("d1", "a0", "Jane Smith"), _person("d2", "a0", "Jane Smyth"),
                {"id": "d3", "actors": [{"id": "a0", "name": "Tom Smith", "type": "PERSON",
                                         "aliases": ["Tom Smith", "Smith"], "mentions": [None]}]}):
        ident.add(rec)
    ident.finish()
    by_name = {c.name: c for c in ident.actors}
    assert "Tom Smith" in by_name, [c.name for c in ident.actors]
    assert len([c for c in ident.actors if c.name in ("Jane Smith", "Jane Smyth")]) == 1
    assert any("absorbs" in n for n in ident.notes)


def test_review_counts_are_mentions_and_show_gazetteer_evidence():
    from analysis.cli.actors import format_review

    ident = CorpusIdentity()
    ident.add(_person("d1", "a0", "Hillary Clinton", 3, gazetteer_id="Hillary Clinton",
                      gazetteer_evidence="full name"))
    ident.add(_person("d2", "a0", "Hillary Rodham Clinton", 2))
    ident.finish()
    text = format_review(ident)
    hillary = next(c for c in ident.actors if c.name == "Hillary Clinton")
    assert hillary.mentions == 5
    assert "'Hillary Clinton'" in text and "    3 mentions" in text and "    2 mentions" in text
    assert "gazetteer links by evidence: full name x1" in text


# ---------------------------------------------------------------- the identity file undoes each kind of join

def _rules(tmp_path, text: str) -> str:
    path = tmp_path / "people.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_identity_file_undoes_a_corpus_merge(tmp_path):
    recs = [_person("d1", "a0", "Hillary Clinton"), _person("d2", "a0", "Hillary Rodham Clinton")]
    ident = CorpusIdentity(identity_file=_rules(tmp_path, "different:\n  - [Hillary Clinton, Hillary Rodham Clinton]\n"))
    for r in recs:
        ident.add(r)
    ident.finish()
    assert len({c for _, _, c in ident.links()}) == 2


def test_identity_file_undoes_a_gazetteer_link(tmp_path):
    linked = _person("d2", "a0", "Smith", gazetteer_id="Hillary Clinton", gazetteer_evidence="country US")
    ident = CorpusIdentity(identity_file=_rules(tmp_path, "different:\n  - [Hillary Clinton, Smith]\n"))
    ident.add(_person("d1", "a0", "Hillary Clinton", gazetteer_id="Hillary Clinton", gazetteer_evidence="full name"))
    ident.add(linked)
    ident.finish()
    links = {(d, a): c for d, a, c in ident.links()}
    assert links[("d1", "a0")] != links[("d2", "a0")]


def test_identity_file_undoes_a_role_resolution():
    from datetime import date

    from analysis.actors.names import name_key
    from analysis.corpus.role_holders import Where, resolve_role_quotes

    at = Where("Guardian", "GB", date(2005, 2, 1))
    holders = [(f"d{n}", "k:blair", "Tony Blair", "Prime Minister", "GB", at) for n in range(3)]
    quote = [("q", 0, "the prime minister", at)]
    assert [a.name for a in resolve_role_quotes(quote, holders)] == ["Tony Blair"]
    rules = IdentityRules(different=[{"prime minister", "tony blair"}])
    assert resolve_role_quotes(quote, holders, lambda d, n: rules.apart({name_key(d)}, {name_key(n)})) == []


# ---------------------------------------------------------------- identity files that cannot be used

@pytest.mark.parametrize("content, words", [
    ("same: [\n", ["not valid YAML", "line 2"]),
    ("- [a, b]\n", ["expected a mapping"]),
    ("same:\n  - [{a: 1}, Bill Clinton]\n", ["item 1", "{'a': 1} is not a name"]),
    ("same:\n  - [[Hillary Clinton, H. Clinton], Clinton]\n", ["item 1", "is not a name"]),
    ("different:\n  - [Abbas Mousavi, no]\n", ["False is not a name", "quote it"]),
    ("same: Bill Clinton\n", ["`same:` must be a list"]),
    ("people: []\n", ["unknown key(s) 'people'"]),
    ("x: !!python/object/apply:os.system [id]\n", ["not valid YAML"]),
])
def test_an_identity_file_that_cannot_be_used_is_one_message(tmp_path, content, words):
    path = tmp_path / "people.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        IdentityRules.load(str(path))
    for word in [str(path), *words]:
        assert word in str(caught.value)


def test_identity_groups_of_names_still_load(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text("same:\n  - [Bahram Ghasemi, 'Bahram Qassemi']\ndifferent:\n  - [Abbas Mousavi, "
                    "Abdolrahim Mousavi]\n", encoding="utf-8")
    rules = IdentityRules.load(str(path))
    assert len(rules.same) == 1 and len(rules.different) == 1 and all(len(g) == 2 for g in rules.same)


def test_a_bare_word_never_joins_a_person_known_by_an_initial():
    # AllSides: "S. Lee Merritt" was the one corpus person whose given name starts with S, so every bare
    # PERSON word starting with S -- "Slideshow" (a photo caption), "Salafi", "Springsteen" -- joined him
    # (91 names in 148 articles, 8th in the report's people)
    people = identities([
        record("1", [person("a0", "S. Lee Merritt", ["S. Lee Merritt", "Merritt"], ["civil rights attorney"])]),
        record("2", [person("a0", "Slideshow")]),
        record("3", [person("a0", "Springsteen")]),
        record("4", [person("a0", "Lee Merritt")]),
    ])
    assert people["S. Lee Merritt"] >= {"S. Lee Merritt", "Lee Merritt"}
    assert "Slideshow" in people and "Springsteen" in people
    assert not {"Slideshow", "Springsteen"} & people["S. Lee Merritt"]


def test_one_name_and_a_suffix_is_that_name_not_the_suffix():
    # "Donald Jr.", "Carl's Jr." and "Wallace Jr." had the surname "jr", so the corpus joined them all to the
    # one person with a full name ending in Jr. (AllSides: "E.T. Rolison Jr.")
    from analysis.actors.names import name_parts

    assert (name_parts("Donald Jr.").surname, name_parts("Donald Jr.").suffix) == ("donald", "jr")
    assert name_parts("Trump Jr").surname == "trump"
    people = identities([record("1", [person("a0", "E.T. Rolison Jr.")]), record("2", [person("a0", "Wallace Jr.")]),
                         record("3", [person("a0", "Donald Jr.")])])
    assert people["E.T. Rolison Jr."] == {"E.T. Rolison Jr."}
