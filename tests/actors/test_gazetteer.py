"""The gazetteer file: what a malformed entry says, and how a user entry extends a default one."""

from __future__ import annotations

import pytest

from analysis.actors.gazetteer import load_gazetteer, merge, parse_entries


def test_parse_errors_name_the_file_and_the_problem():
    with pytest.raises(ValueError, match=r"mine\.yaml: unknown actor type 'PEOPLE'"):
        parse_entries({"PEOPLE": [{"name": "Ali Shamkhani"}]}, "mine.yaml")
    with pytest.raises(ValueError, match=r"mine\.yaml: an entry under PERSON has no name"):
        parse_entries({"PERSON": [{"aliases": ["Shamkhani"]}]}, "mine.yaml")
    [entry] = parse_entries({"ORG": ["Nordhaven Fisheries Board"]}, "mine.yaml")  # a bare string is a name
    assert (entry.id, entry.name, entry.type, entry.aliases) == ("Nordhaven Fisheries Board",) * 2 + ("ORG", [])


def test_user_entry_extends_the_default_one(tmp_path):
    default = load_gazetteer()
    base = default.lookup("Ali Shamkhani")
    assert base is not None and "Admiral Shamkhani" not in base.aliases
    user = tmp_path / "mine.yaml"
    user.write_text(f"PERSON:\n  - name: Ali Shamkhani\n    id: {base.id}\n    aliases: [Admiral Shamkhani]\n"
                    "    roles: [adviser to the Leader]\n    wikidata: Q999\n", encoding="utf-8")
    extended = load_gazetteer(str(user))
    entry = extended.lookup("Admiral Shamkhani")
    assert entry is not None and entry.id == base.id and len(extended) == len(default)  # merged, not added
    assert set(base.aliases) < set(entry.aliases) and "adviser to the Leader" in entry.roles
    assert entry.wikidata == "Q999" and entry.country == base.country  # given fields replace, others stay
    assert load_gazetteer().lookup("Admiral Shamkhani") is None  # the default itself is left as it was


def test_merge_adds_new_entries_and_keeps_order():
    base = parse_entries({"ORG": [{"name": "A", "aliases": ["a1"]}]})
    extra = parse_entries({"ORG": [{"name": "A", "aliases": ["a1", "a2"]}], "PERSON": ["B"]})
    merged = merge(base, extra)
    assert [e.name for e in merged] == ["A", "B"] and merged[0].aliases == ["a1", "a2"]


def test_a_user_gazetteer_reaches_role_matching(tmp_path, nlp):
    """Role matching folded only the default gazetteer's bodies into one term (`roles.get_gazetteer()` with no
    argument): "the ZOB spokeswoman" never matched "spokeswoman of the Zeta Oversight Board" when ZOB came from
    the user's file. The run's gazetteer is now handed down to it."""
    from analysis import analyze

    gazetteer = tmp_path / "zob.yaml"
    gazetteer.write_text("ORG:\n  - {name: Zeta Oversight Board, aliases: [ZOB]}\n", encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text(
        "Board rejects harbour plan\n"
        "NORDHAVEN – Maria Kowalczyk, the spokeswoman of the Zeta Oversight Board, met reporters on Monday with "
        "Tomas Brandt, the mayor of Nordhaven.\n"
        "Brandt said the plan would bring jobs to the town.\n"
        "\u201cWe will not approve it in this form,\u201d the ZOB spokeswoman said.\n", encoding="utf-8")

    def speaker_of_last_quote(gazetteer_file):
        return analyze(story, gazetteer_file=gazetteer_file)["quotes"][-1]["speaker"]

    assert speaker_of_last_quote(str(gazetteer)) == "Maria Kowalczyk"
    assert speaker_of_last_quote(None) == "the ZOB spokeswoman"  # without the file nobody is known as ZOB
