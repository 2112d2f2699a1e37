"""The article, actor and compare notebooks' live controls, through a real Jupyter server and kernel (one
server for the module): each notebook runs with interactive=True, then a control is changed the way
JupyterLab changes it (a comm `update` message from the front end) and the views redraw into their Output
widgets with other numbers. (The corpus notebook is driven through the JupyterLab UI itself:
tests/test_jupyterlab_ui.py.)"""

from __future__ import annotations

import asyncio
import re
import urllib.request

import pytest

from tests.support.jupyter import REPO, KernelSession, fresh_charts, get_json, tables

pytestmark = pytest.mark.slow


def html_outputs(messages: list[dict]) -> str:
    return "\n".join(m["content"]["data"].get("text/html", "") + m["content"]["data"].get("text/markdown", "")
                     for m in messages if m["msg_type"] in ("display_data", "execute_result"))


def run_live(jupyter, notebook: str, scenario) -> None:
    """Open `notebook` through the server, run its cells with interactive=True, then `scenario(kernel, outputs)`."""
    from tornado.websocket import websocket_connect

    base, token = jupyter
    nb = get_json(f"{base}/api/contents/notebooks/{notebook}?content=1", token=token)["content"]
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in cells[0]["metadata"].get("tags", [])
    assert "interactive: bool = False" in cells[0]["source"]  # committed as a batch notebook
    kernel = get_json(f"{base}/api/kernels", "POST", {"name": "python3"}, token=token)

    async def go():
        ws = await websocket_connect(f"ws://127.0.0.1:{base.rsplit(':', 1)[1]}/api/kernels/{kernel['id']}/channels"
                                     f"?token={token}", max_message_size=256 * 1024 * 1024)
        k = KernelSession(ws)
        await k.run(f"import os; os.chdir({str(REPO)!r})")
        for i, cell in enumerate(cells):
            outputs = await k.run(cell["source"])
            if i == 0:  # what papermill or a user would set: the live controls
                await k.run("interactive = True")
        widgets = [m for m in outputs if m["msg_type"] == "display_data"
                   and "application/vnd.jupyter.widget-view+json" in m["content"]["data"]]
        assert widgets, "the explorer displayed no widget"
        await scenario(k, outputs)
        ws.close()

    try:
        asyncio.run(go())
    finally:
        req = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}", method="DELETE",
                                     headers={"Authorization": f"token {token}"})
        urllib.request.urlopen(req, timeout=10)


async def pick(k: KernelSession, control: str, index) -> list[dict]:
    """Choose option `index` of a control as the front end does; the kernel's messages until idle."""
    model = await k.value(f"explorer.controls[{control!r}].model_id")
    msg_id = await k.send("comm_msg", {"comm_id": model, "data": {
        "method": "update", "state": {"index": index}, "buffer_paths": []}})
    return await k.until_idle(msg_id)


def test_actor_notebook_controls_redraw_the_profile(jupyter):
    async def scenario(k: KernelSession, outputs):
        state = await k.value("{'renders': explorer.renders, 'controls': sorted(explorer.controls),"
                              " 'names': [o[0] for o in explorer.controls['actor'].options]}")
        assert state["controls"] == ["actor", "dates", "source"] and state["renders"] == 1
        assert state["names"][0] == "Ali Shamkhani"  # the notebook's actor ("Shamkhani"), by its name
        assert "<h2>Ali Shamkhani</h2>" in html_outputs(outputs)
        # another actor: the heading names them
        redraw = await pick(k, "actor", 1)
        assert f"<h2>{state['names'][1]}</h2>" in html_outputs(redraw)
        # then a source where that actor has fewer articles than in the whole corpus
        state = await k.value("{'n': len(explorer.current().frames),"
                              " 'by_source': [[o, len(widgets.select_actor(frames, {**explorer.values(), 'source': o})"
                              ".frames)] for o in explorer.controls['source'].options]}")
        index, (source, n) = next((i, x) for i, x in enumerate(state["by_source"]) if 0 < x[1] < state["n"])
        redraw = await pick(k, "source", index)
        after = await k.value("{'renders': explorer.renders, 'source': explorer.controls['source'].value,"
                              " 'n': len(explorer.current().frames)}")
        assert after == {"renders": 3, "source": source, "n": n}
        shown = html_outputs(redraw)
        assert re.search(rf"<b>{n}</b> of \d+ articles", shown), "the profile heading did not follow the control"
        # every chart the control redrew is the chart a fresh render of the same selection draws, pixel for
        # pixel (a redraw from a widget's callback once gave a first chart whose bars sat off their labels)
        drawn = [m["content"]["data"]["image/png"] for m in redraw
                 if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]]
        fresh = await fresh_charts(k)
        assert drawn and [d.strip() for d in drawn] == [f.strip() for f in fresh]

    run_live(jupyter, "actor.ipynb", scenario)


def test_compare_notebook_controls_switch_groups(jupyter):
    async def scenario(k: KernelSession, outputs):
        before = await k.value("{'renders': explorer.renders, 'by': explorer.controls['by'].value,"
                               " 'ways': list(explorer.controls['by'].options)}")
        assert before["renders"] == 1 and before["by"] == "source" and before["ways"] == ["source", "period"]
        assert "Comparing <b>Harbor Post</b> with <b>Valley Wire</b>" in html_outputs(outputs)
        first_tables = tables(outputs)
        redraw = await pick(k, "by", 1)  # compare two periods instead
        shown = html_outputs(redraw)
        assert re.search(r"Comparing <b>\d{4}-\d\d-01\.\.\d{4}-\d\d-\d\d</b> with <b>\d{4}-\d\d-01\.\.", shown)
        assert tables(redraw) and tables(redraw)[0] != first_tables[0]
        assert any(m["msg_type"] == "display_data" and "image/png" in m["content"]["data"] for m in redraw)
        hidden = await k.value("[explorer.controls[c].layout.display for c in ('source_a', 'period_a')]")
        assert hidden == ["none", ""]
        assert (await k.value("explorer.renders")) == 2

    run_live(jupyter, "compare.ipynb", scenario)


def test_article_notebook_widgets_update_live_in_jupyter(jupyter):
    """article.ipynb: picking a speaker in the actor control redraws the views with only their quotes, the
    chart and a smaller table captured by the Output widgets."""
    async def scenario(k: KernelSession, outputs):
        before = tables(outputs)
        state = await k.value("{'renders': explorer.renders, 'options': list(explorer.controls['actor'].options)}")
        assert state["renders"] == 1 and len(before) == 1
        speaker = "Ali Shamkhani"
        assert speaker in state["options"]
        redraw = await pick(k, "actor", state["options"].index(speaker))
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

    run_live(jupyter, "article.ipynb", scenario)
