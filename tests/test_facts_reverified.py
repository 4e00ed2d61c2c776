"""Facts re-read at first-party sources on 2026-12-04 (issue 11): each cites the page or release
that shows it, with the date that source shows, and is fresh as of 2026-12-04 but not forever."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from modelmap.catalog.load import load_catalog
from modelmap.catalog.model import Catalog, Rank

D = dt.date
GUIDE = "https://developers.openai.com/api/docs/guides/code-generation"
RELEASE = "https://github.com/openai/codex/releases/tag/rust-v0.156.1"
IMAGE_GUIDE = "https://developers.openai.com/ko-KR/api/docs/guides/image-generation"
IMAGE_26_PAGE = "https://developers.openai.com/ko-KR/api/docs/models/gpt-image-2.6-sunburst"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], int]:
    from modelmap.cli import main

    monkeypatch.setenv("MODELMAP_NO_CACHE", "1")
    return main


def stale_rows(cli: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str],
               as_of: str) -> list[dict[str, Any]]:
    cli(["facts", "--stale", "--as-of", as_of, "--json"])
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["facts"]
    return rows


@pytest.mark.parametrize(("key", "url", "day"), [
    ("codex.cli", RELEASE, D(2026, 9, 23)),
    ("codex.ide", GUIDE, D(2026, 9, 29)),
    ("codex.cloud", GUIDE, D(2026, 9, 29)),
])
def test_codex_surfaces_cite_first_party_sources(catalog: Catalog, key: str, url: str,
                                                  day: dt.date) -> None:
    src = catalog.surfaces[key].source
    assert (src.url, src.verified_on, src.rank) == (url, day, Rank.OPENAI)


def test_the_guide_date_is_the_release_of_the_model_it_names(catalog: Catalog) -> None:
    # The copy of the guide is undated; it names gpt-6.1-sol, so it cannot be older than that.
    released = catalog.models["gpt-6.1-sol"].released
    assert released == catalog.surfaces["codex.ide"].source.verified_on


def test_image_verification_fact_is_split_by_source(catalog: Catalog) -> None:
    facts = {f.subject: f for f in catalog.facts}
    guide = facts["gpt-image-2 organization verification"]
    assert (guide.source.url, guide.source.verified_on, guide.source.rank) == (
        IMAGE_GUIDE, D(2026, 11, 5), Rank.OPENAI)
    assert "403" not in guide.claim  # the guide does not say it; the third-party fact does
    report = facts["gpt-image-2 unverified organization"]
    assert report.source.rank == Rank.THIRD_PARTY
    assert "403" in report.claim


@pytest.mark.parametrize("job", ["image-price", "image-limits"])
def test_image_recheck_routes_cite_the_26_model_page(catalog: Catalog, job: str) -> None:
    (open_route,) = [r for r in catalog.jobs[job].routes if r.until is None]
    src = open_route.source
    assert (src.url, src.verified_on, src.rank) == (IMAGE_26_PAGE, D(2026, 11, 5), Rank.OPENAI)
    # the page can be no older than the 2.6 models, whose Images API route starts that day
    (current_pick,) = [r for r in catalog.jobs["image-api"].routes if r.until is None]
    assert (current_pick.model, current_pick.since) == ("gpt-image-2.6-sunburst", src.verified_on)
    assert open_route.since == D(2026, 5, 8)  # the route itself is unchanged, only re-read


REVERIFIED = {"codex.cli", "codex.ide", "codex.cloud", "gpt-image-2 organization verification",
              "image-price", "image-limits"}


@pytest.mark.parametrize(("as_of", "due"), [
    ("2026-12-04", set()),
    # 45 days (availability) after 2026-11-05 the guide fact is due again
    ("2026-12-21", {"gpt-image-2 organization verification"}),
    # 180 days (surface) after 2026-09-23 and 2026-09-29 the surfaces are due as well
    ("2027-04-01", REVERIFIED),
])
def test_reverified_facts_are_fresh_today_and_go_stale_later(
        cli: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str], as_of: str,
        due: set[str]) -> None:
    subjects = {row["subject"] for row in stale_rows(cli, capsys, as_of)}
    assert REVERIFIED & subjects == due
