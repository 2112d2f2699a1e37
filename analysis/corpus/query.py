"""`Corpus`: the one reader of a corpus, as pandas DataFrames (opens in milliseconds).

It reads a store file (`Corpus.open`), or an in-memory store built from records a notebook analysed just
now (`Corpus.from_records`); the notebooks' frames come from it (`Corpus.frames`), and so does the answer
to which articles a filter keeps, also for frames already in memory (`Corpus.over_frames`).

>>> from analysis import Corpus
>>> corpus = Corpus.open("corpus.duckdb")                                   # doctest: +SKIP
>>> frames = corpus.frames()            # every table as the notebooks read it  # doctest: +SKIP
>>> corpus.actors(type="PERSON").head(20)                                   # doctest: +SKIP
>>> corpus.quotes(actor="Ali Shamkhani", start="2019-01-01", end="2019-12-31")  # doctest: +SKIP
>>> corpus.themes(theme="security").groupby("doc_key").score.sum()          # doctest: +SKIP
>>> corpus.export("out/", "parquet")                                        # doctest: +SKIP

Every accessor takes the same filters, all optional and combined with AND, with the meaning
:mod:`analysis.corpus.filters` states (the notebooks' controls ask `Corpus.doc_keys` too):
``start`` / ``end`` (dates, inclusive), ``source`` (source or publisher), ``theme`` (id or label) and
``actor`` (articles mentioning or quoting an actor, by key or name; for :meth:`Corpus.quotes`, quotes
*spoken by* that actor; for :meth:`Corpus.mentions`, that actor's mentions).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Self

import duckdb
import pandas as pd

from analysis.corpus.duplicates import count_set_aside
from analysis.corpus.filters import Filters, actor_keys, doc_keys, where_sql
from analysis.corpus.frames import CorpusFrames, filter_connection, read_frames
from analysis.corpus.rows import SCHEMA, RowBatch
from analysis.corpus.speech import trail_members_sql
from analysis.corpus.store import Store, actor_table_sql, connect, speech_tables, system_reason
from analysis.errors import ExportError

EXPORT_FORMATS = ("parquet", "csv", "jsonl")
SPEECH_TABLES = ("quote_targets", "quote_trails")


class Corpus:
    """A read-only view of a presswork store (see the module docstring for the filters)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, keep_duplicates: bool = False) -> None:
        self.con = con
        self.path = path
        self.keep_duplicates = keep_duplicates  # False: near-duplicate articles are left out of every table
        self._speech_names: dict[str, str] | None = None

    @classmethod
    def open(cls, path: str | os.PathLike, read_only: bool = True, keep_duplicates: bool = False) -> Corpus:
        """The store at `path`; near-duplicate articles (`articles.duplicate_of`) are left out of every
        table unless `keep_duplicates` (see `analysis.corpus.filters`)."""
        return cls(connect(str(path), read_only=read_only), str(path), keep_duplicates)

    @classmethod
    def from_records(cls, records: Iterable[dict], keep_duplicates: bool = False) -> Corpus:
        """An in-memory store of analysis records (`ArticleAnalysis.to_record()`), written as an ingest
        writes a store file: the same record -> rows mapping (a document keyed by its path, else its id),
        then near-duplicates, speaker keys, unified identities, actors and speech tables
        (`Store.finish_keys`). Rejected records are skipped."""
        batch = RowBatch()
        for n, r in enumerate(records):
            if "error" in r and "text" not in r:
                continue
            batch.add_record(r, str(r.get("path") or r.get("id") or n), "", 0, None)
        store = Store(":memory:")
        store.write_batch(batch.arrow(), [], [], 0, {})
        store.finish_keys(keep_duplicates=keep_duplicates)
        return cls(store.con, ":memory:", keep_duplicates)

    @classmethod
    def over_frames(cls, frames: CorpusFrames) -> Corpus:
        """A reader over frames already in memory (a selection a notebook made), for `doc_keys` and
        `actor_keys`: the columns a filter reads, registered in an in-memory DuckDB under the store's table
        names, so a filter is the same SQL on them as on a store. Near-duplicates were left out (or kept)
        once, when the frames were read: not decided again here."""
        return cls(filter_connection(frames), ":memory:", keep_duplicates=True)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        n = self.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        return f"Corpus({self.path!r}, {n:,} articles)"

    # -- generic

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Any SQL over the store's tables, as a DataFrame."""
        return self.con.execute(query, params or []).df()

    def _select(self, table: str, filters: Filters, columns: list[str] | None = None, speaker: bool = False,
                order: str = "doc_key") -> pd.DataFrame:
        cond, params = where_sql(self.con, filters, speaker)
        cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        return self.sql(f"SELECT {cols} FROM {table} WHERE {cond} ORDER BY {order}", params)

    def _filters(self, start=None, end=None, source=None, theme=None, actor=None) -> Filters:
        return Filters(start, end, source, theme, actor, keep_duplicates=self.keep_duplicates)

    def duplicates_set_aside(self) -> int | None:
        """How many near-duplicate articles the tables leave out (None: this Corpus keeps them)."""
        if self.keep_duplicates:
            return None
        return count_set_aside(self.con)

    def frames(self) -> CorpusFrames:
        """Every article as the notebooks read it: the store's tables as pandas frames, keys as stored
        (`analysis.corpus.frames`), near-duplicates left out unless this Corpus keeps them. Select articles
        with `CorpusFrames.filter`."""
        return read_frames(self.con, self._speech(), self.keep_duplicates)

    def doc_keys(self, filters: Filters) -> list[str]:
        """The articles `filters` keep (`analysis.corpus.filters.where_sql`), in key order; near-duplicates
        are left out or kept as this Corpus does, whatever `filters` says."""
        return doc_keys(self.con, replace(filters, keep_duplicates=self.keep_duplicates))

    def actor_keys(self, query: str) -> set[str]:
        """The keys of the actors and speakers `query` names, by key or by name (`filters.match_actor_keys`)."""
        return actor_keys(self.con, query)

    # -- tables

    def articles(self, start=None, end=None, source=None, theme=None, actor=None, text: bool = False,
                 record: bool = False) -> pd.DataFrame:
        """One row per article; the text and the full JSON record only when asked (they are large)."""
        cols = [c for c, _ in SCHEMA["articles"]
                if (text or c != "text") and (record or c != "record")]
        return self._select("articles", self._filters(start, end, source, theme, actor), cols)

    def mentions(self, start=None, end=None, source=None, theme=None, actor=None) -> pd.DataFrame:
        """Every mention span of every actor (`actor` keeps only that actor's mentions)."""
        f = self._filters(start, end, source, theme, None)
        cond, params = where_sql(self.con, f)
        if actor:
            cond += " AND actor_key IN (SELECT unnest(?))"
            params.append(sorted(actor_keys(self.con, actor)))
        return self.sql(f"SELECT * FROM mentions WHERE {cond} ORDER BY doc_key, start_char", params)

    def article_actors(self, start=None, end=None, source=None, theme=None, actor=None) -> pd.DataFrame:
        """The actors of each article (one row per article and actor)."""
        return self._select("article_actors", self._filters(start, end, source, theme, actor), order="doc_key, actor_id")

    def actors(self, start=None, end=None, source=None, theme=None, actor=None, type: str | None = None,
               min_articles: int = 1) -> pd.DataFrame:
        """Corpus identities (one row per `actor_key`), counted over the articles the filters keep.

        Sorted by the number of articles they appear in.
        """
        f = self._filters(start, end, source, theme, actor)
        type_cond = " AND aa.type = ?" if type else ""
        if not f.active and not f.keep_duplicates:  # the stored table (first copies): instant on any corpus size
            params = ([type] if type else []) + [min_articles]
            return self.sql(f"SELECT * FROM actors aa WHERE TRUE{type_cond} AND n_articles >= ? "
                            "ORDER BY n_articles DESC, actor_key", params)
        cond, params = where_sql(self.con, f)
        params = params + ([type] if type else []) + [min_articles]
        sql = actor_table_sql(cond, "count(DISTINCT aa.doc_key) >= ?", "aa.type = ?" if type else "TRUE")
        return self.sql(f"{sql} ORDER BY n_articles DESC, aa.actor_key", params)

    def quotes(self, start=None, end=None, source=None, theme=None, actor=None) -> pd.DataFrame:
        """Quotes with their article's headline and date (`actor`: quotes spoken by that actor)."""
        cond, params = where_sql(self.con, self._filters(start, end, source, theme, actor), speaker=True)
        return self.sql(f"""SELECT * FROM (SELECT q.*, a.headline, a.published, a.source FROM quotes q
                            JOIN articles a USING (doc_key)) WHERE {cond} ORDER BY doc_key, quote_idx""", params)

    def themes(self, start=None, end=None, source=None, theme=None, actor=None) -> pd.DataFrame:
        """Theme scores per article (`theme` keeps only that theme's rows)."""
        f = self._filters(start, end, source, None, actor)
        cond, params = where_sql(self.con, f)
        if theme:
            cond += " AND (theme = ? OR lower(label) = lower(?))"
            params += [theme, theme]
        return self.sql(f"SELECT * FROM themes WHERE {cond} ORDER BY doc_key, score DESC", params)

    def cooccurrence(self, start=None, end=None, source=None, theme=None, actor=None) -> pd.DataFrame:
        return self._select("cooccurrence", self._filters(start, end, source, theme, actor))

    def _speech(self) -> dict[str, str]:
        """The tables (or, on an older store, temporary views computed once) of edges and trails."""
        if self._speech_names is None:
            self._speech_names = speech_tables(self.con)
        return self._speech_names

    def quote_targets(self, start=None, end=None, source=None, theme=None, actor=None,
                      target=None) -> pd.DataFrame:
        """Who speaks about whom: one row per quote and actor mentioned inside it, with the quote's kind and
        tone (`actor`: quotes spoken by that actor; `target`: quotes mentioning that actor)."""
        cond, params = where_sql(self.con, self._filters(start, end, source, theme, actor), speaker=True)
        if target:
            cond += " AND target_key IN (SELECT unnest(?))"
            params.append(sorted(actor_keys(self.con, target)))
        table = self._speech()["quote_targets"]
        return self.sql(f"""SELECT * FROM (SELECT t.*, q.text, a.headline, a.published, a.source
                            FROM {table} t JOIN quotes q USING (doc_key, quote_idx) JOIN articles a USING (doc_key))
                            WHERE {cond} ORDER BY doc_key, quote_idx, target_key""", params)

    def trails(self, start=None, end=None, source=None, theme=None, actor=None,
               min_outlets: int = 1) -> pd.DataFrame:
        """Quote trails, one row per member (the quote, its article's source and date), trails spanning at
        least `min_outlets` sources; the filters keep members (`actor`: trails of that speaker)."""
        cond, params = where_sql(self.con, self._filters(start, end, source, theme, actor), speaker=True)
        table = self._speech()["quote_trails"]
        return self.sql(f"""
            WITH m AS (SELECT * FROM ({trail_members_sql(table)}) WHERE {cond}),
                 kept AS (SELECT trail_id FROM m GROUP BY trail_id
                          -- an article without a source counts as one outlet (a one-source corpus has trails too)
                          HAVING count(DISTINCT doc_key) >= 2 AND count(DISTINCT coalesce(source, '')) >= ?)
            SELECT * FROM m WHERE trail_id IN (SELECT trail_id FROM kept)
            ORDER BY trail_id, published NULLS LAST, doc_key, quote_idx""", params + [min_outlets])

    def errors(self) -> pd.DataFrame:
        return self.sql("SELECT * FROM errors ORDER BY doc_key")

    def runs(self) -> pd.DataFrame:
        return self.sql("SELECT * FROM runs ORDER BY run_id")

    # -- export

    def export(self, outdir: str | os.PathLike, format: str = "parquet", tables: list[str] | None = None) -> list[str]:
        """Write every table (or `tables`) to OUTDIR/<table>.<parquet|csv|jsonl>; returns the paths."""
        if format not in EXPORT_FORMATS:
            raise ValueError(f"format must be one of {EXPORT_FORMATS}, not {format!r}")
        if REMOTE.match(str(outdir)):
            # DuckDB would fetch and load its httpfs extension to write there
            raise ExportError(f"{outdir}: remote targets are not supported; export to a local folder and copy it")
        # one absolute path for every check and for DuckDB: given a relative '~/exp' (quoted, so the shell left
        # it), DuckDB expanded the ~ and wrote under $HOME while presswork made and checked ./~/exp
        outdir = os.path.abspath(os.fspath(outdir))
        if os.path.exists(outdir) and not os.path.isdir(outdir):
            raise ExportError(f"{outdir} is a file, not a folder")
        targets = {table: os.path.join(outdir, f"{table}.{format}") for table in tables or list(SCHEMA)}
        store_files = {os.path.realpath(p) for p in (self.path, self.path + ".wal")}
        for path in targets.values():
            if os.path.islink(path):  # a link (dangling or not) could lead anywhere, the store's WAL included
                raise ExportError(f"{path} is a symbolic link: an export does not write through links; remove "
                                  "it or choose another folder")
            if os.path.realpath(path) in store_files:
                raise ExportError(f"exporting to {outdir} would overwrite the store {self.path}; "
                                  "choose another folder")
        try:
            os.makedirs(outdir, exist_ok=True)
        except OSError as e:
            raise ExportError(f"cannot create the folder {outdir}: {e.strerror or e}") from None
        spec = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "jsonl": "FORMAT json"}[format]
        written = []
        for table, path in targets.items():
            columns = _csv_safe(table) if format == "csv" else "*"
            # edges and trails: computed now on a store written before they existed
            stored = self._speech()[table] if table in SPEECH_TABLES else table
            try:
                self.con.execute(f"COPY (SELECT {columns} FROM {stored}) TO '{_sql_path(path)}' ({spec})")
            except (duckdb.IOException, duckdb.PermissionException, duckdb.BinderException) as e:
                raise ExportError(f"cannot write {path}: {system_reason(e)}"
                                  + (f" (written before it: {', '.join(written)})" if written else "")) from None
            written.append(path)
        return written


# The columns `where_sql` reads, per table: what `Corpus.over_frames` registers.
# Text a spreadsheet would run as a formula (OWASP "CSV injection"): such cells get a leading apostrophe.
FORMULA_START = r"^[=+\-@\t\r]"
REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _csv_safe(table: str) -> str:
    """The table's columns for a CSV export, text cells that open like a formula neutralised."""
    neutralised = "CASE WHEN regexp_matches(\"{c}\", '{f}') THEN '''' || \"{c}\" ELSE \"{c}\" END AS \"{c}\""
    return ", ".join(neutralised.format(c=c, f=FORMULA_START) if t == "VARCHAR" else f'"{c}"'
                     for c, t in SCHEMA[table])


def _sql_path(path: str) -> str:
    return path.replace("'", "''")
