"""The file walk: .gitignore at every level, hidden files, excludes, symlinks, size, binaries."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from modelmap.check.discover import DEFAULT_EXCLUDE, Filters, discover
from modelmap.check.worker import read_text
from treeutil import write_tree

make = write_tree


def walk(root: Path, *paths: Path, force_exclude: bool = False, **filters: object
         ) -> tuple[list[str], list[tuple[str, str]]]:
    f = Filters(base=root, **filters)  # type: ignore[arg-type]
    rel = lambda p: Path(p).relative_to(root).as_posix()  # noqa: E731
    found = discover(list(paths) or [root], f, rel=rel, force_exclude=force_exclude)
    return list(found.rels), [(s.path, s.reason) for s in found.skipped]


TREE: dict[str, str | bytes] = {
    ".gitignore": "*.log\nbuild/\n/top.py\n",
    ".git/config": "[core]\n",
    ".git/info/exclude": "private.py\n",
    "a.py": "x = 1\n",
    "top.py": "x = 1\n",
    "x.log": "log\n",
    "private.py": "x\n",
    ".env.example": "OPENAI_MODEL=gpt-5.5\n",
    ".codex/config.toml": 'model = "gpt-5.5"\n',
    "build/c.py": "x\n",
    "node_modules/pkg/index.js": "x\n",
    "sub/.gitignore": "!keep.log\nsecret.py\n",
    "sub/keep.log": "kept\n",
    "sub/other.log": "ignored\n",
    "sub/secret.py": "x\n",
    "sub/b.py": "x\n",
    "sub/top.py": "anchored pattern only hits the root\n",
    "sub/deeper/secret.py": "x\n",
}


def test_gitignore_nested_and_hidden_files(tmp_path: Path) -> None:
    make(tmp_path, TREE)
    files, skipped = walk(tmp_path)
    assert files == [".codex/config.toml", ".env.example", ".gitignore", "a.py",
                     "sub/.gitignore", "sub/b.py", "sub/keep.log", "sub/top.py"]
    assert skipped == []


def test_gitignore_off(tmp_path: Path) -> None:
    make(tmp_path, TREE)
    files, _ = walk(tmp_path, respect_gitignore=False, exclude=(".git",))
    assert "build/c.py" in files and "x.log" in files and "private.py" in files
    assert "node_modules/pkg/index.js" in files and ".git/config" not in files


def test_gitignore_above_the_checked_directory_applies(tmp_path: Path) -> None:
    make(tmp_path, TREE)
    files, _ = walk(tmp_path, tmp_path / "sub")
    assert files == ["sub/.gitignore", "sub/b.py", "sub/keep.log", "sub/top.py"]


def test_explicitly_named_ignored_directory_is_walked(tmp_path: Path) -> None:
    make(tmp_path, TREE)
    files, _ = walk(tmp_path, tmp_path / "build")
    assert files == ["build/c.py"]


@pytest.mark.parametrize(("name", "force", "expected"), [
    ("x.log", False, ["x.log"]),
    ("x.log", True, []),
    ("build/c.py", True, []),
    ("node_modules/pkg/index.js", False, ["node_modules/pkg/index.js"]),
    ("node_modules/pkg/index.js", True, []),
    ("a.py", True, ["a.py"]),
])
def test_explicit_files_and_force_exclude(tmp_path: Path, name: str, force: bool,
                                          expected: list[str]) -> None:
    make(tmp_path, TREE)
    files, _ = walk(tmp_path, tmp_path / name, force_exclude=force)
    assert files == expected


def test_config_excludes_are_relative_to_config_dir(tmp_path: Path) -> None:
    make(tmp_path, {"legacy/old.py": "x\n", "app/legacy/keep.py": "x\n", "app/new.py": "x\n"})
    files, _ = walk(tmp_path, exclude=(*DEFAULT_EXCLUDE, "/legacy/"))
    assert files == ["app/legacy/keep.py", "app/new.py"]
    files, _ = walk(tmp_path, include=("app/**",))
    assert files == ["app/legacy/keep.py", "app/new.py"]


def test_huge_file_skipped_with_note(tmp_path: Path) -> None:
    make(tmp_path, {"big.py": "x" * 101, "small.py": "x"})
    files, skipped = walk(tmp_path, max_bytes=100)
    assert files == ["small.py"]
    assert skipped == [("big.py", "larger than 100 bytes (101)")]


def test_symlink_loops_are_safe(tmp_path: Path) -> None:
    make(tmp_path, {"real/a.py": "x\n"})
    os.symlink(tmp_path, tmp_path / "real" / "loop")  # a directory cycle
    os.symlink(tmp_path / "l2", tmp_path / "l1")  # a two-link file cycle
    os.symlink(tmp_path / "l1", tmp_path / "l2")
    os.symlink(tmp_path / "missing.py", tmp_path / "dangling.py")
    os.symlink(tmp_path / "real" / "a.py", tmp_path / "alias.py")
    files, skipped = walk(tmp_path)
    assert files == ["alias.py", "real/a.py"]
    assert skipped == [("dangling.py", "broken symlink or symlink loop"),
                       ("l1", "broken symlink or symlink loop"),
                       ("l2", "broken symlink or symlink loop"),
                       ("real/loop", "symlinked directory not followed")]


@pytest.mark.parametrize(("content", "note"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"model = '\xff\xfe'\n", "not UTF-8 text (byte 9)"),
    (b"\xef\xbb\xbfmodel = 'gpt-5.5'\n", None),
])
def test_binary_and_undecodable_files_get_a_note(tmp_path: Path, content: bytes,
                                                 note: str | None) -> None:
    path = tmp_path / "f.py"
    path.write_bytes(content)
    _, text, got = read_text(path)
    assert got == note
    assert (text is None) == (note is not None)


def test_git_repo_from_git_itself(tmp_path: Path) -> None:
    """Cross-check against `git ls-files --others --exclude-standard` on the same tree."""
    make(tmp_path, {k: v for k, v in TREE.items() if not k.startswith(".git/")})
    if subprocess.run(["git", "init", "-q", str(tmp_path)], check=False).returncode != 0:
        pytest.skip("git is not installed")
    (tmp_path / ".git" / "info").mkdir(exist_ok=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("private.py\n")
    out = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout.split()
    files, _ = walk(tmp_path, exclude=(".git",))
    assert files == sorted(out)
