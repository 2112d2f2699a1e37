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

import threading
from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis.corpus.frames import CorpusFrames
from analysis.explore import summaries, views

ANY = "(all)"


def show(item: Any) -> None:
    """Display a view's result; a figure is displayed once, as the PNG `_png` draws."""
    from IPython.display import display
    from matplotlib.figure import Figure

    items = item if isinstance(item, (list, tuple)) else [item]
    for x in items:
        if x is None:
            continue
        if isinstance(x, (list, tuple)):
            show(x)
            continue
        if isinstance(x, Figure):
            display(_png(x))
        else:
            display(x)


def _png(fig):
    """The figure as a PNG image (`charts.png`: drawn where no other thread's pyplot redraw can reach it;
    redrawn from a widget's callback in JupyterLab, charts pyplot held came out blank or cut off)."""
    from IPython.display import Image

    from analysis.explore import charts

    return Image(data=charts.png(fig), format="png")


class Explorer:
    """Controls + one output per view; `refresh()` redraws every view from the current control values."""

    def __init__(self, data: Any, view_fns: dict[str, Callable], controls: dict[str, Any],
                 select: Callable[[Any, dict], Any], interactive: bool = False, initial: dict | None = None) -> None:
        self.data, self.view_fns, self.select = data, view_fns, select
        self.controls = controls
        self.initial = dict(initial or {})  # the values a static (batch) run selects with: the parameters
        self.interactive = interactive
        self.renders = 0  # how many times the views were drawn (tests and users can watch it change)
        # One redraw at a time: a control's messages can arrive while a redraw is running (ipykernel 7
        # handles them as they come, some on a subshell thread). A change during a redraw asks for one more
        # redraw, run after it.
        self._lock = threading.Lock()
        self._pending = False
        self.outputs: dict[str, Any] = {}
        if interactive:
            import ipywidgets as w

            self.outputs = {name: w.Output() for name in view_fns}
            for c in controls.values():
                c.observe(lambda _change: self.refresh(), names="value")

    def values(self) -> dict:
        return {k: c.value for k, c in self.controls.items()} if self.interactive else dict(self.initial)

    def current(self):
        return self.select(self.data, self.values())

    def refresh(self) -> None:
        self._pending = True
        if not self._lock.acquire(blocking=False):
            return  # the running redraw sees _pending and draws again with the newest values
        try:
            while self._pending:
                self._pending = False
                self._refresh()
        finally:
            self._lock.release()

    def _refresh(self) -> None:
        from IPython.display import Markdown

        selected = self.current()
        self.renders += 1
        for name, fn in self.view_fns.items():
            # a view named "_..." brings its own heading (the actor's name), so none is added
            heading = None if name.startswith("_") else Markdown(f"### {name}")
            if self.interactive:
                out = self.outputs[name]
                out.clear_output(wait=True)
                with out:
                    show([heading, fn(selected)])
            else:
                show([heading, fn(selected)])

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


def _dropdown(description: str, options: list, value: str = ANY, any_option: bool = True):
    import ipywidgets as w

    return w.Dropdown(options=[ANY, *options] if any_option else options, value=value, description=description,
                      style={"description_width": "initial"}, layout=w.Layout(width="auto"))


def _months(frames: CorpusFrames) -> list[str]:
    """Every month from the first to the last dated article ("2016-01", ...); [] without dates."""
    dates = frames.articles["published"].dropna()
    if not len(dates):
        return []
    return [str(m) for m in pd.period_range(dates.min(), dates.max(), freq="M")]


def _month_slider(description: str, labels: list[str], index: tuple[int, int] | None = None):
    import ipywidgets as w

    return w.SelectionRangeSlider(options=labels, index=index or (0, len(labels) - 1), description=description,
                                  style={"description_width": "initial"}, layout=w.Layout(width="30em"),
                                  disabled=len(labels) < 2)


def month_range(first: str, last: str) -> str:
    """Two months ("2016-01", "2016-06") as the ISO range the filters take: "2016-01-01..2016-06-30"."""
    start = pd.Period(first, "M").start_time.date().isoformat()
    end = pd.Period(last, "M").end_time.date().isoformat()
    return f"{start}..{end}"


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

    from analysis.explore import charts, tables

    fns = {
        "Quotes by speaker": lambda r: charts.quotes_by_speaker_chart(views.quotes_by_speaker(r), top=top),
        "Quotes": lambda r: tables.table(views.quotes_frame(r)[["speaker", "kind", "cue", "text", "via"]]
                                         .rename(columns={"text": "quote", "via": "reported via"})),
        "Text (actors highlighted, quotes underlined)": lambda r: HTML(views.highlighted_text_html(r)),
    }
    controls = article_controls(record) if interactive else {}
    return Explorer(record, fns, controls, select_article, interactive).display()


# ---------------------------------------------------------------- a corpus

def corpus_controls(frames: CorpusFrames, top: int = 30) -> dict:
    actors = summaries.top_actors(frames, top)["name"].dropna().drop_duplicates().tolist()
    themes = summaries.top_themes(frames, 50)["label"].tolist()
    sources = frames.articles["source"].dropna().value_counts().index.tolist()
    controls = {"actor": _dropdown("Actor", actors), "theme": _dropdown("Theme", themes),
                "source": _dropdown("Source", sources)}
    labels = _months(frames)
    if labels:
        controls["dates"] = _month_slider("Months", labels)
    return controls


def select_corpus(frames: CorpusFrames, values: dict) -> CorpusFrames:
    """Frames filtered by the control values (actor, theme, source, (first month, last month))."""
    start = end = ""
    dates = frames.articles["published"].dropna()
    full = (str(dates.min().to_period("M")), str(dates.max().to_period("M"))) if len(dates) else None
    if values.get("dates") and tuple(values["dates"]) != full:  # the whole range keeps undated articles
        start, _, end = month_range(*values["dates"]).partition("..")
    pick = {k: ("" if values.get(k) in (None, ANY) else values[k]) for k in ("actor", "theme", "source")}
    if not any([start, end, *pick.values()]):
        return frames
    return summaries.filter_frames(frames, start=start, end=end, sources=pick["source"], theme=pick["theme"],
                                   actor=pick["actor"])


def corpus_explorer(frames: CorpusFrames, view_fns: dict[str, Callable], interactive: bool = False) -> Explorer:
    """The given corpus views, filterable by actor, theme, source and month range."""
    controls = corpus_controls(frames) if interactive else {}
    return Explorer(frames, view_fns, controls, select_corpus, interactive).display()


# ---------------------------------------------------------------- one actor across a corpus

def actor_controls(frames: CorpusFrames, actor: str, label: str = "", top: int = 40) -> dict:
    """The actor (the one asked for first, shown by its name, then the corpus's top actors), a source and a
    month range. The first option keeps the query itself as its value, so the live view starts from the
    very profile a static run shows."""
    names = summaries.top_actors(frames, top)["name"].dropna().drop_duplicates().tolist()
    options = [(label or actor, actor), *[(n, n) for n in names if n not in (actor, label)]]
    sources = frames.articles["source"].dropna().value_counts().index.tolist()
    controls = {"actor": _dropdown("Actor", options, value=actor, any_option=False),
                "source": _dropdown("Source", sources)}
    labels = _months(frames)
    if labels:
        controls["dates"] = _month_slider("Months", labels)
    return controls


def select_actor(frames: CorpusFrames, values: dict) -> summaries.ActorProfile:
    """The profile of the chosen actor within the chosen source and months (the whole corpus by default)."""
    within = select_corpus(frames, {k: values.get(k) for k in ("source", "dates")})
    return summaries.actor_profile(within, values["actor"])


def actor_explorer(frames: CorpusFrames, actor: str, view_fns: dict[str, Callable],
                   interactive: bool = False, label: str = "") -> Explorer:
    """The given views of one actor's profile (functions of an `ActorProfile`), filterable by actor, source
    and month range; static (`interactive=False`): the profile of `actor` over the whole corpus. `label`
    names the actor in the menu (the profile's name for a query such as "Shamkhani")."""
    controls = actor_controls(frames, actor, label) if interactive else {}
    return Explorer(frames, view_fns, controls, select_actor, interactive, initial={"actor": actor}).display()


# ---------------------------------------------------------------- two groups side by side

def compare_controls(frames: CorpusFrames, by: str, group_a: str, group_b: str) -> dict:
    """What to compare (sources or periods) and the two groups: two source menus, two month ranges; only
    the pair that `by` uses is visible."""
    import ipywidgets as w

    sources = frames.articles["source"].dropna().value_counts().index.tolist()
    labels = _months(frames)
    ways = [x for x, ok in (("source", len(sources) >= 1), ("period", len(labels) >= 1)) if ok] or ["source"]
    controls = {"by": w.ToggleButtons(options=ways, value=by if by in ways else ways[0], description="Compare",
                                      style={"description_width": "initial"})}
    if sources:
        a = group_a if by == "source" and group_a in sources else sources[0]
        b = group_b if by == "source" and group_b in sources else sources[min(1, len(sources) - 1)]
        controls["source_a"] = _dropdown("Group A", sources, value=a, any_option=False)
        controls["source_b"] = _dropdown("Group B", sources, value=b, any_option=False)
    if labels:
        half = max(len(labels) // 2, 1)
        index_a, index_b = (0, max(half - 1, 0)), (min(half, len(labels) - 1), len(labels) - 1)
        if by == "period":
            index_a, index_b = _period_index(labels, group_a, index_a), _period_index(labels, group_b, index_b)
        controls["period_a"] = _month_slider("Group A", labels, index_a)
        controls["period_b"] = _month_slider("Group B", labels, index_b)

    def show_pair(_change=None) -> None:
        for name, c in controls.items():
            if name != "by":
                c.layout.display = "" if name.startswith(controls["by"].value) else "none"

    controls["by"].observe(show_pair, names="value")
    show_pair()
    return controls


def _period_index(labels: list[str], period: str, default: tuple[int, int]) -> tuple[int, int]:
    """The month slider's index for an ISO range "START..END" (the months it starts and ends in)."""
    start, _, end = period.partition("..")
    try:
        first, last = str(pd.Period(start.strip(), "M")), str(pd.Period(end.strip(), "M"))
    except ValueError:
        return default
    if first in labels and last in labels:
        return labels.index(first), labels.index(last)
    return default


def compare_values(values: dict) -> tuple[str, str, str]:
    """(by, group A, group B) from the controls' values, or from the parameters in a static run."""
    by = values.get("by") or "source"
    if "a" in values:
        return by, values["a"], values["b"]
    if by == "period":
        return by, month_range(*values["period_a"]), month_range(*values["period_b"])
    return by, values["source_a"], values["source_b"]


def select_compare(frames: CorpusFrames, values: dict) -> dict[str, CorpusFrames]:
    """The two groups to compare: {label A: frames, label B: frames} (see `summaries.split_groups`)."""
    by, a, b = compare_values(values)
    return summaries.split_groups(frames, by, a, b)


def compare_explorer(frames: CorpusFrames, by: str, group_a: str, group_b: str, view_fns: dict[str, Callable],
                     interactive: bool = False) -> Explorer:
    """The given views of two groups (functions of {label: frames}); live, the groups are chosen with
    the controls; static, they are `group_a` and `group_b` (sources, or "START..END" periods)."""
    controls = compare_controls(frames, by, group_a, group_b) if interactive else {}
    return Explorer(frames, view_fns, controls, select_compare, interactive,
                    initial={"by": by, "a": group_a, "b": group_b}).display()
