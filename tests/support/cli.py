"""Running `presswork` in tests: in this process (click's runner) or as a child process, and what a
usage error looks like (exit 2, one message, no traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
import traceback

from click.testing import CliRunner

from analysis.cli import main

GOOD = "Talks resume\nTEHRAN (Tasnim) – Ali Shamkhani said on {day} that “talks will resume”, adding more.\n"


def run_process(*args, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """The real entry point (`python -m analysis`) in a child process."""
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout, check=False)


def run(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    """The same command in this process (click's runner: the model is loaded once per test session, not once
    per command). An exception that escapes the command is written to stderr as the traceback it would
    print, so "no traceback" is checked as strictly as in a child process."""
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, stderr)


def usage_error(result: subprocess.CompletedProcess, *words: str) -> None:
    """Exit 2 with one clear message naming `words`, and no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    for word in words:
        assert word in result.stderr, (word, result.stderr[-2000:])
