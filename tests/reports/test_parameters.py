"""analysis/reports/parameters.py: parameters are data, typed against the notebook's parameters cell."""

from __future__ import annotations

import base64

import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.reports import ReportError, coerce_parameters
from tests.support.notebooks import report, tiny_notebook, typed_notebook


def test_unknown_parameter_is_a_usage_error(tmp_path):
    nb = tiny_notebook(tmp_path / "t.ipynb", "print(x)")
    result = CliRunner().invoke(main, ["report", str(nb), "-p", "y", "3", "--output-dir", str(tmp_path)])
    assert result.exit_code == 2 and "has no parameter 'y'; it accepts: x" in result.output


def test_a_binary_yaml_value_never_reaches_the_kernel(tmp_path):
    nb = typed_notebook(tmp_path / "t.ipynb")
    code = base64.b64encode(b"__import__('pathlib').Path('pwned').touch()").decode()
    params = tmp_path / "p.yaml"
    params.write_text(f"name: !!binary {code}\n", encoding="utf-8")
    result = report(nb, "-f", params, "--output-dir", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "name" in result.output and "bytes" in result.output
    assert not (tmp_path / "out" / "t").exists()
    batch = tmp_path / "b.yaml"
    batch.write_text(f"defaults: {{name: !!binary {code}}}\nruns: [{nb}]\n", encoding="utf-8")
    result = report("--batch", batch, "--output-dir", tmp_path / "out")
    assert result.exit_code == 1 and "bytes" in result.output
    assert not (tmp_path / "out" / "t").exists()


def test_values_are_typed_against_the_declared_parameters(tmp_path):
    import datetime

    nb = typed_notebook(tmp_path / "t.ipynb")
    assert coerce_parameters(nb, {"x": "7", "name": 12, "when": datetime.date(2020, 1, 2)}) == \
        {"x": 7, "name": "12", "when": "2020-01-02"}
    for raw, words in (({"x": "abc"}, "whole number"), ({"x": "1e3"}, "whole number"), ({"x": 2.5}, "int"),
                       ({"x": b"1"}, "bytes"), ({"name": {1, 2}}, "set"), ({"x": True}, "int"),
                       ({"name": [object()]}, "object")):
        with pytest.raises(ReportError, match=words):
            coerce_parameters(nb, raw)


@pytest.mark.parametrize("value", ["abc", "1e3"])
def test_a_bad_number_is_a_usage_error(tmp_path, value):
    result = report("article", "-p", "top_n", value, "--output-dir", tmp_path / "out")
    assert result.exit_code == 2 and "top_n" in result.output and "whole number" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_yaml_syntax_errors_are_usage_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("top_n: [1, 2\n", encoding="utf-8")
    for option in ("-f", "--batch"):
        args = ("article", option, bad) if option == "-f" else (option, bad)
        result = report(*args, "--output-dir", tmp_path / "out")
        assert result.exit_code == 2 and "not valid YAML" in result.output, result.output
        assert isinstance(result.exception, SystemExit)


def test_a_missing_input_is_an_error(tmp_path):
    result = report("article", "--input", tmp_path / "does-not-exist.txt", "--output-dir", tmp_path / "out")
    assert result.exit_code == 2 and "does-not-exist.txt" in result.output and "does not exist" in result.output
    assert not (tmp_path / "out" / "article").exists()


def test_a_huge_value_is_refused_before_the_kernel_with_a_short_message(tmp_path):
    import resource
    import time

    nb = typed_notebook(tmp_path / "t.ipynb")
    params = tmp_path / "p.yaml"
    params.write_text("name: " + "x" * 1_000_000 + "\n", encoding="utf-8")  # under the data-file limit
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = report(nb, "-f", params, "--output-dir", tmp_path / "out")
    assert result.exit_code == 2 and "parameter name is 1,000,000 characters long" in result.output
    assert len(result.output) < 500 and not (tmp_path / "out" / "t").exists()  # nothing echoed, nothing run
    result = report(nb, "-p", "name", "x" * 20_000_000, "--output-dir", tmp_path / "out")  # 20 MB on -p
    assert result.exit_code == 2 and "parameter name is 20,000,000 characters long" in result.output
    assert len(result.output) < 500 and not (tmp_path / "out" / "t").exists()
    assert time.perf_counter() - started < 30
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 400_000  # KB
    with pytest.raises(ReportError, match="parameter x holds more than 10,000 values"):
        coerce_parameters(nb, {"x": [[1] * 200] * 200})


def test_a_wrong_type_message_is_short_however_big_the_value(tmp_path):
    nb = typed_notebook(tmp_path / "t.ipynb")
    value: list = ["y" * 500] * 10
    for _ in range(3):
        value = [value] * 10  # 10,000 strings of 500 characters in a few nested lists
    with pytest.raises(ReportError) as caught:
        coerce_parameters(nb, {"x": value[:2]})
    assert "parameter x expects int, got list" in str(caught.value) and len(str(caught.value)) < 300


@pytest.mark.parametrize("value", ["s", "min", "h", "ms", "N", "month"])
def test_a_period_other_than_day_to_year_is_refused_before_the_kernel(tmp_path, value):
    result = report("corpus", "-p", "freq", value, "--output-dir", tmp_path / "out")
    assert result.exit_code == 2 and "freq must be one of D, W, M, Q, Y" in result.output, result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("model", ["os", "this.x", "/tmp"])
def test_a_model_that_is_no_spacy_pipeline_is_refused_before_the_kernel(tmp_path, model):
    result = report("article", "-p", "model", model, "--output-dir", tmp_path / "out")
    assert result.exit_code == 2 and "parameter model: No spaCy model found" in result.output, result.output
    assert not (tmp_path / "out").exists()
