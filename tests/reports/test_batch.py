"""analysis/reports/batch.py: batch specs, each run in its own folder, failures listed and the rest run."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from analysis import reports
from analysis.cli import main
from analysis.reports import ReportError, run_batch
from tests.support.notebooks import tiny_notebook


def test_batch_continues_past_failures_and_indexes_outputs(tmp_path):
    ok = tiny_notebook(tmp_path / "ok.ipynb", "print(x * 2)", title="Fine <script>alert(1)</script>")
    bad = tiny_notebook(tmp_path / "bad.ipynb", "raise RuntimeError('nope')")
    spec = {"defaults": {"x": 3}, "runs": [str(bad), {"notebook": str(ok), "run_name": "first"},
                                           {"notebook": str(ok), "parameters": {"x": 5}, "run_name": "second"}]}
    result = run_batch(spec, output_root=tmp_path / "out", progress=False)
    assert [r.run_name for r in result.done] == ["first", "second"]
    assert len(result.failed) == 1 and "RuntimeError: nope" in result.failed[0].error
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="ok/') == 2 and "bad/" not in index
    assert "<script>alert(1)" not in index and "Fine &lt;script&gt;" in index
    assert "<code>x=5</code>" in index


def test_batch_from_the_cli_lists_outputs_and_failures(tmp_path):
    ok = tiny_notebook(tmp_path / "ok.ipynb", "print(x)")
    bad = tiny_notebook(tmp_path / "bad.ipynb", "raise KeyError('k')")
    batch = tmp_path / "batch.yaml"
    batch.write_text(json.dumps({"runs": [str(ok), str(bad)]}), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--batch", str(batch), "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert re.search(r"ok\s+ok/sample: .*ok\.html", result.output)
    assert "FAILED  bad/sample: bad.ipynb failed in cell 3 of 3" in result.output
    assert "1 rendered, 1 failed" in result.output


def test_batch_expands_top_speakers(nlp):
    from analysis.documents.samples import examples_path

    runs = reports.expand_batch({"defaults": {"input_path": examples_path()},
                                 "runs": [{"notebook": "actor", "top_speakers": 3}]})
    assert [r["parameters"]["actor"] for r in runs] == ["Anna Kovacs", "Marta Lindqvist", "Pavel Drozd"]
    assert [r["run_name"] for r in runs] == ["anna-kovacs", "marta-lindqvist", "pavel-drozd"]


def test_bad_batch_file_is_a_usage_error(tmp_path):
    with pytest.raises(ReportError, match="needs a `runs:` list"):
        reports.expand_batch({"run": []})


def test_one_bad_batch_entry_fails_alone(tmp_path):
    ok = tiny_notebook(tmp_path / "ok.ipynb", "print(x)")
    spec = {"runs": [{"notebook": str(ok), "run_name": "one"},
                     {"notebook": str(ok), "parameters": {"x": "x"}, "run_name": "bad-x"},
                     {"notebook": str(ok), "run_name": 42},
                     {"notebook": 123},
                     {"notebook": str(ok), "parameters": ["not", "a", "mapping"]},
                     {"notebook": str(ok), "top_speakers": "many"},
                     {"notebook": str(ok), "run_name": "two"}]}
    result = run_batch(spec, output_root=tmp_path / "out", progress=False)
    assert [r.run_name for r in result.done] == ["one", "two"]
    assert len(result.failed) == 5
    messages = [r.error for r in result.failed]
    assert "whole number" in messages[0] and "run_name" in messages[1] and "notebook" in messages[2]
    assert "parameters" in messages[3] and "top_speakers" in messages[4]


def test_the_batch_command_lists_every_failed_entry(tmp_path):
    ok = tiny_notebook(tmp_path / "ok.ipynb", "print(x)")
    batch = tmp_path / "batch.yaml"
    batch.write_text(json.dumps({"runs": [{"notebook": str(ok), "parameters": {"x": "x"}}, {"notebook": 123},
                                          str(ok)]}), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--batch", str(batch), "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert result.output.count("FAILED") == 2 and "1 rendered, 2 failed" in result.output
    assert isinstance(result.exception, SystemExit)
