"""Small notebooks for the report tests, the CLI's `report` command, and the tables inside a rendered report."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
from click.testing import CliRunner

from analysis.cli import main


def table_data(page: str) -> list[list[list[str]]]:
    """The rows of each table in a report, as its script hands them to DataTables (escaped HTML cells)."""
    args = re.findall(r"let dt_args = (.*?);\s*new ITable\(", page, flags=re.DOTALL)
    return [json.loads(json.loads(a)["data_json"]) for a in args]


def tiny_notebook(path: Path, body: str, title: str = "Tiny") -> Path:
    """A notebook with a title, a parameters cell (`x: int = 1`) and `body` as its last cell."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("x: int = 1  # a number")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


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


def default_reports(tmp_path_factory, *names: str) -> tuple[Path, dict]:
    """The bundled notebooks `names` run with their defaults (the bundled sample and examples), each once per
    test session and shared by the test files that read them, on any pytest-xdist worker: (the output root,
    {name: ReportResult}). A kernel start and a render cost seconds of CPU each, and the reports and the
    JupyterLab test read the same corpus report. A render that fails is not kept: each caller raises it."""
    import fcntl

    from analysis.reports import ReportResult, run_report

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # every worker's folder is in it
    root = shared / "default-reports"
    results = {}
    for name in names:
        with open(shared / f"default-report-{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one render of each, across the workers
            done = root / f"{name}.done"
            if done.exists():
                results[name] = ReportResult(**{k: Path(v) if k in ("ipynb", "html") else v
                                                for k, v in json.loads(done.read_text()).items()})
                continue
            r = run_report(name, {}, output_root=root)
            done.write_text(json.dumps({"notebook": r.notebook, "run_name": r.run_name, "ipynb": str(r.ipynb),
                                        "html": str(r.html), "seconds": r.seconds}))
            results[name] = r
    return root, results
