"""`--engine dask`: the same analysis on a dask.distributed cluster, through partitioned Parquet.

The client (this process) reads the corpus, skips unchanged documents exactly as the local engine does,
and submits batches ("partitions") to the cluster. Each worker analyses its partition with the model it
loaded once (`load_model` is cached per process) and writes one Parquet file per table into
``PARTS_DIR/<table>/part-<run>-<n>.parquet`` with the store's exact Arrow schema. The client then loads
each finished partition into the DuckDB store in one transaction, exactly like a local batch, and
deletes its files. PARTS_DIR must be reachable by the workers and the client (a shared filesystem on a
real cluster; any folder on a `LocalCluster`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pyarrow.parquet as pq

from analysis.corpus.rows import RowBatch
from analysis.corpus.store import Store
from analysis.ingest.jobs import Job, analyze_job, tick, write_job
from analysis.nlp.blas import one_thread_per_job
from analysis.nlp.model import load_model
from analysis.pipeline import RunCounts
from analysis.settings import Settings


def analyze_partition(job: Job, parts_dir: str, name: str, settings: Settings) -> dict:
    """Worker side: analyse one partition and write its rows as Parquet; returns paths and counts."""
    one_thread_per_job()  # a Dask worker thread is one core: no BLAS threads on top
    nlp = load_model(settings=settings)  # cached: once per worker process
    rows = analyze_job(job, settings, nlp)
    paths = {}
    for table, arrow in rows.arrow().items():
        folder = os.path.join(parts_dir, table)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{name}.parquet")
        pq.write_table(arrow, path)
        paths[table] = path
    return {"paths": paths, "keys": rows.keys, "analysed": rows.analysed, "rejected": rows.rejected}


def load_partition(store: Store, job: Job, result: dict, counts: RunCounts) -> int:
    """Client side: one partition's Parquet files into the store, in one transaction."""
    tables = {t: pq.read_table(p) for t, p in result["paths"].items()}
    delta = {"read": job.size, "analysed": result["analysed"],
             "rejected": result["rejected"], "skipped_unchanged": job.skipped}
    store.write_batch(tables, result["keys"], job.replace, job.run_id, delta)
    counts.add(delta)
    counts.changed |= bool(job.items or job.replace)
    for p in result["paths"].values():
        os.remove(p)
    return delta["read"]


def connect(scheduler, jobs: int):
    """(client, what to close when done) for `scheduler`: an existing Client (the caller's: nothing to close),
    an address (our client), or None for a LocalCluster on loopback (our client and cluster)."""
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        return scheduler, []
    if scheduler:
        client = Client(scheduler)
        return client, [client]
    cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    client = Client(cluster)
    return client, [client, cluster]


def run_dask(planned: Iterable[Job], store: Store, counts: RunCounts, settings: Settings, scheduler, bar,
             jobs: int = 1, parts_dir: str | None = None) -> None:
    from distributed import wait

    parts_dir = os.path.abspath(parts_dir or f"{store.path}.parts")
    client, owned = connect(scheduler, jobs)
    try:
        slots = 2 * max(1, sum(client.nthreads().values()))
        pending: dict = {}  # future -> job
        n = 0
        for job in planned:
            if job.empty:
                tick(bar, write_job(store, job, RowBatch(), counts))
                continue
            n += 1
            fut = client.submit(analyze_partition, job, parts_dir, f"part-{job.run_id}-{n:06d}", settings,
                                pure=False)
            pending[fut] = job
            if len(pending) >= slots:
                done, _ = wait(list(pending), return_when="FIRST_COMPLETED")
                for f in done:
                    tick(bar, load_partition(store, pending.pop(f), f.result(), counts))
        while pending:
            done, _ = wait(list(pending), return_when="FIRST_COMPLETED")
            for f in done:
                tick(bar, load_partition(store, pending.pop(f), f.result(), counts))
    finally:
        for thing in owned:
            thing.close()
