"""Reading PolNeAR (brat standoff attribution annotations) and scoring quote extraction against it.

Used by `benchmarks/quotes_polnear.py` (full figures) and by the accuracy floors in `tests/eval/`.
Scoring: a predicted quote matches a gold attribution when their content overlaps by at least 50% of the
longer of the two (one-to-one, best overlaps first); predicted quotes sharing one cue are one attribution,
as PolNeAR annotates them. Speaker (cue) accuracy: over matched pairs with a gold Source (Cue), the
predicted span overlaps it.

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
from functools import lru_cache
from pathlib import Path

from analysis.actors.resolve import resolve_actors
from analysis.eval.span_metrics import f1_score
from analysis.quotes import extract_quotes
from analysis.quotes.cue import Lexicon, convention_lexicon, load_lexicon

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


@dataclass
class Pred:
    content: Spans
    speaker: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_ok: int = 0
    speaker_n: int = 0
    cue_ok: int = 0
    cue_n: int = 0
    errors: int = 0
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_ok / self.speaker_n if self.speaker_n else 0.0

    @property
    def cue_accuracy(self) -> float:
        return self.cue_ok / self.cue_n if self.cue_n else 0.0

    def row(self, name: str, split: str, articles: int) -> str:
        p, r, f, sp, cu = self.precision, self.recall, self.f1, self.speaker_accuracy, self.cue_accuracy
        # the counts beside the ratios: a target is met or missed by them, not by a rounded ratio (0.7497 prints 0.750)
        return (f"| {split:<5} | {name:<28} | {articles:>4} | {self.gold:>6} | {self.pred:>6} | {self.matched:>7} "
                f"| {p:.3f} | {r:.3f} | {f:.4f} | {f'{sp:.4f} ({self.speaker_ok}/{self.speaker_n})':<20} | {cu:.3f} "
                f"| {self.errors:>3} | {self.seconds:>7.1f} |")


def chars(spans: Spans) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def overlaps(a: Spans, b: Spans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def score_article(preds: list[Pred], gold: GoldArticle, score: Score) -> None:
    golds = gold.attributions
    score.gold += len(golds)
    score.pred += len(preds)
    p_chars = [chars(p.content) for p in preds]
    g_chars = [chars(g.content) for g in golds]
    for i, j in match_contents(p_chars, g_chars):
        score.matched += 1
        g, p = golds[j], preds[i]
        if g.source:
            score.speaker_n += 1
            score.speaker_ok += bool(p.speaker and overlaps(p.speaker, g.source))
        if g.cue:
            score.cue_n += 1
            score.cue_ok += bool(p.cue and overlaps(p.cue, g.cue))


def gold_roles(gold: GoldArticle) -> dict[str, Spans]:
    """Every Source, Cue and Content span of the article, by role (for the span metrics)."""
    out: dict[str, Spans] = {"source": [], "cue": [], "content": []}
    for att in gold.attributions:
        out["source"] += att.source
        out["cue"] += att.cue
        out["content"] += att.content
    return out


def pred_roles(preds: list[Pred]) -> dict[str, Spans]:
    """The same for predictions (a speaker or cue shared by several quotes counts once)."""
    out: dict[str, Spans] = {"source": [], "cue": [], "content": []}
    for p in preds:
        out["source"] += p.speaker
        out["cue"] += p.cue
        out["content"] += p.content
    return {role: sorted(set(spans)) for role, spans in out.items()}


@lru_cache(maxsize=1)
def _attribution_lexicon() -> Lexicon:
    return convention_lexicon("attributions")  # as Settings(quote_convention="attributions") analyses


def presswork_preds(doc, article, mode: str = "hybrid", convention: str = "attribution") -> list[Pred]:
    """Our quotes, headline quotes included (PolNeAR annotates titles), one Pred per cue (quotes without a cue
    stand alone), each with its source phrase as the source span; `mode`: see `extract_quotes`.
    `convention`: "attribution" scores presswork under PolNeAR's own convention (what was denied, wanted or
    urged counts, `Lexicon.for_attributions`); "statement" is presswork's default, statements only."""
    lexicon = load_lexicon() if convention == "statement" else _attribution_lexicon()
    quotes = extract_quotes(doc, article, resolve_actors(doc, article), lexicon=lexicon, mode=mode)
    by_cue: dict[object, Pred] = {}
    out: list[Pred] = []
    for n, q in enumerate(quotes):
        key = (q.cue_start, q.cue_end) if q.cue_start is not None else ("solo", n)
        pred = by_cue.get(key)
        if pred is None:
            pred = Pred([], [(q.source_start, q.source_end)] if q.source_start is not None else [],
                        [(q.cue_start, q.cue_end)] if q.cue_start is not None else [])
            by_cue[key] = pred
            out.append(pred)
        pred.content.append((q.start, q.end))
    return out
