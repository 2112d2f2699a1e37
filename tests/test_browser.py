"""End to end: article.ipynb run through a real Jupyter server with live widgets, and a rendered report
opened in headless Chromium (DevTools protocol) with a screenshot of its charts.

Skips, saying why, where JupyterLab or Chromium is not installed (`make browser` installs Chromium).
Screenshots go to $PRESSWORK_SCREENSHOTS (default: the test's tmp folder).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.support.browser import chromium
from tests.support.jupyter import REPO, KernelSession, get_json, stop, tables, wait_for

pytestmark = pytest.mark.slow


def test_article_notebook_widgets_update_live_in_jupyter(jupyter):
    """Open article.ipynb through the server, run it with interactive=True, then change the actor
    control the way JupyterLab does (a comm `update` message) and watch the outputs redraw."""
    from tornado.websocket import websocket_connect

    base, token = jupyter
    nb = get_json(f"{base}/api/contents/notebooks/article.ipynb?content=1", token=token)["content"]
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in cells[0]["metadata"].get("tags", [])
    kernel = get_json(f"{base}/api/kernels", "POST", {"name": "python3"}, token=token)

    async def scenario():
        ws = await websocket_connect(f"ws://127.0.0.1:{base.rsplit(':', 1)[1]}/api/kernels/{kernel['id']}/channels"
                                     f"?token={token}")
        k = KernelSession(ws)
        await k.run(f"import os; os.chdir({str(REPO)!r})")
        for i, cell in enumerate(cells):
            outputs = await k.run(cell["source"])  # the last cell's outputs are the explorer's
            if i == 0:  # what papermill would inject: the interactive parameter
                await k.run("interactive = True")
        views = [m for m in outputs if m["msg_type"] == "display_data"
                 and "application/vnd.jupyter.widget-view+json" in m["content"]["data"]]
        assert views, "the explorer displayed no widget"
        before = tables(outputs)
        state = await k.value("{'renders': explorer.renders, 'options': list(explorer.controls['actor'].options),"
                              " 'model': explorer.controls['actor'].model_id}")
        assert state["renders"] == 1 and len(before) == 1
        speaker = "Ali Shamkhani"
        assert speaker in state["options"]
        # the front end's message when a user picks an option in the dropdown
        msg_id = await k.send("comm_msg", {"comm_id": state["model"], "data": {
            "method": "update", "state": {"index": state["options"].index(speaker)}, "buffer_paths": []}})
        redraw = await k.until_idle(msg_id)
        after = await k.value("{'renders': explorer.renders, 'value': explorer.controls['actor'].value,"
                              " 'quotes': [q['speaker'] for q in explorer.current()['quotes']]}")
        assert after["value"] == speaker and after["renders"] == 2
        assert after["quotes"] and set(after["quotes"]) == {speaker}
        # what reached the front end: Output widgets capturing (msg_id state) a new chart and a smaller table
        captures = [m for m in redraw if m["msg_type"] == "comm_msg" and "msg_id" in m["content"]["data"].get("state", {})]
        assert captures, "the Output widgets did not capture the redraw"
        charts = [m for m in redraw if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]]
        assert charts, "the chart was not redrawn"
        table = tables(redraw)
        rows = [int(re.search(r'data-rows="(\d+)"', t).group(1)) for t in (*before, *table)]
        assert len(table) == 1 and rows[1] == len(after["quotes"]) < rows[0], rows
        ws.close()

    try:
        asyncio.run(scenario())
    finally:
        req = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}", method="DELETE",
                                     headers={"Authorization": f"token {token}"})
        urllib.request.urlopen(req, timeout=10)


# ---------------------------------------------------------------- Chromium

def screenshot(browser: str, url: str, png: Path, profile: Path) -> dict:
    """Start headless Chromium with a fresh profile, open `url`, save a full-page PNG, stop the browser."""
    proc = subprocess.Popen([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--no-first-run",
                             f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        port_file = profile / "DevToolsActivePort"
        port = wait_for(lambda: port_file.read_text().split()[0], 30, "Chromium's DevTools port")
        pages = wait_for(lambda: [p for p in json.loads(urllib.request.urlopen(
            f"http://127.0.0.1:{port}/json/list", timeout=5).read()) if p["type"] == "page"], 30, "a page")
        return asyncio.run(cdp_screenshot(pages[0]["webSocketDebuggerUrl"], url, png))
    finally:
        stop(proc)


async def cdp_screenshot(ws_url: str, url: str, png: Path) -> dict:
    """Over the DevTools protocol: open `url`, report what the page shows, save a full-page PNG."""
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(ws_url, max_message_size=256 * 1024 * 1024)
    counter = iter(range(1, 10_000))
    events: list[dict] = []

    async def call(method: str, **params):
        n = next(counter)
        await ws.write_message(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            msg = json.loads(await asyncio.wait_for(ws.read_message(), 60))
            if msg.get("id") == n:
                assert "error" not in msg, msg
                return msg["result"]
            events.append(msg)

    await call("Page.enable")
    await call("Emulation.setDeviceMetricsOverride", width=1200, height=900, deviceScaleFactor=1, mobile=False)
    await call("Page.navigate", url=url)
    while not any(e.get("method") == "Page.loadEventFired" for e in events):
        events.append(json.loads(await asyncio.wait_for(ws.read_message(), 60)))
    seen = (await call("Runtime.evaluate", returnByValue=True, expression="""({
        charts: [...document.images].filter(i => i.src.startsWith('data:image/png') && i.complete
                                               && i.naturalWidth > 300).length,
        height: document.documentElement.scrollHeight,
        title: document.title, text: document.body.innerText.slice(0, 20000)})"""))["result"]["value"]
    height = min(int(seen["height"]), 16000)
    await call("Emulation.setDeviceMetricsOverride", width=1200, height=height, deviceScaleFactor=1, mobile=False)
    shot = await call("Page.captureScreenshot", format="png")
    png.write_bytes(base64.b64decode(shot["data"]))
    seen["dialogs"] = [e for e in events if e.get("method") == "Page.javascriptDialogOpening"]
    ws.close()
    return seen


def test_rendered_report_in_headless_chromium(tmp_path):
    """The article report (its text holding a <script>) opens in Chromium with every chart drawn and no
    script from the article running; the screenshot is saved."""
    from analysis.documents.samples import sample_path
    from analysis.reports import run_report

    browser = chromium()
    article = tmp_path / "article.txt"
    sample = Path(sample_path()).read_text(encoding="utf-8")
    article.write_text(sample.replace("\n", " <script>alert('pw-xss')</script><b>bold</b>\n", 1), encoding="utf-8")
    result = run_report("article", {"input_path": str(article)}, output_root=tmp_path / "reports")
    out_dir = Path(os.environ.get("PRESSWORK_SCREENSHOTS") or tmp_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / "article-report.png"
    seen = screenshot(browser, result.html.resolve().as_uri(), png, tmp_path / "profile")
    assert seen["charts"] >= 3, seen  # mentions, themes, quotes-by-speaker
    assert "Shamkhani" in seen["text"] and "<script>alert('pw-xss')</script>" in seen["text"]  # shown as text
    assert not seen["dialogs"]  # and never run
    assert png.stat().st_size > 50_000 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
