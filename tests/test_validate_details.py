"""validate details: messages, fixes, locations, data validation, endpoint tables."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from modelmap.catalog import curated
from modelmap.catalog.load import DATA_DIR, default_catalog
from modelmap.catalog.model import Catalog
from modelmap.errors import CatalogError
from modelmap.findings import Edit, Finding, Location
from modelmap.rules import BY_CODE
from modelmap.validate import ENDPOINTS, Call, Span, validate
from modelmap.validate import data as vdata
from modelmap.validate.endpoints import HTTP_PATHS, canonical, from_http_path, kind_of
from modelmap.validate.params import CHECKS

AS_OF = dt.date(2026, 11, 21)
LOC = Location("app.py", 12, 5, 12, 40)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


def one(catalog: Catalog, call: Call, code: str, day: dt.date = AS_OF) -> Finding:
    found = [f for f in validate(catalog, call, day) if f.rule == code]
    assert len(found) == 1, [f.rule for f in validate(catalog, call, day)]
    return found[0]


MESSAGES = [
    (Call("chat.completions.create", "gpt-4o"), "MM402",
     "gpt-4o shuts down on 2027-01-14 (54 days after 2026-11-21); replacement as of 2026-10-14: "
     "gpt-6-luna."),
    (Call("chat.completions.create", "gpt-4"), "MM401",
     "gpt-4 was shut down on 2026-10-23 (29 days before 2026-11-21); replacement as of "
     "2026-10-15: gpt-5.6-sol, gpt-5.6-terra, gpt-5.6-luna."),
    (Call("images.generate", "gpt-image-2", {"size": "1920x1080"}), "MM301",
     "size '1920x1080' is invalid for gpt-image-2: both edges must be multiples of 16 "
     "(1080 is not)."),
    (Call("images.generate", "gpt-image-2", {"size": "1921x1080"}), "MM301",
     "size '1921x1080' is invalid for gpt-image-2: both edges must be multiples of 16 "
     "(1921 and 1080 are not)."),
    (Call("images.generate", "gpt-image-2", {"size": "0x0"}), "MM301",
     "size '0x0' is invalid for gpt-image-2: both edges must be at least 1 pixel; total pixels "
     "must be within 655,360..8,294,400 (got 0)."),
    (Call("images.generate", "gpt-image-2", {"size": "2048x2048"}), "MM302",
     "size '2048x2048' has 4,194,304 pixels, more than 3,686,400: experimental for gpt-image-2; "
     "expect slower or failed requests."),
    (Call("images.generate", "gpt-image-2", {"size": "1024x3840"}), "MM301",
     "size '1024x3840' is invalid for gpt-image-2: long:short must be at most 3:1."),
    (Call("images.generate", "gpt-image-2", {"size": "512x512"}), "MM301",
     "size '512x512' is invalid for gpt-image-2: total pixels must be within "
     "655,360..8,294,400 (got 262,144)."),
    (Call("chat.completions.create", "gpt-5.5", {"max_tokens": 5}), "MM305",
     "gpt-5.5 does not accept max_tokens; use max_completion_tokens instead."),
    (Call("images.generate", "gpt-image-2", {"quality": "hd"}), "MM303",
     "quality='hd' is not accepted by gpt-image-2; allowed: low, medium, high, auto; hd and "
     "standard were DALL-E qualities."),
    (Call("chat.completions.create", "gpt-5.5", base_url="https://api.openai.com/v1/v1"),
     "MM506", "base URL 'https://api.openai.com/v1/v1' has /v1 twice; requests go to "
              "/v1/v1/chat/completions and answer 404."),
]


@pytest.mark.parametrize(("call", "code", "start"), MESSAGES)
def test_message_says_what_and_instead(catalog: Catalog, call: Call, code: str,
                                       start: str) -> None:
    assert one(catalog, call, code).message.startswith(start)


def test_lifecycle_message_names_source_and_date(catalog: Catalog) -> None:
    msg = one(catalog, Call("beta.assistants.create", "gpt-4o"), "MM403").message
    assert "shut down on 2026-08-26 (87 days before 2026-11-21)" in msg
    assert "https://developers.openai.com/api/docs/assistants/migration" in msg


def test_codex_message_names_the_release(catalog: Catalog) -> None:
    call = Call("codex.config", None, {"providers": {"local": {"wire_api": "chat"}}})
    assert "PR #10157" in one(catalog, call, "MM405").message
    call = Call("codex.config", None, {"profiles": ["fast"]})
    assert "Codex 0.134.0 (2026-05-26)" in one(catalog, call, "MM406").message


SPAN = Span(12, 24, 12, 37)

FIXES = [
    (Call("images.generate", "gpt-image-2.0", model_span=SPAN), "MM101", "safe", "gpt-image-2"),
    (Call("chat.completions.create", "GPT-5.5 Instant", model_span=SPAN), "MM101", "unsafe",
     "gpt-5.5"),  # not the rolling chat-latest the label data names first (MM503)
    (Call("chat.completions.create", "gpt_5.5", model_span=SPAN), "MM102", "safe", "gpt-5.5"),
    (Call("chat.completions.create", "GPT-5.5", model_span=SPAN), "MM101", "safe", "gpt-5.5"),
    (Call("chat.completions.create", "openai/gpt-5.5", model_span=SPAN), "MM508", "unsafe",
     "gpt-5.5"),
    (Call("chat.completions.create", "gpt-4o", model_span=SPAN), "MM402", "unsafe", "gpt-6-luna"),
    (Call("codex.config", None, {"providers": {"x": {"wire_api": "chat"}}},
          param_spans={"providers.x.wire_api": SPAN}), "MM405", "unsafe", "responses"),
]


@pytest.mark.parametrize(("call", "code", "safety", "replacement"), FIXES)
def test_fix_replaces_the_span(catalog: Catalog, call: Call, code: str, safety: str,
                               replacement: str) -> None:
    fix = one(catalog, call, code).fix
    assert fix is not None
    assert (fix.safety, fix.edits) == (safety, (Edit(12, 24, 12, 37, replacement),))


NO_FIX = [
    (Call("images.generate", "gpt-image-2.0"), "MM101"),  # no span: nothing to edit
    (Call("chat.completions.create", "gpt-5-latest", model_span=SPAN), "MM101"),  # no target
    (Call("chat.completions.create", "gpt-4", model_span=SPAN), "MM401"),  # three successors
]


@pytest.mark.parametrize(("call", "code"), NO_FIX)
def test_no_fix_without_span_or_single_target(catalog: Catalog, call: Call, code: str) -> None:
    assert one(catalog, call, code).fix is None


def test_param_finding_points_at_the_param_span(catalog: Catalog) -> None:
    call = Call("images.generate", "gpt-image-2", {"size": "1920x1080", "n": 12}, location=LOC,
                param_spans={"size": Span(13, 10, 13, 19)})
    found = {f.rule: f.location for f in validate(catalog, call, AS_OF)}
    assert found == {"MM301": Location("app.py", 13, 10, 13, 19), "MM306": LOC}


def test_model_finding_points_at_the_model_span(catalog: Catalog) -> None:
    call = Call("chat.completions.create", "gpt-4", location=LOC, model_span=SPAN)
    assert one(catalog, call, "MM401").location == Location("app.py", 12, 24, 12, 37)


def test_base_url_finding_points_at_base_url_span(catalog: Catalog) -> None:
    call = Call("chat.completions.create", "gpt-5.5", base_url="https://api.openai.com",
                location=LOC, base_url_span=Span(3, 20, 3, 42))
    assert one(catalog, call, "MM505").location == Location("app.py", 3, 20, 3, 42)


def test_env_default_is_noted(catalog: Catalog) -> None:
    call = Call("chat.completions.create", "gpt-4o", via="env-default")
    assert one(catalog, call, "MM402").message.endswith(
        "(Note: the model is the default of an environment variable; the value at run time "
        "may differ.)")


def test_provider_marks_a_foreign_route(catalog: Catalog) -> None:
    assert validate(catalog, Call("chat.completions.create", "gpt-4", provider="azure"),
                    AS_OF) == []


def test_provider_openai_overrides_a_foreign_base_url(catalog: Catalog) -> None:
    loopback = "http://127.0.0.1:8765/v1"
    assert validate(catalog, Call("chat.completions.create", "gpt-4", base_url=loopback),
                    AS_OF) == []
    call = Call("chat.completions.create", "gpt-4", base_url=loopback, provider="openai")
    assert [f.rule for f in validate(catalog, call, AS_OF)] == ["MM401"]


def test_image_tools_expand_only_without_a_location(catalog: Catalog) -> None:
    tools = [{"type": "image_generation", "model": "gpt-image-2", "input_fidelity": "low"}]
    runtime = Call("responses.create", "gpt-5.5", {"tools": tools})
    scanned = Call("responses.create", "gpt-5.5", {"tools": tools}, location=LOC)
    assert [f.rule for f in validate(catalog, runtime, AS_OF)] == ["MM304"]
    assert validate(catalog, scanned, AS_OF) == []


def test_unknown_params_silence_absence_rules(catalog: Catalog) -> None:
    call = Call("responses.create", "gpt-5.5-pro", unknown_params=True)
    assert validate(catalog, call, AS_OF) == []


def test_validate_is_pure_and_repeatable(catalog: Catalog) -> None:
    call = Call("images.generate", "gpt-image-2", {"size": "1920x1080"})
    assert validate(catalog, call, AS_OF) == validate(catalog, call, AS_OF)


# --- data ---------------------------------------------------------------------------------

def _raw() -> dict[str, Any]:
    return {name: curated.read_toml(DATA_DIR / f"{name}.toml") for name in ("params", "families")}


def test_shipped_data_parses() -> None:
    parsed = vdata.parse(_raw())
    assert {r.check for r in parsed.rules} <= set(vdata.CHECKS)
    assert len({r.id for r in parsed.rules}) == len(parsed.rules)


def test_interpreters_match_the_declared_checks() -> None:
    assert set(CHECKS) == set(vdata.CHECKS)


def test_param_rules_emit_parameter_codes() -> None:
    families = {BY_CODE[r.code].family for r in vdata.parse(_raw()).rules}
    assert families <= {"invalid-param", "unsupported-param"}


BAD_DATA = [
    (("params", "rule", 0, "check"), "nope", "params.toml: rule[0] (image-size-flex): field "
                                             "'check' must be one of"),
    (("params", "rule", 0, "code"), "MM999", "params.toml: rule[0] (image-size-flex): field "
                                             "'code' names no rule in RULES: 'MM999'"),
    (("params", "rule", 0, "match"), ["no-such-family"], "params.toml: rule[0] "
     "(image-size-flex): field 'match' names unknown family 'no-such-family'"),
    (("params", "rule", 0, "colour"), "red", "params.toml: rule[0] (image-size-flex): field "
                                             "'colour' is not a known field"),
    (("families", "family", "gpt-5", "members"), ["gpt-5.5"], "families.toml: family.gpt-5.x: "
     "field 'members' 'gpt-5.5' is already in family 'gpt-5'"),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD_DATA)
def test_bad_data_names_file_entry_and_field(path: tuple[Any, ...], value: Any,
                                             message: str) -> None:
    raw = copy.deepcopy(_raw())
    node: Any = raw
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    with pytest.raises(CatalogError) as err:
        vdata.parse(raw)
    assert str(err.value).startswith(message)


# --- endpoints ----------------------------------------------------------------------------

def test_endpoint_surfaces_exist(catalog: Catalog) -> None:
    named = {s for surfaces in ENDPOINTS.values() for s in surfaces}
    assert named - set(catalog.surfaces) == set()


def test_http_paths_name_known_endpoints() -> None:
    assert {k for k in HTTP_PATHS.values() if k not in ENDPOINTS} == set()


@pytest.mark.parametrize(("given", "key"), [
    ("client.images.generate", "images.generate"),
    ("openai.ChatCompletion.create", "chat.completions.create"),
    ("Embedding.create", "embeddings.create"),
    ("chat.completions.with_raw_response.create", "chat.completions.create"),
])
def test_canonical(given: str, key: str) -> None:
    assert canonical(given) == key


@pytest.mark.parametrize(("path", "key"), [
    ("/v1/images/generations", "images.generate"),
    ("v1/chat/completions/", "chat.completions.create"),
    ("/responses?stream=true", "responses.create"),
    ("/v1/nothing", None),
])
def test_from_http_path(path: str, key: str | None) -> None:
    assert from_http_path(path) == key


@pytest.mark.parametrize(("endpoint", "kind"), [
    ("videos.get_character", "videos"), ("beta.threads.runs.submit_tool_outputs", "assistants"),
    ("beta.realtime.sessions.create", "realtime_beta"), ("no.such.thing", None),
])
def test_kind_of(endpoint: str, kind: str | None) -> None:
    assert kind_of(endpoint) == kind


@pytest.mark.parametrize("raw", ["gpt-5.5 ", " gpt-5.5", "\tgpt-5.5\n"])
def test_whitespace_around_a_known_id_is_a_safe_fix_warning(catalog: Catalog, raw: str) -> None:
    """A fresh-eyes trial sent `model="gpt-5.5 "` through check and validate: nothing said."""
    span = Span(3, 27, 3, 27 + len(raw))
    f = one(catalog, Call("responses.create", raw, model_span=span, via="literal"), "MM102")
    assert f.severity.value == "warning" and "whitespace" in f.message
    assert f.fix is not None and f.fix.safety == "safe"
    assert f.fix.edits == (Edit(3, 27, 3, 27 + len(raw), "gpt-5.5"),)
    assert [x.rule for x in validate(catalog, Call("responses.create", "gpt-5.5"), AS_OF)] == []


@pytest.mark.parametrize("via", ["config", "docs", "env-default"])
def test_whitespace_is_not_judged_where_values_are_trimmed(catalog: Catalog, via: str) -> None:
    assert [f.rule for f in validate(catalog, Call("responses.create", "gpt-5.5 ", via=via),
                                     AS_OF)] == []
