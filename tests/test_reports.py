"""Reports: every notebook runs with its defaults through papermill; HTML is self-contained and escaped;
failures name the notebook, the cell and the error and keep the partial notebook; batch runs and the index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from click.testing import CliRunner

from analysis import reports
from analysis.cli import main
from analysis.reports import ReportError, run_batch, run_report, write_index

NOTEBOOKS = ("article", "corpus", "actor", "compare")


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


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every bundled notebook run once with its default parameters (the bundled sample and examples)."""
    root = tmp_path_factory.mktemp("reports")
    return root, {name: run_report(name, {}, output_root=root) for name in NOTEBOOKS}


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_runs_with_defaults(rendered, name):
    _, results = rendered
    r = results[name]
    assert r.ipynb.exists() and r.html.exists()
    nb = nbformat.read(str(r.ipynb), as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 2, f"{name}: expected its charts as PNG outputs"
    page = r.html.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= len(images)  # embedded: one file to send
    assert not re.search(r'<script[^>]+src="https?://', page)  # nothing fetched from a CDN
    assert "import analysis" not in page  # code hidden by default


@pytest.mark.slow
def test_reports_have_their_sections(rendered):
    _, results = rendered
    pages = {k: r.html.read_text(encoding="utf-8") for k, r in results.items()}
    for needle in ("Who said what", "Quotes by speaker", "pw-text"):
        assert needle in pages["article"]
    for needle in ("Share of voice", "Who talks about what", "Who appears with whom", "Tone by actor", "Anna Kovacs"):
        assert needle in pages["corpus"]
    assert "Ali Shamkhani" in pages["actor"] and "pw-quotes" in pages["actor"]
    assert "Comparing <b>Harbor Post</b> with <b>Valley Wire</b>" in pages["compare"]


@pytest.mark.slow
def test_shared_reports_are_readable_and_leak_no_local_paths(rendered):
    """What the issue's reader ran into: the row index, cut quotes, a raw tone dict, full local paths."""
    _, results = rendered
    here = str(Path(__file__).resolve().parent.parent)
    for name, r in results.items():
        page = r.html.read_text(encoding="utf-8")
        assert here not in page, f"{name}: the report prints a local path"
        # our tables (itables with our classes), no index column
        assert 'class="pw-table-wrap' in page and '"classes": ["display", "compact", "pw-table' in page
        assert '<th class="blank' not in page and "<th></th>" not in page and '\\u003cth>\\u003c/th>' not in page
    article = results["article"].html.read_text(encoding="utf-8")
    assert "<b>File</b>: sample_article.txt" in article
    assert "Overall tone: " in article and "{&#x27;compound&#x27;" not in article and "{'compound'" not in article
    # the whole quote in its table cell, not 45 characters of it
    assert any("efforts to expedite the implementation of the Iraqi parliament’s resolution on the expulsion of "
               "foreign forces" in row for data in table_data(article) for row in data)  # a cell, in full
    assert re.search(r'>efforts to expedite the implementation of the Iraqi parliament’s '
                     r"resolution on the expulsion of foreign forces</td>", article)  # and in its static fallback
    corpus = results["corpus"].html.read_text(encoding="utf-8")
    assert "Groups and nationalities" in corpus
    assert "Means (article tone over articles, quote tone over quotes) taken over fewer than 5" in corpus
    assert "<b>Input:</b> <code>the bundled sample and example corpus</code>" in corpus


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


@pytest.mark.slow
def test_index_lists_every_report(rendered):
    root, results = rendered
    page = (root / "index.html").read_text(encoding="utf-8")
    for name in results:
        assert f'href="{name}/sample/{name}.html"' in page
    assert "Actor profile" in page and "Corpus report" in page


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> tuple[Path, Path]:
    """The bundled sample with markup in its title and a hostile paragraph, rendered from a private folder:
    (the article, the report's HTML)."""
    from analysis.documents.samples import sample_path

    root = tmp_path_factory.mktemp("hostile")
    article = root / "private-folder" / "hostile.txt"
    article.parent.mkdir()
    title, body = Path(sample_path()).read_text(encoding="utf-8").split("\n", 1)
    article.write_text(
        f"{title} <b>bold</b> <script>alert('pw-xss')</script>\n{body.rstrip()}\n"
        "TEHRAN (Tasnim) – Ali Reza said on Monday that <img src=x onerror=alert('pw-img')> the talks "
        "would continue. “We will not accept <script>alert('pw-quote')</script> pressure,” Reza told reporters.\n",
        encoding="utf-8")
    return article, run_report("article", {"input_path": str(article)}, output_root=root / "out").html


@pytest.mark.slow
def test_article_markup_renders_escaped(hostile_report):
    article, html = hostile_report
    page = html.read_text(encoding="utf-8")
    # the file by its name, not the local folder it sits in (show_paths: test_full_paths_only_when_asked)
    assert str(article.parent) not in page and "<b>File</b>: hostile.txt" in page
    assert "pw-xss" in page and "pw-quote" in page  # the text is there...
    # ...but never as live markup: not in the page, and not in the cells the tables' script hands DataTables
    # (which it shows as HTML): those are escaped HTML, text in a JSON string
    outside = re.sub(r"let dt_args = .*?new ITable\(", "", page, flags=re.DOTALL)
    live = re.findall(r"<script[^>]*>[^<]*pw-", outside) + re.findall(r"<img src=x", outside)
    assert not live
    cells = [cell for data in table_data(page) for row in data for cell in row]
    assert any("pw-quote" in c for c in cells)
    assert not [c for c in cells if "<script" in c or "<img" in c]
    assert "&lt;script&gt;alert(" in page and "<b>bold</b>" not in page


@pytest.mark.slow
def test_hostile_report_in_headless_chromium(hostile_report, tmp_path):
    """The same report open in Chromium: every chart drawn, the article's markup shown as text and none of
    its script run; a full-page screenshot saved ($PRESSWORK_SCREENSHOTS)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: `pip install -e '.[dev]'`")
    from tests.support.browser import launch, screenshots_dir

    dialogs: list[str] = []
    with sync_api.sync_playwright() as p:
        context = launch(p, tmp_path / "profile", offline=True)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(hostile_report[1].resolve().as_uri())
        page.wait_for_load_state("load")
        charts = page.evaluate("[...document.images].filter(i => i.src.startsWith('data:image/png') && i.complete"
                               " && i.naturalWidth > 300).length")
        text = page.inner_text("body")
        png = screenshots_dir(tmp_path) / "article-report.png"
        page.screenshot(path=str(png), full_page=True)
        context.close()
    assert charts >= 3, charts  # mentions, themes, quotes by speaker
    assert "Shamkhani" in text and "<script>alert('pw-xss')</script>" in text  # shown as text...
    assert not dialogs  # ...and never run
    assert png.stat().st_size > 50_000 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_failing_cell_names_notebook_cell_and_error(tmp_path):
    nb = tiny_notebook(tmp_path / "boom.ipynb", "y = x + 1\nraise ValueError('the input had no quotes')")
    with pytest.raises(ReportError) as info:
        run_report(str(nb), {"x": "2"}, output_root=tmp_path / "out")
    message = str(info.value)
    assert message.splitlines()[0].startswith("boom.ipynb failed in cell 3 of 3 (`y = x + 1`): ValueError: "
                                              "the input had no quotes")
    partial = tmp_path / "out" / "boom" / "sample" / "boom.ipynb"
    assert str(partial) in message and partial.exists()
    outputs = nbformat.read(str(partial), as_version=4).cells[-1].outputs
    assert outputs[-1]["ename"] == "ValueError"


def test_failing_cell_exit_code_and_message_from_the_cli(tmp_path):
    nb = tiny_notebook(tmp_path / "boom.ipynb", "1 / 0")
    result = CliRunner().invoke(main, ["report", str(nb), "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "boom.ipynb failed in cell 3 of 3 (`1 / 0`): ZeroDivisionError: division by zero" in result.output


def test_unknown_parameter_is_a_usage_error(tmp_path):
    nb = tiny_notebook(tmp_path / "t.ipynb", "print(x)")
    result = CliRunner().invoke(main, ["report", str(nb), "-p", "y", "3", "--output-dir", str(tmp_path)])
    assert result.exit_code == 2 and "has no parameter 'y'; it accepts: x" in result.output


def test_missing_kernel_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(reports, "KERNEL", "presswork-no-such-kernel")
    nb = tiny_notebook(tmp_path / "t.ipynb", "print(x)")
    with pytest.raises(ReportError, match=r"could not run: .*No such kernel.* Install the kernel with `make setup`"):
        run_report(str(nb), {}, output_root=tmp_path)


@pytest.mark.slow
def test_missing_model_says_how_to_fix(tmp_path):
    with pytest.raises(ReportError) as info:
        run_report("article", {"model": "presswork_no_such_model"}, output_root=tmp_path)
    message = str(info.value)
    assert "article.ipynb failed in cell" in message and "ModelNotFoundError" in message
    assert "How to fix: Install a spaCy model" in message


def test_batch_continues_past_failures_and_indexes_outputs(tmp_path):
    ok = tiny_notebook(tmp_path / "ok.ipynb", "print(x * 2)", title="Fine <script>alert(1)</script>")
    bad = tiny_notebook(tmp_path / "bad.ipynb", "raise RuntimeError('nope')")
    spec = {"defaults": {"x": 3}, "runs": [str(bad), {"notebook": str(ok), "run_name": "first"},
                                           {"notebook": str(ok), "parameters": {"x": 5}, "run_name": "second"}]}
    result = run_batch(spec, output_root=tmp_path / "out", progress=False)
    assert [r.run_name for r in result.done] == ["first", "second"]
    assert len(result.failed) == 1 and "RuntimeError: nope" in result.failed[0].error
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="ok/') == 2 and "bad/" not in index
    assert "<script>alert(1)" not in index and "Fine &lt;script&gt;" in index
    assert "{&quot;x&quot;: 5}" in index


def test_batch_from_the_cli_lists_outputs_and_failures(tmp_path):
    ok = tiny_notebook(tmp_path / "ok.ipynb", "print(x)")
    bad = tiny_notebook(tmp_path / "bad.ipynb", "raise KeyError('k')")
    batch = tmp_path / "batch.yaml"
    batch.write_text(json.dumps({"runs": [str(ok), str(bad)]}), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--batch", str(batch), "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert re.search(r"ok\s+ok/sample: .*ok\.html", result.output)
    assert "FAILED  bad/sample: bad.ipynb failed in cell 3 of 3" in result.output
    assert "1 rendered, 1 failed" in result.output


def test_batch_expands_top_speakers(nlp):
    from analysis.documents.samples import examples_path

    runs = reports.expand_batch({"defaults": {"input_path": examples_path()},
                                 "runs": [{"notebook": "actor", "top_speakers": 3}]})
    assert [r["parameters"]["actor"] for r in runs] == ["Anna Kovacs", "Marta Lindqvist", "Pavel Drozd"]
    assert [r["run_name"] for r in runs] == ["anna-kovacs", "marta-lindqvist", "pavel-drozd"]


def test_bad_batch_file_is_a_usage_error(tmp_path):
    with pytest.raises(ReportError, match="needs a `runs:` list"):
        reports.expand_batch({"run": []})


def test_default_run_names():
    assert reports.default_run_name({}) == "sample"
    assert reports.default_run_name({"input_path": "/x/My Article.txt"}) == "my-article"
    assert reports.default_run_name({"store": "c.duckdb", "actor": "Ali Shamkhani"}) == "ali-shamkhani"


def test_index_of_an_empty_folder(tmp_path):
    assert "no reports yet" in write_index(tmp_path).read_text(encoding="utf-8")


def test_store_frames_match_record_frames(tmp_path, nlp):
    """The store engineer's Corpus feeds the same frames as records analysed in the notebook."""
    from analysis import analyze_documents, read_documents
    from analysis.corpus import frames as F
    from analysis.corpus.ingest import ingest
    from analysis.documents.samples import examples_path

    path = examples_path()
    store = tmp_path / "c.duckdb"
    ingest([path], str(store), merge_actors=False)  # per-article keys, as records analysed in a notebook have
    from_store = F.frames_from_store(store)
    from_records = F.frames_from_records(r.to_record() for r in analyze_documents(read_documents([path]), nlp=nlp))
    assert len(from_store.articles) == 6 and len(from_store.quotes) > 0 and len(from_store.actors) > 0
    for name in F.COLUMNS:
        a, b = getattr(from_store, name), getattr(from_records, name)
        a, b = (df.assign(**{c: df[c].map(tuple) for c in ("roles", "aliases", "themes") if c in df}) for df in (a, b))
        pd.testing.assert_frame_equal(a.sort_values(list(a.columns)).reset_index(drop=True),
                                      b.sort_values(list(b.columns)).reset_index(drop=True), obj=name)
