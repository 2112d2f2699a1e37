"""Actor profiles: who talks about what, and the tone of the coverage around each actor.

Input is analysis records (dicts from ``ArticleAnalysis.to_record()``, e.g. read back from
``presswork analyze`` JSON Lines). Records made with sentences (``to_record(include_sentences=True)``,
``presswork analyze --sentences``) give sentence-level results; without them the paragraph is the unit.

* :func:`actor_theme_table` - tidy table, one row per (actor, theme, via) with ``via`` either
  ``"quote"`` (themes of the quotes the actor is credited with) or ``"mention"`` (themes of the
  sentences the actor is mentioned in).
* :func:`actor_tone_table` - per actor: mentions, sentences, mean tone of those sentences, quotes and
  the mean tone of their quotes.
* :func:`speaker_profile` - the chart-ready pivot: top speakers x themes, share of their quotes.

>>> records = [json.loads(line) for line in open("tt.jsonl")]     # doctest: +SKIP
>>> speaker_profile(actor_theme_table(records), top=10)            # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from statistics import fmean

import pandas as pd

from analysis.themes.valence import tone_of

THEME_COLUMNS = ["actor", "actor_type", "theme", "label", "via", "count", "articles"]
TONE_COLUMNS = ["actor", "actor_type", "articles", "mentions", "sentences", "coverage_tone",
                "coverage_gdelt", "quotes", "quote_tone"]


def _units(record: dict) -> list[dict]:
    """The record's sentences, or its paragraphs as stand-ins ({start, end, themes, tone, gdelt})."""
    if record.get("sentences"):
        return record["sentences"]
    units = []
    for start, end in record.get("paragraphs", []):
        themes = [t["theme"] for t in record.get("themes", [])
                  if any(start <= s < end for s, _ in t.get("evidence", []))]
        units.append({"start": start, "end": end, "themes": themes,
                      "tone": tone_of(record.get("text", "")[start:end]), "gdelt": None})
    return units


def _speaker(quote: dict, actors: dict[str, dict], include_unnamed: bool) -> tuple[str, str] | None:
    """(name, type) of a quote's speaker: the resolved actor when there is one, else the speaker text."""
    actor = actors.get(quote.get("speaker_id") or "")
    if actor:
        return actor["name"], actor["type"]
    if quote.get("speaker") and (include_unnamed or quote.get("speaker_type") not in ("unnamed", None)):
        return quote["speaker"], quote.get("speaker_type") or "?"
    return None


def _labels(records: list[dict]) -> dict[str, str]:
    return {t["theme"]: t["label"] for r in records for t in r.get("themes", [])}


def _usable(records: Iterable[dict]) -> list[dict]:
    """Analysis records only (rejected documents carry an "error" and no analysis)."""
    return [r for r in records if "error" not in r]


def actor_theme_table(records: Iterable[dict], include_unnamed: bool = False,
                      labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Tidy counts: actor x theme x via ("quote" | "mention"), with the number of articles.

    A quote counts once per theme it carries; a sentence counts once per theme for each actor
    mentioned in it (however often the actor is named in that sentence).
    """
    records = _usable(records)
    labels = {**_labels(records), **(labels or {})}
    counts: dict[tuple, int] = defaultdict(int)
    articles: dict[tuple, set] = defaultdict(set)
    types: dict[str, str] = {}
    for r in records:
        actors = {a["id"]: a for a in r.get("actors", [])}
        for q in r.get("quotes", []):
            who = _speaker(q, actors, include_unnamed)
            if not who:
                continue
            types.setdefault(*who)
            for theme in q.get("themes", []):
                counts[(who[0], theme, "quote")] += 1
                articles[(who[0], theme, "quote")].add(r["id"])
        units = _units(r)
        for a in actors.values():
            types.setdefault(a["name"], a["type"])
            seen = {i for s, e in a.get("mentions", []) for i, u in enumerate(units)
                    if u["start"] <= s < u["end"]}
            for i in seen:
                for theme in units[i]["themes"]:
                    counts[(a["name"], theme, "mention")] += 1
                    articles[(a["name"], theme, "mention")].add(r["id"])
    rows = [{"actor": actor, "actor_type": types.get(actor, "?"), "theme": theme, "label": labels.get(theme, theme),
             "via": via, "count": n, "articles": len(articles[(actor, theme, via)])}
            for (actor, theme, via), n in counts.items()]
    table = pd.DataFrame(rows, columns=THEME_COLUMNS)
    return table.sort_values(["actor", "via", "count"], ascending=[True, True, False], ignore_index=True)


def actor_tone_table(records: Iterable[dict], include_unnamed: bool = False) -> pd.DataFrame:
    """Per actor: how much coverage, its tone (mean over the sentences naming the actor), and quote tone."""
    records = _usable(records)
    stats: dict[str, dict] = defaultdict(lambda: {"articles": set(), "mentions": 0, "tones": [], "gdelt": [],
                                                  "quote_tones": [], "type": "?"})
    for r in records:
        actors = {a["id"]: a for a in r.get("actors", [])}
        units = _units(r)
        for a in actors.values():
            s = stats[a["name"]]
            s["type"] = a["type"]
            s["articles"].add(r["id"])
            s["mentions"] += len(a.get("mentions", []))
            for i in {i for m0, _ in a.get("mentions", []) for i, u in enumerate(units)
                      if u["start"] <= m0 < u["end"]}:
                s["tones"].append(units[i]["tone"])
                if units[i].get("gdelt") is not None:
                    s["gdelt"].append(units[i]["gdelt"])
        for q in r.get("quotes", []):
            who = _speaker(q, actors, include_unnamed)
            if who and q.get("tone") is not None:
                s = stats[who[0]]
                s["type"] = s["type"] if s["type"] != "?" else who[1]
                s["articles"].add(r["id"])
                s["quote_tones"].append(q["tone"])

    def mean(values: list[float]) -> float | None:
        return round(fmean(values), 4) if values else None

    rows = [{"actor": name, "actor_type": s["type"], "articles": len(s["articles"]), "mentions": s["mentions"],
             "sentences": len(s["tones"]), "coverage_tone": mean(s["tones"]), "coverage_gdelt": mean(s["gdelt"]),
             "quotes": len(s["quote_tones"]), "quote_tone": mean(s["quote_tones"])}
            for name, s in stats.items()]
    table = pd.DataFrame(rows, columns=TONE_COLUMNS)
    return table.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)


def quote_counts(records: Iterable[dict], include_unnamed: bool = False) -> pd.Series:
    """Quotes per speaker (all quotes, with or without themes), most quoted first."""
    counts: dict[str, int] = defaultdict(int)
    for r in _usable(records):
        actors = {a["id"]: a for a in r.get("actors", [])}
        for q in r.get("quotes", []):
            who = _speaker(q, actors, include_unnamed)
            if who:
                counts[who[0]] += 1
    return pd.Series(counts, name="quotes", dtype="int64").sort_values(ascending=False, kind="stable")


def speaker_profile(table: pd.DataFrame, top: int = 10, via: str = "quote", share: bool = True,
                    totals: pd.Series | None = None) -> pd.DataFrame:
    """Pivot of the tidy table: the `top` actors (by `totals`, else by theme-tagged count) x theme labels.

    With `share`, values are the percentage of the actor's `totals` (their quotes, say) carrying the
    theme; a quote can carry several themes, so rows may sum above 100.
    """
    part = table[table["via"] == via]
    if part.empty:
        return pd.DataFrame()
    grid = part.pivot_table(index="actor", columns="label", values="count", aggfunc="sum", fill_value=0)
    ranking = totals if totals is not None else grid.sum(axis=1)
    ranking = ranking[ranking.index.isin(grid.index)].sort_values(ascending=False, kind="stable")
    names = list(ranking.index[:top])
    grid = grid.loc[names]
    grid = grid.loc[:, grid.sum(axis=0).sort_values(ascending=False).index]
    if share:
        base = ranking.loc[names] if totals is not None else grid.sum(axis=1)
        grid = (100 * grid.div(base, axis=0)).round(1)
    grid.insert(0, "n", ranking.loc[names].astype(int))
    grid.columns.name = "theme"
    return grid
