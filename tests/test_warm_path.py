"""The warm path's shortcuts agree with the slow answers they replace: the walk's name test
(registry.reads_name vs the scanner lookup), the packed manifest (stat keys and the
unchanged test), and the string form of report.shown_path (vs pathlib)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelmap.check import cache as check_cache
from modelmap.report import shown_path
from modelmap.scan import registry

NAMES = [
    "a.py", "b.PYI", ".py", "x.", ".", "", "README.md", "notes.MDX", "c.d.ts", "app.tsx",
    "pkg.json", "package-lock.json", "uv.lock", "pnpm-lock.yaml", "Cargo.lock", "x.yml",
    ".env", ".envrc", ".env.local", "prod.env", "env", "Dockerfile", "dockerfile.dev",
    "app.Dockerfile", "Containerfile", "run.sh", "x.zsh", "nb.ipynb", "data.csv",
    "Makefile", "a\\.env", "dir\\Dockerfile", "dir\\package-lock.json", "a.py.bak",
]


@pytest.mark.parametrize("name", NAMES)
def test_reads_name_matches_the_scanner_lookup(name: str) -> None:
    expected = registry._target(name) is not None
    assert registry.reads_name(name) is expected
    assert registry.reads(f"/some/dir/{name}") is expected


def _stats(root: Path, names: list[str]) -> dict[str, os.stat_result]:
    for name in names:
        (root / name).write_text(name)
    return {name: os.stat(root / name) for name in sorted(names)}


def test_manifest_round_trip_and_unchanged(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    stats = _stats(tree, ["a.py", "b.md", "c.env"])
    key = check_cache.run_key(x=1)
    first = check_cache.Cache.open(tmp_path, tree, key)
    for rel, st in stats.items():
        first.put(rel, {"stat": check_cache.stat_key(st), "sha": rel})
    first.save()
    loaded = check_cache.Cache.open(tmp_path, tree, key)
    assert loaded.manifest == (tuple(stats), tuple(map(check_cache.stat_key,
                                                       stats.values())))
    # Fresh files are racy (modified within RACY_NS of the write): never trusted wholesale.
    assert not loaded.unchanged(stats)
    loaded.written_ns += 2 * check_cache.RACY_NS
    assert loaded.unchanged(stats)
    assert loaded.unchanged(dict(reversed(stats.items())))  # any order of the same files
    assert not loaded.unchanged({k: v for k, v in stats.items() if k != "b.md"})
    os.utime(tree / "b.md", ns=(1, 1))
    assert not loaded.unchanged({**stats, "b.md": os.stat(tree / "b.md")})


def test_manifest_of_an_unread_file_matches_nothing(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    stats = _stats(tree, ["a.py"])
    first = check_cache.Cache.open(tmp_path, tree, "k")
    first.put("a.py", {"note": "unreadable"})  # no stat key: the manifest holds _NEVER
    first.save()
    loaded = check_cache.Cache.open(tmp_path, tree, "k")
    assert loaded.manifest[0] == ("a.py",)
    loaded.written_ns += 2 * check_cache.RACY_NS
    assert not loaded.unchanged(stats)


@pytest.mark.parametrize("root", ["/a/b", "/", "/a/b/c"])
@pytest.mark.parametrize("rel", ["f.py", "d/e.py", "../up.py", "/abs/z.py", "./k.py",
                                 "a//b.py", ".", "/a/bc/x"])
@pytest.mark.parametrize("base", [None, "/", "/a", "/a/b", "/a/bc", "/q"])
def test_shown_path_agrees_with_pathlib(root: str, rel: str, base: str | None) -> None:
    b = None if base is None else Path(base)
    if b is None:
        expected = rel
    else:
        full = Path(os.path.normpath(Path(root) / rel))
        try:
            expected = full.relative_to(b).as_posix()
        except ValueError:
            expected = full.as_posix()
    assert shown_path(Path(root), rel, b) == expected
