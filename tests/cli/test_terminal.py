"""analysis.cli.terminal: article text, file names and archive member names never reach the terminal as
control sequences (OSC titles and hyperlinks, CSI screen clears), whatever command prints them and whether
or not the output is a terminal; JSON output stays valid and decodes to the same text."""

from __future__ import annotations

import io
import json
import tarfile

import pytest

from analysis.cli.terminal import json_text, safe
from tests.support.cli import run

OSC_TITLE = "\x1b]0;pwned\x07"
OSC_LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J"
C1_CSI = "\x9b2J"
BIDI = "\u202e"
ATTACKS = (OSC_TITLE, OSC_LINK, CLEAR, C1_CSI, BIDI, "\r")
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def test_safe_shows_control_characters_and_keeps_lines():
    assert safe(f"a{CLEAR}b\tc\nd{C1_CSI}{BIDI}") == "a\\x1b[2Jb\tc\nd\\x9b2J\\u202e"
    assert safe(42) == "42"


def test_json_text_is_inert_and_decodes_to_the_same_text():
    value = {"text": "".join(ATTACKS) + " ok\u00e9"}
    text = json_text(value)
    assert not any(c in text for c in RAW) and json.loads(text) == value


def hostile_corpus(folder):
    """A loose article and a tar member whose names, headlines and quotes carry terminal sequences."""
    story = (f"Talks {OSC_TITLE}resume{CLEAR}\nTEHRAN (Tasnim) – Ali Shamkhani{OSC_LINK} said on Saturday that "
             f"“talks{C1_CSI} will resume{BIDI} soon”, adding that{CLEAR} more would follow.\n")
    (folder / f"story{CLEAR}.txt").write_text(story, encoding="utf-8")
    (folder / f"empty{OSC_TITLE}.txt").write_text("", encoding="utf-8")  # rejected: a REJECTED line
    data = story.encode("utf-8")
    with tarfile.open(folder / "more.tar.gz", "w:gz") as tar:
        info = tarfile.TarInfo(f"member{OSC_LINK}.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp):
    folder = hostile_corpus(tmp_path_factory.mktemp("hostile"))
    store = folder.parent / "hostile.duckdb"
    assert run("ingest", folder, "--store", store, "-q").returncode == 3  # the empty file is rejected
    return folder, store


@pytest.mark.parametrize("args", [
    ("quotes", "{folder}"), ("quotes", "{folder}", "--jsonl"), ("analyze", "{folder}", "--format", "table"),
    ("analyze", "{folder}"), ("actors", "{folder}"), ("actors", "--store", "{store}", "--review"),
    ("actors", "--store", "{store}"), ("quotes", "--store", "{store}"), ("quotes", "--store", "{store}", "--jsonl"),
    ("quotes", "--store", "{store}", "--trails"), ("quotes", "--store", "{store}", "--trails", "--jsonl"),
])
def test_no_command_writes_terminal_sequences(corpus, args):
    folder, store = corpus
    result = run(*(a.format(folder=folder, store=store) for a in args))
    assert result.returncode in (0, 3), result.stderr[-2000:]
    shown = result.stdout + result.stderr
    # shown, escaped (ESC as \x1b or \u001b, the one-byte CSI as \x9b)
    assert any(s in shown for s in ("\\x1b", "\\u001b", "\\x9b", "0 trail(s)", "PERSON")), shown
    for stream in (result.stdout, result.stderr):
        assert not any(c in stream for c in RAW), (args, [c for c in RAW if c in stream], stream[-600:])
