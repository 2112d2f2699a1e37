"""`presswork analyze` and `presswork sample`: records of documents, and the bundled sample's path."""

from __future__ import annotations

import os
import sys

import click

from analysis.cli.options import (
    EXIT_OK,
    EXIT_REJECTED,
    build_context,
    fail_no_documents,
    input_options,
    iter_results,
)
from analysis.cli.terminal import json_text, safe, say
from analysis.documents.readers import check_outputs
from analysis.documents.samples import sample_path
from analysis.errors import ERROR_CODES, Rejected
from analysis.pipeline import RunCounts

ERROR_HELP = "\n".join(f"  {code:<20} {text}" for code, text in ERROR_CODES.items())


@click.command("analyze", epilog="\b\nError codes in rejected records:\n" + ERROR_HELP)
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
    3 some input rejected (the rest still written), 2 usage error, 4 no documents found (an empty folder).

    \b
    Examples:
      presswork analyze article.txt
      presswork analyze ../shared/corpora/tehran-times.tar.gz -o tt.jsonl
      presswork analyze news.jsonl --text-field body --date-field published --format table
      cat article.txt | presswork analyze -
    """
    ctx = build_context(**kw)  # settings and data files checked before the output is opened
    if output:
        check_outputs(paths, output)  # opening it would truncate an input before it is read
        ctx.exclude = ctx.exclude | {os.path.abspath(output)}  # and in an input folder it is no input
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115 -- stdout or a file, closed below
    summary = RunCounts()
    try:
        first = True
        if fmt == "json":
            out.write("[\n")
        for result, summary in iter_results(paths, quiet=quiet or output is None, ctx=ctx):
            if isinstance(result, Rejected):
                record = result.to_record()
            else:
                record = result.to_record(include_sentences=sentences)
            if fmt == "jsonl":
                out.write(json_text(record) + "\n")
            elif fmt == "json":
                out.write(("" if first else ",\n") + json_text(record, indent=1))
            else:
                out.write(safe(format_table_row(record)) + "\n")
            first = False
        if fmt == "json":
            out.write("\n]\n")
    finally:
        if output:
            out.close()
    say(summary.line(), err=True)
    if not summary.read:
        fail_no_documents("analyze", paths)
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


@click.command("sample")
def sample_cmd():
    """Print the path of the bundled sample article (a Tasnim wire story)."""
    say(sample_path())
