"""Write a tree of files for a test (text as UTF-8, bytes as they are)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create `files` (relative path -> content) under `root`; returns `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def check_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, as_of: str) -> None:
    """What a `modelmap check` test runs under: strict scanners (a scanner error fails the
    test instead of becoming a skip note), a fixed today, a cache of its own."""
    monkeypatch.setenv("MODELMAP_STRICT", "1")
    monkeypatch.setenv("MODELMAP_TODAY", as_of)
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
