"""`presswork` command line: a thin layer over functions that notebooks and tests call too.

One module per command group (`analyze`, `actors`, `quotes`, `themes`, `store`, `reports`), each defining
plain click commands; this module makes the `presswork` group of them and its entry point.
"""

from __future__ import annotations

import sys

import click

from analysis.about import __version__
from analysis.cli.actors import actors_cmd
from analysis.cli.analyze import analyze_cmd, sample_cmd
from analysis.cli.options import EXIT_USAGE
from analysis.cli.quotes import quotes_cmd
from analysis.cli.reports import report_cmd
from analysis.cli.store import export_cmd, ingest_cmd
from analysis.cli.themes import themes_group
from analysis.errors import PressworkError
from analysis.settings import SettingsError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="presswork")
def main() -> None:
    """presswork: who appears in the news, who is quoted saying what, about which themes.

    \b
    Examples:
      presswork analyze article.txt                 # one record per document, JSON Lines
      presswork analyze corpus/ --format table      # a readable summary per document
      presswork report article --input article.txt  # a rendered HTML report in reports/
    """


for _command in (analyze_cmd, quotes_cmd, actors_cmd, themes_group, ingest_cmd, export_cmd, report_cmd, sample_cmd):
    main.add_command(_command)


def run() -> None:
    """Entry point that turns user-facing errors into a one-line message and exit status 2."""
    try:
        main(standalone_mode=True)
    except (PressworkError, SettingsError) as e:
        click.echo(f"presswork: {e}", err=True)
        sys.exit(EXIT_USAGE)
