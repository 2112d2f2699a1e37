"""Near-duplicate articles: the same story stored twice (a file repeated in a crawl, a story filed in two
sections, an update that fixed a word or added a paragraph, a copy with another footer).

- Each article gets a MinHash signature of its body's word shingles (`signature`), computed with its rows
  (:func:`analysis.corpus.rows.record_rows`, in the ingest worker) and stored in ``articles.signature``.
- At the end of every run (:meth:`analysis.corpus.store.Store.finish_keys`) `mark_duplicates` compares every
  stored article with the ones before it through LSH (`datasketch`), so copies within one run and across
  runs are found alike: an article that is the same story as an earlier *first copy* (`same_story`: bodies
  and ledes alike, the lede's figures equal) gets ``articles.duplicate_of`` = that copy's ``doc_key``. "Earlier" is the store's order
  (publication date, then the run that stored it, then ``doc_key``): a copy is found whether it came in the
  same run as its first copy or in a later one. A copy is only ever joined to a first copy, never to another copy, so a
  chain of small edits cannot join two different articles.
- Readers leave duplicates out (:mod:`analysis.corpus.filters`) unless asked to keep them.

The body is the article's analysable paragraphs: boilerplate the parser cuts (footers, "Read more", repeated
paragraphs) is not compared, so two copies with different footers match and two articles sharing a footer
do not. The thresholds were chosen on development corpora (docs/duplicates.md).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import numpy as np
import pyarrow as pa

NUM_PERM = 128  # permutations: the estimated Jaccard's standard error is at most 0.044
SHINGLE_WORDS = 5  # words per shingle: short enough to survive an edit, long enough to be specific
# Two articles are one story when the estimated Jaccard similarity of their bodies' shingle sets reaches
# THRESHOLD, their ledes' word sets reach LEDE_THRESHOLD and their ledes hold the same figures: outlets append
# the same long background to different news (a new lede), and recurring reports (a market day, a match, a
# monthly output) fill one template with new figures; neither is a copy (docs/duplicates.md)
THRESHOLD = 0.6
LEDE_WORDS = 50
LEDE_THRESHOLD = 0.5
# LSH bands x rows: a pair at THRESHOLD is a candidate with probability 0.99 (1 - (1 - 0.6**4)**32), one at 0.3
# with 0.23, at 0.1 with 0.003; each candidate is then judged by `same_story`
_LSH_BANDS = (32, 4)
# A body shorter than this is never judged a copy: a caption, a one-line brief or a placeholder says too little
# to tell one story from another, and two such items with the same words are not the same article
MIN_WORDS = 25
_SEED = 1  # seed and scheme make the stored signatures: never change them without migrating the stores
_SCHEME = "affine32"  # datasketch's 32-bit hashing: each value fits a uint32
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _minhash_template():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)  # its permutations are computed once


def body_text(text: str, paragraphs) -> str:
    """The text compared: the article's paragraphs (spans, boilerplate already left out), else its text."""
    if paragraphs:
        return "\n".join(text[int(s):int(e)] for s, e in paragraphs)
    return text or ""


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(words: list[str]) -> list[bytes]:
    """Word `SHINGLE_WORDS`-grams in text order (repeats kept; the signature counts each once)."""
    return [" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)]


def signature(text: str, paragraphs=None) -> bytes | None:
    """An article body's signature, little-endian uint32: `NUM_PERM` MinHash values of its shingles, one
    hash of the figures in its lede (the first `LEDE_WORDS` words of the body: words holding a digit), then
    the sorted hashes of the lede's words. None: too short to compare (`MIN_WORDS`)."""
    from datasketch import MinHash
    from datasketch.hashfunc import sha1_hash32

    words = _words(body_text(text, paragraphs))
    if len(words) < MIN_WORDS:
        return None
    grams = shingles(words)
    template = _minhash_template()
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=template.permutations, scheme=_SCHEME)
    m.update_batch(list(set(grams)))
    lede = words[:LEDE_WORDS]
    figures = sha1_hash32(" ".join(sorted({w for w in lede if any(c.isdigit() for c in w)})).encode())
    lede_words = np.unique(np.array([sha1_hash32(w.encode()) for w in set(lede)], dtype=np.uint64))
    # affine32 values and sha1_hash32 are below 2**32
    return np.concatenate([m.hashvalues, [figures], lede_words]).astype("<u4").tobytes()


def _parts(sig: bytes) -> tuple[np.ndarray, int, np.ndarray]:
    """(MinHash values, hash of the lede's figures, lede word hashes) of a stored signature."""
    values = np.frombuffer(sig, dtype="<u4").astype(np.uint64)
    return values[:NUM_PERM], int(values[NUM_PERM]), values[NUM_PERM + 1 :]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash signatures (the share of equal values)."""
    return float(np.mean(a == b))


def lede_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two ledes' word sets (exact: their hashes are stored whole). Words, not shingles:
    an update that reworded its lede a little ("named" -> "is expected to pick") keeps most of its words."""
    union = len(np.union1d(a, b))
    return len(np.intersect1d(a, b, assume_unique=True)) / union if union else 0.0


def same_story(a: bytes, b: bytes) -> tuple[bool, float, float]:
    """Whether two signatures are one story, with the body and lede similarities that decide it."""
    (va, fa, la), (vb, fb, lb) = _parts(a), _parts(b)
    body, lede = similarity(va, vb), lede_similarity(la, lb)
    return body >= THRESHOLD and lede >= LEDE_THRESHOLD and fa == fb, body, lede


def find_duplicates(signatures) -> dict[str, str]:
    """``{doc_key: doc_key of its first copy}`` for `signatures`, (doc_key, signature bytes) pairs in the
    store's order: each article is compared with the first copies before it."""
    from datasketch import MinHashLSH
    from datasketch.lean_minhash import LeanMinHash

    lsh = MinHashLSH(num_perm=NUM_PERM, params=_LSH_BANDS)
    firsts: dict[str, tuple[int, bytes]] = {}
    found: dict[str, str] = {}
    for n, (key, sig) in enumerate(signatures):
        if not sig or len(sig) <= 4 * (NUM_PERM + 1):
            continue
        m = LeanMinHash(seed=_SEED, hashvalues=_parts(sig)[0], scheme=_SCHEME)
        scored = []
        for c in lsh.query(m):
            same, body, lede = same_story(sig, firsts[c][1])
            if same:
                scored.append((body + lede, -firsts[c][0], c))
        if scored:
            found[key] = max(scored)[2]  # the most similar first copy; on a tie the earliest
        else:
            lsh.insert(key, m)
            firsts[key] = (n, sig)
    return found


# The one SQL condition on `articles` that keeps first copies: what readers count by default
FIRST_COPIES = "duplicate_of IS NULL"
# the store's order of articles: which of two copies is the first
STORE_ORDER = "published NULLS LAST, run_id NULLS LAST, doc_key"


def mark_duplicates(con, keep: bool = False) -> int:
    """Set ``articles.duplicate_of`` over the whole store (`keep`: no article is a duplicate); articles of an
    older store without a signature get one first, from their stored text. Returns the duplicates marked.
    Run inside the caller's transaction or on its own: it only updates `articles`."""
    missing = con.execute("SELECT doc_key, text, json_extract(record, '$.paragraphs') FROM articles "
                          "WHERE signature IS NULL AND text IS NOT NULL AND text <> ''").fetchall()
    signed = [(k, signature(t, json.loads(p) if p else None)) for k, t, p in missing]
    signed = [(k, s) for k, s in signed if s is not None]
    if signed:
        con.register("_signed", pa.table({"doc_key": [k for k, _ in signed], "signature": [s for _, s in signed]}))
        con.execute("UPDATE articles a SET signature = s.signature FROM _signed s WHERE a.doc_key = s.doc_key")
        con.unregister("_signed")
    found = {} if keep else find_duplicates(
        con.execute(f"SELECT doc_key, signature FROM articles ORDER BY {STORE_ORDER}").fetchall())
    con.execute("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
    if found:
        con.register("_dups", pa.table({"doc_key": list(found), "duplicate_of": list(found.values())}))
        con.execute("UPDATE articles a SET duplicate_of = d.duplicate_of FROM _dups d WHERE a.doc_key = d.doc_key")
        con.unregister("_dups")
    con.execute("DELETE FROM store_meta WHERE key = 'duplicates'")
    con.execute("INSERT INTO store_meta VALUES ('duplicates', ?)", ["kept" if keep else "set aside"])
    return len(found)


def count_set_aside(con) -> int:
    """Articles stored as near-duplicates of another (`articles.duplicate_of`): what readers leave out."""
    return con.execute(f"SELECT count(*) FROM articles WHERE NOT ({FIRST_COPIES})").fetchone()[0]


def duplicates_mode(con) -> str | None:
    """'kept' (the last ingest was told --keep-duplicates), 'set aside', or None (never marked)."""
    row = con.execute("SELECT value FROM store_meta WHERE key = 'duplicates'").fetchone()
    return row[0] if row else None


def set_aside_note(n: int | None) -> str:
    """What reports and the ingest say about copies: how many were set aside (None: kept)."""
    if n is None:
        return "near-duplicate articles kept: every copy is counted (--keep-duplicates)"
    noun = "article" if n == 1 else "articles"
    return f"{n:,} near-duplicate {noun} set aside (keep them with --keep-duplicates)"
