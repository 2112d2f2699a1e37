"""Live exploration in JupyterLab: ipywidgets controls (actor, theme, source, date range) over views.

A *view* is a function of the filtered data returning something to display (a DataFrame, a matplotlib
Figure, an `IPython.display.HTML`, or a list of those). `Explorer` draws every view once per change of a
control, each into its own `Output` widget. With ``interactive=False`` (the batch default) the same views
are displayed once, statically, with no widgets, so papermill runs and shared HTML reports stay complete.

>>> ex = corpus_explorer(frames, {"Top actors": lambda f: charts.top_actors_chart(summaries.top_actors(f))},
...                      interactive=True)                                   # doctest: +SKIP
>>> ex.controls["source"].value = "Harbor Post"   # the views redraw          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis.corpus.frames import CorpusFrames
from analysis.explore import summaries, views

ANY = "(all)"


def show(item: Any) -> None:
    """Display a view's result; figures are closed after display so they are not shown twice."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    items = item if isinstance(item, (list, tuple)) else [item]
    for x in items:
        if x is None:
            continue
        display(x)
        if isinstance(x, plt.Figure):
            plt.close(x)


class Explorer:
    """Controls + one output per view; `refresh()` redraws every view from the current control values."""

    def __init__(self, data: Any, view_fns: dict[str, Callable], controls: dict[str, Any],
                 select: Callable[[Any, dict], Any], interactive: bool = False) -> None:
        self.data, self.view_fns, self.select = data, view_fns, select
        self.controls = controls
        self.interactive = interactive
        self.renders = 0  # how many times the views were drawn (tests and users can watch it change)
        self.outputs: dict[str, Any] = {}
        if interactive:
            import ipywidgets as w

            self.outputs = {name: w.Output() for name in view_fns}
            for c in controls.values():
                c.observe(lambda _change: self.refresh(), names="value")

    def values(self) -> dict:
        return {k: c.value for k, c in self.controls.items()} if self.interactive else {}

    def current(self):
        return self.select(self.data, self.values())

    def refresh(self) -> None:
        from IPython.display import Markdown, display

        selected = self.current()
        self.renders += 1
        for name, fn in self.view_fns.items():
            if self.interactive:
                out = self.outputs[name]
                out.clear_output(wait=True)
                with out:
                    display(Markdown(f"### {name}"))
                    show(fn(selected))
            else:
                display(Markdown(f"### {name}"))
                show(fn(selected))

    def widget(self):
        """The controls above the outputs (interactive) or None (static)."""
        if not self.interactive:
            return None
        import ipywidgets as w

        box = w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap"))
        return w.VBox([box, *self.outputs.values()])

    def display(self) -> Explorer:
        from IPython.display import display

        if self.interactive:
            display(self.widget())
        self.refresh()
        return self


def _dropdown(description: str, options: list[str]):
    import ipywidgets as w

    return w.Dropdown(options=[ANY, *options], value=ANY, description=description,
                      style={"description_width": "initial"}, layout=w.Layout(width="auto"))


# ---------------------------------------------------------------- one article

def article_controls(record: dict) -> dict:
    actors = views.actors_frame(record)["name"].tolist()
    kinds = sorted({q["kind"] for q in record.get("quotes", [])})
    themes = [t["label"] for t in record.get("themes", [])]
    return {"actor": _dropdown("Actor", actors), "kind": _dropdown("Quote kind", kinds),
            "theme": _dropdown("Theme", themes)}


def select_article(record: dict, values: dict) -> dict:
    """The record restricted to quotes by/of the chosen actor, of the chosen kind and theme.

    Actors kept: the chosen one (or all); the text highlight follows the same selection.
    """
    actor, kind, theme = (values.get(k, ANY) for k in ("actor", "kind", "theme"))
    theme_id = next((t["theme"] for t in record.get("themes", []) if t["label"] == theme), None)
    chosen = next((a for a in record.get("actors", []) if a["name"] == actor), None)
    quotes = []
    for q in record.get("quotes", []):
        if kind not in (ANY, None) and q["kind"] != kind:
            continue
        if theme_id and theme_id not in (q.get("themes") or []):
            continue
        if chosen and q.get("speaker_id") != chosen["id"] and q.get("speaker") != chosen["name"]:
            continue
        quotes.append(q)
    actors = [chosen] if chosen else record.get("actors", [])
    return {**record, "quotes": quotes, "actors": actors}


def article_explorer(record: dict, interactive: bool = False, top: int = 15) -> Explorer:
    """Who said what in one article, filterable by actor, quote kind and theme."""
    from IPython.display import HTML

    from analysis.explore import charts

    fns = {
        "Quotes by speaker": lambda r: charts.quotes_by_speaker_chart(views.quotes_by_speaker(r), top=top),
        "Quotes": lambda r: views.quotes_frame(r)[["speaker", "kind", "cue", "text", "via"]],
        "Text (actors highlighted, quotes underlined)": lambda r: HTML(views.highlighted_text_html(r)),
    }
    controls = article_controls(record) if interactive else {}
    return Explorer(record, fns, controls, select_article, interactive).display()


# ---------------------------------------------------------------- a corpus

def corpus_controls(frames: CorpusFrames, top: int = 30) -> dict:
    import ipywidgets as w

    actors = summaries.top_actors(frames, top)["name"].dropna().drop_duplicates().tolist()
    themes = summaries.top_themes(frames, 50)["label"].tolist()
    sources = frames.articles["source"].dropna().value_counts().index.tolist()
    controls = {"actor": _dropdown("Actor", actors), "theme": _dropdown("Theme", themes),
                "source": _dropdown("Source", sources)}
    dates = frames.articles["published"].dropna()
    if len(dates):
        months = pd.period_range(dates.min(), dates.max(), freq="M")
        labels = [str(m) for m in months]
        controls["dates"] = w.SelectionRangeSlider(options=labels, index=(0, len(labels) - 1),
                                                   description="Months", layout=w.Layout(width="28em"),
                                                   disabled=len(labels) < 2)
    return controls


def select_corpus(frames: CorpusFrames, values: dict) -> CorpusFrames:
    """Frames filtered by the control values (actor, theme, source, (first month, last month))."""
    start = end = ""
    dates = frames.articles["published"].dropna()
    full = (str(dates.min().to_period("M")), str(dates.max().to_period("M"))) if len(dates) else None
    if values.get("dates") and tuple(values["dates"]) != full:  # the whole range keeps undated articles
        first, last = values["dates"]
        start = pd.Period(first, "M").start_time.date().isoformat()
        end = pd.Period(last, "M").end_time.date().isoformat()
    pick = {k: ("" if values.get(k) in (None, ANY) else values[k]) for k in ("actor", "theme", "source")}
    if not any([start, end, *pick.values()]):
        return frames
    return summaries.filter_frames(frames, start=start, end=end, sources=pick["source"], theme=pick["theme"],
                                   actor=pick["actor"])


def corpus_explorer(frames: CorpusFrames, view_fns: dict[str, Callable], interactive: bool = False) -> Explorer:
    """The given corpus views, filterable by actor, theme, source and month range."""
    controls = corpus_controls(frames) if interactive else {}
    return Explorer(frames, view_fns, controls, select_corpus, interactive).display()
