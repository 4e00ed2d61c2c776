"""What a perfect gate would buy: a cold check's CPU time, split by whether each file yields.

Usage: python bench/ceiling.py [--tree DIR] [--rounds N] [--semgrep-wall S] [--cores N]
       [--out FILE.json]

Runs `modelmap check --config bench/modelmap-bench.toml TREE -j 1 --format json` in this
process with a fresh cache, `--rounds` times, and times (CPU, `time.process_time`) each
probe and each scan. A scanned file *yields* when its scanner returned a call or a finding
(a request that validates clean still counts: it had to be read). The files that yield
nothing are the ones a perfect gate (one that knew the scanners' answers in advance) would
not scan at all.

The bound it prints: with such a gate, a cold run costs at least probe + the scans of the
yielding files + everything else (start-up, walk, report), and on `--cores` cores its wall
time is at least that CPU time divided by the cores. With `--semgrep-wall` (semgrep's
median wall time from bench_check.py), it also prints the wall time the ">= 50x faster
than semgrep" target allows and whether the bound is under it. Medians over the rounds.
One process, so the figures are CPU-seconds of this process only. Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KINDS = {"python": "Python", "js": "JS/TS", "docs": "docs", "notebook": "notebooks"}
"""Scanner folders (modelmap.scan.<folder>) by the name a part is printed under; the rest
(config, shell, dotenv, Dockerfile) are "configs"."""


def kind_of(rel: str) -> str:
    """The part a file's scan counts in, by the scanner modelmap's registry picks for it."""
    from modelmap.scan.registry import scanner_for

    scanner = scanner_for(rel)
    folder = scanner.__module__.split(".")[2] if scanner is not None else ""
    return KINDS.get(folder, "configs")


def one_round(tree: str) -> dict[str, Any]:
    """One cold run, timed per file."""
    from modelmap.check import worker
    from modelmap.cli import main as cli

    probe_cpu: dict[str, float] = {}
    scan_cpu: dict[str, float] = {}
    yields: dict[str, bool] = {}
    real_probe, real_scan, real_judge = worker.probe, worker.scan, worker.judge

    def probe(task: Any) -> Any:
        t = time.process_time()
        out = real_probe(task)
        probe_cpu[task[0]] = time.process_time() - t
        return out

    def scan(task: Any) -> Any:
        t = time.process_time()
        out = real_scan(task)
        scan_cpu[task[0]] = time.process_time() - t
        return out

    def judge(result: Any, rel: str, *args: Any, **kwargs: Any) -> Any:
        yields[rel] = bool(result.calls or result.findings)
        return real_judge(result, rel, *args, **kwargs)

    cache = tempfile.mkdtemp(prefix="mm-ceiling-")
    argv = ["check", "--config", str(HERE / "modelmap-bench.toml"), tree, "-j", "1",
            "--cache-dir", cache, "--format", "json"]
    # The runner looks `probe` and `scan` up on the worker module at each run, and `scan`
    # calls `judge` through the module's globals: patching the module reaches all three.
    patched = {"probe": probe, "scan": scan, "judge": judge}
    saved = {name: getattr(worker, name) for name in patched}
    for name, fn in patched.items():
        setattr(worker, name, fn)
    start = time.process_time()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            cli(argv)
    finally:
        for name, fn in saved.items():
            setattr(worker, name, fn)
    total = time.process_time() - start
    parts: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for rel, secs in scan_cpu.items():
        key = f"{kind_of(rel)}, {'yields' if yields.get(rel) else 'yields nothing'}"
        parts[key] += secs
        counts[key] += 1
    probe_total = sum(probe_cpu.values())
    scanned = sum(scan_cpu.values())
    useful = sum(s for rel, s in scan_cpu.items() if yields.get(rel))
    return {"total": total, "probe": probe_total, "scan": scanned, "scan_yielding": useful,
            "rest": total - probe_total - scanned, "parts": dict(parts),
            "counts": dict(counts), "probed": len(probe_cpu), "scanned": len(scan_cpu)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", default=str(HERE / ".corpus" / "tree"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--semgrep-wall", type=float, default=None,
                    help="semgrep's median wall seconds on the same tree (bench_check.py)")
    ap.add_argument("--out", default=None, help="write the rounds and medians as JSON")
    args = ap.parse_args()
    if not Path(args.tree).is_dir():
        print(f"ceiling: {args.tree}: no such folder (python bench/corpus.py makes it)",
              file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    rounds = [one_round(args.tree) for _ in range(args.rounds)]

    def med(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    keys = sorted({k for r in rounds for k in r["parts"]})
    print(f"{rounds[0]['probed']} files probed, {rounds[0]['scanned']} scanned; medians of "
          f"{len(rounds)} cold rounds, one process (CPU-s)\n")
    print("| part | files | CPU s |\n|---|---:|---:|")
    print(f"| probe (read, hash, gate every file) | {rounds[0]['probed']} | {med('probe'):.2f} |")
    for key in keys:
        secs = statistics.median(r["parts"].get(key, 0.0) for r in rounds)
        print(f"| scan: {key} | {rounds[0]['counts'].get(key, 0)} | {secs:.2f} |")
    print(f"| everything else (start-up, walk, report) | | {med('rest'):.2f} |")
    print(f"| **whole run** | | **{med('total'):.2f}** |\n")
    bound = med("total") - med("scan") + med("scan_yielding")
    print(f"With a perfect gate (only the files that yield scanned): at least {bound:.2f} "
          f"CPU-s, so at least {bound / args.cores:.2f} s of wall on {args.cores} cores.")
    result: dict[str, Any] = {"rounds": rounds, "bound_cpu": bound,
                              "bound_wall": bound / args.cores, "cores": args.cores}
    if args.semgrep_wall:
        allowed = args.semgrep_wall / 50
        verdict = "under" if bound / args.cores <= allowed else "over"
        print(f"semgrep's {args.semgrep_wall:.1f} s / 50 = {allowed:.2f} s allowed: the "
              f"bound is {verdict} it.")
        result |= {"semgrep_wall": args.semgrep_wall, "allowed_wall": allowed}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
