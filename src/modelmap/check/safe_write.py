"""Write a fix only over the exact bytes that were checked, atomically, keeping the file's
owner, group and mode; refuse (with a note) what cannot be written that way.

`replace_checked(path, before, after)` returns None when `after` is in place, or a one-line
note saying why the file was left alone:

- the file changed since it was read (an editor saved during the run): its bytes are compared
  with `before` when the write starts and again just before the rename, so a fix is never
  applied to other content than the one it was computed for;
- it is read-only (no write bit, or not writable by this user);
- it has more than one hard link (a rename would split them);
- its owner or group cannot be kept (a rename by another user would change them);
- it is not a regular file.

A write that fails (disk full, file too large, permission denied) raises `FixWriteError`, a
one-line `ModelmapError`; the original is left intact and the temporary file removed.
Temporary files are `.<name>.<pid>.<random>.modelmap-tmp` next to the file; ones left by a
killed run (their process is gone, or they are over an hour old) are removed before the file
is next written.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from modelmap.errors import ModelmapError
from modelmap.fsread import read_regular

TMP_SUFFIX = ".modelmap-tmp"
STALE_TMP_SECONDS = 3600


class FixWriteError(ModelmapError):
    """Writing a fix failed; the file is unchanged."""


def clean_stale(path: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files a killed run left next to `path`; returns what was removed."""
    now = time.time() if now is None else now
    removed = []
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    for name in names:
        if not (name.startswith(prefix) and name.endswith(TMP_SUFFIX)):
            continue
        tmp = path.parent / name
        pid_text = name[len(prefix):].split(".", 1)[0]
        try:
            st = os.lstat(tmp)
            if not stat.S_ISREG(st.st_mode):
                continue
            if _alive(pid_text) and now - st.st_mtime < STALE_TMP_SECONDS:
                continue
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            continue
    return removed


def _alive(pid_text: str) -> bool:
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def refusal(path: Path, st: os.stat_result) -> str | None:
    """Why `path` (with lstat result `st`) must not be rewritten, or None."""
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file: not fixed"
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        return "read-only file: not fixed"
    if st.st_nlink > 1:
        return f"has {st.st_nlink} hard links: not fixed (a rewrite would split them)"
    return None


def replace_checked(path: Path, before: bytes, after: bytes,
                    shown: str | None = None) -> str | None:
    """Replace `path`'s content `before` with `after`; None when written, else a note."""
    shown = shown or str(path)
    try:
        st = os.lstat(path)
        why = refusal(path, st)
        if why is not None:
            return why
        if read_regular(path) != before:
            return "changed since it was checked: not fixed"
    except OSError as exc:
        raise FixWriteError(f"{shown}: cannot read for the fix ({exc.strerror})") from None
    clean_stale(path)
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.",
                                   suffix=TMP_SUFFIX)
    except OSError as exc:
        raise FixWriteError(f"{shown}: cannot write the fix ({exc.strerror}); "
                            "the file is unchanged") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(after)
            fh.flush()
            os.fsync(fh.fileno())
            tst = os.fstat(fh.fileno())
            if (tst.st_uid, tst.st_gid) != (st.st_uid, st.st_gid):
                try:
                    os.fchown(fh.fileno(), st.st_uid, st.st_gid)
                except PermissionError:
                    Path(tmp).unlink(missing_ok=True)
                    return "owned by another user or group: not fixed (a rewrite would change it)"
            os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))  # after chown, which clears setuid
        now = os.lstat(path)
        same = (now.st_ino, now.st_size, now.st_mtime_ns) == (st.st_ino, st.st_size,
                                                              st.st_mtime_ns)
        if not same or read_regular(path) != before:
            Path(tmp).unlink(missing_ok=True)
            return "changed since it was checked: not fixed"
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FixWriteError(f"{shown}: cannot write the fix ({exc.strerror or exc}); "
                            "the file is unchanged") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return None
