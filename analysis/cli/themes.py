"""`presswork themes ...`: list the taxonomy, discover topics it misses, profile who talks about what."""

from __future__ import annotations

import itertools
import json
import sys
from contextlib import nullcontext

import click

from analysis.cli.options import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    build_context,
    input_options,
    iter_results,
)
from analysis.cli.terminal import json_text, say
from analysis.documents.readers import read_documents
from analysis.errors import RecordsFileError, Rejected
from analysis.pipeline import RunCounts


@click.group("themes")
def themes_group() -> None:
    """Theme taxonomy, topic discovery and speaker theme profiles.

    \b
    Examples:
      presswork themes list
      presswork themes list --tree
      presswork themes list --themes my_themes.yaml
      presswork themes discover ../shared/corpora/tehran-times.tar.gz --topics 25 --out draft.yaml
      presswork themes profile ../shared/corpora/tehran-times.tar.gz --limit 1000 --top 10
    """


@themes_group.command("list")
@click.option("--themes", "themes_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Your own theme YAML (adds to / overrides the default).")
@click.option("--phrases", is_flag=True, help="Also print every include, weak and exclude phrase.")
@click.option("--tree", is_flag=True,
              help="Show the themes in the IPTC Media Topics tree: top-level subject > level-2 topic > theme.")
def list_cmd(themes_file, phrases, tree):
    """List the themes in use: id, label, IPTC QCode, number of include/weak/exclude phrases.

    Every theme hangs in the IPTC Media Topics tree (17 top-level subjects such as politics,
    medtop:11000000). With --tree the themes are printed under their top-level subject and level-2 topic;
    themes of your own file without `medtop:` or `parent:` are listed last, as not placed.

    \b
    Examples:
      presswork themes list
      presswork themes list --tree
      presswork themes list --themes my_themes.yaml --phrases
    """
    from analysis.themes.iptc import mediatopics
    from analysis.themes.matcher import load_taxonomy

    taxonomy = load_taxonomy(themes_file)
    vocab = mediatopics()

    def line(t: dict, indent: str = "", note: str = "") -> None:
        code = t["qcode"] or "(not placed)"
        say(f"{indent}{t['id']:<30} {t['label']:<42} {code:<16} include {len(t['include']):>3}  "
                   f"weak {len(t['weak']):>3}  exclude {len(t['exclude']):>3}  names {len(t['names']):>3}{note}")
        if phrases:
            for field in ("include", "weak", "exclude", "names"):
                if t[field]:
                    say(f"{indent}    {field}: {', '.join(t[field])}")

    if not tree:
        for t in taxonomy:
            line(t)
        return
    for top in vocab.tops():
        under = [t for t in taxonomy if t["medtop_top"] == top]
        say(f"{top}  {vocab.label(top).upper()}  ({len(under)} themes)")
        level2 = sorted({vocab.at_level(t["qcode"], 2) for t in under}, key=lambda q: (q != top, vocab.label(q)))
        for q in level2:
            say(f"  {q}  {vocab.label(q)}" if q != top else "  (directly under the top level)")
            for t in sorted((t for t in under if vocab.at_level(t["qcode"], 2) == q),
                            key=lambda t: (not t["is_topic"], vocab.level(t["qcode"]), t["id"])):
                finer = t["parent"] if t["parent"] and not t["parent"].startswith("medtop:") else vocab.label(t["qcode"])
                line(t, "      ", "" if t["is_topic"] else f"  (finer: under {finer})")
    unplaced = [t for t in taxonomy if not t["qcode"]]
    if unplaced:
        say("NOT PLACED in the IPTC tree (give them `medtop:` or `parent:`)")
        for t in unplaced:
            line(t, "      ")


@themes_group.command("discover")
@click.argument("paths", nargs=-1, required=True)
@click.option("--topics", "n_topics", type=click.IntRange(2, 500), default=20, show_default=True,
              help="Number of topics (NMF components).")
@click.option("--terms", "n_terms", type=click.IntRange(3, 50), default=12, show_default=True,
              help="Top terms printed per topic.")
@click.option("--examples", "n_examples", type=click.IntRange(0, 50), default=5, show_default=True,
              help="Example headlines per topic.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Read at most this many documents.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write a draft themes YAML here (edit it, then pass it with --themes).")
@click.option("--themes", "themes_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Taxonomy to compare topics against (default: the bundled one).")
def discover_cmd(paths, n_topics, n_terms, n_examples, limit, out, themes_file):
    """Find recurring topics (TF-IDF + NMF) and show which ones the taxonomy does not cover.

    Reads raw text (no spaCy), so a corpus of tens of thousands of articles takes a few minutes. For
    each topic it prints the number of articles, the top terms, the taxonomy themes whose phrases the
    terms hit ("NOT COVERED" otherwise) and example headlines.

    \b
    Examples:
      presswork themes discover ../shared/corpora/tehran-times.tar.gz
      presswork themes discover corpus/ --topics 30 --out draft_themes.yaml
    """
    from analysis.themes.discover import discover_topics, draft_yaml, format_topics
    from analysis.themes.matcher import load_taxonomy

    docs = read_documents(paths, build_context())
    if limit:
        docs = itertools.islice(docs, limit)
    try:
        topics = discover_topics(docs, n_topics=n_topics, n_terms=n_terms, n_examples=n_examples,
                                 taxonomy=load_taxonomy(themes_file))
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    say(format_topics(topics))
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(draft_yaml(topics))
        say(f"draft themes written to {out}", err=True)


@themes_group.command("profile")
@click.argument("paths", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1), default=None, help="Analyse at most this many documents.")
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="Speakers shown.")
@click.option("--via", type=click.Choice(["quote", "mention"]), default="quote", show_default=True,
              help="quote: themes of what they say; mention: themes of sentences naming them.")
@click.option("--people", is_flag=True, help="Only people as speakers (no countries or organisations).")
@click.option("--counts", is_flag=True, help="Show counts instead of the share of the speaker's quotes.")
@click.option("--from-records", is_flag=True,
              help="PATHS are JSON Lines written by `presswork analyze --sentences`, not articles.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the tidy actor x theme table (all actors) to this CSV file.")
@click.option("--records-out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Keep the analysis records (JSON Lines, with sentences) for later --from-records runs.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@input_options
def profile_cmd(paths, limit, top, via, people, counts, from_records, csv_out, records_out, quiet, **kw):
    """Who talks about what: the themes of the top speakers' quotes, and the tone around them.

    Prints a speakers x themes table (percent of each speaker's quotes carrying a theme, or counts)
    and a tone table (mean VADER compound of the sentences naming the actor, and of their quotes).
    Speakers come from the quotes module; actors without attributed quotes do not appear with
    --via quote.

    \b
    Examples:
      presswork themes profile ../shared/corpora/tehran-times.tar.gz --limit 1000
      presswork themes profile corpus/ --via mention --csv actor_themes.csv
      presswork themes profile corpus/ --people --counts
      presswork analyze corpus/ --sentences -o tt.jsonl && presswork themes profile tt.jsonl --from-records
    """
    import pandas as pd

    from analysis.explore.profiles import actor_theme_table, actor_tone_table, quote_counts, speaker_profile

    summary = RunCounts()
    records: list[dict] = []
    if from_records:
        for path in paths:
            try:
                with open(path, encoding="utf-8") as f:
                    records.extend(json.loads(line) for line in itertools.islice(f, limit) if line.strip())
            except (OSError, json.JSONDecodeError) as e:
                raise RecordsFileError(f"{path}: not readable as analysis records: {e}") from None
    else:
        with open(records_out, "w", encoding="utf-8") if records_out else nullcontext() as sink:
            results = iter_results(paths, quiet=quiet, **kw)
            for result, summary in itertools.islice(results, limit):
                record = result.to_record() if isinstance(result, Rejected) else result.to_record(True)
                records.append(record)
                if sink:
                    sink.write(json_text(record) + "\n")
    if not records:
        say("no records", err=True)
        sys.exit(EXIT_USAGE)
    table = actor_theme_table(records)
    if csv_out:
        table.to_csv(csv_out, index=False)
    if people:  # a person resolved by the actors module, or a named speaker it did not resolve
        table = table[table["actor_type"].isin(["PERSON", "named"])]
    totals = quote_counts(records) if via == "quote" else None
    if totals is not None and people:
        totals = totals[totals.index.isin(table["actor"])]
    grid = speaker_profile(table, top=top, via=via, share=not counts, totals=totals)
    with pd.option_context("display.width", 250, "display.max_columns", 40, "display.max_colwidth", 30):
        if grid.empty:
            say(f"no {via} with themes found (are quotes attributed to speakers yet?)")
        else:
            what = "count" if counts else "% of the speaker's quotes" if via == "quote" else "% of theme tags"
            say(f"Theme profile of the top {len(grid)} speakers (via {via}; values: {what}; n = "
                       f"{'quotes' if via == 'quote' else 'theme-tagged sentences'})")
            # themes down, speakers across: ten names fit a terminal better than twenty labels
            say(grid.T.to_string())
        tone = actor_tone_table(records)
        names = list(grid.index) if not grid.empty else list(tone["actor"][:top])
        say("\nTone of the coverage around them (mean VADER compound; GDELT-style tone share):")
        say(tone[tone["actor"].isin(names)].to_string(index=False))
    if summary.read:
        say(summary.line(), err=True)
    sys.exit(EXIT_REJECTED if summary.rejected else EXIT_OK)
