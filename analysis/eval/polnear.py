"""Reading PolNeAR (brat standoff attribution annotations) for scoring quote extraction.

Layout (see ../shared/eval/polnear/README.md): ``<split>/text/<name>.txt`` and
``<split>/attributions/<name>_<annotator>.ann``. `T` lines are Source / Cue / Content spans (character
offsets into the .txt; a discontinuous span is ``s e;s e``); `E` lines tie one attribution's parts.
Some articles have one .ann per annotator: the annotator whose id sorts first is used, so a run is
deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

Spans = list[tuple[int, int]]
ANN_RE = re.compile(r"^(?P<name>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")


@dataclass
class Attribution:
    id: str
    source: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)
    content: Spans = field(default_factory=list)


@dataclass
class GoldArticle:
    name: str
    split: str
    text: str
    annotator: str
    attributions: list[Attribution]
    path: str


def parse_spans(value: str) -> Spans:
    """'12 20;25 30' -> [(12, 20), (25, 30)]"""
    out = []
    for part in value.split(";"):
        s, e = part.split()
        out.append((int(s), int(e)))
    return out


def read_ann(text: str) -> list[Attribution]:
    """Attributions of one .ann file (entities without an E line are ignored)."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            try:
                spans[parts[0]] = (label, parse_spans(offsets))
            except ValueError:
                continue
        elif parts[0].startswith("E"):
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            events.append((parts[0], args))
    out = []
    for eid, args in events:
        att = Attribution(eid)
        for role in ("Source", "Cue", "Content"):
            ref = args.get(role)
            if ref in spans:
                setattr(att, role.lower(), spans[ref][1])
        if att.content:
            out.append(att)
    return out


def annotation_files(root: Path, split: str) -> dict[str, tuple[str, Path]]:
    """name -> (annotator, .ann path), the first annotator in sort order where there are several."""
    chosen: dict[str, tuple[str, Path]] = {}
    for path in sorted((root / split / "attributions").glob("*.ann")):
        m = ANN_RE.match(path.name)
        name, annotator = (m.group("name"), m.group("annotator")) if m else (path.stem, "")
        if name not in chosen or annotator < chosen[name][0]:
            chosen[name] = (annotator, path)
    return chosen


def read_split(root: str | Path, split: str, limit: int | None = None) -> Iterator[GoldArticle]:
    """Gold articles of one split, in file-name order."""
    root = Path(root)
    files = annotation_files(root, split)
    for n, name in enumerate(sorted(files)):
        if limit is not None and n >= limit:
            break
        annotator, ann = files[name]
        txt = root / split / "text" / f"{name}.txt"
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        yield GoldArticle(name, split, text, annotator, read_ann(ann.read_text(encoding="utf-8")), str(txt))


def match_contents(pred_chars: list[set[int]], gold_chars: list[set[int]]) -> list[tuple[int, int]]:
    """One-to-one (prediction index, gold index) matches: the overlap is at least half of the longer span,
    the largest relative overlaps are matched first (the scoring the quotes issue defines)."""
    pairs = []
    for i, pc in enumerate(pred_chars):
        for j, gc in enumerate(gold_chars):
            inter = len(pc & gc)
            if inter and inter >= 0.5 * max(len(pc), len(gc)):
                pairs.append((inter / max(len(pc), len(gc)), i, j))
    used_p, used_g, matches = set(), set(), []
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matches.append((i, j))
    return matches
