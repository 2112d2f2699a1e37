"""A corpus as pandas frames: the one tabular shape every corpus-level view, chart and notebook reads.

`CorpusFrames` holds five DataFrames whose names and columns are those of the DuckDB store's tables
(analysis/store.py: ``articles``, ``article_actors``, ``quotes``, ``themes``, ``cooccurrence``), so the
same views run on records analysed in the notebook (`frames_from_records`) and on a store
(`frames_from_store`). Only the columns the views use are kept.

>>> frames = load_corpus("")            # the bundled sample + examples       # doctest: +SKIP
>>> frames.articles[["headline", "source", "published"]]                     # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS: dict[str, list[str]] = {
    "articles": ["doc_key", "id", "path", "headline", "published", "source", "publisher", "url",
                 "word_count", "n_actors", "n_quotes", "tone_compound"],
    "actors": ["doc_key", "actor_id", "actor_key", "name", "type", "roles", "n_mentions"],
    "quotes": ["doc_key", "quote_idx", "text", "start_char", "end_char", "kind", "speaker", "speaker_id",
               "speaker_key", "speaker_text", "speaker_type", "cue", "via", "tone", "themes"],
    "themes": ["doc_key", "theme", "label", "score", "n_matches"],
    "cooccurrence": ["doc_key", "a", "b", "a_key", "b_key", "sentences", "paragraphs"],
}


@dataclass
class CorpusFrames:
    articles: pd.DataFrame
    actors: pd.DataFrame  # one row per actor per article (the store's article_actors)
    quotes: pd.DataFrame
    themes: pd.DataFrame
    cooccurrence: pd.DataFrame

    def __len__(self) -> int:
        return len(self.articles)

    def subset(self, doc_keys: Iterable[str]) -> CorpusFrames:
        """The same frames restricted to some articles."""
        keys = set(doc_keys)
        return CorpusFrames(**{f.name: _rows_of(getattr(self, f.name), keys) for f in fields(self)})


def _rows_of(df: pd.DataFrame, keys: set[str]) -> pd.DataFrame:
    return df[df["doc_key"].isin(keys)].reset_index(drop=True)


def empty_frame(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS[name])


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


def _normalise(name: str) -> str:
    text = (name or "").replace("’", "'").replace("‘", "'")
    text = re.sub(r"^(the)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"'s$|'$", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def actor_key(actor: dict) -> str:
    """The corpus-wide identity of an article's actor: the store's rule when the store module is present.

    Falls back to ``TYPE:normalised name`` (a leading "the" dropped) so "The Ministry of Trade" and
    "the Ministry of Trade" count as one actor.
    """
    try:
        from .store import corpus_actor_key
    except ImportError:  # the store is optional for notebooks on plain files
        corpus_actor_key = None
    if corpus_actor_key is not None:
        return corpus_actor_key(actor)
    return f"{actor.get('type') or '?'}:{_normalise(actor.get('name') or '')}"


def speaker_key(quote: dict, keys: dict) -> str | None:
    """A quote's speaker identity: its actor's key, else the unnamed source's text ("Q:the police")."""
    if quote.get("speaker_id") in keys:
        return keys[quote["speaker_id"]]
    name = quote.get("speaker") or quote.get("speaker_text")
    return f"Q:{_normalise(name)}" if name else None


def frames_from_records(records: Iterable[dict]) -> CorpusFrames:
    """Analysis records (`ArticleAnalysis.to_record()`) as frames; rejected records are skipped."""
    rows: dict[str, list[dict]] = {k: [] for k in COLUMNS}
    for n, r in enumerate(records):
        if "error" in r and "text" not in r:
            continue
        doc_key = str(r.get("path") or r.get("id") or n)
        actors = r.get("actors") or []
        keys = {a.get("id"): actor_key(a) for a in actors}
        tone = r.get("tone") or {}
        rows["articles"].append({
            "doc_key": doc_key, "id": r.get("id"), "path": r.get("path"), "headline": r.get("headline"),
            "published": r.get("published"), "source": r.get("source") or r.get("publisher"),
            "publisher": r.get("publisher"), "url": r.get("url"), "word_count": r.get("word_count"),
            "n_actors": len(actors), "n_quotes": len(r.get("quotes") or []), "tone_compound": tone.get("compound")})
        for a in actors:
            rows["actors"].append({
                "doc_key": doc_key, "actor_id": a.get("id"), "actor_key": keys[a.get("id")], "name": a.get("name"),
                "type": a.get("type"), "roles": list(a.get("roles") or []), "n_mentions": len(a.get("mentions") or [])})
        for i, q in enumerate(r.get("quotes") or []):
            rows["quotes"].append({
                "doc_key": doc_key, "quote_idx": i, "text": q.get("text"), "start_char": q.get("start"),
                "end_char": q.get("end"), "kind": q.get("kind"), "speaker": q.get("speaker") or q.get("speaker_text"),
                "speaker_id": q.get("speaker_id"), "speaker_key": speaker_key(q, keys),
                "speaker_text": q.get("speaker_text"), "speaker_type": q.get("speaker_type"), "cue": q.get("cue"),
                "via": q.get("via"), "tone": q.get("tone"), "themes": list(q.get("themes") or [])})
        for t in r.get("themes") or []:
            rows["themes"].append({"doc_key": doc_key, "theme": t.get("theme"), "label": t.get("label"),
                                   "score": t.get("score"), "n_matches": t.get("count")})
        for c in r.get("cooccurrence") or []:
            if isinstance(c, dict):
                rows["cooccurrence"].append({
                    "doc_key": doc_key, "a": c.get("a"), "b": c.get("b"), "a_key": keys.get(c.get("a")),
                    "b_key": keys.get(c.get("b")), "sentences": c.get("sentences"),
                    "paragraphs": c.get("paragraphs")})
    return CorpusFrames(**{k: _frame(k, v) for k, v in rows.items()})


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
    """Frames from a presswork DuckDB store (the store's own column names), read column-wise.

    Quotes whose speaker has no actor key get the same ``Q:name`` key as in `frames_from_records`.
    Columns have the types `frames_from_records` gives the same rows (tests/test_frames_store.py).
    """
    from .store import connect

    if not Path(path).exists():
        raise FileNotFoundError(f"{path}: no such store (create one with `presswork ingest`)")
    con = connect(str(path), read_only=True)
    try:
        out = {name: _store_table(con, name) for name in COLUMNS}
    finally:
        con.close()
    q = out["quotes"]
    missing = q["speaker_key"].isna() & q["speaker"].notna()
    q.loc[missing, "speaker_key"] = "Q:" + _normalise_all(q.loc[missing, "speaker"])
    for name, col in (("actors", "roles"), ("quotes", "themes")):
        out[name][col] = out[name][col].map(lambda v: [] if v is None or isinstance(v, float) else list(v))
    return CorpusFrames(**out)


def _store_table(con, name: str) -> pd.DataFrame:
    """One frame from the store: a DuckDB result converted column by column (no Python row objects)."""
    cols = ", ".join(f'"{c}"' for c in COLUMNS[name])
    query = _STORE_SQL[name].format(cols=cols)
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


def _normalise_all(values: pd.Series) -> pd.Series:
    """`_normalise` of every value (missing ones stay missing), computed once per distinct value."""
    codes, distinct = pd.factorize(values)
    done = np.array([_normalise(v) for v in distinct] + [None], dtype=object)  # code -1 (missing) -> None
    return pd.Series(done[codes], index=values.index, dtype="str")


def examples_path() -> str:
    """The bundled example corpus: six invented wire stories with dates and two sources."""
    from importlib import resources

    return str(resources.files("analysis.data").joinpath("examples/nordhaven.jsonl"))


def default_inputs() -> list[str]:
    """What corpus notebooks read when no input is given: the sample article and the example corpus."""
    from .pipeline import sample_path

    return [sample_path(), examples_path()]


def load_corpus(input_path: str = "", store: str = "", limit: int = 0, model: str | None = None,
                progress: bool = False) -> CorpusFrames:
    """Frames from a store (`store`), or from any input `read_documents` accepts, analysed now.

    Identities that are visibly one actor are joined (`unify_actor_keys`). `input_path` may hold several paths separated by ";"; empty means `default_inputs()`. `limit` > 0
    analyses only the first `limit` documents (a sizeable sample of a large archive).
    """
    if store:
        return unify_actor_keys(frames_from_store(store))
    from itertools import islice

    from .pipeline import Options, analyze_documents
    from .readers import read_documents

    inputs = [p.strip() for p in input_path.split(";") if p.strip()] or default_inputs()
    docs = read_documents(inputs)
    if limit and limit > 0:
        docs = islice(docs, limit)
    results = analyze_documents(docs, Options(model=model or None))
    if progress:
        from tqdm.auto import tqdm

        results = tqdm(results, total=limit or None, desc="analysing", unit="doc")
    return unify_actor_keys(frames_from_records(r.to_record() for r in results))


def unify_actor_keys(frames: CorpusFrames) -> CorpusFrames:
    """Join identities that are visibly one actor, for display (the store's rows are not changed).

    1. Within one article, a one-word name ("Kovacs", a headline speaker "Shamkhani") that is the last
       word of exactly one longer PERSON name in that article gets that person's key.
    2. Across the corpus, keys shown under the same name (e.g. "ORG:x" and "Q:x") become the most used one.

    Column-wise (joins and group counts, each name normalised once), so a store of 200k actor rows takes
    seconds; tests/test_frames_store.py pins it to the row-by-row rules it replaced.
    """
    actors, quotes = frames.actors.copy(), frames.quotes.copy()
    full = actors[(actors["type"] == "PERSON") & actors["name"].fillna("").str.contains(" ")]
    last = _normalise_all(full["name"]).map(lambda n: n.split(" ")[-1])
    owners = pd.DataFrame({"doc_key": full["doc_key"].to_numpy(), "last": last.to_numpy(),
                           "actor_key": full["actor_key"].to_numpy()}).drop_duplicates()
    size = owners.groupby(["doc_key", "last"], dropna=False)["actor_key"].transform("size")
    unique = owners[size == 1].set_index(["doc_key", "last"])["actor_key"]
    unique = unique[unique.notna() & (unique != "")]  # a key that is no target keeps the name's own key

    def remap(df: pd.DataFrame, key_col: str, name_col: str) -> None:
        names = _normalise_all(df[name_col].fillna(""))
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
    pairs["norm"] = _normalise_all(pairs["name"])
    counts = pairs.groupby(["norm", "actor_key"]).size().reset_index(name="n")
    best = counts.sort_values("n", ascending=False).drop_duplicates("norm").set_index("norm")["actor_key"]
    main = _main_names(pairs, counts)
    target = main.map(best)
    rename = target[target.to_numpy() != target.index.to_numpy()]
    actors["actor_key"] = _rekey(actors["actor_key"], rename)
    quotes["speaker_key"] = _rekey(quotes["speaker_key"], rename)
    c = frames.cooccurrence.copy()
    c["a_key"], c["b_key"] = _rekey(c["a_key"], rename), _rekey(c["b_key"], rename)
    return CorpusFrames(frames.articles, actors, quotes, frames.themes, c)


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
