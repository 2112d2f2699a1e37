"""Run one notebook with papermill into its run folder and render it (`run_report`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import ReportError
from analysis.reports.diagnose import failure_message
from analysis.reports.find import check_output_root, default_run_name, find_notebook, run_folder
from analysis.reports.index import write_index
from analysis.reports.parameters import check_inputs, coerce_parameters
from analysis.reports.render import render_html

KERNEL = "python3"  # the kernel of the interpreter running presswork (ipykernel in the same venv)


@dataclass
class ReportResult:
    notebook: str
    run_name: str
    ipynb: Path | None  # None for a batch entry that never ran (its error says why)
    html: Path | None
    parameters: dict = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None


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
