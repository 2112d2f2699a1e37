"""A Jupyter server for the end-to-end tests and just enough of the kernel protocol to act as a front end."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str, method: str = "GET", body: dict | None = None, token: str = "") -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"token {token}",
                                                                         "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"{}")


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 -- not up yet (connection refused, file missing, ...)
            last = e
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what} ({last})")


def stop(proc: subprocess.Popen) -> None:
    """End a process this test started (only that one), killing it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


# ---------------------------------------------------------------- Jupyter

def start_jupyter(root: Path = REPO, settings: dict | None = None):
    """JupyterLab on loopback with a random token, serving `root`: (process, base URL, token).

    `settings` ({"@jupyterlab/notebook-extension:tracker": {...}}) are the lab's user settings; they, and
    the workspaces, live in a folder of their own under `root`, never in the user's home."""
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed: `pip install -e '.[dev]'`")
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--allow-root"]  # harmless for other users; CI containers often run as root
    env = dict(os.environ)
    if settings is not None:
        home = Path(root) / ".lab"
        for plugin, values in settings.items():
            package, _, name = plugin.partition(":")
            target = home / "user-settings" / package / f"{name}.jupyterlab-settings"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values), encoding="utf-8")
        env.update(JUPYTERLAB_SETTINGS_DIR=str(home / "user-settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: get_json(f"{base}/api/status", token=token), 60, "the Jupyter server")
    except BaseException:
        stop(proc)
        raise
    return proc, base, token


class KernelSession:
    """Just enough of the Jupyter messaging protocol over the kernel websocket to run cells and act as a
    widget front end (comm messages)."""

    def __init__(self, ws) -> None:
        self.ws, self.session = ws, uuid.uuid4().hex
        self.iopub: list[dict] = []

    def message(self, msg_type: str, content: dict, channel: str = "shell") -> dict:
        return {"header": {"msg_id": uuid.uuid4().hex, "username": "test", "session": self.session,
                           "msg_type": msg_type, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}

    async def send(self, msg_type: str, content: dict) -> str:
        msg = self.message(msg_type, content)
        await self.ws.write_message(json.dumps(msg))
        return msg["header"]["msg_id"]

    async def until_idle(self, msg_id: str, timeout: float = 120) -> list[dict]:
        """iopub messages answering `msg_id`, up to its `idle` status."""
        got = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(self.ws.read_message(), timeout=deadline - time.monotonic())
            msg = json.loads(raw)
            if msg.get("channel") == "iopub":
                self.iopub.append(msg)
                if msg["parent_header"].get("msg_id") == msg_id:
                    got.append(msg)
                    if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        return got
        raise AssertionError(f"no idle status for {msg_id}")

    async def run(self, code: str) -> list[dict]:
        got = await self.until_idle(await self.send("execute_request", {"code": code, "silent": False,
                                                                          "store_history": True}))
        errors = [m["content"] for m in got if m["msg_type"] == "error"]
        assert not errors, f"cell failed: {errors[0]['ename']}: {errors[0]['evalue']}\n{code[:200]}"
        return got

    async def value(self, expression: str):
        got = await self.run(f"import json as _j; print(_j.dumps({expression}))")
        text = "".join(m["content"]["text"] for m in got if m["msg_type"] == "stream")
        return json.loads(text)


def tables(messages: list[dict]) -> list[str]:
    """The HTML of the tables (`analysis.explore.tables`) displayed in these iopub messages, each itables
    table id (random) written as `itables_ID`, so the same table twice reads the same."""
    return [re.sub(r"itables_[0-9a-f_]{36}", "itables_ID", m["content"]["data"]["text/html"]) for m in messages if m["msg_type"] in ("display_data", "execute_result")
            and 'class="pw-table-wrap' in m["content"]["data"].get("text/html", "")]




# Run in the kernel: every chart of the explorer's views for its current selection, drawn now in a cell (not
# from a widget's callback), as the PNG the explorer displays (base64).
FRESH_CHARTS = """
import base64 as _b64
import matplotlib.pyplot as _plt

def _figures(item):
    for x in item if isinstance(item, (list, tuple)) else [item]:
        if isinstance(x, (list, tuple)):
            yield from _figures(x)
        elif isinstance(x, _plt.Figure):
            yield x

def fresh_charts(explorer):
    selected = explorer.current()
    out = []
    for fn in explorer.view_fns.values():
        for fig in _figures(fn(selected)):
            out.append(_b64.b64encode(widgets._png(fig).data).decode())
    return out
"""


async def fresh_charts(k: KernelSession, explorer: str = "explorer") -> list[str]:
    """The charts a fresh render of `explorer`'s current selection draws in the kernel (base64 PNGs)."""
    await k.run(FRESH_CHARTS)
    return await k.value(f"fresh_charts({explorer})")


def fresh_charts_of_the_kernel(base: str, token: str, explorer: str = "explorer") -> list[str]:
    """`fresh_charts` of the server's one running kernel (the one a JupyterLab page drives), over a second
    connection to it. Run in a thread of its own: the caller may be inside another event loop (Playwright's)."""
    from tornado.websocket import websocket_connect

    kernels = get_json(f"{base}/api/kernels", token=token)
    assert len(kernels) == 1, kernels
    url = f"ws://127.0.0.1:{base.rsplit(':', 1)[1]}/api/kernels/{kernels[0]['id']}/channels?token={token}"
    result: dict = {}

    async def go():
        ws = await websocket_connect(url, max_message_size=256 * 1024 * 1024)
        try:
            result["charts"] = await fresh_charts(KernelSession(ws), explorer)
        finally:
            ws.close()

    def run():
        try:
            asyncio.run(go())
        except BaseException as e:  # noqa: BLE001 -- re-raised in the caller's thread
            result["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=180)
    if "error" in result:
        raise result["error"]
    assert "charts" in result, "the kernel did not answer in time"
    return result["charts"]
