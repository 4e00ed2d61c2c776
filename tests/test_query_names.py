"""resolve/status on what people paste: fine-tunes, labels, stray whitespace, JSON shape."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.cli import main
from modelmap.resolve import fine_tune_base, resolve
from modelmap.status import status, status_of_name

DAY = dt.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, object]:
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name,base", [
    ("ft:gpt-4o-mini:acme::abc", "gpt-4o-mini"),
    ("ft:gpt-4o-mini-2024-07-18:acme:support:AbC123", "gpt-4o-mini-2024-07-18"),
    (" ft:gpt-4.1:org::x ", "gpt-4.1"),
    ("ft:", None), ("ft::acme::x", None), ("gpt-4o-mini", None), ("ft:gpt-4o-mini", None),
])
def test_fine_tune_base(name: str, base: str | None) -> None:
    assert fine_tune_base(name) == base


def test_fine_tune_resolves_to_its_base() -> None:
    cat = default_catalog()
    res = resolve(cat, "ft:gpt-4o-mini:acme::abc")
    assert res.kind == "fine-tune" and res.base == "gpt-4o-mini"
    assert res.is_api_id and res.target == "gpt-4o-mini"
    assert res.api_ids == ("ft:gpt-4o-mini:acme::abc",)
    assert "api.responses" in res.surfaces
    unknown = resolve(cat, "ft:no-such-base:acme::abc")
    assert unknown.kind == "unknown" and "no-such-base" in unknown.caveat


def test_fine_tune_status_is_the_base_lifecycle() -> None:
    cat = default_catalog()
    for name, base in [("ft:gpt-4o-mini:acme::abc", "gpt-4o-mini"),
                       ("ft:gpt-3.5-turbo-0613:acme::abc", "gpt-3.5-turbo-0613")]:
        st, via = status_of_name(cat, name, DAY)
        assert via == "fine-tune"
        assert st == status(cat, base, DAY)


def test_fine_tune_cli_exit_code_follows_the_base(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert status(default_catalog(), "gpt-3.5-turbo-0613", DAY).state == "shut-down"
    assert status(default_catalog(), "gpt-4.1", DAY).state in ("current", "deprecated")
    code, out = _json(capsys, ["status", "--json", "ft:gpt-4.1:acme::abc"])
    assert code == 0 and isinstance(out, dict)
    assert out["via"] == "fine-tune" and out["id"] == "gpt-4.1" and out["is_api_id"] is True
    assert "base model gpt-4.1" in out["warning"]
    code, out = _json(capsys, ["status", "--json", "ft:gpt-3.5-turbo-0613:acme::abc"])
    assert code == 1 and isinstance(out, dict) and out["state"] == "shut-down"
    code, out = _json(capsys, ["resolve", "--json", "ft:gpt-3.5-turbo-0613:acme::abc"])
    assert code == 1 and isinstance(out, dict)
    assert (out["kind"], out["base"], out["state"]) == ("fine-tune", "gpt-3.5-turbo-0613",
                                                        "shut-down")
    assert main(["resolve", "ft:gpt-4.1:acme::abc"]) == 0
    text = capsys.readouterr().out
    assert "fine-tune" in text and "base      gpt-4.1" in text


def test_status_of_a_label_says_it_is_not_an_api_id(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "GPT-5.5 Instant"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("GPT-5.5 Instant (label of chat-latest; not an API ID, send "
                            "chat-latest) -> chat-latest:")
    _, out = _json(capsys, ["status", "--json", "GPT-5.5 Instant"])
    assert isinstance(out, dict)
    assert out["is_api_id"] is False and "not an API ID" in out["warning"]
    _code, out = _json(capsys, ["status", "--json", "gpt-5.5"])
    assert isinstance(out, dict) and out["is_api_id"] is True and out["warning"] is None


def test_surrounding_whitespace_is_ignored(capsys: pytest.CaptureFixture[str]) -> None:
    cat = default_catalog()
    for name in ("gpt-5.5 ", " gpt-5.5", "\tgpt-5.5\n"):
        res = resolve(cat, name)
        assert (res.kind, res.id, res.query) == ("model", "gpt-5.5", "gpt-5.5")
        st, via = status_of_name(cat, name, DAY)
        assert (st.id, via) == ("gpt-5.5", None)
    assert main(["resolve", "gpt-5.5 "]) == 0
    out = capsys.readouterr().out
    assert "display-name" not in out and "kind      model" in out
    assert "not an exact ID" not in out


def test_before_release_is_not_current() -> None:
    """Regression for the trial report: gpt-image-2 as of 1990 used to say current."""
    st = status(default_catalog(), "gpt-image-2", dt.date(1990, 1, 1))
    assert st.state == "not-released"


def test_resolve_json_has_state_next_to_status(capsys: pytest.CaptureFixture[str]) -> None:
    _, one = _json(capsys, ["resolve", "--json", "gpt-5.5"])
    assert isinstance(one, dict) and one["state"] == one["status"] == "current"
    _, many = _json(capsys, ["resolve", "--json", "gpt-5.5", "chat-latest"])
    assert isinstance(many, list) and len(many) == 2
    _, listed = _json(capsys, ["resolve", "--json-list", "gpt-5.5"])
    assert isinstance(listed, list) and listed[0]["state"] == "current"
    _code, st = _json(capsys, ["status", "--json", "gpt-5.5"])
    assert isinstance(st, dict) and st["state"] == one["state"]


def test_json_shape_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with contextlib.suppress(SystemExit):
        main(["resolve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "one object for one NAME and a list" in text and "--json-list" in text
    assert "`state`" in text
