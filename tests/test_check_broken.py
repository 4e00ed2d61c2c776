"""Broken files are never "checked and clean": a syntax error is a note naming the line, and
what can still be read is reported (issue 10, issue 15 item 8)."""

from __future__ import annotations

import ast
import contextlib
import json
from pathlib import Path

import pytest

from modelmap.cli import main
from modelmap.scan.python.recover import recover_python
from treeutil import write_tree

AS_OF = "2026-11-21"
HEAD = "from openai import OpenAI\nclient = OpenAI()\n"
SHUT = 'r = client.chat.completions.create(model="gpt-4-32k", messages=[])\n'
TS_HEAD = 'import OpenAI from "openai";\nconst client = new OpenAI();\n'
TS_SHUT = 'await client.chat.completions.create({ model: "gpt-4-32k", messages: [] });\n'


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MODELMAP_STRICT", raising=False)  # users' mode: notes, not raises
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))


def check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    with contextlib.chdir(root):  # paths are printed relative to the working directory
        main(["check", ".", "--format", "json", "--as-of", AS_OF, *extra])
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def rows(out: dict) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["rule"]) for f in out["findings"]]


def test_python_syntax_error_is_a_note_and_the_rest_is_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = HEAD + SHUT + "def broken(:\n    pass\n" + SHUT
    root = write_tree(tmp_path / "r", {"a.py": src})
    out = check(root, capsys)
    assert rows(out) == [("a.py", 3, "MM401"), ("a.py", 6, "MM401")]
    assert out["skipped"] == [{"path": "a.py", "partial": True, "reason":
                               "syntax error at line 4: invalid syntax (lines 4-5 not read, "
                               "the rest was checked)"}]
    assert out["summary"]["files"] == 1
    with contextlib.chdir(root):
        main(["check", ".", "--as-of", AS_OF])
    text = capsys.readouterr().out
    assert "a.py: partly checked (syntax error at line 4" in text
    assert "Partly checked 1 file (syntax error: 1)." in text


def test_recovery_keeps_line_numbers_and_drops_whole_blocks() -> None:
    src = (HEAD + "if x:\n    y(\nelse:\n    pass\n@dec\ndef f(:\n    pass\n" + SHUT
           + "class A:\n    def g(self):\n        return f(\n")
    try:
        ast.parse(src)
    except SyntaxError as exc:
        got = recover_python(src, exc)
    assert got.tree is not None
    assert got.blanked == (3, 4, 5, 6, 7, 8, 9, 11, 12, 13)
    kept = got.text.splitlines()
    assert kept[9] == SHUT.rstrip("\n")  # line 10 untouched, at its own line number
    assert len(kept) == len(src.splitlines())


def test_unparseable_python_is_skipped_not_clean(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path / "r", {"a.py": "client.chat.completions.create(model=\n"})
    out = check(root, capsys)
    assert out["findings"] == [] and out["summary"]["files"] == 0
    assert out["skipped"][0]["path"] == "a.py"
    assert out["skipped"][0]["reason"].startswith("syntax error at line 1")
    assert "partial" not in out["skipped"][0]


def test_typescript_syntax_error_is_a_note_and_the_rest_is_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = TS_HEAD + TS_SHUT + "function broken( {\n"
    root = write_tree(tmp_path / "r", {"a.ts": src})
    out = check(root, capsys)
    assert rows(out) == [("a.ts", 3, "MM401")]
    (note,) = out["skipped"]
    assert note["partial"] is True and note["reason"].startswith("parse error at line 4")


def test_large_js_file_is_not_silently_checked(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from modelmap.scan.js import scanner as javascript

    big = TS_HEAD + TS_SHUT + ("// padding line\n" * (javascript.MAX_BYTES // 16 + 1))
    root = write_tree(tmp_path / "r", {"big.ts": big,
                                       "modelmap.toml": "max-file-size = 10000000\n"})
    out = check(root, capsys)
    assert out["findings"] == [] and out["summary"]["files"] == 1  # modelmap.toml
    assert out["skipped"] == [{"path": "big.ts", "reason":
                               f"larger than the JS/TS limit of {javascript.MAX_BYTES} "
                               f"characters ({len(big)})"}]


@pytest.mark.parametrize(("name", "text", "reason"), [
    ("settings.toml", 'model = "gpt-4-32k"\n[openai\n', "invalid TOML: Expected ']'"),
    ("config.yaml", "openai:\n  model: gpt-4-32k\n  x: [1\n", "invalid YAML at line 4"),
    ("config.json", '{"openai": {"model": "gpt-4-32k",\n "x": [1 2]}}\n',
     "invalid JSON at line 2"),
    (".codex/config.toml", 'model = "gpt-5.5"\nwire_api = \n', "invalid TOML"),
])
def test_broken_config_files_are_skipped_with_a_note(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str,
        reason: str) -> None:
    root = write_tree(tmp_path / "r", {name: text})
    out = check(root, capsys)
    assert out["findings"] == [] and out["summary"]["files"] == 0
    (note,) = out["skipped"]
    assert note["path"] == name and note["reason"].startswith(reason)


@pytest.mark.parametrize(("name", "text", "line"), [
    ("a.py", HEAD + 'bad = OpenAI(base_url="http://[")\n'
     'x = bad.chat.completions.create(model="gpt-4-32k", messages=[])\n' + SHUT, 5),
    ("a.ts", TS_HEAD + 'const bad = new OpenAI({ baseURL: "http://[" });\n'
     'await bad.chat.completions.create({ model: "gpt-4-32k", messages: [] });\n'
     'await fetch("http://[/v1/chat/completions", { method: "POST", body: JSON.stringify('
     '{ model: "gpt-4-32k" }) });\n' + TS_SHUT, 6),
    ("README.md", "```sh\ncurl http://[/v1/chat/completions -d '{\"model\": \"gpt-4-32k\"}'\n"
     "```\n\n```python\n" + HEAD + SHUT + "```\n", 8),
])
def test_malformed_base_url_does_not_hide_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        name: str, text: str, line: int) -> None:
    monkeypatch.setenv("MODELMAP_STRICT", "1")  # no internal error anywhere
    root = write_tree(tmp_path / "r", {name: text})
    out = check(root, capsys)
    assert rows(out) == [(name, line, "MM401")]
    assert out["skipped"] == []


def test_a_call_whose_validation_fails_is_a_note_not_a_lost_file() -> None:
    import datetime as dt

    from modelmap.catalog.load import default_catalog
    from modelmap.check.config import Policy
    from modelmap.check.toolkit import State, Toolkit
    from modelmap.check.worker import judge
    from modelmap.findings import Location
    from modelmap.scan.base import FileScan
    from modelmap.validate import validate
    from modelmap.validate.call import Call

    def picky(catalog, call, as_of):  # type: ignore[no-untyped-def]
        if call.model == "boom":
            raise ValueError("bad input")
        return validate(catalog, call, as_of)

    here = Location("a.py", 3, 1, 3, 10)
    calls = (Call("chat.completions.create", "boom", location=here, site=here),
             Call("chat.completions.create", "gpt-4-32k", location=here, site=here))
    state = State(root=Path("."), catalog=default_catalog(), as_of=dt.date(2026, 11, 21),
                  policy=Policy(), toolkit=Toolkit(scanner_for=lambda r: None,
                                                   validate=picky,
                                                   constants_for=lambda r: None),
                  prefilter=None)
    notes: list[str] = []
    found = judge(FileScan("a.py", calls), "a.py", state, notes)
    assert [f.rule for f in found] == ["MM401"]
    assert notes == ["internal error on the call at line 3, not checked (ValueError: "
                     "bad input)"]


def test_a_partly_checked_tree_without_findings_does_not_say_all_checks_passed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh-eyes trial: "partly checked", then "All checks passed", for a file whose
    unread lines held the mistake."""
    fine = 'r = client.chat.completions.create(model="gpt-5.5", messages=[])\n'
    root = write_tree(tmp_path / "r", {"a.py": HEAD + fine + "def broken(:\n    pass\n",
                                       "b.py": HEAD + fine})
    with contextlib.chdir(root):
        assert main(["check", ".", "--as-of", AS_OF]) == 0
    text = capsys.readouterr().out
    assert "All checks passed" not in text
    assert "No findings in what was read: 2 files checked, 1 of them only in part" in text
    (root / "a.py").write_text(HEAD + fine)
    with contextlib.chdir(root):
        main(["check", ".", "--as-of", AS_OF])
    assert "All checks passed: 2 files checked" in capsys.readouterr().out
