"""One file's bytes -> documents, by format: plain text, HTML, JSON Lines, CSV/TSV."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

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
    doc = _row_document(row, path, n, ctx, fmt)
    doc.origin = (path, None, n)
    return doc


def _row_rejected(path: str, n: int, error: DocumentError) -> Rejected:
    """Row `n` of the file at `path`, rejected."""
    return Rejected(f"{id_from_path(path)}:{n}", f"{path}:{n}", error, origin=(path, None, n))


def _row_document(row, path: str, n: int, ctx: ReadContext, fmt: str) -> Document:
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
    """The rows of JSON Lines held in memory (an archive member, standard input): see :func:`jsonl_documents`."""
    yield from jsonl_documents(io.BytesIO(data), path, ctx)


_CHUNK = 1 << 20


def jsonl_documents(stream: BinaryIO, path: str, ctx: ReadContext) -> Iterator[Document]:
    """The rows of the JSON Lines in the seekable binary `stream`, one line in memory at a time.

    A first pass makes, chunk by chunk, the checks :func:`decode_bytes` makes of a whole text (empty, binary,
    UTF-8), so a binary or empty file is rejected whole before any row; the second reads row by row. A line
    over 4 x max_document_bytes (room for JSON escapes: \\u0627 is 6 bytes for 2) is rejected unread, and
    one shaped like no article row (see :func:`_row_shape`) is rejected unparsed: parsing expands small JSON
    values about 25-fold (a 60 MB line of `{}` took 1.7 GB). Only a file that is not UTF-8 (JSON Lines
    should be) is decoded whole, to detect its encoding."""
    line_limit = 4 * ctx.settings.max_document_bytes + _CHUNK
    utf8, error = _scan_text(stream)
    stream.seek(0)
    if error is not None:
        yield Rejected(id_from_path(path), path, error)
        return
    if not utf8:
        try:
            text, _ = decode_bytes(stream.read(), Settings(max_document_bytes=ctx.settings.max_archive_bytes))
        except DocumentError as e:
            yield Rejected(id_from_path(path), path, e)
            return
        lines: Iterator = (line.encode("utf-8", "surrogatepass") for line in io.StringIO(text, newline=""))
    else:
        lines = iter(lambda: stream.readline(line_limit + 1), b"")
    for n, raw in enumerate(lines, start=1):
        if len(raw) > line_limit:
            while raw and not raw.endswith(b"\n"):  # the rest of the line, never held
                raw = stream.readline(_CHUNK)
            yield _row_rejected(path, n, DocumentError(
                "too_large", f"line {n} is over {line_limit:,} bytes (4 x max_document_bytes); "
                             f"{limit_hint('max_document_bytes')}"))
            continue
        shape = _row_shape(raw)
        if shape:
            yield _row_rejected(path, n, DocumentError("bad_json", f"line {n} {shape}; it was not parsed"))
            continue
        line = raw.decode("utf-8", "surrogatepass")
        if n == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield _row_rejected(path, n, DocumentError(
                "bad_json", f"line {n} is not valid JSON: {e.msg} at column {e.colno}"))
            continue
        yield _row_to_document(row, path, n, ctx, "jsonl")


# An article row is an object of a few fields: its text and title, a date, a source, perhaps lists of tags or
# authors. Many more JSON containers or strings than these can hold is some other data, whose parse would take
# tens of times its size in memory; these bounds keep a row's parse within a few times its size.
MAX_ROW_CONTAINERS = 10_000
MAX_ROW_QUOTES = 2_000_000  # `"` marks, escaped ones included: text quoting people stays far below


def _row_shape(raw: bytes) -> str | None:
    """Why the line `raw` cannot be an article row, judged before parsing it, or None."""
    containers = raw.count(b"{") + raw.count(b"[")
    if containers > MAX_ROW_CONTAINERS:
        return f"holds {containers:,} JSON objects or arrays (an article row holds a few fields, at most {MAX_ROW_CONTAINERS:,})"
    quotes = raw.count(b'"')
    if quotes > MAX_ROW_QUOTES:
        return f"holds {quotes:,} quote marks (an article row, at most {MAX_ROW_QUOTES:,})"
    return None


def _scan_text(stream: BinaryIO) -> tuple[bool, DocumentError | None]:
    """(whether `stream` is UTF-8 throughout, why it is no text or None), read in chunks and not kept: the
    checks of :func:`decode_bytes` (empty, NUL bytes, control characters in the first 8 KB). UTF-16 (a
    byte-order mark) counts as not UTF-8: it is decoded whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, blank, first = True, True, True
    while chunk := stream.read(_CHUNK):
        if first:
            first = False
            if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                return False, None
            head = chunk[:8192].decode("utf-8", "ignore")
            controls = sum(1 for c in head if ord(c) < 32 and c not in "\n\r\t\f\v")
            if controls > max(8, len(head) // 50):
                return utf8, DocumentError("binary", f"{controls} control characters in the first 8 KB: not text")
        if b"\x00" in chunk:
            return utf8, DocumentError("binary", "NUL bytes found: this looks like a binary file, not text")
        blank = blank and not chunk.strip()
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return utf8, DocumentError("empty", "the document is empty or whitespace only") if blank else None


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
            yield _row_rejected(path, n, failure)
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
    """The documents of one file's bytes, read as `path`, each with its origin (`path`, no member, its row)."""
    for doc in _documents_of(data, path, ctx):
        doc.origin = doc.origin or (path, None, None)
        yield doc


def _documents_of(data: bytes, path: str, ctx: ReadContext) -> Iterator[Document]:
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
