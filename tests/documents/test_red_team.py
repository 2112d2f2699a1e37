"""Hostile input found by the red-team pass (issue 17): special files, corrupt archives, surrogates, deep
folders, repeated names, globs, unbounded standard input, broken metadata. Every input is generated here.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import zipfile

import pytest

from analysis.documents.article import Article
from analysis.documents.parsing import parse_text
from analysis.documents.readers import ReadContext, load_metadata, read_documents
from analysis.errors import PressworkError, Rejected
from analysis.pipeline import analyze_documents
from analysis.settings import Settings

GOOD = "Talks resume\nTEHRAN (Tasnim) – Ali Shamkhani said on Saturday that “talks will resume”, adding more.\n"


def read_all(inputs, **kw) -> list:
    return list(read_documents([str(p) for p in inputs], ReadContext(**kw)))


def codes(docs) -> list[str | None]:
    return [d.error.code if isinstance(d, Rejected) else None for d in docs]


# ---------------------------------------------------------------- archives

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


# ---------------------------------------------------------------- special files and limits

def test_fifo_in_a_folder_is_skipped_with_a_reason_and_never_blocks(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    found: list = []
    reader = threading.Thread(target=lambda: found.extend(read_all([tmp_path])), daemon=True)
    reader.start()
    reader.join(timeout=30)
    if reader.is_alive():  # unblock the reader so the test process can end
        with open(tmp_path / "pipe.txt", "w"):
            pass
        pytest.fail("reading a folder holding a FIFO blocked")
    assert codes(found) == [None, "special_file"]
    assert "FIFO" in found[1].error.message and "regular" in found[1].error.message


def test_a_device_given_as_input_is_rejected_without_reading_it():
    # In a child process with a 1.5 GB address-space cap: reading /dev/zero to the end must not even start.
    code = ("import resource; resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
            "from analysis.documents.readers import read_documents\n"
            "print([getattr(d, 'error', None) and d.error.code for d in read_documents(['/dev/zero'])])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-1500:]
    assert result.stdout.strip() == "['special_file']"


class EndlessInput(io.RawIOBase):
    """Standard input that never ends; refuses reads without a size (they would never return)."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size is not None and size >= 0, "an unbounded read of standard input"
        self.given += size
        return b"word " * (size // 5) + b"w" * (size % 5)

    readall = read


def test_standard_input_is_read_up_to_the_limit_plus_one():
    stdin = EndlessInput()
    settings = Settings(max_document_bytes=10_000, max_archive_bytes=50_000)
    docs = list(read_documents(["-"], ReadContext(settings=settings), stdin=stdin))
    assert codes(docs) == ["too_large"]
    assert stdin.given <= settings.max_archive_bytes + 1


def test_a_very_deep_folder_is_walked(tmp_path):
    levels = [tmp_path / "deep"]
    for _ in range(1500):  # one level at a time: os.makedirs and shutil.rmtree recurse per level
        levels.append(levels[-1] / "d")
    for level in levels:
        level.mkdir()
    try:
        (levels[-1] / "bottom.txt").write_text(GOOD, encoding="utf-8")
        (tmp_path / "deep" / "top.txt").write_text(GOOD, encoding="utf-8")
        docs = read_all([tmp_path / "deep"])
        assert codes(docs) == [None, None]
        assert sorted(os.path.basename(d.path) for d in docs) == ["bottom.txt", "top.txt"]
    finally:
        for level in reversed(levels):
            for f in level.iterdir():
                if f.is_file():
                    f.unlink()
            level.rmdir()


def test_a_recursive_glob_reads_each_file_once(tmp_path):
    (tmp_path / "dir" / "sub").mkdir(parents=True)
    (tmp_path / "dir" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "dir" / "sub" / "b.txt").write_text(GOOD, encoding="utf-8")
    docs = list(read_documents([f"{tmp_path}/dir/**"]))
    assert sorted(os.path.basename(d.path) for d in docs) == ["a.txt", "b.txt"]


def test_a_too_large_csv_field_is_too_large(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("title,text\nA,Fine text here.\nB," + "x" * 5000 + "\n", encoding="utf-8")
    docs = read_all([path], settings=Settings(max_document_bytes=1000))
    assert codes(docs) == [None, "too_large"]
    assert "--max-document-bytes" in docs[1].error.message


# ---------------------------------------------------------------- surrogates and undecodable names

def test_a_lone_surrogate_fails_no_other_document(tmp_path, nlp):
    rows = [{"text": "Ali Shamkhani met officials in Baghdad on Sunday."},
            {"text": "A broken emoji \ud800 in the text of Hassan Rouhani's speech.", "source": "Bad \udcff source"},
            {"text": "Iraq’s prime minister spoke in Tehran on Monday."}]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    results = list(analyze_documents(read_all([path]), nlp=nlp))
    assert codes(results) == [None, None, None]
    for r in results:  # every record can be written as UTF-8
        json.dumps(r.to_record(), ensure_ascii=False).encode("utf-8")
    assert "\ufffd" in results[1].article.text and results[1].article.source == "Bad \ufffd source"


def test_a_document_the_parser_cannot_take_fails_alone(nlp):
    bad = parse_text("Title\nText with a lone surrogate \ud800 made by a library caller.\n", "bad.txt")
    docs = [parse_text(GOOD, "a.txt"), bad, parse_text(GOOD, "c.txt")]
    results = list(analyze_documents(docs, Settings(batch_size=8), nlp=nlp))
    assert codes(results) == [None, "analysis_failed", None]
    assert "surrogate" in results[1].error.message


def test_a_file_name_that_is_not_utf8_gives_a_writable_record(tmp_path, nlp):
    name = os.fsdecode(b"caf\xe9-\xff.txt")
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    [doc] = read_all([tmp_path])
    assert isinstance(doc, Article)
    doc.path.encode("utf-8"), doc.id.encode("utf-8")  # raise if a surrogate is left
    [result] = list(analyze_documents([doc], nlp=nlp))
    json.dumps(result.to_record(), ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------- metadata

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
