"""Tables people read: no row index, text left-aligned and wrapped, numbers right-aligned, every cell escaped.

`table(df)` is what a notebook displays instead of a bare DataFrame. Long tables (more than
`SEARCH_FROM` rows) get a search box and, past `page_size` rows, pages; every table sorts by a click on a
column header. The few lines of script that do it are embedded in each table's own output, so a report's
HTML file stays self-contained: it sorts and searches with no server and no network (no CDN, no
library to fetch), in JupyterLab and in the shared file alike. Without script the full table still shows.
"""

from __future__ import annotations

import html
import numbers

import pandas as pd

SEARCH_FROM = 10  # rows above which a search box is shown
PAGE_SIZE = 25  # rows per page in long tables
MAX_ROWS = 5000  # rows written into one output (the note says how many more there are)

# `!important` on alignment: JupyterLab's and nbconvert's own table style right-aligns every cell with a more
# specific selector than a table's own class can beat.
STYLE = """<style>
.pw-table-wrap{margin:.4em 0 1.2em 0;max-width:100%;overflow-x:auto}
table.pw-table{border-collapse:collapse;font-size:13px;line-height:1.35;margin:0}
table.pw-table th,table.pw-table td{border-bottom:1px solid #ddd;padding:.3em .6em;vertical-align:top;
  text-align:left!important;white-space:normal;overflow-wrap:break-word;max-width:none}
table.pw-table th{background:#f4f6f7;font-weight:600;white-space:nowrap}
table.pw-table td.pw-num,table.pw-table th.pw-num{text-align:right!important;font-variant-numeric:tabular-nums;
  white-space:nowrap}
table.pw-table td.pw-long{min-width:22em;max-width:48em}
table.pw-table td.pw-short{white-space:nowrap}
table.pw-table td.pw-muted{color:#aaa}
table.pw-table[data-pw-ready] th{cursor:pointer}
table.pw-table th[aria-sort=ascending]::after{content:" \\25B2";font-size:.7em}
table.pw-table th[aria-sort=descending]::after{content:" \\25BC";font-size:.7em}
.pw-table-bar{display:flex;gap:1em;align-items:center;font-size:12px;color:#555;margin:.2em 0}
.pw-table-bar input{font-size:12px;padding:.15em .4em;width:16em}
.pw-table-bar button{font-size:12px}
.pw-table-note{font-size:12px;color:#666;margin:.2em 0}
</style>"""

# Sorting (numbers as numbers, empty cells last), search (every cell's text, case-insensitive) and pages.
# Defined once per page, then applied to every table not yet enhanced; plain DOM, no library.
SCRIPT = """<script>
(function () {
  if (!window.pwTables) {
    window.pwTables = {
      enhance: function (table) {
        table.setAttribute('data-pw-ready', '1');
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        var size = parseInt(table.getAttribute('data-page-size') || '0', 10);
        var searchable = table.getAttribute('data-searchable') === '1';
        var state = {query: '', page: 0, shown: rows};
        var bar = document.createElement('div'); bar.className = 'pw-table-bar';
        var box = null, info = document.createElement('span'), prev = null, next = null;
        if (searchable) {
          box = document.createElement('input'); box.type = 'search'; box.placeholder = 'Search this table';
          box.setAttribute('aria-label', 'Search this table'); box.className = 'pw-search';
          box.addEventListener('input', function () { state.query = box.value.toLowerCase(); state.page = 0; draw(); });
          bar.appendChild(box);
        }
        info.className = 'pw-info'; bar.appendChild(info);
        if (size) {
          prev = document.createElement('button'); prev.textContent = '\\u2039 previous'; prev.className = 'pw-prev';
          next = document.createElement('button'); next.textContent = 'next \\u203A'; next.className = 'pw-next';
          prev.addEventListener('click', function () { state.page -= 1; draw(); });
          next.addEventListener('click', function () { state.page += 1; draw(); });
          bar.appendChild(prev); bar.appendChild(next);
        }
        if (searchable || size) { table.parentNode.insertBefore(bar, table); }
        function text(row) { return row.textContent.toLowerCase(); }
        function draw() {
          state.shown = rows.filter(function (r) { return !state.query || text(r).indexOf(state.query) >= 0; });
          var pages = size ? Math.max(1, Math.ceil(state.shown.length / size)) : 1;
          state.page = Math.min(Math.max(state.page, 0), pages - 1);
          var first = size ? state.page * size : 0, last = size ? first + size : state.shown.length;
          rows.forEach(function (r) { r.style.display = 'none'; });
          state.shown.forEach(function (r, i) { body.appendChild(r); if (i >= first && i < last) { r.style.display = ''; } });
          var n = state.shown.length;
          info.textContent = (n ? (first + 1) + '\\u2013' + Math.min(last, n) : '0') + ' of ' + n + ' rows'
            + (n < rows.length ? ' (filtered from ' + rows.length + ')' : '');
          if (prev) { prev.disabled = state.page === 0; next.disabled = state.page >= pages - 1; }
        }
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
          th.title = 'Sort by ' + th.textContent;
          th.addEventListener('click', function () {
            var up = th.getAttribute('aria-sort') !== 'ascending';
            Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
            var num = th.getAttribute('data-type') === 'num';
            function key(r) {
              var c = r.cells[col], v = c.getAttribute('data-sort'); v = v === null ? c.textContent.trim() : v;
              if (v === '' || v === '\\u2013') { return null; }
              return num ? parseFloat(v) : v.toLowerCase();
            }
            rows.sort(function (a, b) {
              var x = key(a), y = key(b);
              if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
              return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
            });
            state.page = 0; draw();
          });
        });
        draw();
      },
      run: function () {
        Array.prototype.forEach.call(document.querySelectorAll('table.pw-table:not([data-pw-ready])'),
                                     window.pwTables.enhance);
      }
    };
  }
  window.pwTables.run();
})();
</script>"""


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


def _sort_key(value) -> str | None:
    if _missing(value):
        return ""
    if _is_number(value):
        return repr(float(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return None


def table_html(df: pd.DataFrame, *, html_columns: tuple[str, ...] = (), muted: pd.DataFrame | None = None,
               note: str = "", page_size: int = PAGE_SIZE, searchable: bool | None = None,
               max_rows: int = MAX_ROWS, css_class: str = "") -> str:
    """The DataFrame as one escaped HTML table (no index), with the style and script that sort it.

    `html_columns` hold markup the caller built and escaped itself (a link); every other cell is escaped
    here. `muted` (same shape, booleans) greys cells out, e.g. means from too few items. `note` is printed
    under the table (escaped). Long text columns (quotes, headlines) wrap in a wide column.
    """
    e = html.escape
    total = len(df)
    data = df.head(max_rows)
    numeric = {c: pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])
               for c in data.columns}
    long_text = {c for c in data.columns if not numeric[c] and c not in html_columns
                 and data[c].map(lambda v: len(str(v)) if not _missing(v) else 0).max() > 60} if total else set()
    long_text |= {c for c in html_columns}
    # dates, kinds, codes: never broken across lines
    short = {c for c in data.columns if not numeric[c] and c not in long_text
             and data[c].map(lambda v: len(str(v)) if not _missing(v) else 0).max() <= 16} if total else set()
    digits = {c: column_digits(data[c]) for c in data.columns
              if numeric[c] and pd.api.types.is_float_dtype(data[c])}
    num_th, text_th = '<th class="pw-num" data-type="num">', '<th data-type="text">'
    # headers read as words: "article_tone" -> "article tone"
    head = "".join(f"{num_th if numeric[c] else text_th}{e(str(c).replace('_', ' '))}</th>" for c in data.columns)
    rows = []
    for i, row in enumerate(data.itertuples(index=False, name=None)):
        cells = []
        for c, value in zip(data.columns, row):
            classes = ["pw-num"] if numeric[c] else (["pw-long"] if c in long_text else
                                                     ["pw-short"] if c in short else [])
            if muted is not None and c in muted.columns and bool(muted.iloc[i][c]):
                classes.append("pw-muted")
            attrs = f' class="{" ".join(classes)}"' if classes else ""
            key = _sort_key(value)
            if key is not None:
                attrs += f' data-sort="{e(key, quote=True)}"'
            body = str(value) if c in html_columns else e(format_value(value, digits.get(c, 3)))
            cells.append(f"<td{attrs}>{body}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    searchable = total > SEARCH_FROM if searchable is None else searchable
    paged = page_size if len(data) > page_size else 0
    classes = " ".join(x for x in ("dataframe", "pw-table", css_class) if x)
    notes = []
    if total > len(data):
        notes.append(f"The first {len(data):,} of {total:,} rows are shown.")
    if note:
        notes.append(note)
    if not total:
        notes.append("No rows.")
    foot = "".join(f'<p class="pw-table-note">{e(n)}</p>' for n in notes)
    return (f'{STYLE}<div class="pw-table-wrap"><table class="{classes}" data-searchable="{int(searchable)}" '
            f'data-page-size="{paged}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f"{foot}</div>{SCRIPT}")


class Table:
    """A displayable table: notebooks show its HTML (`_repr_html_`); plain-text front ends its text."""

    def __init__(self, df: pd.DataFrame, **options) -> None:
        self.df, self.options = df, options

    def _repr_html_(self) -> str:
        return table_html(self.df, **self.options)

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
