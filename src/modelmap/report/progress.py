"""A one-line progress display on stderr for long `check` runs (only when the CLI decides a
person is watching: stderr a terminal, not CI, a human format, no --quiet)."""

from __future__ import annotations

import os
import time
from typing import TextIO

INTERVAL = 0.1
"""Seconds between redraws."""
_CLEAR = "\r\x1b[2K"


def wanted(stream: TextIO, fmt: str, quiet: bool) -> bool:
    """Show progress: a terminal, a human format, not --quiet, not CI (CI=true, or any value
    but 0/false)."""
    ci = os.environ.get("CI", "").strip().lower()
    if quiet or fmt not in ("text", "concise") or (ci and ci not in ("0", "false")):
        return False
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


class Progress:
    """Callable as `progress(phase, done, total)`; redraws at most every INTERVAL seconds."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.shown = False
        self.phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < INTERVAL and done != total and phase == self.phase:
            return
        self.last, self.phase = now, phase
        count = f" {done:,}/{total:,} files" if total else "…"
        self.stream.write(f"{_CLEAR}modelmap: {phase}{count}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the line (before the report is printed, or on Ctrl-C)."""
        if self.shown:
            self.stream.write(_CLEAR)
            self.stream.flush()
            self.shown = False
