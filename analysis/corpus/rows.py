"""Analysis records as the store's rows: the one record -> rows mapping, used by the store and by
in-memory frames alike, with the column types of every table (:data:`SCHEMA`).

:data:`SCHEMA` is the one list of tables and columns: DuckDB DDL (:mod:`analysis.corpus.store`), the
Arrow/Parquet schema the Dask engine writes, and the DataFrames notebooks read (:mod:`analysis.corpus.frames`).
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pyarrow as pa

from analysis.actors.names import name_key
from analysis.corpus.duplicates import signature
from analysis.documents.article import paragraph_locator

SCHEMA_VERSION = 3  # 2: speaker keys and unified identities stored (analysis.corpus.keys); 3: near-duplicate
# articles marked (articles.signature, articles.duplicate_of: analysis.corpus.duplicates)

_ARROW = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
    "BOOLEAN": pa.bool_(), "BLOB": pa.binary(),
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
        # the body's MinHash signature, and the doc_key of the first copy when this article is a near-duplicate
        # of it (analysis.corpus.duplicates; decided over the whole store at the end of each run)
        ("signature", "BLOB"), ("duplicate_of", "VARCHAR"),
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
        # the IPTC Media Topic of the theme and its top-level subject (analysis.themes.iptc): QCodes
        ("medtop", "VARCHAR"), ("medtop_top", "VARCHAR"),
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
    # derived after each ingest, in SQL, from the tables above (analysis.corpus.speech): who speaks about
    # whom (one row per quote and actor mentioned inside it) and quote trails (one row per trail member)
    "quote_targets": [
        ("doc_key", "VARCHAR"), ("quote_idx", "INTEGER"), ("speaker_key", "VARCHAR"), ("speaker", "VARCHAR"),
        ("target_key", "VARCHAR"), ("target_id", "VARCHAR"), ("target_name", "VARCHAR"),
        ("target_type", "VARCHAR"), ("n_mentions", "INTEGER"), ("mention", "VARCHAR"), ("kind", "VARCHAR"),
        ("tone", "DOUBLE"),
    ],
    "quote_trails": [
        ("trail_id", "INTEGER"), ("speaker_key", "VARCHAR"), ("doc_key", "VARCHAR"), ("quote_idx", "INTEGER"),
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
_THEME_FIELDS = {"theme", "label", "score", "count", "evidence", "medtop", "medtop_top"}
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

def article_actor_key(actor: dict) -> str:
    """An article actor's key before the corpus merge (:mod:`analysis.corpus.identity` re-keys them after
    each run; ``--no-merge-actors`` keeps these): a knowledge-base id when the actor has one, else
    ``TYPE:name key``."""
    if actor.get("wikidata"):
        return f"wd:{actor['wikidata']}"
    if actor.get("gazetteer_id"):
        return f"gaz:{actor['gazetteer_id']}"
    return f"{actor.get('type') or '?'}:{name_key(actor.get('name') or '')}"


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
    keys = {a.get("id"): article_actor_key(a) for a in actors}
    text = record.get("text") or ""
    paragraph_of = paragraph_locator(record.get("paragraphs") or [])
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
                             "paragraph": paragraph_of(s)})
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
        "extra": _extra(t, _THEME_FIELDS), "medtop": t.get("medtop"), "medtop_top": t.get("medtop_top")}
        for t in record.get("themes") or []]
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
        "run_id": run_id, "analysed_at": at, "signature": signature(text, record.get("paragraphs"))}
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
