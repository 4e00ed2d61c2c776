"""scripts/update_check.py: what a newer openai asks of the curated data."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from sdk_pkg import make_package

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "update_check.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_check", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.registry
def test_the_shipped_release_needs_no_review(openai_wheels: dict[str, Path],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--wheel", str(openai_wheels["3.60.0"])]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "nothing to review: same IDs and dated notes")


def test_new_ids_are_listed_with_what_they_lack(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    pkg = make_package(tmp_path / "pkg", "9.0.0")
    assert _script().main(["--wheel", str(pkg), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    rows = {r["id"]: r for r in doc["new_ids"]}
    assert doc["newest"] == "9.0.0" and set(rows) >= {"gpt-a", "img-2", "live-1"}
    assert rows["gpt-a"]["missing"] == ["curated entry", "family", "display name", "route"]
    assert "gpt-5.5" in doc["diff"]["ids_removed"]["ChatModel"]
