"""`check --diff` shows what `check --fix` writes: the final result of the same passes (a
fix whose result draws another fixable finding is followed to the end, as --fix does), with
the same count, and writes nothing."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import pytest

from modelmap.cli import main
from treeutil import write_tree

NOTEBOOK = json.dumps({
    "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
               "source": ["from openai import OpenAI\n",
                          "OpenAI().chat.completions.create(model='gpt-5.3-chat-latest', "
                          "messages=[])\n"]}],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"

TREE = {
    # gpt-5.5 must be pinned here: the shut-down model's replacement draws MM702 in turn
    "modelmap.toml": '[policy]\nrequire-snapshot = ["gpt-5.5"]\n',
    "app.py": ('from openai import OpenAI\n'
               'OpenAI().chat.completions.create(model="gpt-5.3-chat-latest", messages=[])\n'
               'OpenAI().chat.completions.create(model="gpt-4o-latest", messages=[])\n'
               'OpenAI().images.generate(model="openai/gpt-image-2.0", prompt="x")\n'
               'OpenAI().chat.completions.create(model="GPT-5.5 Instant", messages=[])\n'),
    "web.ts": ('import OpenAI from "openai";\n'
               'const c = new OpenAI();\n'
               'await c.chat.completions.create({ model: "gpt-5.2-chat-latest", messages: [] });\n'
               'await c.chat.completions.create({ model: "gpt-4o-latest", messages: [] });\n'),
    "nb.ipynb": NOTEBOOK,
    ".codex/config.toml": 'model = "gpt-4o-latest"\n',
}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MODELMAP_STRICT", "1")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _diff(before: dict[str, bytes], after: dict[str, bytes]) -> str:
    out = []
    for rel in sorted(before):
        if before[rel] != after[rel]:
            out.append("".join(difflib.unified_diff(
                before[rel].decode().splitlines(keepends=True),
                after[rel].decode().splitlines(keepends=True),
                fromfile=f"a/{rel}", tofile=f"b/{rel}")))
    return "".join(out)


def test_diff_shows_the_result_of_every_fix_pass(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    shown = write_tree(tmp_path / "shown", TREE)
    fixed = tmp_path / "fixed"
    shutil.copytree(shown, fixed)
    before = _files(shown)

    monkeypatch.chdir(shown)
    assert main(["check", ".", "--diff", "--unsafe-fixes"]) == 1
    diff, diff_err = capsys.readouterr()
    assert _files(shown) == before  # --diff writes nothing
    assert main(["check", ".", "--diff", "--unsafe-fixes"]) == 1
    assert capsys.readouterr() == (diff, diff_err)  # and says the same again

    monkeypatch.chdir(fixed)
    main(["check", ".", "--fix", "--unsafe-fixes"])
    fix_out = capsys.readouterr().out
    after = _files(fixed)

    assert diff == _diff(before, after)
    would = re.search(r"Would fix (\d+) findings?\.", diff_err)
    did = re.search(r"Fixed (\d+) findings?\.", fix_out)
    assert would is not None and did is not None and would[1] == did[1]
    # the second pass happened: the replacement was pinned in turn
    assert '"gpt-5.5-2026-04-23"' in after["app.py"].decode()
    assert "gpt-5.5-2026-04-23" in after["nb.ipynb"].decode()
    assert "gpt-5.3-chat-latest" not in after["app.py"].decode()


def test_diff_without_fixes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {"a.py": 'from openai import OpenAI\n'
                                  'OpenAI().chat.completions.create(model="gpt-5.5", '
                                  'messages=[])\n'})
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", "--diff", "--unsafe-fixes"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "No fixes available." in err
