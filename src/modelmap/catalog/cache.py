"""A compiled-catalog cache: parsing TOML and JSON on every CLI call costs more than start-up.

The key is a hash of every input byte (curated files, shipped and synced SDK layers, and the
catalog package's own source) plus the modelmap and Python versions, so a stale entry can never
be served: change any input and the key changes. Entries live in the user cache dir
(MODELMAP_CACHE_DIR overrides; MODELMAP_NO_CACHE=1 turns the cache off).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from modelmap.catalog.model import Catalog


def cache_dir() -> Path:
    override = os.environ.get("MODELMAP_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("modelmap", appauthor=False))


def input_key(data_dir: Path, extra: list[Path]) -> str:
    from modelmap import __version__

    h = hashlib.sha256(f"{__version__}|{sys.version_info[:3]}".encode())
    code = sorted(Path(__file__).parent.glob("*.py"))  # the code that builds the catalog
    for path in [*code, *sorted(data_dir.glob("*.toml")), *sorted(data_dir.glob("*.json")),
                 *extra]:
        h.update(str(path).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<absent>")
    return h.hexdigest()[:24]


def cached(key: str, build: Callable[[], Catalog]) -> Catalog:
    """Load the entry for `key`, or build and store it (any cache failure just rebuilds)."""
    if os.environ.get("MODELMAP_NO_CACHE"):
        return build()
    path = cache_dir() / f"catalog-{key}.pickle"
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)
        if isinstance(value, Catalog):
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    catalog = build()
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(catalog, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        prune(path.parent, keep=path)
    except OSError:
        pass  # a read-only cache dir is not an error
    return catalog


KEEP_NEWEST = 8
"""Compiled catalogs kept besides the one just written (several installs may share the dir)."""
MAX_AGE_SECONDS = 7 * 86400


def prune(directory: Path, keep: Path, now: float | None = None) -> list[Path]:
    """Delete compiled catalogs that no install wrote in the last week, and all but the
    KEEP_NEWEST newest others (each data or code change writes a new one; without this
    the cache dir grows by ~0.2 MB per change forever). Returns what was deleted."""
    import time

    now = time.time() if now is None else now
    found: list[tuple[float, Path]] = []
    for other in directory.glob("catalog-*.pickle"):
        if other == keep:
            continue
        try:
            found.append((other.stat().st_mtime, other))
        except OSError:
            continue
    found.sort(reverse=True)
    doomed = [p for i, (mtime, p) in enumerate(found)
              if i >= KEEP_NEWEST or now - mtime > MAX_AGE_SECONDS]
    for other in directory.glob(".catalog-*.tmp"):  # left by a crash mid-write
        try:
            if now - other.stat().st_mtime > 86400:
                doomed.append(other)
        except OSError:
            continue
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
