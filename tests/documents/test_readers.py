"""Readers: every format and every error code, counted so read = analysed + rejected."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest

import analysis
from analysis.documents.article import Article
from analysis.documents.readers import FieldNames, ReadContext, load_metadata, read_documents
from analysis.errors import ERROR_CODES, Rejected
from analysis.settings import Settings
from tests.conftest import SHARED, require_shared

WIRE = "Iran hails vote\nTEHRAN (Tasnim) – Ali Shamkhani said the vote was historic.\nHe added more.\n"


def read(paths, **kw):
    return list(read_documents([str(p) for p in paths], ReadContext(**kw)))


def codes(docs):
    return sorted(d.error.code for d in docs if isinstance(d, Rejected))


def test_plain_text_file(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(WIRE, encoding="utf-8")
    [a] = read([f])
    assert isinstance(a, Article) and a.id == "story" and a.path == str(f)
    assert a.headline == "Iran hails vote" and a.dateline.agency == "Tasnim"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "cp1256", "utf-16"])
def test_encodings(tmp_path, encoding):
    text = "Headline\nTEHRAN – Le président a dit « café » – naïve.\n"
    if encoding == "cp1256":
        text = "Headline\nTEHRAN – قال الرئيس إن الانتخابات ستجرى في موعدها المحدد هذا العام.\n"
    f = tmp_path / "enc.txt"
    f.write_bytes(text.encode(encoding))
    [a] = read([f])
    assert isinstance(a, Article), a
    assert a.text.replace("\ufeff", "") == text
    # the codec that decoded it: UTF-8 (a BOM is still UTF-8), else the legacy encoding it was written in
    assert a.encoding == {"utf-8-sig": "utf-8"}.get(encoding, encoding)


def test_error_codes_for_bad_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t \n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "big.txt").write_bytes(b"word " * 400)
    docs = read([tmp_path, tmp_path / "missing.txt"], settings=Settings(max_document_bytes=1000))
    by_id = {d.id: d for d in docs}
    assert by_id["empty"].error.code == "empty"
    assert by_id["blank"].error.code == "empty"
    assert by_id["binary"].error.code == "binary"
    assert by_id["big"].error.code == "too_large"
    assert "max_document_bytes" in by_id["big"].error.message and "--max-document-bytes" in by_id["big"].error.message
    assert by_id["missing"].error.code == "not_found"


def test_undecodable_bytes(tmp_path):
    f = tmp_path / "bad.txt"
    # invalid UTF-8 continuation bytes mixed with C1 controls: no sensible legacy encoding either
    f.write_bytes(b"\xc3\x28\xa0\xa1\x80\x81\x8d\x8f\x90\x9d" * 50)
    [d] = read([f])
    assert isinstance(d, Rejected) and d.error.code in ("undecodable", "binary")


def test_unreadable_file(tmp_path):
    import os

    f = tmp_path / "locked.txt"
    f.write_text("text")
    f.chmod(0)
    if os.access(f, os.R_OK):  # root reads anything: use a directory entry that cannot be opened instead
        f.chmod(0o644)
        f = tmp_path / "loop.txt"
        f.symlink_to(f)
    [d] = read([f])
    assert d.error.code == "unreadable"


def test_folder_recursive_and_glob(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "one.txt").write_text(WIRE)
    (tmp_path / "a" / "b" / "two.txt").write_text(WIRE)
    (tmp_path / "a" / ".hidden.txt").write_text(WIRE)
    assert [d.id for d in read([tmp_path / "a"])] == ["one", "two"]
    assert sorted(d.id for d in read([f"{tmp_path}/a/**/*.txt"])) == ["one", "two"]
    assert codes(read([f"{tmp_path}/nothing/*.txt"])) == ["not_found"]


def test_zip_and_tar_in_memory_with_traversal_rejected(tmp_path):
    z = tmp_path / "c.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("data/good.txt", WIRE)
        zf.writestr("../evil.txt", WIRE)
        zf.writestr("data/empty.txt", "")
    docs = read([z])
    assert [d.id for d in docs if isinstance(d, Article)] == ["good"]
    assert codes(docs) == ["empty", "unsafe_member"]
    assert not (tmp_path.parent / "evil.txt").exists()
    t = tmp_path / "c.tar.gz"
    with tarfile.open(t, "w:gz") as tf:
        for name, data in [("data/good.txt", WIRE.encode()), ("/abs.txt", b"x" * 50)]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("data/link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
    docs = read([t])
    assert [d.path for d in docs if isinstance(d, Article)] == [f"{t}!data/good.txt"]
    assert codes(docs) == ["unsafe_member", "unsafe_member"]


def test_archive_expansion_limit(tmp_path):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"m{i}.txt", "Title\nTEHRAN – " + "a " * 50_000)
    docs = read([z], settings=Settings(max_archive_bytes=250_000))
    assert len(docs) == 5  # every member accounted for
    assert "archive_too_large" in codes(docs)
    msg = next(d for d in docs if isinstance(d, Rejected)).error.message
    assert "max_archive_bytes" in msg


def test_bad_archive(tmp_path):
    z = tmp_path / "broken.zip"
    z.write_bytes(b"PK\x03\x04 not really a zip")
    assert codes(read([z])) == ["bad_archive"]


def test_jsonl_with_fields_and_bad_rows(tmp_path):
    f = tmp_path / "c.jsonl"
    rows = [
        json.dumps({"id": "r1", "title": "Vote", "body": "WASHINGTON (AP) — Senators voted.", "date": "2020-01-05",
                    "outlet": "AP", "url": "https://example.org/1"}),
        "{not json",
        json.dumps({"id": "r3", "title": "No text"}),
        json.dumps(["a", "list"]),
    ]
    f.write_text("\n".join(rows) + "\n")
    docs = read([f], fields=FieldNames.from_mapping({"text": "body", "source": "outlet"}))
    assert len(docs) == 4
    a = docs[0]
    assert a.id == "r1" and a.headline == "Vote" and a.published.isoformat() == "2020-01-05"
    assert a.publisher == "AP" and a.url == "https://example.org/1" and a.dateline.agency == "AP"
    assert codes(docs) == ["bad_json", "bad_json", "missing_field"]
    assert "line 2" in docs[1].error.message


def test_csv_with_missing_columns(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text('title,text,date\nA,"BEIRUT, Lebanon (Reuters) - Text one.",2021-03-04\nB\n', encoding="utf-8")
    docs = read([f])
    assert isinstance(docs[0], Article) and docs[0].dateline.location == "BEIRUT, Lebanon"
    assert docs[0].published.isoformat() == "2021-03-04"
    assert codes(docs) == ["missing_field"]


def test_html_page(tmp_path):
    f = tmp_path / "page.html"
    body = " ".join(["The foreign minister said the talks would continue next week in Vienna."] * 8)
    f.write_text(f"""<!doctype html><html><head><title>Talks to resume</title>
    <meta property="og:title" content="Talks to resume in Vienna">
    <meta name="date" content="2021-06-01"><meta property="og:site_name" content="Example News"></head>
    <body><nav>Home | World</nav><article><h1>Talks to resume in Vienna</h1><p>{body}</p><p>{body}</p></article>
    <footer>Copyright</footer></body></html>""")
    [a] = read([f])
    assert isinstance(a, Article) and a.format == "html"
    assert "Vienna" in a.headline and a.published.isoformat() == "2021-06-01"
    assert "Home | World" not in a.text[a.body_span[0]:]


def test_stdin():
    docs = list(read_documents(["-"], stdin=io.BytesIO(WIRE.encode())))
    assert len(docs) == 1 and docs[0].headline == "Iran hails vote" and docs[0].path == "<stdin>"


def test_metadata_sidecar(tmp_path):
    (tmp_path / "story.txt").write_text(WIRE)
    meta = tmp_path / "meta.tsv"
    meta.write_text("filename\tpublisher\tpublication_date\ttitle\nstory\tTasnim News\t2021-06-19\tOther title\n")
    [a] = read([tmp_path / "story.txt"], metadata=load_metadata(str(meta)))
    assert a.publisher == "Tasnim News" and a.published.isoformat() == "2021-06-19"
    assert a.headline == "Iran hails vote"  # a headline found in the text wins over the sidecar title


def test_polnear_metadata_is_a_real_sidecar():
    path = require_shared(SHARED / "eval" / "polnear" / "metadata.tsv")
    meta = load_metadata(str(path))
    assert len(meta) > 1000
    row = next(iter(meta.values()))
    assert "publisher" in row and "publication_date" in row


def test_max_documents_limit(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(WIRE)
    docs = read([tmp_path], settings=Settings(max_documents=2))
    assert len(docs) == 3 and codes(docs) == ["too_many_documents"]


def test_every_error_code_is_documented():
    """Every code the readers and the pipeline can give is in ERROR_CODES, and every code there is explained
    in `presswork analyze --help`."""
    import re

    from click.testing import CliRunner

    from analysis.cli import main

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(analysis.__file__).parent.rglob("*.py"))
    used = set(re.findall(r'DocumentError\(\s*"([a-z_]+)"', source))
    assert used and used <= set(ERROR_CODES), used - set(ERROR_CODES)
    help_text = " ".join(CliRunner().invoke(main, ["analyze", "--help"]).output.split())
    for code, text in ERROR_CODES.items():
        assert len(text) > 20 and code in help_text and " ".join(text.split())[:30] in help_text, code


def test_paths_as_pathlib_objects_one_or_several(tmp_path):
    # a notebook passes Path objects: one file, one folder, or a list of them (a file Path raised TypeError)
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(WIRE, encoding="utf-8")
    assert [d.id for d in read_documents(tmp_path / "a.txt")] == ["a"]
    assert [d.id for d in read_documents([tmp_path / "a.txt", tmp_path / "sub"])] == ["a", "b"]
    assert sorted(d.id for d in read_documents(tmp_path)) == ["a", "b"]
    assert all(isinstance(d, Article) for d in read_documents(str(tmp_path / "a.txt")))
