"""One path on disk -> its documents: only regular files are opened, never more than the limit is read."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from analysis.documents.parsing import id_from_path
from analysis.documents.readers.archives import articles_from_archive, is_archive
from analysis.documents.readers.context import Document, ReadContext, file_kind
from analysis.documents.readers.decoding import shown_path
from analysis.documents.readers.formats import articles_from_bytes, jsonl_documents, sniff_format
from analysis.errors import DocumentError, Rejected
from analysis.settings import Settings, limit_hint


def limit_for(path: str, settings: Settings) -> tuple[int, str]:
    """The size limit for a file, and its setting's name: a plain text or an HTML page is one document (a
    page over it would be rejected once read: it is rejected unread); JSON Lines and CSV are bounded as a whole
    by the archive limit."""
    if sniff_format(path, b"") in ("text", "html"):
        return settings.max_document_bytes, "max_document_bytes"
    return settings.max_archive_bytes, "max_archive_bytes"


def too_large(path: str, size: str, limit: int, name: str) -> Rejected:
    return Rejected(id_from_path(path), path, DocumentError(
        "too_large", f"{size} bytes is over {name}={limit:,}; {limit_hint(name)}"))


def articles_from_file(path: str, ctx: ReadContext) -> Iterator[Document]:
    """The documents of one file. Only regular files are opened (a FIFO would block the run, a device never
    end), and never more than the limit + 1 bytes are read, whatever the file's size said."""
    shown = shown_path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        yield Rejected(id_from_path(shown), shown, DocumentError("unreadable", f"cannot read file: {e.strerror or e}"))
        return
    if not stat.S_ISREG(mode):
        kind = file_kind(mode)
        yield Rejected(id_from_path(shown), shown, DocumentError(
            "special_file", f"{kind}, not a regular file: it was not read (only regular files are)"))
        return
    if is_archive(path):
        yield from articles_from_archive(path, ctx, shown=shown)
        return
    limit, name = limit_for(path, ctx.settings)
    try:
        size = os.path.getsize(path)
        if size > limit:
            yield too_large(shown, f"{size:,}", limit, name)
            return
        with open(path, "rb") as fh:
            head = fh.read(65536)
            if sniff_format(path, head) == "jsonl":  # read row by row, never whole
                fh.seek(0)
                for doc in jsonl_documents(fh, shown, ctx):
                    doc.origin = doc.origin or (shown, None, None)
                    yield doc
                return
            data = head + fh.read(limit + 1 - len(head))
    except OSError as e:
        yield Rejected(id_from_path(shown), shown, DocumentError("unreadable", f"cannot read file: {e.strerror or e}"))
        return
    if len(data) > limit:  # the file grew since its size was read
        yield too_large(shown, f"over {limit:,}", limit, name)
        return
    yield from articles_from_bytes(data, shown, ctx)
