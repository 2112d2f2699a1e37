"""Sidecar metadata: broken files are clear errors, legacy encodings decode, doubtful rows are warned about."""

from __future__ import annotations

import pytest

from analysis.documents.readers import load_metadata
from analysis.errors import PressworkError


@pytest.mark.parametrize("content, message", [
    (b"name\tdate\nx\t2020-01-01\n", "needs a filename/file/id/stem/path column"),
    (b"", "is empty"),
])
def test_a_broken_metadata_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "meta.tsv"
    path.write_bytes(content)
    with pytest.raises(PressworkError, match=message):
        load_metadata(str(path))


def test_a_cp1252_metadata_file_is_decoded(tmp_path):
    path = tmp_path / "meta.tsv"
    path.write_bytes("filename\tsource\ta.txt\tAgence de presse « café »\n".replace("\ta.txt", "\na.txt")
                     .encode("cp1252"))
    assert load_metadata(str(path))["a"]["source"] == "Agence de presse « café »"


def test_bad_metadata_dates_and_repeated_keys_are_warned_about(tmp_path):
    path = tmp_path / "meta.tsv"
    path.write_text("filename\tdate\na.txt\tnot a date\nb.txt\t2020-01-02\nb.txt\t2020-01-03\n", encoding="utf-8")
    said: list[str] = []
    load_metadata(str(path), warn=said.append)
    assert len(said) == 2
    assert any("not a date" in s and "a.txt" in s for s in said)
    assert any("b.txt" in s and "repeat" in s for s in said)
