"""Shared pytest fixtures."""

from __future__ import annotations

# --- openai wheels from the package registry (helper H1: SDK layer) -------------------------
# Downloaded once with `pip download --no-deps` into $MODELMAP_TEST_CACHE/wheels (default
# ~/.cache/modelmap-tests/wheels) and reused; the registry is the only network tests touch.
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

OPENAI_WHEEL_VERSIONS = ("2.54.0", "3.51.0", "3.54.0", "3.60.0")


def _wheel_cache() -> Path:
    root = os.environ.get("MODELMAP_TEST_CACHE")
    base = Path(root) if root else Path.home() / ".cache" / "modelmap-tests"
    return base / "wheels"


@pytest.fixture(scope="session")
def openai_wheels() -> dict[str, Path]:
    """version -> path of the cached `openai==version` wheel (downloaded if missing)."""
    cache = _wheel_cache()
    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for version in OPENAI_WHEEL_VERSIONS:
        found = sorted(cache.glob(f"openai-{version}-*.whl"))
        if not found:
            proc = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 "--disable-pip-version-check", "-q", "-d", str(cache), f"openai=={version}"],
                capture_output=True, text=True, check=False)
            found = sorted(cache.glob(f"openai-{version}-*.whl"))
            if proc.returncode != 0 or not found:
                pytest.fail(f"could not download openai=={version} into {cache}: "
                            f"{proc.stderr.strip()[-400:]}")
        out[version] = found[0]
    return out
# --- end of the openai wheels section -----------------------------------------------------


# --- the stale-data notice (modelmap.catalog.freshness) ------------------------------------
# It depends on the wall clock: without this, every test that compares stderr exactly would
# start failing 30 days after the curated data's date. tests/test_freshness.py turns it back on.
@pytest.fixture(autouse=True)
def _no_stale_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELMAP_IGNORE_OLD_DATA", "1")

# --- hypothesis profiles: the fuzz/hostile-input tests run bounded and reproducible in CI ----
# `ci` (default): derandomized, no per-example deadline (2 shared cores), each test's own
# max_examples; HYPOTHESIS_PROFILE=long raises the default for local runs (bench/fuzz_hostile.py
# is the long run that reports figures).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", deadline=None, derandomize=True, max_examples=100,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", deadline=None, max_examples=2000,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# --- the loopback OpenAI server for the guard tests (tests/openai_loopback.py) --------------
@pytest.fixture(scope="module")
def loopback_server() -> Iterator[Any]:
    from openai_loopback import LoopbackOpenAI

    server = LoopbackOpenAI()
    yield server
    server.close()


@pytest.fixture
def srv(loopback_server: Any) -> Any:
    """The module's loopback server with the requests of earlier tests forgotten."""
    loopback_server.take()
    return loopback_server
