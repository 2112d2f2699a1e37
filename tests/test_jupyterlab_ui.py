"""End to end through what people use: the real JupyterLab UI in headless Chromium (Playwright driving the
system's Chromium; no browser is downloaded), and a shared report's tables sorted and searched with the
network off.

JupyterLab: notebooks/corpus.ipynb opened with interactive=True, every cell run from the Run menu, the
Source control changed, and the charts and the table checked to change: every chart inked (opaque), and
every redrawn chart the very PNG a fresh render in a cell draws. Screenshots, and the charts the page showed,
go to $PRESSWORK_SCREENSHOTS (default: the test's tmp folder).
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import nbformat
import pytest

from tests.support.browser import launch, screenshots_dir
from tests.support.jupyter import REPO, fresh_charts_of_the_kernel, get_json, start_jupyter, stop
from tests.support.notebooks import default_reports

pytestmark = pytest.mark.slow

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: `pip install -e '.[dev]'`")


def no_network(context, seen: list[str]) -> None:
    """Every request that is not for a local file or for the local server is recorded and refused."""
    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:", "http://127.0.0.1:", "ws://127.0.0.1:")):
            return r.continue_()
        seen.append(url)
        return r.abort()

    context.route("**/*", route)


# ---------------------------------------------------------------- the shared HTML, offline

@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    return default_reports(tmp_path_factory, "corpus")[1]["corpus"].html  # the one tests/reports renders


def rows(table) -> list[list[str]]:
    """The rows DataTables shows (this page, after search and sort): each cell's text."""
    return table.evaluate("""t => [...t.tBodies[0].rows].filter(r => !r.querySelector('td.dt-empty'))
                                   .map(r => [...r.cells].map(c => c.textContent.trim()))""")


def number(text: str) -> float | None:
    """A cell's number ("1,234", "-0.52"); a missing one has no text (its dash is CSS)."""
    return float(text.replace(",", "")) if text else None


def test_shared_report_sorts_and_searches_with_no_network(corpus_report, tmp_path):
    blocked: list[str] = []
    with sync_api.sync_playwright() as p:
        context = launch(p, tmp_path / "profile", offline=True)
        no_network(context, blocked)
        page = context.new_page()
        page.goto(corpus_report.resolve().as_uri())
        page.wait_for_load_state("load")
        wraps = page.locator(".pw-table-wrap:not([data-rows='0'])")
        # every table with rows enhanced by itables (its script from the page itself), its static fallback hidden
        page.wait_for_function("n => document.querySelectorAll('.pw-table-wrap table.dataTable').length === n",
                               arg=wraps.count())
        assert wraps.count() >= 4
        assert page.locator(".pw-table-wrap div[id$='_fallback']:visible").count() == 0
        # the share-of-voice table: long enough for a search box
        wrap = page.locator(".pw-table-wrap[data-searchable='1']", has_text="Anna Kovacs").first
        section = wrap.locator("table.dataTable")
        info = wrap.locator(".dt-info")
        all_rows = int(wrap.get_attribute("data-rows"))
        assert len(rows(section)) == all_rows  # one page
        assert info.text_content() == f"1\u2013{all_rows} of {all_rows} rows"
        assert page.locator(".pw-table-wrap[data-searchable='0'] .dt-search").count() == 0  # short: no box
        # search: only matching rows stay, and the count says so
        wrap.locator(".dt-search input").fill("kovacs")
        sync_api.expect(info).to_contain_text("filtered from")  # redrawn, then read
        found = rows(section)
        assert found and all("kovacs" in " ".join(r).lower() for r in found) and len(found) < all_rows
        assert info.text_content() == f"1\u2013{len(found)} of {len(found)} rows (filtered from {all_rows})"
        page.screenshot(path=str(screenshots_dir(tmp_path) / "report-table-search.png"), full_page=False)
        wrap.locator(".dt-search input").fill("")
        sync_api.expect(info).not_to_contain_text("filtered")
        # sort: a click on a number column sorts ascending (as numbers: "1,200" after "3"), a second
        # click descending
        headers = section.locator("thead th")
        names = [h.text_content() for h in headers.all()]
        col = next(i for i, h in enumerate(headers.all()) if "pw-num" in h.get_attribute("class"))
        headers.nth(col).click()
        sync_api.expect(headers.nth(col)).to_have_attribute("aria-sort", "ascending")  # redrawn, then read
        up = [number(r[col]) for r in rows(section)]
        assert [x for x in up if x is not None] == sorted(x for x in up if x is not None), names[col]
        assert len(set(up)) > 1, names[col]  # a column whose order shows something
        headers.nth(col).click()
        sync_api.expect(headers.nth(col)).to_have_attribute("aria-sort", "descending")
        down = [number(r[col]) for r in rows(section)]
        assert [x for x in down if x is not None] == sorted((x for x in down if x is not None), reverse=True)
        # a text column sorts alphabetically
        text_col = next(i for i, h in enumerate(headers.all()) if "pw-num" not in h.get_attribute("class"))
        headers.nth(text_col).click()
        sync_api.expect(headers.nth(text_col)).to_have_attribute("aria-sort", "ascending")
        words = [r[text_col].lower() for r in rows(section)]
        assert words == sorted(words)
        page.screenshot(path=str(screenshots_dir(tmp_path) / "report-table-sorted.png"), full_page=True)
        # a number column with a missing value (the tone table) still sorts as numbers
        tone = page.locator(".pw-table-wrap", has_text="too few to compare").first.locator("table.dataTable")
        tone_headers = tone.locator("thead th")
        quote_tone = next(i for i, h in enumerate(tone_headers.all()) if h.text_content() == "quote tone")
        tone_headers.nth(quote_tone).click()
        sync_api.expect(tone_headers.nth(quote_tone)).to_have_attribute("aria-sort", "ascending")
        values = [number(r[quote_tone]) for r in rows(tone)]
        assert None in values and len(values) > 3
        present = [x for x in values if x is not None]
        assert present == sorted(present) and any(x < 0 for x in present)
        context.close()
    assert not blocked, f"the report asked the network for {blocked}"


# ---------------------------------------------------------------- JupyterLab

@pytest.fixture()
def lab(tmp_path):
    """JupyterLab serving a copy of the repository's notebooks/corpus.ipynb with interactive=True."""
    root = tmp_path / "lab"
    (root / "notebooks").mkdir(parents=True)
    nb = nbformat.read(str(REPO / "notebooks" / "corpus.ipynb"), as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert "interactive: bool = False" in params.source
    params.source = params.source.replace("interactive: bool = False", "interactive: bool = True")
    nbformat.write(nb, str(root / "notebooks" / "corpus.ipynb"))
    # Every cell in the page (JupyterLab 4 otherwise keeps only the cells in view in the DOM, so the
    # explorer's outputs could not be read), and no pop-up asking about news over the notebook.
    proc, base, token = start_jupyter(root, settings={
        "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}})
    try:
        yield base, token
    finally:
        stop(proc)
        shutil.rmtree(root / "notebooks" / ".ipynb_checkpoints", ignore_errors=True)


def explorer_state(page) -> dict:
    """The charts and the first table that the explorer's outputs (its Output widgets) show."""
    return page.evaluate("""async () => {
        const cell = document.querySelector('.jp-Notebook .jp-Cell:last-child');  // the explorer's cell
        const imgs = [...cell.querySelectorAll('.jp-OutputArea-output img')];
        // each of our tables: the first <table> in its wrap (itables' interactive one; its static fallback
        // follows, hidden once the script ran)
        const wraps = [...cell.querySelectorAll('.jp-OutputArea-output .pw-table-wrap')];
        const tables = wraps.map(w => w.querySelector('table'));
        // how much of each chart is drawn: the share of its pixels that are opaque and dark (a transparent
        // pixel is no ink: a chart left transparent, or cut off part way, must not pass as drawn)
        const inked = [];
        for (const img of imgs) {
            try { await img.decode(); } catch (e) { inked.push(0); continue; }  // not decodable: no ink
            const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            const px = g.getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < px.length; i += 4) { if (px[i + 3] === 255 && px[i] + px[i + 1] + px[i + 2] < 600) n++; }
            inked.push(c.width * c.height ? n / (c.width * c.height) : 0);
        }
        return {charts: imgs.map(i => i.src), tables: tables.length, inked: inked,
                table: tables.length ? tables[0].tBodies[0].innerText : '',
                last: tables.length ? tables[tables.length - 1].tBodies[0].innerText : '',
                sortable: tables.filter(t => t.classList.contains('dataTable')).length,
                withRows: wraps.filter(w => w.getAttribute('data-rows') !== '0').length};
    }""")


def png(src: str) -> bytes:
    """The PNG bytes of an <img> src (a data: URL, as JupyterLab shows a kernel's image/png)."""
    assert src.startswith("data:image/png;base64,"), src[:40]
    return base64.b64decode(src.split(",", 1)[1])


def painted(page) -> None:
    """Two animation frames: the scrolled-to part of the page painted before a screenshot (its images are
    decoded by then: `explorer_state` awaited them)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def kernel_idle(base: str, token: str, quiet: float = 1.5, timeout: float = 120) -> None:
    """Wait until the server reports every kernel idle, and still idle `quiet` seconds later (the redraw
    after a control change is a burst of messages the front end then renders)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(k["execution_state"] == "idle" for k in get_json(f"{base}/api/kernels", token=token)):
            time.sleep(quiet)
            if all(k["execution_state"] == "idle" for k in get_json(f"{base}/api/kernels", token=token)):
                return
        time.sleep(0.3)
    raise AssertionError("the kernel stayed busy")


def test_corpus_notebook_live_controls_in_the_jupyterlab_ui(lab, tmp_path):
    base, token = lab
    shots = screenshots_dir(tmp_path)
    blocked: list[str] = []
    with sync_api.sync_playwright() as p:
        context = launch(p, tmp_path / "profile")
        no_network(context, blocked)
        page = context.new_page()
        page.set_default_timeout(60_000)
        try:
            drive_the_lab(page, base, token, shots)
        except Exception:
            page.screenshot(path=str(shots / "jupyterlab-failure.png"))  # what the page showed when it failed
            raise
        finally:
            context.close()
    assert not blocked, f"JupyterLab asked the network for {blocked}"
    assert (shots / "jupyterlab-corpus-after.png").stat().st_size > 20_000


def drive_the_lab(page, base: str, token: str, shots: Path) -> None:
    if True:
        page.goto(f"{base}/lab/tree/notebooks/corpus.ipynb?token={token}")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for()
        # the kernel is up when the toolbar's status says so
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=120_000)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=120_000)
        # Run > Run All Cells, as a user does
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        source = page.locator(".jupyter-widgets.widget-dropdown", has_text="Source").locator("select")
        # attached, not yet visible: JupyterLab renders cells out of view lazily; the bundled corpus is
        # analysed first
        source.wait_for(state="attached", timeout=240_000)
        page.wait_for_function("""() => [...document.querySelectorAll('.jp-Notebook .jp-Cell:last-child .jp-OutputArea-output img')]
                                        .length >= 5""", timeout=120_000)
        # the toolbar can say Idle between two cells' bursts: the last cell is done when the server reports
        # the kernel idle and the cell's prompt holds its execution count (with twelve views the first draw
        # takes long enough that a snapshot taken earlier counted half the tables)
        kernel_idle(base, token, timeout=240)
        page.wait_for_function("""() => /\\[\\d+\\]/.test(
            document.querySelector('.jp-Notebook .jp-Cell:last-child .jp-InputPrompt').textContent)""",
                               timeout=120_000)
        before = explorer_state(page)
        assert len(before["charts"]) >= 5 and before["tables"] >= 2, before
        assert before["sortable"] == before["withRows"] >= 2  # itables ran in JupyterLab too (Output widgets)
        source.scroll_into_view_if_needed()
        painted(page)
        page.screenshot(path=str(shots / "jupyterlab-corpus-before.png"))
        options = source.evaluate("s => [...s.options].map(o => o.textContent.replace(/\\u00a0/g, ' '))")
        assert options[0] == "(all)" and "Valley Wire" in options  # (ipywidgets shows spaces as no-break spaces)
        source.select_option(index=options.index("Valley Wire"))
        # the views redraw in order: the last table (tone by actor) changing means all of them have
        page.wait_for_function("""before => {
            const t = [...document.querySelectorAll('.jp-Notebook .jp-Cell:last-child .jp-OutputArea-output .pw-table-wrap')]
                      .map(w => w.querySelector('table'));
            return t.length === before.tables && t[t.length - 1].tBodies[0].innerText !== before.last;
        }""", arg=before, timeout=120_000)
        kernel_idle(base, token)  # every view redrawn
        page.wait_for_function("""() => [...document.querySelectorAll('.jp-Notebook .jp-Cell:last-child img')]
                                        .every(i => i.complete)""")
        # itables' script runs asynchronously after each redrawn output: every table with rows enhanced
        page.wait_for_function("""() => [...document.querySelectorAll('.jp-Notebook .jp-Cell:last-child .pw-table-wrap')]
                                        .every(w => w.getAttribute('data-rows') === '0' || w.querySelector('table.dataTable'))""")
        after = explorer_state(page)
        fresh = fresh_charts_of_the_kernel(base, token)  # the same views drawn again, in a cell
        source.scroll_into_view_if_needed()
        painted(page)
        page.screenshot(path=str(shots / "jupyterlab-corpus-after.png"))
        page.locator(".jp-Notebook .jp-Cell:last-child table").first.scroll_into_view_if_needed()
        painted(page)
        page.screenshot(path=str(shots / "jupyterlab-corpus-after-table.png"))
        assert after["table"] != before["table"], "the table did not change"
        for name, state in (("before", before), ("after", after)):  # the charts measured, kept beside the shots
            for i, src in enumerate(state["charts"]):
                (shots / f"jupyterlab-chart-{name}-{i:02d}.png").write_bytes(png(src))
        assert after["charts"][0] != before["charts"][0], "the chart did not change"
        # no chart blank, transparent or cut off: each one inked, and every redrawn chart the very PNG that a
        # fresh render of Valley Wire's views draws in a cell (charts redrawn from the widget's callback came
        # out blank or half-drawn: see analysis.explore.widgets._png)
        assert min(before["inked"]) > 0.01 and min(after["inked"]) > 0.01, (before["inked"], after["inked"])
        redrawn = [png(src) for src in after["charts"]]
        assert len(redrawn) == len(fresh), (len(redrawn), len(fresh))
        differ = [i for i, (a, b) in enumerate(zip(redrawn, fresh)) if a != base64.b64decode(b)]
        assert not differ, f"charts {differ} differ from a fresh render (sizes {[len(redrawn[i]) for i in differ]})"
        assert after["sortable"] == after["withRows"] >= 1  # the redrawn tables are itables' too
        assert "Harbor Post" not in after["table"]  # only Valley Wire's articles count now
        # Valley Wire names no group or nationality: that view now says so
        text = page.locator(".jp-Notebook .jp-Cell:last-child .jp-Cell-outputWrapper").inner_text()
        assert "No rows." in text.split("Groups and nationalities")[1].split("Share of voice")[0]
