"""Run notebooks with papermill into reports/ and render them to one self-contained HTML file.

`run_report("article", {"input_path": "a.txt"})` writes reports/article/<run-name>/article.ipynb (executed)
and article.html (images embedded, code hidden unless show_code) and returns both paths.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PressworkError

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
    for key in ("input_path", "store", "actor", "actor_name"):
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
        raise ReportError(
            f"{nb_path.name} failed in cell {e.exec_count or e.cell_index}: {e.ename}: {e.evalue}\n"
            f"The partial executed notebook is kept at {ipynb}"
        ) from None
    except Exception as e:  # kernel missing or died: say how to fix it
        text = f"{type(e).__name__}: {e}"
        hint = ""
        if "No such kernel" in text or "NoSuchKernel" in text:
            hint = " Install the kernel with `make setup` (or `.venv/bin/python -m ipykernel install --sys-prefix`)."
        elif "DeadKernel" in text or "Kernel died" in text:
            hint = " The kernel died (out of memory?); the partial notebook is kept."
        raise ReportError(f"{nb_path.name} could not run: {text}.{hint} Partial notebook: {ipynb}") from None
    render_html(ipynb, html_path, show_code=show_code)
    return ReportResult(nb_path.stem, name, ipynb, html_path, params, time.perf_counter() - started)
