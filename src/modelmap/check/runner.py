"""One `modelmap check` run: discover, probe, collect constants, scan, judge, report.

Passes:
1. probe every discovered file (size, mtime, content hash, prefilter verdict, imports read
   with a regex), reusing cache entries whose size+mtime (or content hash) match;
2. scan + validate the prefilter hits whose cached result is missing or stale (their content,
   or the content of a project file their imports may name, changed), in a fork pool; the
   module constants of imported project files (`from settings import MODEL`) are collected
   on demand (modelmap.check.constants) and cached by content hash;
3. apply --select/--ignore/per-file ignores (suppression comments were applied in pass 2, so
   cached results stay independent of command-line selection) and sort.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from modelmap import __version__
from modelmap.catalog.model import Catalog
from modelmap.check.cache import Cache, default_dir, run_key, stat_key
from modelmap.check.config import Config
from modelmap.check.discover import Discovered, Filters, Skipped, discover
from modelmap.check.result import CheckReport, Reported, finding_from_dict, sort_key
from modelmap.check.select import Selector
from modelmap.check.toolkit import State, Toolkit

if TYPE_CHECKING:
    from modelmap.findings import Finding
    from modelmap.validate.call import Call

SCAN_CHUNK = 16
"""The most files a scan worker takes at a time (see `_run`)."""
USE_DEFAULT_CACHE = Path("\0default")
"""Sentinel for `Settings.cache_dir`: the platform cache dir (or $MODELMAP_CACHE_DIR)."""


@dataclass(frozen=True)
class Settings:
    """Everything a run needs besides the scanners."""

    paths: tuple[Path, ...]
    """Absolute paths to check."""
    root: Path
    """Absolute directory that reported paths are relative to."""
    catalog: Catalog
    as_of: dt.date
    config: Config
    selector: Selector
    force_exclude: bool = False
    cache_dir: Path | None = USE_DEFAULT_CACHE
    """None disables the cache."""
    jobs: int = 0
    """Worker processes (0: one per available core)."""
    strict: bool = False
    """Let scanner errors raise (tests) instead of becoming skip notes."""
    prefilter: bool = True
    progress: Callable[[str, int, int], None] | None = None
    """Called with (phase, done, total) as files are found, read and scanned (the CLI shows
    it on a terminal)."""
    show_set_aside: bool = False
    """Report findings in test code, fixtures and history as findings (see check/context.py)."""
    overlay: Mapping[str, bytes] = field(default_factory=dict)
    """Bytes to check instead of files' own, by absolute path (`--diff` previews the later
    passes of --fix with it); such a run neither reads nor writes the cache."""
    walked: Callable[[Discovered], None] | None = None
    """Told what the walk found (a recorded run: modelmap.check.replay)."""


def default_toolkit() -> Toolkit:
    """The real scanners and validate."""
    from modelmap.scan import registry

    def validate(catalog: Catalog, call: Call, as_of: dt.date) -> list[Finding]:
        from modelmap.validate import validate as real  # imported by the first scan only

        return real(catalog, call, as_of)

    markers = tuple(getattr(registry, "PREFILTER", ()))

    @functools.lru_cache(maxsize=1)  # probe asks for a file's PREFILTER, then its gate
    def scanner_module(rel: str) -> object:
        scanner = registry.scanner_for(rel)
        return sys.modules.get(getattr(scanner, "__module__", "") or "")

    def scanner_attr(rel: str, name: str) -> object:
        """An attribute of the module the file's scanner lives in (None if absent)."""
        return getattr(scanner_module(rel), name, None)

    def prefilter_for(rel: str) -> re.Pattern[str] | None:
        own = scanner_attr(rel, "PREFILTER")
        return own if isinstance(own, re.Pattern) else None

    def gate_for(rel: str) -> Callable[[str], bool] | None:
        gate = scanner_attr(rel, "worth_scanning")
        return cast("Callable[[str], bool]", gate) if callable(gate) else None

    return Toolkit(scanner_for=registry.scanner_for, validate=validate,
                   constants_for=registry.constants_for, markers=markers,
                   prefilter_for=prefilter_for, gate_for=gate_for, reads=registry.reads)


def run_check(settings: Settings, toolkit: Toolkit | None = None) -> CheckReport:
    """Check the files under `settings.paths` and return the report."""
    kit = toolkit or default_toolkit()
    prefix = _prefix(settings.root)
    cut = len(prefix)

    def rel(path: str) -> str:
        return path[cut:] if os.sep == "/" and path.startswith(prefix) else _rel(path, prefix)

    if settings.progress is not None:
        settings.progress("finding files", 0, 0)
    from modelmap.scan import registry

    # The walk, the manifest and a warm report build tens of thousands of objects and no
    # cycle: the cyclic collector, which would traverse them all again and again, pauses
    # until the run either has its report or goes on to probe and scan (a tenth of a warm
    # run). A run's objects are freed by reference counting either way.
    collecting = gc.isenabled()
    gc.disable()
    try:
        warm = _warm(settings, kit, rel, registry.reads_name if kit.reads is registry.reads
                     else None)
    finally:
        if collecting:
            gc.enable()
    return warm if isinstance(warm, CheckReport) else _run(settings, kit, *warm)


_Pending = tuple[Mapping[str, str], Mapping[str, os.stat_result], Cache, Sequence[Skipped],
                 dict[str, int]]
"""What `_run` needs after `settings` and `kit` (files, their stat results, the cache, the
walk's notes, the counters)."""


def _warm(settings: Settings, kit: Toolkit, rel: Callable[[str], str],
          accept_name: Callable[[str], bool] | None) -> CheckReport | _Pending:
    """The report of a run whose files and stat keys all match the cache's manifest (the
    warm path); else what `_run` needs."""
    root = settings.root
    cfg = settings.config
    filters = Filters(base=cfg.base, exclude=cfg.exclude, include=cfg.include,
                      respect_gitignore=cfg.respect_gitignore, max_bytes=cfg.max_file_size)
    found = discover(settings.paths, filters, rel=rel,
                     accept=kit.reads or (lambda p: kit.scanner_for(p) is not None),
                     force_exclude=settings.force_exclude,
                     accept_name=accept_name)
    if settings.walked is not None:
        settings.walked(found)
    files = dict(zip(found.rels, found.paths, strict=True))
    catalog = settings.catalog
    directory = None if settings.overlay else _cache_dir(settings.cache_dir)
    cache = Cache.open(directory, root, run_key(
        version=__version__, code=_code_stamp(), data=catalog.meta.data_version,
        as_of=settings.as_of.isoformat(), policy=repr(cfg.policy),
        forward=list(cfg.openai_base_urls),
        ttl=sorted(catalog.meta.ttl_days.items()), strict=settings.strict,
        prefilter=settings.prefilter))
    stats = {"files": len(files), "probed": 0, "constants": 0, "scanned": 0}
    stat_of = dict(zip(found.rels, map(found.stats.__getitem__, found.paths), strict=True))
    if cache.unchanged(stat_of):
        # Warm path: the same files with the same stat keys as the last run, so no content
        # (and no dependency) changed; its results stand as they are.
        return _report(settings, files, cache.results, found.skipped, stats)
    return files, stat_of, cache, found.skipped, stats


def _run(settings: Settings, kit: Toolkit, files: Mapping[str, str],
         stat_of: Mapping[str, os.stat_result], cache: Cache, skipped: Sequence[Skipped],
         stats: dict[str, int]) -> CheckReport:
    """Probe what changed, scan what is stale, save the cache, report."""
    from modelmap.check import worker
    from modelmap.check.constants import LazyConstants
    from modelmap.check.imports import context_keys, index, package_prefix
    from modelmap.check.prefilter import build_prefilter

    root = settings.root
    catalog = settings.catalog
    worker.STATE = State(
        root=root, catalog=catalog, as_of=settings.as_of, policy=settings.config.policy,
        toolkit=kit,
        prefilter=build_prefilter(catalog, kit.markers) if settings.prefilter else None,
        strict=settings.strict, openai_base_urls=settings.config.openai_base_urls,
        max_parse=settings.config.max_parse_size, overlay=settings.overlay)
    jobs = jobs_for(settings.jobs)
    entries, imports = _probe(files, stat_of, cache, jobs, stats, settings.progress)
    prefix = package_prefix(root)
    usable = {r: e for r, e in entries.items() if "note" not in e}
    by_key = index(usable, prefix)
    keys = {key: rel for rel in sorted(usable) for key in context_keys(rel, prefix)}
    known = {r: e["constants"] for r, e in usable.items() if "constants" in e}
    worker.STATE.constants = LazyConstants(keys, files, known, kit.constants_for, _read)
    stale = []
    for rel in sorted(r for r, e in usable.items() if e.get("hit")):
        entry = entries[rel]
        deps = _deps(imports.get(rel, ()), by_key, entries)
        if entry.get("deps") != deps or "scan" not in entry:
            entry["deps"] = deps
            entry.pop("scan", None)
            # The hash probe saw with the gate passed: a scan reading the same bytes need
            # not run the gate again.
            stale.append((rel, files[rel], entry.get("sha")))
    if stats["probed"]:
        cache.save_imports(imports)
    del imports, by_key  # every scan worker is forked from this process: keep it small
    # Largest files first, a few at a time: the costly scans are spread over the workers
    # early, and small ones fill in at the end (in name order, a worker could draw a run
    # of large files last while the others sat idle).
    stale.sort(key=lambda task: -stat_of[task[0]].st_size)
    for out in worker.run_tasks(worker.scan, stale, jobs, _ticker(settings, "scanning", stale),
                                most=SCAN_CHUNK):
        for dep, consts in out.pop("constants", {}).items():
            if dep in entries:
                entries[dep]["constants"] = consts
                stats["constants"] += 1
        entries[out.pop("rel")]["scan"] = out
    stats["scanned"] = len(stale)
    for rel, entry in entries.items():
        cache.put(rel, entry)
    cache.save()
    return _report(settings, files, entries, skipped, stats)


def _ticker(settings: Settings, phase: str, items: Sequence[object]
            ) -> Callable[[int], None] | None:
    report = settings.progress
    if report is None:
        return None
    total = len(items)
    return lambda done: report(phase, done, total)


def _probe(files: Mapping[str, str], stat_of: Mapping[str, os.stat_result], cache: Cache,
           jobs: int, stats: dict[str, int],
           progress: Callable[[str, int, int], None] | None = None,
           ) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
    """Entries for every file (cached or probed) and the import keys of the prefilter hits
    (kept out of the entries: see Cache.imports)."""
    from modelmap.check import worker

    entries: dict[str, dict[str, Any]] = {}
    imports: dict[str, list[str]] = {}
    todo = []
    for rel, path in files.items():
        st = stat_of.get(rel)
        old = cache.lookup(rel, st) if st is not None else None
        if old is not None and old.get("hit"):
            keys = cache.imports(rel)
            if keys is None:
                old = None  # the side file is gone: probe the file again
            else:
                imports[rel] = keys
        if old is not None:
            entries[rel] = dict(old)
        else:
            todo.append((rel, path, None if st is None else stat_key(st)))
    tick = None if progress is None else (lambda done: progress("reading", done, len(todo)))
    for out in worker.run_tasks(worker.probe, todo, jobs, tick):
        rel = out.pop("rel")
        if "imports" in out:
            imports[rel] = out.pop("imports")
        old = cache.by_hash(rel, out["sha"]) if "sha" in out else None
        entries[rel] = {**old, **out} if old is not None else out
    stats["probed"] = len(todo)
    return entries, imports


def _deps(imports: Sequence[str], by_key: Mapping[str, Sequence[str]],
          entries: Mapping[str, Mapping[str, Any]]) -> str:
    """Digest of which project files the imports may name, and their content: a cached
    result stays valid while none of them changes (so their constants cannot have)."""
    used = sorted({f for k in imports for f in by_key.get(k, ())})
    blob = json.dumps([[f, entries[f].get("sha")] for f in used])
    return hashlib.blake2b(blob.encode(), digest_size=12).hexdigest()


def _report(settings: Settings, files: Mapping[str, str], entries: Mapping[str, dict[str, Any]],
            skipped: Sequence[Skipped], stats: Mapping[str, int]) -> CheckReport:
    """The report; `entries` may leave out files with neither findings nor a note (every
    file of `files` without a note counts as checked)."""
    notes = list(skipped)
    reported: list[Reported] = []
    foreign: dict[str, int] = {}
    bad: list[tuple[str, int, str]] = []
    aside: list[Reported] = []
    hashes: dict[str, str] = {}
    checked = len(files)
    for rel in sorted(entries):
        entry = entries[rel]
        note = entry.get("note") or entry.get("scan", {}).get("note")
        if note:
            notes.append(Skipped(rel, note))
            checked -= 1
            continue
        scan = entry.get("scan") or {}
        if scan.get("findings"):
            hashes[rel] = scan.get("sha") or entry.get("sha", "")
        for why, n in scan.get("foreign", {}).items():
            foreign[why] = foreign.get(why, 0) + n
        bad.extend((rel, line, code) for line, code in scan.get("bad_ignores", ()))
        notes.extend(Skipped(rel, text, partial=True) for text in scan.get("partial", ()))
        raws, lines = scan.get("findings", ()), scan.get("lines", ())
        where = scan.get("context") or [""] * len(raws)
        for raw, line, context in zip(raws, lines, where, strict=True):
            f = finding_from_dict(raw)
            if settings.selector.keeps(f, Path(files[rel])):
                shown = not context or settings.show_set_aside
                (reported if shown else aside).append(Reported(f, line, context))
    reported.sort(key=sort_key)
    aside.sort(key=sort_key)
    from modelmap.catalog.freshness import provenance

    meta = settings.catalog.meta
    sdk = f"openai {meta.sdk_version}" if meta.sdk_version else None
    return CheckReport(
        root=settings.root, as_of=settings.as_of, version=__version__,
        curated_verified_on=meta.curated_verified_on, sdk=sdk, findings=tuple(reported),
        files=checked, skipped=tuple(sorted(notes, key=lambda s: s.path)), stats=dict(stats),
        catalog=provenance(meta, settings.as_of), foreign=foreign, bad_ignores=tuple(bad),
        set_aside=tuple(aside), hashes=hashes)


def _prefix(root: Path) -> str:
    base = os.fspath(root)
    return base if base.endswith(os.sep) else base + os.sep


def _rel(path: str, prefix: str) -> str:
    """`path` relative to the root whose `_prefix` is `prefix`, with / separators (absolute
    when outside it)."""
    if path.startswith(prefix):
        rel = path[len(prefix):]
        return rel.replace(os.sep, "/") if os.sep != "/" else rel
    return Path(path).as_posix()


def _read(path: str | Path) -> str | None:
    from modelmap.check.worker import _state, read_text, too_big_to_parse

    try:
        if too_big_to_parse(os.path.basename(path), os.stat(path).st_size, _state()):
            return None  # an imported module too large to parse: its constants stay unknown
    except OSError:
        return None
    return read_text(path)[1]


def _cache_dir(value: Path | None) -> Path | None:
    if value is None:
        return None
    return default_dir() if value == USE_DEFAULT_CACHE else value


def jobs_for(requested: int) -> int:
    """Worker processes for `-j requested` (0: one per core): never more than the cores this
    process may run on, since each extra worker only adds the memory of its parses."""
    return min(requested or _cores(), _cores())


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _code_stamp() -> str:
    """Sizes and mtimes of modelmap's own modules: an edited checkout invalidates caches."""
    found: list[str] = []
    stack = [("", os.path.dirname(os.path.dirname(os.path.realpath(__file__))))]
    while stack:
        rel, directory = stack.pop()
        with os.scandir(directory) as it:
            for entry in it:
                name = entry.name
                if entry.is_dir(follow_symlinks=False):
                    if name != "__pycache__":
                        stack.append((f"{rel}{name}/", entry.path))
                elif name.endswith(".py"):
                    st = entry.stat()
                    found.append(f"{rel}{name}:{st.st_size}:{st.st_mtime_ns};")
    found.sort()
    return hashlib.blake2b("".join(found).encode(), digest_size=8).hexdigest()
