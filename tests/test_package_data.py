"""The wheel ships the board template and the price table (package data, not only .py)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.registry  # the build backend (hatchling) comes from the package registry
def test_wheel_includes_templates_and_prices(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
         "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-600:]
    (wheel,) = tmp_path.glob("modelmap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"modelmap/board/templates/board.html.j2", "modelmap/catalog/data/prices.toml",
            "modelmap/image/checks.py", "modelmap/cli/board.py"} <= names
