"""Read a file only when it is a regular file of bounded size.

A path a repository or a shared cache directory controls may be a FIFO (an open blocks
forever), a device or a symlink to `/dev/zero` (a read never ends), or just huge. Every read
of such a path goes through `read_regular`: the open does not block (O_NONBLOCK), the open
file is checked to be regular with `fstat`, and at most `limit` bytes are read.
"""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False  # pathlib (with urllib and re) stays unloaded on a cached start
if TYPE_CHECKING:
    from pathlib import Path

READ_LIMIT = 64 * 1024 * 1024


def read_regular(path: Path | str, limit: int = READ_LIMIT) -> bytes | None:
    """The bytes of `path` when it is a regular file of at most `limit` bytes (no FIFO or
    device is opened for blocking reads); None otherwise. OSError propagates."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return None if len(data) > limit else data
    finally:
        os.close(fd)


STAT_EVENT = "modelmap.stat"
"""The audit event for a path a run depends on but only stats (modelmap.check.replay keeps
such paths as inputs of a recorded run)."""


def stat_input(path: str | os.PathLike[str]) -> None:
    """Say that `path` is an input known by its stat alone: a cache key stands for it, or a
    probe asks whether it exists (a config, a `.git`, an `__init__.py`)."""
    sys.audit(STAT_EVENT, path)
