"""The Dask engine's edges: a scheduler given by address, and a worker task that fails."""

from __future__ import annotations

import duckdb
import pytest

from analysis.ingest import dask_engine
from analysis.ingest.run import ingest

STORY = ("Fishing talks resume\nOSLO (Reuters) – Norwegian fisheries minister Kari Nordby said on Monday that "
         "the fishing quota talks would resume next week.\n")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    # in-process workers (threads): the session's model is shared, and test-defined functions run as they are
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


def test_connect_by_address(cluster):
    client, owned = dask_engine.connect(cluster.scheduler_address, jobs=1)
    try:
        assert owned == [client]  # our client, to close when done; the cluster is not ours
        assert client.scheduler.address == cluster.scheduler_address and sum(client.nthreads().values()) == 1
    finally:
        client.close()
    from distributed import Client

    with Client(cluster) as theirs:
        assert dask_engine.connect(theirs, jobs=1) == (theirs, [])  # the caller's client stays open


def test_a_failing_worker_task_stops_the_run_and_is_recorded(cluster, nlp, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"s{n}.txt").write_text(STORY, encoding="utf-8")
    store = tmp_path / "c.duckdb"

    def boom(*args, **kwargs):
        raise RuntimeError("worker lost its disk")

    monkeypatch.setattr(dask_engine, "analyze_partition", boom)
    with pytest.raises(RuntimeError, match="worker lost its disk"):
        ingest([str(corpus)], str(store), engine="dask", scheduler=cluster.scheduler_address, batch_size=2)
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    monkeypatch.undo()
    counts = ingest([str(corpus)], str(store), engine="dask", scheduler=cluster.scheduler_address, batch_size=2)
    assert (counts.read, counts.analysed, counts.rejected) == (3, 3, 0)  # the next run does the work
