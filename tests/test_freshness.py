"""Saying when the catalog is old, and which layers every report used."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog, load_catalog
from modelmap.cli import main

CURATED = load_catalog().meta.curated_verified_on
NOTICE = "modelmap: notice: the catalog's curated data was last verified"


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("MODELMAP_IGNORE_OLD_DATA", "MODELMAP_CATALOG_OVERLAY", "MODELMAP_SDK_LAYER"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text('client.responses.create(model="gpt-5.5", input="x")\n')
    monkeypatch.chdir(root)
    default_catalog.cache_clear()
    yield root
    default_catalog.cache_clear()


def _today(monkeypatch: pytest.MonkeyPatch, days_after: int) -> dt.date:
    day = CURATED + dt.timedelta(days=days_after)
    monkeypatch.setenv("MODELMAP_TODAY", day.isoformat())
    return day


def _err(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [
    ["status", "gpt-5.5"], ["status", "gpt-5.5", "--json"], ["resolve", "gpt-5.5"],
    ["route", "--list"], ["facts", "--kind", "surface"], ["check", ".", "--no-cache"],
    ["validate", "responses.create", "model=gpt-5.5"], ["catalog"],
])
def test_old_data_is_said_once_per_command(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str],
                                           argv: list[str]) -> None:
    _today(monkeypatch, 31)
    _, _, err = _err(capsys, *argv)
    notices = [line for line in err.splitlines() if line.startswith(NOTICE)]
    assert notices == [
        f"{NOTICE} {CURATED} (31 days ago, more than 30): model IDs, routes and shutdown "
        "dates may have changed since. Update: `pip install --upgrade modelmap`; silence: "
        "MODELMAP_IGNORE_OLD_DATA=1 or --no-stale-notice"]


def test_fresh_data_and_the_off_switches(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str],
                                         _env: Path) -> None:
    _today(monkeypatch, 30)
    assert NOTICE not in _err(capsys, "status", "gpt-5.5")[2]
    _today(monkeypatch, 400)
    assert NOTICE not in _err(capsys, "status", "gpt-5.5", "--no-stale-notice")[2]
    monkeypatch.setenv("MODELMAP_IGNORE_OLD_DATA", "1")
    assert NOTICE not in _err(capsys, "status", "gpt-5.5")[2]
    monkeypatch.delenv("MODELMAP_IGNORE_OLD_DATA")
    (_env / "modelmap.toml").write_text("[catalog]\nmax-age-days = 0\n")
    assert NOTICE not in _err(capsys, "status", "gpt-5.5")[2]
    (_env / "modelmap.toml").write_text("[catalog]\nmax-age-days = 500\n")
    assert NOTICE not in _err(capsys, "status", "gpt-5.5")[2]
    (_env / "modelmap.toml").write_text("[catalog]\nmax-age-days = 399\n")
    assert "(400 days ago, more than 399)" in _err(capsys, "status", "gpt-5.5")[2]


def test_json_and_sarif_carry_date_age_and_layer(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    day = _today(monkeypatch, 45)
    meta = load_catalog().meta
    expected = {"curated_verified_on": CURATED.isoformat(), "age_days": 45,
                "stale_after_days": 30, "stale": True, "sdk": f"openai {meta.sdk_version}",
                "sdk_origin": meta.sdk_origin,
                "sdk_generated_on": str(meta.sdk_generated_on), "overlays": []}
    _, out, _ = _err(capsys, "check", ".", "--json", "--no-cache")
    assert json.loads(out)["catalog"] == expected
    _, out, _ = _err(capsys, "check", ".", "--format", "sarif", "--no-cache")
    assert json.loads(out)["runs"][0]["properties"]["catalog"] == expected
    _, out, _ = _err(capsys, "facts", "--json", "--kind", "surface")
    info = json.loads(out)["catalog"]
    assert {k: info[k] for k in expected} == expected and json.loads(out)["as_of"] == str(day)


def test_text_reports_name_the_layer(monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    _today(monkeypatch, 1)
    meta = load_catalog().meta
    layer = (f"SDK layer from openai {meta.sdk_version} ({meta.sdk_origin}, generated "
             f"{meta.sdk_generated_on})")
    for argv in (["status", "gpt-5.5"], ["resolve", "gpt-5.5"], ["check", ".", "--no-cache"],
                 ["validate", "responses.create", "model=gpt-5.5"]):
        _, out, err = _err(capsys, *argv)
        assert err.splitlines() == [
            f"modelmap: catalog: curated data verified {CURATED}; {layer}"], argv
        _, quiet_out, err = _err(capsys, *argv, "-q")
        assert err == "" and quiet_out == out, argv  # -q: the answer alone, stderr empty
    _, out, err = _err(capsys, "route", "chat-product")
    assert layer in out and err == ""  # route's own header line says it
    _, out, err = _err(capsys, "status", "gpt-5.5", "--json")
    assert err == ""  # JSON carries it in fields instead


@pytest.mark.parametrize("argv", [
    ["status", "gpt-5.5"], ["resolve", "gpt-5.5"], ["validate", "responses.create",
                                                    "model=gpt-5.5"],
    ["route", "chat-product"], ["explain", "model_not_found"], ["catalog"],
])
def test_every_json_answer_has_the_catalog_block(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str],
                                                 argv: list[str]) -> None:
    _today(monkeypatch, 40)
    _, out, _ = _err(capsys, *argv, "--json")
    info = json.loads(out)["catalog"]
    assert (info["curated_verified_on"], info["age_days"], info["stale"]) == (
        CURATED.isoformat(), 40, True)
    assert info["sdk_origin"] in ("shipped", "installed") and info["overlays"] == []
