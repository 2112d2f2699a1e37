"""`presswork actors`: the corpus actor table (who appears, how often, under which names and roles)."""

from __future__ import annotations

import sys
from collections import Counter

import click
import pandas as pd

from analysis.actors.types import ACTOR_TYPES
from analysis.cli.options import EXIT_OK, EXIT_REJECTED, input_options, iter_results
from analysis.cli.terminal import say, say_set_aside
from analysis.corpus.identity import CorpusIdentity, actors_frame
from analysis.errors import Rejected
from analysis.pipeline import RunCounts


def _short(items: list[str], n: int = 4, width: int = 70) -> str:
    text = "; ".join(items[:n]) + (f" (+{len(items) - n})" if len(items) > n else "")
    return text if len(text) <= width else text[: width - 3] + "..."


UNDATED_NOTE = ("(first/last seen are left out: no article of these actors has a publication date; give dates "
                "with --metadata or --date-field)")


def format_table(df: pd.DataFrame) -> str:
    """A readable fixed-width table: name, type, articles, mentions, aliases, roles, first/last seen.

    First and last seen are publication dates ("-" for an actor only in undated articles). When no actor
    shown has one (an undated corpus) the two columns are left out with a note saying why: the first and
    last article's file names, in no meaningful order, would only look like an answer (`--csv` keeps them)."""
    if df.empty:
        return "(no actors)"
    view = pd.DataFrame({
        "name": df["name"], "type": df["type"], "articles": df["articles"], "mentions": df["mentions"],
        "aliases": df["aliases"].map(lambda xs: _short(xs, 4, 50)),
        "roles": df["roles"].map(lambda xs: _short(xs, 2, 60)),
    })
    dated = df["first_seen"].notna().any()
    if dated:
        view["first"] = df["first_seen"].map(_day)
        view["last"] = df["last_seen"].map(_day)
    with pd.option_context("display.max_colwidth", 70, "display.width", 250):
        table = view.to_string(index=False)
    return table if dated else f"{table}\n{UNDATED_NOTE}"


def _day(value) -> str:
    return "-" if value is None or pd.isna(value) else str(value)[:10]


def format_stored(df: pd.DataFrame) -> str:
    """The store's actor table (`Corpus.actors`) as a readable fixed-width table."""
    if df.empty:
        return "(no actors)"
    view = pd.DataFrame({
        "name": df["name"], "type": df["type"], "articles": df["n_articles"], "mentions": df["n_mentions"],
        "quotes": df["n_quotes"], "aliases": df["aliases"].map(lambda xs: _short(list(xs), 4, 50)),
        "first": df["first_published"], "last": df["last_published"],
    })
    with pd.option_context("display.max_colwidth", 70, "display.width", 250):
        return view.to_string(index=False)


def format_review(identity: CorpusIdentity, actor_type: str | None = "PERSON", top: int | None = None) -> str:
    """Each corpus identity with every join that made it, counted in mentions: the names joined across
    the corpus and the rule that joined each (their mentions add up to the identity's), under each name the
    mentions joined to it inside articles (written otherwise: "Trump" in an article about Donald Trump),
    the evidence of its gazetteer links (article actors), and the role descriptors it answers (quotes); a
    summary of every kind first, then what the identity file did. Each kind is undone by the identity file's
    `different:` lists (see docs/identity.md)."""
    actors = [c for c in identity.actors if actor_type is None or c.type == actor_type.upper()]
    actors.sort(key=lambda c: (-len(c.articles), -c.mentions, c.name))
    evidence, within, answers = Counter(), Counter(), Counter()
    corpus_names = corpus_mentions = 0
    for c in identity.actors:
        evidence.update(c.evidence)
        within["mentions"] += sum(c.within.values())
        within["articles"] += sum(c.within_articles.values())
        for (_, how), n in c.role_answers.items():
            answers[how] += n
        joined = [n for n, why in c.why.items() if why != "new identity" and not why.startswith("unresolved")]
        corpus_names += len(joined)
        corpus_mentions += sum(c.name_mentions[n] for n in joined)
    unsupported = evidence.pop("none recorded", 0) + evidence.pop("unchecked", 0)
    lines = [
        "joins (all types), each undone by the identity file's `different:` lists:",
        (f"  within articles: {within['mentions']} mentions joined to a name written otherwise "
         f"({within['articles']} article actors)"),
        (f"  corpus merges: {corpus_names} names joined by a rule (same name, variant, gazetteer entry, bare "
         f"name) ({corpus_mentions} mentions)"),
        f"  gazetteer links: {sum(evidence.values())} article actors with evidence"
        + (f" ({', '.join(f'{why} {n}' for why, n in evidence.most_common())})" if evidence else "")
        + f"; {unsupported} without evidence"
        + (" (a store analysed before links needed evidence: re-run the ingest)" if unsupported else ""),
        f"  role descriptors answered: {sum(answers.values())} quotes"
        + (f" ({', '.join(f'{how} {n}' for how, n in sorted(answers.items()))})" if answers else ""),
    ]
    for c in actors[:top] if top else actors:
        lines.append(f"{c.name}  [{c.type}, {len(c.articles)} articles, {c.mentions} mentions]"
                     + (f"  gazetteer: {c.gazetteer_id}" if c.gazetteer_id else ""))
        if c.evidence:
            lines.append("    gazetteer links by evidence: "
                         + ", ".join(f"{why} x{n}" for why, n in c.evidence.most_common()))
        by_name: dict[str, list[tuple[str, int]]] = {}
        for (alias, name), n in c.within.most_common():
            by_name.setdefault(name, []).append((alias, n))
        for name, why in sorted(c.why.items(), key=lambda kv: -c.name_mentions[kv[0]]):
            lines.append(f"    {name!r:40} {c.name_mentions[name]:>5} mentions  {why}")
            for alias, n in by_name.get(name, []):
                arts = c.within_articles[(alias, name)]
                lines.append(f"      joined inside articles: {alias!r:30} {n:>5} mentions in {arts} "
                             f"article{'s' if arts > 1 else ''}")
        for (descriptor, how), n in c.role_answers.most_common():
            lines.append(f"    role descriptor {descriptor!r:30} {n:>5} quotes  answered {how}")
    lines += [f"note: {n}" for n in identity.notes]
    return "\n".join(lines) if lines else "(no actors)"


@click.command("actors")
@click.argument("paths", nargs=-1)
@click.option("--store", "store_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Read the article actors of this DuckDB store (from `presswork ingest`) instead of PATHS.")
@click.option("--review", is_flag=True,
              help="List each corpus identity with the names joined into it and why (PERSON unless --type).")
@click.option("--top", type=int, default=30, show_default=True, help="Show the N most covered actors (0: all).")
@click.option("--type", "actor_type", type=click.Choice(ACTOR_TYPES, case_sensitive=False), default=None,
              help="Only actors of this type.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the full table (all rows, all columns) to this CSV file.")
@click.option("--keep-duplicates", is_flag=True, help="With --store: count near-duplicate articles too (by "
              "default each story is counted once; stderr says how many copies were set aside).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@input_options
def actors_cmd(paths, store_path, review, top, actor_type, csv_path, keep_duplicates, quiet, **kw):
    """Print the corpus actor table: canonical name, type, articles, mentions, aliases, roles, first/last seen.

    Actors are merged across articles by gazetteer entry, name rules (different given names never merge;
    nicknames and transliterations do) and context; an identity file (--identity) corrects them. With
    --store, the store's actor table is read as its ingest decided it (articles, mentions, quotes). With
    --review, each identity is listed with every name joined into it and the rule that joined it.
    Exit status: 0 all analysed, 3 some input rejected, 2 usage error.

    \b
    Examples:
      presswork actors ../shared/corpora/tehran-times.tar.gz --top 20
      presswork actors corpus/ --type PERSON --top 50
      presswork actors --store corpus.duckdb --review --top 40
      presswork actors --store corpus.duckdb --keep-duplicates   # count every copy of a repeated article
      presswork actors --store corpus.duckdb --review --identity people.yaml
      presswork actors news.jsonl --text-field body --csv actors.csv
    """
    if bool(paths) == bool(store_path):
        raise click.UsageError("give PATHS to analyse or --store S to read, not both")
    if keep_duplicates and (not store_path or review):
        raise click.UsageError("--keep-duplicates reads a store's table: give --store S without --review")
    summary = RunCounts()
    if store_path and not review:  # the stored table: the identities the store's readers and reports use
        if kw.get("gazetteer_file") or kw.get("identity_file"):
            raise click.UsageError("a store's actors were decided at ingest: give --gazetteer/--identity to "
                                   "`presswork ingest`, or add --review to see how they would merge")
        from analysis.corpus.query import Corpus

        with Corpus.open(store_path, keep_duplicates=keep_duplicates) as corpus:
            table = corpus.actors(type=actor_type.upper() if actor_type else None)
            say_set_aside(corpus)
        if csv_path:
            table.to_csv(csv_path, index=False)
        click.echo(format_stored(table.head(top) if top else table))
        sys.exit(EXIT_OK)
    if store_path:
        from analysis.corpus.store import Store

        with Store(store_path, read_only=True) as store:
            identity = store.corpus_identity(kw.get("gazetteer_file"), kw.get("identity_file"))
            identity.add_role_answers(store.role_answers())
    else:
        identity = CorpusIdentity(kw.get("gazetteer_file"), kw.get("identity_file"))
        for result, summary in iter_results(paths, quiet=quiet, **kw):
            if isinstance(result, Rejected):
                say(f"rejected {result.path}: [{result.error.code}] {result.error.message}", err=True)
                continue
            identity.add(result)
        identity.finish()
    if review:
        say(format_review(identity, actor_type or "PERSON", top or None))
    else:
        df = actors_frame(identity.actors)
        if csv_path:
            df.to_csv(csv_path, index=False)
        say(format_table(actors_frame(identity.actors, top=top or None, type=actor_type)))
    if not store_path:
        say(summary.line(), err=True)
    sys.exit(EXIT_REJECTED if summary.rejected else EXIT_OK)
