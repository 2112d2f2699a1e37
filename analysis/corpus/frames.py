"""A corpus as pandas frames: the one tabular shape every corpus-level view, chart and notebook reads.

`CorpusFrames` holds five DataFrames whose names and columns are those of the DuckDB store's tables
(:data:`analysis.corpus.rows.SCHEMA`: ``articles``, ``article_actors``, ``quotes``, ``themes``,
``cooccurrence``), so the same views run on records analysed in the notebook (`frames_from_records`) and
on a store (`frames_from_store`). Both go through the same record -> rows mapping and the same reading
code: records are written to an in-memory store first.

>>> from analysis.ingest.load import load_corpus
>>> frames = load_corpus("")            # the bundled sample + examples       # doctest: +SKIP
>>> frames.articles[["headline", "source", "published"]]                     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.actors.names import UNNAMED, name_key, unnamed_kind
from analysis.corpus.filters import Filters, match_actor_keys
from analysis.corpus.rows import SCHEMA, RowBatch
from analysis.corpus.speech import trail_members_sql
from analysis.corpus.store import Store, connect, speech_tables

UNRESOLVED_PRONOUNS = "unresolved pronouns"

# frame -> the store table it holds. Frames keep every column of the table but the bulky ones nobody
# charts (the text, the JSON record, theme evidence, the `extra` JSON of later record fields).
TABLES = {"articles": "articles", "actors": "article_actors", "quotes": "quotes", "themes": "themes",
          "cooccurrence": "cooccurrence"}
_LEFT_OUT = {"articles": {"doc_hash", "text", "record", "tone", "analysed_at", "run_id"}, "themes": {"evidence"}}
COLUMNS: dict[str, list[str]] = {
    frame: [c for c, _ in SCHEMA[table] if c != "extra" and c not in _LEFT_OUT.get(frame, ())]
    for frame, table in TABLES.items()}
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
    actors: pd.DataFrame  # one row per actor per article (the store's article_actors)
    quotes: pd.DataFrame
    themes: pd.DataFrame
    cooccurrence: pd.DataFrame
    quote_targets: pd.DataFrame = field(default_factory=lambda: empty_frame("quote_targets"))
    trails: pd.DataFrame = field(default_factory=lambda: empty_frame("trails"))
    # tables derived from the whole frames (labels, rankings), computed once: see `memo`
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.articles)

    def tables(self) -> tuple[pd.DataFrame, ...]:
        return tuple(getattr(self, name) for name in (*TABLES, *DERIVED))

    def subset(self, doc_keys: Iterable[str]) -> CorpusFrames:
        """The same frames restricted to some articles."""
        keys = set(doc_keys)
        return CorpusFrames(*(_rows_of(t, keys) for t in self.tables()))

    def filter(self, filters: Filters) -> CorpusFrames:
        """The articles `filters` keep (the meaning `analysis.corpus.query.Corpus` gives them in SQL)."""
        if not filters.active:
            return self
        a = self.articles
        keep = pd.Series(True, index=a.index)
        if filters.start:
            keep &= a["published"] >= pd.Timestamp(str(filters.start))
        if filters.end:
            keep &= a["published"] <= pd.Timestamp(str(filters.end))
        sources = filters.sources()
        if sources:
            wanted = {s.lower() for s in sources}
            keep &= a["source"].str.lower().isin(wanted) | a["publisher"].str.lower().isin(wanted)
        if filters.theme:
            t = self.themes
            docs = t.loc[(t["theme"] == filters.theme) | (t["label"].str.lower() == filters.theme.lower()),
                         "doc_key"]
            keep &= a["doc_key"].isin(set(docs))
        if filters.actor:
            keys = self.actor_keys(filters.actor)
            docs = set(self.actors.loc[self.actors["actor_key"].isin(keys), "doc_key"])
            docs |= set(self.quotes.loc[self.quotes["speaker_key"].isin(keys), "doc_key"])
            keep &= a["doc_key"].isin(docs)
        return self.subset(a.loc[keep, "doc_key"])

    def actor_keys(self, query: str) -> set[str]:
        """Keys of the actors and speakers `query` names (see `analysis.corpus.filters.match_actor_keys`)."""
        pairs = pd.concat([self.actors[["actor_key", "name"]],
                           self.quotes[["speaker_key", "speaker"]].set_axis(["actor_key", "name"], axis=1)])
        pairs = pairs.dropna().drop_duplicates()
        return match_actor_keys(zip(pairs["actor_key"], pairs["name"]), query)

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """A table derived from the whole frames, computed once: views ask for the same labels and rankings
        many times. Frames are read-only by contract; assigning a new table to one (``frames.actors =
        ...``) starts afresh, since the memo is tied to the table objects themselves."""
        tables = self.tables()
        if self._memo.get("tables") is None or any(a is not b for a, b in zip(self._memo["tables"], tables)):
            self._memo.clear()
            self._memo["tables"] = tables
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


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
    if name == "actors":
        df["n_mentions"] = pd.to_numeric(df["n_mentions"], errors="coerce").fillna(0).astype(int)
    if name == "quotes":
        df["tone"] = pd.to_numeric(df["tone"], errors="coerce")
    if name == "themes":
        df["score"] = pd.to_numeric(df["score"], errors="coerce").fillna(0.0)
    return df


def frames_from_records(records: Iterable[dict]) -> CorpusFrames:
    """Analysis records (`ArticleAnalysis.to_record()`) as frames; rejected records are skipped.

    The records go through the store's own mapping (`analysis.corpus.rows.record_rows`) into an in-memory
    store, read back like any store: one rule for both (a document is keyed by its path, else its id).
    """
    batch = RowBatch()
    for n, r in enumerate(records):
        if "error" in r and "text" not in r:
            continue
        batch.add_record(r, str(r.get("path") or r.get("id") or n), "", 0, None)
    with Store(":memory:") as store:
        store.write_batch(batch.arrow(), [], [], 0, {})
        return _read_frames(store.con)


# The store queries behind `frames_from_store`: the rows `analysis.Corpus` returns for each table (quotes
# only where their article is stored), in a fixed order (ties broken, so every load gives the same rows).
_STORE_SQL = {
    "articles": "SELECT {cols} FROM articles ORDER BY doc_key",
    "actors": "SELECT {cols} FROM article_actors ORDER BY doc_key, actor_id, actor_key, name",
    "quotes": "SELECT {cols} FROM quotes WHERE doc_key IN (SELECT doc_key FROM articles) "
              "ORDER BY doc_key, quote_idx, start_char",
    "themes": "SELECT {cols} FROM themes ORDER BY doc_key, score DESC, theme",
    "cooccurrence": "SELECT {cols} FROM cooccurrence ORDER BY doc_key, a, b",
}


def frames_from_store(path: str | Path) -> CorpusFrames:
    """Frames from a presswork DuckDB store, read column-wise."""
    con = connect(str(path), read_only=True)
    try:
        return _read_frames(con)
    finally:
        con.close()


def _read_frames(con) -> CorpusFrames:
    """The frames of an open store. Quotes whose speaker is no actor get a key so that share of voice can
    count them apart from named people: an unnamed or nominal source ("an official", "The official", "a
    statement") the key of its kind, ``U:officials`` (see `analysis.actors.names.unnamed_kind`); a pronoun
    left unresolved ``U:unresolved pronouns``; any other speaker ``Q:<name key>``."""
    out = {name: _store_table(con, name) for name in COLUMNS}
    q = out["quotes"]
    missing = q["speaker_key"].isna() & q["speaker"].notna()
    unnamed = missing & q["speaker_type"].isin(["unnamed", "nominal"])
    pronoun = missing & (q["speaker_type"] == "pronoun")
    named = missing & ~unnamed & ~pronoun
    q.loc[named, "speaker_key"] = "Q:" + _name_keys(q.loc[named, "speaker"])
    q.loc[unnamed, "speaker_key"] = UNNAMED + q.loc[unnamed, "speaker"].map(unnamed_kind)
    q.loc[pronoun, "speaker_key"] = UNNAMED + UNRESOLVED_PRONOUNS
    for name, col in (("actors", "roles"), ("actors", "aliases"), ("quotes", "themes")):
        out[name][col] = out[name][col].map(lambda v: [] if v is None or isinstance(v, float) else list(v))
    return CorpusFrames(**out, **_speech_frames(con))


def _speech_frames(con) -> dict[str, pd.DataFrame]:
    """Who speaks about whom and quote trails: the store's tables, or computed now on a store (or the
    in-memory store of analysed records) that has none."""
    names = speech_tables(con)
    cols = ", ".join(DERIVED["quote_targets"])
    targets = con.sql(f"SELECT {cols} FROM {names['quote_targets']} WHERE doc_key IN (SELECT doc_key FROM articles) "
                      "ORDER BY doc_key, quote_idx, target_key").df()
    trails = con.sql(f"SELECT * FROM ({trail_members_sql(names['quote_trails'])}) "
                     "ORDER BY trail_id, published NULLS LAST, doc_key, quote_idx").df()
    trails["published"] = pd.to_datetime(trails["published"], errors="coerce")
    return {"quote_targets": targets.reindex(columns=DERIVED["quote_targets"]),
            "trails": trails.reindex(columns=DERIVED["trails"])}


def _store_table(con, name: str) -> pd.DataFrame:
    """One frame from the store: a DuckDB result converted column by column (no Python row objects)."""
    cols = ", ".join(f'"{c}"' for c in COLUMNS[name])
    query = _STORE_SQL[name].format(cols=cols, table=TABLES[name])
    if name == "articles":  # few rows: the records path itself, dates included
        return _frame(name, con.execute(query).df().to_dict("records"))
    df = con.sql(query).to_arrow_table().to_pandas()  # several times faster than .df() on big tables
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


def _name_keys(values: pd.Series) -> pd.Series:
    """`name_key` of every value (missing ones stay missing), computed once per distinct value."""
    codes, distinct = pd.factorize(values)
    done = np.array([name_key(v) for v in distinct] + [None], dtype=object)  # code -1 (missing) -> None
    return pd.Series(done[codes], index=values.index, dtype="str")


def unify_actor_keys(frames: CorpusFrames) -> CorpusFrames:
    """Join identities that are visibly one actor, for display (the store's rows are not changed).

    1. Within one article, a one-word name ("Kovacs", a headline speaker "Shamkhani") that is the last
       word of exactly one longer PERSON name in that article gets that person's key.
    2. Across the corpus, keys shown under the same name (e.g. "ORG:x" and "Q:x") become the most used one,
       except two corpus people: the corpus merge (`analysis.corpus.identity`) decided they are two.

    Column-wise (joins and group counts, each name normalised once), so a store of 200k actor rows takes
    seconds; tests/test_frames_store.py pins it to the row-by-row rules it replaced.
    """
    actors, quotes = frames.actors.copy(), frames.quotes.copy()
    full = actors[(actors["type"] == "PERSON") & actors["name"].fillna("").str.contains(" ")]
    last = _name_keys(full["name"]).map(lambda n: n.split(" ")[-1])
    owners = pd.DataFrame({"doc_key": full["doc_key"].to_numpy(), "last": last.to_numpy(),
                           "actor_key": full["actor_key"].to_numpy()}).drop_duplicates()
    size = owners.groupby(["doc_key", "last"], dropna=False)["actor_key"].transform("size")
    unique = owners[size == 1].set_index(["doc_key", "last"])["actor_key"]
    unique = unique[unique.notna() & (unique != "")]  # a key that is no target keeps the name's own key

    def remap(df: pd.DataFrame, key_col: str, name_col: str) -> None:
        names = _name_keys(df[name_col].fillna(""))
        single = ~names.str.contains(" ") & (names != "")
        if not single.any() or unique.empty:
            return
        wanted = pd.MultiIndex.from_arrays([df.loc[single, "doc_key"], names[single]])
        target = pd.Series(unique.reindex(wanted).to_numpy(), index=df.index[single])
        target = target.dropna()
        df.loc[target.index, key_col] = target

    remap(actors, "actor_key", "name")
    remap(quotes, "speaker_key", "speaker")
    # same display name -> one key (the key with most rows wins)
    pairs = pd.concat([actors[["actor_key", "name"]],
                       quotes[["speaker_key", "speaker"]].set_axis(["actor_key", "name"], axis=1)]).dropna()
    pairs["norm"] = _name_keys(pairs["name"])
    counts = pairs.groupby(["norm", "actor_key"]).size().reset_index(name="n")
    best = counts.sort_values("n", ascending=False).drop_duplicates("norm").set_index("norm")["actor_key"]
    main = _main_names(pairs, counts)
    target = main.map(best)
    rename = target[target.to_numpy() != target.index.to_numpy()]
    # two corpus people shown under one name stay two: the corpus merge kept them apart on purpose
    # ("Mousavi" the spokesman, "Mousavi" the army chief)
    people = set(actors.loc[actors["type"] == "PERSON", "actor_key"].dropna())
    rename = rename[~(rename.index.isin(people) & rename.isin(people))]
    actors["actor_key"] = _rekey(actors["actor_key"], rename)
    quotes["speaker_key"] = _rekey(quotes["speaker_key"], rename)
    c = frames.cooccurrence.copy()
    c["a_key"], c["b_key"] = _rekey(c["a_key"], rename), _rekey(c["b_key"], rename)
    # edges and trails follow their quote's speaker and their mention's actor (a speaker joined to the
    # actor a quote mentions is no edge any more)
    speaker_of = quotes.set_index(["doc_key", "quote_idx"])["speaker_key"]
    key_of = actors.drop_duplicates(["doc_key", "actor_id"]).set_index(["doc_key", "actor_id"])["actor_key"]
    t = frames.quote_targets.copy()
    if len(t):
        t["speaker_key"] = _lookup(speaker_of, t, ["doc_key", "quote_idx"], t["speaker_key"])
        t["target_key"] = _lookup(key_of, t, ["doc_key", "target_id"], t["target_key"])
        t = t[t["speaker_key"] != t["target_key"]].reset_index(drop=True)
    tr = frames.trails.copy()
    if len(tr):
        tr["speaker_key"] = _lookup(speaker_of, tr, ["doc_key", "quote_idx"], tr["speaker_key"])
    return CorpusFrames(frames.articles, actors, quotes, frames.themes, c, t, tr)


def _lookup(values: pd.Series, df: pd.DataFrame, on: list[str], default: pd.Series) -> pd.Series:
    """``values`` (indexed by the columns `on`) for each row of `df`; `default` where it has none."""
    found = values.reindex(pd.MultiIndex.from_frame(df[on])).to_numpy()
    return pd.Series(found, index=df.index).where(pd.notna(found), default)


def _main_names(pairs: pd.DataFrame, counts: pd.DataFrame) -> pd.Series:
    """actor_key -> the normalised name it is shown under most often (``value_counts().index[0]``).

    Counted at once; the few keys with two names equally often keep pandas' own tie order, so the
    result is the one the per-key ``value_counts`` gives.
    """
    top = counts["n"] == counts.groupby("actor_key")["n"].transform("max")
    ties = counts[top].groupby("actor_key").size()
    tied = set(ties.index[ties > 1])
    main = counts[top & ~counts["actor_key"].isin(tied)].set_index("actor_key")["norm"]
    if tied:
        some = pairs[pairs["actor_key"].isin(tied)]
        main = pd.concat([main, some.groupby("actor_key")["norm"].agg(lambda s: s.value_counts().index[0])])
    return main.sort_index()


def _rekey(keys: pd.Series, rename: pd.Series) -> pd.Series:
    """`keys` with every key in ``rename``'s index replaced by its value (one pass, like ``replace``)."""
    if rename.empty:
        return keys
    at = rename.index.get_indexer(keys)
    values = keys.to_numpy(dtype=object, na_value=None)
    values[at >= 0] = rename.to_numpy(dtype=object)[at[at >= 0]]
    return pd.Series(values, index=keys.index, dtype=keys.dtype, name=keys.name)
