"""Running presswork with networking blocked: a real network namespace with only loopback (`unshare -rn`, where
the kernel allows it), and a socket guard (sitecustomize) that records any attempt to reach a non-loopback address
or resolve a name, in presswork and in the notebook kernel it starts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

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


def namespace_prefix() -> list[str]:
    """`unshare -rn` with loopback up, when this kernel lets an unprivileged user do it."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return []
    probe = subprocess.run(["unshare", "-rn", "ip", "link", "set", "lo", "up"], capture_output=True, check=False)
    return ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$0" "$@"'] if probe.returncode == 0 else []


def guarded(tmp_path: Path, env: dict) -> tuple[dict, Path]:
    """`env` with the socket guard on the path of every Python it starts; the log the guard writes to."""
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "net.log"
    return {**env, "PYTHONPATH": os.pathsep.join(p for p in [str(guard_dir), env.get("PYTHONPATH", "")] if p),
            "PRESSWORK_NET_LOG": str(log), "HF_HUB_OFFLINE": "1", "no_proxy": "*"}, log


def network_attempts(log: Path) -> list[str]:
    """What the guard recorded beyond loading; fails when it did not load in presswork and its kernel."""
    lines = log.read_text().splitlines() if log.exists() else []
    loaded = [line for line in lines if line.startswith("loaded ")]
    assert len(loaded) >= 2, f"the socket guard did not load in presswork and its kernel: {lines}"
    return [line for line in lines if not line.startswith("loaded ")]
