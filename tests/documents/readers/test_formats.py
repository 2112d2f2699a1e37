"""Formats: CSV fields over the limit; JSON Lines read row by row, rows shaped like no article, broken surrogates."""

from __future__ import annotations

import json

import pytest

from analysis.documents.readers import ReadContext, read_documents
from analysis.pipeline import analyze_documents
from analysis.settings import Settings
from tests.support.reading import codes, read_all


def test_a_too_large_csv_field_is_too_large(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("title,text\nA,Fine text here.\nB," + "x" * 5000 + "\n", encoding="utf-8")
    docs = read_all([path], settings=Settings(max_document_bytes=1000))
    assert codes(docs) == [None, "too_large"]
    assert "--max-document-bytes" in docs[1].error.message


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


def peak_while_reading(path, keep: bool = True, **kw) -> tuple[list, int]:
    """(documents read from `path`, or their codes unless `keep`; peak bytes Python allocated meanwhile)."""
    import tracemalloc

    tracemalloc.start()
    try:
        docs = [d if keep else codes([d])[0] for d in read_documents([str(path)], ReadContext(**kw))]
        return docs, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_json_lines_are_read_row_by_row(tmp_path):
    path = tmp_path / "rows.jsonl"
    row = {"title": "Talks", "text": "Ali Shamkhani said on Saturday that talks will resume. " * 40}
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({**row, "id": f"r{k}"}) + "\n" for k in range(4000))  # about 9 MB
    found, peak = peak_while_reading(path, keep=False)
    assert found == [None] * 4000
    assert peak < 4_000_000, peak  # a row at a time (and 1 MB chunks): the whole text and its lines took 18 MB+
    rows = iter(read_documents([str(path)]))
    first = next(rows)
    assert first.id == "r0" and first.origin == (str(path), None, 1)


def test_a_row_shaped_like_no_article_is_rejected_unparsed(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "A fine row about Tehran."}\n'
                    '{"text": "x", "tags": [' + ",".join(["{}"] * 200_000) + "]}\n"
                    '{"text": "Another fine row about Baghdad."}\n', encoding="utf-8")
    docs, peak = peak_while_reading(path)
    assert codes(docs) == [None, "bad_json", None]
    assert "200,002 JSON objects or arrays" in docs[1].error.message
    assert peak < 3_000_000, peak  # parsed, the line took about 13 MB


def test_a_json_line_over_the_line_limit_is_skipped_unread(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "' + "word " * 500_000 + '"}\n{"text": "A fine row about Tehran."}\n', encoding="utf-8")
    docs = read_all([path], settings=Settings(max_document_bytes=100_000))
    assert codes(docs) == ["too_large", None]
    assert docs[0].path.endswith("rows.jsonl:1") and docs[1].path.endswith("rows.jsonl:2")


@pytest.mark.parametrize("content, code", [(b"\0" * 3_000_000, "binary"), (b" \n\n  \n", "empty"),
                                           (b'{"text": "caf\xe9 in Paris, said the minister."}\n', None)])
def test_a_json_lines_file_is_checked_whole_before_its_rows(tmp_path, content, code):
    path = tmp_path / "rows.jsonl"
    path.write_bytes(content)
    docs, peak = peak_while_reading(path)
    assert codes(docs) == [code]
    if code is None:  # not UTF-8: decoded as a legacy encoding, as any document
        assert "café" in docs[0].text
    else:
        assert peak < 2_500_000, peak


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_a_json_lines_date_out_of_range_is_no_date(tmp_path, value):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"text": "A fine row about Tehran.", "date": value}) + "\n"
                    + json.dumps({"text": "Another row about Baghdad.", "date": "2020-02-03"}) + "\n", encoding="utf-8")
    docs = read_all([path])
    assert [str(d.published) for d in docs] == ["None", "2020-02-03"]
