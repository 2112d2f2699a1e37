"""The batch work both ingest engines share: keys and hashes, skipping what is unchanged, analysing a batch
into store rows (in any process), and committing it with the run's counts.

    documents -> plan_jobs (key, hash, skip unchanged) -> analyze_job (rows) -> write_job (one transaction)
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.metadata
import json
import os
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from analysis.about import __version__
from analysis.corpus.rows import RowBatch
from analysis.corpus.store import Store
from analysis.documents.article import Article
from analysis.documents.readers import Document
from analysis.errors import Rejected
from analysis.nlp.blas import one_thread_per_job
from analysis.nlp.model import load_model, resolve_model_name
from analysis.pipeline import RunCounts, analyze_documents
from analysis.settings import Settings


@dataclass
class Job:
    """A batch to analyse: documents with their key and hash (all picklable, sent to workers)."""

    run_id: int
    items: list[tuple[str, str, Article]]  # (doc_key, doc_hash, Article) to analyse
    # inputs the readers rejected, as (doc_key, error record): plain dicts, since exceptions pickle badly
    rejected: list[tuple[str, dict]] = field(default_factory=list)
    replace: list[str] = field(default_factory=list)  # keys whose old rows are to be replaced
    skipped: int = 0  # unchanged documents of this batch (counted, not analysed)

    @property
    def size(self) -> int:
        """Documents read for this batch: analysed, rejected or skipped."""
        return len(self.items) + len(self.rejected) + self.skipped

    @property
    def empty(self) -> bool:
        return not self.items and not self.rejected


# ---------------------------------------------------------------- fingerprints and hashes

def _file_digest(path: str | None) -> str | None:
    if not path:
        return None
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()[:16]


def model_description(settings: Settings) -> dict:
    """Model name and version without loading it (the main process of a parallel run never does)."""
    name = resolve_model_name(settings.model)
    try:
        version = importlib.metadata.version(name.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return {"name": name, "version": version}


def analysis_fingerprint(settings: Settings) -> str:
    """What, besides the document, decides its analysis: model, presswork version, user data files, the
    quote mode and (when not the default, so that older stores keep their fingerprints) the quote convention."""
    parts = {"model": model_description(settings), "presswork": __version__,
             "themes": _file_digest(settings.themes_file), "gazetteer": _file_digest(settings.gazetteer_file),
             "sentences": settings.include_sentences, "quotes": settings.quotes}
    if settings.quote_convention != "statements":
        parts["quote_convention"] = settings.quote_convention
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def document_key(doc: Document) -> str:
    """A document's identity in the store: one key per input, the same in every run.

    Built from where the reader found it (`doc.origin`: file, archive member, row), written as its reader
    path is (`/abs/file!member:row`): the file made absolute, so the same corpus ingested from another
    working directory is still recognised; the member kept verbatim -- normalising it made the rejected
    member `x/../a.txt` the real file `a.txt` and the members `d/y.txt` and `d//y.txt` one document. File
    and member names may hold `!` and `:` themselves (a file `x.tar.gz!a.txt`, another `rows.jsonl:2`): a
    key that would read back as other parts is written as the JSON list of its parts instead, so no two
    documents share a key. Standard input has no name: its key is its content's hash, so two different
    texts piped in are two documents.
    """
    file, member, row = doc.origin or (None if doc.path.startswith("<stdin>") else doc.path, None, None)
    if file is None:
        content = doc.content_hash if isinstance(doc, Article) else \
            hashlib.sha256(json.dumps(doc.to_record(), sort_keys=True).encode()).hexdigest()
        return f"<stdin>{'' if row is None else f':{row}'}#{content[:16]}"
    parts = (os.path.abspath(file), member, row)
    key = parts[0] + ("" if member is None else f"!{member}") + ("" if row is None else f":{row}")
    return key if _key_parts(key) == parts else json.dumps(list(parts), ensure_ascii=False)


def _key_parts(key: str) -> tuple[str, str | None, int | None]:
    """The (file, member, row) a `/abs/file!member:row` key reads as: the file ends at the first `!`, a
    final `:<digits>` is a row."""
    file, bang, member = key.partition("!")
    last, colon, row = (member if bang else file).rpartition(":")
    if not (colon and row.isdigit() and row.isascii() and str(int(row)) == row):
        last, row = (member if bang else file), None
    return (file, last, int(row) if row else None) if bang else (last, None, int(row) if row else None)


def doc_hash(article: Article, fingerprint: str) -> str:
    """Content hash + metadata + fingerprint: equal hashes mean the stored analysis is still valid."""
    meta = [article.content_hash, article.headline, article.published.isoformat() if article.published else None,
            article.source, article.publisher, article.url, article.format, fingerprint]
    return hashlib.sha256(json.dumps(meta).encode()).hexdigest()[:32]


# ---------------------------------------------------------------- analysis of one batch (any process)

_libc = None  # the C library once looked up; False where malloc_trim does not exist


def release_memory() -> None:
    """Hand freed heap back to the OS after a batch (glibc only; elsewhere a no-op).

    spaCy allocates and frees many differently sized arrays per batch; glibc keeps the freed memory in
    fragmented arenas, so without this RSS climbs by ~1 MB per article (measured: 432 -> 1,065 MB over
    640 Tehran Times articles, vs 178 -> 349 MB with the trim).
    """
    global _libc
    if _libc is None:
        try:
            import ctypes

            _libc = ctypes.CDLL("libc.so.6")
            _libc.malloc_trim  # noqa: B018 -- raises AttributeError where there is no glibc
        except (OSError, AttributeError):
            _libc = False
    if _libc:
        _libc.malloc_trim(0)


_worker: dict = {}


def init_worker(settings: Settings) -> None:
    """Process-pool initializer: one model per worker process, loaded once."""
    one_thread_per_job()  # one core per worker: no BLAS oversubscription
    _worker.update(settings=settings, nlp=load_model(settings=settings))


def analyze_job(job: Job, settings: Settings | None = None, nlp=None) -> RowBatch:
    """Analyse a batch and turn it into store rows (runs in a worker, or in-process with jobs=1)."""
    settings = settings or _worker["settings"]
    nlp = nlp or _worker.get("nlp")
    at = datetime.now()
    docs = [d for _, _, d in job.items]
    batch = RowBatch()
    for key, record in job.rejected:
        batch.add_record(record, key, "", job.run_id, at)
    if docs:
        nlp = nlp or load_model(settings=settings)
        freeze_long_lived("model")
        with memory_zone(nlp, settings):
            for (key, h, _), result in zip(job.items, analyze_documents(docs, settings, nlp=nlp), strict=True):
                record = result.to_record() if isinstance(result, Rejected) else \
                    result.to_record(settings.include_sentences)
                batch.add_record(record, key, h, job.run_id, at)
    release_memory()
    if docs:
        freeze_long_lived("first batch")
    return batch


_frozen: set[str] = set()  # the moments this process has frozen its objects at: "model", "first batch"


def freeze_long_lived(moment: str) -> None:
    """Move every object alive now out of the cyclic garbage collector's reach (`gc.freeze`, garbage first
    collected so that only live objects are frozen), once per `moment` of a process: when its pipeline is
    loaded, before its first batch ("model"), and after that batch ("first batch": the gazetteer, theme
    matcher, lexicons and tagger tables built on first use). They live as long as the process, yet each full
    collection walked them all: the collector took 2.0 s of CPU in a 200-article 1-job ingest (Tehran Times;
    1.45 s in 11 full collections), 1.3-1.4 s with both freezes (their two collections included). Reference
    counting still frees them (only garbage cycles among them would stay); nothing the analysis produces
    changes."""
    if moment not in _frozen:
        _frozen.add(moment)
        gc.collect()
        gc.freeze()


# pipelines that have analysed a first batch in this process (weak: a dropped pipeline is forgotten)
_warm: weakref.WeakSet = weakref.WeakSet()


def memory_zone(nlp, settings: Settings):
    """spaCy's `nlp.memory_zone()` from the second batch of a process on: the strings and lexemes a batch
    adds to the vocabulary are dropped after it, so a long run stays flat in memory (measured: RSS
    201-223 MB over 640 Tehran Times articles, records identical to a run without zones). The first batch
    runs outside a zone so that lazily built, cached matchers keep their strings. Off with
    PRESSWORK_MEMORY_ZONES=0 (for comparison or debugging)."""
    if not settings.memory_zones or not hasattr(nlp, "memory_zone") or nlp not in _warm:
        _warm.add(nlp)
        return contextlib.nullcontext()
    return nlp.memory_zone()


# ---------------------------------------------------------------- batching and skipping (main process)

def batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for d in documents:
        chunk.append(d)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def plan_jobs(documents: Iterable[Document], store: Store, run_id: int, fingerprint: str, size: int,
              force: bool = False, redo: set[str] | frozenset[str] = frozenset()) -> Iterator[Job]:
    """Batches of documents with unchanged ones taken out (and counted) before any analysis; those whose
    key is in `redo` are analysed again all the same (a join inside them the identity file undoes)."""
    seen: dict[str, str] = {}  # doc_key -> hash, this run: the same input given twice is read once
    for chunk in batches(documents, size):
        keyed = [(document_key(d), doc_hash(d, fingerprint) if isinstance(d, Article) else "", d) for d in chunk]
        stored = store.stored_hashes(k for k, _, d in keyed if isinstance(d, Article))
        job = Job(run_id, [])
        for key, h, d in keyed:
            if isinstance(d, Article) and ((not force and key not in redo and stored.get(key) == h)
                                           or seen.get(key) == h):
                job.skipped += 1
                continue
            if key in stored or key in seen:
                job.replace.append(key)
            seen[key] = h
            if isinstance(d, Rejected):
                job.rejected.append((key, d.to_record()))
            else:
                job.items.append((key, h, d))
        yield job


def write_job(store: Store, job: Job, rows: RowBatch, counts: RunCounts) -> int:
    """Commit one analysed batch; returns the number of documents it accounts for."""
    delta = {"read": job.size, "analysed": rows.analysed, "rejected": rows.rejected,
             "skipped_unchanged": job.skipped}
    store.write_batch(rows.arrow(), rows.keys, job.replace, job.run_id, delta)
    counts.add(delta)
    counts.changed |= bool(job.items or job.replace)
    return delta["read"]


def tick(bar, n: int) -> None:
    """Advance a progress bar (None: no bar) by `n` documents."""
    if bar is not None:
        bar.update(n)
