"""An executed notebook -> one self-contained, static HTML file."""

from __future__ import annotations

import re
from pathlib import Path

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
