"""CLI start-up against `python -c pass`, run side by side: wall and CPU time, medians.

Usage: python bench/bench_startup.py [--runs N] [--cwd DIR] [--before SRC]
Each round runs every command once, in turn (so all see the same machine load); figures are
medians over the rounds, wall-clock and CPU (user+sys of the child), with ratios to
`python -c pass` from the same rounds. Commands run with a warm compiled-catalog cache, from
`--cwd` (default: a fresh empty directory, i.e. a project without a modelmap config; the repo
itself has a pyproject.toml naming modelmap, which makes every command read it), with .pyc
files written and used (PYTHONDONTWRITEBYTECODE is dropped for the children).
`--before SRC` also runs each modelmap command with PYTHONPATH=SRC (an older `src/` tree, e.g.
from `git archive`), interleaved in the same rounds, for before/after figures.
Not a test (no assertions).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass", ["-c", "pass"]),
    ("modelmap --version", ["-m", "modelmap", "--version"]),
    ("modelmap resolve gpt-5.5", ["-m", "modelmap", "resolve", "gpt-5.5"]),
    ("modelmap resolve 'GPT-5.5 Instant'", ["-m", "modelmap", "resolve", "GPT-5.5 Instant"]),
    ("modelmap status gpt-4o", ["-m", "modelmap", "status", "gpt-4o", "--as-of", "2026-11-21"]),
    ("modelmap validate (one call)", ["-m", "modelmap", "validate", "chat.completions.create",
                                      "model=gpt-5.5", "max_tokens=5"]),
]


def once(args: list[str], cwd: str, src: str | None = None) -> tuple[float, float]:
    """(wall seconds, child CPU seconds) of one run."""
    env = dict(os.environ)
    # Bytecode as an installed package has it (pip compiles .pyc at install): without it every
    # run compiles each module from source, which is what the figures would then measure.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src:
        env["PYTHONPATH"] = src
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--cwd", default=None)
    ap.add_argument("--before", default=None, metavar="SRC")
    opts = ap.parse_args()
    runs: list[tuple[str, list[str], str | None]] = [(n, a, None) for n, a in COMMANDS]
    if opts.before:
        runs += [(f"{n} (before)", a, opts.before) for n, a in COMMANDS if "modelmap" in a]
    cwd = opts.cwd or tempfile.mkdtemp(prefix="mm-startup-")
    os.environ.setdefault("MODELMAP_IGNORE_OLD_DATA", "1")
    for _, args, src in runs:  # warm: compiled catalog, .pyc files
        once(args, cwd, src)
    walls: dict[str, list[float]] = {name: [] for name, _, _ in runs}
    cpus: dict[str, list[float]] = {name: [] for name, _, _ in runs}
    for _ in range(opts.runs):
        for name, args, src in runs:
            wall, cpu = once(args, cwd, src)
            walls[name].append(wall * 1000)
            cpus[name].append(cpu * 1000)
    med = statistics.median
    base_w, base_c = med(walls["python -c pass"]), med(cpus["python -c pass"])
    print(f"python {sys.version.split()[0]}, {opts.runs} rounds, medians; cwd {cwd}")
    print(f"{'command':47} {'wall ms':>8} {'ratio':>6} {'cpu ms':>8} {'ratio':>6}")
    for name, _, _ in runs:
        w, c = med(walls[name]), med(cpus[name])
        print(f"{name:47} {w:8.1f} {w / base_w:5.2f}x {c:8.1f} {c / base_c:5.2f}x")


if __name__ == "__main__":
    main()
