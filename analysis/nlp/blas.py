"""Which matrix-multiply library the spaCy model's layers use: BLIS (thinc's default) or numpy's BLAS.

thinc's CPU backend multiplies matrices with BLIS. On some CPUs the BLIS build in the wheel falls back to a
slow kernel: on this project's reference machine (AMD EPYC with AVX-512) a tok2vec-shaped product
(2,000 x 96 by 96 x 288) took 4.6 ms with BLIS and 1.2 ms with numpy's OpenBLAS on one thread, and the
pipeline's tok2vec and NER ran 1.5-2x faster with numpy's. The results are the same matrix products (the
entities and heads of 300 Tehran Times articles came out identical), so the faster library is picked per
machine by timing both on that shape once per process.

``PRESSWORK_BLAS=auto`` (default) times both; ``numpy`` or ``blis`` forces one.
"""

from __future__ import annotations

import time

import numpy
from spacy.language import Language

from analysis.settings import Settings

_choice: str | None = None  # measured once per process


def _cpu_time(fn) -> float:
    start = time.thread_time()
    fn()
    return time.thread_time() - start


def measure(rounds: int = 15) -> dict[str, float]:
    """CPU seconds per tok2vec-shaped float32 product with each library: the best of `rounds`, the two
    libraries taking turns, in CPU time of this thread (not wall time), so that other processes busy on
    the same cores (a parallel ingest, a notebook) sway both alike."""
    from thinc.api import NumpyOps

    rng = numpy.random.default_rng(0)
    x = rng.random((2000, 96), dtype=numpy.float32)
    w = rng.random((96, 288), dtype=numpy.float32)
    candidates = {"numpy": NumpyOps(use_blis=False)}
    try:
        candidates["blis"] = NumpyOps(use_blis=True)
    except ValueError:  # thinc without blis
        pass
    best = dict.fromkeys(candidates, float("inf"))
    for ops in candidates.values():
        ops.gemm(x, w)  # warm-up: first calls allocate and page in the library
    for _ in range(rounds):
        for name, ops in candidates.items():
            best[name] = min(best[name], _cpu_time(lambda ops=ops: ops.gemm(x, w)))
    return best


def choose() -> str:
    """'numpy' or 'blis': the setting, or with 'auto' the faster one here (BLIS unless numpy wins by 20%)."""
    global _choice
    setting = Settings.from_env().blas.lower() or "auto"  # Settings checked it is one of BLAS_CHOICES
    if setting != "auto":
        return setting
    if _choice is None:
        timings = measure()
        _choice = "numpy" if timings["numpy"] * 1.2 < timings.get("blis", float("inf")) else "blis"
    return _choice


def use_fastest_blas(nlp: Language) -> str:
    """Point every thinc layer of `nlp` at the chosen library; returns the choice ('blis' changes nothing).

    Only this pipeline's layers change, not thinc's process-wide default. The transition-based parser and
    NER keep BLIS for their small per-step products (they call it from Cython); their large products, and
    all of tok2vec's, go through the layer's ops.
    """
    library = choose()
    if library == "numpy":
        from thinc.api import NumpyOps

        ops = NumpyOps(use_blis=False)
        for _, proc in nlp.pipeline:
            model = getattr(proc, "model", None)
            if model is not None and hasattr(model, "walk"):
                for layer in model.walk():
                    if isinstance(layer.ops, NumpyOps):
                        layer.ops = ops
    return library


def one_thread_per_job():
    """Limit the BLAS libraries of this process to one thread (returns the limiter; use it as a context
    manager to restore). `--jobs N` means N cores: with numpy's OpenBLAS each process would otherwise
    start a thread per core and the jobs would fight over the same cores."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")
