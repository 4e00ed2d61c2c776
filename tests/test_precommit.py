"""The pre-commit hooks: run each hook's `entry` as pre-commit would, in a temporary git repo.

pre-commit selects staged files matching `files` AND `types` (identify's tags), appends them
to the entry (split with shlex) and runs it from the repository root.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from treeutil import write_tree

ROOT = Path(__file__).resolve().parent.parent
HOOKS: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())

FILES = {
    "app.py": ('from openai import OpenAI\n\nclient = OpenAI()\n'
               'r = client.images.generate(model="GPT Image 2", prompt="p")\n'),
    "old.py": ('from openai import OpenAI\n\nclient = OpenAI()\n'
               'r = client.chat.completions.create(model="gpt-4", messages=[])\n'),
    ".env.example": 'OPENAI_API_KEY=sk-...\nOPENAI_MODEL="GPT-5.5 Instant"\n',
    "legacy/old_app.py": ('from openai import OpenAI\n\nclient = OpenAI()\n'
                          'r = client.chat.completions.create(model="gpt-4", messages=[])\n'),
    "modelmap.toml": 'extend-exclude = ["legacy/"]\n',
    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "notes.txt": "nothing to see\n",
}


def hook(hook_id: str) -> dict[str, Any]:
    return next(h for h in HOOKS if h["id"] == hook_id)


def selected(hook_def: dict[str, Any], names: list[str], root: Path) -> list[str]:
    """The files pre-commit passes: `files` regex AND every tag in `types`."""
    from identify.identify import tags_from_path

    pattern = re.compile(hook_def.get("files", ""))
    types = set(hook_def.get("types", ["file"]))
    return [n for n in names
            if pattern.search(n) and types <= tags_from_path(str(root / n))]


@pytest.fixture()
def git_repo(tmp_path: Path) -> Path:
    pytest.importorskip("identify")
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    write_tree(root, FILES)
    subprocess.run([git, "init", "-q", str(root)], check=True)
    subprocess.run([git, "add", "-A"], cwd=root, check=True)
    return root


def run_hook(hook_id: str, root: Path, tmp_path: Path,
             only: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    staged = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True,
                            check=True).stdout.split()
    h = hook(hook_id)
    names = selected(h, only or staged, root)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                                 f"{os.environ.get('PATH', '')}",
           "MODELMAP_TODAY": "2026-11-21", "MODELMAP_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([*shlex.split(h["entry"]), *h.get("args", []), *names], cwd=root,
                          capture_output=True, text=True, env=env, check=False)


def test_hook_definition_follows_ruffs() -> None:
    h = hook("modelmap")
    assert h["entry"] == "modelmap check --force-exclude"
    assert (h["language"], h["require_serial"], h["types"]) == ("python", True, ["text"])


@pytest.mark.parametrize(("name", "taken"), [
    ("app.py", True), (".env.example", True), (".env", True), ("svc/.env.local", True),
    ("config.yaml", True), (".codex/config.toml", True), ("web/src/gen.ts", True),
    ("README.md", True), ("logo.png", False), ("Makefile", False), ("envoy.py", True),
    ("prod.env", True), (".envrc", True), ("notes.txt", False), ("environment", False),
    ("a/b.json", True), ("setup.cfg", False),
])
def test_files_pattern(name: str, taken: bool) -> None:
    assert bool(re.search(hook("modelmap")["files"], name)) is taken


def _kinds() -> list[str]:
    """One file name per kind the scanner registry reads: every suffix it maps, in lower and
    upper case, in a folder, plus the names it decides by (dotenv files, Dockerfiles)."""
    from modelmap.scan import registry

    names = [f"src/app{suffix}" for suffix in registry._BY_SUFFIX]
    names += [f"src/APP{suffix.upper()}" for suffix in registry._BY_SUFFIX]
    names += [".env", "svc/.env.local", "prod.env", ".envrc", "Dockerfile", "dockerfile",
              "deploy/Dockerfile.dev", "DOCKERFILE", "app.Dockerfile", "Containerfile",
              "ci/containerfile.prod"]
    return names


@pytest.mark.parametrize("hook_id", ["modelmap", "modelmap-fix"])
def test_files_pattern_takes_every_kind_check_reads(hook_id: str) -> None:
    """The hook's `files` must not leave out a kind of file `check` reads (notebooks,
    Dockerfiles and shell scripts were once missing)."""
    from modelmap.scan import registry

    pattern = re.compile(hook(hook_id)["files"])
    kinds = _kinds()
    assert all(registry.reads(n) for n in kinds)  # the sample is what the registry reads
    assert [n for n in kinds if not pattern.search(n)] == []
    for other in ("logo.png", "notes.txt", "Makefile", "docker-compose", "run.shx", "x.pyc"):
        assert not registry.reads(other) and not pattern.search(other), other


def test_hook_selects_notebooks_dockerfiles_and_scripts(tmp_path: Path) -> None:
    """End to end: pre-commit's selection (files AND types) passes them on, and `check`
    reports the mistake in each."""
    pytest.importorskip("identify")
    root = tmp_path / "repo"
    line = 'OPENAI_MODEL="GPT-5.5 Instant"'
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": ["from openai import OpenAI\n", "client = OpenAI()\n",
                       'r = client.images.generate(model="GPT Image 2", prompt="p")\n']}
    import json

    write_tree(root, {
        "nb.ipynb": json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}),
        "Dockerfile": f"FROM python:3.12\nENV {line}\n",
        "run.sh": f"#!/bin/sh\nexport {line}\n",
    })
    names = selected(hook("modelmap"), ["nb.ipynb", "Dockerfile", "run.sh"], root)
    assert names == ["nb.ipynb", "Dockerfile", "run.sh"]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                                 f"{os.environ.get('PATH', '')}",
           "MODELMAP_TODAY": "2026-11-21", "MODELMAP_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([*shlex.split(hook("modelmap")["entry"]), "--format", "concise",
                           *names], cwd=root, capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 1, done.stderr
    flagged = {ln.split(":")[0] for ln in done.stdout.splitlines() if " MM101 " in ln}
    assert flagged == {"nb.ipynb", "Dockerfile", "run.sh"}, done.stdout


def test_hook_entry_reports_and_honours_excludes(git_repo: Path, tmp_path: Path) -> None:
    names = selected(hook("modelmap"), sorted(FILES), git_repo)
    assert names == [".env.example", "app.py", "legacy/old_app.py", "modelmap.toml", "old.py"]
    proc = run_hook("modelmap", git_repo, tmp_path)
    assert proc.returncode == 1, proc.stderr
    reported = sorted({line.split(":")[0] for line in proc.stdout.splitlines()
                       if re.match(r"^[^ ]+:\d+:\d+: MM\d+", line)})
    assert reported == [".env.example", "app.py", "old.py"]  # legacy/ excluded by config


def test_hook_passes_on_clean_files(git_repo: Path, tmp_path: Path) -> None:
    proc = run_hook("modelmap", git_repo, tmp_path, only=["notes.txt", "modelmap.toml"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == "All checks passed: 1 file checked (as of 2026-11-21).\n"


def test_fix_hook_fixes_then_passes(git_repo: Path, tmp_path: Path) -> None:
    first = run_hook("modelmap-fix", git_repo, tmp_path, only=["app.py"])
    assert first.returncode == 1  # files changed: pre-commit must fail the commit
    assert 'model="gpt-image-2"' in (git_repo / "app.py").read_text()
    second = run_hook("modelmap-fix", git_repo, tmp_path, only=["app.py"])
    assert second.returncode == 0, second.stdout
