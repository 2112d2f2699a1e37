"""analysis.cli.reports: parameter (-f) and batch (--batch) files are bounded YAML data -- an alias bomb or
50,000 levels of nesting is one message and exit 2, never memory without end or a RecursionError."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run, usage_error
from tests.test_yamldata import alias_bomb


@pytest.mark.parametrize("content, words", [
    (alias_bomb().replace("same:\n  - [", "actor: [").replace(", b]", ", b]"), ["more than 1,000,000 values"]),
    ("actor: " + "[" * 50_000 + "]" * 50_000 + "\n", ["nested more than 100 levels"]),
    ("- not a mapping\n", ["must hold a mapping"]),
])
def test_parameter_and_batch_files_that_cannot_be_used_are_one_message(tmp_path, content, words):
    path = tmp_path / "p.yaml"
    path.write_text(content, encoding="utf-8")
    usage_error(run("report", "actor", "-f", path, "--output-dir", tmp_path / "r"), "parameters file", *words)
    usage_error(run("report", "--batch", path, "--output-dir", tmp_path / "r"), "batch file", *words)
    assert not (tmp_path / "r").exists()


def test_the_help_and_the_usage_error_name_every_bundled_notebook():
    from analysis.cli.reports import report_cmd

    bundled = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
    assert "trails" in bundled
    help_text = run("report", "--help").stdout
    missing = run("report")
    for name in bundled:
        assert name in report_cmd.help.split("\n")[0], name  # the first line: NOTEBOOK (article, corpus, ...)
        assert f"presswork report {name}" in help_text, name  # and an example of each
        assert name in missing.stderr, name
