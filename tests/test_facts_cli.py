"""`modelmap facts` and `modelmap catalog`: provenance header, staleness, conflicts, status."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from modelmap.catalog.facts import fact_conflicts, stale_facts
from modelmap.catalog.load import DATA_DIR, default_catalog, load_catalog
from modelmap.errors import CatalogError

TODAY = dt.date(2026, 11, 21)


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], int]:
    from modelmap.cli import main

    monkeypatch.setenv("MODELMAP_NO_CACHE", "1")
    monkeypatch.setenv("MODELMAP_TODAY", TODAY.isoformat())
    return main


def run_json(cli: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str],
             argv: list[str], code: int = 0) -> Any:
    assert cli([*argv, "--json"]) == code
    return json.loads(capsys.readouterr().out)


def facts_by(data: Any, subject: str) -> list[dict[str, Any]]:
    return [f for f in data["facts"] if f["subject"] == subject]


# --- header -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("as_of", "age"), [("2026-12-04", 0), ("2026-12-21", 17)])
def test_header_states_age_and_sdk(cli: Callable[[list[str]], int],
                                   capsys: pytest.CaptureFixture[str], as_of: str | None,
                                   age: int) -> None:
    meta = default_catalog().meta
    argv = ["facts", "--kind", "price"] + (["--as-of", as_of] if as_of else [])
    info = run_json(cli, capsys, argv)["catalog"]
    assert info["curated_verified_on"] == meta.curated_verified_on.isoformat() == "2026-12-04"
    assert info["age_days"] == age
    assert info["sdk"] == (f"openai {meta.sdk_version}" if meta.sdk_version else None)
    assert info["sdk_origin"] == meta.sdk_origin


def test_text_header_line(cli: Callable[[list[str]], int],
                          capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["facts", "--kind", "price", "--as-of", "2026-12-04"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("catalog: curated data verified 2026-12-04 (0 days old as of "
                            "2026-12-04); ")
    meta = default_catalog().meta
    if meta.sdk_version:
        assert f"SDK layer from openai {meta.sdk_version} ({meta.sdk_origin}" in first


def test_sdk_warning_goes_to_stderr(cli: Callable[[list[str]], int],
                                    capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import modelmap.sdk

    monkeypatch.setattr(modelmap.sdk, "newer_installed_warning",
                        lambda catalog: "openai 9.9.9 is installed", raising=False)
    assert cli(["facts", "--kind", "price"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "modelmap: warning: openai 9.9.9 is installed\n"
    assert "9.9.9" not in captured.out


# --- stale --------------------------------------------------------------------------------------


def test_price_facts_go_stale_fast(cli: Callable[[list[str]], int],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(cli, capsys, ["facts", "--stale", "--kind", "price"], code=1)
    stale = {f["subject"]: (f["age_days"], f["ttl_days"]) for f in data["facts"]}
    assert stale["gpt-image-2 price"] == (73, 14)
    assert stale["gpt-6-astra price"] == (17, 14)
    assert all(f["stale"] for f in data["facts"])


@pytest.mark.parametrize(("argv", "code", "count"), [
    (["--ttl", "price=100"], 0, 0),
    (["--ttl", "price=20"], 1, 2),
    (["--as-of", "2026-11-10"], 1, 2),
    (["--as-of", "2026-09-10"], 0, 0),
])
def test_ttl_override_and_as_of(cli: Callable[[list[str]], int],
                                capsys: pytest.CaptureFixture[str], argv: list[str], code: int,
                                count: int) -> None:
    data = run_json(cli, capsys, ["facts", "--stale", "--kind", "price", *argv], code=code)
    assert len(data["facts"]) == count


def test_superseded_routes_are_history_not_stale() -> None:
    catalog = load_catalog()
    stale = [f for f, _, _ in stale_facts(catalog, TODAY) if f.kind == "route"]
    assert all(f.until is None for f in stale)
    subjects = {f.subject for f in stale}
    assert "image-free" in subjects  # an open route last verified on 2026-05-08
    assert "video" not in subjects  # its 2026-05-08 route closed on 2026-09-24
    assert "backend-reasoning" not in subjects  # its open route is dated 2026-11-04


def test_list_marks_stale_rows(cli: Callable[[list[str]], int],
                               capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(cli, capsys, ["facts", "--kind", "route", "--subject", "video"])
    rows = {(f["claim"], f["stale"]) for f in data["facts"]}
    assert ("api.videos sora-2 (since 2026-05-08, until 2026-09-24)", False) in rows
    # the Sora app route closed on 2026-09-24 (app discontinued with the API): history now
    assert ("sora.app Sora 2 (since 2026-05-08, until 2026-09-24)", False) in rows
    assert ("none - (since 2026-09-24)", False) in rows


def test_catalog_line_counts_facts_past_their_ttl(
        cli: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str]) -> None:
    """The curated date is the newest verification: the line also says how many facts are
    past their time-to-live, the same number `facts --stale` lists."""
    stale = run_json(cli, capsys, ["facts", "--stale"], code=1)
    n = len(stale["facts"])
    assert n > 0 and stale["catalog"]["stale_facts"] == n
    assert cli(["facts", "--stale"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("catalog: curated data verified ")
    assert first.endswith(f"; {n} facts past their time-to-live (modelmap facts --stale)")
    assert cli(["facts", "--as-of", "2027-06-01"]) == 0  # the hint keeps the date asked for
    assert capsys.readouterr().out.splitlines()[0].endswith(
        "time-to-live (modelmap facts --stale --as-of 2027-06-01)")
    early = run_json(cli, capsys, ["facts", "--as-of", "2026-05-09"])
    assert early["catalog"]["stale_facts"] == 0
    assert cli(["facts", "--as-of", "2026-05-09"]) == 0
    assert "time-to-live" not in capsys.readouterr().out.splitlines()[0]


# --- conflicts ----------------------------------------------------------------------------------


def test_transparent_background_disagreement_stays_visible(
        cli: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(cli, capsys, ["facts", "--conflicts", "--subject", "transparent"])
    [conflict] = data["conflicts"]
    assert conflict["field"] == "param"
    assert conflict["chosen"].startswith("supported in preview")
    assert conflict["chosen_source"]["rank"] == 1
    others = [o["claim"] for o in conflict["others"]]
    assert any("withdrawn on 2026-09-30" in o for o in others)
    assert {o["confidence"] for o in conflict["others"]} == {"M"}


def test_fact_conflicts_pick_by_rank_then_confidence() -> None:
    catalog = load_catalog()
    chosen = {c.subject: c.chosen_source for c in fact_conflicts(catalog.facts)}
    assert int(chosen["gpt-audio-1.5 on Realtime"].rank) == 1
    assert chosen["gpt-image-2 maximum size"].confidence.value == "MH"
    assert "gpt-image-2 price" not in chosen  # one claim only: no disagreement


def test_conflicts_text_says_why_each_claim_was_chosen(
        cli: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str]) -> None:
    """A rank-2 date chosen over the rank-1 openai package is not "precedence": the table
    says the package is silent on the date (every row carries its reason)."""
    assert cli(["facts", "--conflicts", "--subject", "gpt-image-1-mini"]) == 0
    out = capsys.readouterr().out
    assert "wins by precedence" not in out
    row = next(line for line in out.splitlines() if line.startswith("gpt-image-1-mini"))
    assert "rank 2" in row and "no shutdown note" in row
    assert row.rstrip().endswith("does not outrank one that gives it, so the dated notice stands")
    assert cli(["facts", "--conflicts", "--subject", "transparent"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines()
               if line.startswith("gpt-image-2 background"))
    assert row.rstrip().endswith("precedence is rank, confidence, then date")


def test_conflicts_include_lifecycle_ones(cli: Callable[[list[str]], int],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(cli, capsys, ["facts", "--conflicts"])
    fields = {c["field"] for c in data["conflicts"]}
    assert {"shutdown_date", "param", "limit", "availability"} <= fields


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["facts", "--ttl", "price"],
    ["facts", "--ttl", "nonsense=3"],
    ["facts", "--ttl", "price=-1"],
    ["facts", "--kind", "nope"],
    ["facts", "--as-of", "2026-11-31"],
    ["catalog", "--surface", "api.nope"],
    ["catalog", "--as-of", "11/21/2026"],
])
def test_bad_options_exit_2(cli: Callable[[list[str]], int],
                            capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelmap: error:") and err.count("\n") == 1


@pytest.mark.parametrize(("entry", "field"), [
    ('subject = "x"\nkind = "rumour"\nclaim = "y"\nsource = "s"\nverified_on = 2026-01-01',
     "field 'kind'"),
    ('subject = "x"\nkind = "price"\nclaim = "y"\nsource = "s"\nverified_on = 2026-01-01\n'
     'colour = "red"', "field 'colour'"),
    ('subject = "x"\nkind = "price"\nclaim = "y"\nsource = "s"', "field 'verified_on'"),
    ('subject = "x"\nkind = "price"\nclaim = "y"\nsource = "s"\nverified_on = 2026-01-01\n'
     'rank = 7', "field 'rank'"),
])
def test_facts_toml_errors_name_file_entry_field(tmp_path: Path, entry: str,
                                                 field: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "facts.toml").write_text(f"[[fact]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(data, sdk_layer=False)
    assert str(info.value).startswith("facts.toml: fact[0] (x): " + field)


# --- catalog ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("as_of", "state"), [
    ("2026-06-01", "deprecated"), ("2026-09-24", "shut-down"), ("2026-11-21", "shut-down")])
def test_catalog_surfaces_status(cli: Callable[[list[str]], int],
                                 capsys: pytest.CaptureFixture[str], as_of: str,
                                 state: str) -> None:
    data = run_json(cli, capsys, ["catalog", "--as-of", as_of])
    surfaces = {s["key"]: s for s in data["surfaces"]}
    assert set(surfaces) == set(default_catalog().surfaces)
    assert (surfaces["api.videos"]["state"], surfaces["api.videos"]["shutdown_date"]) == (
        state, "2026-09-24")
    assert surfaces["api.responses"]["state"] == "current"
    assert data["catalog"]["curated_verified_on"] == "2026-12-04"


@pytest.mark.parametrize(("as_of", "expected"), [
    # gpt-image-1.5's notice is dated 2026-06-02: the day before, nothing was announced yet.
    ("2026-06-01", {"gpt-image-1": "deprecated", "gpt-image-2": "current",
                    "gpt-image-1.5": "current"}),
    ("2026-06-02", {"gpt-image-1.5": "deprecated"}),
    ("2026-11-21", {"gpt-image-1": "shut-down", "gpt-image-2.6-sunburst": "current",
                    "gpt-image-1.5": "deprecated"}),
    ("2026-12-02", {"gpt-image-1.5": "shut-down", "gpt-image-2": "current"}),
])
def test_catalog_surface_models(cli: Callable[[list[str]], int],
                                capsys: pytest.CaptureFixture[str], as_of: str,
                                expected: dict[str, str]) -> None:
    data = run_json(cli, capsys, ["catalog", "--surface", "api.images", "--as-of", as_of])
    states = {m["id"]: m["state"] for m in data["models"]}
    assert {k: states[k] for k in expected} == expected
    assert data["surface"]["key"] == "api.images"


def test_catalog_text_is_plain_when_piped(cli: Callable[[list[str]], int],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["catalog", "--surface", "api.videos"]) == 0
    out = capsys.readouterr().out
    assert "the surface shuts down on 2026-09-24" in out
    assert "sora-2 " in out and "shut-down" in out
    assert "\x1b[" not in out
