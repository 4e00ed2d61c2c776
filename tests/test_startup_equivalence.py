"""The start-up fast path answers byte for byte as the slow one.

Each command runs three times in a fresh process with its own cache dir: the first run builds
the compiled catalog from the TOML/JSON data and stores it, the second decodes that entry (the
path every warm CLI call takes: modelmap.catalog.cache), the third builds again with the cache
off (MODELMAP_NO_CACHE=1). stdout, stderr and the exit code must be identical across all three.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    ["--version"],
    ["resolve", "gpt-5.5"],
    ["resolve", "GPT-5.5 Instant", "gpt-4o", "dall-e-3", "not-a-model", "--json"],
    ["status", "gpt-4o", "--as-of", "2026-11-21"],
    ["status", "gpt-4-32k", "--json"],
    ["validate", "chat.completions.create", "model=gpt-5.5", "max_tokens=5"],
    ["validate", "images.generate", "model=gpt-image-2", "size=999x3", "--json"],
    ["explain", "MM401"],
    ["route", "image-generation"],
    ["catalog", "--json"],
]


def _run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "modelmap", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_cached_catalog_answers_as_the_built_one(args: list[str], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MODELMAP_") and k != "XDG_CACHE_HOME"}
    env.update(MODELMAP_CACHE_DIR=str(tmp_path / "cache"), MODELMAP_TODAY="2026-12-04",
               MODELMAP_IGNORE_OLD_DATA="1")
    work = tmp_path / "work"
    work.mkdir()
    built = _run(args, env, work)
    entries = sorted((tmp_path / "cache").glob("catalog-*.cache"))
    if args != ["--version"]:
        assert len(entries) == 1  # the first run stored the compiled catalog
    cached = _run(args, env, work)
    fresh = _run(args, {**env, "MODELMAP_NO_CACHE": "1"}, work)
    assert "Traceback" not in built[2]
    assert cached == built
    assert fresh == built
    assert built[1]  # each command prints an answer
