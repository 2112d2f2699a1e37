"""The corpus: the DuckDB store (`rows`, `store`), ingest (`jobs`, `ingest`, `dask_engine`), corpus
identities (`identity`), DataFrames for notebooks (`frames`, `load`) and the `Corpus` query API (`query`).

Storage, identities, frames and queries never import spaCy (an import-linter contract in pyproject.toml).
"""
