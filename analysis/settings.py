"""Limits and defaults, each overridable by environment variable (PRESSWORK_<NAME>) or argument."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(f"PRESSWORK_{name.upper()}")
    return int(value) if value else default


@dataclass(frozen=True)
class Settings:
    # A document above this size is rejected (code too_large); 20 MB holds any real article.
    max_document_bytes: int = 20_000_000
    # Total uncompressed bytes read from one archive before it is rejected (zip/tar bombs).
    max_archive_bytes: int = 2_000_000_000
    # Documents read from one input before the rest are rejected (code too_many_documents).
    max_documents: int = 10_000_000
    # Texts handed to nlp.pipe at once: bounds memory on huge corpora.
    batch_size: int = 64
    model: str = field(default_factory=lambda: os.environ.get("PRESSWORK_MODEL", ""))

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        values = {}
        for f in fields(cls):
            if f.type in ("int", int):
                values[f.name] = _env_int(f.name, f.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def limit_hint(name: str) -> str:
    return f"raise it with --{name.replace('_', '-')} or the PRESSWORK_{name.upper()} environment variable"
