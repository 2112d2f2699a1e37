"""The write side of a corpus: runs (`run.ingest`), the batch work both engines share (`jobs`), the Dask
engine (`dask_engine`) and analysing files for a notebook (`load`).

Above the pipeline, which it drives; it writes through `analysis.corpus.store`.
"""
