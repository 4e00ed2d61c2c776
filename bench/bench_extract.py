"""Time the SDK-layer extractor on real openai wheels (not a test; prints the figures).

    python bench/bench_extract.py [WHEEL_OR_FOLDER ...] [--repeat N]

With no path it uses the wheels the test suite caches ($MODELMAP_TEST_CACHE/wheels, default
~/.cache/modelmap-tests/wheels; run `pytest -m registry tests/test_sdk_extract.py` once to
fill it) and the installed openai package. Each run opens the source afresh (a wheel is read
through zipfile without unpacking) and extracts in strict mode.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from pathlib import Path

from modelmap.sdk.extract import extract
from modelmap.sdk.source import PackageSource, installed_source, open_source


def _cache() -> Path:
    root = os.environ.get("MODELMAP_TEST_CACHE")
    return (Path(root) if root else Path.home() / ".cache" / "modelmap-tests") / "wheels"


def _time(opener: object, label: str, repeat: int) -> None:
    assert callable(opener)
    runs = []
    layer: dict[str, object] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        src: PackageSource = opener()
        try:
            layer = extract(src, dt.date(2026, 11, 22), strict=True)
        finally:
            src.close()
        runs.append(time.perf_counter() - start)
    lits = layer["literals"]
    assert isinstance(lits, dict)
    ids = sum(len(v["ids"]) for v in lits.values())
    notes = layer["notes"]
    assert isinstance(notes, list)
    print(f"{label:42} openai {layer['openai_version']:8} {len(lits):2} Literals {ids:4} IDs "
          f"{len(notes):3} notes  median {statistics.median(runs) * 1000:7.1f} ms  "
          f"min {min(runs) * 1000:7.1f} ms  ({repeat} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    paths = args.paths or sorted(_cache().glob("openai-*.whl"))
    for path in paths:
        _time(lambda p=path: open_source(p), path.name, args.repeat)
    if not args.paths:
        _time(installed_source, "installed package (folder)", args.repeat)


if __name__ == "__main__":
    main()
