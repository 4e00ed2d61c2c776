"""`modelmap check` on the corpus against ripgrep, ruff, semgrep and depdesk (not a test).

    python bench/corpus.py            # once: fetch + unpack the pinned corpus
    python bench/peers.py --install   # once: semgrep + depdesk into bench/.venv-peers
    python bench/bench_check.py [--runs 5] [--startup-runs 20] [--skip semgrep,depdesk]

All tools run in the same invocation, round-robin (round 1: every command once, round 2:
...), so each sees the same machine load; figures are medians over the rounds. Per command
(bench/measure.py): wall time, CPU seconds (user + sys of the whole process tree), peak RSS
of the largest process and of the process tree. Issue 14's targets: bench/verdict.py.

- ripgrep: the floor. One regex, the alternation of every model ID in the catalog, over
  the same files modelmap checks (same suffixes and lock-file skips, hidden files, no
  ignore files, files over 2,000,000 bytes skipped); line numbers on, output to a pipe.
  The corpus lives inside this repository, whose .gitignore has `dist/` and `build/`, so
  every tool is told to ignore ignore-files (modelmap: --config bench/modelmap-bench.toml).
- modelmap cold: a fresh, empty cache dir per run. warm: a cache dir filled by one untimed
  run beforehand, tree unchanged: the run replays the last identical run's output after
  stat'ing its inputs (modelmap.check.replay). warm, no replay: the same cache dir with
  MODELMAP_NO_REPLAY=1, so the per-file results cache answers (as when one file changed).
- ruff (the dev venv's): `ruff check --isolated --exit-zero --output-format concise` given
  the Python files (.py, .pyi) of ripgrep's list as arguments (files named on the command
  line are linted whatever ruff's excludes say), its default rule set (`--isolated`: no
  config file is read). concise output: one line per diagnostic, so the ~34,000 it reports
  on the corpus cost little to print. cold: `--no-cache`; cached: `--cache-dir` filled by
  one untimed run. ruff caches only files without diagnostics, so with the default rules
  most files are linted again in a cached run; `--select E9` (syntax errors only: parse,
  nothing else) gives the parse-only floor cold and a run where every file is a cache hit.
- semgrep: bench/rules/modelmap-equivalent.semgrep.yaml, regenerated from the catalog each
  run (model= string literals in SDK calls, Python and JS/TS, known IDs and labels);
  --no-git-ignore --x-ignore-semgrepignore-files --max-target-bytes 2000000, so it reads
  the same Python/JS/TS files.
- depdesk: `depdesk check TREE --json` (its own catalog; Python AST + text matching).
- start-up: `modelmap --version` and `modelmap resolve gpt-5.5` against `python -c pass`,
  from an empty directory, no wrapper (wall and CPU from wait4), interleaved.

Writes bench/results/bench-<date>.json and prints the markdown tables for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Series, machine, run, run_bare
from peer_inputs import model_regex, python_files, scanned_globs, semgrep_rules
from peers import SEMGREP_ENV, choose
from reports import counts, measure
from verdict import RUFF_CACHED_NOTE, table

from modelmap.catalog.load import default_catalog

HERE = Path(__file__).resolve().parent
RULES = HERE / "rules" / "modelmap-equivalent.semgrep.yaml"
CONFIG = HERE / "modelmap-bench.toml"
"""respect-gitignore = false: this repository's .gitignore (dist/, build/) must not hide
most of the npm packages from modelmap while the peers search them."""
RG_FILES = ("--no-ignore", "--hidden", "--max-filesize", "2000000")
"""ripgrep's file selection matching modelmap's: no ignore files, hidden files, <= 2 MB."""
AS_OF = "2026-12-04"
"""The date of bench/equivalence.py's baseline, so the findings counted match it."""
RUFF = ("check", "--isolated", "--exit-zero", "--output-format", "concise")
NO_REPLAY = "modelmap warm, no replay"
"""A warm run that may not replay (MODELMAP_NO_REPLAY=1): the per-file results cache alone,
as when one file changed."""
CACHED = (("modelmap warm", "modelmap cold"), (NO_REPLAY, "modelmap cold"),
          ("ruff cached --select E9", "ruff cold --select E9"))
"""(cached, cold) pairs whose cached runs must be cache hits: checked by CPU time."""
ARGS_MAX = 1_500_000
"""Bytes of file names ruff may get on its command line (Linux allows 2 MiB with the env)."""
HIT_CPU = 0.25
"""A cached run using more than this share of its cold run's CPU did not hit the cache."""


def commands(tree: Path, tools: dict[str, str], regex_file: Path, scratch: Path,
             py_files: list[str], jobs: int) -> list[Series]:
    """The timed commands, in round order."""
    modelmap = [tools["modelmap"], "check", str(tree), "--config", str(CONFIG), "--format",
                "json", "--as-of", AS_OF, "--exit-zero"] + (["-j", str(jobs)] if jobs else [])
    out = [Series("ripgrep", [tools["ripgrep"], *RG_FILES, "-n", *scanned_globs(), "-f",
                              str(regex_file), str(tree)]),
           Series("modelmap cold", modelmap),
           Series("modelmap warm", [*modelmap, "--cache-dir", str(scratch / "warm-cache")]),
           Series(NO_REPLAY, [*modelmap, "--cache-dir", str(scratch / "warm-cache")],
                  env={"MODELMAP_NO_REPLAY": "1"})]
    if "ruff" in tools:
        files = f"<the {len(py_files)} .py/.pyi files of ripgrep's list>"
        for name, extra in (("ruff cold", ["--no-cache"]),
                            ("ruff cold --select E9", ["--no-cache", "--select", "E9"]),
                            ("ruff cached", ["--cache-dir", str(scratch / "ruff-cache")]),
                            ("ruff cached --select E9",
                             ["--select", "E9", "--cache-dir", str(scratch / "ruff-cache-e9")])):
            head = [tools["ruff"], *RUFF, *extra]
            out.append(Series(name, [*head, *py_files], shown=[*head, files]))
    if "semgrep" in tools:
        out.append(Series("semgrep", [tools["semgrep"], "scan", "--metrics=off", "--json",
                                      "--no-git-ignore", "--x-ignore-semgrepignore-files",
                                      "--max-target-bytes", "2000000",
                                      "--config", str(RULES), str(tree)]))
    if "depdesk" in tools:
        out.append(Series("depdesk", [tools["depdesk"], "check", str(tree), "--json",
                                      "--no-github", "--today", AS_OF, "--locations",
                                      "1000000"]))
    return out


def bench(series: list[Series], runs: int, scratch: Path) -> dict[str, Any]:
    """Round-robin runs; modelmap cold gets a fresh cache dir each time."""
    detail: dict[str, Any] = {}
    for rnd in range(runs):
        for s in series:
            cmd = list(s.cmd)
            if s.name == "modelmap cold":
                cmd += ["--cache-dir", str(Path(tempfile.mkdtemp(dir=scratch)))]
            sample, data = run(cmd, env={**bench_env(), **s.env}, cwd=str(scratch))
            s.samples.append(sample)
            if rnd == 0:
                s.matches, detail[s.name] = counts(s.name, data)
            print(f"  round {rnd + 1}/{runs} {s.name:24} {sample.wall:8.2f} s "
                  f"{sample.cpu:8.2f} CPU-s {sample.maxrss_kb / 1024:7.1f} MB rc={sample.rc}",
                  file=sys.stderr)
    return detail


def cache_hits(series: list[Series]) -> list[str]:
    """Warnings for cached runs that took cold-run CPU (a cache not hit or invalidated)."""
    by_name = {s.name: s for s in series}
    out = []
    for warm, cold in CACHED:
        if warm in by_name and cold in by_name and by_name[cold].median("cpu") >= 1.0:
            # (a cold run under 1 CPU-s is mostly start-up: no test of the cache)
            limit = HIT_CPU * by_name[cold].median("cpu")
            for n, x in enumerate(by_name[warm].samples, 1):
                if x.cpu > limit:
                    out.append(f"{warm}, round {n}: {x.cpu:.2f} CPU-s, over {HIT_CPU:.0%} of "
                               f"{cold}'s median: not a cache hit")
    return out


def bench_env() -> dict[str, str]:
    """The environment every timed command gets: this one, minus PYTHONDONTWRITEBYTECODE
    (without .pyc files every modelmap run would recompile its modules, which an installed
    package never does), plus semgrep's offline switches and modelmap's stale-data notice
    off (it would depend on the day of the run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **SEMGREP_ENV, "MODELMAP_IGNORE_OLD_DATA": "1"}


def startup(tools: dict[str, str], runs: int) -> dict[str, dict[str, float]]:
    """Median wall and CPU ms of `python -c pass` and two modelmap commands, interleaved, from
    an empty directory (the repository's pyproject.toml would be read as a project config)."""
    cmds = {"python -c pass": [sys.executable, "-c", "pass"],
            "modelmap --version": [tools["modelmap"], "--version"],
            "modelmap resolve gpt-5.5": [tools["modelmap"], "resolve", "gpt-5.5"]}
    got: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    env = bench_env()
    with tempfile.TemporaryDirectory(prefix="modelmap-startup-") as cwd:
        for rnd in range(runs + 1):  # round 0 warms the compiled catalog and .pyc files
            for name, cmd in cmds.items():
                wall, cpu = run_bare(cmd, env=env, cwd=cwd)
                if rnd:
                    got[name].append((wall, cpu))
    return {name: {"wall_ms": statistics.median(w for w, _ in xs) * 1000,
                   "cpu_ms": statistics.median(c for _, c in xs) * 1000}
            for name, xs in got.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--startup-runs", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=HERE / ".corpus")
    ap.add_argument("--tree", type=Path, default=None,
                    help="check this directory instead of the whole corpus (smoke tests)")
    ap.add_argument("--skip", default="", help="comma-separated: ruff,semgrep,depdesk")
    ap.add_argument("-j", "--jobs", type=int, default=0, help="modelmap -j (0: its default)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    if args.runs < 1 or args.startup_runs < 1:
        print("--runs and --startup-runs must be at least 1", file=sys.stderr)
        return 2
    tree = (args.tree or args.corpus / "tree").resolve()
    corpus_json = HERE / "results" / "corpus.json"
    if not tree.is_dir() or not corpus_json.is_file():
        print("no corpus: run `python bench/corpus.py` first", file=sys.stderr)
        return 2
    found = choose({s.strip() for s in args.skip.split(",") if s.strip()})
    if isinstance(found, str):
        print(found, file=sys.stderr)
        return 2
    tools = {name: tool.path or "" for name, tool in found.items()}
    host = machine()
    catalog = default_catalog()
    RULES.parent.mkdir(exist_ok=True)
    RULES.write_text(semgrep_rules(catalog))
    versions = {name: tool.version or "?" for name, tool in found.items()}
    with tempfile.TemporaryDirectory(prefix="modelmap-bench-") as tmp:
        scratch = Path(tmp)
        regex_file = scratch / "ids.regex"
        regex_file.write_text(model_regex(catalog) + "\n")
        listed = subprocess.run([tools["ripgrep"], "--files", *RG_FILES, *scanned_globs(),
                                 str(tree)], capture_output=True,
                                check=False).stdout.decode().splitlines()
        py_files = python_files(listed)
        if "ruff" in tools and sum(len(f) + 1 for f in py_files) > ARGS_MAX:
            print(f"{len(py_files)} Python files are too long a command line for ruff; "
                  "use --tree on a part of the corpus or --skip ruff", file=sys.stderr)
            return 2
        series = commands(tree, tools, regex_file, scratch, py_files, args.jobs)
        print("priming the caches and the .pyc files (untimed)...", file=sys.stderr)
        for s in series:
            if s.name in ("modelmap warm", "ruff cached", "ruff cached --select E9"):
                run(s.cmd, env=bench_env(), cwd=str(scratch))
        searched = {**measure(listed), "python": measure(py_files)}
        detail = bench(series, args.runs, scratch)
        start = startup(tools, args.startup_runs)
    warnings = cache_hits(series)
    for w in warnings:
        print(f"  WARNING: {w}", file=sys.stderr)
    medians = {s.name: {"wall_s": s.median("wall"), "cpu_s": s.median("cpu"),
                        "maxrss_mb": s.median("maxrss_kb") / 1024,
                        "tree_rss_mb": s.median("tree_rss_kb") / 1024, "matches": s.matches,
                        "min_wall_s": min(x.wall for x in s.samples)} for s in series}
    notes = list(warnings)
    if "ruff cold" in detail:
        n = detail["ruff cold"]["files_with_diagnostics"]
        notes.append(RUFF_CACHED_NOTE.format(n=f"{n:,} of {len(py_files):,}"))
    rec: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "as_of": AS_OF,
        "machine": {**host, "loadavg_end": os.getloadavg()}, "versions": versions,
        "corpus": json.loads(corpus_json.read_text()), "runs": args.runs,
        "searched": searched, "regex_ids": len(catalog.models),
        "commands": {s.name: s.shown or s.cmd for s in series}, "medians": medians,
        "detail": detail, "notes": notes,
        "samples": {s.name: [asdict(x) for x in s.samples] for s in series}, "startup": start}
    rec["corpus"].pop("root", None)
    out = args.out or HERE / "results" / f"bench-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rec, indent=2) + "\n")
    print(table(rec))
    print(f"\nrecord: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
