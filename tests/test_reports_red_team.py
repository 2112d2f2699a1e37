"""Reports against hostile or careless parameters and batches (issue 17): parameter files are data, never
code; one bad batch entry fails alone; report folders never collide; usage errors are messages, exit 2."""

from __future__ import annotations

import base64
import json

import nbformat
import pytest
from click.testing import CliRunner

from analysis import reports
from analysis.cli import main
from analysis.reports import ReportError, coerce_parameters, run_batch
from tests.test_reports import tiny_notebook


def typed_notebook(path, body: str = "print(repr(x), repr(name), repr(when))"):
    """A notebook declaring an int, a str and a str date, printing what it received."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('x: int = 1\nname: str = "a"\nwhen: str = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Typed"), params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


def report(*args):
    return CliRunner().invoke(main, ["report", *map(str, args)])


# ---------------------------------------------------------------- parameters are data

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


def test_output_dir_that_is_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = report(typed_notebook(tmp_path / "t.ipynb"), "--output-dir", target)
    assert result.exit_code == 2 and "is a file" in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_missing_input_is_an_error(tmp_path):
    result = report("article", "--input", tmp_path / "does-not-exist.txt", "--output-dir", tmp_path / "out")
    assert result.exit_code == 2 and "does-not-exist.txt" in result.output and "does not exist" in result.output
    assert not (tmp_path / "out" / "article").exists()


# ---------------------------------------------------------------- batches

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
