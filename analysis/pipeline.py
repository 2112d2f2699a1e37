"""The analysis pipeline: Articles -> one spaCy pass (batched) -> actors -> quotes -> themes/tone -> records.

`analyze_documents` is the one loop every front end uses (CLI, store ingest, notebooks, Dask workers).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from analysis.actors.gazetteer import Gazetteer, get_gazetteer
from analysis.actors.resolve import cooccurrence, resolve_actors
from analysis.corpus.identity import IdentityRules, within_article_rule
from analysis.documents.article import Article
from analysis.documents.parsing import parse_text
from analysis.documents.readers import Document, no_documents_message, read_documents
from analysis.errors import DocumentError, NoDocumentsError, Rejected, SettingsError
from analysis.nlp.model import forget_caches, load_model, sentence_index, words_of
from analysis.quotes import extract_quotes
from analysis.quotes.cue import Lexicon, convention_lexicon
from analysis.quotes.encoder import encoder_missing
from analysis.records import ArticleAnalysis
from analysis.settings import Settings, setting_names
from analysis.themes.matcher import ThemeMatcher, get_theme_matcher, load_taxonomy
from analysis.themes.tone import article_tone


@dataclass
class RunCounts:
    """What a run did with its input: read = analysed + rejected (+ skipped-unchanged in a store ingest).

    Every front end counts with it (`presswork analyze`, `quotes`, `actors`, the store ingest) and ends its
    run with :meth:`line`.
    """

    read: int = 0
    analysed: int = 0
    rejected: int = 0
    skipped_unchanged: int | None = None  # None: this run never skips (it has no store to compare with)
    run_id: int = 0
    seconds: float = 0.0
    changed: bool = False  # any article added, replaced or removed: corpus actors need rebuilding
    duplicates: int | None = None  # a store ingest: near-duplicate articles in the store, set aside by readers

    def add_result(self, result: ArticleAnalysis | Rejected) -> None:
        """Count one result of `analyze_documents`."""
        self.read += 1
        if isinstance(result, Rejected):
            self.rejected += 1
        else:
            self.analysed += 1

    def add(self, delta: dict) -> None:
        """Add a committed batch's counts (keys read, analysed, rejected, skipped_unchanged)."""
        for k in ("read", "analysed", "rejected"):
            setattr(self, k, getattr(self, k) + delta.get(k, 0))
        self.skipped_unchanged = (self.skipped_unchanged or 0) + delta.get("skipped_unchanged", 0)

    def line(self) -> str:
        text = f"read {self.read} = analysed {self.analysed} + rejected {self.rejected}"
        if self.skipped_unchanged is not None:
            text += f" + skipped-unchanged {self.skipped_unchanged}"
        return text


def check_data_files(settings: Settings) -> None:
    """Read the user's gazetteer, themes and identity files before any document (and before the model loads):
    a bad one raises one PressworkError naming it, instead of failing every document and then the actor
    merge. The one list of the data files a run reads: the front ends (`cli.options.build_context`, and
    `ingest` for callers without the command line) call it first."""
    get_gazetteer(settings.gazetteer_file)
    load_taxonomy(settings.themes_file)
    IdentityRules.load(settings.identity_file)
    check_quote_mode(settings)


def check_quote_mode(settings: Settings) -> None:
    """The encoder quote mode needs its extra and weights: one SettingsError saying what to install, not a
    failure of every document."""
    missing = encoder_missing() if settings.quotes == "encoder" else None
    if missing:
        raise SettingsError(f"{setting_names('quotes')}=encoder: {missing}")


@dataclass(frozen=True)
class Components:
    """What analyses the articles of a run, built once from its `Settings` and handed down to each article:
    the spaCy pipeline (model, BLAS choice and fast pipes from the settings), the gazetteer (the default one
    and the user's `gazetteer_file`), what the user's `identity_file` keeps apart inside one article (its
    `different:` lists also undo joins made there: "Mr Johnson" / "Boris Johnson"), the reporting-verb lexicon
    under the quote convention (`quote_convention`), the quote extraction mode (`quotes`), and the theme matcher (the default taxonomy and the user's
    `themes_file`). No step below looks a data file up by its path."""

    nlp: Language
    gazetteer: Gazetteer
    names_apart: Callable[[str, str], bool] | None
    lexicon: Lexicon
    quotes_mode: str
    themes: ThemeMatcher

    @classmethod
    def build(cls, settings: Settings, nlp: Language | None = None) -> Components:
        """A bad gazetteer or themes file raises here (the front ends check them before loading a model:
        `check_data_files`); each is read once per process, whatever the number of runs or batches."""
        check_quote_mode(settings)
        gazetteer = get_gazetteer(settings.gazetteer_file)
        nlp = nlp or load_model(settings=settings)
        return cls(nlp, gazetteer, within_article_rule(settings.identity_file),
                   convention_lexicon(settings.quote_convention), settings.quotes,
                   get_theme_matcher(nlp, settings.themes_file, settings.cache_path()))


def analyze_doc(doc, article: Article, components: Components) -> ArticleAnalysis:
    """All extraction for one parsed article (the spaCy Doc is over `article.masked_text()`)."""
    actor_set = resolve_actors(doc, article, components.gazetteer, components.names_apart)
    quotes = extract_quotes(doc, article, actor_set, components.lexicon, mode=components.quotes_mode)
    # themes per article (by score), per sentence and per quote; quote tone is set in place too
    themes, sentences = components.themes.annotate(doc, article, quotes)
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
            forget_caches(piece)
        doc = Doc.from_docs(pieces, ensure_whitespace=False)
        yield sentence_index(doc)  # the joined Doc needs its own sentence index


def parse_each(nlp: Language, texts: list[str], batch_size: int) -> Iterator[Doc | Exception]:
    """`parse_texts`, but a text the parser raises on yields its exception in its place: the texts before it
    keep their batch's Docs, those after it are parsed one by one, so one bad text fails no other."""
    done = 0
    try:
        for doc in parse_texts(nlp, texts, batch_size):
            done += 1
            yield doc
    except Exception:  # noqa: BLE001 -- which text raised is found below, one at a time
        for text in texts[done:]:
            try:
                yield next(parse_texts(nlp, [text], 1))
            except Exception as e:  # noqa: BLE001 -- that text is rejected, the others go on
                yield e


def analyze_documents(
    documents: Iterable[Document], settings: Settings | None = None, nlp: Language | None = None,
) -> Iterator[ArticleAnalysis | Rejected]:
    """Analyse documents in batches through `nlp.pipe`; rejected ones pass through, in input order."""
    settings = settings or Settings.from_env()
    # built before any document: a bad gazetteer or themes file raises here
    components = Components.build(settings, nlp)
    nlp = components.nlp
    batch: list[Document] = []

    def flush() -> Iterator[ArticleAnalysis | Rejected]:
        articles = [d for d in batch if isinstance(d, Article)]
        docs = parse_each(nlp, [a.masked_text() for a in articles], settings.batch_size)
        for d in batch:
            if isinstance(d, Rejected):
                yield d
                continue
            try:
                doc = next(docs)
                if isinstance(doc, Exception):
                    raise doc
                yield analyze_doc(doc, d, components)
            except Exception as e:  # noqa: BLE001 -- one bad document must never stop a corpus run
                yield Rejected(d.id, d.path, DocumentError("analysis_failed", f"{type(e).__name__}: {e}"))
        batch.clear()

    for doc in documents:
        batch.append(doc)
        if len(batch) >= settings.batch_size:
            yield from flush()
    if batch:
        yield from flush()


def analyze(path_or_text: str | os.PathLike, settings: Settings | None = None, **kw) -> dict:
    """The analysis record of one article, from a path or from the text itself.

    >>> record = analyze("analysis/data/sample_article.txt")   # doctest: +SKIP
    >>> record["headline"]                                        # doctest: +SKIP
    'Shamkhani: Eviction of Foreign Forces from Iraq to Boost Regional Stability'
    """
    settings = (settings or Settings.from_env()).but(**kw)
    value = str(path_or_text)
    if "\n" not in value and len(value) < 4096 and Path(value).exists():
        docs = list(read_documents([value]))
    else:
        docs = [parse_text(value, "<text>", id="text")]
    results = list(analyze_documents(docs, settings))
    if not results:
        raise NoDocumentsError(no_documents_message([value]))
    if len(results) != 1:
        raise ValueError(f"{value} holds {len(results)} documents; use analyze_documents/read_documents")
    r = results[0]
    return r.to_record() if isinstance(r, Rejected) else r.to_record(settings.include_sentences)

