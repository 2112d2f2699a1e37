"""What corpus notebooks load: a store's frames, or any input analysed now, both read by `Corpus`.

Reading a store never imports spaCy; analysing files does (the pipeline loads on that path only).
"""

from __future__ import annotations

from itertools import islice

from analysis.corpus.frames import CorpusFrames
from analysis.corpus.query import Corpus
from analysis.documents.samples import default_inputs


def load_corpus(input_path: str = "", store: str = "", limit: int = 0, model: str | None = None,
                progress: bool = False, keep_duplicates: bool = False) -> CorpusFrames:
    """Frames from a store (`store`), or from any input `read_documents` accepts, analysed now.

    Keys are final in both: identities that are visibly one actor are joined when a store is written
    (`analysis.corpus.keys`), and records analysed now go through the same step. `input_path` may hold several
    paths separated by ";"; empty means the bundled sample and example corpus. `limit` > 0 analyses only
    the first `limit` documents (a sizeable sample of a large archive). Near-duplicate articles are left
    out unless `keep_duplicates` (`frames.duplicates_set_aside` says how many).
    """
    if store:
        with Corpus.open(store, keep_duplicates=keep_duplicates) as corpus:
            return corpus.frames()
    from analysis.documents.readers import check_found, read_documents
    from analysis.pipeline import analyze_documents
    from analysis.settings import Settings

    inputs = [p.strip() for p in input_path.split(";") if p.strip()] or default_inputs()
    check_found(inputs)
    docs = read_documents(inputs)
    if limit and limit > 0:
        docs = islice(docs, limit)
    results = analyze_documents(docs, Settings.from_env(model=model or None))
    if progress:
        from tqdm.auto import tqdm

        results = tqdm(results, total=limit or None, desc="analysing", unit="doc")
    with Corpus.from_records((r.to_record() for r in results), keep_duplicates) as corpus:
        return corpus.frames()
