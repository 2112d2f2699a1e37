"""The bundled notebooks as reports: every notebook runs with its defaults through papermill; the HTML is
self-contained, readable and escaped; the index lists them."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from analysis.reports import ReportError, run_report
from tests.support.notebooks import default_reports, table_data

NOTEBOOKS = ("article", "corpus", "actor", "compare")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every bundled notebook run once with its default parameters (the bundled sample and examples)."""
    return default_reports(tmp_path_factory, *NOTEBOOKS)


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


@pytest.mark.slow
def test_missing_model_says_how_to_fix(tmp_path, monkeypatch):
    # named as a parameter: refused before the kernel starts, nothing written
    with pytest.raises(ReportError) as info:
        run_report("article", {"model": "presswork_no_such_model"}, output_root=tmp_path)
    message = str(info.value)
    assert "parameter model: No spaCy model found (tried: presswork_no_such_model" in message
    assert "make setup" in message and "--model NAME" in message and not (tmp_path / "article").exists()
    # named by PRESSWORK_MODEL, which the kernel reads: the failing cell, and how to fix it
    monkeypatch.setenv("PRESSWORK_MODEL", "presswork_no_such_model")
    with pytest.raises(ReportError) as info:
        run_report("article", {}, output_root=tmp_path)
    message = str(info.value)
    assert "article.ipynb failed in cell" in message and "ModelNotFoundError" in message
    assert "How to fix: Install a spaCy model" in message


@pytest.mark.slow
def test_the_index_shows_no_full_paths(rendered):
    root, results = rendered
    page = (root / "index.html").read_text(encoding="utf-8")
    for result in results.values():
        for value in result.parameters.values():
            if isinstance(value, str) and value.startswith("/"):
                assert value not in page, value
