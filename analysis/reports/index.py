"""reports/index.html: one row per rendered report under a reports folder."""

from __future__ import annotations

import time
from pathlib import Path

PATH_PARAMETERS = ("store", "input_path")  # shown by file name: the index is shared, the home folder is not


def shown_parameters(params: dict) -> str:
    """The parameters of a report as the index shows them: `name=value` pairs, a path parameter by its file
    name (each of the `;`-separated paths of an input) -- a reader needs which store, not where it lives."""
    import json

    shown = []
    for name, value in params.items():
        if name in PATH_PARAMETERS and isinstance(value, str) and value:
            value = "; ".join(Path(part.strip()).name or part.strip() for part in value.split(";") if part.strip())
        shown.append(f"{name}={value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)}")
    return ", ".join(shown)


def report_entries(output_root: str | Path) -> list[dict]:
    """Every rendered report under output_root: title, notebook, run, parameters, date, html path."""
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
                        "parameters": shown_parameters(params), "date": str(date)[:19],
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
