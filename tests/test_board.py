"""`modelmap board`: the page's content as of a date, escaping, self-containment, the CLI."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from modelmap.board import render_board
from modelmap.board.data import board_data
from modelmap.board.timeline import SOON, layout
from modelmap.catalog.load import DATA_DIR, default_catalog, load_catalog
from modelmap.cli import main

DAY = dt.date(2026, 12, 4)


class _Page(HTMLParser):
    """Collects tags, attributes, and the text of each table row."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: dict[str, list[str]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self._table = a.get("id") or ""
        elif tag == "tr" and self._table is not None:
            self._row = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None and self._table is not None:
            self.rows.setdefault(self._table, []).append(" ".join(self._row))
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._row is not None and data.strip():
            self._row.append(data.strip())


def _parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def page() -> str:
    return render_board(default_catalog(), DAY)


def test_page_is_self_contained(page: str) -> None:
    p = _parse(page)
    for tag, attrs in p.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
        if tag == "script":
            assert "src" not in attrs
    assert "@import" not in page and "url(" not in page
    # Only <a> links point outside (sources to read); nothing is loaded from the network.
    assert not re.search(r'\s(?:src|srcset|poster|data)="https?:', page)


def test_sections_as_of(page: str) -> None:
    p = _parse(page)
    catalog = default_catalog()
    jobs = p.rows["jobs"][1:]  # the header row first
    assert len(jobs) == len(catalog.jobs)
    labels = p.rows["labels"][1:]
    assert all("Do not paste this as a model ID" in r for r in labels)
    assert any(r.startswith("ChatGPT Images 2.0") and "gpt-image-2" in r for r in labels)
    assert 'id="as-of-marker"' in page and f"as of {DAY}" in page
    assert 'id="next-90-days"' in page
    assert "RU: " in page and "ZH: " in page and 'lang="zh"' in page
    assert catalog.meta.data_version in page and str(catalog.meta.curated_verified_on) in page


def test_as_of_shifts_everything() -> None:
    catalog = default_catalog()
    early, late = board_data(catalog, dt.date(2026, 6, 1)), board_data(catalog, DAY)
    before = {j.key: j for j in early.jobs}
    after = {j.key: j for j in late.jobs}
    # The chat-product route changed on 2026-08-10 (its source dates say so).
    assert before["chat-product"].since != after["chat-product"].since
    days_early = {s.model: s.days for s in early.shutdowns}
    days_late = {s.model: s.days for s in late.shutdowns}
    assert all(days_early[m] - days_late[m] == (DAY - dt.date(2026, 6, 1)).days
               for m in days_late)
    html = render_board(catalog, dt.date(2026, 6, 1))
    assert "as of 2026-06-01" in html and f"as of {DAY}" not in html


def test_timeline_geometry() -> None:
    data = board_data(default_catalog(), DAY)
    t = layout(data.shutdowns, DAY)
    assert t.start < DAY < t.end and 0 < t.x_as_of < t.width
    assert t.soon_end == DAY + dt.timedelta(days=SOON) and t.soon_width > 0
    assert [r.day for r in t.rows] == sorted(r.day for r in t.rows)
    for r in t.rows:
        want = "past" if r.day < DAY else ("soon" if r.day <= t.soon_end else "later")
        assert r.state == want and r.x_start <= r.x_end
    drawn = sum(len(r.models) for r in t.rows)
    assert drawn + t.earlier + t.later == len(data.shutdowns)


def test_catalog_text_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    labels = data / "labels.toml"
    text = labels.read_text(encoding="utf-8")
    evil = '<img src=x onerror="alert(1)">'
    text = re.sub(r'caveat = "', f'caveat = "{evil.replace(chr(34), chr(92) + chr(34))} ',
                  text, count=1)
    labels.write_text(text, encoding="utf-8")
    html = render_board(load_catalog(data), DAY)
    assert evil not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


def test_cli_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "board.html"
    assert main(["board", "-o", str(out), "--as-of", "2026-12-04"]) == 0
    assert capsys.readouterr().out == f"wrote {out} (as of 2026-12-04)\n"
    assert out.read_text(encoding="utf-8") == render_board(default_catalog(), DAY)
    assert [p.name for p in tmp_path.iterdir()] == ["board.html"]  # no temp file left


@pytest.mark.parametrize(("argv", "needle"), [
    (["board", "-o", "/nonexistent-dir/x/board.html"], "cannot write"),
    (["board", "-o", "b.html", "--as-of", "2026-02-30"], "invalid date"),
    (["board"], "-o/--output"),
])
def test_cli_errors_are_one_line(argv: list[str], needle: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelmap: ") and needle in err and err.count("\n") == 1


@pytest.mark.parametrize("day", [dt.date(2025, 1, 1), dt.date(2030, 6, 1)])
def test_far_dates_render(day: dt.date) -> None:
    """Before the first dated route and long after the last shutdown: the page still renders
    and says so, rather than failing."""
    data = board_data(default_catalog(), day)
    html = render_board(default_catalog(), day)
    assert f"as of {day}" in html
    if day.year == 2025:
        assert all(j.kind == "none" for j in data.jobs)
        assert f"No route dated on or before {day}." in html
    else:
        t = layout(data.shutdowns, day)
        assert t.rows == () and t.earlier == len(data.shutdowns)
