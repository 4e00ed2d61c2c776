"""The compiled catalog's cache dir without platformdirs (start-up) is platformdirs' own."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from modelmap import cachedirs
from modelmap.catalog import cache


@pytest.mark.skipif(sys.platform != "linux", reason="the fast path is Linux-only")
@pytest.mark.parametrize("xdg", [None, "", "   ", "relative/cache", "/abs/cache", "/abs/cache/"])
@pytest.mark.parametrize("home", ["/home/someone", "/root"])
def test_cache_dir_is_platformdirs(monkeypatch: pytest.MonkeyPatch, xdg: str | None,
                                   home: str) -> None:
    monkeypatch.delenv("MODELMAP_CACHE_DIR", raising=False)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    monkeypatch.delenv("ANDROID_ROOT", raising=False)
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    fast = cache._xdg_cache_dir()
    assert fast is not None
    assert fast == Path(platformdirs.user_cache_dir("modelmap", appauthor=False))
    assert cache.cache_dir() == fast
    # the check cache's default (what a replayed check looks up before anything is imported)
    assert Path(cachedirs.check_dir()) == Path(platformdirs.user_cache_dir("modelmap")) / "check"


def test_android_and_the_override_leave_the_fast_path(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setenv("ANDROID_DATA", "/data")
    assert cache._xdg_cache_dir() is None
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path))
    assert cache.cache_dir() == tmp_path
    assert cachedirs.check_dir() == str(tmp_path)  # the check cache sits in it directly
