"""Tables people read: no index, text left and wrapped, numbers right, everything escaped, full text,
sort/search/pages (itables, offline) on long tables, and means greyed out under a minimum count."""

from __future__ import annotations

import json
import re

import pandas as pd

from analysis.explore import tables


def dt_args(html: str) -> dict:
    """The options itables passes to DataTables (the JSON in the table's script)."""
    text = html.split("let dt_args = ", 1)[1].split("new ITable(table, dt_args)", 1)[0].strip().rstrip(";")
    return json.loads(text)


def cells(html: str) -> list[list[str]]:
    """The cells' markup as DataTables gets it."""
    return json.loads(dt_args(html)["data_json"])


def headers(html: str) -> list[str]:
    return re.findall(r"<th>(.*?)</th>", dt_args(html)["table_html"])


def column_class(html: str, col: int) -> str:
    return " ".join(d["className"] for d in dt_args(html).get("columnDefs", []) if col in d["targets"])


def test_no_index_and_aligned_columns():
    df = pd.DataFrame({"speaker": ["Ann Lee", "Bo Park"], "quotes": [1200, 3]}, index=[7, 8])
    html = tables.table_html(df)
    assert headers(html) == ["speaker", "quotes"]  # no index column
    assert cells(html) == [["Ann Lee", "<span>1,200</span>"], ["Bo Park", "<span>3</span>"]]
    assert column_class(html, 1) == "pw-num" and "pw-num" not in column_class(html, 0)
    assert "text-align:left!important" in html  # beats the notebook's right-aligned default
    args = dt_args(html)
    assert "nowrap" not in args["classes"] and "pw-table" in args["classes"]  # text wraps
    assert tables.table_html(pd.DataFrame({"article_tone": [0.1]})).count("article tone") >= 2  # readable


def test_full_text_wrapped_and_escaped():
    quote = "Eviction of Foreign Forces from Iraq to Boost Regional Stability, " * 5 + "<script>alert(1)</script>"
    html = tables.table_html(pd.DataFrame({"speaker": ["<b>Ann</b>", '<img src=x onerror="alert(2)">'],
                                           "quote": [quote, "short"]}))
    assert cells(html)[0] == ["&lt;b&gt;Ann&lt;/b&gt;", quote.replace("<", "&lt;").replace(">", "&gt;")]
    assert cells(html)[1][0] == "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;"
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Ann" not in html
    # the static fallback (no script) has the same escaped text
    fallback = html.split("_fallback\">", 1)[1].split("</div>", 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fallback and "&lt;img src=x" in fallback
    assert cells(html)[0][1].count("Eviction of Foreign Forces") == 5  # the whole quote, never cut
    assert column_class(html, 1) == "pw-long"  # a wide, wrapping column


def test_the_data_cannot_close_the_script():
    """Caller-built markup (html_columns) is not escaped; in the script's JSON it still cannot end the
    script or open a comment: every "<" there is written \\u003c."""
    hostile = '<a href="x">x</a></script><script>alert("pw")</script><!--'
    html = tables.table_html(pd.DataFrame({"link": [hostile], "n": [1]}), html_columns=("link",))
    script = html.split('<script type="module">', 1)[1].rsplit("</script>", 1)[0]
    assert "</script" not in script.lower() and "<!--" not in script and "<script" not in script
    assert cells(html)[0][0] == hostile  # the markup itself arrives intact


def test_html_columns_are_kept_as_markup():
    html = tables.table_html(pd.DataFrame({"link": ['<a href="https://x.org">x</a>']}), html_columns=("link",))
    assert cells(html) == [['<a href="https://x.org">x</a>']]
    assert column_class(html, 0) == "pw-long"


def test_long_tables_are_searchable_and_paged_short_ones_are_not():
    short = dt_args(tables.table_html(pd.DataFrame({"n": range(5)})))
    assert set(short["layout"].values()) == {None} and short["paging"] is False
    long_html = tables.table_html(pd.DataFrame({"n": range(60)}))
    long = dt_args(long_html)
    assert long["layout"]["topStart"] == "search" and long["layout"]["bottomEnd"] == "paging"
    assert long["paging"] is True and long["pageLength"] == tables.PAGE_SIZE
    assert len(cells(long_html)) == 60  # every row is in the file
    mid = dt_args(tables.table_html(pd.DataFrame({"n": range(20)})))
    assert mid["layout"]["topStart"] == "search" and mid["paging"] is False  # searchable, one page
    capped = tables.table_html(pd.DataFrame({"n": range(30)}), max_rows=10)
    assert "The first 10 of 30 rows are shown (20 more rows are not)." in capped and len(cells(capped)) == 10


def test_never_downsampled():
    """itables' default drops rows past 64 kB; every row must be there."""
    big = pd.DataFrame({"text": ["a sentence of some length, repeated " * 5] * 3000, "n": range(3000)})
    html = tables.table_html(big)
    assert len(cells(html)) == 3000 and "downsampl" not in html.lower()
    wide = pd.DataFrame({f"c{i}": [i] for i in range(40)})
    assert len(cells(tables.table_html(wide))[0]) == 40


def test_the_script_needs_no_network():
    html = tables.table_html(pd.DataFrame({"n": range(30)})) + tables.interactive_tables()._repr_html_()
    assert not re.search(r"""(src|import)\s*=?\s*["']?https?:""", html)
    assert "loading.svg" not in html and "itables.org/>" not in html  # no logo while loading


def test_numbers_dates_and_missing_values():
    df = pd.DataFrame({"tone": [0.06, 0.0571, None], "day": pd.to_datetime(["2024-01-05", None, "2024-02-01"]),
                       "roles": [["minister", "envoy"], [], None]})
    rows = cells(tables.table_html(df))
    # one column, one number of decimals; each number as markup (DataTables' html-num-fmt sorts it as a
    # number) and a missing one as an empty span, which that type reads as empty (CSS shows a dash)
    assert [r[0] for r in rows] == ["<span>0.060</span>", "<span>0.057</span>", '<span class="pw-na"></span>']
    assert rows[0][1] == "2024-01-05" and rows[1][1] == "–"
    assert rows[0][2] == "minister; envoy"
    assert '.pw-na::after{content:"\\2013"' in tables.STYLE


def test_means_under_the_minimum_are_greyed_with_a_note():
    df = pd.DataFrame({"name": ["Trump", "Democratic"], "quotes": [1000, 2], "quote_tone": [0.02, -0.52]})
    html = tables.means_table(df, {"quote_tone": "quotes"}, min_count=5)._repr_html_()
    rows = cells(html)
    assert "pw-muted" not in "".join(rows[0])
    assert rows[1][2] == '<span class="pw-muted"><span>-0.52</span></span>'  # still there to read, greyed out
    assert "taken over fewer than 5 items are greyed out" in html
    plain = tables.means_table(df, {"quote_tone": "quotes"}, min_count=0)._repr_html_()
    assert "pw-muted" not in json.dumps(cells(plain))


def test_empty_tables_say_so():
    html = tables.table_html(pd.DataFrame({"name": pd.Series([], dtype=object), "articles": pd.Series([], dtype=int)}))
    assert "No rows." in html and "<th>name</th>" in html and '<th class="pw-num">articles</th>' in html


def test_table_object_displays_as_html_and_text():
    t = tables.table(pd.DataFrame({"a": [1]}))
    assert "pw-table" in t._repr_html_() and repr(t).split() == ["a", "1"]


def test_the_bundle_is_written_once_before_the_first_table(monkeypatch):
    monkeypatch.setattr(tables, "_bundle_shown", False)
    bundle = tables.interactive_tables()._repr_html_()
    assert 500_000 < len(bundle) < 3_000_000 and "injectModule" in bundle
    first = tables.table(pd.DataFrame({"a": [1]}))._repr_html_()
    assert "injectModule" not in first and len(first) < 20_000  # the notebook showed it: not again
    # a notebook that did not show it first: the first table brings it, once
    monkeypatch.setattr(tables, "_bundle_shown", False)
    pages = [tables.table(pd.DataFrame({"a": [i]}))._repr_html_() for i in range(2)]
    assert pages[0].startswith(bundle) and bundle not in pages[1]


def test_notebooks_show_the_bundle_first():
    import nbformat

    from tests.support.jupyter import REPO

    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
        source = code[0].source
        assert "display(tables.interactive_tables())" in source, path.name
        assert source.find("tables.table") in (-1, *range(source.index("interactive_tables"), len(source)))


def test_ids_are_not_written_as_counts():
    html = tables.table_html(pd.DataFrame({"trail_id": [7673], "articles": [7673]}))
    assert cells(html)[0] == ["<span>7673</span>", "<span>7,673</span>"]
