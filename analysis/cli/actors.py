"""`presswork actors`: the corpus actor table (who appears, how often, under which names and roles)."""

from __future__ import annotations

import sys

import click
import pandas as pd

from analysis.cli.options import EXIT_OK, EXIT_REJECTED, input_options, iter_results
from analysis.corpus.identity import CorpusIdentity, actors_frame
from analysis.errors import Rejected
from analysis.pipeline import RunCounts

TYPES = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"]


def _short(items: list[str], n: int = 4, width: int = 70) -> str:
    text = "; ".join(items[:n]) + (f" (+{len(items) - n})" if len(items) > n else "")
    return text if len(text) <= width else text[: width - 3] + "..."


def format_table(df: pd.DataFrame) -> str:
    """A readable fixed-width table: name, type, articles, mentions, aliases, roles, first/last seen."""
    if df.empty:
        return "(no actors)"
    view = pd.DataFrame({
        "name": df["name"], "type": df["type"], "articles": df["articles"], "mentions": df["mentions"],
        "aliases": df["aliases"].map(lambda xs: _short(xs, 4, 50)),
        "roles": df["roles"].map(lambda xs: _short(xs, 2, 60)),
        "first": df["first_seen"].fillna(df["first_article"]),
        "last": df["last_seen"].fillna(df["last_article"]),
    })
    with pd.option_context("display.max_colwidth", 70, "display.width", 250):
        return view.to_string(index=False)


@click.command("actors")
@click.argument("paths", nargs=-1, required=True)
@click.option("--top", type=int, default=30, show_default=True, help="Show the N most covered actors (0: all).")
@click.option("--type", "actor_type", type=click.Choice(TYPES, case_sensitive=False), default=None,
              help="Only actors of this type.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the full table (all rows, all columns) to this CSV file.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@input_options
def actors_cmd(paths, top, actor_type, csv_path, quiet, **kw):
    """Print the corpus actor table: canonical name, type, articles, mentions, aliases, roles, first/last seen.

    Actors are merged across articles by gazetteer entry, shared aliases and fuzzy spelling matches checked
    against roles and co-occurring actors. Exit status: 0 all analysed, 3 some input rejected, 2 usage error.

    \b
    Examples:
      presswork actors ../shared/corpora/tehran-times.tar.gz --top 20
      presswork actors corpus/ --type PERSON --top 50
      presswork actors news.jsonl --text-field body --csv actors.csv
      presswork actors corpus/ --gazetteer my_actors.yaml
    """
    identity = CorpusIdentity(kw.get("gazetteer_file"))
    summary = RunCounts()
    for result, summary in iter_results(paths, quiet=quiet, **kw):
        if isinstance(result, Rejected):
            click.echo(f"rejected {result.path}: [{result.error.code}] {result.error.message}", err=True)
            continue
        identity.add(result)
    df = actors_frame(identity.actors)
    if csv_path:
        df.to_csv(csv_path, index=False)
    click.echo(format_table(actors_frame(identity.actors, top=top or None, type=actor_type)))
    click.echo(summary.line(), err=True)
    sys.exit(EXIT_REJECTED if summary.rejected else EXIT_OK)

