"""Span-level scores of attribution extraction, defined as CofeNet scores them (Wang et al., COLING 2022,
cofe-ai/CofeNet ``exe/eval/evaluation.py``), so presswork's figures sit beside the published ones.

Each role (source, cue, content) is scored on its own, as sets of character spans per document:

- ``exact``: a span counts when a predicted span has exactly its boundaries (CofeNet's ``exact_match``);
- ``begin``: only the first character must agree (CofeNet's ``begin``);
- ``jaccard``: CofeNet's soft score: each gold span earns the best interval-Jaccard (intersection over the
  combined extent) of any prediction; each prediction overlapping no gold span is one more zero. The figure
  is the mean of those terms (it is not an F1);
- ``overlap``: lenient (Citron's "overlap"): a gold span is found when any prediction overlaps it, a
  prediction is right when it overlaps any gold span; P, R and F1 from those.

How PolNeAR is mapped onto CofeNet's token sequences: CofeNet tags tokens B/I/O, so a discontinuous span
(``s e;s e``) is one span per contiguous piece, and its instances do not cross paragraphs, so pieces are cut
at line breaks. Both sides are trimmed of white space, quotation marks and edge punctuation (.,;:) first: the
papers score token sequences, where a trailing comma or a quotation mark is its own token and PolNeAR's
annotators include them inconsistently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def f1_score(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0): every F1 in analysis.eval."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


METRICS = ("exact", "begin", "jaccard", "overlap")
ROLES = ("source", "cue", "content")
TRIM = " \t\r\n\"“”‘’'«».,;:"

Span = tuple[int, int]


def pieces(text: str, spans: Iterable[Span]) -> set[Span]:
    """Trimmed, non-empty pieces of spans, cut at line breaks."""
    out: set[Span] = set()
    for s, e in spans:
        start = s
        while start < e:
            nl = text.find("\n", start, e)
            stop = e if nl < 0 else nl
            a, b = start, stop
            while a < b and text[a] in TRIM:
                a += 1
            while b > a and text[b - 1] in TRIM:
                b -= 1
            if b > a:
                out.add((a, b))
            start = stop + 1
    return out


def interval_jaccard(a: Span, b: Span) -> float:
    """CofeNet's ``cal_overlap``: shared length over the combined extent (0 when apart)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(0.0, shared / (max(a[1], b[1]) - min(a[0], b[0])))


@dataclass
class RoleScore:
    """Counts for one role and one metric, summed over documents."""

    tp: int = 0  # gold spans found
    gold: int = 0
    pred_ok: int = 0  # predictions judged right (equals tp except for 'overlap')
    pred: int = 0
    soft: float = 0.0  # jaccard: sum of the terms
    soft_n: int = 0  # jaccard: number of terms

    def add(self, metric: str, gold: set[Span], pred: set[Span]) -> None:
        self.gold += len(gold)
        self.pred += len(pred)
        if metric == "exact":
            hit = len(gold & pred)
            self.tp += hit
            self.pred_ok += hit
        elif metric == "begin":
            g, p = {s for s, _ in gold}, {s for s, _ in pred}
            self.gold += len(g) - len(gold)  # starts, not spans, are what is counted
            self.pred += len(p) - len(pred)
            self.tp += len(g & p)
            self.pred_ok += len(g & p)
        elif metric == "overlap":
            self.tp += sum(any(interval_jaccard(g, p) > 0 for p in pred) for g in gold)
            self.pred_ok += sum(any(interval_jaccard(g, p) > 0 for g in gold) for p in pred)
        elif metric == "jaccard":
            for g in gold:
                self.soft += max((interval_jaccard(g, p) for p in pred), default=0.0)
            self.soft_n += len(gold) + sum(1 for p in pred
                                           if p not in gold and not any(interval_jaccard(g, p) > 0 for g in gold))
        else:
            raise ValueError(f"unknown metric {metric!r}; choose from {', '.join(METRICS)}")

    @property
    def precision(self) -> float:
        return self.pred_ok / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    @property
    def jaccard(self) -> float:
        return self.soft / self.soft_n if self.soft_n else 0.0

    def headline(self, metric: str) -> float:
        """The one figure the papers print: F1, or the mean for jaccard."""
        return self.jaccard if metric == "jaccard" else self.f1


class SpanScores:
    """Every role under every metric, filled one document at a time."""

    def __init__(self) -> None:
        self.scores = {(m, r): RoleScore() for m in METRICS for r in ROLES}

    def add_document(self, text: str, gold: dict[str, list[Span]], pred: dict[str, list[Span]]) -> None:
        for role in ROLES:
            g, p = pieces(text, gold.get(role, [])), pieces(text, pred.get(role, []))
            for metric in METRICS:
                self.scores[(metric, role)].add(metric, g, p)

    def get(self, metric: str, role: str) -> RoleScore:
        return self.scores[(metric, role)]
