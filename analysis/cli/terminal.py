"""What reaches the terminal: article text, file and archive member names are data, never terminal commands.

A headline or member name holding ESC sequences (a CSI that clears the screen, an OSC that retitles the
window or plants a hyperlink) would otherwise act on the user's terminal -- and when output is piped into
`less -R` or a log viewed later as well, so text is made safe always, not only on a tty. Control characters
(C0 except newline and tab, DEL, C1) and the bidirectional overrides that reorder what is shown are written
as visible escapes (`\\x1b`, `\\u202e`); JSON output escapes the same characters the JSON way, so it
decodes to the very same text.
"""

from __future__ import annotations

import json
import re

import click

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text) -> str:
    """`text` with every terminal control character shown as a visible escape (newlines and tabs kept)."""
    return _UNSAFE.sub(_visible, str(text))


def say(text, err: bool = False) -> None:
    """`click.echo` of `text` made safe: every line a command prints goes through here."""
    click.echo(safe(text), err=err)


def say_set_aside(corpus) -> None:
    """On stderr, what a command reading a store (`analysis.Corpus`) left out as near-duplicate copies, or that
    it kept them; nothing when the store has no copies."""
    from analysis.corpus.duplicates import set_aside_note

    n = corpus.duplicates_set_aside()
    if n != 0:
        say(set_aside_note(n), err=True)


def json_text(value, **kw) -> str:
    """`json.dumps(value, ensure_ascii=False)` that also escapes DEL, C1 controls and bidi overrides
    (json.dumps escapes only the C0 ones): valid JSON decoding to the same value, inert on a terminal."""
    text = json.dumps(value, ensure_ascii=False, **kw)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
