"""One path on disk -> its documents: only regular files are opened, never more than the limit is read."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from analysis.documents.parsing import id_from_path
from analysis.documents.readers.archives import articles_from_archive, is_archive
from analysis.documents.readers.context import Document, ReadContext
from analysis.documents.readers.decoding import shown_path
from analysis.documents.readers.formats import articles_from_bytes, sniff_format
from analysis.errors import DocumentError, Rejected
from analysis.settings import Settings, limit_hint

FILE_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
              (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def limit_for(path: str, settings: Settings) -> tuple[int, str]:
    """The size limit for a file read whole, and its setting's name: a plain text is one document; JSON
    Lines, CSV and HTML are bounded as a whole by the archive limit."""
    if sniff_format(path, b"") == "text":
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
        kind = next((k for test, k in FILE_KINDS if test(mode)), "not a regular file")
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
            data = fh.read(limit + 1)
    except OSError as e:
        yield Rejected(id_from_path(shown), shown, DocumentError("unreadable", f"cannot read file: {e.strerror or e}"))
        return
    if len(data) > limit:  # the file grew since its size was read
        yield too_large(shown, f"over {limit:,}", limit, name)
        return
    yield from articles_from_bytes(data, shown, ctx)
