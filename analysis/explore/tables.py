"""Tables people read: no row index, text left-aligned and wrapped, numbers right-aligned, every cell escaped.

`table(df)` is what a notebook displays instead of a bare DataFrame. The cells are formatted and escaped
here; sorting (a click on a column header), search and pages are itables' (DataTables) in its offline mode:
its JavaScript bundle is written into the page once (`interactive_tables()`, shown by the first cell of each
notebook), so a report's HTML file stays self-contained and its tables sort and search with no server and no
network, in JupyterLab and in the shared file alike. Long tables (more than `SEARCH_FROM` rows) get a search
box and, past `page_size` rows, pages. Where script does not run (GitHub's notebook preview) itables shows a
plain static table instead.
"""

from __future__ import annotations

import functools
import html
import numbers

import pandas as pd
from itables import javascript as itables_js
from itables import options as itables_options

SEARCH_FROM = 10  # rows above which a search box is shown
PAGE_SIZE = 25  # rows per page in long tables
MAX_ROWS = 5000  # rows written into one output (the note says how many more there are)

# `!important` on alignment: JupyterLab's and nbconvert's own table style right-aligns every cell with a more
# specific selector than a table's own class can beat (and DataTables right-aligns what it takes for dates).
STYLE = """<style>
.pw-table-wrap{margin:.4em 0 1.2em 0;max-width:100%;overflow-x:auto}
.pw-table-wrap table.pw-table{border-collapse:collapse;font-size:13px;line-height:1.35;margin:0}
.pw-table-wrap table.pw-table th,.pw-table-wrap table.pw-table td{border-bottom:1px solid #ddd;
  padding:.3em .6em!important;vertical-align:top;text-align:left!important;white-space:normal;overflow-wrap:break-word;
  max-width:none}
.pw-table-wrap table.pw-table th{background:#f4f6f7;font-weight:600;white-space:nowrap}
.pw-table-wrap table.pw-table td.pw-num,.pw-table-wrap table.pw-table th.pw-num{text-align:right!important;
  font-variant-numeric:tabular-nums;white-space:nowrap}
.pw-table-wrap table.pw-table td.pw-long{min-width:22em;max-width:48em}
.pw-table-wrap table.pw-table td.pw-short{white-space:nowrap}
.pw-table-wrap .pw-muted{color:#aaa}
.pw-table-wrap .pw-na::after{content:"\\2013";color:#888}
.pw-table-wrap .dt-container{font-size:13px}
.pw-table-wrap .dt-search{text-align:left}
.pw-table-wrap .dt-search input{width:16em;margin-left:.4em}
.pw-table-note{font-size:12px;color:#666;margin:.2em 0}
</style>"""

# DataTables' words, in ours
LANGUAGE = {"search": "Search this table:", "info": "_START_\u2013_END_ of _TOTAL_ rows", "infoEmpty": "0 rows",
            "infoFiltered": "(filtered from _MAX_)", "zeroRecords": "No matching rows.", "emptyTable": "No rows."}

_bundle_shown = False  # whether this kernel has displayed the itables bundle (see `interactive_tables`)


@functools.cache
def _bundle_html() -> str:
    """itables' offline bundle (DataTables' script and style, about 1 MB, base64): defines the table code once
    per page, from the page itself."""
    logo = itables_options.display_logo_when_loading
    itables_options.display_logo_when_loading = False  # (read there for its <noscript> message)
    try:
        return itables_js.generate_init_offline_itables_html(itables_options.dt_bundle)
    finally:
        itables_options.display_logo_when_loading = logo


class TableScripts:
    """Displayed once before the first table (the first cell of each notebook): the script every table uses."""

    def _repr_html_(self) -> str:
        global _bundle_shown
        _bundle_shown = True
        return _bundle_html()

    def __repr__(self) -> str:
        return "(interactive tables: itables' offline bundle)"


def interactive_tables() -> TableScripts:
    """What the first cell of a notebook displays (`display(tables.interactive_tables())`): the sorting,
    search and paging code for every table below it, written into the page so it needs no network."""
    return TableScripts()


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers
        return False


def column_digits(values: pd.Series, most: int = 3) -> int:
    """Decimals a float column needs (at most `most`), so one column reads 0.060, 0.057 and not 0.06, 0.057."""
    numbers_ = pd.to_numeric(values, errors="coerce").dropna()
    for d in range(most + 1):
        if ((numbers_.round(d) - numbers_.round(most)).abs() < 1e-9).all():
            return d
    return most


def format_value(value, digits: int = 3) -> str:
    """A cell as text: thousands separators for counts, `digits` decimals for other numbers, "–" when
    missing, dates without a time of day, lists joined with "; "."""
    if _missing(value):
        return "–"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat(sep=" ")
    if _is_number(value):
        if isinstance(value, numbers.Integral):
            return f"{int(value):,}"
        return f"{float(value):,.{digits}f}"
    return str(value)


def _layout(searchable: bool, paged: bool) -> dict:
    """DataTables' controls: a search box on long tables, pages past `page_size` rows, nothing on short ones."""
    return {"topStart": "search" if searchable else None, "topEnd": None,
            "bottomStart": "info" if searchable or paged else None, "bottomEnd": "paging" if paged else None}


def _script_safe(page: str) -> str:
    """itables writes the table's data as JSON inside a <script>: no "<" is left in it (written \\u003c), so
    no cell, header or caller-built markup can close the script ("</script>") or open a comment ("<!--")."""
    head, rest = page.split("let dt_args = ", 1)
    args, tail = rest.split("new ITable(table, dt_args)", 1)
    args = args.replace("<", "\\u003c")
    return f"{head}let dt_args = {args}new ITable(table, dt_args){tail}"


def _static_table(headers: list[str], numeric: list[bool], css: str) -> str:
    """A table with a header and no rows (itables is not needed to show that there is nothing)."""
    head = "".join(f'<th class="pw-num">{h}</th>' if n else f"<th>{h}</th>" for h, n in zip(headers, numeric))
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody></tbody></table>'


def table_html(df: pd.DataFrame, *, html_columns: tuple[str, ...] = (), muted: pd.DataFrame | None = None,
               note: str = "", page_size: int = PAGE_SIZE, searchable: bool | None = None,
               max_rows: int = MAX_ROWS, css_class: str = "") -> str:
    """The DataFrame as one escaped, interactive HTML table (no index), through itables.

    `html_columns` hold markup the caller built and escaped itself (a link); every other cell is escaped
    here. `muted` (same shape, booleans) greys cells out, e.g. means from too few items. `note` is printed
    under the table (escaped). Long text columns (quotes, headlines) wrap in a wide column. Every row (up
    to `max_rows`) is in the output: itables is never left to downsample.
    """
    e = html.escape
    total = len(df)
    data = df.head(max_rows)
    columns = list(data.columns)
    series = [data.iloc[:, i] for i in range(len(columns))]  # by position: column names may repeat
    numeric = [pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s) for s in series]
    # headers read as words: "article_tone" -> "article tone"
    headers = [e(str(c).replace("_", " ")) for c in columns]
    searchable = total > SEARCH_FROM if searchable is None else searchable
    paged = len(data) > page_size
    classes = " ".join(x for x in ("pw-table", css_class) if x)
    foot = _table_notes(total, len(data), note)
    wrap = (f'<div class="pw-table-wrap{" " + e(css_class) if css_class else ""}" data-rows="{len(data)}" '
            f'data-searchable="{int(bool(searchable and total))}" data-page-size="{page_size if paged else 0}">')
    if not total:
        return f"{STYLE}{wrap}{_static_table(headers, numeric, classes)}{foot}</div>"
    shown = pd.DataFrame({i: _column_cells(c, s, n, html_columns, _muted_column(muted, c, len(data)))
                          for i, (c, s, n) in enumerate(zip(columns, series, numeric))}, dtype=object)
    shown.columns = headers
    page = itables_js.to_html_datatable(
        shown, connected=False, allow_html=True, showIndex=False,
        maxBytes=0, maxRows=0, maxColumns=0,  # every row and column: never downsampled
        display_logo_when_loading=False, warn_on_unexpected_types=False,
        classes=f"display compact {classes}", style="table-layout:auto;width:auto;margin:0;caption-side:bottom",
        layout=_layout(bool(searchable), paged), paging=paged, pageLength=page_size, lengthMenu=[page_size],
        autoWidth=False, order=[], language=LANGUAGE, text_in_header_can_be_selected=False,
        columnDefs=_column_defs(columns, series, numeric, html_columns))
    return f"{STYLE}{wrap}{_script_safe(page)}{foot}</div>"


def _table_notes(total: int, shown: int, note: str) -> str:
    """The escaped notes under a table: rows left out, the caller's note, or that there are no rows."""
    notes = []
    if total > shown:
        notes.append(f"The first {shown:,} of {total:,} rows are shown ({total - shown:,} more rows are not).")
    if note:
        notes.append(note)
    if not total:
        notes.append("No rows.")
    return "".join(f'<p class="pw-table-note">{html.escape(n)}</p>' for n in notes)


def _longest(s: pd.Series) -> int:
    return int(s.map(lambda v: len(str(v)) if not _missing(v) else 0).max()) if len(s) else 0


def _column_defs(columns: list, series: list[pd.Series], numeric: list[bool],
                 html_columns: tuple[str, ...]) -> list[dict]:
    """DataTables classes per column: numbers right-aligned, long text wrapped wide, short values
    (dates, kinds, codes) never broken across lines."""
    long_text = [c in html_columns or (not n and _longest(s) > 60) for c, s, n in zip(columns, series, numeric)]
    short = [not n and not lt and _longest(s) <= 16 for s, n, lt in zip(series, numeric, long_text)]
    defs = [{"targets": [i for i, n in enumerate(numeric) if n], "className": "pw-num"},
            {"targets": [i for i, lt in enumerate(long_text) if lt], "className": "pw-long"},
            {"targets": [i for i, sh in enumerate(short) if sh], "className": "pw-short"}]
    return [d for d in defs if d["targets"]]


def _muted_column(muted: pd.DataFrame | None, column, rows: int) -> list[bool]:
    if muted is None or column not in muted.columns:
        return [False] * rows
    return muted.iloc[:rows][column].fillna(False).astype(bool).tolist()


def _column_cells(column, s: pd.Series, numeric: bool, html_columns: tuple[str, ...], grey: list[bool]) -> list[str]:
    """One column's cells as markup: escaped (unless the caller's own markup), greyed out where `grey`."""
    digits = column_digits(s) if numeric and pd.api.types.is_float_dtype(s) else 3
    cells = []
    for value, g in zip(s.tolist(), grey):
        text = _cell_markup(column, value, numeric, digits, column in html_columns)
        cells.append(f'<span class="pw-muted">{text}</span>' if g else text)
    return cells


def _cell_markup(column, value, numeric: bool, digits: int, is_html: bool) -> str:
    if is_html:
        return "" if _missing(value) else str(value)
    if numeric and _missing(value):
        # no text, so DataTables still reads the column as numbers; CSS shows a dash
        return '<span class="pw-na"></span>'
    ident = numeric and (str(column) == "id" or str(column).endswith("_id")) and isinstance(value, numbers.Integral)
    text = html.escape(str(int(value)) if ident else format_value(value, digits))  # an id is no count: "7673"
    # every number as markup: DataTables' "html-num-fmt" type sorts "1,234" as 1234
    return f"<span>{text}</span>" if numeric else text


class Table:
    """A displayable table: notebooks show its HTML (`_repr_html_`); plain-text front ends its text."""

    def __init__(self, df: pd.DataFrame, **options) -> None:
        self.df, self.options = df, options

    def _repr_html_(self) -> str:
        global _bundle_shown
        page = table_html(self.df, **self.options)
        if not _bundle_shown and len(self.df):  # the notebook did not show `interactive_tables()` first
            _bundle_shown = True
            page = _bundle_html() + page
        return page

    def __repr__(self) -> str:
        return self.df.to_string(index=False) if len(self.df) else "(no rows)"


def table(df: pd.DataFrame, **options) -> Table:
    """What notebooks display instead of a bare DataFrame (see `table_html` for the options)."""
    return Table(df, **options)


def means_table(df: pd.DataFrame, counts: dict[str, str], min_count: int = 0, **options) -> Table:
    """A table of means, each beside the count it is taken over (`counts`: mean column -> count column,
    e.g. {"quote_tone": "quotes"}): means from fewer than `min_count` items are greyed out, and a note
    says so, so a tone from two quotes is not read like one from a thousand."""
    muted = pd.DataFrame(False, index=df.index, columns=df.columns)
    hidden = 0
    if min_count:
        for mean, count in counts.items():
            if mean in df.columns and count in df.columns:
                low = pd.to_numeric(df[count], errors="coerce").fillna(0) < min_count
                muted[mean] = low & df[mean].notna()
                hidden += int(muted[mean].sum())
    pairs = ", ".join(f"{m} over {c}".replace("_", " ") for m, c in counts.items() if m in df.columns)
    note = f"Means ({pairs}) taken over fewer than {min_count} items are greyed out: too few to compare." \
        if hidden else ""
    return table(df.reset_index(drop=True), muted=muted.reset_index(drop=True), note=note, **options)
