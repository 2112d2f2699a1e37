"""Word and text valence from VADER's lexicon (offline, maintained): plain strings in, numbers out, no spaCy,
so corpus views can score text too. :mod:`analysis.themes.tone` applies it to parsed sentences and articles.
"""

from __future__ import annotations

from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def tone_of(text: str) -> float:
    """VADER compound score in [-1, 1]; 0.0 for empty text."""
    if not text or not text.strip():
        return 0.0
    return round(analyzer().polarity_scores(text)["compound"], 4)


def word_valence(word: str, lemma: str | None = None) -> float:
    """VADER lexicon valence of a word (falling back to its lemma); 0.0 when in neither."""
    lexicon = analyzer().lexicon
    value = lexicon.get(word, 0.0)
    if not value and lemma:
        value = lexicon.get(lemma, 0.0)
    return value


def gdelt_tone(words: list[str], lemmas: list[str] | None = None) -> dict:
    """GDELT-style tone over lower-cased words: positive/negative word shares and their difference."""
    n = len(words) or 1
    lemmas = lemmas or [None] * len(words)
    values = [word_valence(w, lem) for w, lem in zip(words, lemmas)]
    pos = sum(1 for v in values if v > 0)
    neg = sum(1 for v in values if v < 0)
    return {"positive": round(100 * pos / n, 3), "negative": round(100 * neg / n, 3),
            "polarity": round(100 * (pos + neg) / n, 3), "tone": round(100 * (pos - neg) / n, 3)}
