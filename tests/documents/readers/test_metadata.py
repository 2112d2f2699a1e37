"""Sidecar metadata: broken files are clear errors, legacy encodings decode, doubtful rows are warned about."""

from __future__ import annotations

import os

import pytest

from analysis.documents.readers import MetadataError, load_metadata, parse_date
from analysis.errors import PressworkError
from analysis.settings import Settings


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


def test_an_unclosed_quote_that_swallows_rows_is_an_error_naming_its_line(tmp_path):
    path = tmp_path / "meta.tsv"
    path.write_text('filename\tdate\ttitle\na.txt\t2020-01-01\t"Open quote never closed\nb.txt\t2020-01-02\tB\n'
                    'c.txt\t2020-01-03\tC\n', encoding="utf-8")
    with pytest.raises(MetadataError, match="line 2: the field 'title' runs on to line 4.*quote"):
        load_metadata(str(path))


def test_quoted_tsv_fields_are_still_read(tmp_path):
    path = tmp_path / "meta.tsv"
    path.write_text('filename\ttitle\na.txt\t"A ""High"" tolerance"\nb.txt\t"Two\nlines"\n', encoding="utf-8")
    rows = load_metadata(str(path))
    assert rows["a"]["title"] == 'A "High" tolerance' and rows["b"]["title"] == "Two\nlines"


def test_a_field_over_the_csv_limit_names_its_line(tmp_path):
    path = tmp_path / "meta.tsv"
    path.write_text("filename\ttitle\na.txt\tfine\nb.txt\t" + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="line 3: a field is over 131,072 characters"):
        load_metadata(str(path))


def test_repeated_column_names_are_an_error(tmp_path):
    path = tmp_path / "meta.tsv"
    path.write_text("filename\tdate\tdate\na.txt\t2020-01-01\t2021-01-01\n", encoding="utf-8")
    with pytest.raises(MetadataError, match=r"\['date'\] appear more than once"):
        load_metadata(str(path))


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "folder"])
def test_a_metadata_path_that_is_not_a_regular_file_is_refused_unread(tmp_path, special):
    if special == "fifo":
        special = tmp_path / "pipe.tsv"
        os.mkfifo(special)
    elif special == "folder":
        special = tmp_path
    with pytest.raises(MetadataError, match="not a regular file"):
        load_metadata(str(special))


def test_a_metadata_file_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "meta.tsv"
    path.write_text("filename\tdate\n" + "a.txt\t2020-01-01\n" * 1000, encoding="utf-8")
    with pytest.raises(MetadataError, match="over max_archive_bytes=1,000"):
        load_metadata(str(path), settings=Settings(max_archive_bytes=1000))


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1500-06-01"])
def test_a_date_out_of_range_is_left_empty_with_a_warning(tmp_path, value):
    path = tmp_path / "meta.tsv"
    path.write_text(f"filename\tdate\na.txt\t{value}\n", encoding="utf-8")
    said: list[str] = []
    load_metadata(str(path), warn=said.append)
    assert len(said) == 1 and "is not a date from 1700-01-01 to 2200-12-31" in said[0]
    assert parse_date(value) is None
