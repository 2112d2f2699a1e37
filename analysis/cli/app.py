"""`presswork` command line: a thin layer over functions that notebooks and tests call too.

One module per command group (`analyze`, `actors`, `quotes`, `themes`, `store`, `reports`), each defining
plain click commands; this module makes the `presswork` group of them and its entry point.
"""

from __future__ import annotations

import click

from analysis.about import __version__
from analysis.cli.actors import actors_cmd
from analysis.cli.analyze import analyze_cmd, sample_cmd
from analysis.cli.options import EXIT_USAGE
from analysis.cli.quotes import quotes_cmd
from analysis.cli.reports import report_cmd
from analysis.cli.store import export_cmd, ingest_cmd
from analysis.cli.terminal import say
from analysis.cli.themes import themes_group
from analysis.errors import PressworkError
from analysis.settings import SettingsError


class _UserError(click.ClickException):
    """A `PressworkError` or `SettingsError` as the command line reports it: one line on stderr, exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        say(f"presswork: {self.format_message()}", err=True)


class _PressworkGroup(click.Group):
    """The `presswork` group: errors a user can act on end the command as usage errors do (also when a test
    or a notebook invokes the group in-process, not only through the `presswork` entry point)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (PressworkError, SettingsError) as e:
            raise _UserError(str(e)) from None


@click.group(cls=_PressworkGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    """The `presswork` entry point."""
    main()
