"""One path on disk: special files are refused without being opened or read."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from tests.support.reading import GOOD, codes, read_all


def test_fifo_in_a_folder_is_skipped_with_a_reason_and_never_blocks(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    found: list = []
    reader = threading.Thread(target=lambda: found.extend(read_all([tmp_path])), daemon=True)
    reader.start()
    reader.join(timeout=30)
    if reader.is_alive():  # unblock the reader so the test process can end
        with open(tmp_path / "pipe.txt", "w"):
            pass
        pytest.fail("reading a folder holding a FIFO blocked")
    assert codes(found) == [None, "special_file"]
    assert "FIFO" in found[1].error.message and "regular" in found[1].error.message


def test_a_device_given_as_input_is_rejected_without_reading_it():
    # In a child process with a 1.5 GB address-space cap: reading /dev/zero to the end must not even start.
    code = ("import resource; resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
            "from analysis.documents.readers import read_documents\n"
            "print([getattr(d, 'error', None) and d.error.code for d in read_documents(['/dev/zero'])])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-1500:]
    assert result.stdout.strip() == "['special_file']"


@pytest.mark.parametrize("name", ["page.html", "rows.jsonl"])
def test_a_big_sparse_file_is_rejected_without_being_read_whole(tmp_path, name):
    import tracemalloc

    path = tmp_path / name
    with open(path, "wb") as fh:
        fh.truncate(300_000_000)  # sparse: no disk used, all NUL bytes
    tracemalloc.start()
    try:
        docs = read_all([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert codes(docs) == ["too_large" if name.endswith(".html") else "binary"]
    assert peak < 5_000_000, peak
