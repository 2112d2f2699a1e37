"""Incremental, resumable, parallel ingest of a corpus into the DuckDB store.

    read_documents -> batches -> [skip unchanged] -> analyze_documents (here or in worker processes)
                   -> rows -> Store.write_batch (one transaction per batch)

- Documents are keyed by where they came from (``doc_key`` = the reader's path, e.g.
  ``corpus.tar.gz!data/x.txt``) and carry a ``doc_hash``: the text's content hash plus the metadata and
  the analysis fingerprint (model, its version, theme/gazetteer files). Same hash -> skipped; different
  -> analysed again and its rows replaced.
- Each batch is committed in one transaction together with the run's counts, so a run stopped at any
  point (Ctrl-C, ``kill -9``) keeps every committed batch; the next run skips those and analyses the rest.
- ``jobs > 1``: worker processes, each loading the model once; the main process reads, hashes and writes,
  with a bounded number of batches in flight so memory stays flat on any corpus size.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime

from . import __version__
from .article import Article
from .blas import one_thread_per_job
from .errors import Rejected
from .nlp import load_model
from .pipeline import Options, analyze_documents
from .readers import Document, ReadContext, read_documents
from .settings import Settings
from .store import RowBatch, Store


@dataclass
class RunCounts:
    """read = analysed + rejected + skipped_unchanged, for one run."""

    read: int = 0
    analysed: int = 0
    rejected: int = 0
    skipped_unchanged: int = 0
    run_id: int = 0
    seconds: float = 0.0
    changed: bool = False  # any article added, replaced or removed: corpus actors need rebuilding

    def add(self, other: dict) -> None:
        for k in ("read", "analysed", "rejected", "skipped_unchanged"):
            setattr(self, k, getattr(self, k) + other.get(k, 0))

    def line(self) -> str:
        return (f"read {self.read} = analysed {self.analysed} + rejected {self.rejected} + "
                f"skipped-unchanged {self.skipped_unchanged}")


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


def model_description(options: Options) -> dict:
    """Model name and version without loading it (the main process of a parallel run never does)."""
    from .nlp import resolve_model_name

    name = resolve_model_name(options.model)
    try:
        version = importlib.metadata.version(name.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return {"name": name, "version": version}


def analysis_fingerprint(options: Options) -> str:
    """What, besides the document, decides its analysis: model, presswork version, user data files."""
    parts = {"model": model_description(options), "presswork": __version__,
             "themes": _file_digest(options.themes_file), "gazetteer": _file_digest(options.gazetteer_file),
             "sentences": options.include_sentences}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def document_key(path: str) -> str:
    """A document's identity in the store: its reader path made absolute (`<stdin>` kept as is), so the
    same corpus ingested from another working directory is still recognised."""
    return path if path.startswith("<") else os.path.abspath(path)


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


def init_worker(options: Options, settings: Settings) -> None:
    """Process-pool initializer: one model per worker process, loaded once."""
    one_thread_per_job()  # one core per worker: no BLAS oversubscription
    _worker.update(options=options, settings=settings, nlp=load_model(options.model))


def analyse_job(job: Job, options: Options | None = None, settings: Settings | None = None,
                nlp=None) -> RowBatch:
    """Analyse a batch and turn it into store rows (runs in a worker, or in-process with jobs=1)."""
    options = options or _worker["options"]
    settings = settings or _worker["settings"]
    nlp = nlp or _worker.get("nlp")
    at = datetime.now()
    docs = [d for _, _, d in job.items]
    batch = RowBatch()
    for key, record in job.rejected:
        batch.add_record(record, key, "", job.run_id, at)
    if docs:
        nlp = nlp or load_model(options.model)
        with memory_zone(nlp):
            for (key, h, _), result in zip(job.items, analyze_documents(docs, options, settings, nlp=nlp),
                                           strict=True):
                record = result.to_record() if isinstance(result, Rejected) else \
                    result.to_record(options.include_sentences)
                batch.add_record(record, key, h, job.run_id, at)
    release_memory()
    return batch


# Set PRESSWORK_MEMORY_ZONES=0 to analyse without spaCy memory zones (for comparison or debugging).
USE_MEMORY_ZONES = os.environ.get("PRESSWORK_MEMORY_ZONES", "1") != "0"
_warm: set[int] = set()


def memory_zone(nlp):
    """spaCy's `nlp.memory_zone()` from the second batch of a process on: the strings and lexemes a batch
    adds to the vocabulary are dropped after it, so a long run stays flat in memory (measured: RSS
    201-223 MB over 640 Tehran Times articles, records identical to a run without zones). The first batch
    runs outside a zone so that lazily built, cached matchers keep their strings."""
    import contextlib

    if not USE_MEMORY_ZONES or not hasattr(nlp, "memory_zone") or id(nlp) not in _warm:
        _warm.add(id(nlp))
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
              force: bool = False) -> Iterator[Job]:
    """Batches of documents with unchanged ones taken out (and counted) before any analysis."""
    seen: dict[str, str] = {}  # doc_key -> hash, this run: the same input given twice is read once
    for chunk in batches(documents, size):
        keyed = [(document_key(d.path), doc_hash(d, fingerprint) if isinstance(d, Article) else "", d) for d in chunk]
        stored = store.stored_hashes(k for k, _, d in keyed if isinstance(d, Article))
        job = Job(run_id, [])
        for key, h, d in keyed:
            if isinstance(d, Article) and ((not force and stored.get(key) == h) or seen.get(key) == h):
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


# ---------------------------------------------------------------- the run

def progress_bar(quiet: bool, total: int | None):
    if quiet:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="ingest", unit="doc", file=sys.stderr, smoothing=0.1, mininterval=0.5)


def count_documents(paths: list[str]) -> int | None:
    """A cheap total for the progress bar's ETA: members of archives, files in folders; None if unsure."""
    import tarfile
    import zipfile

    from .readers import expand_paths, is_archive, skipped_member

    total = 0
    for p in expand_paths(paths):
        if isinstance(p, Rejected) or p == "-":
            total += 1
        elif is_archive(p):
            try:
                if p.lower().endswith(".zip"):
                    total += sum(1 for i in zipfile.ZipFile(p).infolist()
                                 if not i.is_dir() and not skipped_member(i.filename))
                else:
                    with tarfile.open(p, "r|*") as tf:
                        total += sum(1 for m in tf if m.isfile() and not skipped_member(m.name))
            except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError):
                return None
        elif p.lower().endswith((".jsonl", ".ndjson", ".csv", ".tsv", ".json")):
            return None  # many documents per file: unknown without reading it all
        else:
            total += 1
    return total


def ingest(paths: list[str], store_path: str, *, ctx: ReadContext | None = None, options: Options | None = None,
           jobs: int = 1, quiet: bool = True, force: bool = False, batch_size: int | None = None,
           engine: str = "local", scheduler=None, limit: int | None = None,
           parts_dir: str | None = None, merge_actors: bool = True) -> RunCounts:
    """Analyse `paths` into the store at `store_path`; returns (and stores in `runs`) the run's counts.

    After a run that changed anything, corpus actor identities are recomputed over the whole store
    (`merge_actors`; off: each article actor keeps its per-article key, see `store.corpus_actor_key`).

    >>> ingest(["../shared/corpora/tehran-times.tar.gz"], "corpus.duckdb", jobs=2)   # doctest: +SKIP
    """
    ctx = ctx or ReadContext()
    options = options or Options()
    settings = ctx.settings
    # Dask partitions are larger: fewer tasks and Parquet files per million documents
    size = batch_size or (512 if engine == "dask" else settings.batch_size)
    fingerprint = analysis_fingerprint(options)
    started = time.perf_counter()
    documents: Iterable[Document] = read_documents(paths, ctx)
    if limit is not None:
        import itertools

        documents = itertools.islice(documents, limit)
    with Store(store_path) as store:
        run_id = store.begin_run(
            engine=engine, jobs=jobs, inputs=[os.path.abspath(p) if p != "-" else p for p in paths],
            model=model_description(options),
            settings={**asdict(settings), **asdict(options), "batch_size": size, "force": force},
            fingerprint=fingerprint, version=__version__)
        counts = RunCounts(run_id=run_id)
        # the ETA needs a total: --limit gives it, else count archive members / files (a quick pass)
        total = None if quiet else (limit if limit is not None else count_documents(paths))
        bar = progress_bar(quiet, total)
        planned = plan_jobs(documents, store, run_id, fingerprint, size, force)
        status = "interrupted"
        try:
            if engine == "dask":
                from .dask_engine import run_dask

                run_dask(planned, store, counts, options, settings, scheduler, bar, jobs, parts_dir)
            elif jobs <= 1:
                run_serial(planned, store, counts, options, settings, bar)
            else:
                run_parallel(planned, store, counts, options, settings, jobs, bar)
            if counts.changed or store.actors_stale(run_id):
                if merge_actors:  # corpus identities across articles (analysis.corpus_actors)
                    store.merge_corpus_actors(options.gazetteer_file)
                store.refresh_actors(run_id)
            status = "complete"
        finally:
            counts.seconds = time.perf_counter() - started
            if bar is not None:
                bar.close()
            store.finish_run(run_id, status, counts.seconds)
    return counts


def _tick(bar, n: int) -> None:
    if bar is not None:
        bar.update(n)


def run_serial(planned: Iterable[Job], store: Store, counts: RunCounts, options: Options, settings: Settings,
               bar) -> None:
    nlp = None
    with one_thread_per_job():  # one job, one core
        for job in planned:
            if job.items and nlp is None:
                nlp = load_model(options.model)  # not at all when everything is unchanged
            rows = analyse_job(job, options, settings, nlp) if not job.empty else RowBatch()
            _tick(bar, write_job(store, job, rows, counts))


WORKER_BATCHES = 100


def run_parallel(planned: Iterable[Job], store: Store, counts: RunCounts, options: Options, settings: Settings,
                 jobs: int, bar) -> None:
    """`jobs` worker processes; results are written in input order, at most 2*jobs batches in flight."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: workers never inherit the parent's DuckDB connection or its threads
    mp = multiprocessing.get_context("spawn")
    pending: deque = deque()
    # a fresh worker every WORKER_BATCHES batches: what spaCy's vocabulary and the heap accumulate over a
    # long corpus is dropped, for a model reload of a few seconds
    with ProcessPoolExecutor(jobs, mp_context=mp, initializer=init_worker, initargs=(options, settings),
                             max_tasks_per_child=WORKER_BATCHES) as pool:
        try:
            for job in planned:
                if job.empty:  # nothing to analyse: commit the counts in order with the rest
                    pending.append((job, None))
                else:
                    pending.append((job, pool.submit(analyse_job, job)))
                while len(pending) > 2 * jobs or (pending and (pending[0][1] is None or pending[0][1].done())):
                    _drain_one(pending, store, counts, bar)
            while pending:
                _drain_one(pending, store, counts, bar)
        except BaseException:
            # Ctrl-C / an error: stop now rather than wait for the batches in flight (committed batches
            # are kept, the rest is redone on resume); the workers may be mid-way through a long batch
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in workers:
                process.terminate()
            raise


def _drain_one(pending: deque, store: Store, counts: RunCounts, bar) -> None:
    job, fut = pending.popleft()
    rows = fut.result() if fut is not None else RowBatch()
    _tick(bar, write_job(store, job, rows, counts))
