"""Replay: a `check` run again with nothing changed prints what the last identical run
printed, without loading the catalog, walking the tree or opening the results cache.

A run is recorded when its output goes to pipes or files (no terminal: no progress line, no
colour), it writes nothing but its report (no --fix, --diff or --output-file), it ends with
exit code 0 or 1, and its results all came from the results cache (a tree that just changed
is likely to change again: the record, 40-70 ms on a large tree, would be wasted). So the
second identical run records and the third replays. The record holds:

- the key, as a BLAKE2 digest (the environment holds secrets a record must not): modelmap's
  version, the interpreter, the working directory, the arguments as given, the environment
  (all of it, but for the few variables a shell changes on its own) and today's date (the
  default --as-of, and the catalog's age);
- the inputs, each with its stat (mtime, ctime, size, inode): every file and directory the
  run opened or listed (the config, ignore files, catalog and overlay files, the modules
  Python imported, and the source file beside each cached module), every file the walk
  kept or stat'ed, and every directory above any of them (a config, an overlay, an ignore
  file or a `.git` created there changes that directory). The caches themselves are left
  out: each is keyed on its own inputs;
- stdout, stderr and the exit code.

A later run with the same key replays the record when every input stats as recorded (a file
recorded as absent must still be absent). Anything else runs the check as usual (and
records it again). Racy inputs: when any input changed within SETTLE_NS of the recording
run's start, the run is not recorded (a second write in the same clock tick could leave its
stat unchanged). `--no-cache` neither replays nor records; so does MODELMAP_NO_REPLAY=1.

This module imports nothing but built-in modules (os, sys, time) and
modelmap.datacache (records are data-only cache files): a replayed run costs the
interpreter's start, one read and a stat per input.
"""

from __future__ import annotations

import os
import sys
import time

from modelmap import __version__
from modelmap.fsread import STAT_EVENT

TYPE_CHECKING = False  # not `import typing`: with re and enum, ~12 ms of a replayed run
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any

    from modelmap.check.discover import Discovered

FORMAT = 1
SETTLE_NS = 2_000_000_000
"""Inputs changed this recently before the run began make the run unrecorded."""
KEEP = 16
"""Records kept per cache dir (the most recently written): a record of a 10,000-file tree is
about 2 MB."""
SUBDIR = "replay"
KIND = "replay"
"""The records' kind in modelmap.datacache (checked header, then marshal data)."""
VOLATILE_ENV = frozenset({"_", "OLDPWD", "PWD", "SHLVL"})
"""Variables a shell sets by itself between commands, which no part of a check reads."""
OFF_ENV = "MODELMAP_NO_REPLAY"
VALUE_OPTIONS = frozenset({"--format", "--as-of", "--select", "--extend-select", "--ignore",
                           "--fail-on", "--config", "--cache-dir", "-j", "--jobs",
                           "--catalog-overlay"})
FLAG_OPTIONS = frozenset({"--json", "--exit-zero", "--force-exclude", "-q", "--quiet",
                          "--statistics", "--show-set-aside", "--no-stale-notice"})
"""The options a recorded run may have, spelled in full (an abbreviation, a bundle of short
options, --fix, --diff, --output-file, --no-cache or --help: neither replayed nor recorded)."""


def record_file(argv: Sequence[str]) -> tuple[str, bytes] | None:
    """(the record's path, the key) for `modelmap *argv`, or None when such a run is
    neither replayed nor recorded."""
    if not argv or argv[0] != "check" or os.environ.get(OFF_ENV, "") not in ("", "0"):
        return None
    if _on_terminal():
        return None
    cache: str | None = None
    args = iter(argv[1:])
    for token in args:
        if token == "--":
            return None
        if not token.startswith("-") or token == "-":
            continue
        name, eq, value = token.partition("=")
        if name in FLAG_OPTIONS and not eq:
            continue
        if name not in VALUE_OPTIONS or (eq and name == "-j"):
            return None
        if not eq:
            value = next(args, "")
        if name == "--cache-dir":
            cache = value
    from modelmap import cachedirs

    cwd = os.getcwd()
    folder = os.path.join(cwd, cache) if cache is not None else cachedirs.check_dir()
    from modelmap.digest import blake2b

    # repr: one spelling per value (marshal's bytes vary with the objects' reference
    # counts); a digest: the environment holds secrets (OPENAI_API_KEY) a record must not.
    parts = (FORMAT, __version__, sys.executable, sys.version, tuple(sys.path), repr(sys.flags),
             tuple(sys.warnoptions), sorted(sys._xoptions.items()), cwd, tuple(argv),
             _today(), sorted((k, v) for k, v in os.environ.items() if k not in VOLATILE_ENV))
    key = blake2b(repr(parts).encode("utf-8", "surrogatepass"), 32).digest()
    return os.path.join(os.path.abspath(folder), SUBDIR, key[:8].hex() + ".replay"), key


def _on_terminal() -> bool:
    """Whether stdout or stderr is a terminal (progress lines, colours: not recorded)."""
    return os.isatty(1) or os.isatty(2)


def _today() -> str:
    """The local date, as `datetime.date.today()` has it (the default --as-of)."""
    return time.strftime("%Y-%m-%d")


def replay(found: tuple[str, bytes]) -> int | None:
    """Print the recorded output of a run (`found`: its record_file) and return its exit
    code, when the record exists and every input stats as recorded; else None."""
    path, key = found
    from modelmap import datacache

    try:
        stored, paths, keys, absent, out, err, code = datacache.load(path, KIND)
    except (TypeError, ValueError):  # None, or not a record
        return None
    if stored != key or not _intact(paths, keys, absent):
        return None
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
        sys.stderr.write(err)
        sys.stderr.flush()
    except BrokenPipeError:  # `check | head`: as a run that checked would end
        return 0
    return int(code)


def _intact(paths: Sequence[str], keys: Sequence[tuple[int, ...]], absent: Iterable[str]
            ) -> bool:
    try:
        now = [(s.st_mtime_ns, s.st_ctime_ns, s.st_size, s.st_ino) for s in map(os.stat, paths)]
    except OSError:
        return False
    if now != list(keys):
        return False
    for path in absent:
        try:
            os.stat(path)
        except OSError:
            continue
        return False
    return True


class _Tee:
    """A text stream that keeps a copy of what is written through it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.parts: list[str] = []
        self.failed = False
        """A write or flush failed (a closed pipe: `check | head`): what was kept is not
        what the reader got, nor the exit code what the run would otherwise have had."""

    def write(self, text: str) -> int:
        self.parts.append(text)
        try:
            wrote = self._stream.write(text)
        except (OSError, ValueError):
            self.failed = True
            raise
        return len(text) if wrote is None else int(wrote)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (OSError, ValueError):
            self.failed = True
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_LISTED = frozenset({"os.listdir", "os.scandir", STAT_EVENT})
"""Audit events naming a directory listed or a path known by its stat (modelmap.fsread)."""
_ACTIVE: list[Recorder] = []
_HOOKED: list[bool] = []


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _ACTIVE:
        return
    if event == "open":
        path, mode, flags = args
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            return
        if isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT
                                               | os.O_TRUNC | os.O_APPEND):
            return
    elif event in _LISTED:
        path = args[0] if args else None
    else:
        return
    if isinstance(path, int) or path is None:
        return
    try:
        name = os.path.abspath(os.fsdecode(path))
    except (TypeError, ValueError):  # pragma: no cover - an odd path object
        return
    _ACTIVE[0].read.add(name)
    if event == STAT_EVENT:  # a probe: the path may be a link to where nothing is yet
        _ACTIVE[0].links.add(name)


def _forget_memos() -> None:
    """Forget the catalogs this process memoised: a recorded run must open or stat every
    input itself, or the record would lack it (a command-line process runs once; a test may
    run many checks in one process)."""
    from modelmap.catalog import load

    load._catalog_for.cache_clear()


def _forget_in_child() -> None:
    _ACTIVE.clear()  # a forked scan worker's reads are the walk's files, recorded already


class Recorder:
    """Records one check run (see the module docstring); `finish` writes the record."""

    def __init__(self, path: str, key: bytes, catalog_cache: str, check_cache: str) -> None:
        self.path = path
        self.key = key
        self.start_ns = time.time_ns()
        self.catalog_cache = os.path.abspath(catalog_cache)
        self.check_cache = os.path.abspath(check_cache)
        self.read: set[str] = set()
        self.walked: list[tuple[Mapping[str, os.stat_result], ...]] = []
        self.links: set[str] = set()
        self.from_cache = False
        """Set by the check: its results all came from the results cache (nothing was read
        or scanned). Only such a run is recorded: one that found changes is likely to be
        followed by more, and a record costs a warm run a third of its time."""
        """Paths that may be symbolic links: the walk's, and the paths probed for a config,
        a `.git` or a package (a link there may point where nothing is yet)."""
        self.out = _Tee(sys.stdout)
        self.err = _Tee(sys.stderr)
        self._streams = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = self.out, self.err
        _forget_memos()
        if not _HOOKED:  # once per process: an audit hook cannot be removed
            _HOOKED.append(True)
            sys.addaudithook(_hook)
            if hasattr(os, "register_at_fork"):
                os.register_at_fork(after_in_child=_forget_in_child)
        _ACTIVE[:] = [self]

    def walk(self, found: Discovered) -> None:
        """The walk's files with the stat it took of each (kept or skipped)."""
        self.walked.append((found.stats, found.others))
        self.links.update(found.links)

    def finish(self, code: int | None) -> None:
        """Stop recording; write the record when the run may be replayed."""
        _ACTIVE.clear()
        sys.stdout, sys.stderr = self._streams
        import contextlib

        for tee in (self.out, self.err):
            if not tee.failed:
                with contextlib.suppress(OSError, ValueError):
                    tee.flush()  # (a pipe closed early shows here, if not before)
        if code not in (0, 1) or not self.from_cache or self.out.failed or self.err.failed:
            return
        try:
            record = self._record(code)
        except OSError:
            return
        if record is not None:
            _save(self.path, record)

    def _record(self, code: int) -> tuple[Any, ...] | None:
        stats: dict[str, tuple[int, int, int, int]] = {}
        for group in self.walked:
            for files in group:  # (absolute paths: the walk is given absolute ones)
                stats.update({path: (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
                              for path, st in files.items()})
        absent: set[str] = set()
        wanted = {p for p in self.read | _code() if not self._derived(p)}
        for path in list(wanted):
            if path.endswith(".pyc"):  # a cached module stands for its source file
                source = _source_of(path)
                if source is not None:
                    wanted.add(source)
        for link in self.links:  # every hop of a link, and where it ends
            wanted.update(_hops(link))
        for path in wanted:
            if path in stats:
                continue
            try:
                stats[path] = _key(os.stat(path))
            except OSError:
                absent.add(path)
        for parent in {*map(os.path.dirname, stats), *map(os.path.dirname, absent)}:
            while parent not in stats and parent not in absent:  # up to the first one known
                try:
                    stats[parent] = _key(os.stat(parent))
                except OSError:
                    absent.add(parent)
                up = os.path.dirname(parent)
                if up == parent:
                    break
                parent = up
        settled = self.start_ns - SETTLE_NS
        if any(k[0] >= settled or k[1] >= settled for k in stats.values()):
            return None
        return (self.key, tuple(stats), tuple(stats.values()), tuple(absent),
                "".join(self.out.parts), "".join(self.err.parts), code)


    def _derived(self, path: str) -> bool:
        """A file one of the caches wrote, or a cache dir's own listing (its pruning): not an
        input. (A cache dir with an input below it comes back as that input's ancestor.)"""
        if path in (self.check_cache, self.catalog_cache):
            return True
        folder, name = os.path.split(path)
        if folder == self.check_cache:  # the check cache's files (check/cache.py)
            return name.endswith(".cache") or name.startswith(".tmp-") or name == SUBDIR
        if folder == self.catalog_cache:  # compiled catalogs (catalog/cache.py)
            return name.startswith(("catalog-", ".catalog-")) and name.endswith(".cache")
        return folder == os.path.join(self.check_cache, SUBDIR)


def _hops(path: str) -> list[str]:
    """The links `path` goes through and the file it ends at (nothing when it is no link)."""
    out: list[str] = []
    while len(out) < 40:
        try:
            target = os.readlink(path)
        except (OSError, ValueError):
            break
        path = os.path.normpath(os.path.join(os.path.dirname(path), target))
        if path in out:
            break
        out.append(path)
    if out:
        out.append(os.path.realpath(out[-1]))
    return out


def _code() -> set[str]:
    """The code a run may have used besides what it opened: every module this process
    imported (some before the recording began), modelmap's own files (a forked worker
    imports scanners the main process never does) and the import path's folders (an
    installed or removed package changes them)."""
    found = {os.path.abspath(p) for p in sys.path if p and os.path.isdir(p)}
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if isinstance(name, str):
            found.add(os.path.abspath(name))
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found.add(folder)
        found.update(os.path.join(folder, f) for f in files)
    return found


def _key(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def _source_of(pyc: str) -> str | None:
    """`pkg/name.py` for `pkg/__pycache__/name.cpython-311.pyc`."""
    folder, name = os.path.split(pyc)
    if os.path.basename(folder) != "__pycache__":
        return None
    return os.path.join(os.path.dirname(folder), name.split(".", 1)[0] + ".py")


def _save(path: str, record: tuple[Any, ...]) -> None:
    from modelmap import datacache

    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        datacache.dump(path, KIND, record, prefix=".replay-")
        names = [n for n in os.listdir(folder) if n.endswith(".replay")
                 and not n.startswith(".")]
        if len(names) > KEEP:
            aged = sorted(names, key=lambda n: os.stat(os.path.join(folder, n)).st_mtime_ns)
            for name in aged[:len(names) - KEEP]:
                os.unlink(os.path.join(folder, name))
    except OSError:
        pass  # a read-only cache dir: nothing recorded


def recorder(found: tuple[str, bytes], catalog_cache: str, check_cache: str) -> Recorder:
    """A recorder for the run `found` (its record_file) from now until its `finish`; the
    files the catalog's and the check's caches write are left out of the inputs."""
    return Recorder(*found, catalog_cache, check_cache)


def current() -> Recorder | None:
    """The recorder of the run in progress, if it is recorded."""
    return _ACTIVE[0] if _ACTIVE else None
