"""The incremental check cache: per-file results keyed by content, in the user cache dir.

One JSON file per (checked root, run key). The run key covers everything a file's result
depends on besides the file itself: modelmap's version, the catalog's data_version, the as-of
date, and the settings that change findings (policy, ttl). Per file, an entry records size,
mtime and the content hash; size+mtime is a fast path that skips reading the file, except
for files modified within RACY_NS of the cache write (like git's racy-clean check), which are
re-hashed. Python results also record a digest of the constants they may import, so editing
`settings.py` re-checks the files that import it.

Location: $MODELMAP_CACHE_DIR, else platformdirs' user cache dir + `/check`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RACY_NS = 2_000_000_000
STALE_SECONDS = 7 * 86400
FORMAT = 1


def default_dir() -> Path:
    """Where caches live unless --cache-dir says otherwise."""
    env = os.environ.get("MODELMAP_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("modelmap")) / "check"


def run_key(**parts: Any) -> str:
    """A stable digest of the settings a run's results depend on."""
    blob = json.dumps({"format": FORMAT, **parts}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


@dataclass
class Cache:
    """Per-file entries for one root and run key; `save` writes them back atomically."""

    path: Path | None
    """File backing the cache (None: caching disabled)."""
    written_ns: int = 0
    """When the loaded file was written (for the racy-mtime check)."""
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    fresh: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Entries for this run (only these are saved: deleted files drop out)."""

    @classmethod
    def open(cls, directory: Path | None, root: Path, key: str) -> Cache:
        """Load the cache for `root` and `key` (an unreadable cache is an empty one)."""
        if directory is None:
            return cls(None)
        rid = hashlib.sha256(str(root).encode()).hexdigest()[:16]
        path = directory / f"{rid}-{key}.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") == FORMAT and isinstance(raw.get("files"), dict):
                return cls(path, int(raw.get("written_ns", 0)), raw["files"])
        except (OSError, ValueError, TypeError):
            pass
        return cls(path)

    def lookup(self, rel: str, size: int, mtime_ns: int) -> dict[str, Any] | None:
        """The entry for `rel` if size and mtime match and the mtime is not racy."""
        entry = self.entries.get(rel)
        if (entry is None or entry.get("size") != size or entry.get("mtime_ns") != mtime_ns
                or mtime_ns >= self.written_ns - RACY_NS):
            return None
        return entry

    def by_hash(self, rel: str, sha: str) -> dict[str, Any] | None:
        """The entry for `rel` if its content hash matches (after the fast path missed)."""
        entry = self.entries.get(rel)
        return entry if entry is not None and entry.get("sha") == sha else None

    def put(self, rel: str, entry: Mapping[str, Any]) -> None:
        self.fresh[rel] = dict(entry)

    def save(self) -> None:
        """Write this run's entries atomically; prune week-old caches of the same root."""
        if self.path is None:
            return
        if self.fresh == self.entries and self.written_ns:
            return  # nothing changed (warm run): rewriting the same entries costs ~0.3 s
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            payload = {"format": FORMAT, "written_ns": time.time_ns(), "files": self.fresh}
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, separators=(",", ":"))
            os.replace(tmp, self.path)
            rid = self.path.name.split("-", 1)[0]
            cutoff = time.time() - STALE_SECONDS
            for other in self.path.parent.glob(f"{rid}-*.json"):
                if other != self.path and other.stat().st_mtime < cutoff:
                    other.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs speed


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
