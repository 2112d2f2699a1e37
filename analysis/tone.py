"""Tone: VADER (a maintained, offline, lexicon-based model) per sentence, quote and article.

Besides VADER's compound score (-1..1) we report GDELT's tone: (positive - negative word share) * 100.
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


def gdelt_tone(words: list[str]) -> dict:
    """GDELT-style tone over lower-cased words: positive/negative word shares and their difference."""
    lexicon = analyzer().lexicon
    n = len(words) or 1
    pos = sum(1 for w in words if lexicon.get(w, 0) > 0)
    neg = sum(1 for w in words if lexicon.get(w, 0) < 0)
    return {"positive": round(100 * pos / n, 3), "negative": round(100 * neg / n, 3),
            "tone": round(100 * (pos - neg) / n, 3)}
