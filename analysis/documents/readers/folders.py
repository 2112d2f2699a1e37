"""Inputs -> files: folders walked, patterns matched, each file once, the run's own outputs left out."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis.documents.parsing import id_from_path
from analysis.documents.readers.decoding import shown_path
from analysis.errors import DocumentError, NoDocumentsError, OutputIsInputError, Rejected


def walk_tree(top: str | os.PathLike, followlinks: bool = False) -> Iterator[tuple[str, list[str], list[str]]]:
    """`os.walk` (top-down, same order, `dirs[:] = ...` prunes) without recursion: Python 3.11's os.walk
    recurses once per level, so a folder 1,500 levels deep raised RecursionError."""
    stack = [os.fspath(top)]
    while stack:
        root = stack.pop()
        try:
            with os.scandir(root) as it:
                entries = list(it)
        except OSError:
            continue
        dirs, files, links = [], [], set()
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry.name)
            if is_dir and not followlinks and entry.is_symlink():
                links.add(entry.name)
        yield root, dirs, files
        stack.extend(os.path.join(root, d) for d in reversed(dirs) if d not in links)


LOOKED_FOR = ("looked for files of any name (text, HTML, JSON Lines, CSV, .zip/.tar.gz archives) in the folder "
              "and all its subfolders, following symbolic links; hidden files and folders (names starting "
              "with '.') are skipped")


def no_documents_message(inputs: Iterable[str]) -> str:
    """"no documents found under DIR: <what was looked for>", for a run that found nothing to read."""
    names = ", ".join(str(p) for p in inputs) or "(no input)"
    return f"no documents found under {names}: {LOOKED_FOR}"


def check_found(inputs: Iterable[str]) -> None:
    """Raise NoDocumentsError when `inputs` name no file at all (an empty folder, a folder of hidden
    files); a missing path or an empty file is not this case: it is read and rejected with its code."""
    inputs = [str(p) for p in inputs]
    if next(iter(expand_paths(inputs)), None) is None:
        raise NoDocumentsError(no_documents_message(inputs))


def _walk(folder: Path) -> Iterator[str]:
    """Files under `folder`, sorted, hidden ones skipped. Symbolic links to folders are followed (a corpus
    is often a folder of links to where the text lives), each real folder once: a link back up the tree
    (a loop) or a second link to a folder already read is not entered again."""
    seen: set[tuple[int, int]] = set()  # (device, inode) of each folder read: one stat, whatever the depth

    def identity(path: str) -> tuple[int, int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    for root, dirs, files in walk_tree(folder, followlinks=True):
        real = identity(root)
        if real is None or real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and identity(os.path.join(root, d)) not in seen)
        for f in sorted(files):
            if not f.startswith("."):
                yield os.path.join(root, f)


def _expand(inputs: Iterable[str | os.PathLike]) -> Iterator[str | Rejected]:
    """Each input as the files it names (folders walked, patterns matched) or a Rejected; a file reached
    twice is left to `expand_paths` to drop. One path or a list of them, as text or `pathlib.Path` (a notebook's
    `read_documents(Path("news"))`)."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    for raw in map(os.fspath, inputs):
        if raw == "-":
            yield raw
            continue
        p = Path(raw)
        if p.is_dir():
            yield from _walk(p)
        elif p.exists() or p.is_symlink():
            yield raw
        elif any(c in raw for c in "*?["):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Rejected(raw, shown_path(raw), DocumentError("not_found", f"the pattern {shown_path(raw)!r} "
                                                                                 "matches no file"))
            for m in matches:
                if os.path.isdir(m):
                    yield from _expand([m])
                else:
                    yield m
        else:
            yield Rejected(id_from_path(shown_path(raw)), shown_path(raw),
                           DocumentError("not_found", f"{shown_path(raw)} does not exist"))


def expand_paths(inputs: Iterable[str | os.PathLike], exclude: Iterable[str] = ()) -> Iterator[str | Rejected]:
    """Files from paths, folders (recursive, sorted, hidden files skipped) and glob patterns, each file once
    (`dir/**` matches a file and the folders above it), leaving out the absolute paths in `exclude`."""
    seen = {os.path.normpath(os.path.abspath(p)) for p in exclude}
    # the run's own outputs however they are reached: `--store dlink/s.duckdb` is `d/s.duckdb` of an input `d`
    outputs = {os.path.realpath(p) for p in exclude}
    for item in _expand(inputs):
        if not isinstance(item, Rejected) and item != "-":
            where = os.path.normpath(os.path.abspath(item))
            if where in seen or (outputs and os.path.realpath(item) in outputs):
                continue
            seen.add(where)
        yield item


def check_outputs(inputs: Iterable[str], *outputs: str | None) -> None:
    """Refuse a run one of whose outputs is also an input given by name: it would be truncated or
    overwritten before it is read. (Outputs that a folder or a pattern reaches are left out of the
    inputs instead: see `ReadContext.exclude`.)"""
    for out in outputs:
        if not out or out == "-" or not os.path.exists(out):
            continue
        for raw in inputs:
            if raw != "-" and os.path.exists(raw) and not os.path.isdir(raw) and os.path.samefile(raw, out):
                raise OutputIsInputError(f"{out} is both an input and the output; write the output elsewhere")
