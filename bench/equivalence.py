"""Do `modelmap check`'s reports still match the recorded ones? (the speed work's guard; not a test)

    python bench/equivalence.py                 # corpus: compare with the recorded baseline
    python bench/equivalence.py --record        # corpus: rewrite the baseline
    python bench/equivalence.py --ecosystem [--only NAME ...]   # compare with last-run.json

Corpus mode runs, from the repository root, with this checkout's `src/` first on PYTHONPATH:

    python -m modelmap check bench/.corpus/tree --config bench/modelmap-bench.toml
        --format json --as-of 2026-12-04 --cache-dir <fresh empty dir> --exit-zero

and compares findings, set_aside, skipped, foreign_calls and summary with
bench/results/equivalence-corpus.json (each list sorted; timing and catalog-age fields are not
compared). Every difference is printed as a GONE or NEW line; the exit code is 1 on any
difference, 0 when identical, 2 when the check itself fails or there is no baseline.

Ecosystem mode runs bench/ecosystem/run.py's `run_one` (default settings, fresh cache, the same
`--as-of`) on each pinned source and compares its findings and set-aside findings, keyed
`<source>:<path>:<line>:<column>:<rule>` with severity, message and fix safety, and the
per-source file and skip counts, with bench/ecosystem/last-run.json. It never writes that file
(`bench/ecosystem/run.py --record` does, at the lead's say).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = HERE / "results" / "equivalence-corpus.json"
CONFIG = HERE / "modelmap-bench.toml"
AS_OF = "2026-12-04"
SHOWN = 60
"""GONE/NEW lines printed per part and kind (a moved corpus would print every entry)."""
KEYS = ("findings", "set_aside", "skipped", "foreign_calls", "summary")


def _env() -> dict[str, str]:
    """This checkout's modelmap first on the path, for the child and for run.py's children."""
    src = str(ROOT / "src")
    old = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": src + (os.pathsep + old if old else "")}


def normalize(doc: dict[str, Any]) -> dict[str, list[str]]:
    """The compared parts of a report, each a sorted list of canonical JSON strings."""
    out: dict[str, list[str]] = {}
    for key in KEYS:
        value = doc.get(key)
        if key == "summary" or value is None:
            items: list[Any] = [value]
        elif isinstance(value, dict):
            items = [[k, v] for k, v in value.items()]
        else:
            items = list(value)
        out[key] = sorted(json.dumps(x, sort_keys=True, ensure_ascii=False) for x in items)
    return out


def diff(before: dict[str, list[str]], after: dict[str, list[str]]) -> int:
    """Print per part `identical (n)` or its GONE/NEW lines; the number of differences."""
    bad = 0
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, []), after.get(key, [])
        gone, added = _minus(old, new), _minus(new, old)
        if not gone and not added:
            print(f"== {key}: identical ({len(old)})")
            continue
        bad += len(gone) + len(added)
        print(f"== {key}: {len(old)} -> {len(new)}")
        for tag, items in (("GONE", gone), ("NEW ", added)):
            for item in items[:SHOWN]:
                print(f"  {tag} {item}")
            if len(items) > SHOWN:
                print(f"  ... and {len(items) - SHOWN} more {tag.strip()} in {key}")
    return bad


def _minus(a: list[str], b: list[str]) -> list[str]:
    """`a` minus `b` as multisets (a duplicated entry that lost a copy shows once)."""
    rest = list(b)
    out = []
    for item in a:
        if item in rest:
            rest.remove(item)
        else:
            out.append(item)
    return out


def check_corpus(tree: Path, jobs: int) -> tuple[dict[str, Any], list[str], float]:
    """One cold `modelmap check` of the corpus: its report, the command and its wall time."""
    with tempfile.TemporaryDirectory(prefix="modelmap-equiv-") as cache:
        cmd = [sys.executable, "-m", "modelmap", "check", os.path.relpath(tree, ROOT),
               "--config", os.path.relpath(CONFIG, ROOT), "--format", "json",
               "--as-of", AS_OF, "--cache-dir", cache, "--exit-zero"]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, env=_env(), check=False)
        wall = time.perf_counter() - t0
    shown = [Path(sys.executable).name, *cmd[1:]]
    shown[shown.index("--cache-dir") + 1] = "<fresh empty dir>"
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip().splitlines()
        raise SystemExit(f"modelmap check exited {proc.returncode}: "
                         f"{err[-1] if err else '(no message)'}")
    try:
        return json.loads(proc.stdout), shown, wall
    except ValueError:
        raise SystemExit("modelmap check did not print JSON") from None


def _commit() -> str:
    out = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                         capture_output=True, text=True, check=False)
    return out.stdout.strip() or "?"


def corpus(args: argparse.Namespace) -> int:
    tree = (args.corpus / "tree").absolute()  # not resolved: reported paths stay bench/...
    if not tree.is_dir():
        print(f"no corpus at {tree}: run `python bench/corpus.py` first", file=sys.stderr)
        return 2
    baseline = args.baseline or BASELINE
    if not args.record and not baseline.is_file():
        print(f"no baseline {baseline}: record one with --record", file=sys.stderr)
        return 2
    doc, cmd, wall = check_corpus(tree, args.jobs)
    now = normalize(doc)
    print(f"modelmap check on the corpus: {len(now['findings'])} findings, "
          f"{len(now['set_aside'])} set aside, {len(now['skipped'])} skipped, {wall:.1f} s")
    if args.record:
        rec = {"command": " ".join(cmd), "commit": _commit(), "as_of": AS_OF,
               "modelmap": doc.get("modelmap"), **now}
        BASELINE.write_text(json.dumps(rec, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
        print(f"-> {BASELINE.relative_to(ROOT)} (at {rec['commit']})")
        return 0
    base = json.loads(baseline.read_text(encoding="utf-8"))
    if "commit" not in base:  # a raw `modelmap check --format json` report
        base = {**normalize(base), "commit": "?"}
    print(f"against {baseline} (recorded at {base['commit']})")
    bad = diff({k: base[k] for k in KEYS}, now)
    print("EQUIVALENT" if not bad else f"DIFFERENT: {bad} differences")
    return 1 if bad else 0


def ecosystem(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(HERE / "ecosystem"))
    import run as eco  # bench/ecosystem/run.py

    if not eco.LAST.is_file():
        print(f"no {eco.LAST.relative_to(ROOT)}", file=sys.stderr)
        return 2
    last = {r["source"]: r for r in json.loads(eco.LAST.read_text(encoding="utf-8"))["runs"]}
    chosen = [s for s in eco.sources.SOURCES if not args.only or s.name in args.only]
    if not chosen:
        print(f"no source named {' or '.join(args.only)}", file=sys.stderr)
        return 2
    os.environ.update(_env())  # run_one's `python -m modelmap` children import this checkout
    bad = 0
    for src in chosen:
        r = eco.run_one(src, args.jobs)
        old = last.get(r["source"])
        if old is None:
            print(f"{r['source']}: not in the recorded run")
            bad += 1
            continue
        print(f"{r['source']}: {len(r['findings'])} findings, {len(r['set_aside'])} set aside, "
              f"{r['seconds']:.1f} s", flush=True)
        before = _eco_parts(old)
        after = _eco_parts(r)
        bad += diff(before, after)
    print("EQUIVALENT" if not bad else f"DIFFERENT: {bad} differences")
    return 1 if bad else 0


def _eco_parts(run: dict[str, Any]) -> dict[str, list[str]]:
    def rows(part: dict[str, Any]) -> list[str]:
        return sorted(json.dumps([k, v], sort_keys=True, ensure_ascii=False)
                      for k, v in part.items())

    return {"findings": rows(run["findings"]), "set_aside": rows(run["set_aside"]),
            "counts": [json.dumps({"files": run["files"], "skipped": run["skipped"]})]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--record", action="store_true", help="rewrite the corpus baseline")
    ap.add_argument("--ecosystem", action="store_true",
                    help="compare the ecosystem sources with bench/ecosystem/last-run.json")
    ap.add_argument("--only", nargs="+", default=None, help="ecosystem source names")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="compare with this file instead: a recorded baseline or a raw "
                         "`modelmap check --format json` report of the corpus")
    ap.add_argument("--corpus", type=Path, default=HERE / ".corpus")
    ap.add_argument("-j", "--jobs", type=int, default=0, help="modelmap --jobs (0: default)")
    args = ap.parse_args()
    if args.ecosystem and args.record:
        print("--record writes the corpus baseline only (the ecosystem's is "
              "bench/ecosystem/run.py --record)", file=sys.stderr)
        return 2
    if args.only and not args.ecosystem:
        print("--only goes with --ecosystem", file=sys.stderr)
        return 2
    if args.baseline and (args.ecosystem or args.record):
        print("--baseline is for comparing the corpus", file=sys.stderr)
        return 2
    return ecosystem(args) if args.ecosystem else corpus(args)


if __name__ == "__main__":
    sys.exit(main())
