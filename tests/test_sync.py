"""`modelmap sync`: re-read this environment's openai into its cached layer, or export a layer
to a file; diff against what it replaces; never the shipped file, never another environment."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modelmap.catalog import load as load_mod
from modelmap.catalog.load import DATA_DIR, default_catalog, load_catalog
from modelmap.cli import main
from modelmap.sdk import newer_installed_warning, version_key
from sdk_pkg import make_package

SHIPPED = json.loads((DATA_DIR / "sdk_layer.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The folder exports go to in these tests; the cache dir is private to the test."""
    path = tmp_path / "user"
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MODELMAP_SDK_LAYER", raising=False)
    monkeypatch.setenv("MODELMAP_TODAY", "2026-11-22")
    monkeypatch.delenv("MODELMAP_CATALOG_DIR", raising=False)
    monkeypatch.delenv("MODELMAP_STRICT", raising=False)
    default_catalog.cache_clear()
    yield path
    default_catalog.cache_clear()


def _sync(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["sync", *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def _expected_diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, list[str]],
                                                                        dict[str, list[str]]]:
    """IDs added / removed per Literal, straight from the two layer files."""
    o = {k: v["ids"] for k, v in old["literals"].items()}
    n = {k: v["ids"] for k, v in new["literals"].items()}
    added = {k: [i for i in ids if i not in o.get(k, [])] for k, ids in n.items()}
    removed = {k: [i for i in ids if i not in n.get(k, [])] for k, ids in o.items()}
    return ({k: v for k, v in added.items() if v}, {k: v for k, v in removed.items() if v})


def _dated(layer: dict[str, Any]) -> set[tuple[str, str, str | None]]:
    return {(n["literal"], i, n["date"]) for n in layer["notes"] for i in n["ids"]}


@pytest.mark.registry
def test_older_wheel_and_back(capsys: pytest.CaptureFixture[str], user_dir: Path,
                              openai_wheels: dict[str, Path]) -> None:
    out = str(user_dir / "sdk_layer.json")
    code, down = _sync(capsys, "--from", str(openai_wheels["2.54.0"]), "--output", out)
    written = json.loads((user_dir / "sdk_layer.json").read_text(encoding="utf-8"))
    assert code == 0 and down["written"] is True
    assert down["compared_with"] == "the shipped layer (openai 3.60.0)"
    added, removed = _expected_diff(SHIPPED, written)
    d = down["diff"]
    assert (d["ids_added"], d["ids_removed"]) == (added, removed)
    assert (d["old_version"], d["new_version"], d["literals_removed"]) == (
        "3.60.0", "2.54.0", ["LiveModel"])
    assert "gpt-6.2-astra" in removed["ChatModel"]
    gone = {(c["id"], tuple(c["literals"])): (c["before"], c["after"])
            for c in d["notes_changed"]}
    assert len({(lit, i) for lit, i, _ in _dated(SHIPPED)}) + 1 == sum(
        len(lits) for _, lits in gone)  # + the /v1/videos endpoint note
    assert gone[("/v1/videos", ("endpoint",))] == (["shutdown 2026-09-24"], [])
    assert gone[("gpt-4o", ("ChatModel",))] == (["shutdown 2027-01-14"], [])
    assert down["in_use"] == {"origin": "shipped", "openai_version": "3.60.0"}

    code, up = _sync(capsys, "--from", str(openai_wheels["3.60.0"]), "--output", out)
    assert code == 0
    assert up["compared_with"] == f"previous file {user_dir / 'sdk_layer.json'} (openai 2.54.0)"
    u = up["diff"]
    assert (u["ids_added"], u["ids_removed"]) == (d["ids_removed"], d["ids_added"])
    assert (u["literals_added"], u["old_version"]) == (["LiveModel"], "2.54.0")
    assert sorted((c["id"], c["after"], c["before"]) for c in u["notes_changed"]) == sorted(
        (c["id"], c["before"], c["after"]) for c in d["notes_changed"])

    assert main(["sync"]) == 0  # the installed openai: same as the 3.60.0 wheel
    out = capsys.readouterr().out.splitlines()
    assert out[2:4] == ["openai 3.60.0 -> 3.60.0", "no changes: same IDs and notes"]


@pytest.mark.registry
def test_review_3_51_to_3_60_text(capsys: pytest.CaptureFixture[str], user_dir: Path,
                                  openai_wheels: dict[str, Path]) -> None:
    assert main(["sync", "--from", str(openai_wheels["3.51.0"]), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "compared with: the shipped layer (openai 3.60.0)",
        "openai 3.60.0 -> 3.51.0",
        "IDs removed (8):",
        "  ChatModel: gpt-6.2-astra, gpt-6.2-sol",
        "  ResponsesOnlyModel: gpt-6.2-astra-law, gpt-6-astra-healthcare, gpt-6.1-sol-healthcare,"
        " gpt-6.2-astra-healthcare, gpt-6.2-sol-healthcare",
        "  LiveModel: gpt-live-1.1",
        "Notes changed (1; dates changed: 1):",
        "  [endpoint] shutdown 2026-09-24 -> no note: /v1/videos",
        "would write (dry run) export: nothing (give --output PATH to export)",
    ]
    assert not (user_dir / "sdk_layer.json").exists()


def test_export_is_used_only_when_named(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "layer-9.json"
    code, data = _sync(capsys, "--from", str(make_package(tmp_path / "pkg", "9.0.0")),
                       "--output", str(out))
    assert code == 0 and data["written"] and data["target"] == "export"
    assert data["in_use"] == {"origin": "shipped", "openai_version": "3.60.0"}
    assert load_catalog().meta.sdk_origin == "shipped"  # an export never leaks in by itself
    monkeypatch.setenv("MODELMAP_SDK_LAYER", str(out))
    cat = load_catalog()
    assert (cat.meta.sdk_origin, cat.meta.sdk_version) == ("file", "9.0.0")
    assert cat.models["gpt-c"].unsupported and "api.live" in cat.models["live-1"].surfaces


def test_from_without_output_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    code = main(["sync", "--from", str(make_package(tmp_path / "pkg", "9.0.0"))])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "give --output PATH" in err


def test_older_export_replaces_the_previous_file(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    out = tmp_path / "layer.json"
    assert main(["sync", "--from", str(make_package(tmp_path / "a", "9.0.0")),
                 "--output", str(out)]) == 0
    capsys.readouterr()
    code, data = _sync(capsys, "--from", str(make_package(tmp_path / "b", "1.0.0")),
                       "--output", str(out))
    assert code == 0 and data["compared_with"] == f"previous file {out} (openai 9.0.0)"
    assert json.loads(out.read_text())["openai_version"] == "1.0.0"


def test_corrupt_previous_file_is_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           user_dir: Path) -> None:
    user_dir.mkdir(parents=True)
    (user_dir / "sdk_layer.json").write_text("{not json", encoding="utf-8")
    code, data = _sync(capsys, "--from", str(make_package(tmp_path / "pkg", "9.1.0")),
                       "--output", str(user_dir / "sdk_layer.json"))
    assert code == 0 and data["compared_with"].startswith("nothing usable (")
    assert json.loads((user_dir / "sdk_layer.json").read_text())["openai_version"] == "9.1.0"


def test_refuses_the_shipped_snapshot_in_site_packages(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "lib" / "site-packages" / "modelmap" / "catalog" / "data"
    data.mkdir(parents=True)
    monkeypatch.setattr(load_mod, "DATA_DIR", data)
    pkg = make_package(tmp_path / "pkg", "9.0.0")
    code = main(["sync", "--from", str(pkg), "--output", str(data / "sdk_layer.json")])
    err = capsys.readouterr().err
    assert code == 2 and not (data / "sdk_layer.json").exists()
    assert err.count("\n") == 1 and "snapshot shipped with modelmap" in err


@pytest.mark.parametrize(("make", "fragment"), [
    (lambda p: p / "missing.whl", "no such file or folder"),
    (lambda p: _write(p / "notes.txt", "hello"), "not a wheel (.whl) or a folder"),
    (lambda p: _write(p / "bad.whl", "not a zip"), "cannot read the wheel"),
    (lambda p: _mkdir(p / "empty"), "no openai/types folder found"),
])
def test_bad_sources_are_one_line_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         make: Any, fragment: str) -> None:
    code = main(["sync", "--from", str(make(tmp_path)), "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and fragment in err


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize(("layer", "installed", "expected"), [
    ("3.51.0", "3.54.0", "openai 3.54.0 is installed but the catalog's SDK layer comes from "
                         "openai 3.51.0 (shipped): run `modelmap sync` to refresh it"),
    ("3.54.0", "3.54.0", None),
    ("3.54.0", "3.53.9", None),
    ("3.54.0", "3.54.0rc1", None),
    ("3.54.0", "3.54.0.post1", "openai 3.54.0.post1 is installed but the catalog's SDK layer "
                               "comes from openai 3.54.0 (shipped): run `modelmap sync` to "
                               "refresh it"),
    (None, "3.54.0", "openai 3.54.0 is installed but the catalog has no SDK layer: run "
                     "`modelmap sync` to read its model IDs and shutdown dates"),
])
def test_newer_installed_warning(layer: str | None, installed: str, expected: str | None) -> None:
    cat = load_catalog()
    cat = dataclasses.replace(cat, meta=dataclasses.replace(cat.meta, sdk_version=layer))
    assert newer_installed_warning(cat, installed=installed) == expected


@pytest.mark.parametrize(("lower", "higher"), [
    ("3.9.0", "3.10.0"), ("2.54.0", "3.0"), ("3.54.0rc1", "3.54.0"), ("3.54", "3.54.1"),
])
def test_version_order(lower: str, higher: str) -> None:
    assert version_key(lower) < version_key(higher)
    assert version_key("3.54") == version_key("3.54.0")
