"""The compiled-catalog cache: built once, read after; a broken entry rebuilds; old entries
are pruned so the cache dir does not grow by one entry per data or code change."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from modelmap import datacache
from modelmap.catalog import cache
from modelmap.catalog.load import load_catalog
from modelmap.catalog.model import Catalog

DAY = 86400.0


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("MODELMAP_NO_CACHE", raising=False)
    return []


def _build(calls: list[int]) -> Catalog:
    calls.append(1)
    return load_catalog()


def test_built_once_then_read(counted: list[int], tmp_path: Path) -> None:
    first = cache.cached("k1", lambda: _build(counted))
    second = cache.cached("k1", lambda: _build(counted))
    assert len(counted) == 1
    assert second.models.keys() == first.models.keys()
    assert [p.name for p in tmp_path.iterdir()] == ["catalog-k1.cache"]


@pytest.mark.parametrize("content", [b"", b"not a cache", pickle.dumps({"a": 1}),
                                     datacache.encode("catalog", {"a": 1}),
                                     datacache.encode("catalog", ((), (5, 999))),
                                     datacache.encode("check", ((), "x"))])
def test_broken_or_foreign_entry_is_rebuilt(counted: list[int], tmp_path: Path,
                                            content: bytes) -> None:
    (tmp_path / "catalog-k2.cache").write_bytes(content)
    assert isinstance(cache.cached("k2", lambda: _build(counted)), Catalog)
    assert len(counted) == 1
    assert isinstance(cache.unpack(datacache.load(tmp_path / "catalog-k2.cache", "catalog")),
                      Catalog)


def test_no_cache_env_builds_every_time(counted: list[int], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELMAP_NO_CACHE", "1")
    cache.cached("k3", lambda: _build(counted))
    cache.cached("k3", lambda: _build(counted))
    assert len(counted) == 2 and not list(tmp_path.iterdir())


def test_prune_keeps_the_newest_and_drops_the_old(tmp_path: Path) -> None:
    now = 1_800_000_000.0
    ages = {f"catalog-{i:02}.cache": i * 0.5 * DAY for i in range(16)}  # 0 .. 7.5 days
    ages |= {".catalog-new.tmp": 0.1 * DAY, ".catalog-old.tmp": 2 * DAY, "other.txt": 30 * DAY}
    for name, age in ages.items():
        path = tmp_path / name
        path.write_bytes(b"x")
        os.utime(path, (now - age, now - age))
    keep = tmp_path / "catalog-15.cache"  # the entry just written, whatever its age
    deleted = cache.prune(tmp_path, keep=keep, now=now)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".catalog-new.tmp", *[f"catalog-{i:02}.cache" for i in range(8)],
                    "catalog-15.cache", "other.txt"]
    assert len(deleted) == 8  # 08..14 (beyond the 8 newest) and the old .tmp


def test_writing_a_new_entry_prunes(counted: list[int], tmp_path: Path) -> None:
    old = tmp_path / "catalog-stale.cache"
    old.write_bytes(b"x")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    cache.cached("k4", lambda: _build(counted))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog-k4.cache"]


def test_a_cached_catalog_decodes_its_lazy_fields_on_first_read() -> None:
    """jobs, errors, facts and conflicts stay encoded until read; then they equal the built
    catalog's; pickling and copying decode them; `==` and hash see them."""
    import copy

    from modelmap.catalog.model import LAZY_FIELDS

    built = load_catalog()
    lazy = cache.unpack(cache.pack(built), load_catalog)
    assert not set(LAZY_FIELDS) & set(lazy.__dict__)
    assert lazy.models == built.models and not set(LAZY_FIELDS) & set(lazy.__dict__)
    assert lazy == built  # reads every field
    assert set(LAZY_FIELDS) <= set(lazy.__dict__)
    for name in LAZY_FIELDS:
        assert getattr(lazy, name) == getattr(built, name)
    fresh = cache.unpack(cache.pack(built), load_catalog)
    again = pickle.loads(pickle.dumps(fresh))
    assert "_packed" not in again.__dict__ and again == built
    assert copy.copy(cache.unpack(cache.pack(built), load_catalog)) == built


def test_a_lazy_field_that_does_not_decode_comes_from_a_build() -> None:
    built = load_catalog()
    shared, root = cache.pack(built)
    names = cache._FIELDS[Catalog]
    broken = list(root)
    broken[2 + names.index("facts")] = (99, "not a tag")  # passes the digest, not decode
    calls: list[int] = []
    lazy = cache.unpack((shared, tuple(broken)), lambda: _build(calls))
    assert not calls
    assert lazy.facts == built.facts and calls == [1]


def test_the_input_listing_is_pathlibs_glob(tmp_path: Path) -> None:
    from modelmap.catalog.load import DATA_DIR

    for name in (".hidden.toml", "a.toml", "B.TOML", "c.toml.bak", "d.json", "sub.toml"):
        (tmp_path / name).mkdir() if name == "sub.toml" else (tmp_path / name).write_text("")
    for folder, suffix in ((tmp_path, ".toml"), (tmp_path, ".json"), (DATA_DIR, ".toml"),
                           (DATA_DIR.parent, ".py"), (tmp_path / "absent", ".toml")):
        assert cache._listed(folder, suffix) == [str(p) for p in sorted(folder.glob("*" + suffix))]
