"""Archives: corrupt members fail alone, repeated member names stay distinct."""

from __future__ import annotations

import io
import zipfile

import pytest

from analysis.settings import Settings
from tests.support.reading import GOOD, codes, read_all


def test_corrupt_deflate_data_rejects_that_member_only(tmp_path):
    path = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", GOOD * 50)
        zf.writestr("b.txt", GOOD * 50 + "Other words entirely, more of them.\n" * 40)
        zf.writestr("c.txt", GOOD)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("b.txt")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + info.compress_size - 5):  # garble the deflate stream, keep the CRC
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    docs = read_all([path])
    assert [d.path.rsplit("!", 1)[1] for d in docs] == ["a.txt", "b.txt", "c.txt"]
    assert codes(docs) == [None, "bad_archive", None]


def test_repeated_member_names_get_distinct_paths(tmp_path):
    path = tmp_path / "dupes.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("d/y.txt", GOOD)
        zf.writestr("d//y.txt", GOOD.replace("Saturday", "Sunday"))
        with pytest.warns(UserWarning):  # zipfile warns about the duplicate name
            zf.writestr("d/y.txt", GOOD.replace("Saturday", "Monday"))
    docs = read_all([path])
    assert len(docs) == 3 and codes(docs) == [None, None, None]
    assert len({d.path for d in docs}) == 3
    assert docs[0].path.endswith("!d/y.txt") and docs[1].path.endswith("!d//y.txt")


def tar_of(path, members, mode="w:gz") -> None:
    """A tar at `path` holding (name, bytes) members."""
    import tarfile

    with tarfile.open(path, mode) as tf:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))


def test_bytes_skipped_in_a_tar_count_against_the_archive_limit(tmp_path):
    # a hidden member is never read, but expanding it is the way to the next member: it counts
    path = tmp_path / "hidden-bomb.tar.gz"
    tar_of(path, [(".padding", b"\0" * 3_000_000), ("a.txt", GOOD.encode())])
    docs = read_all([path], settings=Settings(max_archive_bytes=1_000_000))
    assert codes(docs) == ["archive_too_large"]
    assert "the rest of the archive was not read" in docs[0].error.message


def test_members_over_the_document_limit_count_whole_against_the_archive_limit(tmp_path):
    path = tmp_path / "big-members.tar.gz"
    tar_of(path, [(f"{k}.txt", b"word " * 300_000) for k in range(4)] + [("z.txt", GOOD.encode())])
    docs = read_all([path], settings=Settings(max_document_bytes=100_000, max_archive_bytes=4_000_000))
    assert codes(docs) == ["too_large", "too_large", "archive_too_large"]


def test_a_tar_bz2_bomb_stops_at_the_archive_limit(tmp_path):
    import time

    path = tmp_path / "bomb.tar.bz2"
    tar_of(path, [("big.txt", b"a" * 30_000_000), ("b.txt", GOOD.encode())], mode="w:bz2")
    assert path.stat().st_size < 1000
    started = time.process_time()
    docs = read_all([path], settings=Settings(max_archive_bytes=10_000_000))
    assert codes(docs) == ["archive_too_large"]
    assert time.process_time() - started < 5  # stream mode took ~16 s of CPU here, unbounded above


def test_counting_members_stops_at_the_archive_limit(tmp_path):
    from analysis.documents.readers import count_members

    path = tmp_path / "bomb.tar.bz2"
    tar_of(path, [("big.txt", b"a" * 3_000_000), ("b.txt", GOOD.encode())], mode="w:bz2")
    assert count_members(str(path), Settings(max_archive_bytes=1_000_000)) is None
    assert count_members(str(path), Settings()) == 2


@pytest.mark.parametrize("name", ["..\\..\\evil.txt", "..\\evil.txt", "C:\\evil.txt"])
def test_a_member_escaping_with_backslashes_is_rejected_not_skipped(tmp_path, name):
    path = tmp_path / "windows.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(name, GOOD)
        zf.writestr("fine.txt", GOOD)
    docs = read_all([path])
    assert codes(docs) == ["unsafe_member", None]
