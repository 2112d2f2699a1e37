"""Standard input: read up to the limit, never to an end that may not come."""

from __future__ import annotations

import io

from analysis.documents.readers import ReadContext, read_documents
from analysis.settings import Settings
from tests.support.reading import codes


class EndlessInput(io.RawIOBase):
    """Standard input that never ends; refuses reads without a size (they would never return)."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size is not None and size >= 0, "an unbounded read of standard input"
        self.given += size
        return b"word " * (size // 5) + b"w" * (size % 5)

    readall = read


def test_standard_input_is_read_up_to_the_limit_plus_one():
    stdin = EndlessInput()
    settings = Settings(max_document_bytes=10_000, max_archive_bytes=50_000)
    docs = list(read_documents(["-"], ReadContext(settings=settings), stdin=stdin))
    assert codes(docs) == ["too_large"]
    assert stdin.given <= settings.max_archive_bytes + 1
