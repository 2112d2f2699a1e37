"""A corpus as pandas frames: the one tabular shape every corpus-level view, chart and notebook reads.

`CorpusFrames` holds five DataFrames whose names and columns are those of the DuckDB store's tables
(:data:`analysis.corpus.rows.SCHEMA`: ``articles``, ``article_actors``, ``quotes``, ``themes``,
``cooccurrence``). Only the reader builds them (`analysis.corpus.query.Corpus.frames`), over a store file or
over the in-memory store of records analysed in the notebook (`Corpus.from_records`), and only the reader
says which articles a filter keeps (`CorpusFrames.filter` asks `analysis.corpus.filters` over `filter_connection`).

>>> from analysis import Corpus
>>> frames = Corpus.open("corpus.duckdb").frames()                          # doctest: +SKIP
>>> frames.articles[["headline", "source", "published"]]                     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb
import pandas as pd

from analysis.corpus.duplicates import count_set_aside
from analysis.corpus.filters import Filters, actor_keys, doc_keys, where_sql
from analysis.corpus.rows import SCHEMA
from analysis.corpus.speech import trail_members_sql

UNRESOLVED_PRONOUNS = "unresolved pronouns"

# The store tables a frame holds, under the table's name. Frames keep every column of the table but the bulky
# ones nobody charts (the text, the JSON record, theme evidence, the `extra` JSON of later record fields).
TABLES = ("articles", "article_actors", "quotes", "themes", "cooccurrence")
_LEFT_OUT = {"articles": {"doc_hash", "text", "record", "tone", "analysed_at", "run_id", "signature"},
             "themes": {"evidence"}}
COLUMNS: dict[str, list[str]] = {
    table: [c for c, _ in SCHEMA[table] if c != "extra" and c not in _LEFT_OUT.get(table, ())] for table in TABLES}
# Frames derived in the store from the tables above (analysis.corpus.speech): who speaks about whom, and
# quote trails with each member's quote and article (`trail_members_sql`).
DERIVED: dict[str, list[str]] = {
    "quote_targets": [c for c, _ in SCHEMA["quote_targets"]],
    "trails": ["trail_id", "speaker_key", "doc_key", "quote_idx", "speaker", "kind", "text", "tone", "source",
               "publisher", "published", "headline"],
}


@dataclass
class CorpusFrames:
    articles: pd.DataFrame
    article_actors: pd.DataFrame  # one row per actor per article; identities are `Corpus.actors()`
    quotes: pd.DataFrame
    themes: pd.DataFrame
    cooccurrence: pd.DataFrame
    quote_targets: pd.DataFrame = field(default_factory=lambda: empty_frame("quote_targets"))
    trails: pd.DataFrame = field(default_factory=lambda: empty_frame("trails"))
    # near-duplicate articles left out when the frames were read (None: every copy was kept)
    duplicates_set_aside: int | None = 0
    # tables derived from the whole frames (labels, rankings), computed once: see `memo`
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.articles)

    def tables(self) -> tuple[pd.DataFrame, ...]:
        return tuple(getattr(self, name) for name in (*TABLES, *DERIVED))

    def subset(self, doc_keys: Iterable[str]) -> CorpusFrames:
        """The same frames restricted to some articles."""
        keys = set(doc_keys)
        return CorpusFrames(*(_rows_of(t, keys) for t in self.tables()), duplicates_set_aside=self.duplicates_set_aside)

    def filter(self, filters: Filters) -> CorpusFrames:
        """The articles `filters` keep, as the reader says (`Corpus.doc_keys`: the one SQL meaning of a filter,
        the same on a store and on frames in memory)."""
        if not filters.active:
            return self
        con = filter_connection(self)
        try:  # near-duplicates were left out (or kept) once, when the frames were read: not decided again
            return self.subset(doc_keys(con, replace(filters, keep_duplicates=True)))
        finally:
            con.close()

    def actor_keys(self, query: str) -> set[str]:
        """Keys of the actors and speakers `query` names, as the reader says (`Corpus.actor_keys`)."""
        con = filter_connection(self)
        try:
            return actor_keys(con, query)
        finally:
            con.close()

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """A table derived from the whole frames, computed once: views ask for the same labels and rankings
        many times. Frames are read-only by contract; assigning a new table to one (``frames.article_actors =
        ...``) starts afresh, since the memo is tied to the table objects themselves."""
        tables = self.tables()
        if self._memo.get("tables") is None or any(a is not b for a, b in zip(self._memo["tables"], tables)):
            self._memo.clear()
            self._memo["tables"] = tables
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


# The columns a filter reads (`analysis.corpus.filters.where_sql`), per table.
_FILTER_COLUMNS = {"articles": ["doc_key", "published", "source", "publisher"],
                   "themes": ["doc_key", "theme", "label"],
                   "article_actors": ["doc_key", "actor_key", "name"],
                   "quotes": ["doc_key", "speaker_key", "speaker"]}


def filter_connection(frames: CorpusFrames) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the columns of `frames` a filter reads, under the store's table names, so
    a filter is the same SQL on frames in memory as on a store (`Corpus.over_frames` reads through it too)."""
    con = duckdb.connect()
    for frame, cols in _FILTER_COLUMNS.items():
        con.register(frame, _for_sql(getattr(frames, frame)[cols]))
    return con


def _for_sql(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns typed for DuckDB, also when a frame is empty (an empty object column has no type)."""
    out = df.copy()
    for c in out.columns:
        if c != "published" and (out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype)):
            out[c] = out[c].astype("string")
    return out


def _rows_of(df: pd.DataFrame, keys: set[str]) -> pd.DataFrame:
    return df[df["doc_key"].isin(keys)].reset_index(drop=True)


def empty_frame(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS[name] if name in COLUMNS else DERIVED[name])


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return _typed(name, pd.DataFrame(rows, columns=COLUMNS[name]))


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The column types every view relies on (dates, counts, scores), whatever the frame was built from."""
    if name == "articles":
        df["published"] = pd.to_datetime(df["published"], errors="coerce")
        for col in ("word_count", "n_actors", "n_quotes"):
            df[col] = pd.to_numeric(df[col], errors="coerce").fillna(0).astype(int)
        df["tone_compound"] = pd.to_numeric(df["tone_compound"], errors="coerce")
    if name == "article_actors":
        df["n_mentions"] = pd.to_numeric(df["n_mentions"], errors="coerce").fillna(0).astype(int)
    if name == "quotes":
        df["tone"] = pd.to_numeric(df["tone"], errors="coerce")
    if name == "themes":
        df["score"] = pd.to_numeric(df["score"], errors="coerce").fillna(0.0)
    return df


# The store queries behind `read_frames`: the rows `analysis.Corpus` returns for each table (quotes
# only where their article is stored; `{where}`: near-duplicates left out or kept, `analysis.corpus.filters`),
# in a fixed order (ties broken, so every load gives the same rows).
_STORE_SQL = {
    "articles": "SELECT {cols} FROM articles WHERE {where} ORDER BY doc_key",
    "article_actors": "SELECT {cols} FROM article_actors WHERE {where} ORDER BY doc_key, actor_id, actor_key, name",
    "quotes": "SELECT {cols} FROM quotes WHERE doc_key IN (SELECT doc_key FROM articles) AND {where} "
              "ORDER BY doc_key, quote_idx, start_char",
    "themes": "SELECT {cols} FROM themes WHERE {where} ORDER BY doc_key, score DESC, theme",
    "cooccurrence": "SELECT {cols} FROM cooccurrence WHERE {where} ORDER BY doc_key, a, b",
}


def read_frames(con, speech: dict[str, str], keep_duplicates: bool = False) -> CorpusFrames:
    """The frames of an open store (`Corpus.frames`), keys as stored: every speaker key and identity was
    decided when the store was written (`analysis.corpus.keys`). `speech` names the tables of edges and
    trails (`analysis.corpus.store.speech_tables`). Near-duplicates are left out here, once, by the
    filters' SQL (`where_sql`), unless `keep_duplicates`."""
    where = where_sql(con, Filters(keep_duplicates=keep_duplicates))
    out = {name: _store_table(con, name, where) for name in COLUMNS}
    for name, col in (("article_actors", "roles"), ("article_actors", "aliases"), ("quotes", "themes")):
        out[name][col] = out[name][col].map(lambda v: [] if v is None or isinstance(v, float) else list(v))
    set_aside = None if keep_duplicates else count_set_aside(con)
    return CorpusFrames(**out, **_speech_frames(con, speech, where), duplicates_set_aside=set_aside)


def _speech_frames(con, names: dict[str, str], where: tuple[str, list]) -> dict[str, pd.DataFrame]:
    """Who speaks about whom and quote trails. `where` keeps edges and trail members of the articles read;
    a trail left with one article is no trail."""
    cond, params = where
    cols = ", ".join(DERIVED["quote_targets"])
    targets = con.execute(f"SELECT {cols} FROM {names['quote_targets']} WHERE doc_key IN (SELECT doc_key FROM "
                          f"articles) AND {cond} ORDER BY doc_key, quote_idx, target_key", params).df()
    trails = con.execute(f"""
        WITH m AS (SELECT * FROM ({trail_members_sql(names['quote_trails'])}) WHERE {cond})
        SELECT * FROM m WHERE trail_id IN (SELECT trail_id FROM m GROUP BY trail_id HAVING count(DISTINCT doc_key) >= 2)
        ORDER BY trail_id, published NULLS LAST, doc_key, quote_idx""", params).df()
    trails["published"] = pd.to_datetime(trails["published"], errors="coerce")
    return {"quote_targets": targets.reindex(columns=DERIVED["quote_targets"]),
            "trails": trails.reindex(columns=DERIVED["trails"])}


def _store_table(con, name: str, where: tuple[str, list]) -> pd.DataFrame:
    """One frame from the store: a DuckDB result converted column by column (no Python row objects)."""
    cols = ", ".join(f'"{c}"' for c in COLUMNS[name])
    query = _STORE_SQL[name].format(cols=cols, where=where[0])
    if name == "articles":  # few rows: the records path itself, dates included
        return _frame(name, con.execute(query, where[1]).df().to_dict("records"))
    df = con.sql(query, params=where[1]).to_arrow_table().to_pandas()  # several times faster than .df()
    if df.empty:
        return _frame(name, [])
    return _typed(name, pd.DataFrame({c: _record_like(df[c]) for c in COLUMNS[name]}))


def _record_like(col: pd.Series) -> pd.Series:
    """A store column with the dtype pandas infers for the same values given row by row (`_frame`):
    text as ``str``, whole numbers as int64 (float64 when some are missing), nothing at all as objects."""
    n = len(col)
    nulls = col.isna()
    if col.dtype == object and not nulls.all():
        if isinstance(col[~nulls].iat[0], str):
            return col.astype("str").reset_index(drop=True)
        return col.reset_index(drop=True)  # lists (roles, themes): converted by the caller
    if nulls.all():
        return pd.Series([None] * n, dtype=object)
    if pd.api.types.is_string_dtype(col.dtype):
        return col.astype("str").reset_index(drop=True)
    if pd.api.types.is_integer_dtype(col.dtype):
        return col.astype("float64" if nulls.any() else "int64").reset_index(drop=True)
    if pd.api.types.is_float_dtype(col.dtype):
        return col.astype("float64").reset_index(drop=True)
    return col.reset_index(drop=True)
