"""One place for the errors users see: a code per failure and a message saying what to do.

Every document that cannot be analysed becomes a :class:`DocumentError`; readers never raise it
out of a corpus run, they yield a :class:`Rejected` record instead so counts always add up.
"""

from __future__ import annotations

from dataclasses import dataclass

# code -> short explanation (shown in `presswork analyze --help` and the docs)
ERROR_CODES: dict[str, str] = {
    "empty": "the document is empty or holds only whitespace",
    "binary": "the document looks like binary data (NUL bytes or control characters), not text",
    "undecodable": "the bytes are not UTF-8 and no legacy encoding fits them",
    "too_large": "the document is larger than the max_document_bytes limit",
    "unreadable": "the file could not be opened or read",
    "special_file": "the path is not a regular file (a FIFO, device or socket): only regular files are read",
    "not_found": "the path does not exist",
    "bad_archive": "the archive is corrupt or cannot be opened",
    "unsafe_member": "an archive member has an absolute or parent-directory ('..') path, or is a link",
    "archive_too_large": "the archive expands beyond the max_archive_bytes limit",
    "bad_json": "a JSON Lines row is not valid JSON or not an object",
    "missing_field": "a JSON Lines/CSV row has no text field",
    "bad_html": "the HTML page has no extractable main text",
    "analysis_failed": "the analysis raised an unexpected error (please report it)",
    "too_many_documents": "the input holds more documents than the max_documents limit",
}


class PressworkError(Exception):
    """An error a user can act on (bad arguments, missing model or kernel)."""


class ReportError(PressworkError):
    """A report that did not render; says which notebook, which cell, what failed, where the partial is."""


class ModelNotFoundError(PressworkError):
    pass


class StoreWriteError(PressworkError):
    """The store could not be written (disk full, file size limit, read-only file system): what the system
    said, that every batch committed before is kept, and how to resume."""


class DataFileError(PressworkError):
    """A user's YAML data file (identity, gazetteer, themes, report parameters or batch) that cannot be used:
    unreadable, not a regular file, too big, not UTF-8, not valid YAML, too deep, an alias bomb, or the wrong
    shape. One message naming the file, before any document is read."""


class NoDocumentsError(PressworkError):
    """The inputs hold no document at all (an empty folder, say): a run over nothing is an error, not a
    quiet "read 0"."""


@dataclass
class DocumentError(Exception):
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in ERROR_CODES:
            raise ValueError(f"unknown error code {self.code!r}")
        super().__init__(f"{self.code}: {self.message}")

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


# Where a document was read, as (file as given or None for standard input, archive member, row number). A
# document's `path` joins the parts with `!` and `:` for people; file and member names may hold those
# characters too, so the store keys documents by these parts, not by parsing the path.
Origin = tuple[str | None, str | None, int | None]


@dataclass
class Rejected:
    """A document that could not be analysed, kept so that read = analysed + rejected."""

    id: str
    path: str
    error: DocumentError
    origin: Origin | None = None

    def to_record(self) -> dict:
        return {"id": self.id, "path": self.path, "error": self.error.to_dict()}
