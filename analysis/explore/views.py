"""Record -> DataFrames and escaped HTML: what notebooks display, computed here so it is tested.

Charts take these DataFrames (analysis.explore.charts); nothing here touches spaCy.
"""

from __future__ import annotations

import html

import pandas as pd

ACTOR_COLUMNS = ["name", "type", "mentions", "roles", "aliases"]
QUOTE_COLUMNS = ["speaker", "kind", "cue", "text", "via", "start", "end"]
THEME_COLUMNS = ["theme", "label", "score", "count"]


def actors_frame(record: dict) -> pd.DataFrame:
    """One row per actor, most mentioned first."""
    rows = [
        {"name": a["name"], "type": a["type"], "mentions": len(a["mentions"]),
         "roles": "; ".join(a.get("roles") or []), "aliases": "; ".join(x for x in a.get("aliases") or [] if x != a["name"])}
        for a in record.get("actors", [])
    ]
    df = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    return df.sort_values(["mentions", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def quotes_frame(record: dict) -> pd.DataFrame:
    """One row per quote in text order; unnamed speakers shown by their text."""
    rows = [
        {"speaker": q.get("speaker") or q.get("speaker_text") or "(unknown)", "kind": q["kind"],
         "cue": q.get("cue") or "", "text": q["text"], "via": q.get("via") or "", "start": q["start"], "end": q["end"]}
        for q in record.get("quotes", [])
    ]
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS).sort_values("start", kind="stable").reset_index(drop=True)


def themes_frame(record: dict) -> pd.DataFrame:
    rows = [{k: t[k] for k in THEME_COLUMNS} for t in record.get("themes", [])]
    return pd.DataFrame(rows, columns=THEME_COLUMNS)


def quotes_by_speaker(record: dict) -> pd.DataFrame:
    """Quote counts per speaker and kind (who said what, at a glance)."""
    q = quotes_frame(record)
    if q.empty:
        return pd.DataFrame(columns=["speaker", "direct", "indirect", "mixed", "headline", "total"])
    table = q.pivot_table(index="speaker", columns="kind", values="start", aggfunc="count", fill_value=0)
    for kind in ("direct", "indirect", "mixed", "headline"):
        if kind not in table:
            table[kind] = 0
    table = table[["direct", "indirect", "mixed", "headline"]]
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False).reset_index()


def header_html(record: dict) -> str:
    """Headline, dateline, source and date as escaped HTML."""
    e = html.escape
    dl = record.get("dateline") or {}
    bits = [f"<h2>{e(record.get('headline') or '(no headline)')}</h2>", "<p>"]
    facts = [("Dateline", dl.get("text")), ("Location", dl.get("location")), ("Agency", dl.get("agency")),
             ("Source", record.get("source")), ("Published", record.get("published")),
             ("Words", record.get("word_count")), ("File", record.get("path"))]
    bits.append(" · ".join(f"<b>{e(k)}</b>: {e(str(v))}" for k, v in facts if v))
    bits.append("</p>")
    return "".join(bits)


def highlighted_text_html(record: dict) -> str:
    """The article text with actor mentions and quotes marked; every piece of text is escaped.

    Quotes are underlined spans (title = speaker); actor mentions are coloured by type.
    """
    text = record["text"]
    events: list[tuple[int, int, str]] = []  # (offset, order, tag)
    colours = {"PERSON": "#fde2b8", "ORG": "#cfe3ff", "GPE": "#d6f5d6", "LOC": "#d6f5d6", "NORP": "#eadcf7",
               "FAC": "#f0f0f0"}
    for a in record.get("actors", []):
        title = html.escape(f"{a['name']} ({a['type']})", quote=True)
        colour = colours.get(a["type"], "#eeeeee")
        for s, e in a["mentions"]:
            events.append((s, 1, f'<mark style="background:{colour}" title="{title}">'))
            events.append((e, 0, "</mark>"))
    for q in record.get("quotes", []):
        who = html.escape(f"{q.get('speaker') or q.get('speaker_text') or 'unknown'} [{q['kind']}]", quote=True)
        events.append((q["start"], 2, f'<span class="pw-quote" style="border-bottom:2px solid #c0392b" title="{who}">'))
        events.append((q["end"], -1, "</span>"))
    # Close before open at the same offset; drop tags that would cross (keep HTML well formed).
    events.sort(key=lambda x: (x[0], x[1]))
    out, pos, stack = [], 0, []
    for offset, _, tag in events:
        if offset < pos:
            continue
        out.append(html.escape(text[pos:offset]))
        pos = offset
        if tag.startswith("</"):
            name = tag[2:-1]
            if stack and stack[-1] == name:
                stack.pop()
                out.append(tag)
        else:
            name = tag[1:].split(" ", 1)[0].rstrip(">")
            if not stack or (name != stack[-1]):
                stack.append(name)
                out.append(tag)
    out.append(html.escape(text[pos:]))
    out.extend(f"</{n}>" for n in reversed(stack))
    body = "".join(out).replace("\n", "<br>\n")
    return f'<div class="pw-text" style="line-height:1.6;max-width:60em">{body}</div>'


def raise_if_rejected(record: dict) -> dict:
    """Stop a notebook with a readable message when the input could not be analysed."""
    if "error" in record:
        err = record["error"]
        raise ValueError(f"{record.get('path')}: could not be analysed [{err['code']}]: {err['message']}")
    return record


def _link(value) -> str:
    """A web address as an escaped link; anything else (a file path) as escaped text."""
    text = "" if value is None or pd.isna(value) else str(value)
    if text.startswith(("http://", "https://")):
        return f'<a href="{html.escape(text, quote=True)}" target="_blank" rel="noopener">{html.escape(text)}</a>'
    return f"<code>{html.escape(text)}</code>"


def quotes_table_html(quotes) -> str:
    """An actor's quotes (`summaries.actor_quotes`) as an escaped HTML table linking back to each article."""
    if len(quotes) == 0:
        return "<p><i>No quotes by this actor.</i></p>"
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in ("date", "source", "article", "kind", "cue", "quote"))
    rows = []
    for q in quotes.itertuples():
        date = q.published.date().isoformat() if not pd.isna(q.published) else ""
        rows.append(
            "<tr>" + "".join(f"<td>{c}</td>" for c in (
                e(date), e(str(q.source or "")), f"{e(str(q.headline or ''))}<br><small>{_link(q.link)}</small>",
                e(str(q.kind)), e(str(q.cue or "")), f"“{e(str(q.text))}”")) + "</tr>")
    return (f'<table class="pw-quotes" style="text-align:left"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
