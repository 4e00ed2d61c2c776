"""Caches hold data only: a planted, corrupt or hostile file at a cache path is never run,
never hangs or allocates by its header, and is rebuilt (issue 15, item 3)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmap import datacache
from modelmap.catalog import cache as catalog_cache
from modelmap.catalog.load import load_catalog
from modelmap.check import cache as check_cache


class _Planted:
    """Unpickling this runs code (what a crafted pickle in a restored cache would do)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "MODELMAP_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("MODELMAP_NO_CACHE", None)
    return env


def _resolve(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "modelmap", "resolve", "gpt-4o", "--json"],
                          capture_output=True, text=True, env=env, timeout=60)


def test_a_planted_pickle_never_runs(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _resolve(env).returncode == 0  # writes the compiled catalog
    (entry,) = (tmp_path / "cache").glob("catalog-*.cache")
    marker = tmp_path / "pwned"
    planted = pickle.dumps(_Planted(marker))
    for name in [entry.name, entry.name.replace(".cache", ".pickle")]:
        (tmp_path / "cache" / name).write_bytes(planted)
        proc = _resolve(env)
        assert proc.returncode == 0 and '"gpt-4o"' in proc.stdout, proc.stderr
        assert not marker.exists()
    assert catalog_cache.unpack(datacache.load(entry, "catalog")) == load_catalog()


def test_fifo_and_huge_header_at_a_cache_path(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _resolve(env).returncode == 0
    (entry,) = (tmp_path / "cache").glob("catalog-*.cache")
    entry.write_bytes(datacache.MAGIC + b"catalog\0" + (2**40).to_bytes(8, "big") + b"\0" * 16)
    assert _resolve(env).returncode == 0  # the header's length is never allocated
    entry.unlink()
    os.mkfifo(entry)
    proc = _resolve(env)  # a FIFO would block a plain open() forever: timeout=60 fails it
    assert proc.returncode == 0 and '"gpt-4o"' in proc.stdout


def test_a_cache_file_owned_by_someone_else_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "x.cache"
    datacache.dump(path, "check", {"a": 1})
    assert datacache.load(path, "check") == {"a": 1}
    assert datacache.load(path, "catalog") is None  # another kind
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file away")
    os.chown(path, 1234, 1234)
    assert datacache.load(path, "check") is None


def test_check_cache_ignores_planted_files(tmp_path: Path) -> None:
    key = check_cache.run_key(x=1)
    root = tmp_path / "repo"
    first = check_cache.Cache.open(tmp_path, root, key)
    assert first.path is not None
    first.put("a.py", {"stat": (1, 2, 3, 4), "sha": "s"})
    first.save()
    assert check_cache.Cache.open(tmp_path, root, key).manifest[0] == ("a.py",)
    marker = tmp_path / "pwned"
    for path in tmp_path.glob("*.cache"):
        path.write_bytes(pickle.dumps(_Planted(marker)))
    again = check_cache.Cache.open(tmp_path, root, key)
    assert again.manifest == ((), ()) and again.entries == {} and not marker.exists()
    first.path.unlink()
    os.mkfifo(first.path)
    assert check_cache.Cache.open(tmp_path, root, key).manifest == ((), ())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.integers(min_value=0, max_value=2**64 - 1))
def test_arbitrary_bytes_never_decode_to_a_catalog(body: bytes, length: int) -> None:
    """Random payloads behind a valid or invalid header: decode returns None or raises one
    of the errors `cached` catches, never anything else."""
    import hashlib

    digest = hashlib.blake2b(body, digest_size=16).digest()
    for length_field in (length, len(body)):
        data = (datacache.MAGIC + b"catalog\0" + length_field.to_bytes(8, "big") + digest
                + body)
        value = datacache.decode("catalog", data)
        if value is None:
            continue
        with contextlib.suppress(*catalog_cache.DECODE_ERRORS):
            catalog_cache.unpack(value)


def test_catalog_round_trip_is_exact() -> None:
    catalog = load_catalog()
    packed = catalog_cache.pack(catalog)
    assert catalog_cache.unpack(packed) == catalog
    data = datacache.encode("catalog", packed)
    assert catalog_cache.unpack(datacache.decode("catalog", data)) == catalog
    assert isinstance(catalog_cache.unpack(packed).meta.curated_verified_on, dt.date)
