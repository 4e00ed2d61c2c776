"""`modelmap check` output: paths relative to the working directory in every format, ruff's
text shape (source line, caret, notes, no over-long lines), colour rules, statistics, and
control characters from scanned files escaped in human formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from modelmap.cli import main
from modelmap.report.term import printable, use_color
from treeutil import check_env, write_tree

AS_OF = "2026-11-21"
BAD = ('from openai import OpenAI\n\nclient = OpenAI()\n'
       'a = client.images.generate(model="GPT Image 2", prompt="p")\n'
       'b = client.chat.completions.create(model="gpt-4o", messages=[])\n')
HOSTILE_MODEL = "gpt-4o\x1b]0;pwned\x07\x1b[2J\u202e"
HOSTILE_NAME = "evil\nx.py:1:1: MM999 forged.py"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    check_env(monkeypatch, tmp_path, AS_OF)
    for name in ("GITHUB_WORKSPACE", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github"])
def test_paths_are_relative_to_the_working_directory(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    write_tree(tmp_path / "proj", {"app/chat.py": BAD})
    _, out = run(capsys, "proj/app", "--format", fmt)
    if fmt == "json":
        paths = {f["path"] for f in json.loads(out)["findings"]}
    elif fmt == "sarif":
        run_ = json.loads(out)["runs"][0]
        locs = [r["locations"][0]["physicalLocation"]["artifactLocation"]
                for r in run_["results"]]
        paths = {loc["uri"] for loc in locs}
        assert {loc["uriBaseId"] for loc in locs} == {"%SRCROOT%"}
        assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    elif fmt == "github":
        paths = set(re.findall(r"file=([^,]+),", out))
    else:
        paths = set(re.findall(r"^(\S+?):\d+:\d+: MM", out, re.MULTILINE))
    assert paths == {"proj/app/chat.py"}


def test_paths_outside_the_working_directory_are_absolute(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path / "proj", {"app/chat.py": BAD})
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    _, out = run(capsys, str(root), "--format", "concise")
    assert f"{(root / 'app/chat.py').as_posix()}:4:35: MM101" in out
    _, out = run(capsys, str(root), "--format", "sarif")
    loc = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": (root / "app/chat.py").as_uri()}


def test_text_has_source_line_caret_and_notes(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {"a.py": BAD})
    _, out = run(capsys, "a.py")
    lines = out.splitlines()
    assert lines[0].startswith("a.py:4:35: MM101 [*] 'GPT Image 2' is a product label")
    src = lines.index('4 | a = client.images.generate(model="GPT Image 2", prompt="p")')
    assert lines[src - 1] == "  |"
    caret = lines[src + 1]
    assert caret.index("^") == lines[src].index('"GPT Image 2"') + 1
    assert caret.endswith("^" * len("GPT Image 2") + " error")
    assert any(line.startswith("  = fix: Replace with 'gpt-image-2'") for line in lines)
    assert any(line.startswith("  = source: https://") for line in lines)
    # Wrapped at word boundaries: only an unbreakable token (a URL) may exceed the width.
    for line in lines:
        assert len(line) <= 100 or " " not in line.split(": ", 1)[-1].strip()


def test_concise_is_one_line_per_finding(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {"a.py": BAD})
    _, out = run(capsys, "a.py", "--format", "concise")
    lines = out.splitlines()
    assert lines[0].startswith("a.py:4:35: MM101 [error] [*] 'GPT Image 2' is a product label")
    assert lines[1].startswith("a.py:5:43: MM402 [warning] [~] gpt-4o shuts down")
    assert lines[2] == ""


def test_colour_follows_no_color_and_force_color(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {"a.py": BAD})
    _, plain = run(capsys, "a.py")
    assert "\x1b" not in plain  # captured stdout is not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, coloured = run(capsys, "a.py")
    assert "\x1b[1;31mMM101\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(open(__file__))  # noqa: SIM115 - closed by the GC
    assert run(capsys, "a.py")[1] == plain


def test_control_characters_from_scanned_files_are_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {
        "a.py": BAD.replace('"gpt-4o"', f'"{HOSTILE_MODEL}"'),
        HOSTILE_NAME: BAD,
    })
    for fmt in ("text", "concise", "github"):
        _, out = run(capsys, ".", "--format", fmt, "--no-cache")
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out), fmt
        assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202e" in out
        assert not any(line.startswith("x.py:1:1: MM999") for line in out.splitlines())
        assert "evil\\nx.py:1:1: MM999 forged.py:4:35: MM101" in out or fmt == "github"
    _, out = run(capsys, ".", "--format", "github", "--no-cache")
    assert "file=evil%0Ax.py%3A1%3A1%3A MM999 forged.py," in out
    assert len(out.splitlines()) == 4  # one annotation per finding, none forged


def test_printable() -> None:
    assert printable("a\tb\x1b[31m\x9b\r\n") == "a\tb\\x1b[31m\\x9b\\r\\n"
    assert printable("a\tb", tabs=False) == "a\\tb"
    assert printable("модель 模型 ok") == "модель 模型 ok"


def test_bare_noqa_suppresses_and_unknown_codes_warn(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {"a.py": (
        "from openai import OpenAI\nc = OpenAI()\n"
        'c.chat.completions.create(model="gpt-4", messages=[])  # noqa\n'
        'c.chat.completions.create(model="gpt-4", messages=[])  # modelmap: ignore[MM999]\n')})
    code = main(["check", "a.py", "--format", "json"])
    out = capsys.readouterr()
    assert code == 1
    assert [f["line"] for f in json.loads(out.out)["findings"]] == [4]
    assert out.err == ("modelmap: warning: a.py:4: 'MM999' in a suppression comment names no "
                       "rule or family (see `modelmap rules`)\n")
    main(["check", "a.py", "--format", "json"])  # a warm run (cached) still warns
    assert "'MM999'" in capsys.readouterr().err
    main(["check", "a.py", "--format", "json", "--quiet"])
    assert capsys.readouterr().err == ""


def test_sarif_rules_link_their_docs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from modelmap.report.sarif import RULE_DOCS

    write_tree(tmp_path, {"a.py": BAD})
    _, out = run(capsys, "a.py", "--format", "sarif")
    driver = json.loads(out)["runs"][0]["tool"]["driver"]
    assert "pypi.org" not in driver["informationUri"]
    docs = Path(__file__).resolve().parent.parent / "docs" / "rules"
    for rule in driver["rules"]:
        page = f"{rule['id']}-{rule['name']}.md"
        assert rule["helpUri"] == RULE_DOCS + page
        assert (docs / page).is_file()


def test_tables_fall_back_to_plain_text_without_rich(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from modelmap.cli._common import print_table

    monkeypatch.setitem(sys.modules, "rich.console", None)  # as if rich were not installed
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    print_table("t", ["a", "b"], [["1", "2"]])
    assert capsys.readouterr().out == "t\na  b\n1  2\n"


def test_caret_counts_wide_characters_and_tabs(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {"a.py": 'from openai import OpenAI\nc = OpenAI()\n'
                                  'r = ("模型", c.images.generate(model="GPT Image 2"))\n'
                                  'if c:\n\tc.images.generate(model="GPT Image 2", prompt="p")\n'})
    _, out = run(capsys, "a.py")
    lines = out.splitlines()
    src = next(i for i, line in enumerate(lines) if line.startswith("3 | "))
    before = lines[src].split('"GPT Image 2"')[0] + '"'
    caret = lines[src + 1]
    assert caret.index("^") == len(before) + 2  # "模型" takes four cells, two more than chars
    src = next(i for i, line in enumerate(lines) if line.startswith("5 | "))
    assert lines[src + 1].index("^") == lines[src].index('"GPT Image 2"') + 1
