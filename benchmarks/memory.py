"""Peak memory of an ingest, per process: the main process (reading, hashing, writing to DuckDB) and each
worker, sampled every half second over the whole process tree.

    .venv/bin/python benchmarks/memory.py -- presswork ingest ../shared/corpora/tehran-times.tar.gz \
        --store /tmp/tt.duckdb --jobs 2 -q
    .venv/bin/python benchmarks/memory.py --log /tmp/rss.log -- presswork ingest corpus/ --store c.duckdb

Prints the wall time, the peak RSS of the tree (what a machine must hold), the main process's peak and the
largest worker's peak, each with the second it happened at; `--log` keeps every sample (one line each) to
find what the main process was doing at a spike. Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time


def rss_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        parent = stack.pop()
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children") as fh:
                    kids = [int(k) for k in fh.read().split()]
                out += kids
                stack += kids
        except OSError:
            continue
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--interval", type=float, default=0.5, help="seconds between samples")
    ap.add_argument("--log", default=None, help="write every sample here")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("give the command to measure after --")
    log = open(args.log, "w") if args.log else None  # noqa: SIM115 -- closed below
    start = time.time()
    proc = subprocess.Popen(command)
    peak_tree = peak_main = peak_worker = (0, 0.0)
    while proc.poll() is None:
        now = time.time() - start
        main_mb = rss_mb(proc.pid)
        workers = [rss_mb(k) for k in descendants(proc.pid)]
        tree = main_mb + sum(workers)
        peak_tree, peak_main = max(peak_tree, (tree, now)), max(peak_main, (main_mb, now))
        if workers:
            peak_worker = max(peak_worker, (max(workers), now))
        if log:
            log.write(f"{now:.1f}s main {main_mb} MB, others {workers} MB, tree {tree} MB\n")
        time.sleep(args.interval)
    if log:
        log.close()
    wall = time.time() - start
    print(f"exit {proc.returncode}; wall {wall / 60:.1f} min ({wall:.0f} s)")
    print(f"peak RSS of the process tree {peak_tree[0]:,} MB (at {peak_tree[1]:.0f} s); main process "
          f"{peak_main[0]:,} MB (at {peak_main[1]:.0f} s); largest other process {peak_worker[0]:,} MB "
          f"(at {peak_worker[1]:.0f} s)")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
