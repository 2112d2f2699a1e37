"""Helpers for the reader tests: a good wire article, reading paths, the error codes of what was read."""

from __future__ import annotations

from hypothesis import strategies as st

from analysis.documents.readers import ReadContext, read_documents
from analysis.errors import Rejected

GOOD = "Talks resume\nTEHRAN (Tasnim) – Ali Shamkhani said on Saturday that “talks will resume”, adding more.\n"


def read_all(inputs, **kw) -> list:
    """Every document read from `inputs` (paths) with a `ReadContext(**kw)`."""
    return list(read_documents([str(p) for p in inputs], ReadContext(**kw)))


def codes(docs) -> list[str | None]:
    """Each document's error code in reading order, None for an article."""
    return [d.error.code if isinstance(d, Rejected) else None for d in docs]


# text a crawl could produce: arbitrary characters mixed with quote marks, cues, datelines and breaks
QUOTEY = st.sampled_from(list("“”\"'‘’«»„‹› \n\r\t–—-:.,;()") + ["TEHRAN (Tasnim) – ", " said ", " he added ",
                                                                 "Ali Shamkhani", "NA/PA", "\n\n"])
ARBITRARY_TEXT = st.lists(st.one_of(st.text(min_size=0, max_size=12), QUOTEY), max_size=60).map("".join)
