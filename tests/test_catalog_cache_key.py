"""The compiled-catalog cache key: a settled input file stands in it by its stat, a just-written
one by its bytes; the shipped-layer entry is found without parsing the layer, and only when the
shipped layer is the one this environment would choose."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from modelmap.catalog import cache, envlayer
from modelmap.catalog.load import DATA_DIR, _shipped_entry, catalog_for
from modelmap.catalog.model import Catalog
from modelmap.catalog.sdk_layer import SHIPPED_NAME


def _data(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    target = folder / "models.toml"
    target.write_text("a = 1\n")
    return folder, target


def test_a_just_written_input_is_keyed_by_its_bytes(tmp_path: Path) -> None:
    folder, target = _data(tmp_path)
    before = os.stat(target)
    key = cache.input_key(folder, [])
    target.write_text("a = 2\n")  # same size, and the mtime put back
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(target).st_size == before.st_size
    assert cache._stamp(target, time.time_ns() - cache.SETTLED_NS) == b"\0dataa = 2\n"
    assert cache.input_key(folder, []) != key


def test_a_settled_input_is_keyed_by_its_stat(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder, target = _data(tmp_path)
    monkeypatch.setattr(cache, "SETTLED_NS", -10**12)  # every file counts as settled
    st = os.stat(target)
    assert cache._stamp(target, time.time_ns() + 10**12) == b"\0stat %d %d %d %d %d" % (
        st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    key = cache.input_key(folder, [])
    assert cache.input_key(folder, []) == key
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns - 10**9))  # stat only: still a change
    assert cache.input_key(folder, []) != key
    key = cache.input_key(folder, [])
    time.sleep(0.05)  # past the file system's clock tick: the rewrite gets a new ctime
    target.write_text("a = 2\n")
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns - 10**9))  # same size and mtime
    assert cache.input_key(folder, []) != key
    assert cache._stamp(tmp_path / "absent.toml", 0) == b"<absent>"


@pytest.fixture
def stored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Catalog:
    """A cache dir holding the default catalog's entry (built on the shipped layer)."""
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path))
    for name in ("MODELMAP_NO_CACHE", "MODELMAP_SDK_LAYER", "MODELMAP_CATALOG_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(envlayer, "installed_openai", lambda: None)
    monkeypatch.setattr(envlayer, "installed_version", lambda: None)
    from modelmap.catalog.load import _catalog_for

    _catalog_for.cache_clear()
    catalog = catalog_for(())
    _catalog_for.cache_clear()
    assert catalog.meta.sdk_origin == "shipped" and (DATA_DIR / SHIPPED_NAME).exists()
    return catalog


def _entry(folder: Path = DATA_DIR) -> Catalog | None:
    return _shipped_entry(folder, str(folder / SHIPPED_NAME), ())


def test_the_shipped_layer_name_is_sdk_layers() -> None:
    from modelmap.catalog.load import SHIPPED_LAYER

    assert SHIPPED_LAYER == SHIPPED_NAME


def test_installed_version_is_installed_openais() -> None:
    inst = envlayer.installed_openai()
    assert envlayer.installed_version() == (inst.version if inst else None)


def test_the_shipped_entry_is_found_without_choosing_a_layer(
        stored: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _entry()
    assert found is not None and found.meta == stored.meta
    assert found.models.keys() == stored.models.keys()
    version = str(stored.meta.sdk_version)
    for older in (version, "0.1.0", f"{version}rc1"):  # not newer: the shipped layer applies
        monkeypatch.setattr(envlayer, "installed_version", lambda v=older: v)
        assert _entry() is not None, older


def test_no_shipped_entry_when_another_layer_applies(
        stored: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(envlayer, "installed_version", lambda: "999.0.0")
    assert _entry() is None  # a newer openai: its own layer
    monkeypatch.setattr(envlayer, "installed_version", lambda: None)
    monkeypatch.setenv("MODELMAP_SDK_LAYER", str(DATA_DIR / SHIPPED_NAME))
    assert _entry() is None  # an explicit layer file
    monkeypatch.delenv("MODELMAP_SDK_LAYER")
    monkeypatch.setenv("MODELMAP_NO_CACHE", "1")
    assert _entry() is None
    monkeypatch.delenv("MODELMAP_NO_CACHE")
    assert _entry(tmp_path) is None  # no shipped layer in that data dir
