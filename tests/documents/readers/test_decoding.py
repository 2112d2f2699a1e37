"""Decoding: names that are not UTF-8 and text the parser cannot take still give writable records."""

from __future__ import annotations

import json
import os

from analysis.documents.article import Article
from analysis.documents.parsing import parse_text
from analysis.pipeline import analyze_documents
from analysis.settings import Settings
from tests.support.reading import GOOD, codes, read_all


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
