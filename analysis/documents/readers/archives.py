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
from analysis.settings import Settings, limit_hint

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def _unsafe_name(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(name) > 1 and name[1] == ":")


def skipped_member(name: str) -> bool:
    """Hidden members (`.x`, `__MACOSX/`) and an archive's own read-me or licence: not documents. A name that
    escapes the archive (`..\\..\\evil.txt` looks hidden to a POSIX path) is never skipped: it is rejected."""
    if _unsafe_name(name):
        return False
    base = PurePosixPath(name).name
    return base.startswith(".") or name.startswith("__MACOSX/") or base.lower() in ("readme.md", "license")


def _open_tar(path: str, fileobj=None) -> tarfile.TarFile:
    """A tar archive opened for reading in random-access mode: stream mode (`r|*`) re-slices its buffer for
    every block read, so one 60 MB member of a .tar.bz2 took 63 s (0.5 s here), and a 2 GB one ran for ever."""
    return tarfile.open(path if fileobj is None else None, mode="r:*", fileobj=fileobj)


def count_members(path: str, settings: Settings) -> int | None:
    """How many documents the archive at `path` holds as the reader counts them (for a progress bar), or None
    if that cannot be known cheaply: a tar is read through (its members' headers lie between their data), so
    the count stops, like the reader, at max_archive_bytes of members."""
    try:
        if path.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as zf:
                return sum(1 for i in zf.infolist() if not i.is_dir() and not skipped_member(i.filename))
        total, size = 0, 0
        with _open_tar(path) as tf:
            for member in tf:
                size += member.size
                if size > settings.max_archive_bytes:
                    return None
                total += member.isfile() and not skipped_member(member.name)
        return total
    except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return None


def articles_from_archive(path: str, ctx: ReadContext, fileobj=None, shown: str | None = None) -> Iterator[Document]:
    """Every member of the archive at `path` (or the seekable `fileobj`), each named `<shown>!<member>`; a
    member name that repeats in the archive gets `#2`, `#3`... so that each member names one document.

    Every byte a member expands to counts against max_archive_bytes, read or skipped: a tar's skipped bytes
    are decompressed too, on the way to the next member. A tar whose members pass the limit is not read on
    (its next member could only be found by expanding the rest); a zip's later members are each rejected."""
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

    def rejected(name: str, member: str, error: DocumentError) -> Rejected:
        """Member `name`, given out as `member` (its unique name), rejected."""
        return Rejected(id_from_path(name), f"{shown}!{member}", error, origin=(shown, member, None))

    def over_budget(name: str, member: str, rest: str = "") -> Rejected:
        return rejected(name, member, DocumentError(
            "archive_too_large", f"the archive expands beyond max_archive_bytes={s.max_archive_bytes:,}{rest}; "
                                 f"{limit_hint('max_archive_bytes')}"))

    try:
        if path.lower().endswith(".zip"):
            zf = zipfile.ZipFile(fileobj or path)
            members = [(i.filename, i) for i in zf.infolist() if not i.is_dir()]
            reserved.update(shown_path(n) for n, _ in members)
            kind = "zip"
        else:
            tf = _open_tar(path, fileobj)
            kind = "tar"
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, zlib.error) as e:
        yield Rejected(id_from_path(shown), shown, DocumentError("bad_archive", f"cannot open archive: {e}"))
        return

    def handle(raw_name: str, read, charged: bool = False) -> Iterator[Document]:
        """One member; `charged`: its whole size is already counted against the budget (a tar member's)."""
        nonlocal budget
        name = shown_path(raw_name)
        unique_name = unique(name)
        if _unsafe_name(name):
            yield rejected(name, unique_name, DocumentError(
                "unsafe_member", f"member name {name!r} escapes the archive; it was not read"))
            return
        if budget <= 0 and not charged:
            yield over_budget(name, unique_name)
            return
        limit = s.max_document_bytes if sniff_format(name, b"") == "text" else s.max_archive_bytes
        limit = limit if charged else min(budget, limit)
        try:
            data = read(limit + 1)
        except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, RuntimeError, ValueError, zlib.error) as e:
            yield rejected(name, unique_name, DocumentError("bad_archive", f"cannot read member: {e}"))
            return
        if not charged:
            budget -= len(data)
        if len(data) > limit:
            if budget <= 0 and not charged:
                yield over_budget(name, unique_name)
            else:
                yield rejected(name, unique_name, DocumentError(
                    "too_large", f"member is over max_document_bytes={s.max_document_bytes:,}; "
                                 f"{limit_hint('max_document_bytes')}"))
            return
        for doc in articles_from_bytes(data, name, ctx):  # rows of a member are named `<member>:<row>`
            doc.path = f"{shown}!{unique_name}{doc.path[len(name):]}"
            doc.origin = (shown, unique_name, doc.origin[2] if doc.origin else None)
            yield doc

    try:
        if kind == "zip":
            for raw_name, info in members:
                if skipped_member(raw_name):
                    continue
                if (info.external_attr >> 16) & 0o170000 == 0o120000:  # a symlink stored in the zip
                    name = shown_path(raw_name)
                    yield rejected(name, unique(name), DocumentError(
                        "unsafe_member", f"member {raw_name!r} is a symbolic link; it was not followed"))
                    continue
                yield from handle(raw_name, lambda n, info=info: zf.open(info).read(n))
        else:
            for member in tf:
                # Whatever is done with it, the member is expanded on the way to the next one's header.
                if member.size > budget:
                    name = shown_path(member.name)
                    yield over_budget(name, unique(name), "; the rest of the archive was not read")
                    return
                budget -= member.size
                if member.isdir() or skipped_member(member.name):
                    continue
                if member.issym() or member.islnk() or not member.isfile():
                    name = shown_path(member.name)
                    yield rejected(name, unique(name), DocumentError(
                        "unsafe_member", f"member {member.name!r} is a link or device; it was not followed"))
                    continue
                fh = tf.extractfile(member)
                yield from handle(member.name, lambda n, fh=fh: fh.read(n), charged=True)
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, zlib.error) as e:
        yield Rejected(id_from_path(shown), shown, DocumentError("bad_archive", f"archive is corrupt: {e}"))
