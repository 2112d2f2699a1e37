"""What every reader shares: the `Document` each yields, the field names of row formats, the read context."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field

from analysis.documents.article import Article
from analysis.errors import Rejected
from analysis.settings import Settings

Document = Article | Rejected


@dataclass(frozen=True)
class FieldNames:
    """Column / key names for JSON Lines and CSV corpora (first present wins)."""

    text: tuple[str, ...] = ("text", "body", "content", "article", "maintext")
    title: tuple[str, ...] = ("title", "headline")
    date: tuple[str, ...] = ("date", "published", "publication_date", "pub_date", "date_publish")
    source: tuple[str, ...] = ("source", "publisher", "outlet", "source_domain")
    url: tuple[str, ...] = ("url", "link")
    id: tuple[str, ...] = ("id", "doc_id", "filename", "uid")

    @classmethod
    def from_mapping(cls, mapping: dict[str, str] | None) -> FieldNames:
        if not mapping:
            return cls()
        base = cls()
        kw = {k: (v,) + getattr(base, k) for k, v in mapping.items() if v}
        return cls(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **kw})


@dataclass
class ReadContext:
    settings: Settings = field(default_factory=Settings)
    fields: FieldNames = field(default_factory=FieldNames)
    metadata: dict[str, dict] = field(default_factory=dict)  # file stem -> {date, source, title, ...}
    count: int = 0
    # absolute paths never read when a folder or a pattern reaches them: the run's own outputs (a store,
    # an -o file) written inside an input folder
    exclude: frozenset[str] = frozenset()


def pick(row: dict, names: tuple[str, ...]):
    for n in names:
        if n in row and row[n] not in (None, ""):
            return row[n]
    return None


FILE_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
              (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, for a message ("a FIFO (named pipe)")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    return next((k for test, k in FILE_KINDS if test(mode)), "not a regular file")
