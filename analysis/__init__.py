"""presswork: a Jupyter analysis workbook for news (import name `analysis`).

>>> import analysis
>>> record = analysis.analyze(analysis.sample_path())   # doctest: +SKIP

The package is laid out the way the data flows (docs/architecture.md):

    documents -> nlp -> actors / quotes / themes -> pipeline (one article's record)
              -> ingest (runs, jobs, Dask) writes -> corpus (store, identities, frames, Corpus)
              -> explore (what notebooks show) -> reports -> cli

The public names below load on first use, so `import analysis.corpus` (a store and its DataFrames)
never pulls in spaCy.
"""

from analysis import thinc_without_torch
from analysis.about import __version__

thinc_without_torch.install()  # before anything imports spaCy

__all__ = ["Corpus", "__version__", "analyze", "analyze_documents", "read_documents", "sample_path"]

_PUBLIC = {
    "analyze": "analysis.pipeline",
    "analyze_documents": "analysis.pipeline",
    "sample_path": "analysis.documents.samples",
    "read_documents": "analysis.documents.readers",
    "Corpus": "analysis.corpus.query",
}


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
