"""Readers: every input (files, folders, globs, archives, JSON Lines, CSV, HTML, stdin) -> Articles.

All readers are lazy generators yielding `Article` or `Rejected`; none raises for a bad document, so
one corpus run always accounts for every input: read = analysed + rejected. Archives are read in
memory, member by member, never extracted to disk.

One module per step: `decoding` (bytes -> text), `context` (what readers share), `metadata` (sidecar
tables), `formats` (text, HTML, JSON Lines, CSV), `archives`, `files` (one path), `folders` (inputs ->
files), `stdin`; this module joins them in `read_documents` and re-exports the public names.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator

from analysis.documents.readers.archives import (
    ARCHIVE_SUFFIXES,
    articles_from_archive,
    count_members,
    is_archive,
    skipped_member,
)
from analysis.documents.readers.context import FILE_KINDS, Document, FieldNames, ReadContext, file_kind
from analysis.documents.readers.decoding import (
    LEGACY_ENCODINGS,
    clean_text,
    decode_bytes,
    parse_date,
    shown_path,
)
from analysis.documents.readers.files import articles_from_file
from analysis.documents.readers.folders import (
    LOOKED_FOR,
    check_found,
    check_outputs,
    expand_paths,
    no_documents_message,
    walk_tree,
)
from analysis.documents.readers.formats import (
    articles_from_bytes,
    articles_from_csv,
    articles_from_html,
    articles_from_jsonl,
    sniff_format,
)
from analysis.documents.readers.metadata import MetadataError, load_metadata
from analysis.documents.readers.stdin import articles_from_stdin
from analysis.errors import DocumentError, Rejected
from analysis.settings import limit_hint

__all__ = [
    "ARCHIVE_SUFFIXES",
    "FILE_KINDS",
    "LEGACY_ENCODINGS",
    "LOOKED_FOR",
    "Document",
    "FieldNames",
    "MetadataError",
    "ReadContext",
    "articles_from_archive",
    "articles_from_bytes",
    "articles_from_csv",
    "articles_from_file",
    "articles_from_html",
    "articles_from_jsonl",
    "articles_from_stdin",
    "check_found",
    "check_outputs",
    "clean_text",
    "count_members",
    "decode_bytes",
    "expand_paths",
    "file_kind",
    "is_archive",
    "load_metadata",
    "no_documents_message",
    "parse_date",
    "read_documents",
    "shown_path",
    "skipped_member",
    "sniff_format",
    "walk_tree",
]


def read_documents(inputs: Iterable[str | os.PathLike] | str | os.PathLike, ctx: ReadContext | None = None,
                   stdin=None) -> Iterator[Document]:
    """Every document in `inputs` (one path or several: files, folders, archives, patterns, "-" for stdin; text
    or `pathlib.Path`), lazily, as `Article` or `Rejected` (never raises for bad input)."""
    ctx = ctx or ReadContext()
    for item in expand_paths(inputs, ctx.exclude):
        if isinstance(item, Rejected):
            docs: Iterable[Document] = [item]
        elif item == "-":
            docs = articles_from_stdin(stdin or sys.stdin.buffer, ctx)
        else:
            docs = articles_from_file(item, ctx)
        for doc in docs:
            ctx.count += 1
            if ctx.count > ctx.settings.max_documents:
                yield Rejected(doc.id, doc.path, DocumentError(
                    "too_many_documents", f"over max_documents={ctx.settings.max_documents:,}; "
                                          f"{limit_hint('max_documents')}"), origin=doc.origin)
                continue
            yield doc
