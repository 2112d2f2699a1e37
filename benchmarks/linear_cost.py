"""Linear cost: analysis time and memory of one long document of non-repeating news text grow about linearly.

    nice .venv/bin/python benchmarks/linear_cost.py            # 100 KB, 1 MB and the largest allowed (20 MB)
    .venv/bin/python benchmarks/linear_cost.py --sizes 100000 1000000 3000000 --profile

One document per size, built in memory by joining distinct Tehran Times articles (one per line, in archive
order, none repeated) up to the size, so every size is the same kind of text. Each size is analysed once
(model loaded and warmed before timing) and the table prints CPU seconds (this process, all its threads:
what the work costs, whatever else the machine runs), wall-clock seconds, CPU seconds per 100 KB and the
CPU ratio to the smallest size; the target is time(1 MB) <= 12 x time(100 KB). Each size runs in a process
of its own, so its peak memory (the child's maximum resident set, model included) is its own; the table
prints it and the peak per MB of text. The default sizes end at the largest document a run accepts
(``max_document_bytes``, 20 MB): the cost of anything a user can feed in is measured. ``--profile`` prints
the top functions of the largest size by cumulative time (cProfile): an all-pairs loop shows as one
function whose share grows with the size.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import subprocess
import sys
import tarfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARCHIVE = REPO.parent / "shared" / "corpora" / "tehran-times.tar.gz"
TARGET_RATIO = 12.0  # time(1 MB) / time(100 KB), for 10 x the text


def corpus_text(size: int, archive: Path = ARCHIVE) -> str:
    """`size` UTF-8 bytes (give or take a word) of distinct Tehran Times article bodies, one article per
    line in archive order, cut at the last space before `size`."""
    parts, total, seen = [], 0, set()
    with tarfile.open(archive, "r:gz") as tf:
        for member in tf:
            if total >= size:
                break
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            body = tf.extractfile(member).read().decode("utf-8", "replace").strip()
            if body and body not in seen:  # a few files repeat: repeated text would be cheaper
                seen.add(body)
                parts.append(body)
                total += len(body.encode("utf-8")) + 1
    text = "\n".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")
    return text.rsplit(" ", 1)[0]


def time_analysis(text: str, nlp, settings) -> tuple[float, float]:
    """(CPU seconds, wall-clock seconds) to analyse `text` as one document."""
    from analysis.documents.parsing import parse_text
    from analysis.pipeline import analyze_documents

    article = parse_text("Linear cost\n" + text, "<benchmark>")
    cpu, wall = time.process_time(), time.perf_counter()
    [result] = list(analyze_documents([article], settings, nlp=nlp))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if hasattr(result, "error"):
        raise SystemExit(f"the benchmark document was rejected: {result.error}")
    return cpu, wall


def measure_one(size: int, profile: bool = False) -> int:
    """Analyse one document of `size` bytes in this process; print `size bytes cpu wall peak_kb` on stdout."""
    sys.path.insert(0, str(REPO))
    from analysis.nlp.blas import one_thread_per_job
    from analysis.nlp.model import load_model
    from analysis.settings import Settings

    settings = Settings()
    if size > settings.max_document_bytes:
        print(f"{size:,} bytes is over max_document_bytes={settings.max_document_bytes:,}: a run rejects it",
              file=sys.stderr)
        return 2
    nlp = load_model(settings.model)
    text = corpus_text(size)
    time_analysis(text[:5000], nlp, settings)  # warm up: lazily built matchers and caches
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
    with one_thread_per_job():  # one BLAS thread, as an ingest job runs: CPU time is the work, not spinning
        cpu, wall = time_analysis(text, nlp, settings)
    if profile:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    print(size, len(text.encode("utf-8")), cpu, wall, peak_kb)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=None,
                    help="document sizes in bytes (default: 100 KB, 1 MB and max_document_bytes, 20 MB)")
    ap.add_argument("--profile", action="store_true", help="cProfile the largest size; print the top 25")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process measuring one size
    args = ap.parse_args(argv)
    if not ARCHIVE.exists():
        print(f"{ARCHIVE} is absent: this benchmark needs ../shared beside the repository", file=sys.stderr)
        return 2
    if args.one:
        return measure_one(args.one, args.profile)
    sys.path.insert(0, str(REPO))
    from analysis.settings import Settings

    sizes = sorted(args.sizes or [100_000, 1_000_000, Settings().max_document_bytes])
    rows = []
    for size in sizes:
        child = [sys.executable, __file__, "--one", str(size)] + (["--profile"] if args.profile and size == sizes[-1] else [])
        done = subprocess.run(child, stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode != 0:
            print(f"{size:>10,} bytes: the child process failed (exit {done.returncode})", file=sys.stderr)
            return done.returncode or 1
        _, n, cpu, wall, peak_kb = done.stdout.split()
        rows.append((size, int(n), float(cpu), float(wall), int(peak_kb) / 1024))
        print(f"{size:>10,} bytes: {float(cpu):7.1f} s CPU, {float(wall):7.1f} s wall, "
              f"peak {int(peak_kb) / 1024:,.0f} MB", file=sys.stderr, flush=True)
    base = rows[0][2]
    print(f"{'size':>10} {'bytes':>10} {'CPU s':>8} {'wall s':>8} {'CPU s/100KB':>11} {'ratio':>6} "
          f"{'peak MB':>8} {'MB/MB':>6}")
    for size, n, cpu, wall, peak in rows:
        print(f"{size:>10,} {n:>10,} {cpu:8.1f} {wall:8.1f} {100_000 * cpu / n:11.2f} {cpu / base:6.1f} "
              f"{peak:8,.0f} {peak / (n / 1e6):6.0f}")
    if len(rows) > 1:
        ratio = rows[-1][2] / base
        scale = rows[-1][0] / rows[0][0]
        print(f"CPU time({rows[-1][0]:,}) / CPU time({rows[0][0]:,}) = {ratio:.1f} for {scale:.0f}x the text "
              f"(linear: {scale:.0f}; target for 10x: <= {TARGET_RATIO:.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
