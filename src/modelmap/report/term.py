"""Terminal safety and colour for human output: escape control characters, plain ANSI colour.

Anything that came from a scanned file (model strings, file names, source lines) may carry
escape sequences (clear-screen, OSC title/hyperlink) or a newline that forges a finding line;
`printable` shows them as `\\x1b`, `\\n`, `\\u202e`. Colour follows the NO_COLOR and FORCE_COLOR
conventions (https://no-color.org, https://force-color.org), else is on for a terminal."""

from __future__ import annotations

import os
import re

TYPE_CHECKING = False  # not `import typing` at run time: ~3 ms of a one-shot command
if TYPE_CHECKING:
    from typing import TextIO

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, tabs: bool = True) -> str:
    """`text` with control characters (C0 but tab, DEL, C1, bidi overrides) escaped; with
    `tabs=False` a tab is escaped too."""
    out = _CONTROL.sub(_escape, text)
    return out if tabs else out.replace("\t", "\\t")


def use_color(stream: TextIO) -> bool:
    """NO_COLOR (set, non-empty) wins, then FORCE_COLOR, then: is `stream` a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


STYLES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36",
          "blue": "34", "bold red": "1;31"}


def paint(text: str, style: str, color: bool) -> str:
    """`text` wrapped in the ANSI SGR codes of `style` (see STYLES) when `color`."""
    if not color or not text or style not in STYLES:
        return text
    return f"\x1b[{STYLES[style]}m{text}\x1b[0m"
