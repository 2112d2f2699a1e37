"""Bytes -> text: UTF-8 first, then a detected legacy encoding; text and names that can always be written."""

from __future__ import annotations

import os
import re
from datetime import date

from dateutil import parser as dateparser

from analysis.errors import DocumentError
from analysis.settings import Settings, limit_hint

# Legacy encodings that news crawls actually contain (Western, Arabic/Persian, Cyrillic, East Asian...).
# Restricting detection to these avoids DOS code pages "winning" on short texts.
LEGACY_ENCODINGS = ("cp1252", "cp1256", "cp1251", "cp1250", "cp1253", "cp1254", "cp1255", "iso8859_15",
                    "koi8_r", "gb18030", "big5", "shift_jis", "euc_kr", "euc_jp")


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


# Publication dates outside this range are typos or placeholders (0001-01-01, 9999-12-31): they are read as
# no date. The bounds are inside what a pandas Timestamp holds (1677-2262), which every report needs.
EARLIEST_DATE = date(1700, 1, 1)
LATEST_DATE = date(2200, 12, 31)


def parse_date(value) -> date | None:
    """A publication date, or None for no date, one that is not a date, or one out of range (see above)."""
    if value is None or value == "" or value == "None":
        return None
    if isinstance(value, date):
        parsed = value
    else:
        try:
            parsed = dateparser.parse(str(value), fuzzy=False, default=None).date()
        except (ValueError, OverflowError, TypeError, AttributeError):
            return None
    return parsed if EARLIEST_DATE <= parsed <= LATEST_DATE else None
