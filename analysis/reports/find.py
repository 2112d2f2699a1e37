"""Where reports come from and go: the notebook a name means, and the folder each run writes to."""

from __future__ import annotations

import itertools
import re
from importlib import resources
from pathlib import Path

from analysis.errors import ReportError


def notebooks_dir() -> Path:
    """The bundled notebooks: `analysis/notebooks` in an installed wheel (package data) and in a checkout (a
    link to the repository's notebooks/), else ./notebooks."""
    bundled = Path(str(resources.files("analysis") / "notebooks"))
    return bundled if bundled.is_dir() else Path.cwd() / "notebooks"


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


def check_output_root(output_root: str | Path) -> None:
    if Path(output_root).exists() and not Path(output_root).is_dir():
        raise ReportError(f"the output folder {output_root} is a file; give a folder (--output-dir)")
