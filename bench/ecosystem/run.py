"""The ecosystem check: `modelmap check` on real sources, diffed and judged (not a test).

    python bench/ecosystem/run.py [--only NAME ...] [--record] [--sample N] [--jobs 0]

Like ruff's ecosystem check. For every pinned source of bench/ecosystem/sources.py (downloaded
once, sha256-checked, cached outside the repo) it runs `modelmap check <tree> --format json
--as-of 2026-12-04` with default settings and a fresh cache, then prints per source: files
checked, lines in those files, wall time, findings by rule and findings set aside (test code,
fixtures, history; see modelmap/check/context.py).

It compares the findings with the last recorded run (bench/ecosystem/last-run.json: new and
gone findings) and with the judged file (bench/ecosystem/judged.jsonl: one finding a line,
`{"key", "verdict": "TRUE"|"FALSE", "reason"}`), prints the precision over the judged findings
of this run and lists the findings nobody has judged yet. `--record` rewrites last-run.json
and bench/ecosystem/results.md. `--sample N` prints the keys a judge should read: every
finding of the sources with fewer than 25 findings plus a seeded random sample of N others.

A finding's key is `<source>:<path>:<line>:<column>:<rule>` (the sources are pinned, so keys
are stable until the checker changes what it reports).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402
import sources  # noqa: E402

AS_OF = "2026-12-04"
LAST = HERE / "last-run.json"
JUDGED = HERE / "judged.jsonl"
RESULTS = HERE / "results.md"
SMALL = 25
SEED = 20261204


def key(slug: str, f: dict[str, Any]) -> str:
    return f"{slug}:{f['path']}:{f['line']}:{f['column']}:{f['rule']}"


def run_one(src: sources.Source, jobs: int) -> dict[str, Any]:
    tree = sources.tree(src)
    with tempfile.TemporaryDirectory() as cache:
        cmd = [sys.executable, "-m", "modelmap", "check", str(tree), "--format", "json",
               "--as-of", AS_OF, "--cache-dir", cache, "--jobs", str(jobs)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=tree)
        wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"modelmap check {tree} exited {proc.returncode}:\n{proc.stderr}")
    doc = json.loads(proc.stdout)
    # a partly read file (a parse error the scanner read around) was checked: count its lines
    skipped = {s["path"] for s in doc["skipped"] if not s.get("partial")}
    lines = 0
    for path in tree.rglob("*"):
        rel = path.relative_to(tree).as_posix()
        code = corpus.language(path.name) != "other" or path.suffix == ".ipynb"
        if code and path.is_file() and not path.is_symlink() and rel not in skipped:
            lines += corpus.count_lines(path.read_bytes())
    findings = {key(src.slug, f): _short(f) for f in doc["findings"]}
    aside = {key(src.slug, f): {**_short(f), "context": f.get("context", "")}
             for f in doc.get("set_aside", [])}
    return {"source": src.slug, "kind": src.kind, "files": doc["summary"]["files"],
            "lines": lines, "seconds": round(wall, 2), "skipped": len(doc["skipped"]),
            "findings": findings, "set_aside": aside}


def _short(f: dict[str, Any]) -> dict[str, Any]:
    return {"severity": f["severity"], "message": f["message"],
            "fix": (f.get("fix") or {}).get("safety")}


def load_judged() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    if JUDGED.is_file():
        for n, line in enumerate(JUDGED.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                if row.get("verdict") not in ("TRUE", "FALSE") or not row.get("reason"):
                    raise SystemExit(f"{JUDGED}:{n}: verdict must be TRUE or FALSE with a reason")
                out[row["key"]] = row
    return out


def by_rule(findings: dict[str, Any]) -> collections.Counter[str]:
    return collections.Counter(k.rsplit(":", 1)[1] for k in findings)


def table(runs: list[dict[str, Any]]) -> list[str]:
    rows = ["| source | kind | files | lines | seconds | findings | set aside | by rule |",
            "|---|---|---|---|---|---|---|---|"]
    for r in runs:
        rules = ", ".join(f"{k} {v}" for k, v in sorted(by_rule(r["findings"]).items()))
        rows.append(f"| {r['source']} | {r['kind']} | {r['files']} | {r['lines']} | "
                    f"{r['seconds']:.2f} | {len(r['findings'])} | {len(r['set_aside'])} | "
                    f"{rules} |")
    t = {k: sum(r[k] for r in runs) for k in ("files", "lines")}
    rows.append(f"| total | | {t['files']} | {t['lines']} | "
                f"{sum(r['seconds'] for r in runs):.2f} | "
                f"{sum(len(r['findings']) for r in runs)} | "
                f"{sum(len(r['set_aside']) for r in runs)} | |")
    return rows


def sample(runs: list[dict[str, Any]], n: int) -> list[str]:
    small = [k for r in runs if len(r["findings"]) < SMALL for k in r["findings"]]
    rest = sorted(k for r in runs if len(r["findings"]) >= SMALL for k in r["findings"])
    rng = random.Random(SEED)
    return small + sorted(rng.sample(rest, min(n, len(rest))))


def precision(current: dict[str, Any], judged: dict[str, dict[str, str]]) -> tuple[int, int]:
    seen = [judged[k]["verdict"] for k in current if k in judged]
    return seen.count("TRUE"), len(seen)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", help="source names (default: all)")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--record", action="store_true", help="rewrite last-run.json and results.md")
    ap.add_argument("--sample", type=int, default=0, help="print N sampled keys to judge")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite results.md from last-run.json and judged.jsonl, run nothing")
    args = ap.parse_args()
    if args.report_only:
        runs = json.loads(LAST.read_text(encoding="utf-8"))["runs"]
        current = {k: v for r in runs for k, v in r["findings"].items()}
        _write_md(runs, *precision(current, load_judged()))
        return
    chosen = [s for s in sources.SOURCES if not args.only or s.name in args.only]
    runs = []
    for src in chosen:
        r = run_one(src, args.jobs)
        runs.append(r)
        rules = " ".join(f"{k}={v}" for k, v in sorted(by_rule(r["findings"]).items()))
        print(f"{r['source']:34} files {r['files']:>5} lines {r['lines']:>8} "
              f"{r['seconds']:6.2f}s findings {len(r['findings']):>4} "
              f"aside {len(r['set_aside']):>4}  {rules}", flush=True)
    current = {k: v for r in runs for k, v in r["findings"].items()}
    _diff(current, {r["source"] for r in runs})
    judged = load_judged()
    true, n = precision(current, judged)
    print(f"precision over judged findings: {true}/{n}"
          + (f" = {true / n:.3f}" if n else ""))
    for k in sorted(set(current) - set(judged)):
        print(f"  unjudged: {k}  {current[k]['message'][:110]}")
    if args.sample:
        print("sample to judge:")
        for k in sample(runs, args.sample):
            print(f"  {k}  {current[k]['message'][:110]}")
    if args.record:
        if args.only and LAST.is_file():  # keep the other sources' recorded runs
            fresh = {r["source"]: r for r in runs}
            kept = json.loads(LAST.read_text(encoding="utf-8"))["runs"]
            runs = [fresh.pop(r["source"], r) for r in kept] + list(fresh.values())
            current = {k: v for r in runs for k, v in r["findings"].items()}
            true, n = precision(current, judged)
        LAST.write_text(json.dumps({"as_of": AS_OF, "runs": runs}, indent=1, sort_keys=True)
                        + "\n", encoding="utf-8")
        _write_md(runs, true, n)
        top = HERE.parent.parent
        print(f"-> {LAST.relative_to(top)}, {RESULTS.relative_to(top)}")


def _diff(current: dict[str, Any], names: set[str]) -> None:
    if not LAST.is_file():
        print("no recorded run to compare with")
        return
    last = json.loads(LAST.read_text(encoding="utf-8"))
    before = {k: v for r in last["runs"] if r["source"] in names
              for k, v in r["findings"].items()}
    new, gone = sorted(set(current) - set(before)), sorted(set(before) - set(current))
    print(f"against the recorded run: {len(new)} new, {len(gone)} gone")
    for k in new:
        print(f"  + {k}  {current[k]['message'][:110]}")
    for k in gone:
        print(f"  - {k}  {before[k]['message'][:110]}")


def _write_md(runs: list[dict[str, Any]], true: int, n: int) -> None:
    prec = f"{true}/{n} = {true / n:.3f}" if n else "n/a"
    judged = load_judged()
    current = {k: v for r in runs for k, v in r["findings"].items()}
    why = collections.Counter(v["context"] for r in runs for v in r["set_aside"].values())
    lines = ["# Ecosystem check", "",
             f"`python bench/ecosystem/run.py --record`, as of {AS_OF}, default settings. "
             "Files: files checked; lines: every code, docs and config line under the source "
             "outside skipped files (files read in part count); seconds: one cold run, wall "
             "time, on a shared machine.", "",
             *table(runs), "", "Set aside, by reason: "
             + ", ".join(f"{k} {v}" for k, v in sorted(why.items())) + ".", "",
             f"Precision over the judged findings of this run (bench/ecosystem/judged.jsonl): "
             f"{prec}; {len(set(current) - set(judged))} findings not judged.", "",
             "Findings of this run judged FALSE:", ""]
    lines += [f"- `{k}`: {judged[k]['reason']}" for k in sorted(current)
              if judged.get(k, {}).get("verdict") == "FALSE"] or ["- none"]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
