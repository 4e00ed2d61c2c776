"""The SDK layer follows the environment: the openai importable here, read on demand and cached
per environment as JSON; never a layer another environment read or synced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelmap.catalog import envlayer
from modelmap.catalog.load import DATA_DIR, default_catalog, load_catalog
from modelmap.cli import main
from sdk_pkg import make_package

SRC = Path(__file__).resolve().parents[1] / "src"
SHIPPED = json.loads((DATA_DIR / "sdk_layer.json").read_text(encoding="utf-8"))["openai_version"]


def site_with_openai(root: Path, version: str) -> Path:
    """A folder laid out like site-packages: openai/ plus its dist-info (a real distribution
    as importlib.metadata finds it)."""
    make_package(root, version)
    info = root / f"openai-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: openai\nVersion: {version}\n",
                                   encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(cache))
    for name in ("MODELMAP_SDK_LAYER", "MODELMAP_CATALOG_DIR", "MODELMAP_CATALOG_OVERLAY"):
        monkeypatch.delenv(name, raising=False)
    default_catalog.cache_clear()
    yield cache
    default_catalog.cache_clear()


def test_newer_installed_openai_is_read_and_cached(tmp_path: Path, _isolated: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site = site_with_openai(tmp_path / "site", "9.0.0")
    monkeypatch.syspath_prepend(str(site))
    cat = load_catalog()
    assert (cat.meta.sdk_origin, cat.meta.sdk_version) == ("installed", "9.0.0")
    assert cat.models["gpt-c"].unsupported and "api.live" in cat.models["live-1"].surfaces
    entries = list((_isolated / "sdk-layers").glob("openai-9.0.0-*.json"))
    assert len(entries) == 1 and cat.meta.sdk_path == str(entries[0])
    entry = json.loads(entries[0].read_text(encoding="utf-8"))
    assert entry["environment"] == {
        "openai_version": "9.0.0", "package_dir": str((site / "openai").resolve()),
        "prefix": str(Path(sys.prefix).resolve()), "extractor": envlayer.extractor_version()}

    # A second load reads the cache: the package's files are no longer consulted.
    (site / "openai" / "types" / "shared" / "chat_model.py").unlink()
    assert "gpt-c" in load_catalog().models


def test_entry_from_another_environment_is_never_served(tmp_path: Path, _isolated: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    site = site_with_openai(tmp_path / "site", "9.0.0")
    monkeypatch.syspath_prepend(str(site))
    inst = envlayer.installed_openai()
    assert inst is not None
    path = envlayer.cache_path(inst)
    forged = {"cache_schema": 1, "environment": {**envlayer.environment_key(inst),
                                                 "prefix": "/some/other/venv"},
              "layer": {**json.loads((DATA_DIR / "sdk_layer.json").read_text()),
                        "openai_version": "9.0.0"}}
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(forged), encoding="utf-8")
    assert envlayer.read_cached(inst) is None
    cat = load_catalog()
    assert "gpt-c" in cat.models  # re-read from this environment's package, not the forgery
    assert json.loads(path.read_text())["environment"]["prefix"] == str(
        Path(sys.prefix).resolve())


def test_older_or_equal_installed_openai_keeps_the_shipped_layer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(site_with_openai(tmp_path / "site", "1.0.0")))
    cat = load_catalog()
    assert (cat.meta.sdk_origin, cat.meta.sdk_version) == ("shipped", SHIPPED)


def test_sync_refreshes_this_environments_entry(tmp_path: Path, _isolated: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    site = site_with_openai(tmp_path / "site", "9.0.0")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")
    assert main(["sync", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    inst = envlayer.installed_openai()
    assert inst is not None
    assert (doc["target"], doc["output"]) == ("environment", str(envlayer.cache_path(inst)))
    assert doc["in_use"] == {"origin": "installed", "openai_version": "9.0.0"}
    assert doc["compared_with"] == f"the shipped layer (openai {SHIPPED})"
    assert main(["sync", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["compared_with"] == "this environment's cached layer (openai 9.0.0)"
    assert again["diff"]["ids_added"] == {} and again["diff"]["ids_removed"] == {}


def test_sync_without_openai_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(envlayer, "installed_openai", lambda: None)
    assert main(["sync"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not installed in this environment" in err


def _run_in(env_path: list[str], cache: Path, data_dir: Path, *argv: str) -> dict:
    """modelmap in a separate interpreter whose sys.path is `env_path` + src only (-S: no
    site-packages, so no openai unless env_path brings one): another environment."""
    code = ("import sys; sys.path[:0] = " + repr([*env_path, str(SRC)]) + "\n"
            "from modelmap.cli import main\nsys.exit(main(" + repr(list(argv)) + "))")
    env = {**os.environ, "MODELMAP_CACHE_DIR": str(cache), "MODELMAP_DATA_DIR": str(data_dir),
           "MODELMAP_NO_CACHE": "1"}
    for name in ("MODELMAP_SDK_LAYER", "MODELMAP_CATALOG_OVERLAY", "PYTHONPATH"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                          env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    out: dict = json.loads(proc.stdout)
    return out


def test_a_layer_never_leaks_into_another_environment(tmp_path: Path, _isolated: Path) -> None:
    pytest.importorskip("platformdirs")
    site = site_with_openai(tmp_path / "venv-a" / "site-packages", "9.0.0")
    data_dir = tmp_path / "data"
    legacy = data_dir / "sdk_layer.json"  # where sync wrote before: must be ignored
    data_dir.mkdir()
    legacy.write_text(json.dumps({**json.loads((DATA_DIR / "sdk_layer.json").read_text()),
                                  "openai_version": "9.9.9"}), encoding="utf-8")
    deps = [p for p in sys.path if p.endswith("site-packages") and "venv-a" not in p]
    a = _run_in([str(site), *deps], _isolated, data_dir, "facts", "--json", "--kind", "surface")
    assert (a["catalog"]["sdk"], a["catalog"]["sdk_origin"]) == ("openai 9.0.0", "installed")
    assert list((_isolated / "sdk-layers").glob("openai-9.0.0-*.json"))

    # Environment B: same user, same cache dir, no openai importable at all.
    b = _run_in([], _isolated, data_dir, "facts", "--json", "--kind", "surface")
    assert (b["catalog"]["sdk"], b["catalog"]["sdk_origin"]) == (f"openai {SHIPPED}", "shipped")


def test_old_entries_are_pruned_when_a_new_one_is_written(tmp_path: Path, _isolated: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _isolated / "sdk-layers"
    folder.mkdir(parents=True)
    stale, recent, crashed = (folder / "openai-1.0.0-aaaa.json", folder / "openai-2.0.0-bbbb.json",
                              folder / ".layer-x.tmp")
    for path in (stale, recent, crashed):
        path.write_text("{}", encoding="utf-8")
    old = os.stat(recent).st_mtime - 91 * 86400
    os.utime(stale, (old, old))
    os.utime(crashed, (old, old))
    monkeypatch.syspath_prepend(str(site_with_openai(tmp_path / "site", "9.0.0")))
    assert load_catalog().meta.sdk_origin == "installed"
    left = sorted(p.name for p in folder.iterdir())
    assert "openai-1.0.0-aaaa.json" not in left and ".layer-x.tmp" not in left
    assert "openai-2.0.0-bbbb.json" in left and len(left) == 2
