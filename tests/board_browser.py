"""Headless Chromium (Debian's `chromium` package) driven by Playwright, for the board tests
and for regenerating docs/board.png:

    python tests/board_browser.py docs/board.png [--as-of 2026-12-04]

Never `playwright install`: the browser is the system one at CHROMIUM (override with
MODELMAP_CHROMIUM). Each launch uses a fresh profile directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")


def chromium_path() -> str | None:
    env = os.environ.get("MODELMAP_CHROMIUM")
    if env:
        return env
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@contextmanager
def playwright() -> Iterator[Any]:
    """One Playwright driver (one per thread: the sync API cannot nest)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@contextmanager
def context(p: Any, **options: Any) -> Iterator[Any]:
    """A Chromium browser context on a fresh --user-data-dir."""
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("chromium not found: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="modelmap-chromium-") as profile:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=exe, args=list(CHROMIUM_FLAGS), headless=True, **options)
        try:
            yield ctx
        finally:
            ctx.close()


@contextmanager
def browser(**options: Any) -> Iterator[Any]:
    """A driver and one context, for single use."""
    with playwright() as p, context(p, **options) as ctx:
        yield ctx


def screenshot(html: Path, out: Path, width: int, height: int = 900,
               full_page: bool = False) -> None:
    with browser(viewport={"width": width, "height": height}) as ctx:
        page = ctx.new_page()
        page.goto(html.resolve().as_uri())
        page.screenshot(path=str(out), full_page=full_page)


if __name__ == "__main__":  # pragma: no cover - regenerates docs/board.png
    import argparse
    import datetime as dt

    from modelmap.board import render_board
    from modelmap.catalog.load import default_catalog

    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--as-of", default="2026-12-04")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=1100)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "board.html"
        page.write_text(render_board(default_catalog(), dt.date.fromisoformat(a.as_of)),
                        encoding="utf-8")
        screenshot(page, a.out, a.width, a.height)
    print(f"wrote {a.out}")
