"""The `presswork` command line (entry point `analysis.cli:run`)."""

from analysis.cli.app import main, run

__all__ = ["main", "run"]
