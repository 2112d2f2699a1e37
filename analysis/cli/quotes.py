"""`presswork quotes`: who said what, one line per quote."""

from __future__ import annotations

import json
import sys

import click
import pandas as pd

from analysis.cli.options import EXIT_OK, EXIT_REJECTED, input_options, iter_results
from analysis.cli.terminal import json_text, say, say_set_aside
from analysis.errors import Rejected
from analysis.explore.views import display_path
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


def format_trail(trail: dict, width: int = 140) -> list[str]:
    """A trail as text lines: who, how far it went, then each member with its date, outlet and wording drift."""
    outlets = ", ".join(f"{s['source'] or '(no source)'} ({s['first'] or 'undated'})" for s in trail["sources"])
    first = trail["first"]
    head = (f"== trail {trail['trail_id']}: {trail['speaker'] or trail['speaker_key']} -- "
            f"{len(trail['sources'])} outlet(s), {trail['n_articles']} articles; "
            f"first {first['published'] or 'undated'} in {first['source'] or '(no source)'}; outlets: {outlets}")
    lines = [head]
    for m in trail["members"]:
        d = m["drift"]
        notes = [d["kind_change"]] if d["kind_change"] else []
        if m is not trail["members"][0]:
            notes += [f"-{len(d['dropped'])}/+{len(d['added'])} words"] + (["shortened"] if d["shortened"] else [])
        text = m["text"] if len(m["text"]) <= width else m["text"][: width - 3] + "..."
        note = f"  ({'; '.join(notes)})" if notes else ""
        article = display_path(m.get("doc_key"))  # tells members apart without dates or sources
        article = article if len(article) <= 30 else article[:29] + "…"
        lines.append(f"  {m['published'] or '----------'} {m['source'] or '?':<14} {article:<30} [{m['kind']}] "
                     f"{text}{note}")
    return lines


def _plain_records(frame: pd.DataFrame) -> list[dict]:
    """Rows of a store frame as plain values: a missing value (NaN, NaT, <NA>) is None -- an unresolved
    speaker is NULL in the store, NaN in pandas, and NaN is neither a name nor JSON -- and list and JSON
    text columns (themes, extra) are the lists and mappings they hold, as in records analysed now."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        for column, value in row.items():
            if hasattr(value, "tolist"):  # a list column arrives as a numpy array
                row[column] = value.tolist()
            elif column in ("themes", "extra") and isinstance(value, str):
                row[column] = json.loads(value)
    return rows


def store_quotes(store: str, speaker: str | None, trails: bool, min_outlets: int, as_jsonl: bool,
                 keep_duplicates: bool = False) -> None:
    """`--store`: quotes (or `--trails`) read from a store, not analysed now; near-duplicate articles left out
    unless `keep_duplicates`, and a line on stderr says how many were."""
    from analysis.corpus.query import Corpus
    from analysis.corpus.speech import trail_records

    with Corpus.open(store, keep_duplicates=keep_duplicates) as corpus:
        say_set_aside(corpus)
        if not trails:
            for q in _plain_records(corpus.quotes(actor=speaker)):
                say(json_text(q, default=str) if as_jsonl else format_quote(q))
            return
        records = trail_records(corpus.trails(actor=speaker, min_outlets=min_outlets))
    for trail in records:
        if as_jsonl:
            say(json_text(trail))
        else:
            say("\n".join(format_trail(trail)))
    if not as_jsonl:
        say(f"{len(records)} trail(s)" + (f" of {speaker!r}" if speaker else "")
                   + f" in at least {min_outlets} outlet(s)", err=True)


@click.command("quotes")
@click.argument("paths", nargs=-1)
@click.option("--speaker", default=None, help="Only quotes whose speaker contains NAME (case-insensitive); with "
              "--store, the speaker's corpus identity (whole words of a name, or an actor key).")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON quote record per line (with id and path); "
              "with --trails, one JSON object per trail.")
@click.option("--store", "store_path", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Read quotes from this presswork store instead of analysing PATHS.")
@click.option("--trails", is_flag=True, help="With --store: quote trails, the same statement by one speaker "
              "carried by several articles and outlets, with its first appearance and wording drift.")
@click.option("--min-outlets", type=click.IntRange(min=1), default=1, show_default=True,
              help="With --trails: only trails carried by at least N sources.")
@click.option("--keep-duplicates", is_flag=True, help="With --store: also the quotes of near-duplicate articles "
              "(by default each story is read once; stderr says how many copies were set aside).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@input_options
def quotes_cmd(paths, speaker, as_jsonl, store_path, trails, min_outlets, keep_duplicates, quiet, **kw):
    """Print who said what: every direct, indirect, mixed and headline quote with its speaker.

    \b
    Examples:
      presswork quotes analysis/data/sample_article.txt
      presswork quotes corpus/ --speaker Shamkhani
      presswork quotes corpus/ --quotes rules          # the rules alone, without the attribution tagger
      presswork quotes corpus/ --quote-convention attributions  # also what was denied, urged or found
      presswork quotes ../shared/corpora/tehran-times.tar.gz --speaker "Fayyadh" --jsonl > q.jsonl
      presswork quotes --store corpus.duckdb --trails --min-outlets 3
      presswork quotes --store corpus.duckdb --trails --speaker Trump --jsonl > trails.jsonl
      presswork quotes --store corpus.duckdb --keep-duplicates --jsonl > every-copy.jsonl

    With --trails --jsonl each line is one trail: speaker, speaker_key, first (the earliest member),
    members (doc_key, source, published, kind, text, drift) and sources (outlet, first date, articles).

    Exit status: 0 all analysed, 3 some input rejected, 2 usage error.
    """
    if trails and not store_path:
        raise click.UsageError("--trails reads a store: give --store corpus.duckdb")
    if keep_duplicates and not store_path:
        raise click.UsageError("--keep-duplicates reads a store: give --store corpus.duckdb")
    if store_path:
        if paths:
            raise click.UsageError("give either PATHS to analyse or --store, not both")
        store_quotes(store_path, speaker, trails, min_outlets, as_jsonl, keep_duplicates)
        sys.exit(EXIT_OK)
    if not paths:
        raise click.UsageError("give PATHS to analyse, or --store corpus.duckdb")
    summary = RunCounts()
    for result, summary in iter_results(paths, quiet=quiet, **kw):
        if isinstance(result, Rejected):
            record = result.to_record()
            say(f"REJECTED {record['path']}: [{record['error']['code']}] {record['error']['message']}",
                       err=True)
            continue
        article = result.article
        quotes = [q.to_dict() for q in result.quotes if speaker_matches(q.to_dict(), speaker)]
        if as_jsonl:
            for q in quotes:
                say(json_text({"id": article.id, "path": article.path, **q}))
            continue
        if not quotes:
            continue
        say(f"== {article.id}: {article.headline or '(no headline)'}")
        for q in quotes:
            say(format_quote(q))
    say(summary.line(), err=True)
    sys.exit(EXIT_REJECTED if summary.rejected else EXIT_OK)
