"""`presswork ingest` and `presswork export`: the corpus store from the command line."""

from __future__ import annotations

import signal
import sys

import click

from analysis.cli.options import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    build_context,
    fail_no_documents,
    input_options,
)
from analysis.cli.terminal import say


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C's KeyboardInterrupt would be: the same clean stop (workers ended, the
    run marked interrupted, committed batches kept) instead of an exit that leaves workers running."""


def _terminated(signum, frame) -> None:
    raise Terminated


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False),
              help="The DuckDB database to create or update (e.g. corpus.duckdb).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes on this machine (each loads the model once).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine (--jobs); dask: a dask.distributed cluster (--scheduler).")
@click.option("--scheduler", default=None,
              help="Dask scheduler address (tcp://host:8786) for --engine dask; default: a local cluster "
                   "with --jobs workers.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Documents per batch (and per committed transaction); default 64 (PRESSWORK_BATCH_SIZE).")
@click.option("--force", is_flag=True, help="Analyse every document again, even when unchanged.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Read at most this many documents.")
@click.option("--merge-actors/--no-merge-actors", default=True, show_default=True,
              help="After a run that changed anything, merge article actors into corpus identities "
                   "(gazetteer, name rules, context, --identity file) over the whole store.")
@click.option("--keep-duplicates", is_flag=True,
              help="Mark no article as a near-duplicate of another: every copy is counted by every reader "
                   "(default: copies are found over the whole store and set aside; see docs/duplicates.md).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (the final counts line is still printed).")
@input_options
def ingest_cmd(paths, store_path, jobs, engine, scheduler, batch_size, force, limit, merge_actors, keep_duplicates,
               quiet, **kw):
    """Analyse a corpus into a DuckDB store, incrementally and resumably.

    Documents already in the store with the same content, metadata and model are skipped; changed ones
    are analysed again and replaced. Every batch is committed on its own, so an interrupted run (Ctrl-C,
    kill -9) is resumed by running the same command again. Prints, and stores in the `runs` table,
    read = analysed + rejected + skipped-unchanged. Exit status: 0 ok, 3 some input rejected
    (see the `errors` table), 2 usage error, 4 no documents found (nothing is written then).

    \b
    Examples:
      presswork ingest ../shared/corpora/tehran-times.tar.gz --store corpus.duckdb --jobs 2
      presswork ingest news/ --metadata news/metadata.tsv --store news.duckdb --quiet
      presswork ingest corpus.jsonl --store c.duckdb --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from analysis.documents.readers import check_found
    from analysis.errors import NoDocumentsError
    from analysis.ingest.run import ingest

    try:
        check_found(paths)  # before the store is created: an empty folder leaves no empty store behind
    except NoDocumentsError:
        fail_no_documents("ingest", paths)
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    ctx = build_context(**kw)
    previous = signal.signal(signal.SIGTERM, _terminated)  # `kill` ends a run as Ctrl-C does
    try:
        counts = ingest(list(paths), store_path, ctx=ctx, jobs=jobs, quiet=quiet, force=force,
                        batch_size=batch_size, engine=engine, scheduler=scheduler, limit=limit,
                        merge_actors=merge_actors, keep_duplicates=keep_duplicates)
    except KeyboardInterrupt as e:
        why = "terminated (SIGTERM)" if isinstance(e, Terminated) else "interrupted"
        say(f"{why}: the run is marked interrupted and its workers are stopped; every committed batch "
                   "is kept; run the same command again to resume", err=True)
        sys.exit(143 if isinstance(e, Terminated) else 130)
    finally:
        signal.signal(signal.SIGTERM, previous)
    say(f"{counts.line()} in {counts.seconds:.1f} s (run {counts.run_id}, store {store_path})", err=True)
    if counts.duplicates:
        from analysis.corpus.duplicates import set_aside_note

        say(set_aside_note(counts.duplicates), err=True)
    if not counts.read:  # files, but no document in them (an empty JSON Lines file)
        fail_no_documents("ingest", paths)
    sys.exit(EXIT_REJECTED if counts.rejected else EXIT_OK)


@click.command("export")
@click.option("--store", "store_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The DuckDB store written by `presswork ingest`.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet",
              show_default=True, help="File format, one file per table.")
@click.option("--table", "tables", multiple=True, help="Only this table (repeatable); default all.")
@click.argument("outdir", type=click.Path(file_okay=False))
def export_cmd(store_path, fmt, tables, outdir):
    """Write the store's tables to OUTDIR/<table>.<format> (articles, actors, mentions, quotes, ...).

    \b
    Examples:
      presswork export --store corpus.duckdb --format parquet out/
      presswork export --store corpus.duckdb --format csv --table quotes --table actors out/
    """
    from analysis.corpus.query import Corpus
    from analysis.corpus.store import SCHEMA

    unknown = [t for t in tables if t not in SCHEMA]
    if unknown:
        say(f"presswork: unknown table(s) {unknown}; tables are {list(SCHEMA)}", err=True)
        sys.exit(EXIT_USAGE)
    with Corpus.open(store_path) as corpus:
        for path in corpus.export(outdir, fmt, list(tables) or None):
            say(path)
