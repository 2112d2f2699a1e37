"""Runs (issue: reliability): repeated kill -9 at random points, and reading a store while it is written.

Reuses the small corpus and the store snapshot from test_store (built from the bundled sample).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis import Corpus
from analysis.cli import main
from analysis.errors import StoreBusyError
from tests.support.store_corpus import N_BAD, N_GOOD, run_ingest, snapshot


class IngestProcess:
    """`presswork ingest` in a subprocess, with the number of committed documents read off its progress bar."""

    def __init__(self, corpus: Path, store: Path, batch_size: int = 2) -> None:
        cmd = [sys.executable, "-c", "from analysis.cli import run; run()", "ingest", str(corpus), "--store",
               str(store), "--metadata", str(corpus.parent / f"{corpus.name}-metadata.tsv"),
               "--batch-size", str(batch_size), "--keep-duplicates"]  # as `run_ingest` does
        self.proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.done = 0
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        buf = b""
        while chunk := self.proc.stderr.read1(4096):
            buf = (buf + chunk)[-4096:]
            found = re.findall(rb"(\d+)/(\d+) \[", buf)
            if found:
                self.done = int(found[-1][0])

    def wait_for(self, n: int, timeout: float = 300) -> bool:
        deadline = time.time() + timeout
        while self.done < n and self.proc.poll() is None and time.time() < deadline:
            time.sleep(0.02)
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


@pytest.mark.slow
def test_repeated_kills_at_random_points_resume_to_the_same_store(corpus, reference, tmp_path):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    store = tmp_path / "killed.duckdb"
    kills = []
    for _ in range(3):
        ingest = IngestProcess(corpus, store)
        # kill after a random amount of progress, or right after start (before any commit)
        target = rng.choice([0, 1, 2, 3, 5, 8])
        if target:
            ingest.wait_for(target)
        else:
            time.sleep(rng.uniform(0.0, 2.0))
        kills.append(ingest.done)
        ingest.kill()
    resumed = run_ingest(corpus, store, batch_size=2)
    assert resumed.read == N_GOOD + N_BAD, f"seed {seed}, killed at {kills}"
    assert resumed.read == resumed.analysed + resumed.rejected + resumed.skipped_unchanged
    assert snapshot(store) == snapshot(reference[0]), f"seed {seed}, killed at {kills}"


@pytest.mark.slow
def test_reading_a_store_while_it_is_written_is_clear_or_consistent(corpus, tmp_path):
    store = tmp_path / "busy.duckdb"
    ingest = IngestProcess(corpus, store, batch_size=1)
    try:
        assert ingest.wait_for(2), "the ingest finished before the store could be read during it"
        try:
            with Corpus.open(store) as c:  # a snapshot, if DuckDB lets us in: it must be consistent
                runs = c.runs()
                stored = len(c.articles()) + len(c.errors())
                assert stored == int(runs["read"].iloc[-1])
        except StoreBusyError as e:
            message = str(e)
            assert "being written by process" in message and "wait for the ingest to finish" in message
    finally:
        ingest.kill()
    # and the interrupted store is still a valid store that resumes
    resumed = run_ingest(corpus, store, batch_size=4)
    assert resumed.read == N_GOOD + N_BAD


def test_cli_reading_a_busy_store_exits_2_with_the_message(reference, tmp_path):
    store = tmp_path / "busy-cli.duckdb"
    shutil.copyfile(reference[0], store)
    # another process holds the store open for writing, as an ingest does, for as long as the export runs
    # (a real ingest of this small corpus can end before the export has even started)
    hold = "import sys, time\nfrom analysis.corpus.store import Store\ns = Store(sys.argv[1])\nprint('open', flush=True)\n" \
           "time.sleep(600)"
    writer = subprocess.Popen([sys.executable, "-c", hold, str(store)], stdout=subprocess.PIPE)
    try:
        assert writer.stdout.readline().strip() == b"open"
        # in this process (click's runner): the lock is the other process's either way
        result = CliRunner().invoke(main, ["export", "--store", str(store), "--format", "csv", str(tmp_path / "out")])
    finally:
        writer.kill()
        writer.wait()
    assert result.exit_code == 2, result.output
    assert "being written by process" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_kernel_death_leaves_a_message_and_the_partial_notebook_and_the_batch_goes_on(tmp_path):
    from analysis.reports import ReportError, run_batch, run_report
    from tests.support.notebooks import tiny_notebook

    dies = tiny_notebook(tmp_path / "dies.ipynb", "import os\nprint('before the crash', flush=True)\nos._exit(9)")
    ok = tiny_notebook(tmp_path / "ok.ipynb", "print(x)")
    with pytest.raises(ReportError) as info:
        run_report(str(dies), {}, output_root=tmp_path / "one")
    message = str(info.value)
    assert message.startswith("dies.ipynb") and "died" in message.lower()
    partial = tmp_path / "one" / "dies" / "sample" / "dies.ipynb"
    assert partial.exists() and str(partial) in message
    result = run_batch({"runs": [str(dies), str(ok)]}, output_root=tmp_path / "batch", progress=False)
    assert [r.notebook for r in result.done] == ["ok"]
    assert len(result.failed) == 1 and "died" in result.failed[0].error.lower()
