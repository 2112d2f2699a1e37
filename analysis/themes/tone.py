"""Tone: VADER (a maintained, offline, lexicon-based model) per sentence, quote, article and actor.

Two measures, side by side:

* ``compound``: VADER's compound score in [-1, 1] (handles negation, intensifiers, "but"). For an
  article it is the mean over its sentences, because VADER's compound saturates at +-1 on long texts.
* ``tone``: GDELT's measure, (positive words - negative words) / words * 100, with VADER's lexicon as
  the word list; ``positive``, ``negative`` and ``polarity`` (positive + negative) are reported too.
  A word counts when its lower-case form, or its lemma, is in the lexicon.
"""

from __future__ import annotations

from statistics import fmean

from spacy.tokens import Doc, Span

from analysis.nlp.model import doc_text, words_of
from analysis.themes.valence import gdelt_tone, tone_of


def range_tone(doc: Doc, start: int, end: int) -> dict:
    """GDELT-style tone of the tokens start..end of `doc` (alphabetic ones only count as words), read from the
    Doc's cached word lists (no Token objects)."""
    w = words_of(doc)
    keep = [i for i in range(start, end) if w.alpha[i]]
    return gdelt_tone([w.lower[i] for i in keep], [w.lemma_lower[i] for i in keep])


def span_tone(span: Span) -> dict:
    """Both measures for one sentence or quote span: {"compound", "positive", "negative", "polarity", "tone"}."""
    text = doc_text(span.doc)[span.start_char:span.end_char]  # == span.text, without rebuilding it
    return {"compound": tone_of(text), **range_tone(span.doc, span.start, span.end)}


def article_tone(doc, sentences: list[dict]) -> dict:
    """Article tone: mean sentence compound plus GDELT shares over all the article's words."""
    compound = round(fmean(s["tone"] for s in sentences), 4) if sentences else 0.0
    return {"compound": compound, **range_tone(doc, 0, len(doc))}
