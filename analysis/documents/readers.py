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
import re
import stat
import sys
import tarfile
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from dateutil import parser as dateparser

from analysis.documents.article import Article
from analysis.documents.parsing import id_from_path, parse_text
from analysis.errors import DocumentError, MetadataError, NoDocumentsError, PressworkError, Rejected
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
    # absolute paths never read when a folder or a pattern reaches them: the run's own outputs (a store,
    # an -o file) written inside an input folder
    exclude: frozenset[str] = frozenset()


# ---------------------------------------------------------------- text that can always be written

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """`value` with lone surrogates (broken JSON escapes of emoji) replaced by U+FFFD, one for one, so
    offsets are unchanged and every record, key and store row can be encoded as UTF-8."""
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


def shown_path(path: str) -> str:
    """A file or member name as text: bytes of a name that is not UTF-8 (kept by Python as surrogates, so the
    file can still be opened) written as \\xNN escapes."""
    if not _SURROGATE.search(path):
        return path
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a surrogate no file system decoding makes (e.g. from JSON): not a real name
        return clean_text(path)


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

def load_metadata(path: str | None, fields: FieldNames | None = None,
                  warn: Callable[[str], None] | None = None) -> dict[str, dict]:
    """A sidecar table (TSV or CSV) keyed by file stem: dates, publishers, titles.

    The key column is the first of `filename`, `file`, `id`, `stem`, `path`; PolNeAR's metadata.tsv works as is.
    Decoded like a document (UTF-8, else a detected legacy encoding). A file that cannot be used raises
    :class:`MetadataError`; what would otherwise vanish silently -- a date that is not a date, a key given
    twice (the last row wins) -- is passed to `warn` (default: a Python warning).
    """
    if not path:
        return {}
    warn = warn or (lambda message: warnings.warn(message, stacklevel=3))
    fields = fields or FieldNames()
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise MetadataError(f"cannot read metadata file {path}: {e.strerror or e}") from None
    try:
        text, _ = decode_bytes(data, Settings(max_document_bytes=max(len(data), 1)))
    except DocumentError as e:
        raise MetadataError(f"metadata file {path} {'is empty' if e.code == 'empty' else 'is not text'}: "
                            f"{e.message}") from None
    dialect = "excel-tab" if p.suffix.lower() in (".tsv", ".tab") else "excel"
    out: dict[str, dict] = {}
    rows = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    key = next((k for k in ("filename", "file", "id", "stem", "path") if k in (rows.fieldnames or [])), None)
    if key is None:
        raise MetadataError(f"metadata file {path} needs a filename/file/id/stem/path column; "
                            f"it has {rows.fieldnames}")
    try:
        for n, row in enumerate(rows, start=2):  # line 1 is the header
            row.pop(None, None)  # more cells than header columns
            stem = id_from_path(row[key] or "")
            if stem in out:
                warn(f"metadata file {path} line {n}: {row[key]!r} repeats an earlier key; this row replaces it")
            value = _pick(row, fields.date)
            if value is not None and parse_date(value) is None:
                warn(f"metadata file {path} line {n} ({row[key]}): {value!r} is not a date; left empty")
            out[stem] = row
    except csv.Error as e:
        raise MetadataError(f"metadata file {path}: {e}") from None
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
    row = {clean_text(str(k)): clean_text(v) if isinstance(v, str) else v for k, v in row.items()}
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
    dialect = "excel-tab" if path.lower().endswith(".tsv") else "excel"
    rows = enumerate(csv.DictReader(io.StringIO(text, newline=""), dialect=dialect), start=2)  # 1: the header
    n = 1
    while True:
        # the csv module's field limit is process-wide: set to this run's limit only while a row is read
        previous = csv.field_size_limit(ctx.settings.max_document_bytes)
        failure = None
        try:
            n, row = next(rows)
        except StopIteration:
            return
        except csv.Error as e:
            n += 1  # the row that failed is the one after the last row read
            failure = DocumentError("too_large", f"row {n} has a field over max_document_bytes="
                                    f"{ctx.settings.max_document_bytes:,}; {limit_hint('max_document_bytes')}") \
                if "field larger than field limit" in str(e) else \
                DocumentError("missing_field", f"CSV parse error near row {n}: {e}")
        finally:
            csv.field_size_limit(previous)
        if failure is not None:
            yield Rejected(f"{id_from_path(path)}:{n}", f"{path}:{n}", failure)
            return
        row.pop(None, None)  # more cells than header columns
        yield _row_to_document(row, path, n, ctx, "csv")


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


def articles_from_archive(path: str, ctx: ReadContext, fileobj=None, shown: str | None = None) -> Iterator[Document]:
    """Every member of the archive at `path` (or `fileobj`), each named `<shown>!<member>`; a member name that
    repeats in the archive gets `#2`, `#3`... so that each member names one document."""
    s = ctx.settings
    budget = s.max_archive_bytes
    shown = shown or shown_path(path)
    given: set[str] = set()  # member names given out so far
    reserved: set[str] = set()  # a zip's member names (read up front): no `#k` name takes a real one
    repeats: Counter = Counter()

    def unique(name: str) -> str:
        repeats[name] += 1
        candidate, k = name, repeats[name] - 1
        while candidate in given or (candidate != name and candidate in reserved):
            k += 1
            candidate = f"{name}#{k}"
        given.add(candidate)
        return candidate

    def over_budget(member: str) -> Rejected:
        return Rejected(id_from_path(member), f"{shown}!{member}", DocumentError(
            "archive_too_large", f"the archive expands beyond max_archive_bytes={s.max_archive_bytes:,}; "
                                 f"{limit_hint('max_archive_bytes')}"))

    try:
        if path.lower().endswith(".zip"):
            zf = zipfile.ZipFile(fileobj or path)
            members = [(i.filename, i) for i in zf.infolist() if not i.is_dir()]
            reserved.update(shown_path(n) for n, _ in members)
            kind = "zip"
        else:
            tf = tarfile.open(path if fileobj is None else None, mode="r|*", fileobj=fileobj)  # noqa: SIM115 -- closed with the archive
            kind = "tar"
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, zlib.error) as e:
        yield Rejected(id_from_path(shown), shown, DocumentError("bad_archive", f"cannot open archive: {e}"))
        return

    def handle(raw_name: str, read) -> Iterator[Document]:
        nonlocal budget
        name = shown_path(raw_name)
        unique_name = unique(name)
        full = f"{shown}!{unique_name}"
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
        except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, RuntimeError, ValueError, zlib.error) as e:
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
        for doc in articles_from_bytes(data, name, ctx):  # rows of a member are named `<member>:<row>`
            doc.path = f"{shown}!{unique_name}{doc.path[len(name):]}"
            yield doc

    try:
        if kind == "zip":
            for name, info in members:
                if skipped_member(name):
                    continue
                if (info.external_attr >> 16) & 0o170000 == 0o120000:  # a symlink stored in the zip
                    yield Rejected(id_from_path(name), f"{shown}!{unique(shown_path(name))}", DocumentError(
                        "unsafe_member", f"member {name!r} is a symbolic link; it was not followed"))
                    continue
                yield from handle(name, lambda n, info=info: zf.open(info).read(n))
        else:
            for member in tf:
                if member.isdir() or skipped_member(member.name):
                    continue
                if member.issym() or member.islnk() or not member.isfile():
                    yield Rejected(id_from_path(member.name), f"{shown}!{unique(shown_path(member.name))}", DocumentError(
                        "unsafe_member", f"member {member.name!r} is a link or device; it was not followed"))
                    continue
                fh = tf.extractfile(member)
                yield from handle(member.name, lambda n, fh=fh: fh.read(n))
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, zlib.error) as e:
        yield Rejected(id_from_path(shown), shown, DocumentError("bad_archive", f"archive is corrupt: {e}"))


# ---------------------------------------------------------------- paths

def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


FILE_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
              (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _limit_for(path: str, settings: Settings) -> tuple[int, str]:
    """The size limit for a file read whole, and its setting's name: a plain text is one document; JSON
    Lines, CSV and HTML are bounded as a whole by the archive limit."""
    if sniff_format(path, b"") == "text":
        return settings.max_document_bytes, "max_document_bytes"
    return settings.max_archive_bytes, "max_archive_bytes"


def _too_large(path: str, size: str, limit: int, name: str) -> Rejected:
    return Rejected(id_from_path(path), path, DocumentError(
        "too_large", f"{size} bytes is over {name}={limit:,}; {limit_hint(name)}"))


def articles_from_file(path: str, ctx: ReadContext) -> Iterator[Document]:
    """The documents of one file. Only regular files are opened (a FIFO would block the run, a device never
    end), and never more than the limit + 1 bytes are read, whatever the file's size said."""
    shown = shown_path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        yield Rejected(id_from_path(shown), shown, DocumentError("unreadable", f"cannot read file: {e.strerror or e}"))
        return
    if not stat.S_ISREG(mode):
        kind = next((k for test, k in FILE_KINDS if test(mode)), "not a regular file")
        yield Rejected(id_from_path(shown), shown, DocumentError(
            "special_file", f"{kind}, not a regular file: it was not read (only regular files are)"))
        return
    if is_archive(path):
        yield from articles_from_archive(path, ctx, shown=shown)
        return
    limit, name = _limit_for(path, ctx.settings)
    try:
        size = os.path.getsize(path)
        if size > limit:
            yield _too_large(shown, f"{size:,}", limit, name)
            return
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as e:
        yield Rejected(id_from_path(shown), shown, DocumentError("unreadable", f"cannot read file: {e.strerror or e}"))
        return
    if len(data) > limit:  # the file grew since its size was read
        yield _too_large(shown, f"over {limit:,}", limit, name)
        return
    yield from articles_from_bytes(data, shown, ctx)


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


def _expand(inputs: Iterable[str]) -> Iterator[str | Rejected]:
    """Each input as the files it names (folders walked, patterns matched) or a Rejected; a file reached
    twice is left to `expand_paths` to drop."""
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


def expand_paths(inputs: Iterable[str], exclude: Iterable[str] = ()) -> Iterator[str | Rejected]:
    """Files from paths, folders (recursive, sorted, hidden files skipped) and glob patterns, each file once
    (`dir/**` matches a file and the folders above it), leaving out the absolute paths in `exclude`."""
    seen = {os.path.normpath(os.path.abspath(p)) for p in exclude}
    for item in _expand(inputs):
        if not isinstance(item, Rejected) and item != "-":
            where = os.path.normpath(os.path.abspath(item))
            if where in seen:
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
                raise PressworkError(f"{out} is both an input and the output; write the output elsewhere")


def articles_from_stdin(stream, ctx: ReadContext) -> Iterator[Document]:
    """Standard input, read up to the larger limit + 1 bytes (it may be JSON Lines; it may never end)."""
    limit, name = max((ctx.settings.max_document_bytes, "max_document_bytes"),
                      (ctx.settings.max_archive_bytes, "max_archive_bytes"))
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield _too_large("<stdin>", f"over {limit:,}", limit, name)
        return
    yield from articles_from_bytes(data, "<stdin>", ctx)


def read_documents(inputs: Iterable[str], ctx: ReadContext | None = None, stdin=None) -> Iterator[Document]:
    """Every document in `inputs`, lazily, as `Article` or `Rejected` (never raises for bad input)."""
    ctx = ctx or ReadContext()
    for item in expand_paths(inputs, ctx.exclude):
        if isinstance(item, Rejected):
            docs: Iterable[Document] = [item]
        elif item == "-":
            docs = articles_from_stdin(stdin or sys.stdin.buffer, ctx)
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
