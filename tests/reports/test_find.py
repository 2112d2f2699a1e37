"""analysis/reports/find.py and index.py: run folders never collide, readable slugs and run names, the index."""

from __future__ import annotations

from analysis import reports
from analysis.reports import run_batch, write_index
from tests.support.notebooks import tiny_notebook


def test_default_run_names():
    assert reports.default_run_name({}) == "sample"
    assert reports.default_run_name({"input_path": "/x/My Article.txt"}) == "my-article"
    assert reports.default_run_name({"store": "c.duckdb", "actor": "Ali Shamkhani"}) == "ali-shamkhani"


def test_index_of_an_empty_folder(tmp_path):
    assert "no reports yet" in write_index(tmp_path).read_text(encoding="utf-8")


def test_report_folders_never_collide(tmp_path):
    ok = tiny_notebook(tmp_path / "actor.ipynb", "print(x)")
    names = ["Ali Shamkhani", "ali/shamkhani", "علی شمخانی", "Али Шамхани", "Ali Shamkhani"]
    spec = {"runs": [{"notebook": str(ok), "run_name": n} for n in names]}
    result = run_batch(spec, output_root=tmp_path / "out", progress=False)
    assert not result.failed and len(result.done) == 5
    folders = [r.ipynb.parent.name for r in result.done]
    assert len(set(folders)) == 5
    assert folders[:4] == ["ali-shamkhani", "ali-shamkhani-2", "علی-شمخانی", "али-шамхани"]
    assert len(list((tmp_path / "out" / "actor").glob("*/actor.html"))) == 5
    again = run_batch({"runs": [{"notebook": str(ok), "run_name": "ali/shamkhani"}]},
                      output_root=tmp_path / "out", progress=False)
    assert again.done[0].ipynb.parent.name == "ali-shamkhani-2"  # the same run name keeps its folder


def test_slugs_keep_readable_names():
    assert reports.slug("Ali Shamkhani") == "ali-shamkhani"
    assert reports.slug("علی شمخانی") == "علی-شمخانی"
    assert reports.slug("../../etc") == "etc"
