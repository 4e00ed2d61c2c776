"""Per-file work of a check run, run in a fork-based process pool.

The parent sets `STATE` (catalog, scanners, prefilter, ...) before forking, so workers
inherit it instead of unpickling it; tasks and results are small picklable values.
"""

from __future__ import annotations

import multiprocessing
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from modelmap.check.cache import content_hash, stat_key
from modelmap.check.constants import LazyConstants
from modelmap.check.discover import PARSED_SUFFIXES
from modelmap.check.imports import JS_SUFFIXES, imports_of
from modelmap.check.policy import check_policy
from modelmap.check.result import finding_to_dict
from modelmap.check.select import is_suppressed
from modelmap.check.toolkit import State
from modelmap.findings import Finding, Location
from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.text import split_lines

SNIFF_BYTES = 8192
MINIFIED_LINE = 5000
"""A JS/TS file with a line this long is a bundle or minified build output: skipped with a
note (findings there could not be fixed in place, and parsing bundles dominates run time)."""
MIN_PARALLEL = 24
"""Below this many tasks a pool costs more than it saves."""

T = TypeVar("T")
R = TypeVar("R")


STATE: State | None = None


def run_tasks(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`map(fn, items)` in a fork pool of `jobs` processes (serially when that cannot pay)."""
    if jobs <= 1 or len(items) < MIN_PARALLEL or not _can_fork():
        return [fn(item) for item in items]
    ctx = multiprocessing.get_context("fork")
    chunk = max(1, len(items) // (jobs * 8))
    with ctx.Pool(processes=jobs) as pool:
        return pool.map(fn, items, chunksize=chunk)


def _can_fork() -> bool:
    return sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods()


def _state() -> State:
    assert STATE is not None, "worker.STATE must be set before running tasks"
    return STATE


def too_big_to_parse(name: str, size: int, state: State) -> bool:
    """Python source over the parse limit (an AST costs hundreds of times the file size)."""
    return size > state.max_parse and name.endswith(PARSED_SUFFIXES)


def _has_long_line(data: bytes) -> bool:
    """A line of MINIFIED_LINE characters or more (splitting in C is 14x faster on real
    packages than the regex `[^\\n]{5000}`, which retried at every position)."""
    return len(data) >= MINIFIED_LINE and max(map(len, data.split(b"\n"))) >= MINIFIED_LINE


def read_text(path: Path) -> tuple[bytes, str | None, str | None]:
    """(bytes, text, note): text is None when the file is binary or not UTF-8."""
    data = path.read_bytes()
    if b"\0" in data[:SNIFF_BYTES]:
        return data, None, "binary file"
    try:
        return data, data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return data, None, f"not UTF-8 text (byte {exc.start})"


def probe(task: tuple[str, str]) -> dict[str, Any]:
    """Read one file: size, mtime, hash, prefilter verdict, imports (or a skip note)."""
    rel, abspath = task
    path = Path(abspath)
    try:
        st = path.stat()
        data, text, note = read_text(path)
    except OSError as exc:
        return {"rel": rel, "note": f"unreadable ({exc.strerror})"}
    entry: dict[str, Any] = {"rel": rel, "stat": stat_key(st), "sha": content_hash(data)}
    if text is None:
        entry["note"] = note
        return entry
    if rel.endswith(JS_SUFFIXES) and _has_long_line(data):
        entry["note"] = f"minified or bundled (a line over {MINIFIED_LINE} characters)"
        return entry
    state = _state()
    pre = state.prefilter
    own = state.toolkit.prefilter_for(rel) if pre is not None else None
    hit = (pre is None or pre.hit(data) or pre.hit(rel.encode("utf-8", "surrogateescape"))
           or bool(own is not None and own.search(text)))
    if hit and pre is not None:
        gate = state.toolkit.gate_for(rel)
        hit = gate is None or gate(text)
    entry["hit"] = hit
    if hit:
        # Only a scanned file's imports matter (they key its dependency digest). Interned:
        # within one pool chunk pickle then sends each distinct key once, which keeps the
        # parent (and every worker forked from it later) smaller on large trees.
        entry["imports"] = [sys.intern(k) for k in dict.fromkeys(imports_of(rel, text))]
    return entry


def scan(task: tuple[str, str]) -> dict[str, Any]:
    """Scan, validate and apply suppressions for one file; JSON-ready findings out."""
    rel, abspath = task
    state = _state()
    scanner = state.toolkit.scanner_for(rel)
    if scanner is None:
        return {"rel": rel, "findings": [], "lines": []}
    try:
        data, text, note = read_text(Path(abspath))
    except OSError as exc:
        return {"rel": rel, "note": f"unreadable ({exc.strerror})"}
    if text is None:
        return {"rel": rel, "note": note}
    if too_big_to_parse(rel, len(data), state):
        return {"rel": rel, "note": f"larger than {state.max_parse} bytes: not parsed "
                                    "(max-parse-size)"}
    ctx = ScanContext(root=str(state.root), strict=state.strict, constants=state.constants,
                      catalog=state.catalog, as_of=state.as_of,
                      ttl_days=state.catalog.meta.ttl_days)
    try:
        with warnings.catch_warnings():  # a scanned file's invalid escapes are not ours
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            result = scanner(rel, text, ctx)
            found = judge(result, rel, state)
    except SyntaxError as exc:
        if state.strict:
            raise
        return {"rel": rel, "note": f"syntax error at line {exc.lineno}: {exc.msg}"}
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
    return {"rel": rel, "findings": [d for d, _ in out], "lines": [t for _, t in out],
            "constants": _fresh_constants(state), "sha": content_hash(data)}


def _fresh_constants(state: State) -> dict[str, dict[str, str]]:
    """Module constants this process parsed since the last task (for the cache)."""
    table = state.constants
    return table.take_fresh() if isinstance(table, LazyConstants) else {}


def judge(result: FileScan, rel: str, state: State) -> list[Finding]:
    """Validate every call, add policy findings, place them, drop suppressed and duplicates."""
    found: list[Finding] = list(result.findings)
    for call in result.calls:
        for f in [*state.toolkit.validate(state.catalog, call, state.as_of),
                  *check_policy(state.catalog, call, state.policy)]:
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
        loc = here
        kept.setdefault((f.rule, loc.line, loc.column, loc.end_line, loc.end_column,
                         f.message), f)
    return list(kept.values())


def _at(f: Finding, where: Location | None) -> Finding:
    return Finding(rule=f.rule, name=f.name, family=f.family, severity=f.severity,
                   message=f.message, location=where, fix=f.fix, sources=f.sources)
