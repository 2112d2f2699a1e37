"""analysis.cli.actors: the actor table's first/last seen are publication dates, never file paths; on an
undated corpus the two columns are left out with a note saying why."""

from __future__ import annotations

import pandas as pd

from analysis.cli.actors import UNDATED_NOTE, format_table


def frame(first_seen, last_seen):
    return pd.DataFrame({
        "name": ["Ali Shamkhani", "Zarif"], "type": ["PERSON", "PERSON"], "articles": [3, 1], "mentions": [5, 1],
        "aliases": [["Ali Shamkhani", "Shamkhani"], ["Zarif"]], "roles": [["secretary"], []],
        "first_seen": first_seen, "last_seen": last_seen,
        "first_article": ["/home/me/corpus/b.txt", "/home/me/corpus/a.txt"],
        "last_article": ["/home/me/corpus/z.txt", "/home/me/corpus/a.txt"],
    })


def test_an_undated_corpus_shows_no_first_last_columns_and_says_why():
    table = format_table(frame([None, None], [None, None]))
    assert "/home/me" not in table and "first" not in table.splitlines()[0]
    assert table.splitlines()[-1] == UNDATED_NOTE


def test_dated_actors_show_days_and_undated_ones_a_dash():
    table = format_table(frame(["2019-05-01", None], ["2019-06-30T10:00:00", None]))
    header, shamkhani, zarif = table.splitlines()
    assert header.split()[-2:] == ["first", "last"] and "/home/me" not in table
    assert shamkhani.split()[-2:] == ["2019-05-01", "2019-06-30"] and zarif.split()[-2:] == ["-", "-"]
