"""The encoder attribution tagger (analysis.quotes.encoder) and the `encoder` quote mode: the shipped weights are
small and hold weights only, decoding gives well-formed spans, a long paragraph is read whole, the mode finds
an attribution with its speaker, and without the extra a run stops once with what to install."""

from __future__ import annotations

import os
from importlib import resources

import pytest

from analysis.actors.resolve import resolve_actors
from analysis.documents.parsing import parse_text
from analysis.errors import SettingsError
from analysis.pipeline import check_quote_mode
from analysis.quotes import encoder as encoder_module
from analysis.quotes import extract_quotes
from analysis.quotes.cue import load_lexicon
from analysis.quotes.encoder import ENCODER_FILE, LABELS, encoder_missing, encoder_tag_article, viterbi
from analysis.settings import Settings

# `make test` installs the extra (the dev extra holds it): on CI a missing extra is a failure, not a skip
needs_encoder = pytest.mark.skipif(encoder_missing() is not None and not os.environ.get("CI"),
                                   reason=f"{encoder_missing()}")


def label_rows(*labels: str, sure: float = 0.9) -> list[list[float]]:
    rest = (1 - sure) / (len(LABELS) - 1)
    return [[sure if name == label else rest for name in LABELS] for label in labels]


def test_viterbi_keeps_the_most_probable_labels_when_they_are_well_formed():
    rows = label_rows("B-source", "B-cue", "B-content", "I-content", "O")
    assert [LABELS[j] for j in viterbi(rows)] == ["B-source", "B-cue", "B-content", "I-content", "O"]


def test_viterbi_never_starts_a_span_inside():
    # each token's own best label would be O, I-content, I-content: an I- after O is not a sequence
    rows = [[0.9, 0, 0, 0, 0, 0.02, 0.08], [0.1, 0, 0, 0, 0, 0.35, 0.55], [0.1, 0, 0, 0, 0, 0.1, 0.8]]
    labels = [LABELS[j] for j in viterbi(rows)]
    assert labels[0] == "O" and labels[1] == "B-content" and labels[2] == "I-content"
    assert [LABELS[j] for j in viterbi(rows[1:])] == ["B-content", "I-content"]


def test_missing_extra_says_what_to_install(monkeypatch):
    monkeypatch.setattr(encoder_module, "find_spec", lambda name: None if name == "torch" else object())
    message = encoder_missing()
    assert "torch" in message and "pip install 'presswork[encoder]'" in message
    with pytest.raises(SettingsError, match=r"encoder.*presswork\[encoder\]"):
        check_quote_mode(Settings(quotes="encoder"))
    check_quote_mode(Settings(quotes="hybrid"))  # the other modes need nothing more


@needs_encoder
def test_weights_are_small_float16_and_named_only():
    from safetensors import safe_open

    ref = resources.files("analysis.data").joinpath("models").joinpath(ENCODER_FILE)
    with resources.as_file(ref) as path:
        assert path.stat().st_size <= 25_000_000
        with safe_open(str(path), framework="pt") as f:
            names = list(f.keys())
            dtypes = {str(f.get_tensor(n).dtype) for n in names}
            metadata = f.metadata()
    assert dtypes == {"torch.float16"}
    assert all(n.startswith(("layers.", "head.")) for n in names)
    assert set(metadata) == {"first_trained_layer", "labels", "trained_on"}
    assert metadata["labels"].split(",") == list(LABELS)


@needs_encoder
def test_encoder_mode_finds_the_attribution_and_its_speaker(nlp):
    article = parse_text("Senate vote expected\nWASHINGTON - Senator Maria Lopez said on Tuesday that the bill "
                         "would pass before the summer recess.\nThe vote is set for Thursday.", "case.txt")
    doc = nlp(article.masked_text())
    quotes = [q for q in extract_quotes(doc, article, resolve_actors(doc, article), mode="encoder")
              if q.kind != "headline"]
    assert len(quotes) == 1
    q = quotes[0]
    assert "the bill would pass before the summer recess" in q.text
    assert q.cue.startswith("said")
    assert q.speaker == "Maria Lopez"


@needs_encoder
def test_a_paragraph_longer_than_one_window_is_read_whole(nlp):
    sentence = "Officials said the long paragraph keeps going with many words about the budget and taxes. "
    article = parse_text("Title\n" + sentence * 40, "long.txt")  # ~ 700 word pieces: three windows
    doc = nlp(article.masked_text())
    tagged = encoder_tag_article(doc, article)
    contents = [s for s in tagged[-1] if s.role == "content"]
    # the last sentences, far past the first window's 256 pieces, are still tagged
    assert contents and contents[-1].end > len(article.text) - len(sentence)


@needs_encoder
def test_encoder_mode_attributes_decisions_only_under_the_attribution_convention(nlp):
    # PolNeAR's convention attributes a decision; the news-quote convention (the default) quotes statements only,
    # with the rules leading and the encoder refining them, as the CRF does in the hybrid
    article = parse_text("Budget vote\nSenator Maria Lopez said on Tuesday that the bill would pass before the "
                         "recess. The governor decided that the state would leave the compact.", "stance.txt")
    doc = nlp(article.masked_text())
    actors = resolve_actors(doc, article)
    lexicon = load_lexicon()

    def contents(lex):
        return [q.text for q in extract_quotes(doc, article, actors, lex, mode="encoder") if q.kind != "headline"]

    statements = contents(lexicon)
    assert len(statements) == 1 and "the bill would pass" in statements[0]
    attributions = contents(lexicon.for_attributions())
    assert any("the state would leave the compact" in c for c in attributions)
