"""The lemma keys of theme phrases, computed by the model once and kept on disk.

Why: the theme matcher matches lemma keys, and a phrase's keys come from the model reading the phrase (its
tagger decides whether "talks" is a noun). The default taxonomy holds about 6,500 phrases: reading them took
2.8 s of CPU in every process that analyses (each ingest worker, each `presswork` command, each report
kernel), as long as analysing 25 articles. A phrase's keys depend only on the phrase, the model and the code that
turns tokens into keys, so they are computed once and kept in a small JSON file in the cache folder
(``Settings.cache_path()``), one file per model and code (named by a hash of both: another model or a change to
this code or the matcher's ``LemmaKeys`` reads and writes another file, never a stale one). The file holds every
phrase seen with that model: a user's themes file that adds or edits a few phrases has only those read by the
model (it used to cost the whole 2.8 s again, in every process, for each edit).

A cache that cannot be read (corrupt, from another version) is computed again; one that cannot be written
(a read-only home) is simply not kept. Writers in parallel each write a private file and rename it into place (the
last one wins; what another added is computed again when next needed). A file is kept to `MAX_PHRASES` phrases,
and the folder to the `KEEP` files used last (about 0.5 MB each).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Token

# a phrase -> its variants, each (words, keys): the keys in the context of the phrase, and the words written
Variants = dict[str, list[tuple[list[str], list[str]]]]

_CODE = (Path(__file__), Path(__file__).with_name("matcher.py"))  # the code that decides the keys
KEEP = 8
MAX_PHRASES = 50_000  # phrases one file keeps (the default taxonomy: ~6,500); past it, only the latest taxonomy's


def phrase_variants(nlp: Language, key: Callable[[Token], str], phrases: Sequence[str],
                    cache_dir: str | None = None) -> Variants:
    """Each distinct phrase's variants: (words, lemma keys) and (words, lower-case words), one of them when
    both are the same. Read from `cache_dir` for the phrases this model and code have read before."""
    unique = list(dict.fromkeys(phrases))
    path = _cache_file(nlp, cache_dir) if cache_dir else None
    known = (_read(path) or {}) if path is not None else {}
    missing = [p for p in unique if p not in known]
    computed = _compute(nlp, key, missing)
    if path is not None:
        if computed:
            kept = {**known, **computed} if len(known) + len(computed) <= MAX_PHRASES else \
                {p: known.get(p) or computed[p] for p in unique}
            _write(path, kept)
        else:
            with contextlib.suppress(OSError):
                os.utime(path)  # used now: the last to be pruned
    return {p: computed[p] if p in computed else known[p] for p in unique}


def _compute(nlp: Language, key: Callable[[Token], str], phrases: list[str]) -> Variants:
    disable = [p for p in ("parser", "ner") if p in nlp.pipe_names]
    out: Variants = {}
    for phrase, pdoc in zip(phrases, nlp.pipe(phrases, disable=disable, batch_size=1000)):
        words = [t.text for t in pdoc]
        variants: dict[tuple[str, ...], list[str]] = {}
        for keys in ([key(t) for t in pdoc], [w.lower() for w in words]):
            variants.setdefault(tuple(keys), keys)
        out[phrase] = [(words, keys) for keys in variants.values()]
    return out


def _cache_file(nlp: Language, cache_dir: str) -> Path:
    digest = hashlib.sha256()
    for part in (spacy.__version__, nlp.meta.get("lang", ""), nlp.meta.get("name", ""),
                 nlp.meta.get("version", ""), ",".join(nlp.pipe_names)):
        digest.update(part.encode() + b"\0")
    for code in _CODE:
        digest.update(code.read_bytes())
    return Path(cache_dir) / f"phrase-keys-{digest.hexdigest()[:32]}.json"


def _read(path: Path) -> Variants | None:
    """The cached variants of every phrase in the file, or None when it is missing or is not what this code
    writes (then every phrase is computed again and the file replaced)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    try:
        return {p: [(_strings(words), _strings(keys)) for words, keys in vs] for p, vs in data.items()}
    except (TypeError, ValueError):
        return None


def _strings(items) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise ValueError("not a list of strings")
    return list(items)


def _write(path: Path, variants: Variants) -> None:
    """Write atomically (a private file renamed into place); a folder that cannot be written keeps nothing."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".phrase-keys-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(variants, fh, ensure_ascii=False)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _prune(path.parent)


def _prune(folder: Path) -> None:
    """Remove all but the `KEEP` phrase-key files used last."""
    files = []
    for f in folder.glob("phrase-keys-*.json"):
        with contextlib.suppress(OSError):
            files.append((f.stat().st_mtime, f))
    for _, f in sorted(files, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            f.unlink()
