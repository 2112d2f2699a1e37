"""Sidecar metadata: a TSV/CSV table of dates, publishers and titles keyed by file stem, applied to articles."""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Callable
from pathlib import Path

from analysis.documents.article import Article
from analysis.documents.parsing import id_from_path
from analysis.documents.readers.context import FieldNames, ReadContext, pick
from analysis.documents.readers.decoding import decode_bytes, parse_date
from analysis.errors import DocumentError, MetadataError
from analysis.settings import Settings


def load_metadata(path: str | None, fields: FieldNames | None = None,
                  warn: Callable[[str], None] | None = None) -> dict[str, dict]:
    """A sidecar table (TSV or CSV) keyed by file stem: dates, publishers, titles.

    The key column is the first of `filename`, `file`, `id`, `stem`, `path`; PolNeAR's metadata.tsv works as is.
    Decoded like a document (UTF-8, else a detected legacy encoding). A file that cannot be used raises
    :class:`MetadataError`; what would otherwise vanish silently -- a date that is not a date, a key given
    twice (the last row wins) -- is passed to `warn` (default: a Python warning).
    """
    if not path:
        return {}
    warn = warn or (lambda message: warnings.warn(message, stacklevel=3))
    fields = fields or FieldNames()
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise MetadataError(f"cannot read metadata file {path}: {e.strerror or e}") from None
    try:
        text, _ = decode_bytes(data, Settings(max_document_bytes=max(len(data), 1)))
    except DocumentError as e:
        raise MetadataError(f"metadata file {path} {'is empty' if e.code == 'empty' else 'is not text'}: "
                            f"{e.message}") from None
    dialect = "excel-tab" if p.suffix.lower() in (".tsv", ".tab") else "excel"
    out: dict[str, dict] = {}
    rows = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    key = next((k for k in ("filename", "file", "id", "stem", "path") if k in (rows.fieldnames or [])), None)
    if key is None:
        raise MetadataError(f"metadata file {path} needs a filename/file/id/stem/path column; "
                            f"it has {rows.fieldnames}")
    try:
        for n, row in enumerate(rows, start=2):  # line 1 is the header
            row.pop(None, None)  # more cells than header columns
            stem = id_from_path(row[key] or "")
            if stem in out:
                warn(f"metadata file {path} line {n}: {row[key]!r} repeats an earlier key; this row replaces it")
            value = pick(row, fields.date)
            if value is not None and parse_date(value) is None:
                warn(f"metadata file {path} line {n} ({row[key]}): {value!r} is not a date; left empty")
            out[stem] = row
    except csv.Error as e:
        raise MetadataError(f"metadata file {path}: {e}") from None
    return out


def apply_metadata(article: Article, ctx: ReadContext) -> Article:
    if not ctx.metadata:
        return article
    row = ctx.metadata.get(article.id) or ctx.metadata.get(id_from_path(article.path))
    if not row:
        return article
    f = ctx.fields
    published = parse_date(pick(row, f.date))
    if published:
        article.published = published
    source = pick(row, f.source)
    if source:
        article.publisher = source
        article.source = article.source or source
    title = pick(row, f.title)
    if title and not article.headline_span:
        article.headline = title
    url = pick(row, f.url)
    if url:
        article.url = url
    article.meta.update({k: v for k, v in row.items() if k})
    return article
