"""Reading a file to check: its bytes, its text (or why it has none), bundles.

Kept apart from the worker so that `fix` and the tests read files exactly as a check does
without importing the pool machinery."""

from __future__ import annotations

import os
from pathlib import Path

SNIFF_BYTES = 8192
"""A NUL byte this early makes a file binary."""
MINIFIED_LINE = 5000
"""A JS/TS file with a line this long is a bundle or minified build output: skipped with a
note (findings there could not be fixed in place, and parsing bundles dominates run time)."""
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_MORE = 1 << 16


def read_bytes(path: str | Path, size: int = -1) -> bytes:
    """The file's bytes, read with `os.read` into one buffer of the expected `size` (the
    walk's stat; -1: fstat it), then to the end in case it grew: no buffered file object per
    file (40% of the cost of `open(path, "rb").read()` over a tree of small files)."""
    fd = os.open(path, _FLAGS)
    try:
        if size < 0:
            size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if not data:
            return data
        parts = [data]
        while more := os.read(fd, _MORE):
            parts.append(more)
        return data if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


def decode(path: str | Path, data: bytes) -> tuple[str | None, str | None]:
    """(text, note): text is None when the bytes are binary or not UTF-8 (a Python file is
    decoded as its PEP 263 coding line says, as Python itself does)."""
    if b"\0" in data[:SNIFF_BYTES]:
        return None, "binary file"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        if Path(path).suffix in (".py", ".pyi"):
            declared = python_source_text(data)
            if declared is not None:
                return declared, None
        return None, f"not UTF-8 text (byte {exc.start})"


def python_source_text(data: bytes) -> str | None:
    """Python source in the encoding its PEP 263 line (`# -*- coding: latin-1 -*-` in the
    first two lines) declares, as `tokenize.detect_encoding` reads it; None without such a
    line or when the bytes do not decode."""
    import io
    import tokenize

    try:
        encoding, lines = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        return None
    if not any(b"coding" in line for line in lines):
        return None  # the UTF-8 default, which already failed
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def has_long_line(data: bytes) -> bool:
    """A line of MINIFIED_LINE bytes or more.

    Such a line holds a whole aligned block of MINIFIED_LINE // 2 bytes with no newline, so a
    file whose every block has one (nearly every file) is cleared with one `find` per block;
    any other file is split into lines (in C: 14x faster on real packages than the regex
    `[^\\n]{5000}`, which retried at every position)."""
    size = len(data)
    if size < MINIFIED_LINE:
        return False
    step = MINIFIED_LINE // 2
    find = data.find
    for start in range(0, size - step + 1, step):
        if find(b"\n", start, start + step) < 0:
            return max(map(len, data.split(b"\n"))) >= MINIFIED_LINE
    return False
