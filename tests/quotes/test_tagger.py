"""The learned attribution tagger (analysis.quotes.tagger): the shipped model loads, holds no article text,
and tags a plain attribution as source / cue / content."""

from __future__ import annotations

from importlib import resources

from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text
from analysis.quotes import extract_quotes
from analysis.quotes.tagger import MAX_WORD, MODEL_FILE, load_tagger


def test_model_is_small_and_holds_feature_names_only():
    ref = resources.files("analysis.data").joinpath("models").joinpath(MODEL_FILE)
    assert ref.is_file()
    with resources.as_file(ref) as path:
        assert path.stat().st_size <= 25_000_000
    info = load_tagger().info()
    names = {name for name, _label in info.state_features}
    # 'w=' + a word of at most MAX_WORD characters, or a neighbour's '-2w=' + word: never a phrase of text
    assert max(len(n) for n in names) <= MAX_WORD + 4
    assert not any(" " in n for n in names)


def test_tagger_finds_source_cue_and_content(nlp):
    article = parse_text("A headline\nWASHINGTON - The senator said on Tuesday that the bill would pass "
                         "before the summer recess.", "case.txt")
    doc = nlp(article.masked_text())
    quotes = extract_quotes(doc, article, resolve_actors(doc, article), mode="tagger")
    body = [q for q in quotes if q.kind != "headline"]
    assert len(body) == 1
    q = body[0]
    assert q.text.startswith("that the bill would pass before the summer recess")  # PolNeAR keeps "that"
    assert q.cue == "said"
    assert q.speaker_text == "The senator"
