"""`modelmap check` end to end: exit codes, formats, config, fixes, cache, examples/."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.check.config import Config
from modelmap.check.runner import Settings, run_check
from modelmap.check.select import Selector
from modelmap.cli import main
from modelmap.report.text import format_text
from treeutil import write_tree

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-21"
BAD = ('from openai import OpenAI\n\nclient = OpenAI()\n'
       'a = client.images.generate(model="GPT Image 2", prompt="p")\n'
       'b = client.chat.completions.create(model="gpt-4o", messages=[])\n')
CLEAN = ('from openai import OpenAI\n\nclient = OpenAI()\n'
         'r = client.responses.create(model="gpt-5.5", input="q")\n')


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_STRICT", "1")
    monkeypatch.setenv("MODELMAP_TODAY", AS_OF)
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")


def repo(tmp_path: Path, files: dict[str, str]) -> Path:
    """The tree under tmp_path/repo, which is the working directory of every test here
    (reported paths are relative to it)."""
    return write_tree(tmp_path / "repo", files)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("files", "flags", "code"), [
    ({"a.py": CLEAN}, [], 0),
    ({"a.py": BAD}, [], 1),
    ({"a.py": BAD}, ["--exit-zero"], 0),
    ({"a.py": BAD}, ["--select", "MM402"], 1),
    ({"a.py": BAD}, ["--select", "MM402", "--fail-on", "error"], 0),
    ({"a.py": BAD}, ["--ignore", "MM1,deprecated"], 0),
    ({"a.py": BAD, "modelmap.toml": 'fail-on = "error"\nignore = ["MM101"]\n'}, [], 0),
    ({"a.py": BAD}, ["--as-of", "2027-02-01", "--select", "MM401"], 1),
])
def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str],
                    flags: list[str], code: int) -> None:
    root = repo(tmp_path, files)
    assert run(capsys, str(root), *flags)[0] == code


@pytest.mark.parametrize(("files", "argv", "message"), [
    ({}, ["missing-dir"], "missing-dir: no such file or directory"),
    ({}, [".", "--select", "MM999"], "unknown rule selector 'MM999'"),
    ({}, [".", "--as-of", "2026-13-01"], "invalid date '2026-13-01'"),
    ({"modelmap.toml": "colour = 1\n"}, ["."], "modelmap.toml: unknown key 'colour'"),
    ({"pyproject.toml": "[tool.modelmap]\nselect = 'MM1'\n"}, ["."],
     "pyproject.toml: key '[tool.modelmap].select' must be a list of strings"),
    ({"modelmap.toml": "[policy]\nallow = []\n"}, ["."], "unknown key 'policy.allow'"),
    ({"modelmap.toml": "fail-on = 'fatal'\n"}, ["."], "must be one of info, warning, error"),
    ({"modelmap.toml": "ttl-days = { prices = 3 }\n"}, ["."], "unknown fact kind 'prices'"),
    ({"modelmap.toml": "select = [\n"}, ["."], "modelmap.toml: invalid TOML"),
    ({}, [".", "--config", "nope.toml"], "nope.toml: config file not found"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch,
                                           files: dict[str, str], argv: list[str],
                                           message: str) -> None:
    root = repo(tmp_path, {"a.py": CLEAN, **files})
    monkeypatch.chdir(root)
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path, {"app/a.py": BAD, "app/bin.py": "\0"})
    code, out, _ = run(capsys, str(root), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert list(doc) == ["modelmap", "as_of", "catalog", "findings", "summary", "skipped",
                         "foreign_calls", "set_aside"]
    assert doc["as_of"] == AS_OF and list(doc["catalog"]) == [
        "curated_verified_on", "sdk", "age_days", "stale_after_days", "stale", "sdk_origin",
        "sdk_generated_on", "overlays"]
    assert doc["summary"] == {"files": 1, "findings": 2, "errors": 1, "warnings": 1,
                              "set_aside": 0}
    assert doc["set_aside"] == []
    assert doc["skipped"] == [{"path": "app/bin.py", "reason": "binary file"}]
    first = doc["findings"][0]
    assert list(first)[:11] == ["path", "line", "column", "end_line", "end_column", "rule",
                                "name", "family", "severity", "message", "fix"]
    assert (first["path"], first["line"], first["column"], first["end_column"]) == (
        "app/a.py", 4, 35, 46)
    assert first["fix"] == {"safety": "safe", "message": first["fix"]["message"], "edits": [
        {"line": 4, "column": 35, "end_line": 4, "end_column": 46,
         "replacement": "gpt-image-2"}]}
    code2, out2, _ = run(capsys, str(root), "--json")
    assert (code2, out2) == (code, out)


def test_text_and_github_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = repo(tmp_path, {"app/a.py": BAD})
    _, out, _ = run(capsys, str(root))
    lines = out.splitlines()
    assert lines[0].startswith("app/a.py:4:35: MM101 [*] 'GPT Image 2' is a product label")
    assert "app/a.py:5:43: MM402 [~] gpt-4o shuts down" in out
    assert lines[-2:] == [
        f"Found 2 findings (1 error, 1 warning) in 1 file checked (as of {AS_OF}).",
        "[*] 1 fixable with --fix (1 more with --unsafe-fixes)."]
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "repo/app", "--format", "github")
    assert out.splitlines()[0].startswith(
        "::error file=repo/app/a.py,line=4,col=35,endLine=4,endColumn=46,title=MM101 "
        "label-as-id::")


def test_output_file_and_sarif(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path, {"app/a.py": BAD})
    (root / ".git").mkdir()
    target = tmp_path / "out.sarif"
    code, out, _ = run(capsys, str(root / "app"), "--format", "sarif", "-o", str(target))
    assert (code, out) == (1, "")
    log = json.loads(target.read_text())
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]]
    assert uris == ["app/a.py", "app/a.py"]  # relative to the repository root


@pytest.mark.parametrize("where", ["above", "inside"])
def test_diff_paths_are_relative_to_where_it_runs_and_git_applies_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        where: str) -> None:
    """`check examples/ --diff | git apply` from the directory the command ran in."""
    import subprocess

    root = write_tree(tmp_path / "proj" / "examples", {"app/a.py": BAD})
    here = tmp_path / "proj" if where == "above" else root
    monkeypatch.chdir(here)
    code, out, _ = run(capsys, "examples" if where == "above" else ".", "--diff")
    shown = "examples/app/a.py" if where == "above" else "app/a.py"
    assert code == 1 and f"--- a/{shown}\n+++ b/{shown}\n" in out
    patch = tmp_path / "fix.patch"
    patch.write_text(out)
    subprocess.run(["git", "init", "-q", str(here)], check=True)
    done = subprocess.run(["git", "apply", str(patch)], cwd=here, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert (root / "app" / "a.py").read_text() == BAD.replace("GPT Image 2", "gpt-image-2")


def test_fix_diff_and_exit_non_zero_on_fix(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path, {"a.py": BAD})
    code, out, err = run(capsys, str(root), "--diff")
    assert code == 1 and err == "Would fix 1 finding.\n"
    assert '-a = client.images.generate(model="GPT Image 2", prompt="p")' in out
    assert '+a = client.images.generate(model="gpt-image-2", prompt="p")' in out
    assert (root / "a.py").read_text() == BAD  # --diff writes nothing
    code, out, _ = run(capsys, str(root), "--fix", "--select", "MM1")
    assert code == 0 and "Fixed 1 finding." in out
    assert (root / "a.py").read_text() == BAD.replace("GPT Image 2", "gpt-image-2")
    code, out, _ = run(capsys, str(root), "--fix", "--select", "MM1")
    assert code == 0 and "Fixed" not in out  # a second run changes nothing
    (root / "a.py").write_text(BAD)
    assert run(capsys, str(root), "--fix", "--select", "MM1", "--exit-non-zero-on-fix")[0] == 1


def test_cache_dir_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path, {"a.py": BAD})
    def check_files(folder: Path) -> list[Path]:  # (a compiled catalog may sit there too)
        return [p for p in folder.glob("*.cache") if not p.name.startswith("catalog-")]

    run(capsys, str(root))
    assert len(check_files(tmp_path / "cache")) == 3  # manifest, entries, imports
    run(capsys, str(root), "--cache-dir", str(tmp_path / "other"))
    assert len(check_files(tmp_path / "other")) == 3
    shutil.rmtree(tmp_path / "cache")
    run(capsys, str(root), "--no-cache")
    assert not (tmp_path / "cache").exists()


def test_config_found_upward_and_modelmap_toml_wins(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path, {
        "pyproject.toml": '[tool.modelmap]\nignore = ["MM101"]\n',
        "svc/a.py": BAD,
    })
    _, out, _ = run(capsys, str(root / "svc"), "--json")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["MM402"]
    (root / "modelmap.toml").write_text('ignore = ["MM402"]\n')
    _, out, _ = run(capsys, str(root / "svc"), "--json")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["MM101"]


def test_examples_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """From the project root, `modelmap check examples/` names files as they open from there."""
    copy = tmp_path / "repo" / "examples"
    shutil.copytree(ROOT / "examples", copy)
    code, out, _ = run(capsys, "examples/", "--json")
    rows = [[f["path"].removeprefix("examples/"), f["line"], f["column"], f["rule"]]
            for f in json.loads(out)["findings"]]
    assert all(f["path"].startswith("examples/") for f in json.loads(out)["findings"])
    assert "examples/app/chat.py:12:54: MM101" in run(capsys, "examples/")[1]
    assert code == 1
    assert rows == [
        [".codex/config.toml", 4, 19, "MM510"],
        [".codex/config.toml", 10, 13, "MM405"],
        [".codex/config.toml", 12, 2, "MM406"],
        [".env.example", 4, 15, "MM101"],
        ["app/chat.py", 12, 54, "MM101"],
        ["app/chat.py", 18, 54, "MM203"],
        ["app/chat.py", 24, 16, "MM402"],
        ["app/images.py", 18, 14, "MM301"],
        ["app/images.py", 19, 25, "MM304"],
        ["app/images.py", 26, 44, "MM101"],
        ["app/video.py", 9, 13, "MM403"],
        ["config.yaml", 5, 10, "MM401"],
        ["config.yaml", 7, 19, "MM101"],
    ]


def test_statistics_and_colour(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path, {"a.py": BAD, "b.py": BAD})
    _, out, err = run(capsys, str(root), "--statistics")
    assert [line for line in err.splitlines() if not line.startswith("modelmap: ")] == []
    assert out.splitlines()[:3] == ["    2\tMM101\t[*]\tlabel-as-id",
                                    "    2\tMM402\t   \tmodel-deprecated", ""]
    assert out.splitlines()[3].startswith("Found 4 findings")
    report = run_check(Settings(paths=(root,), root=root, catalog=default_catalog(),
                                as_of=dt.date(2026, 11, 21), config=Config(path=None, base=root),
                                selector=Selector(), cache_dir=None, jobs=1, strict=True))
    coloured = format_text(report, color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == format_text(report)


def test_relative_config_path_anchors_its_excludes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repo(tmp_path, {"sub/skipme/a.py": BAD, "sub/b.py": BAD,
                           "other.toml": 'exclude = ["sub/skipme/"]\n'})
    monkeypatch.chdir(root)
    code = main(["check", "sub", "--config", "other.toml", "--format", "json"])
    paths = {f["path"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert code == 1
    assert paths == {"sub/b.py"}  # relative to the working directory


def test_js_call_on_an_imported_client_without_trigger_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that says neither "openai" nor "model" but calls a shut-down interface on a
    client made elsewhere is checked (the old JS trigger words skipped it)."""
    root = repo(tmp_path, {
        "lib/client.ts": 'import OpenAI from "openai";\nexport const client = new OpenAI();\n',
        "app.ts": 'import { client } from "./lib/client";\n'
                  "await client.videos.remix(id, { prompt: p });\n"})
    code, out, _ = run(capsys, str(root), "--format", "json", "--exit-zero")
    found = [(f["path"], f["line"], f["rule"]) for f in json.loads(out)["findings"]]
    assert code == 0 and ("app.ts", 2, "MM403") in found
