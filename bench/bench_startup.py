"""Catalog load time and CLI wall time, against `python -c pass` run side by side.

Usage: python bench/bench_startup.py [--runs N]
Prints medians (ms) and ratios; not a test (no assertions).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def load_ms(runs: int) -> float:
    code = (
        "import time;t=time.perf_counter();"
        "from modelmap.catalog.load import load_catalog;c=load_catalog();"
        "print((time.perf_counter()-t)*1000)"
    )
    vals = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                             text=True).stdout
        vals.append(float(out.strip()))
    return statistics.median(vals)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    runs = ap.parse_args().runs
    py = sys.executable
    base = wall([py, "-c", "pass"], runs)
    version = wall([py, "-m", "modelmap", "--version"], runs)
    resolve = wall([py, "-m", "modelmap", "resolve", "GPT-5.5 Instant"], runs)
    status = wall([py, "-m", "modelmap", "status", "gpt-4o", "--as-of", "2026-11-21"], runs)
    load = load_ms(runs)
    print(f"runs per figure: {runs} (median)")
    print(f"python -c pass                 {base:7.1f} ms   1.00x")
    print(f"modelmap --version             {version:7.1f} ms   {version / base:.2f}x")
    print(f"modelmap resolve 'GPT-5.5 ...' {resolve:7.1f} ms   {resolve / base:.2f}x")
    print(f"modelmap status gpt-4o         {status:7.1f} ms   {status / base:.2f}x")
    print(f"catalog load (in process)      {load:7.1f} ms")


if __name__ == "__main__":
    main()
