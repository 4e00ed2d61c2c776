"""`modelmap check` on the corpus against ripgrep, semgrep and depdesk (not a test).

    python bench/corpus.py            # once: fetch + unpack the pinned corpus
    python bench/peers.py --install   # once: semgrep + depdesk into bench/.venv-peers
    python bench/bench_check.py [--runs 5] [--startup-runs 20] [--skip semgrep,depdesk]

All tools run in the same invocation, round-robin (round 1: every tool once, round 2: ...),
so each sees the same machine load; figures are medians over the rounds. Per command:
wall time (perf_counter around the child), peak RSS of the largest process (GNU time's %M,
the ru_maxrss of wait4) and the peak of the summed RSS of the whole process tree (sampled
every 10 ms, the `time` wrapper included; forked workers share pages, so this over-counts).

- ripgrep: the floor. One regex, the alternation of every model ID in the catalog, over
  the same files modelmap checks (same suffixes and lock-file skips, hidden files, no
  ignore files, files over 2,000,000 bytes skipped); line numbers on, output to a pipe.
  The corpus lives inside this repository, whose .gitignore has `dist/` and `build/`, so
  every tool is told to ignore ignore-files (modelmap: --config bench/modelmap-bench.toml).
- modelmap cold: a fresh, empty MODELMAP_CACHE_DIR per run. warm: a cache dir filled by one
  untimed run beforehand, tree unchanged.
- semgrep: bench/rules/modelmap-equivalent.semgrep.yaml, regenerated from the catalog each
  run (model= string literals in SDK calls, Python and JS/TS, known IDs and labels);
  --no-git-ignore --x-ignore-semgrepignore-files --max-target-bytes 2000000, so it reads
  the same Python/JS/TS files.
- depdesk: `depdesk check TREE --json` (its own catalog; Python AST + text matching).
- start-up: `modelmap --version` against `python -c pass`.

Writes bench/results/bench-<date>.json and prints the markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers import SEMGREP_ENV, locate

from modelmap.catalog.load import default_catalog
from modelmap.catalog.model import Catalog

HERE = Path(__file__).resolve().parent
RULES = HERE / "rules" / "modelmap-equivalent.semgrep.yaml"
CONFIG = HERE / "modelmap-bench.toml"
"""respect-gitignore = false: this repository's .gitignore (dist/, build/) must not hide
most of the npm packages from modelmap while the peers search them."""
RG_FILES = ("--no-ignore", "--hidden", "--max-filesize", "2000000")
"""ripgrep's file selection matching modelmap's: no ignore files, hidden files, <= 2 MB."""
TIME = "/usr/bin/time"
"""GNU time (Debian package `time`), for each command's peak RSS."""
AS_OF = "2026-11-22"
TARGETS = {"cold_vs_rg": 3.0, "warm_vs_rg": 1.0, "semgrep_vs_cold": 20.0, "peak_mb": 150.0}


@dataclass
class Sample:
    """One timed run of one command."""

    wall: float
    maxrss_kb: int
    tree_rss_kb: int
    rc: int
    out_bytes: int


@dataclass
class Series:
    """All runs of one command, plus what its output said."""

    name: str
    cmd: list[str]
    samples: list[Sample] = field(default_factory=list)
    matches: int | None = None

    def median(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)


def model_regex(catalog: Catalog) -> str:
    """One regex matching every model ID the catalog knows (longest first)."""
    ids = sorted(catalog.models, key=lambda s: (-len(s), s))
    return "|".join(re.escape(i).replace("\\-", "-") for i in ids)


def _names(catalog: Catalog) -> list[str]:
    names = set(catalog.models)
    for label in catalog.labels.values():
        names.update((label.name, *label.variants))
    return sorted(names, key=lambda s: (-len(s), s))


def semgrep_rules(catalog: Catalog) -> str:
    """A semgrep rule file in the spirit of modelmap's model checks: a `model` string in an
    SDK-shaped call (Python keyword, JS/TS object property or provider call) that names a
    known ID or label. Constants are followed by semgrep's constant propagation."""
    alt = "|".join(re.escape(n).replace("\\-", "-").replace("\\ ", " ") for n in _names(catalog))
    regex = json.dumps(f"(?i)^(?:{alt})$")
    py = ["$OBJ.create(..., model=\"$MODEL\", ...)", "$OBJ.generate(..., model=\"$MODEL\", ...)",
          "$OBJ.stream(..., model=\"$MODEL\", ...)", "$OBJ.parse(..., model=\"$MODEL\", ...)",
          "$OBJ.edit(..., model=\"$MODEL\", ...)", "$OBJ.connect(..., model=\"$MODEL\", ...)",
          "$F(..., model=\"$MODEL\", ...)"]
    js = ["$OBJ.create({..., model: \"$MODEL\", ...})",
          "$OBJ.generate({..., model: \"$MODEL\", ...})",
          "$OBJ.stream({..., model: \"$MODEL\", ...})",
          "$OBJ.parse({..., model: \"$MODEL\", ...})",
          "$F({..., model: \"$MODEL\", ...})", "new $C({..., model: \"$MODEL\", ...})",
          "openai(\"$MODEL\")", "openai.$METHOD(\"$MODEL\")"]

    def rule(rid: str, langs: str, pats: list[str]) -> str:
        either = "\n".join(f"          - pattern: '{p}'" for p in pats)
        return (f"  - id: {rid}\n    languages: [{langs}]\n    severity: WARNING\n"
                f"    message: model $MODEL named in an SDK call (check it against the catalog)\n"
                f"    patterns:\n      - pattern-either:\n{either}\n"
                f"      - metavariable-regex:\n          metavariable: $MODEL\n"
                f"          regex: {regex}\n")

    head = ("# Generated by bench/bench_check.py from modelmap's catalog; do not edit by hand.\n"
            "# The peer rule a user would otherwise write for modelmap's model checks.\n")
    return (head + "rules:\n" + rule("model-literal-python", "python", py)
            + rule("model-literal-js", "javascript, typescript", js))


def _scanned_globs() -> list[str]:
    """ripgrep globs for the files modelmap's scanners read (registry suffixes, env files,
    minus lock files)."""
    from modelmap.scan import registry

    suffixes = sorted(s.lstrip(".") for s in registry._BY_SUFFIX)
    globs = ["*.{" + ",".join(suffixes) + "}", ".env", ".env.*", "*.env", ".envrc"]
    globs += [f"!{name}" for name in sorted(registry._SKIP_NAMES)]
    from modelmap.check.discover import DEFAULT_EXCLUDE

    globs += [f"!{name}/" for name in DEFAULT_EXCLUDE]
    return [arg for g in globs for arg in ("-g", g)]


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


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[Sample, bytes]:
    """Run `cmd` once, output to a pipe: wall time, peak RSS of its largest process (from
    `/usr/bin/time -f %M`; wait4 on a child forked from this Python would count the
    pre-exec copy of this process) and the sampled peak RSS of the whole process tree."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        t0 = time.perf_counter()
        proc = subprocess.Popen([TIME, "-q", "-f", "%M", "-o", rss.name, *cmd], stdout=out,
                                stderr=subprocess.DEVNULL, env=env)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.01):
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        proc.wait()
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
        lines = [ln for ln in rss.read().split() if ln.isdigit()]
        maxrss = int(lines[-1]) if lines else 0
        out.seek(0)
        data = out.read()
    return Sample(wall, maxrss, max(peak[0], maxrss), proc.returncode, len(data)), data


def _counts(name: str, data: bytes) -> tuple[int | None, dict[str, Any]]:
    """Matches reported by a tool's output, and extra detail for the record."""
    if name == "ripgrep":
        return data.count(b"\n"), {}
    try:
        doc = json.loads(data)
    except ValueError:
        return None, {"unparsed_output_bytes": len(data)}
    if name.startswith("modelmap"):
        rules = Counter(f["rule"] for f in doc["findings"])
        return len(doc["findings"]), {"summary": doc["summary"], "by_rule": dict(rules),
                                      "skipped": len(doc.get("skipped", ()))}
    if name == "semgrep":
        paths = doc.get("paths", {}).get("scanned", [])
        return len(doc["results"]), {"files_scanned": len(paths), "errors": len(doc["errors"])}
    if name == "depdesk":
        found = doc.get("findings", [])
        return len(found), {
            "files_scanned": doc.get("scanned_files"),
            "locations": sum(len(f.get("locations", ())) for f in found),
            "by_severity": dict(Counter(f.get("severity") for f in found))}
    return None, {}


def _measure(paths: list[str]) -> dict[str, int]:
    """Files, lines and bytes of the files every tool searches (ripgrep's list)."""
    lines = size = 0
    for path in paths:
        data = Path(path).read_bytes()
        lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
        size += len(data)
    return {"files": len(paths), "lines": lines, "bytes": size}


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


def _version(cmd: list[str]) -> str:
    out = subprocess.run(cmd, capture_output=True, text=True, check=False,
                         env={**os.environ, **SEMGREP_ENV})
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


def commands(tree: Path, tools: dict[str, str], regex_file: Path, warm_cache: Path,
             jobs: int) -> list[Series]:
    """The timed commands, in round order."""
    modelmap = [tools["modelmap"], "check", str(tree), "--config", str(CONFIG), "--format",
                "json", "--as-of", AS_OF, "--exit-zero"] + (["-j", str(jobs)] if jobs else [])
    out = [Series("ripgrep", [tools["ripgrep"], *RG_FILES, "-n", *_scanned_globs(), "-f",
                              str(regex_file), str(tree)]),
           Series("modelmap cold", modelmap),
           Series("modelmap warm", [*modelmap, "--cache-dir", str(warm_cache)])]
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


def bench(series: list[Series], runs: int, scratch: Path,
          warm_cache: Path) -> dict[str, dict[str, Any]]:
    """Round-robin runs; modelmap cold gets a fresh cache dir each time."""
    detail: dict[str, dict[str, Any]] = {}
    for rnd in range(runs):
        for s in series:
            env = bench_env()
            cmd = list(s.cmd)
            if s.name == "modelmap cold":
                cmd += ["--cache-dir", str(Path(tempfile.mkdtemp(dir=scratch)))]
            sample, data = run(cmd, env=env)
            s.samples.append(sample)
            if s.name == "modelmap warm" and len(list(warm_cache.glob("*.cache"))) > 3:
                print("  WARNING: the warm cache was invalidated (modelmap's sources changed "
                      "during the run?); warm figures are not warm", file=sys.stderr)
                detail.setdefault("warnings", {})["warm_invalidated_round"] = rnd + 1
            if rnd == 0:
                s.matches, detail[s.name] = _counts(s.name, data)
            print(f"  round {rnd + 1}/{runs} {s.name:14} {sample.wall:8.2f} s "
                  f"{sample.maxrss_kb / 1024:7.1f} MB rc={sample.rc}", file=sys.stderr)
    return detail


def bench_env() -> dict[str, str]:
    """The environment every timed command gets: this one, minus PYTHONDONTWRITEBYTECODE
    (without .pyc files every modelmap run would recompile its modules, which an installed
    package never does), plus semgrep's offline switches."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **SEMGREP_ENV}


def startup(tools: dict[str, str], runs: int) -> dict[str, float]:
    """Median wall ms of `python -c pass` and `modelmap --version`, interleaved."""
    base, mm = [], []
    env = bench_env()
    for _ in range(runs):
        base.append(run([sys.executable, "-c", "pass"], env=env)[0].wall)
        mm.append(run([tools["modelmap"], "--version"], env=env)[0].wall)
    return {"python_pass_ms": statistics.median(base) * 1000,
            "modelmap_version_ms": statistics.median(mm) * 1000}


def table(rec: dict[str, Any]) -> str:
    """The markdown table of medians and ratios against the targets."""
    med = rec["medians"]
    rg = med["ripgrep"]["wall_s"]
    cold, warm = med["modelmap cold"]["wall_s"], med["modelmap warm"]["wall_s"]
    rows = ["| command | median wall (s) | vs ripgrep | peak RSS, largest process (MB) "
            "| peak RSS, process tree (MB) | matches/findings |",
            "|---|---:|---:|---:|---:|---:|"]
    for name, m in med.items():
        rows.append(f"| {name} | {m['wall_s']:.3f} | {m['wall_s'] / rg:.2f}x "
                    f"| {m['maxrss_mb']:.1f} | {m['tree_rss_mb']:.1f} | {m['matches']} |")
    st = rec["startup"]
    peak = max(med["modelmap cold"]["maxrss_mb"], med["modelmap warm"]["maxrss_mb"])
    checks = [("cold ≤ 3× ripgrep", f"{cold / rg:.2f}×", cold / rg <= TARGETS["cold_vs_rg"]),
              ("warm ≤ 1× ripgrep", f"{warm / rg:.2f}×", warm / rg <= TARGETS["warm_vs_rg"]),
              ("peak memory ≤ 150 MB (largest process)", f"{peak:.1f} MB",
               peak <= TARGETS["peak_mb"])]
    if "semgrep" in med:
        ratio = med["semgrep"]["wall_s"] / cold
        checks.append(("≥ 20× faster than semgrep (cold)", f"{ratio:.2f}×",
                       ratio >= TARGETS["semgrep_vs_cold"]))
    if "depdesk" in med:
        checks.append(("depdesk / modelmap cold (no target)",
                       f"{med['depdesk']['wall_s'] / cold:.2f}×", None))
    checks.append(("start-up: modelmap --version vs python -c pass (no target)",
                   f"{st['modelmap_version_ms']:.1f} ms vs {st['python_pass_ms']:.1f} ms = "
                   f"{st['modelmap_version_ms'] / st['python_pass_ms']:.2f}×", None))
    rows += ["", "| target | measured | met |", "|---|---:|:---:|"]
    rows += [f"| {t} | {v} | {'—' if ok is None else ('yes' if ok else 'NO')} |"
             for t, v, ok in checks]
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--startup-runs", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=HERE / ".corpus")
    ap.add_argument("--tree", type=Path, default=None,
                    help="check this directory instead of the whole corpus (smoke tests)")
    ap.add_argument("--skip", default="", help="comma-separated: semgrep,depdesk")
    ap.add_argument("-j", "--jobs", type=int, default=0, help="modelmap -j (0: its default)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    tree = (args.tree or args.corpus / "tree").resolve()
    corpus_json = HERE / "results" / "corpus.json"
    if not tree.is_dir() or not corpus_json.is_file():
        print("no corpus: run `python bench/corpus.py` first", file=sys.stderr)
        return 2
    found = locate()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    tools: dict[str, str] = {}
    for name, tool in found.items():
        if name in skip:
            continue
        if tool.path is None:
            print(f"{name} missing; install: {tool.install} (or --skip {name})",
                  file=sys.stderr)
            return 2
        tools[name] = tool.path
    mm = shutil.which("modelmap")
    if mm is None:
        print("modelmap not on PATH: activate the dev venv", file=sys.stderr)
        return 2
    tools["modelmap"] = mm
    host = machine()
    catalog = default_catalog()
    RULES.parent.mkdir(exist_ok=True)
    RULES.write_text(semgrep_rules(catalog))
    versions = {n: _version([p, "--version"]) for n, p in tools.items()}
    with tempfile.TemporaryDirectory(prefix="modelmap-bench-") as tmp:
        scratch = Path(tmp)
        regex_file = scratch / "ids.regex"
        regex_file.write_text(model_regex(catalog) + "\n")
        warm = scratch / "warm-cache"
        series = commands(tree, tools, regex_file, warm, args.jobs)
        print("priming the warm cache and the .pyc files (untimed)...", file=sys.stderr)
        run([*series[2].cmd], env=bench_env())
        listed = subprocess.run([tools["ripgrep"], "--files", *RG_FILES, *_scanned_globs(),
                                 str(tree)], capture_output=True,
                                check=False).stdout.decode().splitlines()
        searched = _measure(listed)
        detail = bench(series, args.runs, scratch, warm)
        start = startup(tools, args.startup_runs)
    medians = {s.name: {"wall_s": s.median("wall"), "maxrss_mb": s.median("maxrss_kb") / 1024,
                        "tree_rss_mb": s.median("tree_rss_kb") / 1024, "matches": s.matches,
                        "min_wall_s": min(x.wall for x in s.samples)} for s in series}
    rec: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "as_of": AS_OF,
        "machine": {**host, "loadavg_end": os.getloadavg()}, "versions": versions,
        "corpus": json.loads(corpus_json.read_text()), "runs": args.runs,
        "searched": searched, "regex_ids": len(catalog.models),
        "commands": {s.name: s.cmd for s in series}, "medians": medians, "detail": detail,
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
