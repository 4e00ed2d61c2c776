"""`modelmap verify --save`: the dates our own GET /v1/models shows, written into the overlay,
against the real loopback server of tests/test_verify.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.cli import main
from test_verify import KEY, Reply, Server, _entry, listing

PYPROJECT = """[project]
name = "app"

# our checker settings
[tool.modelmap]
select = ["ALL"]  # keep this comment

[[tool.modelmap.catalog.lifecycle]]
ids = ["gpt-4.1"]
shutdown_date = 2027-05-01
note = "Hand-written: our own plan."
source = "https://wiki.acme.invalid/plan"
verified_on = 2026-12-01
"""
LISTED = listing(_entry("gpt-5.5", shutdown_date="2027-03-01"),
                 _entry("gpt-5.5-pro", shutdown_date="2027-03-01"),
                 _entry("gpt-4o", shutdown_date="2027-01-14"),
                 _entry("gpt-image-2", shutdown_date=None),
                 _entry("ft:gpt-4o:acme::x1", shutdown_date="2027-01-14"))


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    srv = Server()
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "MODELMAP_CATALOG_OVERLAY"):
        monkeypatch.delenv(name, raising=False)
    default_catalog.cache_clear()
    yield srv
    srv.close()
    default_catalog.cache_clear()


def _verify(srv: Server, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    srv.replies = [Reply(body=LISTED)]
    code = main(["verify", "--only-api", "--json", *argv])
    out, err = capsys.readouterr()
    assert KEY not in out + err
    return code, json.loads(out)


def test_save_into_pyproject_then_the_catalog_agrees(env: Server,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = Path("pyproject.toml").absolute()
    code, doc = _verify(env, capsys, "--save")
    assert code == 1 and {m["id"] for m in doc["shutdown_disagreements"]} >= {"gpt-5.5"}
    assert doc["saved"] == {"path": str(pyproject), "entries": 2, "changed": True}
    text = pyproject.read_text(encoding="utf-8")
    assert "# our checker settings" in text and "# keep this comment" in text
    assert "Hand-written: our own plan." in text  # our own entries are kept
    import tomllib

    saved = tomllib.loads(text)["tool"]["modelmap"]["catalog"]["lifecycle"]
    ours = [(e["ids"], str(e["shutdown_date"]), e["rank"], e["source"]) for e in saved[1:]]
    assert ours == [
        (["gpt-4o"], "2027-01-14", 1, f"GET {env.base_url}/models"),
        (["gpt-5.5", "gpt-5.5-pro"], "2027-03-01", 1, f"GET {env.base_url}/models")]

    default_catalog.cache_clear()
    code, doc = _verify(env, capsys, "--save")  # the catalog now carries the key's dates
    assert code == 0 and doc["shutdown_disagreements"] == []
    assert doc["saved"]["changed"] is False
    assert pyproject.read_text(encoding="utf-8") == text  # idempotent: same bytes

    assert main(["status", "gpt-5.5", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["state"], status["shutdown_date"]) == ("deprecated", "2027-03-01")


def test_save_to_a_standalone_file_and_replace_old_entries(
        env: Server, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "ours.toml"
    _, doc = _verify(env, capsys, "--save", str(target))
    assert doc["saved"] == {"path": str(target), "entries": 2, "changed": True}
    first = target.read_text(encoding="utf-8")
    assert first.startswith("[[lifecycle]]")
    env.replies = [Reply(body=listing(_entry("gpt-4o", shutdown_date="2027-02-01")))]
    assert main(["verify", "--only-api", "--save", str(target)]) in (0, 1)
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == f"saved: {target} (1 lifecycle entries from this listing)"
    import tomllib

    entries = tomllib.loads(target.read_text(encoding="utf-8"))["lifecycle"]
    assert [(e["ids"], str(e["shutdown_date"])) for e in entries] == [(["gpt-4o"], "2027-02-01")]


def test_save_refuses_to_write_an_invalid_overlay(env: Server, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ours.toml"
    target.write_text('[[model]]\nid = "x"\n', encoding="utf-8")  # already broken
    before = target.read_text(encoding="utf-8")
    env.replies = [Reply(body=LISTED)]
    code = main(["verify", "--only-api", "--save", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and f"{target}: model[0] (x)" in err
    assert target.read_text(encoding="utf-8") == before
