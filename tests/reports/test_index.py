"""analysis/reports/index.py: the index lists each report's parameters, a store or input by its file name
(the index is shared; where the analyst keeps the store is not the reader's business)."""

from __future__ import annotations

from analysis.reports.index import shown_parameters


def test_path_parameters_are_shown_by_file_name():
    shown = shown_parameters({"store": "/home/analyst/private/cases/corpus.duckdb", "limit": 300,
                              "input_path": "/home/analyst/a.txt; /srv/news/b.tar.gz", "actor": "Ali Shamkhani",
                              "sources": ["Tasnim", "IRNA"]})
    assert "/home/analyst" not in shown and "/srv" not in shown
    assert shown == ('store=corpus.duckdb, limit=300, input_path=a.txt; b.tar.gz, actor=Ali Shamkhani, '
                     'sources=["Tasnim", "IRNA"]')
