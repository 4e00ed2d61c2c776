"""Per-file work of a check run, run in a fork-based process pool.

The parent sets `STATE` (catalog, scanners, prefilter, ...) before forking, so workers
inherit it instead of unpickling it; tasks and results are small picklable values.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from modelmap.check.cache import content_hash, stat_key
from modelmap.check.constants import LazyConstants
from modelmap.check.context import contexts
from modelmap.check.discover import PARSED_SUFFIXES
from modelmap.check.fileread import (
    MINIFIED_LINE,
    decode,
    has_long_line,
    read_bytes,
)
from modelmap.check.forward import route
from modelmap.check.imports import JS_SUFFIXES, imports_of
from modelmap.check.policy import check_policy, fix_allowed
from modelmap.check.result import finding_to_dict
from modelmap.check.select import is_suppressed
from modelmap.check.toolkit import State
from modelmap.findings import Finding, Location
from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.suppress import unknown_codes
from modelmap.scan.text import split_lines
from modelmap.validate.call import Call

MIN_PARALLEL = 24
"""Below this many tasks a pool costs more than it saves."""
MAX_CHUNK = 512
"""The most items a worker takes at a time (by default)."""
GC_THRESHOLDS = (50_000, 20, 20)
"""Cyclic GC thresholds while tasks run: parsing allocates millions of container objects, so
at the default 700 the collector ran every few hundred AST nodes (and walked everything
alive, the catalog included), while syntax trees are freed by reference counting anyway."""

T = TypeVar("T")
R = TypeVar("R")


STATE: State | None = None


def run_tasks(fn: Callable[[T], R], items: Sequence[T], jobs: int,
              progress: Callable[[int], None] | None = None,
              most: int = MAX_CHUNK) -> list[R]:
    """`map(fn, items)` in a fork pool of `jobs` processes (serially when that cannot pay).

    Items go to workers in chunks of about 1/32 of a worker's share, at most `most`: a
    worker that drew costly files does not hold up the run for long at its end.
    `progress(done)` is called as results come in. Workers ignore SIGINT: Ctrl-C reaches
    the parent alone, which stops the pool (no traceback from every worker)."""
    if progress is not None:
        progress(0)
    if jobs <= 1 or len(items) < MIN_PARALLEL or not _can_fork():
        out = []
        with _few_collections():
            for item in items:
                out.append(fn(item))
                if progress is not None:
                    progress(len(out))
        return out
    # What the parent holds (catalog, scanners, the state) is long-lived: frozen, the
    # workers' collections never walk it (and do not touch its pages, which stay shared).
    gc.freeze()
    try:
        ctx = multiprocessing.get_context("fork")
        chunk = max(1, min(len(items) // (jobs * 32), most))
        with ctx.Pool(processes=jobs, initializer=_quiet_worker) as pool:
            if progress is None:
                return pool.map(fn, items, chunksize=chunk)
            results = []
            for result in pool.imap(fn, items, chunksize=chunk):
                results.append(result)
                progress(len(results))
            return results
    finally:
        gc.unfreeze()  # the parent's own objects are collectable again (many runs per process)


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(*GC_THRESHOLDS)


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """GC_THRESHOLDS for a serial run, the old ones after it."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def _can_fork() -> bool:
    return sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods()


def _state() -> State:
    assert STATE is not None, "worker.STATE must be set before running tasks"
    return STATE


def too_big_to_parse(name: str, size: int, state: State) -> bool:
    """Python source over the parse limit (an AST costs hundreds of times the file size)."""
    return size > state.max_parse and name.endswith(PARSED_SUFFIXES)


def read_text(path: str | Path, size: int = -1) -> tuple[bytes, str | None, str | None]:
    """(bytes, text, note) as `fileread.decode` reads the file (or its overlay bytes);
    `size`: the expected size, if known."""
    data = STATE.overlay.get(str(path)) if STATE is not None else None
    if data is None:
        data = read_bytes(path, size)
    return (data, *decode(path, data))


Task = tuple[str, str, Any]
"""(relative path, absolute path, extra): for `probe` the file's stat key from the walk
(None: stat it here); for `scan` the content hash probe saw when its gate passed (None:
the scanner runs its gate itself)."""


def probe(task: Task) -> dict[str, Any]:
    """Read one file: size, mtime, hash, prefilter verdict, imports (or a skip note)."""
    rel, abspath, key = task
    try:
        if key is None:
            key = stat_key(os.stat(abspath))
        data, text, note = read_text(abspath, key[0])
    except OSError as exc:
        return {"rel": rel, "note": f"unreadable ({exc.strerror})"}
    entry: dict[str, Any] = {"rel": rel, "stat": key, "sha": content_hash(data)}
    if text is None:
        entry["note"] = note
        return entry
    if rel.endswith(JS_SUFFIXES) and has_long_line(data):
        entry["note"] = f"minified or bundled (a line over {MINIFIED_LINE} characters)"
        return entry
    entry["hit"] = hit = wanted(rel, data, text, _state())
    if hit:
        # Only a scanned file's imports matter (they key its dependency digest). Interned:
        # within one pool chunk pickle then sends each distinct key once, which keeps the
        # parent (and every worker forked from it later) smaller on large trees.
        entry["imports"] = [sys.intern(k) for k in dict.fromkeys(imports_of(rel, text))]
    return entry


def wanted(rel: str, data: bytes, text: str, state: State) -> bool:
    """Whether the file is scanned: its bytes or its path hit the prefilter (or its
    scanner's own `PREFILTER` hits the text), and its scanner's gate passes. The gate asks
    first: it turns away most source files, nearly all of which the prefilter lets through
    (`model` is everywhere), so the prefilter's searches are spent on the rest only."""
    pre = state.prefilter
    if pre is None:
        return True
    kit = state.toolkit
    gate = kit.gate_for(rel)
    if gate is not None and not gate(text):
        return False
    if pre.hit(data) or pre.hit(rel.encode("utf-8", "surrogateescape")):
        return True
    own = kit.prefilter_for(rel)
    return own is not None and own.search(text) is not None


def scan(task: Task) -> dict[str, Any]:
    """Scan, validate and apply suppressions for one file; JSON-ready findings out."""
    rel, abspath, passed = task
    state = _state()
    scanner = state.toolkit.scanner_for(rel)
    if scanner is None:
        return {"rel": rel, "findings": [], "lines": []}
    try:
        data, text, note = read_text(abspath)
    except OSError as exc:
        return {"rel": rel, "note": f"unreadable ({exc.strerror})"}
    if text is None:
        return {"rel": rel, "note": note}
    if too_big_to_parse(rel, len(data), state):
        return {"rel": rel, "note": f"larger than {state.max_parse} bytes: not parsed "
                                    "(max-parse-size)"}
    sha = content_hash(data) if passed is not None else None
    ctx = ScanContext(root=str(state.root), strict=state.strict, constants=state.constants,
                      catalog=state.catalog, as_of=state.as_of,
                      ttl_days=state.catalog.meta.ttl_days, gated=_gated(rel, text, state)
                      if sha is not None and sha == passed else None)
    # A scanner that cannot read the file at all says so (`FileScan.skip`); one that read
    # only part of it (a syntax error it recovered from) adds `FileScan.notes`. An exception
    # here is a modelmap bug: the file becomes a skip note, the run goes on.
    notes: list[str] = []
    try:
        with warnings.catch_warnings():  # a scanned file's invalid escapes are not ours
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            result = scanner(rel, text, ctx)
            if result.skip is not None:
                return {"rel": rel, "note": result.skip}
            calls, foreign = route(result.calls, state.openai_base_urls)
            result = dataclasses.replace(result, calls=tuple(calls))
            found = judge(result, rel, state, notes)
    except Exception as exc:  # one bad file must not end the run for users
        if state.strict:
            raise
        return {"rel": rel, "note": f"internal error, file not checked ({type(exc).__name__}: "
                                    f"{exc})"}
    lines = split_lines(text) if found else []
    out = []
    for f in found:
        assert f.location is not None
        line = f.location.line
        out.append((finding_to_dict(f), lines[line - 1] if 0 < line <= len(lines) else ""))
    done: dict[str, Any] = {"rel": rel, "findings": [d for d, _ in out],
                            "lines": [t for _, t in out], "constants": _fresh_constants(state)}
    if found:  # the hash of what was scanned, for fixes (the report falls back to probe's)
        done["sha"] = sha or content_hash(data)
    if foreign:
        done["foreign"] = foreign
    bad = unknown_codes(result.line_ignores, result.file_ignores)
    if bad:
        done["bad_ignores"] = bad
    if result.notes or notes:
        done["partial"] = [*result.notes, *notes]
    where = contexts(rel, text, found, lines, str(state.root)) if found else []
    if any(where):
        done["context"] = where
    return done


def _gated(rel: str, text: str, state: State) -> tuple[Callable[[str], bool], str] | None:
    """What tells the file's scanner that probe already ran its gate on these very bytes
    (see ScanContext.gated): probe admits no file the gate turns away."""
    if state.prefilter is None:
        return None  # no prefilter: probe let every file through without asking the gate
    gate = state.toolkit.gate_for(rel)
    return (gate, text) if gate is not None else None


def _fresh_constants(state: State) -> dict[str, dict[str, str]]:
    """Module constants this process parsed since the last task (for the cache)."""
    table = state.constants
    return table.take_fresh() if isinstance(table, LazyConstants) else {}


def judge(result: FileScan, rel: str, state: State,
          notes: list[str] | None = None) -> list[Finding]:
    """Validate every call, add policy findings, place them, drop suppressed and duplicates.

    A call whose validation raises (a modelmap bug) is left out with a note in `notes`
    (raised under strict), so the file's other calls are still judged."""
    found: list[Finding] = list(result.findings)
    for call in result.calls:
        try:
            verdicts = [*state.toolkit.validate(state.catalog, call, state.as_of),
                        *check_policy(state.catalog, call, state.policy)]
        except Exception as exc:
            if state.strict or notes is None:
                raise
            where = call.site or call.location
            notes.append(f"internal error on the call at line {where.line if where else 0}, "
                         f"not checked ({type(exc).__name__}: {exc})")
            continue
        for f in verdicts:
            if _silenced_at_site(f, call, result):
                continue
            if not fix_allowed(state.catalog, call, f.fix, state.policy):
                f = replace(f, fix=None)
            found.append(f if f.location is not None else _at(f, call.location))
    kept: dict[tuple[Any, ...], Finding] = {}
    for f in found:
        if f.location is None:
            continue
        here = f.location
        if here.path != rel:
            here = Location(rel, here.line, here.column, here.end_line, here.end_column)
            f = _at(f, here)
        if is_suppressed(f, result.line_ignores, result.file_ignores):
            continue
        if here.line in result.cells:
            cell, line = result.cells[here.line]
            f = Finding(rule=f.rule, name=f.name, family=f.family, severity=f.severity,
                        message=f"cell {cell}, line {line}: {f.message}", location=here,
                        fix=f.fix, sources=f.sources)
        loc = here
        kept.setdefault((f.rule, loc.line, loc.column, loc.end_line, loc.end_column,
                         f.message), f)
    return list(kept.values())


def _silenced_at_site(f: Finding, call: Call, result: FileScan) -> bool:
    """A comment on the call that sends silences the call's findings even when they point at
    the definition that feeds its model (`MODEL = "..."` above); another call using the same
    definition still reports (and fixes) it."""
    site = call.site
    if site is None or site == call.location or (
            call.location is not None and site.path != call.location.path):
        return False
    return is_suppressed(_at(f, site), result.line_ignores, frozenset())


def _at(f: Finding, where: Location | None) -> Finding:
    return Finding(rule=f.rule, name=f.name, family=f.family, severity=f.severity,
                   message=f.message, location=where, fix=f.fix, sources=f.sources)
