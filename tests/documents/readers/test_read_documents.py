"""`read_documents` on hostile input: whatever a crawl produces, a run survives and every document counts.

The corpus is generated here, never committed as blobs. Each input gets a specific error code or a
correct analysis; counts add up (read = analysed + rejected).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

from analysis.documents.readers import ReadContext, read_documents
from analysis.errors import Rejected
from analysis.pipeline import analyze_documents
from analysis.settings import Settings
from tests.support.reading import GOOD


def build_hostile_corpus(root) -> dict[str, str | None]:
    """Write the hostile files; return {file name: expected error code, or None for a correct analysis}."""
    expect: dict[str, str | None] = {}

    def put(name: str, data: bytes, code: str | None) -> None:
        (root / name).write_bytes(data)
        expect[name] = code

    put("empty.txt", b"", "empty")
    put("whitespace.txt", b" \n\t\r\n   \n", "empty")
    put("binary.txt", bytes(range(256)) * 20, "binary")
    put("nul-in-text.txt", b"Title\nTEHRAN - Some text\x00 with a NUL byte inside.", "binary")
    put("invalid-utf8.txt", b"\xff\xfe\xfd" + os.urandom(0) + b"\x80\x81\x9d\x8f" * 300, "undecodable")
    put("cp1252.txt", "Title\nPARIS (AFP) – Le président a déclaré « café » – naïve.\n".encode("cp1252"), None)
    put("cp1256.txt", "عنوان\nTEHRAN – قال الرئيس إن الانتخابات ستجرى في موعدها المحدد هذا العام.\n"
        .encode("cp1256"), None)
    put("mixed-endings.txt", b"Headline\r\nTEHRAN - First line.\rSecond paragraph here.\nThird one.\r\n", None)
    put("only-quotes.txt", "“”\"\"‘’«»„“\"“”\"".encode(), None)
    put("unbalanced.txt", "Title\nHe said “this never ends. And “nested ‘inner’ quote” here.\n“Open".encode(), None)
    put("rtl-emoji.txt", "Title 🎉\nTEHRAN – مرحبا بالعالم said the minister 😀 on Monday.\n\u202eevil\u202c".encode(), None)
    put("huge-line.txt", b"word " * (10 * 1024 * 1024), "too_large")  # 50 MB on one line
    put("deep.html", (b"<html><body>" + b"<div>" * 20000 + b"deep text" + b"</div>" * 20000
                      + b"</body></html>"), "bad_html")
    put("rows.jsonl", b'{"text": "A fine row."}\n{"text": \n[1, 2]\n{"title": "no text"}\n', None)
    put("rows.csv", b"title,text\nA,Fine text here.\nB\n", None)
    put("tiny.txt", b"ok", None)
    (root / "outside.txt").write_text(GOOD)
    os.symlink(root / "outside.txt", root / "link-to-file.txt")
    expect["outside.txt"] = expect["link-to-file.txt"] = None
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    expect["dangling.txt"] = "unreadable"
    with zipfile.ZipFile(root / "traversal.zip", "w") as zf:
        zf.writestr("../../etc/evil.txt", GOOD)
        zf.writestr("/abs/evil.txt", GOOD)
        zf.writestr("fine.txt", GOOD)
    expect["traversal.zip"] = "unsafe_member"
    with zipfile.ZipFile(root / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros1.txt", b"a" * (60 * 1024 * 1024))
        zf.writestr("zeros2.txt", b"a" * (60 * 1024 * 1024))
    expect["bomb.zip"] = "archive_too_large"
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        link = tarfile.TarInfo("data/link")
        link.type = tarfile.SYMTYPE
        link.linkname = "../../etc/passwd"
        tf.addfile(link)
        info = tarfile.TarInfo("data/ok.txt")
        info.size = len(GOOD.encode())
        tf.addfile(info, io.BytesIO(GOOD.encode()))
    put("links.tar.gz", buf.getvalue(), "unsafe_member")
    return expect


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    return root, build_hostile_corpus(root)


def test_every_hostile_input_gets_a_code_or_an_analysis(hostile_dir, nlp):
    root, expect = hostile_dir
    settings_ = Settings(max_archive_bytes=1024 * 1024)
    docs = list(read_documents([str(root)], ReadContext(settings=settings_)))
    results = list(analyze_documents(docs, settings=settings_, nlp=nlp))
    assert len(results) == len(docs)  # nothing dropped between reading and analysing
    by_file: dict[str, list] = {}
    for r in results:
        name = r.path.split(str(root) + os.sep, 1)[-1].split("!", 1)[0].split(":", 1)[0]
        by_file.setdefault(name, []).append(r)
    assert set(by_file) == set(expect)
    for name, code in expect.items():
        got = by_file[name]
        if code is None and name not in ("rows.jsonl", "rows.csv"):
            assert all(not isinstance(r, Rejected) for r in got), (name, got)
        elif code is not None:
            codes = {r.error.code for r in got if isinstance(r, Rejected)}
            assert code in codes, (name, codes)
        for r in got:  # no run ever fails inside the analysis
            assert not (isinstance(r, Rejected) and r.error.code == "analysis_failed"), (name, r.error)
    jsonl = by_file["rows.jsonl"]
    assert [getattr(r, "error", None) and r.error.code for r in jsonl] == [None, "bad_json", "bad_json", "missing_field"]
    csv_rows = by_file["rows.csv"]
    assert [getattr(r, "error", None) and r.error.code for r in csv_rows] == [None, "missing_field"]
    # legacy encodings decoded to the right characters
    cp1252 = by_file["cp1252.txt"][0].article
    assert "président" in cp1252.text and "naïve" in cp1252.text
    assert "الانتخابات" in by_file["cp1256.txt"][0].article.text
    bomb = [r for r in by_file["bomb.zip"] if isinstance(r, Rejected)]
    assert "max_archive_bytes" in bomb[0].error.message and "--max-archive-bytes" in bomb[0].error.message
    huge = by_file["huge-line.txt"][0]
    assert "max_document_bytes" in huge.error.message


def test_cli_counts_add_up_on_the_hostile_corpus(hostile_dir):
    root, _ = hostile_dir
    env = {**os.environ, "PRESSWORK_MAX_ARCHIVE_BYTES": str(1024 * 1024)}
    result = subprocess.run([sys.executable, "-m", "analysis", "analyze", str(root), "--quiet"],
                            capture_output=True, env=env, timeout=900, check=False)
    assert result.returncode == 3, result.stderr.decode()[-2000:]
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    rejected = sum(1 for r in records if "error" in r)
    summary = result.stderr.decode().strip().splitlines()[-1]
    assert summary == f"read {len(records)} = analysed {len(records) - rejected} + rejected {rejected}"
