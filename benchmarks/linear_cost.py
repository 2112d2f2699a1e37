"""Linear cost: analysis time of one long document of non-repeating news text grows about linearly.

    .venv/bin/python benchmarks/linear_cost.py                 # 100 KB, 300 KB, 1 MB
    .venv/bin/python benchmarks/linear_cost.py --sizes 100000 1000000 3000000 --profile

One document per size, built in memory by joining distinct Tehran Times articles (one per line, in archive
order, none repeated) up to the size, so every size is the same kind of text. Each size is analysed once
(model loaded and warmed before timing) and the table prints CPU seconds (this process, all its threads:
what the work costs, whatever else the machine runs), wall-clock seconds, CPU seconds per 100 KB and the
CPU ratio to the smallest size; the target is time(1 MB) <= 12 x time(100 KB). ``--profile`` prints the top functions
of the largest size by cumulative time (cProfile): an all-pairs loop shows as one function whose share
grows with the size.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000],
                    help="document sizes in bytes (default: 100 KB, 300 KB, 1 MB)")
    ap.add_argument("--profile", action="store_true", help="cProfile the largest size; print the top 25")
    args = ap.parse_args(argv)
    if not ARCHIVE.exists():
        print(f"{ARCHIVE} is absent: this benchmark needs ../shared beside the repository", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    from analysis.nlp.blas import one_thread_per_job
    from analysis.nlp.model import load_model
    from analysis.settings import Settings

    settings = Settings()
    nlp = load_model(settings.model)
    sizes = sorted(args.sizes)
    texts = {size: corpus_text(size) for size in sizes}
    time_analysis(texts[sizes[0]][:5000], nlp, settings)  # warm up: lazily built matchers and caches
    rows = []
    for size in sizes:
        if args.profile and size == sizes[-1]:
            profiler = cProfile.Profile()
            profiler.enable()
        with one_thread_per_job():  # one BLAS thread, as an ingest job runs: CPU time is the work, not spinning
            cpu, wall = time_analysis(texts[size], nlp, settings)
        rows.append((size, len(texts[size].encode("utf-8")), cpu, wall))
        print(f"{size:>10,} bytes: {cpu:7.1f} s CPU, {wall:7.1f} s wall", file=sys.stderr, flush=True)
    base = rows[0][2]
    print(f"{'size':>10} {'bytes':>10} {'CPU s':>8} {'wall s':>8} {'CPU s/100KB':>11} {'ratio':>6}")
    for size, n, cpu, wall in rows:
        print(f"{size:>10,} {n:>10,} {cpu:8.1f} {wall:8.1f} {100_000 * cpu / n:11.2f} {cpu / base:6.1f}")
    if len(rows) > 1:
        ratio = rows[-1][2] / base
        scale = rows[-1][0] / rows[0][0]
        print(f"CPU time({rows[-1][0]:,}) / CPU time({rows[0][0]:,}) = {ratio:.1f} for {scale:.0f}x the text "
              f"(target for 10x: <= {TARGET_RATIO:.0f})")
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
