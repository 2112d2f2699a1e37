"""The analysis pipeline: Articles -> one spaCy pass (batched) -> actors -> quotes -> themes/tone -> records.

`analyze_documents` is the one loop every front end uses (CLI, store ingest, notebooks, Dask workers).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .actors import cooccurrence, resolve_actors
from .article import Article
from .errors import DocumentError, Rejected
from .nlp import load_model, sentence_index, words_of
from .parsing import parse_text
from .quotes import extract_quotes
from .readers import Document, read_documents
from .records import ArticleAnalysis
from .settings import Settings
from .themes import get_theme_matcher
from .tone import article_tone


@dataclass
class Options:
    model: str | None = None
    themes_file: str | None = None
    gazetteer_file: str | None = None
    include_sentences: bool = False


def analyze_doc(doc, article: Article, nlp: Language, options: Options) -> ArticleAnalysis:
    """All extraction for one parsed article (the spaCy Doc is over `article.masked_text()`)."""
    actor_set = resolve_actors(doc, article, options.gazetteer_file)
    quotes = extract_quotes(doc, article, actor_set)
    # themes per article (by score), per sentence and per quote; quote tone is set in place too
    themes, sentences = get_theme_matcher(nlp, options.themes_file).annotate(doc, article, quotes)
    tone = article_tone(doc, sentences)
    words = words_of(doc).n_alpha
    return ArticleAnalysis(article=article, actors=actor_set.actors, quotes=quotes, themes=themes,
                           tone=tone, sentences=sentences, word_count=words,
                           cooccurrence=cooccurrence(actor_set))


# spaCy's parser and NER need about 1 GB of scratch memory per 100,000 characters of one Doc: a long
# document is parsed in pieces of at most this many characters, cut at line or sentence breaks, and the
# pieces joined back into one Doc with the same text (so offsets are unchanged).
MAX_CHUNK_CHARS = 50_000


def chunk_bounds(text: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut `text` into consecutive pieces of at most `limit` characters, preferring line breaks, then
    sentence ends, then any whitespace (a hard cut only inside an unbroken run longer than `limit`)."""
    bounds, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 4:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! ")) + 2
        if cut <= limit // 4:
            cut = max(window.rfind(" "), window.rfind("\t")) + 1
        if cut <= 0:
            cut = limit
        bounds.append((start, start + cut))
        start += cut
    bounds.append((start, len(text)))
    return bounds


def parse_texts(nlp: Language, texts: list[str], batch_size: int, limit: int = MAX_CHUNK_CHARS):
    """Docs for `texts`, in order: short ones batched through `nlp.pipe`, long ones parsed in pieces."""
    short = nlp.pipe((t for t in texts if len(t) <= limit), batch_size=batch_size)
    for text in texts:
        if len(text) <= limit:
            yield next(short)
            continue
        pieces = list(nlp.pipe((text[s:e] for s, e in chunk_bounds(text, limit)), batch_size=1))
        for piece in pieces:  # the per-piece sentence index and text cache do not carry over
            piece.user_data.clear()
        doc = Doc.from_docs(pieces, ensure_whitespace=False)
        yield sentence_index(doc)  # the joined Doc needs its own sentence index


def analyze_documents(
    documents: Iterable[Document], options: Options | None = None, settings: Settings | None = None,
    nlp: Language | None = None,
) -> Iterator[ArticleAnalysis | Rejected]:
    """Analyse documents in batches through `nlp.pipe`; rejected ones pass through, in input order."""
    options = options or Options()
    settings = settings or Settings()
    nlp = nlp or load_model(options.model)
    batch: list[Document] = []

    def flush() -> Iterator[ArticleAnalysis | Rejected]:
        articles = [d for d in batch if isinstance(d, Article)]
        docs = parse_texts(nlp, [a.masked_text() for a in articles], settings.batch_size)
        for d in batch:
            if isinstance(d, Rejected):
                yield d
                continue
            try:
                yield analyze_doc(next(docs), d, nlp, options)
            except Exception as e:  # noqa: BLE001 -- one bad document must never stop a corpus run
                yield Rejected(d.id, d.path, DocumentError("analysis_failed", f"{type(e).__name__}: {e}"))
        batch.clear()

    for doc in documents:
        batch.append(doc)
        if len(batch) >= settings.batch_size:
            yield from flush()
    if batch:
        yield from flush()


def analyze(path_or_text: str | os.PathLike, options: Options | None = None, **kw) -> dict:
    """The analysis record of one article, from a path or from the text itself.

    >>> record = analyze("analysis/data/sample_article.txt")   # doctest: +SKIP
    >>> record["headline"]                                        # doctest: +SKIP
    'Shamkhani: Eviction of Foreign Forces from Iraq to Boost Regional Stability'
    """
    options = options or Options(**kw)
    value = str(path_or_text)
    if "\n" not in value and len(value) < 4096 and Path(value).exists():
        docs = list(read_documents([value]))
    else:
        docs = [parse_text(value, "<text>", id="text")]
    results = [r for r in analyze_documents(docs, options)]
    if len(results) != 1:
        raise ValueError(f"{value} holds {len(results)} documents; use analyze_documents/read_documents")
    r = results[0]
    return r.to_record() if isinstance(r, Rejected) else r.to_record(options.include_sentences)


def sample_path() -> str:
    """The bundled sample: a Tasnim wire story (Shamkhani meets al-Fayyadh)."""
    from importlib import resources

    return str(resources.files("analysis.data").joinpath("sample_article.txt"))
