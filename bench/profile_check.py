"""Where a cold `modelmap check` spends its time: one process, cProfile, grouped by part.

Usage: python bench/profile_check.py [--tree DIR] [--top N]
Runs `modelmap check --config bench/modelmap-bench.toml TREE -j 1 --format json` with a fresh
cache under cProfile (in this process), then sums each function's own time (tottime) into the
parts below, by where the function lives (a builtin's own time goes to its callers' parts).
cProfile slows Python-level code more than C calls
(`ast.parse`, tree-sitter's parse, regex searches), so the split is a guide to where the time
goes, not a stopwatch; whole-run figures come from bench_check.py. Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("ast.parse (compile) of Python files", ("builtins.compile",)),
    ("tree-sitter parse of JS/TS", ("'parse' of 'tree_sitter.Parser'",)),
    ("tree-sitter queries and node access", ("tree_sitter",)),
    ("regex searches (re, all callers)", ("re.Pattern' objects", "_sre")),
    ("Python scanner (scan/python)", ("modelmap/scan/python/", "/ast.py")),
    ("JS/TS scanner (scan/js)", ("modelmap/scan/js/",)),
    ("docs scanner (scan/docs) + markdown-it", ("modelmap/scan/docs/", "markdown_it")),
    ("config and notebook scanners", ("modelmap/scan/config/", "modelmap/scan/notebook/")),
    ("validate (rules on each call)", ("modelmap/validate/",)),
    ("check: walk, probe, prefilter, imports, cache", ("modelmap/check/",)),
    ("shared scan helpers (suppress, text, registry)", ("modelmap/scan/",)),
    ("file reads and stats", ("io.open", "posix.stat", "read_bytes", "method 'read'")),
]


def part_of(key: tuple[str, int, str]) -> str:
    where = f"{key[0]}:{key[2]}"
    for name, marks in PARTS:
        if any(m in where for m in marks):
            return name
    return "other (start-up, catalog, report, interpreter)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", default=str(HERE / ".corpus" / "tree"))
    ap.add_argument("--top", type=int, default=0, help="also print the N costliest functions")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from modelmap.cli import main as cli

    cache = tempfile.mkdtemp(prefix="mm-profile-")
    argv = ["check", "--config", str(HERE / "modelmap-bench.toml"), args.tree, "-j", "1",
            "--cache-dir", cache, "--format", "json"]
    prof = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()):
        prof.enable()
        with contextlib.suppress(SystemExit):
            cli(argv)
        prof.disable()
    stats = pstats.Stats(prof)
    total = 0.0
    sums: dict[str, float] = {}
    for key, (_cc, _nc, tt, _ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        total += tt
        name = part_of(key)
        if name.startswith("other") and key[0] == "~" and callers:
            # A builtin (isinstance, list.extend, ...): its time goes to its callers' parts,
            # in proportion to what each caller spent in it.
            spent = sum(c[2] for c in callers.values()) or 1.0
            for caller, c in callers.items():
                part = part_of(caller)
                sums[part] = sums.get(part, 0.0) + tt * c[2] / spent
            continue
        sums[name] = sums.get(name, 0.0) + tt
    print("| part | own time under cProfile (s) | share |\n|---|---:|---:|")
    for name, secs in sorted(sums.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {secs:.2f} | {secs / total:.0%} |")
    print(f"| **total** | **{total:.2f}** | |")
    if args.top:
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
