"""End to end: the shipped SDK layer drives status and resolve (issue 3, 'done when')."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.cli import main


@pytest.fixture(autouse=True)
def shipped_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No synced layer from the developer's machine: the shipped snapshot only."""
    monkeypatch.setenv("MODELMAP_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.delenv("MODELMAP_CATALOG_DIR", raising=False)
    default_catalog.cache_clear()
    yield
    default_catalog.cache_clear()


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("model", "state", "shutdown", "source"), [
    ("gpt-4o", "deprecated", "2027-01-14", "openai==3.60.0:openai/types/shared/chat_model.py"),
    ("gpt-image-1", "shut-down", "2026-10-23", "openai==3.60.0:openai/types/image_model.py"),
    ("o3-pro", "deprecated", "2026-12-11", "openai==3.60.0:openai/types/beta/beta_response.py"),
    ("dall-e-3", "shut-down", "2026-05-12", "openai==3.60.0:openai/types/image_model.py"),
    ("gpt-live-1", "current", None, None),
])
def test_status_from_sdk_layer(capsys: pytest.CaptureFixture[str], model: str, state: str,
                               shutdown: str | None, source: str | None) -> None:
    code, data = _json(capsys, "status", model, "--as-of", "2026-11-21", "--json")
    assert code == (1 if state == "shut-down" else 0)  # README "Exit codes"
    assert (data["state"], data["shutdown_date"]) == (state, shutdown)
    if source is not None:
        assert data["source"] == source


@pytest.mark.parametrize(("model", "as_of", "state"), [
    ("gpt-4o", "2026-10-13", "current"),  # the SDK dates the shutdown; the notice came 10-14
    ("gpt-4o", "2026-10-14", "deprecated"),
    ("sora-2", "2026-03-01", "current"),  # notice 2026-03-24
    ("sora-2", "2026-03-24", "deprecated"),
    ("o3-pro", "2026-06-10", "current"),  # the deprecations page's notice came 2026-06-11
    ("o3-pro", "2026-06-11", "deprecated"),
])
def test_notice_date_comes_from_an_agreeing_claim(capsys: pytest.CaptureFixture[str], model: str,
                                                  as_of: str, state: str) -> None:
    code, data = _json(capsys, "status", model, "--as-of", as_of, "--json")
    assert (code, data["state"]) == (0, state)
    assert str(data["source"]).startswith("openai==3.60.0:")


@pytest.mark.parametrize(("model", "line"), [
    ("gpt-4o", "gpt-4o: deprecated as of 2026-11-21 (shutdown 2027-01-14, 54 days left)"),
    ("gpt-image-1", "gpt-image-1: shut-down as of 2026-11-21 (shut down on 2026-10-23)"),
])
def test_status_text(capsys: pytest.CaptureFixture[str], model: str, line: str) -> None:
    assert main(["status", model, "--as-of", "2026-11-21"]) == (1 if "shut-down" in line else 0)
    assert capsys.readouterr().out.splitlines()[0] == line


@pytest.mark.parametrize(("as_of", "left"), [("2027-01-13", "1 day left"),
                                             ("2027-01-12", "2 days left")])
def test_days_left_is_counted_in_words(capsys: pytest.CaptureFixture[str], as_of: str,
                                       left: str) -> None:
    assert main(["status", "gpt-4o", "--as-of", as_of]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(f"(shutdown 2027-01-14, {left})")
    assert main(["resolve", "gpt-4o", "--as-of", as_of]) == 0
    assert f", shutdown 2027-01-14, {left}" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "kind", "surfaces"), [
    ("gpt-5.1-mini", "unsupported", ["api.chat_completions", "api.responses"]),
    ("gpt-6.2-astra-law", "model", ["api.responses"]),
    ("gpt-realtime-2.1-mini", "model", ["api.realtime"]),
    ("gpt-image-2.6-flare", "model", ["api.images", "api.responses.image_tool"]),
])
def test_resolve_from_sdk_layer(capsys: pytest.CaptureFixture[str], name: str, kind: str,
                                surfaces: list[str]) -> None:
    code, data = _json(capsys, "resolve", name, "--json")
    assert code == 0
    assert (data["kind"], data["id"]) == (kind, name)
    assert set(surfaces) <= set(data["surfaces"])  # type: ignore[arg-type]


def test_shipped_layer_provenance() -> None:
    meta = default_catalog().meta
    assert (meta.sdk_version, meta.sdk_origin) == ("3.60.0", "shipped")


def test_videos_endpoint_note_is_a_surface_fact(capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped layer's /v1/videos note becomes a rank-1 fact on api.videos; it agrees with
    the curated surface date, so it adds no conflict."""
    from modelmap.catalog.load import load_catalog
    from modelmap.catalog.model import Rank

    cat = load_catalog()
    facts = [f for f in cat.facts if f.subject == "api.videos" and f.source.rank == Rank.SDK]
    assert len(facts) == 1
    assert "/v1/videos: shutdown 2026-09-24" in facts[0].claim
    assert facts[0].source.url == "openai==3.60.0:openai/types/batch_create_params.py"
    assert cat.surfaces["api.videos"].shutdown_date == dt.date(2026, 9, 24)
    assert not [c for c in cat.conflicts if c.subject == "api.videos"]


def test_endpoint_note_that_disagrees_is_a_conflict(tmp_path: Path) -> None:
    from modelmap.catalog.load import DATA_DIR, load_catalog

    raw = json.loads((DATA_DIR / "sdk_layer.json").read_text())
    raw["endpoint_notes"][0]["date"] = "2026-10-01"
    path = tmp_path / "layer.json"
    path.write_text(json.dumps(raw))
    cat = load_catalog(sdk_layer=path)
    [conflict] = [c for c in cat.conflicts if c.subject == "api.videos"]
    assert (conflict.chosen, conflict.others[0][0]) == ("2026-10-01", "2026-09-24")
    raw["endpoint_notes"][0]["endpoints"] = "/v1/videos"
    path.write_text(json.dumps(raw))
    from modelmap.errors import CatalogError

    with pytest.raises(CatalogError, match=r"endpoint_notes\[0\].*endpoints"):
        load_catalog(sdk_layer=path)
