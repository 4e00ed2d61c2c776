"""Fixture folders under tests/fixtures/scan/: every file scanned -> exactly `calls.json`.

Rows are [path, endpoint, model, line, column, via, provider] in file order. Python module
constants of the folder are collected first (as `modelmap check` does), so cross-module
imports resolve. `trap-*` folders hold mentions that are not OpenAI calls: they must yield no
calls, or only calls marked with another provider.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from modelmap.scan.base import ScanContext
from modelmap.scan.python.scope import module_name
from modelmap.scan.registry import constants_for, scanner_for

FIXTURES = Path(__file__).parent / "fixtures" / "scan"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def scan_folder(folder: Path) -> list[list[Any]]:
    files = sorted(f for f in folder.rglob("*") if f.is_file() and f.name != "calls.json")
    constants: dict[str, dict[str, str]] = {}
    for f in files:
        rel = f.relative_to(folder).as_posix()
        collect = constants_for(rel)
        if collect is not None and rel.endswith(".py"):
            constants[module_name(rel)] = dict(collect(rel, f.read_text(encoding="utf-8")))
    ctx = ScanContext(root=str(folder), strict=True, constants=constants)
    out: list[list[Any]] = []
    for f in files:
        rel = f.relative_to(folder).as_posix()
        scanner = scanner_for(rel)
        if scanner is None:
            continue
        for c in scanner(rel, f.read_text(encoding="utf-8"), ctx).calls:
            assert c.location is not None and c.location.path == rel
            out.append([rel, c.endpoint, c.model, c.location.line, c.location.column, c.via,
                        c.provider])
    return out


@pytest.mark.parametrize("case", CASES)
def test_fixture_folder(case: str) -> None:
    expected = json.loads((FIXTURES / case / "calls.json").read_text(encoding="utf-8"))
    assert scan_folder(FIXTURES / case) == expected


def test_traps_yield_nothing_but_foreign_calls() -> None:
    traps = [c for c in CASES if c.startswith("trap-")]
    assert len(traps) >= 2
    for case in traps:
        rows = json.loads((FIXTURES / case / "calls.json").read_text(encoding="utf-8"))
        assert all(row[6] is not None for row in rows), case
