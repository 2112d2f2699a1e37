"""presswork: a Jupyter analysis workbook for news (import name `analysis`).

>>> import analysis
>>> record = analysis.analyze(analysis.sample_path())   # doctest: +SKIP
"""

__version__ = "0.1.0"

from .pipeline import analyze, analyze_documents, sample_path  # noqa: E402
from .readers import read_documents  # noqa: E402

__all__ = ["analyze", "analyze_documents", "read_documents", "sample_path", "__version__"]
