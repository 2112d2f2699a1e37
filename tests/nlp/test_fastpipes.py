"""The fast attribute ruler and lemmatizer (analysis.nlp.fastpipes) give exactly spaCy's own output."""

from __future__ import annotations

import itertools

import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG

from analysis.documents.article import Article
from analysis.documents.readers import read_documents
from analysis.nlp.fastpipes import FastAttributeRuler, FastLemmatizer, accelerate
from tests.conftest import TEHRAN_TIMES

# every multi-token and context pattern of en_core_web_sm's ruler fires somewhere in here
TRICKY = ("I ai n't gon na do it, y'all. Let's go, c'mon! There is nuthin' here.  \n\n  You got ta see it. "
          "It gets better; I got you. Is it? She has done it, but whether I am ... Thatʼs what they did, "
          "which I know. Was there?\tNo.  I'm not sure you're right: it is, isn't it?")
ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD]


def _before_ruler(nlp, texts):
    """Docs as they reach the attribute ruler (tagged and parsed)."""
    docs = [nlp.make_doc(t) for t in texts]
    for name, proc in nlp.pipeline[:nlp.pipe_names.index("attribute_ruler")]:
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    return docs


def _compare(nlp, texts) -> None:
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    assert isinstance(ruler, FastAttributeRuler)
    assert isinstance(lemmatizer, type(lemmatizer).__mro__[1]) and type(lemmatizer).__call__ is FastLemmatizer.__call__
    stock_ruler, stock_lemmatizer = type(ruler).__mro__[1].__call__, type(lemmatizer).__mro__[1].__call__
    assert stock_ruler is not FastAttributeRuler.__call__ and stock_lemmatizer is not FastLemmatizer.__call__
    for doc in _before_ruler(nlp, texts):
        stock, fast = doc.copy(), doc.copy()
        stock_lemmatizer(lemmatizer, stock_ruler(ruler, stock))
        lemmatizer(ruler(fast))
        assert fast.to_array(ATTRS).tolist() == stock.to_array(ATTRS).tolist(), doc.text[:80]
        assert [t.lemma_ for t in fast] == [t.lemma_ for t in stock]


def test_fast_components_equal_spacys_on_tricky_text(nlp, sample_text):
    _compare(nlp, [TRICKY, sample_text, TRICKY.upper(), "", " ", "\n\n"])
    doc = nlp(TRICKY)
    assert [t.lemma_ for t in doc[:6]] == ["I", "be", "not", "go", "to", "do"]


def test_fast_components_equal_spacys_on_tehran_times(nlp):
    if not TEHRAN_TIMES.exists():
        pytest.skip(f"{TEHRAN_TIMES} is absent: this test needs ../shared beside the repository")
    docs = [d for d in itertools.islice(read_documents([str(TEHRAN_TIMES)]), 12) if isinstance(d, Article)]
    _compare(nlp, [d.masked_text() for d in docs])


def test_accelerate_can_be_turned_off():
    assert accelerate(object(), enabled=False) == []  # never touches the pipeline
