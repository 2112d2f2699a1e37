"""The corpus store: analysis records in an embedded DuckDB database, one row set per document.

Tables (one source of truth: :data:`SCHEMA`, used for DuckDB DDL *and* the Arrow/Parquet schema the
Dask engine writes, so both engines produce identical rows):

- ``articles``       one row per analysed document (``doc_key`` = where it came from), the text, the
                     normalised fields notebooks filter on, and the full record as JSON (``record``, text
                     left out) so fields added to the records later are never lost;
- ``article_actors`` the actors of each article, with their corpus identity ``actor_key``;
- ``actors``         corpus identities: one row per ``actor_key`` (rebuilt at the end of every run);
- ``mentions``       every mention span of every actor;
- ``quotes``, ``themes``, ``cooccurrence``;
- ``errors``         every rejected input with its code and message;
- ``runs``           what ran, when, with which model and settings, and read = analysed + rejected + skipped.

Writes go through :meth:`Store.write_batch`: one transaction per batch that first deletes the rows of
the batch's documents and then inserts their new rows, so a run killed at any point leaves every
document either fully stored or absent -- never duplicated, never half-written.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Self

import duckdb
import pyarrow as pa

from .actors import normalise_name
from .errors import PressworkError

SCHEMA_VERSION = 1

_ARROW = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
    "BOOLEAN": pa.bool_(),
}

# table -> [(column, DuckDB type)]. JSON is kept as VARCHAR (query it with json_extract / ->>).
SCHEMA: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("doc_key", "VARCHAR"), ("id", "VARCHAR"), ("path", "VARCHAR"), ("doc_hash", "VARCHAR"),
        ("content_hash", "VARCHAR"), ("headline", "VARCHAR"), ("published", "DATE"), ("source", "VARCHAR"),
        ("publisher", "VARCHAR"), ("url", "VARCHAR"), ("format", "VARCHAR"), ("dateline", "VARCHAR"),
        ("dateline_location", "VARCHAR"), ("dateline_agency", "VARCHAR"), ("word_count", "INTEGER"),
        ("n_actors", "INTEGER"), ("n_mentions", "INTEGER"), ("n_quotes", "INTEGER"),
        ("tone_compound", "DOUBLE"), ("tone", "VARCHAR"), ("text", "VARCHAR"), ("record", "VARCHAR"),
        ("run_id", "INTEGER"), ("analysed_at", "TIMESTAMP"),
    ],
    "article_actors": [
        ("doc_key", "VARCHAR"), ("actor_id", "VARCHAR"), ("actor_key", "VARCHAR"), ("name", "VARCHAR"),
        ("type", "VARCHAR"), ("aliases", "VARCHAR[]"), ("roles", "VARCHAR[]"), ("n_mentions", "INTEGER"),
        ("country", "VARCHAR"), ("wikidata", "VARCHAR"), ("gazetteer_id", "VARCHAR"), ("extra", "VARCHAR"),
    ],
    "mentions": [
        ("doc_key", "VARCHAR"), ("actor_id", "VARCHAR"), ("actor_key", "VARCHAR"), ("start_char", "INTEGER"),
        ("end_char", "INTEGER"), ("text", "VARCHAR"), ("paragraph", "INTEGER"),
    ],
    "quotes": [
        ("doc_key", "VARCHAR"), ("quote_idx", "INTEGER"), ("text", "VARCHAR"), ("start_char", "INTEGER"),
        ("end_char", "INTEGER"), ("kind", "VARCHAR"), ("speaker", "VARCHAR"), ("speaker_id", "VARCHAR"),
        ("speaker_key", "VARCHAR"), ("speaker_text", "VARCHAR"), ("speaker_type", "VARCHAR"),
        ("cue", "VARCHAR"), ("via", "VARCHAR"), ("tone", "DOUBLE"), ("themes", "VARCHAR[]"),
        ("extra", "VARCHAR"),
    ],
    "themes": [
        ("doc_key", "VARCHAR"), ("theme", "VARCHAR"), ("label", "VARCHAR"), ("score", "DOUBLE"),
        ("n_matches", "INTEGER"), ("evidence", "VARCHAR"), ("extra", "VARCHAR"),
    ],
    "cooccurrence": [
        ("doc_key", "VARCHAR"), ("a", "VARCHAR"), ("b", "VARCHAR"), ("a_key", "VARCHAR"), ("b_key", "VARCHAR"),
        ("a_name", "VARCHAR"), ("b_name", "VARCHAR"), ("sentences", "INTEGER"), ("paragraphs", "INTEGER"),
        ("extra", "VARCHAR"),
    ],
    "errors": [
        ("doc_key", "VARCHAR"), ("id", "VARCHAR"), ("path", "VARCHAR"), ("code", "VARCHAR"),
        ("message", "VARCHAR"), ("run_id", "INTEGER"), ("at", "TIMESTAMP"),
    ],
    "runs": [
        ("run_id", "INTEGER"), ("started", "TIMESTAMP"), ("finished", "TIMESTAMP"), ("status", "VARCHAR"),
        ("engine", "VARCHAR"), ("jobs", "INTEGER"), ("inputs", "VARCHAR"), ("model", "VARCHAR"),
        ("settings", "VARCHAR"), ("fingerprint", "VARCHAR"), ("presswork_version", "VARCHAR"),
        ("read", "BIGINT"), ("analysed", "BIGINT"), ("rejected", "BIGINT"), ("skipped_unchanged", "BIGINT"),
        ("seconds", "DOUBLE"),
    ],
    "actors": [
        ("actor_key", "VARCHAR"), ("name", "VARCHAR"), ("type", "VARCHAR"), ("n_articles", "BIGINT"),
        ("n_mentions", "BIGINT"), ("n_quotes", "BIGINT"), ("aliases", "VARCHAR[]"),
        ("first_published", "DATE"), ("last_published", "DATE"),
    ],
}

# Tables holding rows per analysed document (deleted and rewritten together when a document changes).
DOC_TABLES = ("articles", "article_actors", "mentions", "quotes", "themes", "cooccurrence")

_ACTOR_FIELDS = {"id", "name", "type", "aliases", "roles", "mentions", "country", "wikidata", "gazetteer_id"}
_QUOTE_FIELDS = {"text", "start", "end", "kind", "speaker", "speaker_id", "speaker_text", "speaker_type", "cue",
                 "via", "tone", "themes"}
_THEME_FIELDS = {"theme", "label", "score", "count", "evidence"}
_COOC_FIELDS = {"a", "b", "a_name", "b_name", "sentences", "paragraphs"}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, _ARROW[kind]) for name, kind in SCHEMA[table]])


def _coerce(value, kind: str):
    """A record value in its column's type: the record modules evolve, the store must not break."""
    if value is None:
        return None
    if kind == "VARCHAR":
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    if kind == "VARCHAR[]":
        items = value if isinstance(value, (list, tuple)) else [value]
        return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str) for v in items]
    if kind in ("INTEGER", "BIGINT"):
        return int(value) if isinstance(value, (int, float)) else None
    if kind == "DOUBLE":
        return float(value) if isinstance(value, (int, float)) else None
    return value


_ARROW_ERRORS = (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError)


def _column(values: list, kind: str) -> pa.Array:
    """One column: Arrow converts values already of the column's type itself (most of them, and ten
    times faster than checking each in Python); a column with anything else is coerced value by value."""
    typ = _ARROW[kind]
    try:
        return pa.array(values, type=typ)
    except _ARROW_ERRORS:
        return pa.array([_coerce(v, kind) for v in values], type=typ)


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts keyed by column) as an Arrow table with the store's exact column types."""
    cols = SCHEMA[table]
    return pa.Table.from_arrays([_column([r.get(c) for r in rows], kind) for c, kind in cols],
                                schema=arrow_schema(table))


# ---------------------------------------------------------------- corpus actor identity

@lru_cache(maxsize=1)
def _corpus_actor_hook():
    """`analysis.corpus_actors.corpus_key(actor: dict) -> str` when that module exists (the hook)."""
    try:
        from . import corpus_actors  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(corpus_actors, "corpus_key", None)


def corpus_actor_key(actor: dict) -> str:
    """The corpus-wide identity of an article's actor.

    HOOK: once `analysis/corpus_actors.py` provides ``corpus_key(actor_dict) -> str`` it decides.
    Until then: a knowledge-base id when the actor has one, else ``TYPE:normalised name``.
    """
    hook = _corpus_actor_hook()
    if hook is not None:
        return hook(actor)
    if actor.get("wikidata"):
        return f"wd:{actor['wikidata']}"
    if actor.get("gazetteer_id"):
        return f"gaz:{actor['gazetteer_id']}"
    return f"{actor.get('type') or '?'}:{normalise_name(actor.get('name') or '')}"


# ---------------------------------------------------------------- record -> rows

def _extra(d: dict, known: set[str]) -> str | None:
    """Fields the store has no column for (added to the records later), kept as JSON."""
    rest = {k: v for k, v in d.items() if k not in known}
    return json.dumps(rest, ensure_ascii=False) if rest else None


def _str_list(values) -> list[str]:
    return [str(v) for v in (values or [])]


def _opt_int(value) -> int | None:
    return int(value) if value is not None else None


def _opt_float(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def record_rows(record: dict, doc_key: str, doc_hash: str, run_id: int, at: datetime) -> dict[str, list[dict]]:
    """One `ArticleAnalysis.to_record()` as rows of every per-document table."""
    actors = record.get("actors") or []
    keys = {a.get("id"): corpus_actor_key(a) for a in actors}
    text = record.get("text") or ""
    para_starts = [p[0] for p in record.get("paragraphs") or []]
    dl = record.get("dateline") or {}
    tone = record.get("tone") or {}
    rest = {k: v for k, v in record.items() if k != "text"}
    mentions = []
    actor_rows = []
    for a in actors:
        spans = a.get("mentions") or []
        actor_rows.append({
            "doc_key": doc_key, "actor_id": a.get("id"), "actor_key": keys[a.get("id")], "name": a.get("name"),
            "type": a.get("type"), "aliases": _str_list(a.get("aliases")), "roles": _str_list(a.get("roles")),
            "n_mentions": len(spans), "country": a.get("country"), "wikidata": a.get("wikidata"),
            "gazetteer_id": a.get("gazetteer_id"), "extra": _extra(a, _ACTOR_FIELDS)})
        for s, e in spans:
            mentions.append({"doc_key": doc_key, "actor_id": a.get("id"), "actor_key": keys[a.get("id")],
                             "start_char": s, "end_char": e, "text": text[s:e],
                             "paragraph": bisect.bisect_right(para_starts, s) - 1})
    quotes = [{
        "doc_key": doc_key, "quote_idx": i, "text": q.get("text"), "start_char": _opt_int(q.get("start")),
        "end_char": _opt_int(q.get("end")), "kind": q.get("kind"), "speaker": q.get("speaker"),
        "speaker_id": q.get("speaker_id"), "speaker_key": keys.get(q.get("speaker_id")),
        "speaker_text": q.get("speaker_text"), "speaker_type": q.get("speaker_type"), "cue": q.get("cue"),
        "via": q.get("via"), "tone": _opt_float(q.get("tone")), "themes": _str_list(q.get("themes")),
        "extra": _extra(q, _QUOTE_FIELDS)} for i, q in enumerate(record.get("quotes") or [])]
    themes = [{
        "doc_key": doc_key, "theme": t.get("theme"), "label": t.get("label"), "score": _opt_float(t.get("score")),
        "n_matches": _opt_int(t.get("count")), "evidence": json.dumps(t.get("evidence") or []),
        "extra": _extra(t, _THEME_FIELDS)} for t in record.get("themes") or []]
    cooc = [{
        "doc_key": doc_key, "a": str(c.get("a")), "b": str(c.get("b")), "a_key": keys.get(c.get("a")),
        "b_key": keys.get(c.get("b")), "a_name": c.get("a_name"), "b_name": c.get("b_name"),
        "sentences": _opt_int(c.get("sentences")),
        "paragraphs": _opt_int(c.get("paragraphs")), "extra": _extra(c, _COOC_FIELDS)}
        for c in record.get("cooccurrence") or [] if isinstance(c, dict)]
    article = {
        "doc_key": doc_key, "id": record.get("id"), "path": record.get("path"), "doc_hash": doc_hash,
        "content_hash": record.get("content_hash"), "headline": record.get("headline"),
        "published": _date(record.get("published")), "source": record.get("source"),
        "publisher": record.get("publisher"), "url": record.get("url"), "format": record.get("format"),
        "dateline": dl.get("text"), "dateline_location": dl.get("location"), "dateline_agency": dl.get("agency"),
        "word_count": _opt_int(record.get("word_count")), "n_actors": len(actors), "n_mentions": len(mentions),
        "n_quotes": len(quotes), "tone_compound": _opt_float(tone.get("compound")),
        "tone": json.dumps(tone), "text": text, "record": json.dumps(rest, ensure_ascii=False),
        "run_id": run_id, "analysed_at": at}
    return {"articles": [article], "article_actors": actor_rows, "mentions": mentions, "quotes": quotes,
            "themes": themes, "cooccurrence": cooc}


def error_row(record: dict, doc_key: str, run_id: int, at: datetime) -> dict:
    """One `Rejected.to_record()` as an `errors` row."""
    err = record.get("error") or {}
    return {"doc_key": doc_key, "id": record.get("id"), "path": record.get("path"), "code": err.get("code"),
            "message": err.get("message"), "run_id": run_id, "at": at}


class RowBatch:
    """Rows for a group of documents, accumulated per table, turned into Arrow tables for one write."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {t: [] for t in (*DOC_TABLES, "errors")}
        self.keys: list[str] = []  # every document of the batch (analysed or rejected)

    def add_record(self, record: dict, doc_key: str, doc_hash: str, run_id: int, at: datetime) -> None:
        self.keys.append(doc_key)
        if "error" in record and "text" not in record:
            self.rows["errors"].append(error_row(record, doc_key, run_id, at))
            return
        for table, rows in record_rows(record, doc_key, doc_hash, run_id, at).items():
            self.rows[table].extend(rows)

    @property
    def analysed(self) -> int:
        return len(self.rows["articles"])

    @property
    def rejected(self) -> int:
        return len(self.rows["errors"])

    def arrow(self) -> dict[str, pa.Table]:
        return {t: to_arrow(t, rows) for t, rows in self.rows.items()}


# ---------------------------------------------------------------- the store

class StoreBusyError(PressworkError):
    """The store is open for writing in another process (DuckDB allows one writer, no other readers)."""


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a store, turning DuckDB's lock conflict into a message that says what to do.

    DuckDB never hands a half-written file to a reader: while an ingest holds the write lock, other
    processes cannot open the store at all, so readers get this clear error rather than a torn snapshot.
    """
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as e:
        if "lock" not in str(e).lower():
            raise
        holder = re.search(r"PID (\d+)", str(e))
        who = f"process {holder.group(1)}" if holder else "another process"
        raise StoreBusyError(
            f"{path} is being written by {who} (an ingest is running). A DuckDB store has one writer and "
            "no readers from other processes meanwhile: wait for the ingest to finish, or stop it (Ctrl-C; "
            "it resumes where it stopped), then open the store again."
        ) from None


class Store:
    """A DuckDB corpus database opened for writing (one writer process at a time: DuckDB's own lock)."""

    def __init__(self, path: str | os.PathLike, read_only: bool = False) -> None:
        self.path = str(path)
        self.con = connect(self.path, read_only=read_only)
        if not read_only:
            self.ensure_schema()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ensure_schema(self) -> None:
        con = self.con
        for table, cols in SCHEMA.items():
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} ("
                        + ", ".join(f'"{c}" {t}' for c, t in cols) + ")")
            # a newer presswork may add columns: add them to an older store instead of failing
            have = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            for c, t in cols:
                if c not in have:
                    con.execute(f'ALTER TABLE {table} ADD COLUMN "{c}" {t}')
        con.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR, value VARCHAR)")
        if not con.execute("SELECT 1 FROM store_meta WHERE key = 'schema_version'").fetchall():
            con.execute("INSERT INTO store_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    # -- runs

    def begin_run(self, *, engine: str, jobs: int, inputs: list[str], model: dict, settings: dict,
                  fingerprint: str, version: str) -> int:
        run_id = self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
        self.con.execute(
            "INSERT INTO runs (run_id, started, status, engine, jobs, inputs, model, settings, fingerprint, "
            "presswork_version, read, analysed, rejected, skipped_unchanged, seconds) "
            "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)",
            [run_id, datetime.now(), engine, jobs, json.dumps(inputs), json.dumps(model), json.dumps(settings),
             fingerprint, version])
        return run_id

    def finish_run(self, run_id: int, status: str, seconds: float) -> None:
        self.con.execute("UPDATE runs SET finished = ?, status = ?, seconds = ? WHERE run_id = ?",
                         [datetime.now(), status, seconds, run_id])

    def run_counts(self, run_id: int) -> dict:
        row = self.con.execute("SELECT read, analysed, rejected, skipped_unchanged FROM runs WHERE run_id = ?",
                               [run_id]).fetchone()
        return dict(zip(("read", "analysed", "rejected", "skipped_unchanged"), row))

    # -- documents

    def stored_hashes(self, keys: Iterable[str]) -> dict[str, str]:
        """doc_key -> doc_hash for the given keys that are stored as analysed articles."""
        keys = list(keys)
        if not keys:
            return {}
        return dict(self.con.execute(
            "SELECT doc_key, doc_hash FROM articles WHERE doc_key IN (SELECT unnest(?))", [keys]).fetchall())

    def write_batch(self, tables: dict[str, pa.Table], keys: list[str], replace: list[str], run_id: int,
                    counts: dict[str, int]) -> None:
        """Atomically: drop the old rows of `replace`, drop old errors of `keys`, insert `tables`, add `counts`.

        `replace` are the batch's documents already stored as articles (changed ones); new documents need
        no delete, which keeps a first ingest free of table scans.
        """
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            if replace:
                for t in DOC_TABLES:
                    con.execute(f"DELETE FROM {t} WHERE doc_key IN (SELECT unnest(?))", [replace])
            if keys:
                con.execute("DELETE FROM errors WHERE doc_key IN (SELECT unnest(?))", [keys])
            for t, arrow in tables.items():
                if arrow.num_rows:
                    con.register("_batch", arrow)
                    con.execute(f"INSERT INTO {t} BY NAME SELECT * FROM _batch")
                    con.unregister("_batch")
            con.execute(
                "UPDATE runs SET read = read + ?, analysed = analysed + ?, rejected = rejected + ?, "
                "skipped_unchanged = skipped_unchanged + ? WHERE run_id = ?",
                [counts.get("read", 0), counts.get("analysed", 0), counts.get("rejected", 0),
                 counts.get("skipped_unchanged", 0), run_id])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def actors_stale(self, run_id: int) -> bool:
        """True when an earlier run stopped (killed, interrupted) after the last rebuild of `actors`."""
        row = self.con.execute("SELECT value FROM store_meta WHERE key = 'actors_run'").fetchone()
        since = int(row[0]) if row else 0
        return bool(self.con.execute("SELECT count(*) FROM runs WHERE run_id > ? AND run_id < ? AND "
                                     "status != 'complete'", [since, run_id]).fetchone()[0])

    def refresh_actors(self, run_id: int = 0) -> None:
        """Rebuild `actors` (corpus identities) from every article's actors, mentions and quotes."""
        cols = ", ".join(c for c, _ in SCHEMA["actors"])
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute("DELETE FROM store_meta WHERE key = 'actors_run'")
        self.con.execute("INSERT INTO store_meta VALUES ('actors_run', ?)", [str(run_id)])
        self.con.execute("DELETE FROM actors")
        self.con.execute(f"""
            INSERT INTO actors ({cols})
            WITH q AS (SELECT speaker_key, count(*) AS n FROM quotes WHERE speaker_key IS NOT NULL
                       GROUP BY speaker_key)
            SELECT aa.actor_key,
                   mode(aa.name) AS name, mode(aa.type) AS type,
                   count(DISTINCT aa.doc_key), sum(aa.n_mentions), coalesce(any_value(q.n), 0),
                   list_sort(list_distinct(flatten(list(aa.aliases)))),
                   min(a.published), max(a.published)
            FROM article_actors aa JOIN articles a USING (doc_key)
            LEFT JOIN q ON q.speaker_key = aa.actor_key
            GROUP BY aa.actor_key""")
        self.con.execute("COMMIT")

    MERGE_CHUNK = 2000  # articles read at a time by the actor merge

    def _actor_records(self) -> Iterator[dict]:
        """Each article's actors and co-occurring pairs as a record for `CorpusIdentity.add`, in
        `doc_key` order, read `MERGE_CHUNK` articles at a time: all of a 34k-article store's pairs at
        once were millions of Python dicts."""
        doc_keys = [k for (k,) in self.con.execute(
            "SELECT DISTINCT doc_key FROM article_actors ORDER BY doc_key").fetchall()]
        for n in range(0, len(doc_keys), self.MERGE_CHUNK):
            chunk = doc_keys[n : n + self.MERGE_CHUNK]
            pairs: dict[str, list[dict]] = {}
            for doc_key, a, b, sents, paras in self.con.execute(  # only pairs that count as context
                    "SELECT doc_key, a, b, sentences, paragraphs FROM cooccurrence WHERE doc_key IN "
                    "(SELECT unnest(?)) AND (coalesce(sentences, 0) <> 0 OR coalesce(paragraphs, 0) <> 0)",
                    [chunk]).fetchall():
                pairs.setdefault(doc_key, []).append({"a": a, "b": b, "sentences": sents, "paragraphs": paras})
            record: dict | None = None
            for doc_key, aid, name, typ, aliases, roles, n_mentions, country, wd, gid, published in \
                    self.con.execute("""
                    SELECT aa.doc_key, aa.actor_id, aa.name, aa.type, aa.aliases, aa.roles, aa.n_mentions,
                           aa.country, aa.wikidata, aa.gazetteer_id, CAST(a.published AS VARCHAR)
                    FROM article_actors aa JOIN articles a USING (doc_key)
                    WHERE aa.doc_key IN (SELECT unnest(?))
                    ORDER BY aa.doc_key, length(aa.actor_id), aa.actor_id""", [chunk]).fetchall():
                if record is None or record["id"] != doc_key:
                    if record is not None:
                        yield record
                    record = {"id": doc_key, "published": published, "actors": [],
                              "cooccurrence": pairs.get(doc_key, [])}
                record["actors"].append({"id": aid, "name": name, "type": typ, "aliases": aliases or [],
                                         "roles": roles or [], "mentions": [None] * (n_mentions or 0),
                                         "country": country, "wikidata": wd, "gazetteer_id": gid})
            if record is not None:
                yield record

    def merge_corpus_actors(self, gazetteer_file: str | None = None) -> int:
        """Re-key every article actor with `analysis.corpus_actors` (gazetteer, aliases, fuzzy names in
        context) over the whole store, in `doc_key` order so the result does not depend on run history.

        Returns the number of corpus identities. Keys are readable and stable: ``gaz:<id>`` for gazetteer
        actors, else ``TYPE:<name key of the canonical name>`` (``#n`` added if two identities share it).
        Without `analysis.corpus_actors` the per-article keys stay as they are.
        """
        try:
            from .corpus_actors import CorpusIdentity
            from .gazetteer import name_key
        except ImportError:
            return -1
        identity = CorpusIdentity(gazetteer_file)
        links: list[tuple[str, str, str]] = []  # (doc_key, article actor id, corpus actor id)
        for record in self._actor_records():
            links += [(record["id"], aid, cid) for aid, cid in identity.add(record).items()]
        keys: dict[str, str] = {}
        used: dict[str, int] = {}
        for c in identity.actors:
            key = f"gaz:{c.gazetteer_id}" if c.gazetteer_id else f"{c.type}:{name_key(c.name)}"
            used[key] = used.get(key, 0) + 1
            keys[c.id] = key if used[key] == 1 else f"{key}#{used[key]}"
        mapping = pa.table({"doc_key": [d for d, _, _ in links], "actor_id": [a for _, a, _ in links],
                            "actor_key": [keys[c] for _, _, c in links]})
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("_map", mapping)
            con.execute("UPDATE article_actors t SET actor_key = m.actor_key FROM _map m "
                        "WHERE t.doc_key = m.doc_key AND t.actor_id = m.actor_id")
            con.execute("UPDATE mentions t SET actor_key = m.actor_key FROM _map m "
                        "WHERE t.doc_key = m.doc_key AND t.actor_id = m.actor_id")
            con.execute("UPDATE quotes t SET speaker_key = m.actor_key FROM _map m "
                        "WHERE t.doc_key = m.doc_key AND t.speaker_id = m.actor_id")
            con.execute("UPDATE cooccurrence t SET a_key = m.actor_key FROM _map m "
                        "WHERE t.doc_key = m.doc_key AND t.a = m.actor_id")
            con.execute("UPDATE cooccurrence t SET b_key = m.actor_key FROM _map m "
                        "WHERE t.doc_key = m.doc_key AND t.b = m.actor_id")
            con.unregister("_map")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return len(identity.actors)

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SCHEMA}
