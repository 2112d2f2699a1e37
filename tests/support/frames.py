"""Frames as the notebooks get them, through the one reader (`analysis.corpus.query.Corpus`), its
connection closed once they are read."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from analysis.corpus.frames import CorpusFrames
from analysis.corpus.query import Corpus


def store_frames(path: str | Path, keep_duplicates: bool = False) -> CorpusFrames:
    with Corpus.open(path, keep_duplicates=keep_duplicates) as corpus:
        return corpus.frames()


def record_frames(records: Iterable[dict], keep_duplicates: bool = False) -> CorpusFrames:
    with Corpus.from_records(records, keep_duplicates) as corpus:
        return corpus.frames()
