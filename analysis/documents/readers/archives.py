"""Archives (.zip, .tar and compressed tars): read in memory, member by member, never extracted to disk."""

from __future__ import annotations

import tarfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

from analysis.documents.parsing import id_from_path
from analysis.documents.readers.context import Document, ReadContext
from analysis.documents.readers.decoding import shown_path
from analysis.documents.readers.formats import articles_from_bytes, sniff_format
from analysis.errors import DocumentError, Rejected
from analysis.settings import limit_hint

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


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
