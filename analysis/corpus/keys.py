"""The keys every reader sees, decided once when a store is written and stored (`finalize_keys`).

Two decisions used to be made at display time, in pandas, so a store queried or exported directly (DuckDB,
Parquet, `presswork quotes --store`) disagreed with the reports:

1. **Speaker keys.** A quote whose speaker is no actor of its article gets a key, so share of voice counts
   it apart from named people: an unnamed or nominal source ("an official", "The official", "a statement")
   the key of its kind, ``U:officials`` (see `analysis.actors.names.unnamed_kind`); a pronoun left
   unresolved ``U:unresolved pronouns``; any other speaker ``Q:<name key>``.
2. **Identities that are visibly one actor** (`unify_keys`): within one article a one-word name that is the
   last word of exactly one longer PERSON name gets that person's key; across the corpus, keys shown under
   the same name become the most used one (a source alias such as "the Leader" keyed to the person), except
   two corpus people the corpus merge (`analysis.corpus.identity`) kept apart.

`finalize_keys` runs both over the whole store after the corpus merge (or, without it, after the
per-article keys are set again), so it always starts from freshly computed keys, and writes the results into
``article_actors``, ``mentions``, ``quotes`` and ``cooccurrence`` (the pairs, by the renames alone, in SQL);
the actor table and the speech tables are rebuilt from them afterwards.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.actors.names import UNNAMED, name_key, unnamed_kind

UNRESOLVED_PRONOUNS = "unresolved pronouns"

# The rows unify_keys reads, in the order the frames of a store are read (ties are broken by it).
_ACTORS_SQL = ("SELECT doc_key, actor_id, actor_key, name, type, "
               "json_extract_string(extra, '$.apart_from') AS apart_from FROM article_actors "
               "ORDER BY doc_key, actor_id, actor_key, name")
_QUOTES_SQL = ("SELECT doc_key, quote_idx, speaker_key, speaker, speaker_type FROM quotes "
               "WHERE doc_key IN (SELECT doc_key FROM articles) ORDER BY doc_key, quote_idx, start_char")


def finalize_keys(con) -> None:
    """Speaker keys and unified identities over every stored article, written into the store's key columns
    (one transaction; only the rows whose key changes are written)."""
    actors = _strings(con.sql(_ACTORS_SQL).df())
    quotes = _strings(con.sql(_QUOTES_SQL).df())
    old_actor, old_speaker = actors["actor_key"].copy(), quotes["speaker_key"].copy()
    fill_speaker_keys(quotes)
    actors, quotes, rename = unify_keys(actors, quotes)
    changed_actors = actors[_differs(actors["actor_key"], old_actor)][["doc_key", "actor_id", "actor_key"]]
    changed_quotes = quotes[_differs(quotes["speaker_key"], old_speaker)][["doc_key", "quote_idx", "speaker_key"]]
    # co-occurring pairs follow the corpus-wide renames only (rule 2), done in SQL: millions of rows stay put
    renamed = pd.DataFrame({"old": pd.Series(rename.index, dtype=object),
                            "new": pd.Series(rename.to_numpy(dtype=object), dtype=object)})
    con.execute("BEGIN TRANSACTION")
    try:
        for name, frame in (("_actors", changed_actors), ("_quotes", changed_quotes), ("_renamed", renamed)):
            con.register(name, frame.reset_index(drop=True))
        con.execute("UPDATE article_actors t SET actor_key = m.actor_key FROM _actors m "
                    "WHERE t.doc_key = m.doc_key AND t.actor_id = m.actor_id")
        con.execute("UPDATE mentions t SET actor_key = m.actor_key FROM _actors m "
                    "WHERE t.doc_key = m.doc_key AND t.actor_id = m.actor_id")
        con.execute("UPDATE quotes t SET speaker_key = m.speaker_key FROM _quotes m "
                    "WHERE t.doc_key = m.doc_key AND t.quote_idx = m.quote_idx")
        con.execute("UPDATE cooccurrence t SET a_key = r.new FROM _renamed r WHERE t.a_key = r.old")
        con.execute("UPDATE cooccurrence t SET b_key = r.new FROM _renamed r WHERE t.b_key = r.old")
        for name in ("_actors", "_quotes", "_renamed"):
            con.unregister(name)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _strings(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects (None where missing), as the frames of a store hold them."""
    for c in df.columns:
        if df[c].dtype != object and not pd.api.types.is_numeric_dtype(df[c].dtype):
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df


def _differs(new: pd.Series, old: pd.Series) -> pd.Series:
    return ~((new == old) | (new.isna() & old.isna()))


def fill_speaker_keys(quotes: pd.DataFrame) -> pd.DataFrame:
    """Keys (in place) for the quotes whose speaker is no actor: ``U:<kind>``, ``U:unresolved pronouns`` or
    ``Q:<name key>`` (see the module docstring)."""
    missing = quotes["speaker_key"].isna() & quotes["speaker"].notna()
    unnamed = missing & quotes["speaker_type"].isin(["unnamed", "nominal"])
    pronoun = missing & (quotes["speaker_type"] == "pronoun")
    named = missing & ~unnamed & ~pronoun
    quotes.loc[named, "speaker_key"] = "Q:" + name_keys(quotes.loc[named, "speaker"])
    quotes.loc[unnamed, "speaker_key"] = UNNAMED + quotes.loc[unnamed, "speaker"].map(unnamed_kind)
    quotes.loc[pronoun, "speaker_key"] = UNNAMED + UNRESOLVED_PRONOUNS
    return quotes


def name_keys(values: pd.Series) -> pd.Series:
    """`name_key` of every value (missing ones stay missing), computed once per distinct value."""
    codes, distinct = pd.factorize(values)
    done = np.array([name_key(v) for v in distinct] + [None], dtype=object)  # code -1 (missing) -> None
    return pd.Series(done[codes], index=values.index, dtype="str")


def unify_keys(actors: pd.DataFrame, quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Identities that are visibly one actor joined: new ``actors`` (article actors: doc_key, actor_id,
    actor_key, name, type) and ``quotes`` (doc_key, speaker_key, speaker), and the corpus-wide renames
    (old key -> new key) that co-occurring pairs follow.

    1. Within one article, a one-word name ("Kovacs", a headline speaker "Shamkhani") that is the last
       word of exactly one longer PERSON name in that article gets that person's key.
    2. Across the corpus, keys shown under the same name (e.g. "ORG:x" and "Q:x") become the most used one,
       except two corpus people: the corpus merge (`analysis.corpus.identity`) decided they are two. Unnamed
       groups (``U:``) take no part: their speakers' words ("the department") are no name.

    Column-wise (joins and group counts, each name normalised once), so a store of 200k actor rows takes
    seconds; tests/corpus/test_frames_store.py pins it to the row-by-row rules it replaced.
    """
    actors, quotes = actors.copy(), quotes.copy()
    full = actors[(actors["type"] == "PERSON") & actors["name"].fillna("").str.contains(" ")]
    last = name_keys(full["name"]).map(lambda n: n.split(" ")[-1])
    owners = pd.DataFrame({"doc_key": full["doc_key"].to_numpy(), "last": last.to_numpy(),
                           "actor_key": full["actor_key"].to_numpy()}).drop_duplicates()
    size = owners.groupby(["doc_key", "last"], dropna=False)["actor_key"].transform("size")
    unique = owners[size == 1].set_index(["doc_key", "last"])["actor_key"]
    unique = unique[unique.notna() & (unique != "")]  # a key that is no target keeps the name's own key

    def remap(df: pd.DataFrame, key_col: str, name_col: str) -> None:
        names = name_keys(df[name_col].fillna(""))
        single = ~names.str.contains(" ") & (names != "")
        if "apart_from" in df:  # the identity file took it apart from the person inside its article
            single &= df["apart_from"].isna()
        if not single.any() or unique.empty:
            return
        wanted = pd.MultiIndex.from_arrays([df.loc[single, "doc_key"], names[single]])
        target = pd.Series(unique.reindex(wanted).to_numpy(), index=df.index[single])
        target = target.dropna()
        df.loc[target.index, key_col] = target

    remap(actors, "actor_key", "name")
    remap(quotes, "speaker_key", "speaker")
    # same display name -> one key (the key with most rows wins). An unnamed-source group is no name: "the
    # department said" (U:other unnamed sources) never takes in the Department of Justice or "Conservatives"
    pairs = pd.concat([actors[["actor_key", "name"]],
                       quotes[["speaker_key", "speaker"]].set_axis(["actor_key", "name"], axis=1)]).dropna()
    pairs = pairs[~pairs["actor_key"].str.startswith(UNNAMED)]
    pairs["norm"] = name_keys(pairs["name"])
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
    return actors, quotes, rename


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
    values = np.array(keys.to_numpy(dtype=object, na_value=None), dtype=object)  # a writable copy
    values[at >= 0] = rename.to_numpy(dtype=object)[at[at >= 0]]
    return pd.Series(values, index=keys.index, dtype=keys.dtype, name=keys.name)
