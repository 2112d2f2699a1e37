"""The span scores of analysis.eval.span_metrics agree with CofeNet's definitions (exe/eval/evaluation.py)."""

from __future__ import annotations

import pytest

from analysis.eval.span_metrics import SpanScores, interval_jaccard, pieces

TEXT = "x" * 40  # one character per token: the spans below are CofeNet's token indices


def scored(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> SpanScores:
    scores = SpanScores()
    scores.add_document(TEXT, {"cue": gold}, {"cue": pred})
    return scores


def test_cofenet_example_exact_and_begin():
    # CofeNet's own example: gold cues [0,2) [3,6) [17,20); the prediction misses the first by one token
    s = scored([(0, 2), (3, 6), (17, 20)], [(1, 2), (3, 6), (17, 20)])
    assert s.get("exact", "cue").f1 == pytest.approx(2 / 3)
    assert s.get("begin", "cue").f1 == pytest.approx(2 / 3)
    assert s.get("overlap", "cue").f1 == 1.0


def test_jaccard_is_cofenets_mean_not_an_f1():
    # gold [0,10) half covered by [5,10) -> 0.5; a prediction far from any gold adds a zero term
    s = scored([(0, 10)], [(5, 10), (30, 35)])
    assert s.get("jaccard", "cue").jaccard == pytest.approx(0.5 / 2)
    assert interval_jaccard((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert interval_jaccard((0, 5), (6, 9)) == 0.0


def test_pieces_cut_at_line_breaks_and_trim_marks():
    text = '“We won,” he said.\n“Again.”'
    assert pieces(text, [(0, len(text))]) == {(1, 17), (20, 25)}
