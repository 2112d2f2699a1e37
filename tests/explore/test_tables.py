"""Tables people read: no index, text left and wrapped, numbers right, everything escaped, full text,
sort/search/pages on long tables, and means greyed out under a minimum count."""

from __future__ import annotations

import re

import pandas as pd

from analysis.explore import tables


def cells(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_no_index_and_aligned_columns():
    df = pd.DataFrame({"speaker": ["Ann Lee", "Bo Park"], "quotes": [1200, 3]}, index=[7, 8])
    html = tables.table_html(df)
    assert re.findall(r"<th(?: [^>]*)?>(.*?)</th>", html) == ["speaker", "quotes"]  # no index column
    assert cells(html) == [["Ann Lee", "1,200"], ["Bo Park", "3"]]
    assert '<th class="pw-num" data-type="num">quotes' in html and '<th data-type="text">speaker' in html
    assert "text-align:left!important" in html  # beats the notebook's right-aligned default


def test_full_text_wrapped_and_escaped():
    quote = "Eviction of Foreign Forces from Iraq to Boost Regional Stability, " * 5 + "<script>alert(1)</script>"
    html = tables.table_html(pd.DataFrame({"speaker": ["<b>Ann</b>"], "quote": [quote]}))
    body = html.replace(tables.SCRIPT, "")
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;Ann&lt;/b&gt;" in body
    assert html.count("Eviction of Foreign Forces") == 5  # the whole quote, never cut
    assert 'class="pw-long"' in html  # a wide, wrapping column


def test_html_columns_are_kept_as_markup():
    html = tables.table_html(pd.DataFrame({"link": ['<a href="https://x.org">x</a>']}), html_columns=("link",))
    assert '<td class="pw-long"><a href="https://x.org">x</a></td>' in html


def test_long_tables_are_searchable_and_paged_short_ones_are_not():
    short = tables.table_html(pd.DataFrame({"n": range(5)}))
    assert 'data-searchable="0" data-page-size="0"' in short
    long = tables.table_html(pd.DataFrame({"n": range(60)}))
    assert 'data-searchable="1" data-page-size="25"' in long
    assert long.count("<tr>") == 61  # every row is in the file: the script only hides and shows them
    capped = tables.table_html(pd.DataFrame({"n": range(30)}), max_rows=10)
    assert "The first 10 of 30 rows are shown." in capped


def test_the_script_needs_no_network():
    assert "src=" not in tables.SCRIPT and "http" not in tables.SCRIPT + tables.STYLE
    assert "import " not in tables.SCRIPT


def test_numbers_dates_and_missing_values():
    df = pd.DataFrame({"tone": [0.06, 0.0571, None], "day": pd.to_datetime(["2024-01-05", None, "2024-02-01"]),
                       "roles": [["minister", "envoy"], [], None]})
    rows = cells(tables.table_html(df))
    assert [r[0] for r in rows] == ["0.060", "0.057", "–"]  # one column, one number of decimals
    assert rows[0][1] == "2024-01-05" and rows[1][1] == "–"
    assert rows[0][2] == "minister; envoy"
    assert 'data-sort="0.06"' in tables.table_html(df)  # sorts as a number, not as text


def test_means_under_the_minimum_are_greyed_with_a_note():
    df = pd.DataFrame({"name": ["Trump", "Democratic"], "quotes": [1000, 2], "quote_tone": [0.02, -0.52]})
    html = tables.means_table(df, {"quote_tone": "quotes"}, min_count=5)._repr_html_()
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1])
    assert "pw-muted" not in rows[0] and 'class="pw-num pw-muted"' in rows[1]
    assert ">-0.52<" in rows[1]  # still there to read, greyed out
    assert "taken over fewer than 5 items are greyed out" in html
    plain = tables.means_table(df, {"quote_tone": "quotes"}, min_count=0)._repr_html_()
    assert "pw-muted" not in plain.split("<tbody>")[1]


def test_table_object_displays_as_html_and_text():
    t = tables.table(pd.DataFrame({"a": [1]}))
    assert "pw-table" in t._repr_html_() and repr(t).split() == ["a", "1"]
