"""Atomic file writes: a temporary file in the target's folder, then one rename over it, so a
reader sees the old file or the whole new one, never part of it. (`check --fix` has its own
writer, modelmap.check.safe_write, which also refuses a file that changed since it was read.)"""

from __future__ import annotations

import contextlib
import os


def usual_mode() -> int:
    """0o666 minus the umask: what `open(path, "w")` would give a new file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None,
                 prefix: str | None = None, mkdir: bool = False) -> None:
    """Write `data` to `path` atomically. `mode`: the new file's permission bits (None keeps
    an existing file's, else `usual_mode()`; mkstemp alone would leave 0o600). `mkdir` makes
    the folder first. OSError propagates, and the temporary file is removed."""
    import tempfile

    target = os.fspath(path)
    folder = os.path.dirname(target) or "."
    if mkdir:
        os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp",
                               prefix=prefix or f".{os.path.basename(target)}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if mode is None:
            try:
                mode = os.stat(target).st_mode & 0o777
            except FileNotFoundError:
                mode = usual_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
