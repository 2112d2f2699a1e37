"""analysis/reports/execute.py and diagnose.py: a failing notebook names the notebook, the cell and the
error, keeps the partial and says how to fix it."""

from __future__ import annotations

import nbformat
import pytest
from click.testing import CliRunner

from analysis import reports
from analysis.cli import main
from analysis.reports import ReportError, run_report
from tests.support.notebooks import report, tiny_notebook, typed_notebook


def test_failing_cell_names_notebook_cell_and_error(tmp_path):
    nb = tiny_notebook(tmp_path / "boom.ipynb", "y = x + 1\nraise ValueError('the input had no quotes')")
    with pytest.raises(ReportError) as info:
        run_report(str(nb), {"x": "2"}, output_root=tmp_path / "out")
    message = str(info.value)
    assert message.splitlines()[0].startswith("boom.ipynb failed in cell 3 of 3 (`y = x + 1`): ValueError: "
                                              "the input had no quotes")
    partial = tmp_path / "out" / "boom" / "sample" / "boom.ipynb"
    assert str(partial) in message and partial.exists()
    outputs = nbformat.read(str(partial), as_version=4).cells[-1].outputs
    assert outputs[-1]["ename"] == "ValueError"


def test_failing_cell_exit_code_and_message_from_the_cli(tmp_path):
    nb = tiny_notebook(tmp_path / "boom.ipynb", "1 / 0")
    result = CliRunner().invoke(main, ["report", str(nb), "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "boom.ipynb failed in cell 3 of 3 (`1 / 0`): ZeroDivisionError: division by zero" in result.output


def test_missing_kernel_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(reports.execute, "KERNEL", "presswork-no-such-kernel")
    nb = tiny_notebook(tmp_path / "t.ipynb", "print(x)")
    with pytest.raises(ReportError, match=r"could not run: .*No such kernel.* Install the kernel with `make setup`"):
        run_report(str(nb), {}, output_root=tmp_path)


def test_output_dir_that_is_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = report(typed_notebook(tmp_path / "t.ipynb"), "--output-dir", target)
    assert result.exit_code == 2 and "is a file" in result.output
    assert isinstance(result.exception, SystemExit)
