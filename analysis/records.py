"""Plain records produced by the analysis (one `ArticleAnalysis` per document).

Offsets are ``[start, end)`` character offsets into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache

from analysis.documents.article import Article


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _flat_dict(record) -> dict:
    """`dataclasses.asdict` of a record whose fields are plain values and lists of them, with each list copied:
    the same dict without asdict's deep copy of every value (200 Tehran Times records: 0.19 -> 0.04 s of CPU)."""
    d = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        d[name] = list(value) if isinstance(value, list) else value
    return d


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str  # spaCy label or gazetteer type of this mention
    actor_id: str | None = None
    sentence: int = -1  # index of the sentence it is in
    paragraph: int = -1  # index into Article.paragraphs (-1: headline)


@dataclass
class Actor:
    id: str  # unique within the article: "a0", "a1", ...
    name: str  # canonical name (gazetteer canonical where known, else the longest full name seen)
    type: str  # PERSON, ORG, GPE, LOC, NORP, FAC, ...
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    country: str | None = None
    wikidata: str | None = None
    gazetteer_id: str | None = None
    gazetteer_evidence: str | None = None  # why the gazetteer link holds here: "full name", "country GB", ...
    # the name the identity file keeps this actor apart from, inside its article ("Johnson" / "Boris Johnson")
    apart_from: str | None = None

    def to_dict(self) -> dict:
        d = _flat_dict(self)
        d["mentions"] = [list(m) for m in self.mentions]
        if d["apart_from"] is None:
            del d["apart_from"]  # records and stores of articles the identity file left alone are unchanged
        return d


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str  # direct | indirect | mixed | headline
    speaker: str | None = None  # canonical actor name, or the unnamed source's text
    speaker_id: str | None = None  # actor id within the article
    speaker_text: str | None = None  # the mention that governs the quote (pronoun included)
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_type: str | None = None  # named | pronoun | nominal | unnamed | None
    # the attribution's source phrase, bounded as PolNeAR bounds sources: the speaker mention with its titles,
    # appositions and modifiers ("Rep. Jim Clyburn (D-S.C.), the assistant leader of ...")
    source_start: int | None = None
    source_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    via: str | None = None  # channel credited ("Reuters reported")
    themes: list[str] = field(default_factory=list)
    tone: float | None = None

    def to_dict(self) -> dict:
        return _flat_dict(self)


@dataclass
class ThemeScore:
    theme: str
    label: str
    score: float  # matches per 100 analysed words
    count: int
    evidence: list[tuple[int, int]] = field(default_factory=list)
    medtop: str | None = None  # the QCode of the theme's IPTC Media Topic (analysis.themes.iptc)
    medtop_top: str | None = None  # the QCode of that topic's top-level ancestor

    def to_dict(self) -> dict:
        d = _flat_dict(self)
        d["evidence"] = [list(e) for e in self.evidence]
        return d


@dataclass
class ArticleAnalysis:
    article: Article
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    themes: list[ThemeScore] = field(default_factory=list)
    tone: dict = field(default_factory=dict)
    cooccurrence: list[dict] = field(default_factory=list)  # {"a", "b", "sentences", "paragraphs"}
    sentences: list[dict] = field(default_factory=list)  # {"start", "end", "themes", "tone"}
    word_count: int = 0

    @property
    def id(self) -> str:  # the same attributes as errors.Rejected, so results are handled uniformly
        return self.article.id

    @property
    def path(self) -> str:
        return self.article.path

    def to_record(self, include_sentences: bool = False) -> dict:
        a = self.article
        record = {
            "id": a.id,
            "path": a.path,
            "text": a.text,
            "headline": a.headline,
            "dateline": (
                {"text": a.dateline.text, "location": a.dateline.location, "agency": a.dateline.agency,
                 "start": a.dateline.start, "end": a.dateline.end}
                if a.dateline else None
            ),
            "published": a.published.isoformat() if a.published else None,
            "source": a.source,
            "publisher": a.publisher,
            "url": a.url,
            "format": a.format,
            "content_hash": a.content_hash,
            "body": list(a.body_span),
            "paragraphs": [list(p) for p in a.paragraphs],
            "excluded": [list(x) for x in a.excluded],
            "word_count": self.word_count,
            "actors": [x.to_dict() for x in self.actors],
            "quotes": [q.to_dict() for q in self.quotes],
            "themes": [t.to_dict() for t in self.themes],
            "tone": self.tone,
            "cooccurrence": self.cooccurrence,
        }
        if include_sentences:
            record["sentences"] = self.sentences
        return record
