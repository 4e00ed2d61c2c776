"""Every per-file field a scan produces survives the cache: a warm run (the manifest's fast
path) reports exactly what the cold run did, byte for byte, in JSON and in text."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from modelmap.cli import main
from treeutil import write_tree

GATEWAY_PY = ('from openai import OpenAI\n'
              'g = OpenAI(base_url="https://gateway.corp/v1")\n'
              'g.chat.completions.create(model="GPT-5.5 Thinking", messages=[])\n')
GATEWAY_TS = ('import OpenAI from "openai";\n'
              'const g = new OpenAI({ baseURL: "https://gateway.corp/v1" });\n'
              'await g.chat.completions.create({ model: "GPT-5.5 Thinking", messages: [] });\n')
NOTEBOOK = json.dumps({
    "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
               "source": ["from openai import OpenAI\n",
                          "OpenAI(base_url='https://gateway.corp/v1').chat.completions"
                          ".create(model='GPT-5.5 Thinking', messages=[])\n"]}],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5})

TREE = {
    # foreign only (no finding): Python, TypeScript, notebook
    "src/gateway.py": GATEWAY_PY,
    "src/gateway.ts": GATEWAY_TS,
    "src/gateway.ipynb": NOTEBOOK,
    # an unknown suppression code only
    "src/bad_ignore.py": ('from openai import OpenAI\n'
                          'OpenAI().chat.completions.create(model="gpt-5.5", messages=[])'
                          '  # modelmap: ignore[MM999]\n'),
    "src/bad_ignore.ts": ('import OpenAI from "openai";\n'
                          'await new OpenAI().chat.completions.create({ model: "gpt-5.5", '
                          'messages: [] }); // modelmap: ignore[MM998]\n'),
    # read in part (a syntax error recovered from), no finding
    "src/partial.py": ('from openai import OpenAI\n'
                       'OpenAI().chat.completions.create(model="gpt-5.5", messages=[])\n'
                       'def broken(:\n    pass\n'),
    # set aside (test code): context
    "tests/test_app.py": ('from openai import OpenAI\n'
                          'OpenAI().chat.completions.create(model="gpt-4o-latest", messages=[])\n'),
    # findings with fixes (sha), in a TOML config
    ".codex/config.toml": 'model = "gpt-4o-latest"\n',
    "src/app.py": ('from openai import OpenAI\n'
                   'OpenAI().chat.completions.create(model="GPT-5.5 Instant", messages=[])\n'),
}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path / "repo" if (tmp_path / "repo").is_dir() else tmp_path)


def _tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_tree(tmp_path / "repo", TREE)
    old = time.time() - 60  # not racy: the warm run may trust the stat keys at once
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    monkeypatch.chdir(root)
    return root


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", ".", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", [("--json",), ("--format", "text"), ("--format", "sarif")])
def test_warm_runs_report_what_the_cold_run_did(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str],
                                                fmt: tuple[str, ...]) -> None:
    _tree(tmp_path, monkeypatch)
    uncached = _run(capsys, *fmt, "--no-cache")
    cold = _run(capsys, *fmt)
    warm = _run(capsys, *fmt)
    warm_again = _run(capsys, *fmt)
    assert cold == uncached
    assert warm == cold
    assert warm_again == cold


def test_the_tree_exercises_every_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The fields the warm path must keep are all there (else the test above proves little),
    and the warm run took the fast path (nothing probed or scanned)."""
    _tree(tmp_path, monkeypatch)
    _run(capsys, "--json")
    out = _run(capsys, "--json")[1]
    doc = json.loads(out)
    assert doc["foreign_calls"] == {"gateway.corp": 3}
    assert {f["path"] for f in doc["findings"]} == {".codex/config.toml", "src/app.py"}
    assert [s["path"] for s in doc["set_aside"]] == ["tests/test_app.py"]
    assert [s["path"] for s in doc["skipped"] if s.get("partial")] == ["src/partial.py"]
    err = _run(capsys)[2]
    assert "MM999" in err and "MM998" in err
    _run(capsys, "--fix", "--unsafe-fixes")  # the hashes of a warm report let fixes apply
    assert "GPT-5.5 Instant" not in Path("src/app.py").read_text(encoding="utf-8")
