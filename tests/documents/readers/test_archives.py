"""Archives: corrupt members fail alone, repeated member names stay distinct."""

from __future__ import annotations

import zipfile

import pytest

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
