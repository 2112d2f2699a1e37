"""The small store-test corpus (the bundled sample's paragraphs rotated, plus two inputs that must be
rejected) and helpers to ingest it and compare stores; shared by test_store and test_reliability."""

from __future__ import annotations

from pathlib import Path

from analysis.corpus.rows import SCHEMA
from analysis.corpus.store import Store
from analysis.documents.samples import sample_path
from analysis.ingest.run import ingest

N_GOOD = 16
N_BAD = 2
VOLATILE = {"run_id", "analysed_at", "at"}  # differ between runs by design


def make_corpus(folder: Path, n: int = N_GOOD) -> Path:
    """n distinct articles (the sample's paragraphs rotated), an empty file, a binary file, a metadata TSV."""
    lines = Path(sample_path()).read_text(encoding="utf-8").splitlines()
    headline, first, rest = lines[0], lines[1], lines[2:]
    folder.mkdir(parents=True, exist_ok=True)
    meta = ["filename\tdate\tsource"]
    for i in range(n):
        k = i % len(rest)
        body = rest[k:] + rest[:k]
        body = body[: 3 + i % 4]  # different lengths too
        (folder / f"story{i:02d}.txt").write_text("\n".join([f"{headline} ({i})", first, *body]) + "\n",
                                                  encoding="utf-8")
        meta.append(f"story{i:02d}.txt\t2020-01-{i + 1:02d}\t{'Tasnim' if i % 2 == 0 else 'IRNA'}")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    metadata = folder.parent / f"{folder.name}-metadata.tsv"
    metadata.write_text("\n".join(meta) + "\n", encoding="utf-8")
    return metadata


def run_ingest(corpus: Path, store: Path, **kw):
    """Ingest the test corpus. Its stories recombine the same paragraphs, so many are near-duplicates of each
    other (analysis.corpus.duplicates): the store mechanics tested here count every story, so duplicates are
    kept unless a test says otherwise."""
    from analysis.documents.readers import ReadContext, load_metadata

    ctx = ReadContext(metadata=load_metadata(str(corpus.parent / f"{corpus.name}-metadata.tsv")))
    kw.setdefault("keep_duplicates", True)
    return ingest([str(corpus)], str(store), ctx=ctx, **kw)


def snapshot(store: Path) -> dict[str, list[tuple]]:
    """Every table except `runs`, rows sorted, run-specific columns left out: equal stores compare equal."""
    with Store(store, read_only=True) as s:
        out = {}
        for table, cols in SCHEMA.items():
            if table == "runs":
                continue
            names = [c for c, _ in cols if c not in VOLATILE]
            rows = s.con.execute(f"SELECT {', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)} FROM {table}"
                                 ).fetchall()
            out[table] = sorted(rows, key=repr)
        return out


def migrate_as_an_ingest_does(path: str, refused: str) -> None:
    """An older store: every reader refuses it with a message matching `refused`; the next ingest (all its
    articles unchanged) merges actors and finishes the keys, and the store is current again."""
    import pytest

    from analysis import Corpus
    from analysis.errors import StoreVersionError

    with pytest.raises(StoreVersionError, match=refused):
        Corpus.open(path)
    with Store(path) as store:
        assert store.outdated()
        store.merge_corpus_actors()
        store.finish_keys(2)
        assert not store.outdated()
