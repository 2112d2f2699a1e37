"""Incremental, resumable, parallel ingest of a corpus into the DuckDB store.

    read_documents -> batches -> [skip unchanged] -> analyze_documents (here or in worker processes)
                   -> rows -> Store.write_batch (one transaction per batch)

- Documents are keyed by where they came from (``doc_key`` = the reader's path, e.g.
  ``corpus.tar.gz!data/x.txt``) and carry a ``doc_hash``: the text's content hash plus the metadata and
  the analysis fingerprint (model, its version, theme/gazetteer files). Same hash -> skipped; different
  -> analysed again and its rows replaced.
- Each batch is committed in one transaction together with the run's counts, so a run stopped at any
  point (Ctrl-C, ``kill -9``) keeps every committed batch; the next run skips those and analyses the rest.
- The batch work both engines share (keys, hashes, skipping, analysing a batch, committing it) is in
  :mod:`analysis.ingest.jobs`; ``--engine dask`` is :mod:`analysis.ingest.dask_engine`.
- ``jobs > 1``: worker processes, each loading the model once; the main process reads, hashes and writes,
  with a bounded number of batches in flight so memory stays flat on any corpus size.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import sys
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict

from analysis.about import __version__
from analysis.corpus.rows import RowBatch
from analysis.corpus.store import Store
from analysis.documents.readers import (
    Document,
    ReadContext,
    check_outputs,
    count_members,
    expand_paths,
    is_archive,
    read_documents,
)
from analysis.errors import Rejected, StoreWriteError
from analysis.ingest.jobs import (
    Job,
    analysis_fingerprint,
    analyze_job,
    init_worker,
    model_description,
    plan_jobs,
    tick,
    write_job,
)
from analysis.nlp.blas import one_thread_per_job
from analysis.nlp.model import load_model
from analysis.pipeline import RunCounts, check_data_files
from analysis.settings import Settings

# ---------------------------------------------------------------- the run

def progress_bar(quiet: bool, total: int | None):
    if quiet:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="ingest", unit="doc", file=sys.stderr, smoothing=0.1, mininterval=0.5)


def count_documents(paths: list[str], exclude: Iterable[str] = (), settings: Settings | None = None) -> int | None:
    """A cheap total for the progress bar's ETA: members of archives, files in folders; None if unsure."""
    total = 0
    for p in expand_paths(paths, exclude):
        if isinstance(p, Rejected) or p == "-" or not os.path.isfile(p):  # a FIFO is never opened here
            total += 1
        elif is_archive(p):
            members = count_members(p, settings or Settings())
            if members is None:
                return None
            total += members
        elif p.lower().endswith((".jsonl", ".ndjson", ".csv", ".tsv", ".json")):
            return None  # many documents per file: unknown without reading it all
        else:
            total += 1
    return total


def ingest(paths: list[str], store_path: str, *, ctx: ReadContext | None = None, settings: Settings | None = None,
           jobs: int = 1, quiet: bool = True, force: bool = False, batch_size: int | None = None,
           engine: str = "local", scheduler=None, limit: int | None = None,
           parts_dir: str | None = None, merge_actors: bool = True, keep_duplicates: bool = False) -> RunCounts:
    """Analyse `paths` into the store at `store_path`; returns (and stores in `runs`) the run's counts.

    After a run that changed anything, corpus actor identities are recomputed over the whole store
    (`merge_actors`; off: each article actor keeps its per-article key, see `store.corpus_actor_key`), and
    near-duplicate articles are marked (`analysis.corpus.duplicates`; `keep_duplicates`: none is, so every
    reader counts every copy). `counts.duplicates` is the number of articles marked as copies.

    >>> ingest(["../shared/corpora/tehran-times.tar.gz"], "corpus.duckdb", jobs=2)   # doctest: +SKIP
    """
    ctx = ctx or ReadContext()
    settings = settings or ctx.settings
    check_data_files(settings)  # a bad gazetteer, themes or identity file stops here, not at every document
    check_outputs(paths, store_path)
    # the store (and its write-ahead log) inside an input folder is not an input
    ctx = dataclasses.replace(ctx, settings=settings,
                              exclude=ctx.exclude | {os.path.abspath(store_path), os.path.abspath(store_path) + ".wal"})
    # Dask partitions are larger: fewer tasks and Parquet files per million documents
    size = batch_size or (512 if engine == "dask" else settings.batch_size)
    fingerprint = analysis_fingerprint(settings)
    started = time.perf_counter()
    documents: Iterable[Document] = read_documents(paths, ctx)
    if limit is not None:
        documents = itertools.islice(documents, limit)
    with Store(store_path, memory_limit=settings.store_memory) as store:
        run_id = store.begin_run(
            engine=engine, jobs=jobs, inputs=[os.path.abspath(p) if p != "-" else p for p in paths],
            model=model_description(settings),
            settings={**asdict(settings), "batch_size": size, "force": force},
            fingerprint=fingerprint, version=__version__)
        counts = RunCounts(run_id=run_id)
        # the ETA needs a total: --limit gives it, else count archive members / files (a quick pass)
        total = None if quiet else (limit if limit is not None else count_documents(paths, ctx.exclude, settings))
        bar = progress_bar(quiet, total)
        planned = plan_jobs(documents, store, run_id, fingerprint, size, force,
                            redo=store.joined_apart(settings.identity_file))
        status = "interrupted"
        try:
            if engine == "dask":
                from analysis.ingest.dask_engine import run_dask  # distributed loads only when asked for

                run_dask(planned, store, counts, settings, scheduler, bar, jobs, parts_dir)
            elif jobs <= 1:
                run_serial(planned, store, counts, settings, bar)
            else:
                run_parallel(planned, store, counts, settings, jobs, bar)
            # an identity file is the analyst's correction: applied on every run that names one
            if counts.changed or store.actors_stale(run_id) or settings.identity_file or store.outdated() \
                    or store.duplicates_stale(keep_duplicates):
                if merge_actors:  # corpus identities across articles (analysis.corpus.identity)
                    store.merge_corpus_actors(settings.gazetteer_file, settings.identity_file)
                else:
                    store.reset_article_keys()
                # speaker keys, unified identities, the actor table, edges and trails: stored, final
                store.finish_keys(run_id, keep_duplicates)
            elif not store.speech_current():  # an older store, or a run killed before it rebuilt them
                store.refresh_speech()
            counts.duplicates = store.duplicate_count()
            status = "complete"
        finally:
            failing = sys.exc_info()[1]
            counts.seconds = time.perf_counter() - started
            if bar is not None:
                bar.close()
            try:
                store.finish_run(run_id, status, counts.seconds)
            except StoreWriteError:
                if failing is None:
                    raise
                # the store could not be written (a full disk): the error on its way says so; this run is
                # marked interrupted by the next one, instead of a second traceback hiding the first
    return counts


def run_serial(planned: Iterable[Job], store: Store, counts: RunCounts, settings: Settings, bar) -> None:
    nlp = None
    with one_thread_per_job():  # one job, one core
        for job in planned:
            if job.items and nlp is None:
                nlp = load_model(settings=settings)  # not at all when everything is unchanged
            rows = analyze_job(job, settings, nlp) if not job.empty else RowBatch()
            tick(bar, write_job(store, job, rows, counts))


WORKER_BATCHES = 100


def run_parallel(planned: Iterable[Job], store: Store, counts: RunCounts, settings: Settings, jobs: int, bar) -> None:
    """`jobs` worker processes; results are written in input order, at most 2*jobs batches in flight."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: workers never inherit the parent's DuckDB connection or its threads
    mp = multiprocessing.get_context("spawn")
    pending: deque = deque()
    # a fresh worker every WORKER_BATCHES batches: what spaCy's vocabulary and the heap accumulate over a
    # long corpus is dropped, for a model reload of a few seconds
    with ProcessPoolExecutor(jobs, mp_context=mp, initializer=init_worker, initargs=(settings,),
                             max_tasks_per_child=WORKER_BATCHES) as pool:
        try:
            for job in planned:
                if job.empty:  # nothing to analyse: commit the counts in order with the rest
                    pending.append((job, None))
                else:
                    pending.append((job, pool.submit(analyze_job, job)))
                while len(pending) > 2 * jobs or (pending and (pending[0][1] is None or pending[0][1].done())):
                    _drain_one(pending, store, counts, bar)
            while pending:
                _drain_one(pending, store, counts, bar)
        except BaseException:
            # Ctrl-C / an error: stop now rather than wait for the batches in flight (committed batches
            # are kept, the rest is redone on resume); the workers may be mid-way through a long batch
            workers = list((getattr(pool, "_processes", None) or {}).values())
            manager = getattr(pool, "_executor_manager_thread", None)
            pool.shutdown(wait=False, cancel_futures=True)
            for process in workers:
                process.terminate()
            # the pool's manager thread sees its workers gone and closes its wake-up pipe; wait for that here:
            # at exit Python 3.11 writes to that pipe from another thread and, in a race with the close,
            # printed an OSError traceback after the clean "terminated" message
            if manager is not None:
                manager.join(timeout=30)
            raise


def _drain_one(pending: deque, store: Store, counts: RunCounts, bar) -> None:
    job, fut = pending.popleft()
    rows = fut.result() if fut is not None else RowBatch()
    tick(bar, write_job(store, job, rows, counts))
