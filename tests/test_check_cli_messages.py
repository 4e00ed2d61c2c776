"""`modelmap check` messages: where a bad selector came from, empty values, --quiet, and paths
that name nothing to check (an empty directory, '', '-')."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelmap.cli import main
from treeutil import write_tree

AS_OF = "2026-12-04"
BAD = ('from openai import OpenAI\n\nclient = OpenAI()\n'
       'b = client.chat.completions.create(model="gpt-4", messages=[])\n')


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_STRICT", "1")
    monkeypatch.setenv("MODELMAP_TODAY", AS_OF)
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["check", *argv])
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("files", "argv", "message"), [
    # a token from the command line is blamed on the command line, even with a config present
    ({"pyproject.toml": "[tool.modelmap]\nfail-on = 'error'\n"}, ["--select", "MM999"],
     "modelmap: error: command line: --select: unknown rule selector 'MM999'"),
    ({"modelmap.toml": "select = ['MM1']\n"}, ["--ignore", "MM1,bogus"],
     "modelmap: error: command line: --ignore: unknown rule selector 'bogus'"),
    ({"modelmap.toml": ""}, ["--extend-select", "MM9"],
     "modelmap: error: command line: --extend-select: unknown rule selector 'MM9'"),
    # a token from the config is blamed on the file and key, even with --select given
    ({"pyproject.toml": "[tool.modelmap]\nselect = ['MM998']\n"}, ["--select", "MM1"],
     "pyproject.toml: key '[tool.modelmap].select': unknown rule selector 'MM998'"),
    ({"modelmap.toml": "ignore = ['MM997']\n"}, [],
     "modelmap.toml: key 'ignore': unknown rule selector 'MM997'"),
    # an empty value is an error, not "every rule"
    ({}, ["--select", ""], "argument --select: empty value"),
    ({}, ["--select", " , "], "argument --select: empty value"),
    ({}, ["--ignore", ""], "argument --ignore: empty value"),
])
def test_selector_errors_name_their_origin(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           files: dict[str, str], argv: list[str],
                                           message: str) -> None:
    write_tree(tmp_path / "repo", {"a.py": BAD, **files})
    code, out, err = run(capsys, ".", *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err, err


def test_quiet_leaves_only_errors_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path / "repo", {"a.py": BAD + "# modelmap: ignore[nonsense]\n"})
    monkeypatch.setenv("MODELMAP_TODAY", "2027-12-01")  # the curated data is stale by then
    monkeypatch.delenv("MODELMAP_IGNORE_OLD_DATA", raising=False)  # conftest silences it
    code, out, err = run(capsys, ".", "--as-of", AS_OF)
    assert code == 1 and "MM401" in out
    assert "modelmap: catalog:" in err and "modelmap: notice:" in err  # shown without -q
    code, out_q, err_q = run(capsys, ".", "--as-of", AS_OF, "-q")
    assert (code, out_q, err_q) == (1, out, "")
    code, _, err_q = run(capsys, ".", "-q", "--select", "MM999")
    assert code == 2 and "unknown rule selector" in err_q  # errors still go to stderr


def test_empty_directory_says_nothing_was_checked(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "repo" / "empty").mkdir()
    code, out, err = run(capsys, "empty")
    assert code == 0
    assert "All checks passed" not in out and "No files checked" in out
    assert "modelmap: warning: no files checked: nothing under empty" in err
    code, out, err = run(capsys, "empty", "-q")
    assert code == 0 and "warning" not in err and err == ""


def test_a_checked_file_still_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path / "repo", {"a.py": "print('hi')\n"})
    code, out, err = run(capsys, ".")
    assert code == 0 and "All checks passed: 1 file checked" in out
    assert "no files checked" not in err


@pytest.mark.parametrize(("path", "message"), [
    ("", "an empty PATH names nothing"),
    ("-", "-: reading from stdin is not supported"),
])
def test_paths_that_name_nothing_are_usage_errors(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str], path: str,
                                                  message: str) -> None:
    write_tree(tmp_path / "repo", {"a.py": BAD, "-": BAD})
    code, out, err = run(capsys, path)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def test_a_file_named_dash_is_reachable_as_dot_slash(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path / "repo", {"-": "OPENAI_BASE_URL=https://api.openai.com\n"})
    code, _, err = run(capsys, "./-")
    assert code == 0 and "reading from stdin" not in err
