"""presswork: a Jupyter analysis workbook for news (import name `analysis`).

>>> import analysis
>>> record = analysis.analyze(analysis.sample_path())   # doctest: +SKIP
"""

__version__ = "0.1.0"

from .pipeline import analyze, analyze_documents, sample_path
from .readers import read_documents

__all__ = ["Corpus", "__version__", "analyze", "analyze_documents", "read_documents", "sample_path"]


def __getattr__(name: str):
    """`analysis.Corpus` (the store's notebook API), imported on first use: DuckDB/pandas load lazily."""
    if name == "Corpus":
        from .corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
