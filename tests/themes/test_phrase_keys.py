"""The theme phrases' lemma keys kept on disk (analysis.themes.phrase_keys): a matcher built from the cache
matches exactly as one built by the model; a corrupt, foreign or unwritable cache never changes a result."""

from __future__ import annotations

import json
import os

import pytest

from analysis.settings import Settings
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


def test_other_phrases_are_another_file_and_a_corrupt_file_is_computed_again(nlp, tmp_path):
    keys = LemmaKeys(nlp)
    one = phrase_variants(nlp, keys.key, ["oil price"], str(tmp_path))
    phrase_variants(nlp, keys.key, ["gas price"], str(tmp_path))
    files = sorted(tmp_path.glob("phrase-keys-*.json"))
    assert len(files) == 2
    for f in files:
        f.write_text("{not json", encoding="utf-8")
    assert phrase_variants(nlp, keys.key, ["oil price"], str(tmp_path)) == one
    # a well-formed file that holds other phrases (a hash collision, a hand edit) is not trusted either
    for f in tmp_path.glob("phrase-keys-*.json"):
        f.write_text(json.dumps({"elsewhere": [[["elsewhere"], ["elsewhere"]]]}), encoding="utf-8")
    assert phrase_variants(nlp, keys.key, ["oil price"], str(tmp_path)) == one


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_folder_that_cannot_be_written_keeps_nothing_and_fails_nothing(nlp, tmp_path):
    tmp_path.chmod(0o500)
    try:
        assert phrase_variants(nlp, LemmaKeys(nlp).key, ["oil price"], str(tmp_path / "cache"))
    finally:
        tmp_path.chmod(0o700)


def test_a_cache_path_that_is_a_file_keeps_nothing_and_fails_nothing(nlp, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    assert phrase_variants(nlp, LemmaKeys(nlp).key, ["oil price"], str(blocker)) == \
        phrase_variants(nlp, LemmaKeys(nlp).key, ["oil price"], None)


def test_the_folder_keeps_only_the_files_used_last(nlp, tmp_path):
    keys = LemmaKeys(nlp)
    for n in range(KEEP + 3):
        phrase_variants(nlp, keys.key, [f"price number {n}"], str(tmp_path))
    assert len(list(tmp_path.glob("phrase-keys-*.json"))) == KEEP


def test_the_cache_folder_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings().cache_path() == str(tmp_path / "presswork")
    assert Settings.from_env({"PRESSWORK_CACHE_DIR": "off"}).cache_path() is None
    assert Settings.from_env({"PRESSWORK_CACHE_DIR": str(tmp_path / "x")}).cache_path() == str(tmp_path / "x")
