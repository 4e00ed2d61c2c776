"""The incremental check cache: per-file results keyed by content, in the user cache dir.

One cache file per (checked root, run key). The run key covers everything a file's result
depends on besides the file itself: modelmap's version, the catalog's data_version, the as-of
date, and the settings that change findings (policy, ttl). Per file, an entry records its stat
key (size, mtime, ctime, inode) and the content hash. A matching stat key is a fast path that
skips reading the file (like ruff's cache), except for files modified within RACY_NS of the
cache write (git's racy-clean check), which are re-hashed; ctime, which no tool can set back,
catches a rewrite that restored the old mtime and size. Results also record a digest of the
project files their imports may name, so editing `settings.py` re-checks the files that
import it.

The files hold plain dicts, lists, strings and ints in modelmap's data-only cache format
(`modelmap.datacache`: a checked header, then marshal; loading the JSON it replaced was 13% of
a warm run on a 10,000-file tree). Loading runs no code, whoever wrote the file (a restored CI
cache, a shared directory): a file that is not sound, not ours or not of this format is
ignored and rewritten.

Location: $MODELMAP_CACHE_DIR, else platformdirs' user cache dir + `/check`.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelmap import cachedirs, datacache

RACY_NS = 2_000_000_000
STALE_SECONDS = 7 * 86400
FORMAT = 5
SUFFIX = ".cache"
KIND = "check"


def default_dir() -> Path:
    """Where caches live unless --cache-dir says otherwise."""
    return Path(cachedirs.check_dir())


def run_key(**parts: Any) -> str:
    """A stable digest of the settings a run's results depend on."""
    blob = json.dumps({"format": FORMAT, **parts}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


_ERRORS = (OSError, ValueError, TypeError, EOFError, AttributeError, IndexError, KeyError)
"""What interpreting a foreign payload may raise: all mean "no cache"."""


_NEVER = (-1, -1, -1, -1)
"""The stat key of a file that could not be read: matches no stat result."""

Keys = tuple[bytes, bytes, bytes, bytes]
"""The manifest's stat keys, one packed array per field: sizes, mtimes and ctimes as
signed 64-bit integers, inodes unsigned (a key no array holds leaves the manifest out)."""


@dataclass
class Cache:
    """Per-file entries for one root and run key; `save` writes them back atomically.

    Three files share a stamp: the manifest (`<rid>-<key>.cache`: every file's stat key,
    and the results worth reporting), the entries (`.entries.cache`: hashes, prefilter
    verdicts, dependency digests, every result) and the import keys (`.imports.cache`). A
    warm run reads only the manifest; the other two are read when something changed. A file
    is only trusted with the others of its own stamp, so a crash between writes costs
    re-probing, never a wrong result."""

    path: Path | None
    """The manifest file (None: caching disabled)."""
    written_ns: int = 0
    """The stamp: when the loaded files were written (also for the racy-mtime check)."""
    names: str = ""
    """The manifest's sorted relative paths, joined by NUL (which no file name holds): one
    string, loaded and compared in one go."""
    keys: Keys | None = None
    """Their stat keys (see `Keys`; None: no manifest)."""
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Entries of the files with anything to report (see `reported`): all a report needs."""
    fresh: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Entries for this run (only these are saved: deleted files drop out)."""
    _entries: dict[str, dict[str, Any]] | None = None
    _imports: dict[str, list[str]] | None = None
    _stamp: int = 0
    """The stamp of the side files this run wrote (0: none yet)."""

    @classmethod
    def open(cls, directory: Path | None, root: Path, key: str) -> Cache:
        """Load the manifest for `root` and `key` (an unreadable cache is an empty one)."""
        if directory is None:
            return cls(None)
        rid = hashlib.sha256(os.fsencode(root)).hexdigest()[:16]
        path = directory / f"{rid}-{key}{SUFFIX}"
        raw = _load(path, 0)
        try:
            names, keys = raw["manifest"] if raw is not None else ("", None)
            if (raw is not None and isinstance(names, str) and isinstance(raw["results"], dict)
                    and _sound(names, keys)):
                return cls(path, int(raw["written_ns"]), names, keys, raw["results"])
        except _ERRORS:
            pass
        return cls(path)

    @property
    def manifest(self) -> tuple[tuple[str, ...], tuple[tuple[int, int, int, int], ...]]:
        """Sorted relative paths and their stat keys (as `stat_key` gives them)."""
        if self.keys is None:
            return (), ()
        rels = tuple(self.names.split("\0")) if self.names else ()
        size, mtime, ctime, ino = (array(t, b) for t, b in zip("qqqQ", self.keys, strict=True))
        return rels, tuple(zip(size, mtime, ctime, ino, strict=True))

    def _side(self, kind: str) -> Path | None:
        return None if self.path is None else self.path.with_suffix(f".{kind}{SUFFIX}")

    @property
    def entries(self) -> dict[str, dict[str, Any]]:
        """Every file's entry from the last run (read on first use)."""
        if self._entries is None:
            side = self._side("entries")
            raw = _load(side, self.written_ns) if side is not None and self.written_ns else None
            files = raw["files"] if raw is not None else None
            self._entries = files if isinstance(files, dict) else {}
        return self._entries

    def imports(self, rel: str) -> list[str] | None:
        """The cached import keys of `rel` (None: not cached, so the file must be probed)."""
        if self._imports is None:
            side = self._side("imports")
            raw = _load(side, self.written_ns) if side is not None and self.written_ns else None
            found = raw["imports"] if raw is not None else None
            self._imports = found if isinstance(found, dict) else {}
        return self._imports.get(rel)

    def unchanged(self, stats: Mapping[str, os.stat_result]) -> bool:
        """True when the last run saw exactly these files with these stat keys and none of
        them is racy: its whole result stands (the warm path)."""
        if not self.written_ns or self.keys is None:
            return False
        rels = list(stats)  # a run's files come sorted: then no sort is needed
        if "\0".join(rels) != self.names:
            rels.sort()
            if "\0".join(rels) != self.names:
                return False
        ordered = list(map(stats.__getitem__, rels))
        try:
            mtimes = array("q", [st.st_mtime_ns for st in ordered])
            if mtimes.tobytes() != self.keys[1] or (ordered and self._racy(max(mtimes))):
                return False
            return (array("q", [st.st_size for st in ordered]).tobytes() == self.keys[0]
                    and array("q", [st.st_ctime_ns for st in ordered]).tobytes() == self.keys[2]
                    and array("Q", [st.st_ino for st in ordered]).tobytes() == self.keys[3])
        except OverflowError:
            return False

    def lookup(self, rel: str, st: os.stat_result) -> dict[str, Any] | None:
        """The entry for `rel` if its stat key matches and the mtime is not racy."""
        entry = self.entries.get(rel)
        if entry is None or entry.get("stat") != stat_key(st) or self._racy(st.st_mtime_ns):
            return None
        return entry

    def _racy(self, mtime_ns: int) -> bool:
        return mtime_ns >= self.written_ns - RACY_NS

    def by_hash(self, rel: str, sha: str) -> dict[str, Any] | None:
        """The entry for `rel` if its content hash matches (after the fast path missed)."""
        entry = self.entries.get(rel)
        return entry if entry is not None and entry.get("sha") == sha else None

    def save_imports(self, imports: Mapping[str, list[str]]) -> None:
        """Write the import keys of this run's prefilter hits now, so the run can free them
        before it forks its scan workers (`save` writes the rest with the same stamp)."""
        side = self._side("imports")
        if side is None:
            return
        self._stamp = time.time_ns()
        try:
            side.parent.mkdir(parents=True, exist_ok=True)
            _dump(side, {"format": FORMAT, "written_ns": self._stamp, "imports": imports})
        except OSError:
            pass  # no side file: the next run probes the hits again

    def put(self, rel: str, entry: dict[str, Any]) -> None:
        self.fresh[rel] = entry

    def save(self) -> None:
        """Write this run's entries and manifest atomically; prune week-old caches of the
        same root."""
        if self.path is None:
            return
        files = self.fresh
        if not self._stamp and self.written_ns and files == self.entries:
            return  # nothing changed (imports follow from the content hashes)
        entries_path = self._side("entries")
        assert entries_path is not None
        stamp = self._stamp or time.time_ns()  # no imports written: imports() finds none
        rels = tuple(sorted(files))
        results = {rel: e for rel, e in files.items() if reported(e)}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _dump(entries_path, {"format": FORMAT, "written_ns": stamp, "files": files})
            _dump(self.path, {"format": FORMAT, "written_ns": stamp, "results": results,
                              "manifest": ("\0".join(rels), _pack(
                                  [files[r].get("stat", _NEVER) for r in rels]))})
            keep = {self.path, entries_path, self._side("imports")}
            rid = self.path.name.split("-", 1)[0]
            cutoff = time.time() - STALE_SECONDS
            for other in [*self.path.parent.glob(f"{rid}-*{SUFFIX}"),
                          *self.path.parent.glob(f"{rid}-*.pickle"),  # format 2 leftovers
                          *self.path.parent.glob(f"{rid}-*.json"),  # format 1 leftovers
                          *self.path.parent.glob(".tmp-*.tmp")]:  # a run killed mid-write
                if other not in keep and other.stat().st_mtime < cutoff:
                    other.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs speed


_UNREPORTED = frozenset({"lines", "constants", "sha", "context", "rel"})
"""Scan fields that only accompany others (a finding's line text and set-aside context, the
content hash fixes check) or feed other files' scans (constants): the rest reach the report."""


def reported(entry: Mapping[str, Any]) -> bool:
    """Whether a file's entry carries anything the report shows (a skip note, findings,
    calls judged foreign, unknown suppression codes, partial-read notes, ...), so the
    manifest keeps it for the warm path. Every other scan field counts unless listed in
    _UNREPORTED: a field added later is kept by default, never silently dropped."""
    if "note" in entry:
        return True
    scan = entry.get("scan") or {}
    return any(value for key, value in scan.items() if key not in _UNREPORTED)


def _load(path: Path, stamp: int) -> dict[str, Any] | None:
    """A cache file's payload when it is ours (format) and, for `stamp` > 0, of that stamp."""
    raw = datacache.load(path, KIND)
    if (not isinstance(raw, dict) or raw.get("format") != FORMAT
            or (stamp and raw.get("written_ns") != stamp)):
        return None
    return raw


def _dump(path: Path, payload: Mapping[str, Any]) -> None:
    datacache.dump(path, KIND, dict(payload))


def _pack(keys: list[tuple[int, int, int, int]]) -> Keys | None:
    """The manifest's arrays for these stat keys (None when one does not fit)."""
    try:
        return (array("q", [k[0] for k in keys]).tobytes(),
                array("q", [k[1] for k in keys]).tobytes(),
                array("q", [k[2] for k in keys]).tobytes(),
                # An unread file's size (-1) already matches no file: its inode can be 0.
                array("Q", [max(k[3], 0) for k in keys]).tobytes())
    except (OverflowError, TypeError, IndexError):
        return None


def _sound(names: str, keys: object) -> bool:
    """Whether a loaded manifest has one key per name in each array."""
    if not isinstance(keys, tuple) or len(keys) != 4:
        return False
    count = names.count("\0") + 1 if names else 0
    return all(isinstance(b, bytes) and len(b) == 8 * count for b in keys)


def stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """What the fast path compares: size, mtime, ctime and inode (a file replaced by a
    rename gets a new inode even when size and times agree)."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def content_hash(data: bytes) -> str:
    """128 bits of SHA-256: on CPUs with SHA instructions (this project's benchmark machine,
    most x86-64 and ARM servers since 2017) about twice as fast as BLAKE2b (0.15 vs 0.28 CPU-s
    over the benchmark corpus's 216 MB), and a check hashes every file it reads."""
    return hashlib.sha256(data).hexdigest()[:32]
