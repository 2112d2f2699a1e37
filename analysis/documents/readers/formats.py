"""One file's bytes -> documents, by format: plain text, HTML, JSON Lines, CSV/TSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import PurePosixPath

from analysis.documents.article import Article
from analysis.documents.parsing import id_from_path, parse_text
from analysis.documents.readers.context import Document, ReadContext, pick
from analysis.documents.readers.decoding import clean_text, decode_bytes, parse_date
from analysis.documents.readers.metadata import apply_metadata
from analysis.errors import DocumentError, Rejected
from analysis.settings import Settings, limit_hint


def _article_from_text(text: str, path: str, encoding: str, ctx: ReadContext, **kw) -> Article:
    article = parse_text(text, path, **kw)
    article.encoding = encoding
    return apply_metadata(article, ctx)


def articles_from_html(data: bytes, path: str, ctx: ReadContext) -> Iterator[Document]:
    import trafilatura

    try:
        html, _ = decode_bytes(data, ctx.settings)
    except DocumentError as e:
        yield Rejected(id_from_path(path), path, e)
        return
    try:
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as e:  # noqa: BLE001 -- trafilatura/lxml raise many types on hostile markup
        yield Rejected(id_from_path(path), path, DocumentError("bad_html", f"HTML extraction failed: {e}"))
        return
    if extracted is None:
        yield Rejected(id_from_path(path), path, DocumentError("bad_html", "no main text found in the page"))
        return
    doc = extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = (doc.get("text") or "").strip()
    if not body:
        yield Rejected(id_from_path(path), path, DocumentError("bad_html", "no main text found in the page"))
        return
    title = doc.get("title")
    text = f"{title}\n{body}" if title else body
    article = parse_text(text, path, headline_in_text=bool(title))
    article.format = "html"
    article.published = parse_date(doc.get("date"))
    article.publisher = doc.get("sitename") or doc.get("hostname")
    article.source = article.source or article.publisher
    article.url = doc.get("url")
    yield apply_metadata(article, ctx)


def _row_to_document(row, path: str, n: int, ctx: ReadContext, fmt: str) -> Document:
    rid = f"{id_from_path(path)}:{n}"
    if not isinstance(row, dict):
        return Rejected(rid, f"{path}:{n}", DocumentError("bad_json", f"row {n} is not a JSON object"))
    row = {clean_text(str(k)): clean_text(v) if isinstance(v, str) else v for k, v in row.items()}
    f = ctx.fields
    text = pick(row, f.text)
    if not isinstance(text, str) or not text.strip():
        return Rejected(rid, f"{path}:{n}", DocumentError(
            "missing_field", f"row {n} has no text; expected one of the fields {list(f.text)} "
                             "(set another with --text-field)"))
    if len(text.encode("utf-8", "surrogatepass")) > ctx.settings.max_document_bytes:
        return Rejected(rid, f"{path}:{n}", DocumentError(
            "too_large", f"row {n} is over max_document_bytes; {limit_hint('max_document_bytes')}"))
    doc_id = str(pick(row, f.id) or rid)
    title = pick(row, f.title)
    article = parse_text(text, f"{path}:{n}", id=doc_id, headline=str(title) if title else None)
    article.format = fmt
    article.published = parse_date(pick(row, f.date))
    src = pick(row, f.source)
    if src:
        article.publisher = str(src)
        article.source = article.source or str(src)
    url = pick(row, f.url)
    article.url = str(url) if url else None
    return apply_metadata(article, ctx)


def articles_from_jsonl(data: bytes, path: str, ctx: ReadContext) -> Iterator[Document]:
    try:
        text, _ = decode_bytes(data, Settings(max_document_bytes=ctx.settings.max_archive_bytes))
    except DocumentError as e:
        yield Rejected(id_from_path(path), path, e)
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejected(f"{id_from_path(path)}:{n}", f"{path}:{n}",
                           DocumentError("bad_json", f"line {n} is not valid JSON: {e.msg} at column {e.colno}"))
            continue
        yield _row_to_document(row, path, n, ctx, "jsonl")


def articles_from_csv(data: bytes, path: str, ctx: ReadContext) -> Iterator[Document]:
    try:
        text, _ = decode_bytes(data, Settings(max_document_bytes=ctx.settings.max_archive_bytes))
    except DocumentError as e:
        yield Rejected(id_from_path(path), path, e)
        return
    dialect = "excel-tab" if path.lower().endswith(".tsv") else "excel"
    rows = enumerate(csv.DictReader(io.StringIO(text, newline=""), dialect=dialect), start=2)  # 1: the header
    n = 1
    while True:
        # the csv module's field limit is process-wide: set to this run's limit only while a row is read
        previous = csv.field_size_limit(ctx.settings.max_document_bytes)
        failure = None
        try:
            n, row = next(rows)
        except StopIteration:
            return
        except csv.Error as e:
            n += 1  # the row that failed is the one after the last row read
            failure = DocumentError("too_large", f"row {n} has a field over max_document_bytes="
                                    f"{ctx.settings.max_document_bytes:,}; {limit_hint('max_document_bytes')}") \
                if "field larger than field limit" in str(e) else \
                DocumentError("missing_field", f"CSV parse error near row {n}: {e}")
        finally:
            csv.field_size_limit(previous)
        if failure is not None:
            yield Rejected(f"{id_from_path(path)}:{n}", f"{path}:{n}", failure)
            return
        row.pop(None, None)  # more cells than header columns
        yield _row_to_document(row, path, n, ctx, "csv")


def sniff_format(name: str, data: bytes) -> str:
    lower = name.lower()
    suffix = PurePosixPath(lower).suffix
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix == ".json" or (head.startswith(b"{") and b"\n{" in data[:65536]):
        return "jsonl"
    return "text"


def articles_from_bytes(data: bytes, path: str, ctx: ReadContext) -> Iterator[Document]:
    fmt = sniff_format(path, data)
    if fmt == "html":
        yield from articles_from_html(data, path, ctx)
    elif fmt == "jsonl":
        yield from articles_from_jsonl(data, path, ctx)
    elif fmt == "csv":
        yield from articles_from_csv(data, path, ctx)
    else:
        try:
            text, encoding = decode_bytes(data, ctx.settings)
        except DocumentError as e:
            yield Rejected(id_from_path(path), path, e)
            return
        yield _article_from_text(text, path, encoding, ctx)
