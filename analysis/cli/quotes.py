"""`presswork quotes`: who said what, one line per quote."""

from __future__ import annotations

import json
import sys

import click

from analysis.cli.options import EXIT_OK, EXIT_REJECTED, input_options, iter_results
from analysis.errors import Rejected
from analysis.pipeline import RunCounts


def speaker_matches(quote: dict, wanted: str | None) -> bool:
    """Case-insensitive substring match on the resolved speaker and on the mention text."""
    if not wanted:
        return True
    w = wanted.lower()
    return any(w in (quote.get(k) or "").lower() for k in ("speaker", "speaker_text"))


def format_quote(quote: dict, width: int = 160) -> str:
    who = quote.get("speaker") or "?"
    if quote.get("speaker_type") == "pronoun" and quote.get("speaker_text"):
        who += f" ({quote['speaker_text']})"
    via = f" via {quote['via']}" if quote.get("via") else ""
    cue = quote.get("cue") or "-"
    text = quote["text"] if len(quote["text"]) <= width else quote["text"][: width - 3] + "..."
    return f"  [{quote['kind']}] {who} -- {cue}{via}: {text}"


@click.command("quotes")
@click.argument("paths", nargs=-1, required=True)
@click.option("--speaker", default=None, help="Only quotes whose speaker contains NAME (case-insensitive).")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON quote record per line (with id and path).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@input_options
def quotes_cmd(paths, speaker, as_jsonl, quiet, **kw):
    """Print who said what: every direct, indirect, mixed and headline quote with its speaker.

    \b
    Examples:
      presswork quotes analysis/data/sample_article.txt
      presswork quotes corpus/ --speaker Shamkhani
      presswork quotes ../shared/corpora/tehran-times.tar.gz --speaker "Fayyadh" --jsonl > q.jsonl

    Exit status: 0 all analysed, 3 some input rejected, 2 usage error.
    """
    summary = RunCounts()
    for result, summary in iter_results(paths, quiet=quiet, **kw):
        if isinstance(result, Rejected):
            record = result.to_record()
            click.echo(f"REJECTED {record['path']}: [{record['error']['code']}] {record['error']['message']}",
                       err=True)
            continue
        article = result.article
        quotes = [q.to_dict() for q in result.quotes if speaker_matches(q.to_dict(), speaker)]
        if as_jsonl:
            for q in quotes:
                click.echo(json.dumps({"id": article.id, "path": article.path, **q}, ensure_ascii=False))
            continue
        if not quotes:
            continue
        click.echo(f"== {article.id}: {article.headline or '(no headline)'}")
        for q in quotes:
            click.echo(format_quote(q))
    click.echo(summary.line(), err=True)
    sys.exit(EXIT_REJECTED if summary.rejected else EXIT_OK)
