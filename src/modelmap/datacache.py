"""Cache files that hold data only: a checked header, then `marshal` of built-in values.

Every cache modelmap writes (the check cache, the compiled catalog) goes through `dump` and
`load`. Loading never runs code: `marshal` builds only built-in values (no classes, no
`__reduce__` hooks as pickle has), and the catalog is rebuilt from them by an explicit,
whitelisted decoder (catalog/cache.py). A cache path is read only when it is a regular file
owned by the current user, of at most `limit` bytes, opened without blocking (a FIFO or a
link to a device is ignored); the header must carry our magic, the exact payload length and
its BLAKE2 digest. Anything else is "no cache": the caller rebuilds and overwrites it.

    header = MAGIC (8 bytes) | kind (8 bytes, padded) | length (8, big-endian) | digest (16)
"""

from __future__ import annotations

import marshal
import os
import stat

from modelmap.digest import blake2b

TYPE_CHECKING = False  # not `import typing`: ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

MAGIC = b"MMCACHE1"
HEADER = len(MAGIC) + 8 + 8 + 16
LIMIT = 256 * 1024 * 1024
MARSHAL_VERSION = 4


def _kind(kind: str) -> bytes:
    raw = kind.encode("ascii")[:8]
    return raw + b"\0" * (8 - len(raw))


def encode(kind: str, payload: Any) -> bytes:
    body = marshal.dumps(payload, MARSHAL_VERSION)
    digest = blake2b(body, digest_size=16).digest()
    return MAGIC + _kind(kind) + len(body).to_bytes(8, "big") + digest + body


def decode(kind: str, data: bytes) -> Any:
    """The payload of `data`, or None when it is not a sound cache file of this kind."""
    if len(data) < HEADER or data[:8] != MAGIC or data[8:16] != _kind(kind):
        return None
    length = int.from_bytes(data[16:24], "big")
    body = data[HEADER:]
    if length != len(body) or blake2b(body, digest_size=16).digest() != data[24:40]:
        return None
    try:
        return marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None


def load(path: str | Path, kind: str, limit: int = LIMIT) -> Any:
    """The payload of the cache file at `path`, or None (absent, foreign, corrupt, a FIFO, a
    device, too large, owned by someone else)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_size > limit or st.st_size < HEADER
                or (hasattr(os, "geteuid") and st.st_uid != os.geteuid())):
            return None
        chunks = []
        left = st.st_size + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 22))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return decode(kind, data) if len(data) <= limit else None


def dump(path: str | Path, kind: str, payload: Any, prefix: str = ".tmp-") -> None:
    """Write atomically (a temporary file in the same directory, then rename; private to the
    user, 0o600). OSError propagates; a half-written file is removed."""
    from modelmap.fswrite import write_atomic

    write_atomic(path, encode(kind, payload), mode=0o600, prefix=prefix)
