"""Who speaks about whom (``quote_targets``) and how a statement travels (``quote_trails``), computed inside
the store with SQL, after the corpus actor merge so that every key is a corpus identity.

- ``quote_targets``: one row per quote and actor mentioned inside the quote's content span (the speaker's
  own identity left out), with the quote's kind and tone: the directed edges speaker -> target. Speakers are
  actors of their article (``speaker_id``): the keys a store gives other speakers (``Q:``, ``U:`` groups,
  `analysis.corpus.keys`) count them in share of voice, they make no edges or trails.
- ``quote_trails``: quotes of one speaker (``speaker_key``) clustered by near-identical content across
  articles. Two quotes are linked when they share word 3-shingles (:data:`MIN_SHARED` at least) covering
  :data:`MIN_CONTAINMENT` of the shorter one (a shortened headline version, an indirect paraphrase keeping the
  key phrase), or when their shingle sets overlap by :data:`MIN_JACCARD`; a trail is a connected group of
  links spanning at least two articles. Shingles used by many quotes of the speaker (set phrases: "we are
  going to") only propose candidate pairs up to :data:`MAX_SHINGLE_QUOTES`; pairs are then scored on their
  full shingle sets. Only quotes of different articles are linked: a statement repeated inside one article
  (run-together paragraphs, a quote and its continuation) joins a trail through its link to another article,
  and the pairs inside long articles were most of the work.

Both are plain SQL over ``quotes``, ``mentions``, ``article_actors`` and ``articles`` (the union-find that
turns trail links into groups runs in Python over the link list, which is small), so the same code serves a
store at the end of an ingest (:meth:`analysis.corpus.store.Store.refresh_speech`), an older store read
without them (:func:`quote_targets_sql`, :func:`trail_rows`), and records analysed in a notebook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import pyarrow as pa

# Link thresholds (see the module docstring), chosen by reading the trails they give on PolNeAR (all splits);
# the possessive rule and MIN_SHARED_RUN came after the first recall measurement (benchmarks/trails.py).
MIN_WORDS = 4  # quotes shorter than this ("rigged", "a disaster") are phrases, not statements to follow
MIN_JACCARD = 0.5  # near-identical wording: linked whenever it was published
# A shorter or reworded version (a headline, an indirect paraphrase keeping the key phrase): at least
# MIN_SHARED shared shingles covering MIN_CONTAINMENT of the shorter quote, MIN_SPECIFIC of them specific
# (not in more than GENERIC_SHARE of all quotes: "the united states", "a lot of"), published within
# WINDOW_DAYS of each other: a speaker repeats stock phrases for months, a statement travels in weeks.
MIN_SHARED = 3
MIN_CONTAINMENT = 0.5
MIN_SPECIFIC = 2
GENERIC_SHARE = 0.002
WINDOW_DAYS = 31
# Two quotes bundling different sentences around one they share (a statement quoted whole in one article,
# cut in two in another) are linked by a long shared run: MIN_SHARED_RUN specific shingles or more.
MIN_SHARED_RUN = 12
MAX_SHINGLE_QUOTES = 200  # a shingle in more of one speaker's quotes proposes no pairs (still scored)

QUOTE_TARGETS_SQL = """
SELECT q.doc_key, q.quote_idx, q.speaker_key, q.speaker, m.actor_key AS target_key,
       any_value(m.actor_id) AS target_id, any_value(aa.name) AS target_name,
       any_value(aa.type) AS target_type, CAST(count(*) AS INTEGER) AS n_mentions,
       arg_min(m.text, m.start_char) AS mention, q.kind, q.tone
FROM quotes q
JOIN mentions m ON m.doc_key = q.doc_key AND m.start_char >= q.start_char AND m.end_char <= q.end_char
LEFT JOIN article_actors aa ON aa.doc_key = m.doc_key AND aa.actor_id = m.actor_id
WHERE q.speaker_id IS NOT NULL AND m.actor_key IS NOT NULL AND m.actor_key <> q.speaker_key
  AND m.actor_id IS DISTINCT FROM q.speaker_id
GROUP BY q.doc_key, q.quote_idx, q.speaker_key, q.speaker, m.actor_key, q.kind, q.tone
"""


def quote_targets_sql() -> str:
    """The ``quote_targets`` rows as a SELECT over the store's tables (columns as in `rows.SCHEMA`)."""
    return QUOTE_TARGETS_SQL


# Word tokens of a quote: letters and digits, a possessive 's dropped and other apostrophes removed
# ("ISIS's" = "ISIS’" = "isis", "don't" = "dont"), so that typographic and straight apostrophes, and quotation
# marks, never separate two versions of one statement. `words` below is the same rule in Python.
_TOKENS_SQL = (r"regexp_extract_all(regexp_replace(regexp_replace(lower(q.text), '[''’‘`]s\b', '', 'g'), "
               r"'[''’‘`]', '', 'g'), '[a-z0-9]+')")

_SHINGLES_SQL = f"""
CREATE OR REPLACE TEMP TABLE _trail_quotes AS
SELECT row_number() OVER (ORDER BY q.doc_key, q.quote_idx) AS qid, dense_rank() OVER (ORDER BY q.doc_key) AS did,
       q.doc_key, q.quote_idx, q.speaker_key,
       {_TOKENS_SQL} AS tokens, a.published
FROM quotes q LEFT JOIN articles a USING (doc_key)
WHERE q.speaker_id IS NOT NULL AND q.text IS NOT NULL;

CREATE OR REPLACE TEMP TABLE _trail_shingles AS
SELECT DISTINCT qid, did, speaker_key,
       hash(tokens[i] || ' ' || tokens[i + 1] || ' ' || tokens[i + 2]) AS h
FROM (SELECT qid, did, speaker_key, tokens, unnest(range(1, len(tokens) - 1)) AS i
      FROM _trail_quotes WHERE len(tokens) >= {MIN_WORDS});
"""

_LINKS_SQL = f"""
WITH sizes AS (SELECT qid, count(*) AS n FROM _trail_shingles GROUP BY qid),
     generic AS (SELECT h FROM _trail_shingles GROUP BY h
                 HAVING count(*) > greatest(20, {GENERIC_SHARE} * (SELECT count(*) FROM _trail_quotes))),
     df AS (SELECT speaker_key, h FROM _trail_shingles GROUP BY speaker_key, h
            HAVING count(*) BETWEEN 2 AND {MAX_SHINGLE_QUOTES}),
     rare AS (SELECT s.qid, s.did, s.speaker_key, s.h FROM _trail_shingles s JOIN df USING (speaker_key, h)),
     candidates AS (SELECT DISTINCT a.qid AS qa, b.qid AS qb FROM rare a
                    JOIN rare b ON a.speaker_key = b.speaker_key AND a.h = b.h AND a.qid < b.qid
                    AND a.did <> b.did),
     shared AS (SELECT c.qa, c.qb, count(*) AS inter,
                       count(*) FILTER (WHERE sa.h NOT IN (SELECT h FROM generic)) AS specific
                FROM candidates c
                JOIN _trail_shingles sa ON sa.qid = c.qa
                JOIN _trail_shingles sb ON sb.qid = c.qb AND sb.h = sa.h
                GROUP BY c.qa, c.qb)
SELECT s.qa, s.qb
FROM shared s JOIN sizes na ON na.qid = s.qa JOIN sizes nb ON nb.qid = s.qb
JOIN _trail_quotes ta ON ta.qid = s.qa JOIN _trail_quotes tb ON tb.qid = s.qb
WHERE s.inter >= {MIN_JACCARD} * (na.n + nb.n - s.inter) OR s.specific >= {MIN_SHARED_RUN}
   OR (s.inter >= {MIN_SHARED} AND s.inter >= {MIN_CONTAINMENT} * least(na.n, nb.n)
       AND s.specific >= {MIN_SPECIFIC}
       AND (ta.published IS NULL OR tb.published IS NULL
            OR abs(date_diff('day', ta.published, tb.published)) <= {WINDOW_DAYS}))
"""


def _groups(links: Iterable[tuple[int, int]]) -> dict[int, int]:
    """qid -> the smallest qid of its connected group (union-find with path halving)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def trail_rows(con) -> pa.Table:
    """The ``quote_trails`` rows of the store open on `con`: (trail_id, speaker_key, doc_key, quote_idx),
    trails numbered by first appearance (date, then article), members of trails spanning >= 2 articles."""
    con.execute("SET enable_progress_bar = false")  # DuckDB's bar would land in `presswork quotes` output
    con.execute(_SHINGLES_SQL)
    links = con.execute(_LINKS_SQL).fetchall()
    group = _groups(links)
    empty = pa.table({"trail_id": pa.array([], pa.int32()), "speaker_key": pa.array([], pa.string()),
                      "doc_key": pa.array([], pa.string()), "quote_idx": pa.array([], pa.int32())})
    if not group:
        con.execute("DROP TABLE IF EXISTS _trail_quotes; DROP TABLE IF EXISTS _trail_shingles")
        return empty
    con.register("_trail_groups", pa.table({"qid": list(group), "root": list(group.values())}))
    table = con.sql("""
        WITH m AS (SELECT g.root, t.qid, t.doc_key, t.quote_idx, t.speaker_key, a.published
                   FROM _trail_groups g JOIN _trail_quotes t USING (qid) JOIN articles a USING (doc_key)),
             trails AS (SELECT root, min(published) AS first_date, min(doc_key) AS first_doc
                        FROM m GROUP BY root HAVING count(DISTINCT doc_key) >= 2)
        SELECT CAST(dense_rank() OVER (ORDER BY t.first_date NULLS LAST, t.first_doc, t.root) AS INTEGER)
                   AS trail_id, m.speaker_key, m.doc_key, CAST(m.quote_idx AS INTEGER) AS quote_idx
        FROM m JOIN trails t USING (root)
        ORDER BY trail_id, m.published NULLS LAST, m.doc_key, m.quote_idx""").to_arrow_table()
    con.unregister("_trail_groups")
    con.execute("DROP TABLE IF EXISTS _trail_quotes; DROP TABLE IF EXISTS _trail_shingles")
    return table


def trail_members_sql(table: str = "quote_trails") -> str:
    """Trail members (from `table`, the stored trails or those computed now) with their quote and article:
    the one shape `Corpus.trails`, the frames and `trail_records` read."""
    return f"""SELECT t.trail_id, t.speaker_key, t.doc_key, t.quote_idx, q.speaker, q.kind, q.text, q.tone,
                      a.source, a.publisher, a.published, a.headline
               FROM {table} t JOIN quotes q USING (doc_key, quote_idx) JOIN articles a USING (doc_key)"""


# ---------------------------------------------------------------- wording drift

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words two versions of a statement are compared on (the tokens the trail links use)."""
    return _WORD.findall(re.sub(r"['’‘`]", "", re.sub(r"['’‘`]s\b", "", (text or "").lower())))


def drift(first: dict, member: dict) -> dict:
    """How `member` (a trail member: ``text``, ``kind``) words the statement compared with the trail's
    `first` appearance: words dropped and added, a change of kind (direct -> indirect) and whether it is a
    shortened version (a headline, or under 60% of the first one's words)."""
    a, b = words(first.get("text") or ""), words(member.get("text") or "")
    sa, sb = set(a), set(b)
    kinds = (first.get("kind"), member.get("kind"))
    return {
        "dropped": [w for w in dict.fromkeys(a) if w not in sb],
        "added": [w for w in dict.fromkeys(b) if w not in sa],
        "kind_change": f"{kinds[0]} -> {kinds[1]}" if kinds[0] != kinds[1] else "",
        "shortened": bool(b) and (member.get("kind") == "headline" or len(b) < 0.6 * len(a)),
    }


# ---------------------------------------------------------------- trails as records

def _day(value) -> str | None:
    """A date as ISO text (None when missing): pandas gives Timestamps, NaT, or dates from DuckDB."""
    if value is None or pd.isna(value):
        return None
    return str(value)[:10]


def trail_records(members) -> list[dict]:
    """Trail member rows (`analysis.corpus.query.Corpus.trails`: ``trail_id``, ``speaker_key``, ``speaker``,
    ``doc_key``, ``source``, ``published``, ``kind``, ``text``) as one dict per trail: ``speaker`` (the name
    most members give), ``speaker_key``, ``first`` (the earliest member: date, then article), ``members`` in
    order of appearance, each with its wording ``drift`` from the first, and ``sources``: each outlet with
    the date it first carried the statement and its number of articles."""
    out = []
    for trail_id, group in members.groupby("trail_id", sort=True):
        rows = group.assign(day=group["published"].map(_day)).sort_values(
            ["day", "doc_key", "quote_idx"], na_position="last")
        ms = [{"doc_key": r.doc_key, "quote_idx": int(r.quote_idx), "source": r.source, "published": r.day,
               "kind": r.kind, "text": r.text} for r in rows.itertuples()]
        first = ms[0]
        for m in ms:
            m["drift"] = drift(first, m)
        sources: dict[str, dict] = {}
        for m in ms:
            s = sources.setdefault(m["source"] or "?", {"source": m["source"], "first": m["published"],
                                                       "articles": set()})
            s["articles"].add(m["doc_key"])
        names = group["speaker"].dropna()
        out.append({
            "trail_id": int(trail_id), "speaker": names.mode().iat[0] if len(names) else None,
            "speaker_key": group["speaker_key"].iat[0], "first": {k: v for k, v in first.items() if k != "drift"},
            "members": ms, "n_articles": int(group["doc_key"].nunique()),
            "sources": [{"source": s["source"], "first": s["first"], "articles": len(s["articles"])}
                        for s in sources.values()]})
    return out
