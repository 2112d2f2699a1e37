"""Quotes: who said what (FIRST VERSION: text inside quotation marks).

Public entry point: :func:`extract_quotes`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..actors import ActorSet
from ..article import Article
from ..records import Quote

QUOTE_RE = re.compile(r"[“\"]([^”\"\n]{3,})[”\"]")


def extract_quotes(doc: Doc, article: Article, actors: ActorSet) -> list[Quote]:
    quotes = []
    for s, e in article.paragraphs:
        for m in QUOTE_RE.finditer(article.text, s, e):
            quotes.append(Quote(text=m.group(1), start=m.start(1), end=m.end(1), kind="direct"))
    return quotes
