"""Formats: CSV fields over the limit; JSON Lines rows with broken surrogates."""

from __future__ import annotations

import json

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
