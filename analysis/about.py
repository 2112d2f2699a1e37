"""The presswork version (one place: the CLI, the store's `runs` table and the analysis fingerprint read it)."""

__version__ = "0.3.2"
