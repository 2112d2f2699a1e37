"""The theme phrases' lemma keys kept on disk (analysis.themes.phrase_keys): a matcher built from the cache
matches exactly as one built by the model; only phrases not seen before are read by the model; a corrupt, foreign
or unwritable cache never changes a result."""

from __future__ import annotations

import json

import spacy

from analysis.settings import Settings
from analysis.themes import phrase_keys
from analysis.themes.matcher import LemmaKeys, ThemeMatcher, load_taxonomy
from analysis.themes.phrase_keys import KEEP, phrase_variants

TEXT = ("Peace talks on the nuclear deal resumed in Vienna as sanctions on oil exports hurt the economy. "
        "Parliament voted on the budget, and the election campaign began; Forces fired missiles at the border.")


def matches(matcher: ThemeMatcher, nlp) -> list[tuple]:
    return [(m.theme, m.start, m.end, m.weak) for m in matcher.candidates(nlp(TEXT))]


def test_a_matcher_from_the_cache_matches_as_one_built_by_the_model(nlp, tmp_path):
    taxonomy = load_taxonomy()
    built = ThemeMatcher(nlp, taxonomy)  # no cache: the model reads every phrase
    assert not list(tmp_path.iterdir())
    first = ThemeMatcher(nlp, taxonomy, str(tmp_path))  # computed, then written
    [cached] = list(tmp_path.glob("phrase-keys-*.json"))
    second = ThemeMatcher(nlp, taxonomy, str(tmp_path))  # read back
    assert matches(built, nlp) and matches(built, nlp) == matches(first, nlp) == matches(second, nlp)
    assert cached.stat().st_size > 0


def test_the_variants_read_back_are_the_ones_computed(nlp, tmp_path):
    keys = LemmaKeys(nlp)
    phrases = ["peace talks", "Security Council", "oil price", "talks", "peace talks"]
    computed = phrase_variants(nlp, keys.key, phrases, str(tmp_path))
    assert list(computed) == ["peace talks", "Security Council", "oil price", "talks"]
    assert phrase_variants(nlp, keys.key, phrases, str(tmp_path)) == computed
    assert phrase_variants(nlp, keys.key, phrases, None) == computed


def test_only_phrases_not_seen_before_are_read_by_the_model(nlp, tmp_path, monkeypatch):
    """A user's themes file that adds a phrase has the model read that phrase alone: the bundled ones come from
    the file the default taxonomy wrote (they used to be read again, 6,500 phrases, in every process)."""
    keys = LemmaKeys(nlp)
    read: list[list[str]] = []
    compute = phrase_keys._compute
    monkeypatch.setattr(phrase_keys, "_compute", lambda n, k, phrases: read.append(phrases) or compute(n, k, phrases))
    first = phrase_variants(nlp, keys.key, ["oil price", "peace talks"], str(tmp_path))
    again = phrase_variants(nlp, keys.key, ["peace talks", "gas price", "oil price"], str(tmp_path))
    assert read == [["oil price", "peace talks"], ["gas price"]]
    assert list(again) == ["peace talks", "gas price", "oil price"]
    assert again["oil price"] == first["oil price"] == phrase_variants(nlp, keys.key, ["oil price"], None)["oil price"]
    assert len(list(tmp_path.glob("phrase-keys-*.json"))) == 1  # one file per model and code


def test_a_corrupt_or_foreign_file_is_computed_again(nlp, tmp_path):
    keys = LemmaKeys(nlp)
    one = phrase_variants(nlp, keys.key, ["oil price"], str(tmp_path))
    [cached] = tmp_path.glob("phrase-keys-*.json")
    cached.write_text("{not json", encoding="utf-8")
    assert phrase_variants(nlp, keys.key, ["oil price"], str(tmp_path)) == one
    # well-formed JSON that is not what this code writes (a hand edit, another version) is not trusted either
    for foreign in ({"oil price": "oil"}, {"oil price": [[["oil", "price"], [1, 2]]]}, ["oil price"]):
        cached.write_text(json.dumps(foreign), encoding="utf-8")
        assert phrase_variants(nlp, keys.key, ["oil price"], str(tmp_path)) == one


def test_a_cache_path_that_is_a_file_keeps_nothing_and_fails_nothing(nlp, tmp_path):
    """A folder that cannot be written (here: a file is in the way; root can write into read-only folders)."""
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    assert phrase_variants(nlp, LemmaKeys(nlp).key, ["oil price"], str(blocker)) == \
        phrase_variants(nlp, LemmaKeys(nlp).key, ["oil price"], None)


def test_the_folder_keeps_only_the_files_used_last(tmp_path):
    """One file per model: models other than the last `KEEP` used lose theirs (blank pipelines by other names)."""
    for n in range(KEEP + 3):
        model = spacy.blank("en")
        model.meta["name"] = f"model_{n}"
        phrase_variants(model, lambda t: t.lower_, ["price"], str(tmp_path))
    assert len(list(tmp_path.glob("phrase-keys-*.json"))) == KEEP


def test_the_cache_folder_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings().cache_path() == str(tmp_path / "presswork")
    assert Settings.from_env({"PRESSWORK_CACHE_DIR": "off"}).cache_path() is None
    assert Settings.from_env({"PRESSWORK_CACHE_DIR": str(tmp_path / "x")}).cache_path() == str(tmp_path / "x")
