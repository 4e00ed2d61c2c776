"""A finding silenced by a comment is neither reported nor fixed: `--fix` and `--diff` touch
only reported findings. JS/TS take the `noqa` forms (`// noqa: MM101`, `/* noqa */`) as
Python does, and a comment on the call that sends covers a value defined above it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelmap.cli import main
from treeutil import write_tree

BAD = "gpt-4o-latest"

SILENCED = {
    "a.py": (f'from openai import OpenAI\n'
             f'OpenAI().chat.completions.create(model="{BAD}", messages=[])  # noqa: MM101\n'
             f'OpenAI().chat.completions.create(  # modelmap: ignore[MM101]\n'
             f'    model="{BAD}",\n    messages=[],\n)\n'
             f'OpenAI().chat.completions.create(model="{BAD}", messages=[])  # noqa\n'
             f'MODEL = "{BAD}"\n'
             f'OpenAI().chat.completions.create(model=MODEL, messages=[])  # noqa: MM101\n'),
    "b.ts": (f'import OpenAI from "openai";\n'
             f'const c = new OpenAI();\n'
             f'await c.chat.completions.create({{ model: "{BAD}", messages: [] }}); '
             f'// noqa: MM101\n'
             f'await c.chat.completions.create({{ model: "{BAD}", messages: [] }}); '
             f'/* noqa: MM101 */\n'
             f'await c.chat.completions.create({{ model: "{BAD}", messages: [] }}); // noqa\n'
             f'await c.chat.completions.create({{ model: "{BAD}", messages: [] }}); '
             f'/* NOQA */\n'
             f'const M = "{BAD}";\n'
             f'await c.chat.completions.create({{ model: M, messages: [] }}); '
             f'// modelmap: ignore[label-as-id]\n'),
}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MODELMAP_STRICT", "1")
    monkeypatch.chdir(tmp_path)


def test_silenced_findings_are_not_reported(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, SILENCED)
    assert main(["check", ".", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


@pytest.mark.parametrize("mode", ["--fix", "--diff"])
def test_fix_leaves_silenced_lines_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         mode: str) -> None:
    write_tree(tmp_path, SILENCED)
    before = {rel: (tmp_path / rel).read_bytes() for rel in SILENCED}
    main(["check", ".", mode, "--unsafe-fixes"])
    out = capsys.readouterr().out
    assert {rel: (tmp_path / rel).read_bytes() for rel in SILENCED} == before
    assert "---" not in out


def test_an_unsilenced_use_of_the_same_value_is_still_fixed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The suppression at one call does not hide the definition's finding from another
    call that reports it: that one is reported and fixed (the fixer itself works here)."""
    source = SILENCED["a.py"] + "OpenAI().chat.completions.create(model=MODEL, messages=[])\n"
    write_tree(tmp_path, {"a.py": source})
    main(["check", "a.py", "--json"])
    assert [f["line"] for f in json.loads(capsys.readouterr().out)["findings"]] == [8]
    main(["check", "a.py", "--fix", "--unsafe-fixes"])
    after = (tmp_path / "a.py").read_text(encoding="utf-8").splitlines()
    assert BAD not in after[7]
    assert [n for n, line in enumerate(after, 1) if BAD in line] == [2, 4, 7]
