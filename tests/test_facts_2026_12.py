"""The December 2026 refresh (issue 11): each changed fact, with as-of dates on both sides of
the change, through status, resolve, route and validate on the shipped catalog."""

from __future__ import annotations

import datetime as dt

import pytest

from modelmap.catalog.load import load_catalog
from modelmap.catalog.model import Catalog, Rank
from modelmap.route import route
from modelmap.status import status
from modelmap.validate import Call, validate

D = dt.date


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# --- lifecycle -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("model", "day", "state"), [
    ("babbage-002", D(2026, 9, 27), "deprecated"),
    ("babbage-002", D(2026, 9, 28), "shut-down"),
    ("davinci-002", D(2025, 9, 25), "current"),  # the notice came 2025-09-26
    ("davinci-002", D(2025, 9, 26), "deprecated"),
    ("davinci-002", D(2026, 12, 4), "shut-down"),
    ("gpt-3.5-turbo-instruct", D(2026, 9, 28), "shut-down"),
    ("gpt-5", D(2026, 6, 10), "current"),
    ("gpt-5-mini", D(2026, 6, 11), "deprecated"),
    ("gpt-5-nano-2025-08-07", D(2026, 12, 10), "deprecated"),
    ("o3", D(2026, 12, 11), "shut-down"),
    ("gpt-5.5-cyber-preview", D(2026, 11, 4), "current"),
    ("gpt-5.5-cyber-preview", D(2026, 11, 5), "deprecated"),
    ("gpt-5.5-cyber-preview", D(2027, 2, 1), "shut-down"),
    ("gpt-4o-realtime-preview", D(2025, 9, 14), "current"),
    ("gpt-4o-realtime-preview", D(2025, 9, 15), "deprecated"),
    ("gpt-4o-realtime-preview", D(2026, 5, 7), "shut-down"),
])
def test_lifecycle_states(catalog: Catalog, model: str, day: dt.date, state: str) -> None:
    assert status(catalog, model, day).state == state


@pytest.mark.parametrize(("model", "day", "replacement"), [
    ("gpt-5", D(2026, 10, 14), ()),
    ("gpt-5", D(2026, 10, 15), ("gpt-5.6-sol",)),
    ("gpt-5", D(2026, 11, 4), ("gpt-6.1-sol",)),
    ("gpt-5-2025-08-07", D(2026, 12, 4), ("gpt-6.1-sol",)),
    ("gpt-5-mini", D(2026, 11, 3), ("gpt-5.6-terra",)),
    ("gpt-5-mini", D(2026, 12, 4), ("gpt-6.1-terra",)),
    ("gpt-5-nano", D(2026, 11, 3), ("gpt-5.6-luna",)),
    ("gpt-5-nano", D(2026, 12, 4), ("gpt-6-luna",)),
    ("o3", D(2026, 12, 4), ("gpt-6.1-sol",)),
    ("gpt-5-pro", D(2026, 12, 4), ()),
    ("o3-pro-2025-06-10", D(2026, 12, 4), ()),
])
def test_replacements_are_per_model(catalog: Catalog, model: str, day: dt.date,
                                    replacement: tuple[str, ...]) -> None:
    assert status(catalog, model, day).replacement == replacement


def test_pro_variants_say_none_named(catalog: Catalog) -> None:
    st = status(catalog, "gpt-5-pro", D(2026, 12, 4))
    assert st.replacement == () and st.replacement_as_of == D(2026, 11, 4)


def test_weak_and_strong_lifecycle_evidence(catalog: Catalog) -> None:
    assert not status(catalog, "babbage-002", D(2026, 12, 4)).strong  # third parties only
    assert status(catalog, "gpt-4o-realtime-preview", D(2026, 12, 4)).source.url == (  # type: ignore[union-attr]
        "https://developers.openai.com/api/docs/deprecations")


# --- new IDs from openai 3.60.0 ---------------------------------------------------------------

@pytest.mark.parametrize(("model", "surfaces"), [
    ("gpt-live-1.1", {"api.live"}),
    ("gpt-6-astra-healthcare", {"api.responses"}),
    ("gpt-6.1-sol-healthcare", {"api.responses"}),
    ("gpt-6.2-astra-healthcare", {"api.responses"}),
    ("gpt-6.2-sol-healthcare", {"api.responses"}),
    ("gpt-6.2-astra", {"api.responses", "api.chat_completions", "codex.cli", "codex.ide"}),
    ("gpt-6.2-sol", {"api.responses", "api.chat_completions", "codex.cli", "codex.ide"}),
])
def test_new_ids_and_their_surfaces(catalog: Catalog, model: str, surfaces: set[str]) -> None:
    m = catalog.models[model]
    assert set(m.surfaces) == surfaces
    assert any(s.rank == Rank.SDK and s.url == "openai==3.60.0" for s in m.sources)


def test_healthcare_variant_on_chat_is_wrong_surface(catalog: Catalog) -> None:
    found = validate(catalog, Call("chat.completions.create", "gpt-6.2-sol-healthcare"),
                     D(2026, 12, 4))
    assert [f.rule for f in found] == ["MM203"]
    assert validate(catalog, Call("responses.create", "gpt-6.2-sol-healthcare"),
                    D(2026, 12, 4)) == []


def test_gpt_live_1_1_on_the_live_api(catalog: Catalog) -> None:
    assert validate(catalog, Call("live.connect", "gpt-live-1.1"), D(2026, 12, 4)) == []
    assert [f.rule for f in validate(catalog, Call("responses.create", "gpt-live-1.1"),
                                     D(2026, 12, 4))] == ["MM206"]


def test_no_release_date_rests_on_an_sdk_file(catalog: Catalog) -> None:
    """An SDK file shows that an ID exists, not when it was released."""
    from modelmap.catalog.curated import parse_models, parse_surfaces
    from modelmap.catalog.load import DATA_DIR

    surfaces = parse_surfaces(DATA_DIR / "surfaces.toml")
    bad = [m.id for m in parse_models(DATA_DIR / "models.toml", surfaces)
           if m.released is not None and m.source.url.startswith("openai==")]
    assert bad == []


# --- GPT-6.2 reasoning effort -----------------------------------------------------------------

@pytest.mark.parametrize(("model", "effort", "codes"), [
    ("gpt-6.2-astra", "none", ["MM308"]),
    ("gpt-6.2-sol", "minimal", ["MM308"]),
    ("gpt-6.2-sol", "low", []),
    ("gpt-6.2-astra", "max", []),
    ("gpt-6.1-terra", "none", []),  # the rule is the 6.2 line's, not every GPT-6 model's
])
def test_gpt_6_2_effort(catalog: Catalog, model: str, effort: str, codes: list[str]) -> None:
    for day in (D(2026, 11, 18), D(2026, 12, 4)):
        call = Call("responses.create", model, params={"reasoning": {"effort": effort}})
        assert [f.rule for f in validate(catalog, call, day)] == codes


def test_gpt_6_2_effort_in_codex_config(catalog: Catalog) -> None:
    call = Call("codex.config", "gpt-6.2-astra", params={"model_reasoning_effort": "none"})
    assert [f.rule for f in validate(catalog, call, D(2026, 12, 4))] == ["MM308"]
    call = Call("codex.config", "gpt-6.2-astra", params={"model_reasoning_effort": "ultra"})
    assert validate(catalog, call, D(2026, 12, 4)) == []


# --- routes ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "model"), [
    (D(2026, 7, 6), "gpt-realtime-1.5"),
    (D(2026, 7, 7), "gpt-realtime-2.1"),
    (D(2026, 12, 4), "gpt-realtime-2.1"),
])
def test_live_voice_follows_the_agents_sdk_default(catalog: Catalog, day: dt.date,
                                                   model: str) -> None:
    assert route(catalog, "live-voice", day).route.model == model


@pytest.mark.parametrize(("day", "surface", "model"), [
    (D(2026, 9, 23), "sora.app", "Sora 2"),
    (D(2026, 9, 24), "none", None),
    (D(2026, 12, 4), "none", None),
])
def test_video_app_route_ends_with_the_app(catalog: Catalog, day: dt.date, surface: str,
                                           model: str | None) -> None:
    r = route(catalog, "video-app", day).route
    assert (r.surface, r.model) == (surface, model)


def test_video_route_no_longer_points_to_the_app(catalog: Catalog) -> None:
    assert "discontinued" in route(catalog, "video", D(2026, 12, 4)).route.fallback


def test_sora_app_surface_is_dated_and_weak(catalog: Catalog) -> None:
    app = catalog.surfaces["sora.app"]
    assert app.shutdown_date == D(2026, 9, 24)
    assert app.source.rank == Rank.THIRD_PARTY


def test_image_tool_route_no_longer_holds_back_2_5_and_2_6(catalog: Catalog) -> None:
    r = route(catalog, "image-multistep", D(2026, 12, 4)).route
    assert "no 2.5 or 2.6" not in r.hold_back and "gpt-image-2.6-sunburst" in r.hold_back
    tool = "api.responses.image_tool"
    for model in ("gpt-image-2.5-sunburst", "gpt-image-2.6-flare",
                  "gpt-image-2.5-flare-2026-09-08"):
        assert tool in catalog.models[model].surfaces
        call = Call("responses.tools.image_generation", model)
        assert not [f for f in validate(catalog, call, D(2026, 12, 4))
                    if f.rule.startswith("MM2")], model


def test_coding_and_backend_routes_keep_their_pick(catalog: Catalog) -> None:
    """GPT-6.2 rests on third parties only: a recheck, not a new pick."""
    day = D(2026, 12, 4)
    backend = route(catalog, "backend-reasoning", day).route
    coding = route(catalog, "coding-agent", day).route
    assert (backend.model, coding.model) == ("gpt-6-astra", "gpt-5.5")
    assert any("gpt-6.2-astra" in r for r in backend.recheck)
    assert any("gpt-6.2" in r for r in coding.recheck)


# --- interfaces --------------------------------------------------------------------------------

@pytest.mark.parametrize("endpoint", ["evals.create", "evals.runs.create", "prompts.create"])
def test_retired_platform_interfaces(catalog: Catalog, endpoint: str) -> None:
    found = validate(catalog, Call(endpoint, None), D(2026, 12, 4))
    assert [f.rule for f in found] == ["MM502"]
    assert found[0].severity.value == "warning"
    assert "2026-11-30" in found[0].message


def test_platform_shutdowns_are_facts(catalog: Catalog) -> None:
    subjects = {f.subject for f in catalog.facts if f.kind == "availability"}
    assert {"Evals dashboard and API", "Agent Builder", "/v1/prompts"} <= subjects


# --- conflicts stay visible -------------------------------------------------------------------

def test_conflicts_stay_visible() -> None:
    from modelmap.catalog.facts import fact_conflicts

    cat = load_catalog()
    found = {c.subject: c for c in fact_conflicts(cat.facts)}
    transparent = found["gpt-image-2 background=transparent"]
    assert transparent.chosen_source.url == "openai==3.60.0:openai/types/image_generate_params.py"
    audio = found["gpt-audio-1.5 on Realtime"]
    assert audio.chosen_source.rank == Rank.SDK
    assert any(src.rank == Rank.OPENAI for _, src in audio.others)


@pytest.mark.parametrize(("as_of", "state"), [("2026-09-23", "deprecated"),
                                              ("2026-09-24", "shut-down")])
def test_catalog_shows_the_sora_app_by_date(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, as_of: str,
                                            state: str) -> None:
    import json

    from modelmap.cli import main

    monkeypatch.setenv("MODELMAP_NO_CACHE", "1")
    assert main(["catalog", "--as-of", as_of, "--json"]) == 0
    surfaces = {s["key"]: s for s in json.loads(capsys.readouterr().out)["surfaces"]}
    assert surfaces["sora.app"]["state"] == state


def test_translation_interface_cites_the_deprecations_page(catalog: Catalog) -> None:
    found = validate(catalog, Call("audio.translations.create", "whisper-1"), D(2026, 12, 4))
    mm404 = [f for f in found if f.rule == "MM404"]
    assert mm404 and "developers.openai.com/api/docs/deprecations" in mm404[0].message
