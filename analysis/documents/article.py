"""The `Article` record: one news document, its unmodified text and where its parts lie.

Every offset anywhere in presswork indexes into ``Article.text``, which is the decoded source text,
never rewritten. Parts that are not analysed (the dateline, licence footers, desk initials, repeated
paragraphs) are *excluded* by span, not deleted.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from analysis.errors import Origin

Span = tuple[int, int]
# The reason of an excluded span that lies inside a kept paragraph (link text run into a sentence): blanked in
# the analysed text like the rest, but the paragraph stays one paragraph.
INLINE = "inline"


def paragraph_locator(paragraphs: Sequence[Sequence[int]]) -> Callable[[int], int]:
    """`locate(pos)`: the index of the paragraph holding character `pos`, or -1 (the headline, anything
    excluded). One rule for the article's mentions and for the store's `mentions.paragraph`."""
    starts = [p[0] for p in paragraphs]
    ends = [p[1] for p in paragraphs]

    def locate(pos: int) -> int:
        k = bisect.bisect_right(starts, pos) - 1
        return k if k >= 0 and pos < ends[k] else -1

    return locate


@dataclass
class Dateline:
    """`TEHRAN (Tasnim) –`: where the story was filed and the agency credited for it."""

    text: str
    start: int
    end: int
    location: str | None = None
    agency: str | None = None


@dataclass
class Article:
    id: str
    path: str
    text: str
    headline: str | None = None
    # Where the headline lies in `text`; None when it came from a file name or metadata.
    headline_span: Span | None = None
    dateline: Dateline | None = None
    published: date | None = None
    source: str | None = None  # the agency or outlet credited (dateline agency, metadata "source")
    publisher: str | None = None
    url: str | None = None
    paragraphs: list[Span] = field(default_factory=list)  # analysable body paragraphs, in order
    excluded: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, reason)
    encoding: str = "utf-8"
    format: str = "text"
    meta: dict = field(default_factory=dict)
    # Where the reader found it, as (file as given or None for standard input, archive member, row number):
    # `path` joins these with `!` and `:`, which file and member names may hold too (see errors.Origin).
    origin: Origin | None = None

    @property
    def body_span(self) -> Span:
        """From the first analysable body character to the last (boilerplate at either end excluded)."""
        if not self.paragraphs:
            return (0, 0)
        return (self.paragraphs[0][0], self.paragraphs[-1][1])

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    def paragraph_texts(self) -> list[str]:
        """The analysed text of each paragraph (inline link text taken out)."""
        return [self.clean_text(s, e) for s, e in self.paragraphs]

    def inline_excluded(self, start: int, end: int) -> list[Span]:
        """Inline exclusions overlapping [start, end), in order."""
        return [(s, e) for s, e, why in self.excluded if why == INLINE and s < end and start < e]

    def clean_text(self, start: int, end: int) -> str:
        """`text[start:end]` without inline link text, each cut joined by one space (or none before
        punctuation: 'McConnell (R-Ky.)', 'Trump’s')."""
        parts, pos = [], start
        for s, e in self.inline_excluded(start, end):
            parts.append(self.text[pos:max(pos, s)].strip() if parts else self.text[pos:max(pos, s)].rstrip())
            pos = max(pos, e)
        if not parts:
            return self.text[start:end]
        rest = self.text[pos:end].lstrip()
        out = parts[0]
        for piece in parts[1:] + [rest]:
            out += piece if not piece or piece[0] in ",.;:’')" else " " + piece
        return out.strip()

    def analysable_spans(self) -> list[Span]:
        """The headline (when it is in the text) and the body paragraphs."""
        spans = list(self.paragraphs)
        if self.headline_span:
            spans.insert(0, self.headline_span)
        return spans

    def masked_text(self) -> str:
        """`text` with everything outside the analysable spans blanked to spaces.

        Same length as `text`, line breaks kept, so spaCy offsets on the masked text are offsets into
        `text` and nothing excluded (dateline, footer) can leak into entities or quotes.
        """
        chars = [c if c in "\n\r" else " " for c in self.text]
        for s, e in self.analysable_spans():
            chars[s:e] = self.text[s:e]
        for s, e in self.inline_excluded(0, len(self.text)):
            chars[s:e] = [c if c in "\n\r" else " " for c in self.text[s:e]]
        return "".join(chars)

    def in_body(self, start: int, end: int) -> bool:
        # paragraphs are in order and disjoint: only the last one starting at or before `start` can hold it
        k = bisect.bisect_right(self.paragraphs, start, key=lambda p: p[0]) - 1
        return k >= 0 and end <= self.paragraphs[k][1]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        d["body"] = list(self.body_span)
        d["paragraphs"] = [list(p) for p in self.paragraphs]
        d["headline_span"] = list(self.headline_span) if self.headline_span else None
        d["excluded"] = [list(x) for x in self.excluded]
        return d
