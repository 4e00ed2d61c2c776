"""The board in a real browser: headless Chromium (Debian's package) driven by Playwright.

Loads with no console errors and no network requests, the filter narrows rows, the timeline
shows the as-of marker, works without JavaScript (all rows, no filter box), honours the dark
scheme and print media, and screenshots at a laptop and a phone width are not blank. The
screenshots are kept under .artifacts/board/ (gitignored) and in the pytest tmp dir.

.ci/run installs chromium when it is missing; elsewhere the test skips with the reason, except
under CI=true, where a missing browser fails.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

from modelmap.board import render_board
from modelmap.catalog.load import default_catalog

sys.path.insert(0, str(Path(__file__).parent))
from board_browser import chromium_path, context, playwright

DAY = dt.date(2026, 12, 4)
ARTIFACTS = Path(__file__).resolve().parent.parent / ".artifacts" / "board"

if chromium_path() is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (.ci/run installs it)", pytrace=False)
    pytest.skip("chromium is not installed: apt-get install -y chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def board_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("board") / "board.html"
    path.write_text(render_board(default_catalog(), DAY), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pw() -> Iterator[Any]:
    with playwright() as p:
        yield p


@pytest.fixture(scope="module")
def ctx(pw: Any) -> Iterator[Any]:
    with context(pw, viewport={"width": 1280, "height": 900}) as c:
        yield c


def _open(ctx: Any, board_file: Path) -> tuple[Any, list[str], list[str]]:
    page = ctx.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(board_file.as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


def _visible_rows(page: Any, table: str) -> int:
    return int(page.eval_on_selector_all(
        f"#{table} tbody tr", "rows => rows.filter(r => !r.hidden).length"))


def test_loads_clean_and_filters(ctx: Any, board_file: Path) -> None:
    page, errors, requests = _open(ctx, board_file)
    assert errors == []
    assert requests == [board_file.as_uri()]  # nothing else is fetched
    assert page.is_visible("#filter")
    total = {t: _visible_rows(page, t) for t in ("jobs", "labels", "shutdowns")}
    assert all(n > 0 for n in total.values())
    page.fill("#filter", "gpt-image")
    narrowed = {t: _visible_rows(page, t) for t in total}
    assert 0 < sum(narrowed.values()) < sum(total.values())
    texts = page.eval_on_selector_all(
        "table.filterable tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.textContent"
        " + ' ' + (r.dataset.filter || ''))")
    assert texts and all("gpt-image" in t.lower() for t in texts)
    assert "rows match" in page.inner_text("#filter-status")
    page.fill("#filter", "изображ")  # Russian keyword of the image job
    assert _visible_rows(page, "jobs") >= 1
    page.fill("#filter", "")
    assert {t: _visible_rows(page, t) for t in total} == total
    page.close()


def test_timeline_marker(ctx: Any, board_file: Path) -> None:
    page, errors, _ = _open(ctx, board_file)
    marker = page.query_selector("#as-of-marker")
    band = page.query_selector("#next-90-days")
    assert marker is not None and band is not None and errors == []
    m, b = marker.bounding_box(), band.bounding_box()
    assert m["height"] > 20 and b["width"] > 10
    assert abs(m["x"] - b["x"]) < 3  # the band starts at the as-of line
    assert f"as of {DAY}" in marker.text_content()
    page.close()


def test_without_javascript(pw: Any, board_file: Path) -> None:
    with context(pw, viewport={"width": 1280, "height": 900}, java_script_enabled=False) as c:
        page = c.new_page()
        page.goto(board_file.as_uri())
        assert not page.is_visible("#filter")
        assert page.locator("#jobs tbody tr").count() == len(default_catalog().jobs)
        assert page.is_visible("#as-of-marker")


def test_dark_scheme_and_print(pw: Any, board_file: Path) -> None:
    with context(pw, viewport={"width": 1280, "height": 900}, color_scheme="dark") as c:
        page = c.new_page()
        page.goto(board_file.as_uri())
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert bg == "rgb(13, 17, 23)"
        page.emulate_media(media="print")
        assert page.evaluate(
            "getComputedStyle(document.getElementById('filter-wrap')).display") == "none"


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_screenshots_are_not_blank(ctx: Any, board_file: Path, tmp_path: Path, width: int,
                                   height: int) -> None:
    page, errors, _ = _open(ctx, board_file)
    page.set_viewport_size({"width": width, "height": height})
    shot = tmp_path / f"board-{width}.png"
    page.screenshot(path=str(shot))
    page.close()
    assert errors == []
    with Image.open(shot) as im:
        assert im.size == (width, height)
        stat = ImageStat.Stat(im.convert("L"))
        assert stat.var[0] > 200  # text, tables and lines, not a blank page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / shot.name)


def test_phone_has_no_horizontal_scroll(ctx: Any, board_file: Path) -> None:
    page, _, _ = _open(ctx, board_file)
    page.set_viewport_size({"width": 390, "height": 844})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390
    page.close()
