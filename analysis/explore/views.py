"""Record -> DataFrames and escaped HTML: what notebooks display, computed here so it is tested.

Charts take these DataFrames (analysis.explore.charts); nothing here touches spaCy.
"""

from __future__ import annotations

import html
import os

import pandas as pd

from analysis.actors.types import MAIN_TYPES as MAIN_TYPES  # noqa: PLC0414 -- re-exported: notebooks write views.MAIN_TYPES
from analysis.explore.tables import table_html

ACTOR_COLUMNS = ["name", "type", "mentions", "roles", "aliases"]
QUOTE_COLUMNS = ["speaker", "kind", "cue", "text", "via", "start", "end"]
THEME_COLUMNS = ["theme", "label", "score", "count"]


def actors_frame(record: dict, types: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per actor, most mentioned first; `types` keeps only those entity types (empty: all)."""
    rows = [
        {"name": a["name"], "type": a["type"], "mentions": len(a["mentions"]),
         "roles": "; ".join(a.get("roles") or []), "aliases": "; ".join(x for x in a.get("aliases") or [] if x != a["name"])}
        for a in record.get("actors", []) if not types or a["type"] in types
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


def display_path(path, root: str = "", full: bool = False) -> str:
    """How a shared report names a file: relative to `root` (the input) when under it, else its name
    (an archive member keeps its archive's name: `corpus.tar.gz!data/a.txt`); the full path only with
    `full`. Reports travel: a reader has no use for /home/someone/... and the writer may not want it shown."""
    text = "" if path is None or (not isinstance(path, str) and pd.isna(path)) else str(path)
    if full or not text or text.startswith(("http://", "https://")) or text == "<stdin>":
        return text
    archive, bang, member = text.partition("!")
    if root:
        base = os.path.abspath(root)
        base = os.path.dirname(base) if os.path.isfile(base) else base  # an input file: its folder
        try:
            rel = os.path.relpath(os.path.abspath(archive), base)
        except ValueError:  # another drive (Windows)
            rel = ""
        if rel and not rel.startswith(".."):
            return rel + bang + member
    return os.path.basename(archive) + bang + member


def relative_paths(paths: pd.Series, full: bool = False) -> pd.Series:
    """File paths shown relative to the folder they all share (`train/text/a.txt`), URLs unchanged."""
    files = [p for p in paths.dropna().astype(str) if not p.startswith(("http://", "https://"))]
    outside = [p.partition("!")[0] for p in files]
    root = ""
    if outside and not full:
        try:
            root = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in outside])
        except ValueError:  # relative and absolute paths mixed, or different drives
            root = ""
    return paths.map(lambda p: display_path(p, root, full))


def input_html(store: str = "", input_path: str = "", filters: dict | None = None, show_paths: bool = False) -> str:
    """What a corpus report was made from, as escaped HTML: the store or inputs by name (full paths only
    with `show_paths`), and the filters in words."""
    e = html.escape
    if store:
        what = display_path(store, full=show_paths)
    elif input_path:
        what = "; ".join(display_path(p.strip(), full=show_paths) for p in input_path.split(";") if p.strip())
    else:
        what = "the bundled sample and example corpus"
    bits = f"<b>Input:</b> <code>{e(what)}</code>"
    shown = {k.replace("_", " "): v for k, v in (filters or {}).items() if v}
    if shown:
        bits += " · <b>Filters:</b> " + "; ".join(f"{e(k)} = {e(str(v))}" for k, v in shown.items())
    return f"<p>{bits}</p>"


def comparing_html(group_a: str, group_b: str) -> str:
    """"Comparing A with B", escaped."""
    return f"<p>Comparing <b>{html.escape(group_a)}</b> with <b>{html.escape(group_b)}</b></p>"


def tone_sentence(tone: dict | None) -> str:
    """The article's tone in words: what VADER's compound and GDELT's tone say, and how to read them."""
    if not tone or tone.get("compound") is None:
        return "Tone: not measured."
    c = float(tone["compound"])
    strength = "neutral" if abs(c) < 0.05 else ("slightly" if abs(c) < 0.25 else
                                                 "clearly" if abs(c) < 0.5 else "strongly")
    mood = strength if strength == "neutral" else f"{strength} {'positive' if c > 0 else 'negative'}"
    text = (f"Overall tone: {mood} (VADER compound {c:+.2f}, the mean over its sentences, on a scale from "
            f"-1, most negative, to +1, most positive; between -0.05 and +0.05 reads as neutral).")
    if tone.get("tone") is not None:
        pos, neg = tone.get("positive"), tone.get("negative")
        share = f": {float(pos):.1f}% of its words are positive, {float(neg):.1f}% negative" \
            if pos is not None and neg is not None else ""
        text += f" GDELT-style tone {float(tone['tone']):+.1f}{share} (positive minus negative share, in points)."
    return text


def tone_html(tone: dict | None) -> str:
    """`tone_sentence` with a small gauge: a marker on a red-to-green bar from -1 to +1 (escaped HTML)."""
    sentence = html.escape(tone_sentence(tone))
    if not tone or tone.get("compound") is None:
        return f'<p class="pw-tone">{sentence}</p>'
    c = max(-1.0, min(1.0, float(tone["compound"])))
    left = 50 + 50 * c
    gauge = ('<div class="pw-tone-gauge" style="position:relative;width:18em;height:.8em;margin:.3em 0;'
             'border-radius:.4em;background:linear-gradient(90deg,#c0392b,#eeeeee 50%,#27ae60)" '
             f'title="VADER compound {c:+.2f}"><div style="position:absolute;left:calc({left:.1f}% - 2px);'
             'top:-.25em;width:4px;height:1.3em;background:#222"></div></div>'
             '<div style="width:18em;display:flex;justify-content:space-between;font-size:11px;color:#666">'
             "<span>-1 negative</span><span>0</span><span>+1 positive</span></div>")
    return f'<div class="pw-tone">{gauge}<p>{sentence}</p></div>'


def header_html(record: dict, show_paths: bool = False) -> str:
    """Headline, dateline, source and date as escaped HTML; the file by its name unless `show_paths`."""
    e = html.escape
    dl = record.get("dateline") or {}
    bits = [f"<h2>{e(record.get('headline') or '(no headline)')}</h2>", "<p>"]
    facts = [("Dateline", dl.get("text")), ("Location", dl.get("location")), ("Agency", dl.get("agency")),
             ("Source", record.get("source")), ("Published", record.get("published")),
             ("Words", record.get("word_count")),
             ("File", display_path(record.get("path"), full=show_paths))]
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


def _link(value, shown: str = "") -> str:
    """A web address as an escaped link; anything else (a file path) as escaped text (`shown` if given)."""
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    if text.startswith(("http://", "https://")):
        return f'<a href="{html.escape(text, quote=True)}" target="_blank" rel="noopener">{html.escape(text)}</a>'
    return f"<code>{html.escape(shown or text)}</code>"


def quotes_table_html(quotes, show_paths: bool = False) -> str:
    """An actor's quotes (`summaries.actor_quotes`) as an escaped, sortable and searchable HTML table:
    the full quote text, and the article it comes from (headline, then its link or its file, named
    relative to the corpus unless `show_paths`)."""
    if len(quotes) == 0:
        return "<p><i>No quotes by this actor.</i></p>"
    e = html.escape
    shown = relative_paths(quotes["link"], full=show_paths)
    article = [f"{e(str(h or ''))}<br><small>{_link(link, str(s))}</small>"
               for h, link, s in zip(quotes["headline"].fillna(""), quotes["link"], shown)]
    frame = pd.DataFrame({
        "date": quotes["published"].map(lambda d: "" if pd.isna(d) else d.date().isoformat()),
        "source": quotes["source"].fillna(""), "article": article, "kind": quotes["kind"],
        "cue": quotes["cue"].fillna(""), "quote": quotes["text"].map(lambda t: f"“{t}”")})
    return table_html(frame, html_columns=("article",), css_class="pw-quotes")


def undated_trails_html(n_undated: int, n_shown: int) -> str:
    """The one note a trails report gives instead of empty timelines when trails have no dated member."""
    if not n_undated:
        return ""
    return (f"<p>{n_undated} of these {n_shown} trails have no dated member: their timelines are left out (give "
            "publication dates with <code>--metadata</code> or a date field when ingesting); their members are "
            "listed by article.</p>")


def trail_heading_html(trail: dict) -> str:
    """Who said what, in how many articles: what stands above an undated trail's members instead of a chart."""
    who = html.escape(trail.get("speaker") or trail.get("speaker_key") or "")
    text = html.escape(trail["first"].get("text") or "")
    return f"<p><b>{who}</b>: “{text}” — {trail['n_articles']} articles</p>"
