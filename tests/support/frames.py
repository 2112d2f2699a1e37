"""Frames as the notebooks get them, through the one reader (`analysis.corpus.query.Corpus`), its
connection closed once they are read."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from analysis.corpus.frames import CorpusFrames
from analysis.corpus.query import Corpus


def store_frames(path: str | Path) -> CorpusFrames:
    with Corpus.open(path) as corpus:
        return corpus.frames()


def record_frames(records: Iterable[dict]) -> CorpusFrames:
    with Corpus.from_records(records) as corpus:
        return corpus.frames()
