"""Timing one command for the benchmarks: wall, CPU of the process tree, peak RSS (not a test).

- wall: `time.perf_counter` around the child.
- CPU: user + sys of the whole reaped process tree, from `os.wait4` on the `/usr/bin/time`
  wrapper (the kernel adds every waited-for descendant's usage to its parent's children
  total, so forked workers, threads and helper processes are counted; a process nobody waits
  for would not be, none of the tools here leaves one).
- peak RSS of the largest process: GNU time's `%M` (the ru_maxrss of the command; wait4 on a
  child forked from this Python would count the pre-exec copy of this process).
- peak RSS of the process tree: the summed RSS of every process, sampled every 10 ms (forked
  workers share pages, so this over-counts).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any

TIME = "/usr/bin/time"
"""GNU time (Debian package `time`), for each command's peak RSS."""


@dataclass
class Sample:
    """One timed run of one command."""

    wall: float
    cpu: float
    """user + sys seconds of the whole process tree."""
    maxrss_kb: int
    tree_rss_kb: int
    rc: int
    out_bytes: int


@dataclass
class Series:
    """All runs of one command, plus what its output said."""

    name: str
    cmd: list[str]
    shown: list[str] | None = None
    """The command as recorded, when `cmd` is too long to keep (a list of 6,000 files)."""
    env: dict[str, str] = field(default_factory=dict)
    """Variables set for this command on top of the bench's environment."""
    samples: list[Sample] = field(default_factory=list)
    matches: int | None = None

    def median(self, attr: str) -> float:
        return float(statistics.median(getattr(s, attr) for s in self.samples))


def _tree_rss_kb(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def _reap(proc: subprocess.Popen[bytes]) -> float:
    """Wait for `proc`; the user + sys seconds of it and all it waited for."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str] | None = None,
        cwd: str | None = None) -> tuple[Sample, bytes]:
    """Run `cmd` once, output to a pipe: wall, CPU and peak RSS (see the module doc)."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        t0 = time.perf_counter()
        proc = subprocess.Popen([TIME, "-q", "-f", "%M", "-o", rss.name, *cmd], stdout=out,
                                stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.01):
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        cpu = _reap(proc)
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
        lines = [ln for ln in rss.read().split() if ln.isdigit()]
        maxrss = int(lines[-1]) if lines else 0
        out.seek(0)
        data = out.read()
    return Sample(wall, cpu, maxrss, max(peak[0], maxrss), proc.returncode, len(data)), data


def run_bare(cmd: list[str], env: dict[str, str] | None = None,
             cwd: str | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run with no wrapper and no sampler thread: for start-up
    times of 10-100 ms, which the `time` exec and the sampler would blur."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, cwd=cwd)
    cpu = _reap(proc)
    return time.perf_counter() - t0, cpu


def machine() -> dict[str, Any]:
    """nproc, CPU model, RAM, OS, Python."""
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return {"nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "cpu": cpu,
            "ram_gib": round(mem_kb / 2**20, 1), "os": platform.platform(),
            "python": platform.python_version(), "loadavg_start": os.getloadavg()}
