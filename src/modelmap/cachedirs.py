"""Where modelmap's caches live, answered with `os` and `sys` alone: a cached start (a
replayed check, a stored catalog) must not import platformdirs, pathlib or re to find them.

`$MODELMAP_CACHE_DIR` moves them all (the check cache then sits in it directly). Otherwise
platformdirs decides; on plain Linux its answer is spelled out here (tests compare the two).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not `import typing`: a replayed check imports this module
if TYPE_CHECKING:
    from typing import Literal


def root() -> str:
    """The catalog's cache dir (compiled catalogs, SDK layers)."""
    return os.environ.get("MODELMAP_CACHE_DIR") or _platform(appauthor=False)


def check_dir() -> str:
    """The check cache's default dir (`--cache-dir` replaces it)."""
    return os.environ.get("MODELMAP_CACHE_DIR") or os.path.join(_platform(appauthor=None),
                                                                "check")


def _platform(appauthor: Literal[False] | None) -> str:
    """platformdirs' `user_cache_dir("modelmap", appauthor=...)`, without importing it on
    plain Linux. (The check cache has always used the default author, the catalog none: the
    two differ on Windows only.)"""
    fast = xdg()
    if fast is not None:
        return fast
    from platformdirs import user_cache_dir

    return user_cache_dir("modelmap", appauthor=appauthor)


def xdg() -> str | None:
    """platformdirs' `user_cache_dir("modelmap")` on plain Linux ($XDG_CACHE_HOME when
    absolute, else ~/.cache); None elsewhere (Android, macOS, Windows: platformdirs decides)."""
    if sys.platform != "linux" or os.environ.get("ANDROID_DATA") or os.environ.get(
            "ANDROID_ROOT"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.expanduser("~/.cache")
    return os.path.join(base, "modelmap")
