"""Maintainers: what the newest openai release asks of the curated data.

    python scripts/update_check.py [--version X.Y.Z] [--wheel PATH] [--json]

Downloads the newest `openai` wheel from PyPI with pip (`pip download --no-deps`, cached under
~/.cache/modelmap-tests/wheels like the tests), reads it with modelmap's extractor exactly as
`modelmap sync --from WHEEL` does, and prints what the curated data must review before the
shipped layer (src/modelmap/catalog/data/sdk_layer.json) is replaced:

- IDs added or removed per SDK Literal, against the shipped layer;
- each new ID without a parameter family (families.toml), without a display name (a label
  that names it), without a job route, or without any curated entry at all;
- dated notes (shutdown dates, retirements, "not supported" marks) that changed.

Exit 0: nothing to review; 1: something to review; 2: the download or the wheel failed.
Nothing here runs at test time; the only network it touches is the package registry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any


def wheel_cache() -> Path:
    root = os.environ.get("MODELMAP_TEST_CACHE")
    return (Path(root) if root else Path.home() / ".cache" / "modelmap-tests") / "wheels"


def download(version: str | None) -> Path:
    """The openai wheel for `version` (default: the newest on the index), via pip."""
    cache = wheel_cache()
    cache.mkdir(parents=True, exist_ok=True)
    spec = f"openai=={version}" if version else "openai"
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--disable-pip-version-check", "-q", "-d", tmp, spec],
            capture_output=True, text=True, check=False)
        found = sorted(Path(tmp).glob("openai-*.whl"))
        if proc.returncode != 0 or not found:
            sys.exit(f"update_check: pip download {spec} failed: {proc.stderr.strip()[-300:]}")
        target = cache / found[0].name
        if not target.exists():
            target.write_bytes(found[0].read_bytes())
    return target


def review(wheel: Path) -> dict[str, Any]:
    from modelmap.catalog.load import DATA_DIR, load_catalog
    from modelmap.catalog.sdk_layer import SHIPPED_NAME
    from modelmap.sdk.diff import diff_layers
    from modelmap.sdk.extract import extract
    from modelmap.sdk.source import open_source
    from modelmap.validate.data import rule_data

    src = open_source(wheel)
    try:
        layer = extract(src, dt.date.today(), source_label=wheel.name)
    finally:
        src.close()
    shipped = json.loads((DATA_DIR / SHIPPED_NAME).read_text(encoding="utf-8"))
    diff = diff_layers(shipped, layer)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "layer.json"
        path.write_text(json.dumps(layer), encoding="utf-8")
        catalog = load_catalog(sdk_layer=path)
    family_of = rule_data(catalog).family_of
    routed = {r.model for job in catalog.jobs.values() for r in job.routes if r.model}
    named = {i for label in catalog.labels.values() for i in (*label.api_ids, label.fix or "")}
    old_ids = {i for body in shipped["literals"].values() for i in body["ids"]}
    rows = []
    for lit, body in layer["literals"].items():
        for model_id in body["ids"]:
            if model_id in old_ids:
                continue
            model = catalog.models[model_id]
            base = model.base or model_id
            missing = [what for what, ok in (
                ("curated entry", any(s.rank != 1 for s in model.sources)),
                ("family", model_id in family_of or base in family_of),
                ("display name", model_id in named or base in named
                 or bool(getattr(model, "display_name", ""))),
                ("route", model_id in routed or base in routed),
            ) if not ok]
            rows.append({"id": model_id, "literal": lit, "kind": model.kind,
                         "missing": missing})
    return {"shipped": shipped["openai_version"], "newest": layer["openai_version"],
            "wheel": wheel.name, "diff": diff.to_json(), "new_ids": rows,
            "notes_changed": diff.to_json().get("notes_changed", []),
            "skipped": list(layer.get("skipped", []))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", help="this openai version instead of the newest")
    parser.add_argument("--wheel", type=Path, help="an openai wheel already on disk")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    wheel = args.wheel or download(args.version)
    result = review(wheel)
    todo = bool(result["new_ids"] or result["notes_changed"]
                or any(result["diff"].get(k) for k in ("ids_removed", "literals_removed")))
    if args.json:
        print(json.dumps(result, indent=2))
        return 1 if todo else 0
    print(f"openai {result['shipped']} (shipped layer) -> {result['newest']} ({result['wheel']})")
    diff = result["diff"]
    if not todo:
        print("nothing to review: same IDs and dated notes")
        return 0
    for key in ("ids_added", "ids_removed"):
        for lit, ids in diff.get(key, {}).items():
            print(f"{key.replace('_', ' ')} {lit}: {', '.join(ids)}")
    if result["new_ids"]:
        print(f"\nnew IDs to review ({len(result['new_ids'])}):")
        for row in result["new_ids"]:
            gaps = ", ".join(row["missing"]) or "nothing missing"
            print(f"  {row['id']} ({row['literal']}): missing {gaps}")
    if result["notes_changed"]:
        print(f"\ndated notes that changed ({len(result['notes_changed'])}):")
        for change in result["notes_changed"]:
            print(f"  {change['id']} [{'/'.join(change['literals'])}]: "
                  f"{'; '.join(change['before']) or 'none'} -> "
                  f"{'; '.join(change['after']) or 'none'}")
    if result["skipped"]:
        print(f"\nunfamiliar shapes the extractor passed over ({len(result['skipped'])}):")
        for item in result["skipped"]:
            print(f"  {item}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
