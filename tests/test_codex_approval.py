"""MM408: `approval_policy = "untrusted"` in a Codex config (removed in Codex 0.149.0), from the
scanner through validate to `check --fix --unsafe-fixes`, with dates on both sides."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from modelmap.catalog.load import load_catalog
from modelmap.cli import main
from modelmap.validate import Call, validate
from treeutil import write_tree

CONFIG = 'model = "gpt-5.5"\napproval_policy = "untrusted"\nsandbox_mode = "workspace-write"\n'


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


@pytest.mark.parametrize(("day", "codes"), [
    (dt.date(2026, 8, 20), []),
    (dt.date(2026, 8, 21), ["MM408"]),
    (dt.date(2026, 12, 4), ["MM408"]),
])
def test_validate_by_date(day: dt.date, codes: list[str]) -> None:
    call = Call("codex.config", "gpt-5.5", params={"approval_policy": "untrusted"})
    found = validate(load_catalog(), call, day)
    assert [f.rule for f in found] == codes
    if codes:
        assert found[0].severity.value == "error"  # a first-party Codex PR, MH
        assert "0.149.0" in found[0].message and "on-request" in found[0].message


@pytest.mark.parametrize("value", ["on-request", "never", "on-failure"])
def test_other_policies_pass(value: str) -> None:
    call = Call("codex.config", "gpt-5.5", params={"approval_policy": value})
    assert validate(load_catalog(), call, dt.date(2026, 12, 4)) == []


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(["check", *argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_check_finds_it_in_config_and_profile_files(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path / "repo", {".codex/config.toml": CONFIG,
                                          ".codex/fast.config.toml": CONFIG})
    monkeypatch.chdir(root)  # paths are printed relative to the working directory
    code, data = _check(capsys, ".", "--as-of", "2026-12-04")
    rows = [(f["path"], f["line"], f["column"], f["rule"])  # type: ignore[index]
            for f in data["findings"]]  # type: ignore[attr-defined]
    assert code == 1
    assert rows == [(".codex/config.toml", 2, 20, "MM408"),
                    (".codex/fast.config.toml", 2, 20, "MM408")]
    code, data = _check(capsys, ".", "--as-of", "2026-08-01")
    assert (code, data["findings"]) == (0, [])


def test_unsafe_fix_rewrites_only_the_value_and_is_idempotent(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", {".codex/config.toml": CONFIG})
    path = root / ".codex" / "config.toml"
    main(["check", str(root), "--as-of", "2026-12-04", "--fix"])
    capsys.readouterr()
    assert path.read_text() == CONFIG  # unsafe: not applied by --fix alone
    main(["check", str(root), "--as-of", "2026-12-04", "--fix", "--unsafe-fixes"])
    capsys.readouterr()
    fixed = CONFIG.replace('"untrusted"', '"on-request"')
    assert path.read_text() == fixed
    code = main(["check", str(root), "--as-of", "2026-12-04", "--fix", "--unsafe-fixes"])
    capsys.readouterr()
    assert code == 0 and path.read_text() == fixed
