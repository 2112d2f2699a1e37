"""Sidecar metadata: a TSV/CSV table of dates, publishers and titles keyed by file stem, applied to articles."""

from __future__ import annotations

import csv
import io
import os
import stat
import warnings
from collections.abc import Callable
from pathlib import Path

from analysis.documents.article import Article
from analysis.documents.parsing import id_from_path
from analysis.documents.readers.context import FieldNames, ReadContext, file_kind, pick
from analysis.documents.readers.decoding import EARLIEST_DATE, LATEST_DATE, decode_bytes, parse_date
from analysis.errors import DocumentError, PressworkError
from analysis.settings import Settings, limit_hint


class MetadataError(PressworkError):
    """A metadata sidecar that cannot be used (missing, empty, undecodable, no key column...)."""


def load_metadata(path: str | None, fields: FieldNames | None = None,
                  warn: Callable[[str], None] | None = None, settings: Settings | None = None) -> dict[str, dict]:
    """A sidecar table (TSV or CSV) keyed by file stem: dates, publishers, titles.

    The key column is the first of `filename`, `file`, `id`, `stem`, `path`; PolNeAR's metadata.tsv works as is.
    Decoded like a document (UTF-8, else a detected legacy encoding). A file that cannot be used raises
    :class:`MetadataError`: not a regular file (a FIFO would block, a device never end), over
    max_archive_bytes, undecodable, no key column, a column name given twice, a field over the csv module's
    limit, or a quote left open (a field running over lines and columns: it swallowed the rows after it).
    What would otherwise vanish silently -- a date that is not a date or out of range, a key given twice
    (the last row wins) -- is passed to `warn` (default: a Python warning). Line numbers are the file's lines.
    """
    if not path:
        return {}
    warn = warn or (lambda message: warnings.warn(message, stacklevel=3))
    fields = fields or FieldNames()
    data = _read_data_file(path, (settings or Settings()).max_archive_bytes)
    try:
        text, _ = decode_bytes(data, Settings(max_document_bytes=max(len(data), 1)))
    except DocumentError as e:
        raise MetadataError(f"metadata file {path} {'is empty' if e.code == 'empty' else 'is not text'}: "
                            f"{e.message}") from None
    del data
    dialect = "excel-tab" if Path(path).suffix.lower() in (".tsv", ".tab") else "excel"
    delimiter = csv.get_dialect(dialect).delimiter
    out: dict[str, dict] = {}
    rows = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        names = rows.fieldnames or []
    except csv.Error as e:
        raise MetadataError(f"metadata file {path} line 1: {e}") from None
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise MetadataError(f"metadata file {path}: the column(s) {repeated} appear more than once in the header "
                            "line; rename or remove the repeats (which one holds the value is not known)")
    key = next((k for k in ("filename", "file", "id", "stem", "path") if k in names), None)
    if key is None:
        raise MetadataError(f"metadata file {path} needs a filename/file/id/stem/path column; it has {names}")
    line = rows.line_num  # the last line read: a row starts on the next one
    try:
        for row in rows:
            n, line = line + 1, rows.line_num
            row.pop(None, None)  # more cells than header columns
            for column, value in row.items():
                if isinstance(value, str) and ("\n" in value or "\r" in value) and delimiter in value:
                    raise MetadataError(
                        f"metadata file {path} line {n}: the field {column!r} runs on to line {line} "
                        f"across {delimiter!r} separators: a quote (\") opened there is never closed, and it "
                        "swallowed the rows after it; close or remove the quote")
            stem = id_from_path(row[key] or "")
            if stem in out:
                warn(f"metadata file {path} line {n}: {row[key]!r} repeats an earlier key; this row replaces it")
            value = pick(row, fields.date)
            if value is not None and parse_date(value) is None:
                warn(f"metadata file {path} line {n} ({row[key]}): {value!r} is not a date from {EARLIEST_DATE} "
                     f"to {LATEST_DATE}; left empty")
            out[stem] = row
    except csv.Error as e:
        where = f"line {line + 1}"  # the line the failing row starts on
        if "field larger than field limit" in str(e):
            raise MetadataError(f"metadata file {path} {where}: a field is over {csv.field_size_limit():,} "
                                "characters; is a quote (\") left open?") from None
        raise MetadataError(f"metadata file {path} {where}: {e}") from None
    return out


def _read_data_file(path: str, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit`, else a MetadataError."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise MetadataError(f"metadata file {path} is {file_kind(mode)}, not a regular file: it was not read")
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as e:
        raise MetadataError(f"cannot read metadata file {path}: {e.strerror or e}") from None
    if len(data) > limit:
        raise MetadataError(f"metadata file {path} is over max_archive_bytes={limit:,}; "
                            f"{limit_hint('max_archive_bytes')}")
    return data


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
