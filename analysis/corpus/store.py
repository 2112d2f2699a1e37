"""The corpus store: analysis records in an embedded DuckDB database, one row set per document.

Tables (one source of truth: :data:`analysis.corpus.rows.SCHEMA`, used for DuckDB DDL *and* the
Arrow/Parquet schema the Dask engine writes, so both engines produce identical rows):

- ``articles``       one row per analysed document (``doc_key`` = where it came from), the text, the
                     normalised fields notebooks filter on, and the full record as JSON (``record``, text
                     left out) so fields added to the records later are never lost;
- ``article_actors`` the actors of each article, with their corpus identity ``actor_key``;
- ``actors``         corpus identities: one row per ``actor_key`` (rebuilt at the end of every run);
- ``mentions``       every mention span of every actor;
- ``quotes``, ``themes``, ``cooccurrence``;
- ``quote_targets``, ``quote_trails``  who speaks about whom, and quote trails (:mod:`analysis.corpus.speech`,
                     rebuilt at the end of every run, after the actor merge);
- ``errors``         every rejected input with its code and message;
- ``runs``           what ran, when, with which model and settings, and read = analysed + rejected + skipped.

Writes go through :meth:`Store.write_batch`: one transaction per batch that first deletes the rows of
the batch's documents and then inserts their new rows, so a run killed at any point leaves every
document either fully stored or absent -- never duplicated, never half-written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Self

import duckdb
import pyarrow as pa

from analysis.actors.names import name_key
from analysis.corpus.duplicates import FIRST_COPIES, count_set_aside, duplicates_mode, mark_duplicates
from analysis.corpus.identity import ROLE_DESCRIPTOR, CorpusIdentity, IdentityRules
from analysis.corpus.keys import finalize_keys
from analysis.corpus.rows import DOC_TABLES, SCHEMA, SCHEMA_VERSION, article_actor_key
from analysis.corpus.speech import quote_targets_sql, trail_rows
from analysis.errors import StoreBusyError, StoreError, StoreNotFoundError, StoreVersionError, StoreWriteError
from analysis.settings import memory_size

# ---------------------------------------------------------------- the store

# What the operating system says when a store cannot be written (DuckDB passes its words on)
_UNWRITABLE = re.compile(r"Read-only file system|Permission denied")
_SYSTEM_SAYS = re.compile(r"No space left on device|File too large|Disk quota exceeded|Read-only file system|"
                          r"Permission denied")


def system_reason(e: Exception) -> str:
    """What the operating system said in a DuckDB I/O error ("No space left on device"), else DuckDB's own
    words (shortened): messages say why a write failed without the engine's wording around it."""
    found = _SYSTEM_SAYS.search(str(e)) or _WRITE_FAILED.search(str(e))
    return found.group() if found else str(e)[:300]
_WRITE_FAILED = re.compile(rf"{_SYSTEM_SAYS.pattern}|Could not write file|Could not (?:truncate|sync|fsync)",
                           re.IGNORECASE)


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a store, turning DuckDB's lock conflict and unusable files into messages that say what to do.

    DuckDB never hands a half-written file to a reader: while an ingest holds the write lock, other
    processes cannot open the store at all, so readers get this clear error rather than a torn snapshot.
    A reader (`read_only`) of a path where there is no store gets `StoreNotFoundError`, whichever reader it is,
    and of a store written by an older presswork `StoreVersionError` saying how to update it.
    """
    if read_only and not os.path.exists(path):
        raise StoreNotFoundError(f"no store at {path}; build one with `presswork ingest CORPUS --store {path}`")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise StoreError(f"cannot open the store {path}: the folder {folder} does not exist")
    if os.path.isdir(path):
        raise StoreError(f"the store {path} is a folder; give a file name such as {os.path.join(path, 'corpus.duckdb')}")
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.Error as e:
        if _UNWRITABLE.search(str(e)):  # a read-only file system or file: the store itself is fine
            raise StoreError(f"cannot open the store {path} for writing: {_UNWRITABLE.search(str(e)).group()}. "
                             "Commands that only read it (quotes, actors, export, report) still work; to "
                             "ingest, copy the store to a writable folder") from None
        if "lock" not in str(e).lower():
            raise StoreError(f"cannot open the store {path}: {e} (is it a presswork store, written completely? "
                             "An ingest into a new file rebuilds it)") from None
        holder = re.search(r"PID (\d+)", str(e))
        who = f"process {holder.group(1)}" if holder else "another process"
        raise StoreBusyError(
            f"{path} is being written by {who} (an ingest is running). A DuckDB store has one writer and "
            "no readers from other processes meanwhile: wait for the ingest to finish, or stop it (Ctrl-C; "
            "it resumes where it stopped), then open the store again."
        ) from None
    # no progress bar: in a notebook DuckDB draws it as an ipywidget, which a shared report would then try
    # to load from a CDN (and it says nothing once the query is done)
    con.execute("SET enable_progress_bar = false")
    if read_only:
        _check_version(con, path)
    return con


def stored_version(con) -> int | None:
    """The store's schema version (None: no presswork store_meta table, e.g. a new or foreign file)."""
    try:
        row = con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        return None
    return int(row[0]) if row else None


def _check_version(con, path: str) -> None:
    version = stored_version(con)
    if version is not None and version < SCHEMA_VERSION:
        con.close()
        raise StoreVersionError(
            f"{path} was written by an older presswork (store version {version}; this one reads version "
            f"{SCHEMA_VERSION}, where speaker keys, actor identities and near-duplicate articles are stored as "
            "the reports show them). "
            f"Update it once with `presswork ingest <its inputs> --store {path}`: unchanged articles are not "
            "analysed again.")


class Store:
    """A DuckDB corpus database opened for writing (one writer process at a time: DuckDB's own lock)."""

    def __init__(self, path: str | os.PathLike, read_only: bool = False, memory_limit: str | None = None) -> None:
        self.path = str(path)
        self.con = connect(self.path, read_only=read_only)
        if memory_limit:  # the writer's own buffers, bounded (Settings.store_memory); queries may spill to disk
            self.con.execute(f"SET memory_limit = '{memory_size(memory_limit)}'")
        if not read_only:
            self.ensure_schema()

    def close(self) -> None:
        self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """BEGIN ... COMMIT, rolled back when the body fails (the one place writes are made atomic).

        When the write itself failed (disk full, `ulimit -f`, a read-only file system) DuckDB has already
        ended the transaction: ROLLBACK then raised "cannot rollback - no transaction is active", chained
        over -- and hiding -- "No space left on device". The rollback's own failure is dropped, and a
        failed write is one StoreWriteError saying what the system said and how to resume."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
            self.con.execute("COMMIT")
        except BaseException as e:
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # already rolled back by DuckDB
            if isinstance(e, duckdb.Error) and _WRITE_FAILED.search(str(e)):
                raise self.write_error(e) from None
            raise

    def write_error(self, e: BaseException) -> StoreWriteError:
        return StoreWriteError(
            f"cannot write the store {self.path}: {system_reason(e)}. Every batch committed "
            "before is kept: free space (or raise the file size limit) and run the same command again to "
            "resume")

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

    def outdated(self) -> bool:
        """True for a store written by an older presswork: the next ingest recomputes its keys and tables."""
        version = stored_version(self.con)
        return version is not None and version < SCHEMA_VERSION

    # -- runs

    def begin_run(self, *, engine: str, jobs: int, inputs: list[str], model: dict, settings: dict,
                  fingerprint: str, version: str) -> int:
        with self.transaction() as con:
            # this process holds the store's only write lock: a run still marked running died without saying
            # so (kill -9, a full disk that let no last write through)
            con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
            con.execute(
                "INSERT INTO runs (run_id, started, status, engine, jobs, inputs, model, settings, fingerprint, "
                "presswork_version, read, analysed, rejected, skipped_unchanged, seconds) "
                "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)",
                [run_id, datetime.now(), engine, jobs, json.dumps(inputs), json.dumps(model),
                 json.dumps(settings), fingerprint, version])
        return run_id

    def finish_run(self, run_id: int, status: str, seconds: float) -> None:
        with self.transaction() as con:
            con.execute("UPDATE runs SET finished = ?, status = ?, seconds = ? WHERE run_id = ?",
                        [datetime.now(), status, seconds, run_id])

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
        with self.transaction() as con:
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

    def actors_stale(self, run_id: int) -> bool:
        """True when an earlier run stopped (killed, interrupted) after the last rebuild of `actors`."""
        row = self.con.execute("SELECT value FROM store_meta WHERE key = 'actors_run'").fetchone()
        since = int(row[0]) if row else 0
        return bool(self.con.execute("SELECT count(*) FROM runs WHERE run_id > ? AND run_id < ? AND "
                                     "status != 'complete'", [since, run_id]).fetchone()[0])

    def finish_keys(self, run_id: int = 0, keep_duplicates: bool = False) -> None:
        """What a run decides over the whole store once its articles are in, after the corpus merge (or
        `reset_article_keys`): near-duplicate articles (`analysis.corpus.duplicates`; `keep_duplicates`: none),
        speaker keys and unified identities (`analysis.corpus.keys`), the actor table (over first copies)
        and the speech tables built from them. The store is then current (its schema version)."""
        with self.transaction() as con:
            mark_duplicates(con, keep=keep_duplicates)
        finalize_keys(self.con)
        self.refresh_actors(run_id)
        self.refresh_speech()
        self.con.execute("UPDATE store_meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])

    def duplicate_count(self) -> int:
        """Articles stored as near-duplicates of another (`articles.duplicate_of`)."""
        return count_set_aside(self.con)

    def duplicates_stale(self, keep_duplicates: bool) -> bool:
        """True when the store's duplicates were last decided the other way (`--keep-duplicates` or not)."""
        mode = duplicates_mode(self.con)
        return mode is not None and (mode == "kept") != keep_duplicates

    def reset_article_keys(self) -> None:
        """Every article actor keyed by its per-article key again (`rows.article_actor_key`), and quotes by
        their speaker's: what `--no-merge-actors` keeps, recomputed so `finish_keys` starts afresh."""
        rows = self.con.execute("SELECT doc_key, actor_id, name, type, wikidata, gazetteer_id "
                                "FROM article_actors").fetchall()
        self._set_actor_keys(pa.table({
            "doc_key": [r[0] for r in rows], "actor_id": [r[1] for r in rows],
            "actor_key": [article_actor_key({"name": n, "type": t, "wikidata": w, "gazetteer_id": g})
                          for _, _, n, t, w, g in rows]}))

    def refresh_actors(self, run_id: int = 0) -> None:
        """Rebuild `actors` (corpus identities) from every article's actors, mentions and quotes."""
        cols = ", ".join(c for c, _ in SCHEMA["actors"])
        with self.transaction() as con:
            con.execute("DELETE FROM store_meta WHERE key = 'actors_run'")
            con.execute("INSERT INTO store_meta VALUES ('actors_run', ?)", [str(run_id)])
            # the speech tables are built on the actors: they are out of date until `refresh_speech` commits (a
            # kill in between left them stale for good, since this run's mark says the actors are current)
            con.execute("DELETE FROM store_meta WHERE key = 'speech'")
            con.execute("DELETE FROM actors")
            con.execute(f"INSERT INTO actors ({cols}) {actor_table_sql(FIRST_COPIES)}")

    def refresh_speech(self) -> None:
        """Rebuild `quote_targets` and `quote_trails` from the quotes and mentions, in SQL: run after the actor
        merge, so speakers and targets are corpus identities. Marked in `store_meta` ('speech'): a store
        written before these tables existed has no mark, and readers compute them (`speech_tables`)."""
        con = self.con
        trails = trail_rows(con)  # outside the transaction: it uses temporary tables of its own
        with self.transaction():
            con.execute("DELETE FROM quote_targets")
            cols = ", ".join(c for c, _ in SCHEMA["quote_targets"])
            con.execute(f"INSERT INTO quote_targets ({cols}) SELECT {cols} FROM ({quote_targets_sql()})")
            con.execute("DELETE FROM quote_trails")
            con.register("_trails", trails)
            con.execute("INSERT INTO quote_trails BY NAME SELECT * FROM _trails")
            con.unregister("_trails")
            con.execute("DELETE FROM store_meta WHERE key = 'speech'")
            con.execute("INSERT INTO store_meta VALUES ('speech', 'current')")

    def speech_current(self) -> bool:
        """True when `refresh_speech` has run since the actors last changed (a store from before it has no
        edges or trails; a run killed between the actor and the speech rebuild left them out of date)."""
        return bool(self.con.execute("SELECT count(*) FROM store_meta WHERE key = 'speech'").fetchone()[0])

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
            texts = {(d, a): t for d, a, t in self.con.execute(  # what each mention says (joins inside articles)
                "SELECT doc_key, actor_id, list(text ORDER BY start_char) FROM mentions WHERE doc_key IN "
                "(SELECT unnest(?)) GROUP BY doc_key, actor_id", [chunk]).fetchall()}
            record: dict | None = None
            for doc_key, aid, name, typ, aliases, roles, n_mentions, country, wd, gid, published, evidence in \
                    self.con.execute("""
                    SELECT aa.doc_key, aa.actor_id, aa.name, aa.type, aa.aliases, aa.roles, aa.n_mentions,
                           aa.country, aa.wikidata, aa.gazetteer_id, CAST(a.published AS VARCHAR),
                           json_extract_string(aa.extra, '$.gazetteer_evidence')
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
                                         "country": country, "wikidata": wd, "gazetteer_id": gid,
                                         "gazetteer_evidence": evidence,
                                         "mention_texts": texts.get((doc_key, aid), [])})
            if record is not None:
                yield record

    def corpus_identity(self, gazetteer_file: str | None = None, identity_file: str | None = None
                        ) -> CorpusIdentity:
        """The corpus identities of every stored article actor (read only: nothing is written)."""
        identity = CorpusIdentity(gazetteer_file, identity_file)
        for record in self._actor_records():
            identity.add(record)
        identity.finish()
        return identity

    def role_answers(self) -> list[tuple[str, str, str, str]]:
        """Quotes by a role descriptor ("the prime minister") that have a speaker: (article, article actor
        id, descriptor, how) -- answered by the person the article names in that role ("in the article"),
        or by the corpus (`resolve_role_speakers`, "from the corpus": the article actor is one of the
        articles the answer's identity appears in)."""
        return [tuple(r) for r in self.con.execute("""
            WITH one AS (SELECT actor_key, arg_min(doc_key, doc_key) AS doc_key,
                                arg_min(actor_id, doc_key) AS actor_id
                         FROM article_actors GROUP BY actor_key)
            SELECT CASE WHEN q.speaker_id IS NULL THEN one.doc_key ELSE q.doc_key END,
                   coalesce(q.speaker_id, one.actor_id), q.speaker_text,
                   CASE WHEN q.speaker_id IS NULL THEN 'from the corpus' ELSE 'in the article' END
            FROM quotes q LEFT JOIN one ON one.actor_key = q.speaker_key
            WHERE q.speaker_id IS NOT NULL AND regexp_matches(q.speaker_text, ?)
                  OR json_extract_string(q.extra, '$.speaker_by') LIKE 'corpus role%'""", [ROLE_DESCRIPTOR]
                                                   ).fetchall()]

    def joined_apart(self, identity_file: str | None) -> set[str]:
        """The articles with a join made inside them that the identity file's `different:` lists undo (an
        article actor holding a name listed as different from its own): `ingest` analyses them again."""
        rules = IdentityRules.load(identity_file)
        if not rules.different:
            return set()
        rows = self.con.execute("SELECT doc_key, name, aliases FROM article_actors WHERE len(aliases) > 1").fetchall()
        return {doc for doc, name, aliases in rows if rules.joined_apart(name, aliases or [])}

    def merge_corpus_actors(self, gazetteer_file: str | None = None, identity_file: str | None = None) -> int:
        """Re-key every article actor with `analysis.corpus.identity` (gazetteer, name rules, context, the
        analyst's identity file) over the whole store, in `doc_key` order so the result does not depend on run history.

        Returns the number of corpus identities. Keys are readable and stable: ``gaz:<id>`` for gazetteer
        actors, else ``TYPE:<name key of the canonical name>`` (``#n`` added if two identities share it).
        """
        identity = self.corpus_identity(gazetteer_file, identity_file)
        links = identity.links()  # (doc_key, article actor id, corpus actor id)
        keys: dict[str, str] = {}
        used: dict[str, int] = {}
        for c in identity.actors:
            key = f"gaz:{c.gazetteer_id}" if c.gazetteer_id else f"{c.type}:{name_key(c.name)}"
            used[key] = used.get(key, 0) + 1
            keys[c.id] = key if used[key] == 1 else f"{key}#{used[key]}"
        self._set_actor_keys(pa.table({"doc_key": [d for d, _, _ in links], "actor_id": [a for _, a, _ in links],
                                       "actor_key": [keys[c] for _, _, c in links]}))
        self.resolve_role_speakers(gazetteer_file, identity_file)  # keys changed: answers for open roles too
        return len(identity.actors)

    def _set_actor_keys(self, mapping: pa.Table) -> None:
        """Key every article actor as `mapping` (doc_key, actor_id, actor_key) says, with its mentions, the
        quotes it speaks and its co-occurring pairs; other quotes lose their key (`finish_keys` decides it)."""
        with self.transaction() as con:
            con.execute("UPDATE quotes SET speaker_key = NULL WHERE speaker_key IS NOT NULL")
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
            con.execute("DELETE FROM store_meta WHERE key = 'speech'")  # re-keyed: edges and trails are stale

    def resolve_role_speakers(self, gazetteer_file: str | None = None, identity_file: str | None = None) -> int:
        """Give quotes by an open role descriptor ("the prime minister") to the person the corpus names in
        that role near the article (see :mod:`analysis.corpus.role_holders`); earlier such answers are
        recomputed. Returns how many quotes got a speaker."""
        from analysis.actors.evidence import dateline_country
        from analysis.actors.gazetteer import get_gazetteer
        from analysis.corpus.role_holders import Where, resolve_role_quotes

        gaz = get_gazetteer(gazetteer_file)
        con = self.con
        places: dict[str | None, str | None] = {}

        def where(outlet, dateline, published) -> Where:
            if dateline not in places:
                places[dateline] = dateline_country(gaz, dateline)
            return Where(outlet, places[dateline], published)

        con.execute("""UPDATE quotes SET speaker_key = NULL, speaker = speaker_text,
                       extra = json_remove(extra, '$.speaker_by')
                       WHERE json_extract_string(extra, '$.speaker_by') LIKE 'corpus role%'""")
        quotes = [(d, i, t, where(o, dl, p)) for d, i, t, o, dl, p in con.execute("""
            SELECT q.doc_key, q.quote_idx, q.speaker_text, coalesce(a.publisher, a.source), a.dateline_location,
                   a.published
            FROM quotes q JOIN articles a USING (doc_key)
            WHERE q.speaker_id IS NULL AND q.speaker_type = 'nominal' AND lower(q.speaker_text) LIKE 'the %'
            """).fetchall()]
        if not quotes:
            return 0
        holders = [(d, k, n, r, c, where(o, dl, p)) for d, k, n, r, c, o, dl, p in con.execute("""
            SELECT aa.doc_key, aa.actor_key, aa.name, unnest(aa.roles), aa.country, coalesce(a.publisher, a.source),
                   a.dateline_location, a.published
            FROM article_actors aa JOIN articles a USING (doc_key)
            WHERE aa.type = 'PERSON' AND aa.actor_key IS NOT NULL AND len(aa.roles) > 0""").fetchall()]
        rules = IdentityRules.load(identity_file)
        answers = resolve_role_quotes(quotes, holders, lambda d, n: rules.apart({name_key(d)}, {name_key(n)}))
        if answers:
            con.executemany("""UPDATE quotes SET speaker_key = ?, speaker = ?,
                               extra = json_merge_patch(coalesce(extra, '{}'), json_object('speaker_by', ?))
                               WHERE doc_key = ? AND quote_idx = ?""",
                            [[a.actor_key, a.name, a.why, a.doc_key, a.quote_idx] for a in answers])
        return len(answers)

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SCHEMA}


def _most_common(column: str) -> str:
    """The most frequent value of `column` in a group, the smallest one on a tie. DuckDB's `mode()` returns
    whichever tied value its parallel aggregation met first, so an identity named or typed as often one way as
    the other ("PERSON" in one article, "ORG" in another) could change between two reads of the same rows."""
    return (f"list_sort(list_transform(map_entries(histogram({column})), "
            "lambda e: {'n': -(e.value::BIGINT), 'v': e.key}))[1].v")


def actor_table_sql(doc_condition: str, having: str = "TRUE", type_condition: str = "TRUE") -> str:
    """The actor table (one row per `actor_key`, the columns of SCHEMA["actors"]) over the articles whose
    `doc_key` meets `doc_condition`: what `refresh_actors` stores for every article and what
    `Corpus.actors` counts over filtered ones (one aggregate, in one place)."""
    return f"""
        WITH docs AS (SELECT doc_key FROM articles WHERE {doc_condition}),
             aa AS (SELECT * FROM article_actors WHERE doc_key IN (SELECT doc_key FROM docs)),
             q AS (SELECT speaker_key, count(*) AS n FROM quotes WHERE doc_key IN (SELECT doc_key FROM docs)
                   AND speaker_key IS NOT NULL GROUP BY speaker_key)
        SELECT aa.actor_key, {_most_common("aa.name")} AS name, {_most_common("aa.type")} AS type,
               count(DISTINCT aa.doc_key) AS n_articles, sum(aa.n_mentions) AS n_mentions,
               coalesce(any_value(q.n), 0) AS n_quotes,
               list_sort(list_distinct(flatten(list(aa.aliases)))) AS aliases,
               min(a.published) AS first_published, max(a.published) AS last_published
        FROM aa JOIN articles a USING (doc_key) LEFT JOIN q ON q.speaker_key = aa.actor_key
        WHERE {type_condition}
        GROUP BY aa.actor_key HAVING {having}"""


def speech_tables(con) -> dict[str, str]:
    """Where to read ``quote_targets`` and ``quote_trails`` from on `con`: the stored tables when the store
    has them (its last ingest computed them), else the same rows computed now into temporary views (an
    older store, opened read-only: nothing is written to it)."""
    names = {"quote_targets": "quote_targets", "quote_trails": "quote_trails"}
    try:
        current = con.execute("SELECT count(*) FROM store_meta WHERE key = 'speech'").fetchall()[0][0] > 0
    except duckdb.CatalogException:  # a store with no store_meta at all
        current = False
    if current:
        return names
    con.execute(f"CREATE OR REPLACE TEMP VIEW _quote_targets AS {quote_targets_sql()}")
    trails = trail_rows(con)
    con.register("_trails_now", trails)
    con.execute("CREATE OR REPLACE TEMP TABLE _quote_trails AS SELECT * FROM _trails_now")
    con.unregister("_trails_now")
    return {"quote_targets": "_quote_targets", "quote_trails": "_quote_trails"}
