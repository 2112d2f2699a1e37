"""The read side of a corpus: the DuckDB store's schema and rows (`rows`, `store`), corpus identities
(`identity`), who speaks about whom (`speech`), what a filter means (`filters`), the `Corpus` reader
(`query`) and the DataFrames notebooks use (`frames`).

Below the pipeline: nothing here imports spaCy or analyses text (import-linter contracts in pyproject.toml).
Writing a store is `analysis.ingest`.
"""
