"""Golden folders: `modelmap check <folder>` reports exactly [path, line, column, rule].

Each folder in tests/fixtures/check/ holds input files and `expected.json`, a list of
[path, line, column, rule] rows in report order, checked as of 2026-11-21. There is one
folder per rule (`<code>-<name>`), a few per file kind, and `trap-*` folders (alias tables,
other providers, docstrings) that must report nothing. `broken-*` folders hold files that do
not parse: they run in users' mode (not strict) and `skipped.json` lists the expected skip
and partial notes (every other folder must have none).

After a deliberate change, regenerate with MODELMAP_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from modelmap.cli import main
from modelmap.rules import RULES, emitter

FIXTURES = Path(__file__).parent / "fixtures" / "check"
AS_OF = "2026-11-21"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def check_json(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    """Run from inside `folder`: reported paths are relative to the working directory."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        code = main(["check", ".", "--format", "json", "--as-of", AS_OF, "--no-cache",
                     *extra])
    finally:
        os.chdir(here)
    out = json.loads(capsys.readouterr().out)
    failing = [f for f in out["findings"] if f["severity"] in ("warning", "error")]
    assert code == (1 if failing else 0)
    return out  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELMAP_STRICT", "1")  # scanner errors fail the test


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = FIXTURES / case
    if case.startswith("broken-"):
        monkeypatch.delenv("MODELMAP_STRICT")
    out = check_json(folder, capsys)
    rows = [[f["path"], f["line"], f["column"], f["rule"]] for f in out["findings"]]
    expected_file = folder / "expected.json"
    if os.environ.get("MODELMAP_UPDATE_GOLDEN") == "1":
        expected_file.write_text(
            "[\n" + ",\n".join("  " + json.dumps(r) for r in rows) + ("\n" if rows else "")
            + "]\n", encoding="utf-8")
    assert rows == json.loads(expected_file.read_text(encoding="utf-8"))
    skipped_file = folder / "skipped.json"
    if os.environ.get("MODELMAP_UPDATE_GOLDEN") == "1" and out["skipped"]:
        skipped_file.write_text(json.dumps(out["skipped"], indent=2) + "\n", encoding="utf-8")
    expected_skipped = (json.loads(skipped_file.read_text(encoding="utf-8"))
                        if skipped_file.exists() else [])
    # Compared up to the parser's own wording (which varies across Python versions).
    assert [_note(s) for s in out["skipped"]] == [_note(s) for s in expected_skipped]
    assert bool(expected_skipped) == case.startswith("broken-")


def _note(skipped: dict) -> tuple[str, bool, str]:
    return skipped["path"], skipped.get("partial", False), skipped["reason"].split(": ")[0]


# MM8xx judge image files, not code: `modelmap check` never emits them (test_image_check.py).
CODE_RULES = [r for r in RULES if emitter(r) != "image"]


@pytest.mark.parametrize("rule", CODE_RULES, ids=[r.code for r in CODE_RULES])
def test_every_rule_has_a_golden_folder_that_reports_it(rule: object) -> None:
    code, name = rule.code, rule.name  # type: ignore[attr-defined]
    folder = FIXTURES / f"{code}-{name}"
    assert folder.is_dir(), f"missing golden folder {folder.name}"
    rows = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert code in {r[3] for r in rows}


def test_traps_report_nothing() -> None:
    traps = [c for c in CASES if c.startswith("trap-")]
    assert len(traps) >= 3
    for case in traps:
        assert json.loads((FIXTURES / case / "expected.json").read_text()) == []
