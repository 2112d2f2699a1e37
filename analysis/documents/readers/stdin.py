"""Standard input as one input: read up to a limit, since it may never end."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.documents.readers.context import Document, ReadContext
from analysis.documents.readers.files import too_large
from analysis.documents.readers.formats import articles_from_bytes


def articles_from_stdin(stream, ctx: ReadContext) -> Iterator[Document]:
    """Standard input, read up to the larger limit + 1 bytes (it may be JSON Lines; it may never end)."""
    limit, name = max((ctx.settings.max_document_bytes, "max_document_bytes"),
                      (ctx.settings.max_archive_bytes, "max_archive_bytes"))
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield too_large("<stdin>", f"over {limit:,}", limit, name)
        return
    for doc in articles_from_bytes(data, "<stdin>", ctx):
        doc.origin = (None, None, doc.origin[2])  # no file: "<stdin>" names no file on disk
        yield doc
