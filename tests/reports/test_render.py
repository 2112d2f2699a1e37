"""analysis/reports/render.py: static HTML, no widget fetching anything, code and full paths only when asked."""

from __future__ import annotations

import nbformat
import pytest

from analysis import reports
from analysis.reports import run_report


def test_a_widget_in_a_report_fetches_nothing(tmp_path):
    """A widget cannot run in a static file, and its saved state would make the page load the widget manager
    from a CDN: the report leaves widgets out. A progress bar goes silently; live controls leave a note."""
    def view(model_id, text):
        return nbformat.v4.new_output("display_data", data={
            "application/vnd.jupyter.widget-view+json": {"model_id": model_id, "version_major": 2, "version_minor": 0},
            "text/plain": text})

    def model(name):
        return {"model_name": name, "model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
                "state": {}}

    nb = nbformat.v4.new_notebook()
    bar, controls = nbformat.v4.new_code_cell("bar"), nbformat.v4.new_code_cell("explorer")
    bar.outputs = [view("m1", "FloatProgress(value=0.0)"), nbformat.v4.new_output("stream", text="kept\n")]
    controls.outputs = [view("m2", "VBox(children=(Dropdown(),))")]
    nb.cells = [bar, controls]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {"m1": model("FloatProgressModel"), "m2": model("VBoxModel")}, "version_major": 2, "version_minor": 0}}
    nbformat.write(nb, str(tmp_path / "w.ipynb"))
    page = reports.render_html(tmp_path / "w.ipynb", tmp_path / "w.html").read_text(encoding="utf-8")
    assert "kept" in page
    assert "html-manager" not in page and "widget-view+json" not in page and "FloatProgress" not in page
    assert page.count("Live controls are left out of this file") == 1  # for the controls, not the bar


@pytest.mark.slow
def test_full_paths_only_when_asked(tmp_path):
    # (the hidden case: test_article_markup_renders_escaped renders its article from a private folder)
    article = tmp_path / "private-folder" / "story.txt"
    article.parent.mkdir()
    article.write_text("Talks resume\nTEHRAN (Tasnim) – Ali Shamkhani said on Saturday that talks will resume.\n",
                       encoding="utf-8")
    shown = run_report("article", {"input_path": str(article), "show_paths": True},
                       output_root=tmp_path / "b").html.read_text("utf-8")
    assert f"<b>File</b>: {article}" in shown
