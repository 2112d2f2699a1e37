"""Readers: every input (files, folders, globs, archives, JSON Lines, CSV, HTML, stdin) -> Articles.

All readers are lazy generators yielding `Article` or `Rejected`; none raises for a bad document, so
one corpus run always accounts for every input: read = analysed + rejected. Archives are read in
memory, member by member, never extracted to disk.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from dateutil import parser as dateparser

from analysis.documents.article import Article
from analysis.documents.parsing import id_from_path, parse_text
from analysis.errors import DocumentError, NoDocumentsError, Rejected
from analysis.settings import Settings, limit_hint

Document = Article | Rejected

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
# Legacy encodings that news crawls actually contain (Western, Arabic/Persian, Cyrillic, East Asian...).
# Restricting detection to these avoids DOS code pages "winning" on short texts.
LEGACY_ENCODINGS = ("cp1252", "cp1256", "cp1251", "cp1250", "cp1253", "cp1254", "cp1255", "iso8859_15",
                    "koi8_r", "gb18030", "big5", "shift_jis", "euc_kr", "euc_jp")


@dataclass(frozen=True)
class FieldNames:
    """Column / key names for JSON Lines and CSV corpora (first present wins)."""

    text: tuple[str, ...] = ("text", "body", "content", "article", "maintext")
    title: tuple[str, ...] = ("title", "headline")
    date: tuple[str, ...] = ("date", "published", "publication_date", "pub_date", "date_publish")
    source: tuple[str, ...] = ("source", "publisher", "outlet", "source_domain")
    url: tuple[str, ...] = ("url", "link")
    id: tuple[str, ...] = ("id", "doc_id", "filename", "uid")

    @classmethod
    def from_mapping(cls, mapping: dict[str, str] | None) -> FieldNames:
        if not mapping:
            return cls()
        base = cls()
        kw = {k: (v,) + getattr(base, k) for k, v in mapping.items() if v}
        return cls(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **kw})


@dataclass
class ReadContext:
    settings: Settings = field(default_factory=Settings)
    fields: FieldNames = field(default_factory=FieldNames)
    metadata: dict[str, dict] = field(default_factory=dict)  # file stem -> {date, source, title, ...}
    count: int = 0


# ---------------------------------------------------------------- decoding

def decode_bytes(data: bytes, settings: Settings) -> tuple[str, str]:
    """UTF-8 (BOM or not) first, then a detected legacy encoding; raise DocumentError otherwise."""
    if len(data) > settings.max_document_bytes:
        raise DocumentError("too_large", f"{len(data):,} bytes is over max_document_bytes="
                            f"{settings.max_document_bytes:,}; {limit_hint('max_document_bytes')}")
    if not data.strip():
        raise DocumentError("empty", "the document is empty or whitespace only")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise DocumentError("binary", "NUL bytes found: this looks like a binary file, not text")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise DocumentError("undecodable", f"invalid UTF-16: {e}") from None
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data[:200_000], cp_isolation=list(LEGACY_ENCODINGS)))
        # least chaos, then most language coherence, then our preference order (cp1252 before cp1250)
        matches.sort(key=lambda m: (round(m.chaos, 2), -m.coherence, LEGACY_ENCODINGS.index(m.encoding)
                                    if m.encoding in LEGACY_ENCODINGS else 99))
        best = matches[0] if matches else None
        if best is None:
            raise DocumentError("undecodable", "not valid UTF-8 and no legacy encoding fits; "
                                "convert the file to UTF-8 (e.g. iconv -f cp1256 -t utf-8)") from None
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            raise DocumentError("undecodable", f"detected {best.encoding} but decoding failed") from None
        # Every byte "decodes" in some code page: random bytes read as no language and have no word breaks.
        spaces = sum(1 for c in text[:20_000] if c in " \n\t")
        if best.coherence == 0.0 and spaces < len(text[:20_000]) / 50:
            raise DocumentError("undecodable", f"not valid UTF-8, and as {best.encoding} it reads as no "
                                "language; convert the file to UTF-8 or check it is text") from None
        encoding = best.encoding
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f\v")
    if controls > max(8, len(text[:8192]) // 50):
        raise DocumentError("binary", f"{controls} control characters in the first 8 KB: not text")
    if "\x00" in text:
        raise DocumentError("binary", "NUL characters in the text: this looks like a binary file")
    if not text.strip():
        raise DocumentError("empty", "the document is empty or whitespace only")
    return text, encoding


def parse_date(value) -> date | None:
    if value is None or value == "" or value == "None":
        return None
    if isinstance(value, date):
        return value
    try:
        return dateparser.parse(str(value), fuzzy=False, default=None).date()
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None


# ---------------------------------------------------------------- metadata

def load_metadata(path: str | None) -> dict[str, dict]:
    """A sidecar table (TSV or CSV) keyed by file stem: dates, publishers, titles.

    The key column is the first of `filename`, `file`, `id`, `stem`, `path`; PolNeAR's metadata.tsv works as is.
    """
    if not path:
        return {}
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"metadata file {path} does not exist")
    dialect = "excel-tab" if p.suffix.lower() in (".tsv", ".tab") else "excel"
    out: dict[str, dict] = {}
    with open(p, encoding="utf-8-sig", newline="") as fh:
        rows = csv.DictReader(fh, dialect=dialect)
        key = next((k for k in ("filename", "file", "id", "stem", "path") if k in (rows.fieldnames or [])), None)
        if key is None:
            raise ValueError(f"metadata file {path} needs a filename/file/id/stem/path column; "
                             f"it has {rows.fieldnames}")
        for row in rows:
            stem = id_from_path(row[key] or "")
            out[stem] = row
    return out


def _pick(row: dict, names: tuple[str, ...]):
    for n in names:
        if n in row and row[n] not in (None, ""):
            return row[n]
    return None


def _apply_metadata(article: Article, ctx: ReadContext) -> Article:
    if not ctx.metadata:
        return article
    row = ctx.metadata.get(article.id) or ctx.metadata.get(id_from_path(article.path))
    if not row:
        return article
    f = ctx.fields
    published = parse_date(_pick(row, f.date))
    if published:
        article.published = published
    source = _pick(row, f.source)
    if source:
        article.publisher = source
        article.source = article.source or source
    title = _pick(row, f.title)
    if title and not article.headline_span:
        article.headline = title
    url = _pick(row, f.url)
    if url:
        article.url = url
    article.meta.update({k: v for k, v in row.items() if k})
    return article


# ---------------------------------------------------------------- per-format parsing

def _article_from_text(text: str, path: str, encoding: str, ctx: ReadContext, **kw) -> Article:
    article = parse_text(text, path, **kw)
    article.encoding = encoding
    return _apply_metadata(article, ctx)


def articles_from_html(data: bytes, path: str, ctx: ReadContext) -> Iterator[Document]:
    import trafilatura

    try:
        html, _ = decode_bytes(data, ctx.settings)
    except DocumentError as e:
        yield Rejected(id_from_path(path), path, e)
        return
    try:
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as e:  # noqa: BLE001 -- trafilatura/lxml raise many types on hostile markup
        yield Rejected(id_from_path(path), path, DocumentError("bad_html", f"HTML extraction failed: {e}"))
        return
    if extracted is None:
        yield Rejected(id_from_path(path), path, DocumentError("bad_html", "no main text found in the page"))
        return
    doc = extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = (doc.get("text") or "").strip()
    if not body:
        yield Rejected(id_from_path(path), path, DocumentError("bad_html", "no main text found in the page"))
        return
    title = doc.get("title")
    text = f"{title}\n{body}" if title else body
    article = parse_text(text, path, headline_in_text=bool(title))
    article.format = "html"
    article.published = parse_date(doc.get("date"))
    article.publisher = doc.get("sitename") or doc.get("hostname")
    article.source = article.source or article.publisher
    article.url = doc.get("url")
    yield _apply_metadata(article, ctx)


def _row_to_document(row, path: str, n: int, ctx: ReadContext, fmt: str) -> Document:
    rid = f"{id_from_path(path)}:{n}"
    if not isinstance(row, dict):
        return Rejected(rid, f"{path}:{n}", DocumentError("bad_json", f"row {n} is not a JSON object"))
    f = ctx.fields
    text = _pick(row, f.text)
    if not isinstance(text, str) or not text.strip():
        return Rejected(rid, f"{path}:{n}", DocumentError(
            "missing_field", f"row {n} has no text; expected one of the fields {list(f.text)} "
                             "(set another with --text-field)"))
    if len(text.encode("utf-8", "surrogatepass")) > ctx.settings.max_document_bytes:
        return Rejected(rid, f"{path}:{n}", DocumentError(
            "too_large", f"row {n} is over max_document_bytes; {limit_hint('max_document_bytes')}"))
    doc_id = str(_pick(row, f.id) or rid)
    title = _pick(row, f.title)
    article = parse_text(text, f"{path}:{n}", id=doc_id, headline=str(title) if title else None)
    article.format = fmt
    article.published = parse_date(_pick(row, f.date))
    src = _pick(row, f.source)
    if src:
        article.publisher = str(src)
        article.source = article.source or str(src)
    url = _pick(row, f.url)
    article.url = str(url) if url else None
    return _apply_metadata(article, ctx)


def articles_from_jsonl(data: bytes, path: str, ctx: ReadContext) -> Iterator[Document]:
    try:
        text, _ = decode_bytes(data, Settings(max_document_bytes=ctx.settings.max_archive_bytes))
    except DocumentError as e:
        yield Rejected(id_from_path(path), path, e)
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejected(f"{id_from_path(path)}:{n}", f"{path}:{n}",
                           DocumentError("bad_json", f"line {n} is not valid JSON: {e.msg} at column {e.colno}"))
            continue
        yield _row_to_document(row, path, n, ctx, "jsonl")


def articles_from_csv(data: bytes, path: str, ctx: ReadContext) -> Iterator[Document]:
    try:
        text, _ = decode_bytes(data, Settings(max_document_bytes=ctx.settings.max_archive_bytes))
    except DocumentError as e:
        yield Rejected(id_from_path(path), path, e)
        return
    csv.field_size_limit(ctx.settings.max_document_bytes)
    dialect = "excel-tab" if path.lower().endswith(".tsv") else "excel"
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    n = 1
    try:
        for n, row in enumerate(reader, start=2):  # line 1 is the header
            if None in row:  # more cells than header columns
                row.pop(None)
            yield _row_to_document(row, path, n, ctx, "csv")
    except csv.Error as e:
        yield Rejected(f"{id_from_path(path)}:{n}", f"{path}:{n}",
                       DocumentError("missing_field", f"CSV parse error near row {n}: {e}"))


def sniff_format(name: str, data: bytes) -> str:
    lower = name.lower()
    suffix = PurePosixPath(lower).suffix
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix == ".json" or (head.startswith(b"{") and b"\n{" in data[:65536]):
        return "jsonl"
    return "text"


def articles_from_bytes(data: bytes, path: str, ctx: ReadContext) -> Iterator[Document]:
    fmt = sniff_format(path, data)
    if fmt == "html":
        yield from articles_from_html(data, path, ctx)
    elif fmt == "jsonl":
        yield from articles_from_jsonl(data, path, ctx)
    elif fmt == "csv":
        yield from articles_from_csv(data, path, ctx)
    else:
        try:
            text, encoding = decode_bytes(data, ctx.settings)
        except DocumentError as e:
            yield Rejected(id_from_path(path), path, e)
            return
        yield _article_from_text(text, path, encoding, ctx)


# ---------------------------------------------------------------- archives

def _unsafe_name(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(name) > 1 and name[1] == ":")


def skipped_member(name: str) -> bool:
    base = PurePosixPath(name).name
    return base.startswith(".") or name.startswith("__MACOSX/") or base.lower() in ("readme.md", "license")


def articles_from_archive(path: str, ctx: ReadContext, fileobj=None) -> Iterator[Document]:
    s = ctx.settings
    budget = s.max_archive_bytes

    def over_budget(member: str) -> Rejected:
        return Rejected(id_from_path(member), f"{path}!{member}", DocumentError(
            "archive_too_large", f"the archive expands beyond max_archive_bytes={s.max_archive_bytes:,}; "
                                 f"{limit_hint('max_archive_bytes')}"))

    try:
        if path.lower().endswith(".zip"):
            zf = zipfile.ZipFile(fileobj or path)
            members = [(i.filename, i) for i in zf.infolist() if not i.is_dir()]
            kind = "zip"
        else:
            tf = tarfile.open(path if fileobj is None else None, mode="r|*", fileobj=fileobj)  # noqa: SIM115 -- closed with the archive
            kind = "tar"
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError) as e:
        yield Rejected(id_from_path(path), path, DocumentError("bad_archive", f"cannot open archive: {e}"))
        return

    def handle(name: str, read) -> Iterator[Document]:
        nonlocal budget
        full = f"{path}!{name}"
        if _unsafe_name(name):
            yield Rejected(id_from_path(name), full, DocumentError(
                "unsafe_member", f"member name {name!r} escapes the archive; it was not read"))
            return
        if budget <= 0:
            yield over_budget(name)
            return
        limit = min(budget, s.max_document_bytes if sniff_format(name, b"") == "text" else s.max_archive_bytes)
        try:
            data = read(limit + 1)
        except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, RuntimeError, ValueError) as e:
            yield Rejected(id_from_path(name), full, DocumentError("bad_archive", f"cannot read member: {e}"))
            return
        budget -= len(data)
        if len(data) > limit:
            if budget <= 0:
                yield over_budget(name)
            else:
                yield Rejected(id_from_path(name), full, DocumentError(
                    "too_large", f"member is over max_document_bytes={s.max_document_bytes:,}; "
                                 f"{limit_hint('max_document_bytes')}"))
            return
        for doc in articles_from_bytes(data, name, ctx):
            if isinstance(doc, Article):
                doc.path = f"{path}!{doc.path}"
            else:
                doc.path = f"{path}!{doc.path}"
            yield doc

    try:
        if kind == "zip":
            for name, info in members:
                if skipped_member(name):
                    continue
                if (info.external_attr >> 16) & 0o170000 == 0o120000:  # a symlink stored in the zip
                    yield Rejected(id_from_path(name), f"{path}!{name}", DocumentError(
                        "unsafe_member", f"member {name!r} is a symbolic link; it was not followed"))
                    continue
                yield from handle(name, lambda n, info=info: zf.open(info).read(n))
        else:
            for member in tf:
                if member.isdir() or skipped_member(member.name):
                    continue
                if member.issym() or member.islnk() or not member.isfile():
                    yield Rejected(id_from_path(member.name), f"{path}!{member.name}", DocumentError(
                        "unsafe_member", f"member {member.name!r} is a link or device; it was not followed"))
                    continue
                fh = tf.extractfile(member)
                yield from handle(member.name, lambda n, fh=fh: fh.read(n))
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError) as e:
        yield Rejected(id_from_path(path), path, DocumentError("bad_archive", f"archive is corrupt: {e}"))


# ---------------------------------------------------------------- paths

def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def articles_from_file(path: str, ctx: ReadContext) -> Iterator[Document]:
    if is_archive(path):
        yield from articles_from_archive(path, ctx)
        return
    try:
        size = os.path.getsize(path)
        limit = ctx.settings.max_document_bytes if sniff_format(path, b"") == "text" else ctx.settings.max_archive_bytes
        if size > limit:
            yield Rejected(id_from_path(path), path, DocumentError(
                "too_large", f"{size:,} bytes is over max_document_bytes={limit:,}; {limit_hint('max_document_bytes')}"))
            return
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        yield Rejected(id_from_path(path), path, DocumentError("unreadable", f"cannot read file: {e.strerror or e}"))
        return
    yield from articles_from_bytes(data, path, ctx)


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
    seen: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(root, d)) not in seen)
        for f in sorted(files):
            if not f.startswith("."):
                yield os.path.join(root, f)


def expand_paths(inputs: Iterable[str]) -> Iterator[str | Rejected]:
    """Files from paths, folders (recursive, sorted, hidden files skipped, symlinked folders followed once)
    and glob patterns."""
    for raw in inputs:
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
                yield Rejected(raw, raw, DocumentError("not_found", f"the pattern {raw!r} matches no file"))
            for m in matches:
                if os.path.isdir(m):
                    yield from expand_paths([m])
                else:
                    yield m
        else:
            yield Rejected(id_from_path(raw), raw, DocumentError("not_found", f"{raw} does not exist"))


def read_documents(inputs: Iterable[str], ctx: ReadContext | None = None, stdin=None) -> Iterator[Document]:
    """Every document in `inputs`, lazily, as `Article` or `Rejected` (never raises for bad input)."""
    ctx = ctx or ReadContext()
    for item in expand_paths(inputs):
        if isinstance(item, Rejected):
            docs: Iterable[Document] = [item]
        elif item == "-":
            data = (stdin or sys.stdin.buffer).read()
            docs = articles_from_bytes(data, "<stdin>", ctx)
        else:
            docs = articles_from_file(item, ctx)
        for doc in docs:
            ctx.count += 1
            if ctx.count > ctx.settings.max_documents:
                yield Rejected(doc.id, doc.path, DocumentError(
                    "too_many_documents", f"over max_documents={ctx.settings.max_documents:,}; "
                                          f"{limit_hint('max_documents')}"))
                continue
            yield doc
