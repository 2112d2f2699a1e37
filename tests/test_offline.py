"""The main job runs with networking blocked: model and data are local, nothing is fetched at run time.

Two layers: a real network namespace with only loopback (`unshare -rn`, where the kernel allows it), and
a socket guard (sitecustomize) that records any attempt to reach a non-loopback address or resolve a
name, in presswork and in the notebook kernel it starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GUARD = r'''
import os, socket
_log = os.environ["PRESSWORK_NET_LOG"]
_LOCAL = ("127.", "::1", "localhost", "0.0.0.0")

def _record(what):
    with open(_log, "a") as fh:
        fh.write(what + "\n")

_record(f"loaded {os.getpid()}")  # the test checks the guard was there at all

_connect = socket.socket.connect
def connect(self, address):
    host = address[0] if isinstance(address, tuple) else str(address)
    if self.family in (socket.AF_INET, socket.AF_INET6) and host and not str(host).startswith(_LOCAL):
        _record(f"connect {address}")
        raise OSError("network blocked by presswork's offline test")
    return _connect(self, address)
socket.socket.connect = connect

_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    if host and not str(host).startswith(_LOCAL):
        _record(f"resolve {host}")
        raise socket.gaierror("name resolution blocked by presswork's offline test")
    return _getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
'''


def _namespace_prefix() -> list[str]:
    """`unshare -rn` with loopback up, when this kernel lets an unprivileged user do it."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return []
    probe = subprocess.run(["unshare", "-rn", "ip", "link", "set", "lo", "up"], capture_output=True, check=False)
    return ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$0" "$@"'] if probe.returncode == 0 else []


@pytest.mark.slow
def test_main_job_runs_offline(tmp_path):
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "net.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(guard_dir), os.environ.get("PYTHONPATH", "")]),
           "PRESSWORK_NET_LOG": str(log), "HF_HUB_OFFLINE": "1", "no_proxy": "*"}
    prefix = _namespace_prefix()
    cmd = prefix + [sys.executable, "-m", "analysis", "report", "article", "--output-dir", str(tmp_path / "reports")]
    result = subprocess.run(cmd, capture_output=True, env=env, timeout=600, check=False)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    html = tmp_path / "reports" / "article" / "sample" / "article.html"
    assert html.exists() and "Shamkhani" in html.read_text(encoding="utf-8")
    lines = log.read_text().splitlines() if log.exists() else []
    loaded = [line for line in lines if line.startswith("loaded ")]
    attempts = [line for line in lines if not line.startswith("loaded ")]
    assert len(loaded) >= 2, f"the socket guard did not load in presswork and its kernel: {lines}"
    assert attempts == [], f"network access attempted while offline: {attempts}"
    if not prefix:
        pytest.skip("ran with the socket guard only: this machine does not allow `unshare -rn`")


def test_guard_catches_a_real_attempt(tmp_path):
    """The guard itself must be able to fail: a deliberate connection is recorded."""
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "net.log"
    env = {**os.environ, "PYTHONPATH": str(guard_dir), "PRESSWORK_NET_LOG": str(log)}
    code = "import socket\ntry:\n socket.create_connection(('example.org', 80), timeout=1)\nexcept OSError: pass"
    subprocess.run([sys.executable, "-c", code], env=env, timeout=60, check=False)
    lines = Path(log).read_text().splitlines()
    assert lines[0].startswith("loaded ") and lines[1].startswith("resolve example.org")
