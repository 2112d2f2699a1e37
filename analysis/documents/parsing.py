"""Turn decoded text into an `Article`: headline, dateline, paragraphs, boilerplate spans.

Pure functions over strings; no spaCy here. Offsets always index into the unmodified text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from analysis.documents.article import INLINE, Article, Dateline, Span
from analysis.yamldata import load_bundled, load_yaml_file

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # hyphen, en, em, horizontal bar, minus...

# `TEHRAN (Tasnim) –`, `WASHINGTON (AP) —`, `BEIRUT, Lebanon (Reuters) -`, `TEHRAN, Jan. 5 (MNA) --`
DATELINE_RE = re.compile(
    rf"""(?P<location>[A-Z][A-Z.'’\- ]*[A-Z.]                                       # all-caps place
        (?:,\s*(?![A-Z][a-z]{{2,8}}\.?\s+\d)[A-Z][\w.'’\- ]{{1,30}}?)?)             # optional ', Country' (not a date)
        (?:,?\s+(?P<date>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?))?            # optional 'Jan. 5'
        \s*(?:\((?P<agency>[^()\n]{{1,40}})\))?                                          # optional (Agency)
        \s*[{DASHES}]{{1,3}}\s+""",
    re.VERBOSE,
)

# Slugged Tehran Times names: _news_443789_Iraqi-Parliament-votes-to-expel-U-S-troops-from-Iraq.txt
SLUG_RE = re.compile(r"^_?news_(?P<num>\d+)_(?P<slug>.+)$")

# Paragraphs "run together" in crawled copy: two or more spaces after a sentence end start a new one.
RUN_TOGETHER_RE = re.compile(r"(?<=[.!?\"”’)])[ \t\u00a0]{2,}(?=\S)")


@dataclass(frozen=True)
class BoilerplateRules:
    footers: tuple[re.Pattern, ...]
    trailing: tuple[re.Pattern, ...]
    drop_repeated_paragraphs: bool = True
    inline: tuple[re.Pattern, ...] = ()

    @classmethod
    def from_data(cls, data: dict) -> BoilerplateRules:
        flags = re.IGNORECASE | re.MULTILINE
        return cls(
            footers=tuple(re.compile(p, flags) for p in data.get("footers", [])),
            # trailing initials are case-sensitive: 'NA/PA' yes, 'and/or' no
            trailing=tuple(re.compile(p, re.MULTILINE) for p in data.get("trailing", [])),
            drop_repeated_paragraphs=bool(data.get("drop_repeated_paragraphs", True)),
            # inline link text is told apart by capitals ('McConnellSchumer: ...', '... MORE'): case-sensitive
            inline=tuple(re.compile(p, re.MULTILINE) for p in data.get("inline", [])),
        )


@lru_cache(maxsize=8)
def load_boilerplate(path: str | None = None) -> BoilerplateRules:
    """The shipped rules (analysis/data/boilerplate.yaml) or a user file (bounded YAML data)."""
    data = load_yaml_file(path, "boilerplate file") if path else load_bundled("boilerplate.yaml")
    return BoilerplateRules.from_data(data or {})


def headline_from_filename(path: str) -> str | None:
    """`_news_443789_Iraqi-Parliament-votes-to-expel-U-S-troops-from-Iraq.txt` -> 'Iraqi Parliament votes ...'."""
    stem = PurePath(path).name
    for suffix in (".txt", ".html", ".htm"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    m = SLUG_RE.match(stem)
    if not m:
        return None
    words = [w for w in re.split(r"[-_]+", m.group("slug")) if w]
    return " ".join(words) or None


def id_from_path(path: str) -> str:
    stem = PurePath(path).name
    return stem.rsplit(".", 1)[0] if "." in stem else stem


def _strip_span(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def split_paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Paragraph spans: one per line, and run-together paragraphs split on double spaces after a sentence."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line in re.finditer(r"[^\r\n]+", text[start:end]):
        ls, le = start + line.start(), start + line.end()
        cuts = [ls] + [m.end() for m in RUN_TOGETHER_RE.finditer(text, ls, le)] + [le]
        for a, b in itertools.pairwise(cuts):
            span = _strip_span(text, a, b)
            if span:
                spans.append(span)
    return spans


def looks_like_headline(line: str) -> bool:
    """A first line that is short and does not read as a sentence of body copy."""
    s = line.strip()
    if not s or len(s) > 250 or DATELINE_RE.match(s):
        return False
    if s[-1] in ".\"”’" and len(s.split()) > 12:
        return False
    return len(s.split()) <= 30


def find_dateline(text: str, span: Span) -> Dateline | None:
    start, end = span
    m = DATELINE_RE.match(text, start, end)
    if not m:
        return None
    location = m.group("location").strip(" ,")
    # Guard against all-caps words that open a sentence ("US - led forces"): a place is 2+ letters
    if sum(c.isalpha() for c in location) < 2:
        return None
    agency = m.group("agency")
    return Dateline(text=text[m.start() : m.end()].strip(), start=m.start(), end=m.end(),
                    location=location, agency=agency.strip() if agency else None)


def _paragraph_key(s: str) -> str:
    """Paragraph text compared for repeats: whitespace and case ignored."""
    return re.sub(r"\s+", " ", s).strip().lower()


def apply_boilerplate(text: str, paragraphs: list[Span], rules: BoilerplateRules) -> tuple[list[Span], list]:
    """Cut footers, trailing desk initials and repeated paragraphs; return (kept spans, excluded spans)."""
    kept: list[Span] = []
    excluded: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for s, e in paragraphs:
        cut = e
        for pat in rules.footers:
            m = pat.search(text, s, e)
            if m and m.start() < cut:
                cut = m.start()
        if cut < e:
            excluded.append((cut, e, "footer"))
        span = _strip_span(text, s, cut)
        if not span:
            continue
        key = _paragraph_key(text[span[0] : span[1]])
        if rules.drop_repeated_paragraphs and key in seen and len(key) > 20:
            excluded.append((span[0], span[1], "repeated"))
            continue
        seen.add(key)
        kept.append(span)
    # trailing desk initials / credits at the very end of the body
    while kept:
        s, e = kept[-1]
        for pat in rules.trailing:
            m = pat.search(text, s, e)
            if m:
                excluded.append((m.start(), e, "trailing"))
                span = _strip_span(text, s, m.start())
                if span:
                    kept[-1] = span
                else:
                    kept.pop()
                break
        else:
            break
    excluded.extend(inline_spans(text, kept, rules))
    excluded.sort()
    return kept, excluded


def inline_spans(text: str, paragraphs: list[Span], rules: BoilerplateRules) -> list[tuple[int, int, str]]:
    """Link text run into a kept paragraph (The Hill's name cards): the pattern's `cut` group, or its whole
    match, is excluded from analysis while the paragraph around it stays one paragraph."""
    out: list[tuple[int, int, str]] = []
    for s, e in paragraphs:
        for pat in rules.inline:
            group = "cut" if "cut" in pat.groupindex else 0
            for m in pat.finditer(text, s, e):
                if m.end(group) > m.start(group):
                    out.append((m.start(group), m.end(group), INLINE))
    return out


def parse_text(
    text: str,
    path: str = "<text>",
    *,
    id: str | None = None,
    headline: str | None = None,
    rules: BoilerplateRules | None = None,
    headline_in_text: bool | None = None,
    **fields,
) -> Article:
    """Parse wire-style plain text into an `Article`.

    >>> a = parse_text("Shamkhani: Stability\\nTEHRAN (Tasnim) – Ali Shamkhani said so.")
    >>> a.headline, a.dateline.location, a.dateline.agency
    ('Shamkhani: Stability', 'TEHRAN', 'Tasnim')

    `headline` given (metadata, HTML title) is used as is; otherwise the first line when it looks like
    one (pass ``headline_in_text=False`` to forbid that), else a slugged file name.
    """
    rules = rules or load_boilerplate()
    paragraphs = split_paragraphs(text)
    headline_span: Span | None = None
    if paragraphs and headline is None and headline_in_text is not False and len(paragraphs) > 1:
        first = paragraphs[0]
        line_end = text.find("\n", first[0])
        whole_line = line_end == -1 or first[1] >= len(text[:line_end].rstrip())
        if whole_line and looks_like_headline(text[first[0] : first[1]]):
            headline_span = first
            headline = text[first[0] : first[1]]
            paragraphs = paragraphs[1:]
    excluded: list[tuple[int, int, str]] = []
    dateline = find_dateline(text, paragraphs[0]) if paragraphs else None
    if dateline:
        excluded.append((dateline.start, dateline.end, "dateline"))
        rest = _strip_span(text, dateline.end, paragraphs[0][1])
        paragraphs = ([rest] if rest else []) + paragraphs[1:]
    paragraphs, cut = apply_boilerplate(text, paragraphs, rules)
    excluded = sorted(excluded + cut)
    if headline is None:
        headline = headline_from_filename(path)
    source = fields.pop("source", None) or (dateline.agency if dateline else None)
    return Article(
        id=id or id_from_path(path),
        path=path,
        text=text,
        headline=headline,
        headline_span=headline_span,
        dateline=dateline,
        paragraphs=paragraphs,
        excluded=excluded,
        source=source,
        **fields,
    )
