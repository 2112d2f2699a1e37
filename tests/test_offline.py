"""The socket guard the offline run uses (tests/support/offline.py) must be able to fail. The run itself, the
article report with networking blocked, is the installed wheel's run: tests/reports/test_install.py."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.offline import guarded


def test_guard_catches_a_real_attempt(tmp_path):
    """A deliberate connection is recorded."""
    env, log = guarded(tmp_path, {**os.environ, "PYTHONPATH": ""})
    code = "import socket\ntry:\n socket.create_connection(('example.org', 80), timeout=1)\nexcept OSError: pass"
    subprocess.run([sys.executable, "-c", code], env=env, timeout=60, check=False)
    lines = log.read_text().splitlines()
    assert lines[0].startswith("loaded ") and lines[1].startswith("resolve example.org")
