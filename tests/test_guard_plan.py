"""The guard's precomputed validation (modelmap.validate.plan) answers exactly as validate().

Thousands of generated runtime calls (endpoints, models of every kind, parameters the rules read
with values of every JSON type, base URLs, providers, dates) go through one shared `Plans` (so
plans are reused across calls and dropped on date changes, as in the guard) and through the
plain `validate()`; the findings must be identical, in the same order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from typing import Any

import openai
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelmap.catalog.load import default_catalog
from modelmap.findings import Location
from modelmap.guard import GuardError, ModelmapWarning, guard
from modelmap.validate import ENDPOINTS, Call, validate
from modelmap.validate.data import rule_data
from modelmap.validate.plan import Plans, plan, plannable
from openai_loopback import LoopbackOpenAI

CATALOG = default_catalog()
DATA = rule_data(CATALOG)
POLICY = dataclasses.replace(CATALOG, denied_models=("gpt-4o*",),
                             allowed_models=("gpt-5*", "gpt-4o*", "o3"))

_IDS = sorted(CATALOG.models)
MODELS = st.one_of(
    st.sampled_from(_IDS),
    st.sampled_from(sorted(CATALOG.labels)),
    st.sampled_from(_IDS).map(lambda m: f"openai/{m}"),
    st.sampled_from(_IDS).map(lambda m: f"ft:{m}:acme::abc123"),
    st.sampled_from(_IDS).map(str.upper),
    st.sampled_from(["", "  ", "gpt-9", "claude-3-5-sonnet", "azure/gpt-4o", "GPT 5.5"]),
    st.text(max_size=12),
)
PARAMS = sorted({p.split(".")[0] for r in DATA.rules for p in r.params}
                | {"stream", "tools", "reasoning", "background", "response_format"})
_OPTION_VALUES = sorted({repr(v) for r in DATA.rules for v in r.opts.get("values", [])
                         if isinstance(v, str | int | float | bool)})
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5000), st.floats(-3, 3, allow_nan=False),
    st.sampled_from(["low", "medium", "high", "minimal", "none", "auto", "1024x1024",
                     "1536x1024", "256x256", "standard", "hd", "vivid", "b64_json", "priority",
                     "text", "audio", "json_object", "sse", "word", "segment"]),
    st.sampled_from(_OPTION_VALUES).map(eval),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["effort", "type", "summary", "model", "size"]), inner,
                    max_size=3)), max_leaves=6)
TOOLS = st.lists(st.fixed_dictionaries(
    {"type": st.sampled_from(["image_generation", "web_search"]), "model": MODELS},
    optional={"size": VALUES, "quality": VALUES}), max_size=2)
CALLS = st.builds(
    lambda endpoint, model, params, tools, base_url, provider: Call(
        endpoint=endpoint, model=model,
        params={**params, **({"tools": tools} if tools is not None else {})},
        base_url=base_url, via="runtime", provider=provider),
    st.sampled_from([e for e in ENDPOINTS if e != "codex.config"] + ["nope.create"]),
    st.one_of(st.none(), MODELS),
    st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=5),
    st.one_of(st.none(), TOOLS),
    st.sampled_from([None, "https://api.openai.com/v1", "http://127.0.0.1:8080/v1",
                     "https://acme.openai.azure.com/openai/v1", "https://openrouter.ai/api/v1"]),
    st.sampled_from([None, "openai"]),
)
DATES = st.dates(dt.date(2023, 1, 1), dt.date(2028, 12, 31))
SHARED = {id(CATALOG): Plans(CATALOG), id(POLICY): Plans(POLICY, limit=64)}


@settings(max_examples=3000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(call=CALLS, day=st.one_of(DATES, st.just(dt.date(2026, 12, 4))),
       policy=st.booleans())
def test_plans_match_validate(call: Call, day: dt.date, policy: bool) -> None:
    catalog = POLICY if policy else CATALOG
    expected = validate(catalog, call, day)
    assert SHARED[id(catalog)].validate(call, day) == expected
    fresh = plan(catalog, call, day)
    assert fresh is not None and fresh.run(call) == expected
    assert fresh.run_checks(call) == expected  # without the no-parameters shortcut
    known = SHARED[id(catalog)].known(call.endpoint, call.model, call.base_url, call.provider,
                                      call.via, call.params, day)
    assert known is None or known == expected  # the guard's fast path


def test_the_generated_calls_reach_the_rules() -> None:
    """The property above is not vacuous: the generated shapes produce parameter findings,
    lifecycle findings, and image-tool findings (checked here on a fixed sample)."""
    rules: set[str] = set()
    day = dt.date(2026, 12, 4)
    samples = [
        Call("chat.completions.create", "gpt-5.5", {"temperature": 1.7, "max_tokens": 10},
             via="runtime"),
        Call("images.generate", "gpt-image-2", {"size": "999x3", "style": "vivid"},
             via="runtime"),
        Call("responses.create", "gpt-5.5", {"tools": [{"type": "image_generation",
                                                        "model": "dall-e-2"}]}, via="runtime"),
        Call("chat.completions.create", "gpt-4-32k", {}, via="runtime"),
    ]
    for call in samples:
        found = SHARED[id(CATALOG)].validate(call, day)
        assert found == validate(CATALOG, call, day)
        rules.update(f.rule[:3] for f in found)
    assert {"MM3", "MM4"} <= rules


def test_a_date_change_drops_the_plans() -> None:
    plans = Plans(CATALOG)
    call = Call("chat.completions.create", "gpt-4o", {}, via="runtime")
    days = [dt.date(2024, 1, 1), dt.date(2028, 1, 1), dt.date(2024, 1, 1)]
    answers = [plans.validate(call, d) for d in days]
    assert answers == [validate(CATALOG, call, d) for d in days]
    assert answers[0] != answers[1]  # the verdict really moves with the date
    assert plans.day == days[-1] and len(plans.plans) == 1


def test_calls_with_source_positions_are_not_planned() -> None:
    loc = Location(path="app.py", line=3, column=5, end_line=3, end_column=20)
    call = Call("chat.completions.create", "gpt-4o-2024-05-13", {"max_tokens": 5},
                location=loc, via="literal")
    assert not plannable(call) and plan(CATALOG, call, dt.date(2026, 12, 4)) is None
    plans = Plans(CATALOG)
    assert plans.validate(call, dt.date(2026, 12, 4)) == validate(CATALOG, call,
                                                                  dt.date(2026, 12, 4))


def test_the_plan_cache_is_bounded() -> None:
    plans = Plans(CATALOG, limit=4)
    for i in range(10):
        plans.validate(Call("chat.completions.create", f"model-{i}", via="runtime"),
                       dt.date(2026, 12, 4))
    assert len(plans.plans) <= 4


@pytest.mark.parametrize("kwargs,blocked", [
    ({"model": "gpt-5.5", "messages": [{"role": "user", "content": "Hi"}]}, False),
    ({"model": "gpt-image-2", "messages": [{"role": "user", "content": "Hi"}]}, True),
    ({"model": "gpt-5.5", "messages": [], "reasoning_effort": "ultra"}, True),
    ({"model": "gpt-5.5", "messages": [], "temperature": 0.2}, False),
])
def test_the_guard_uses_plans_and_blocks_as_validate(kwargs: dict[str, Any],
                                                     blocked: bool) -> None:
    srv = LoopbackOpenAI()
    try:
        client = openai.OpenAI(api_key="sk-test", base_url=srv.base_url, max_retries=0)
        guarded = guard(client, provider="openai", as_of=dt.date(2026, 12, 4))
        state = object.__getattribute__(guarded, "_mm_state")
        call = Call("chat.completions.create", kwargs["model"],
                    {k: v for k, v in kwargs.items() if k != "model"},
                    base_url=str(client.base_url), via="runtime", provider="openai")
        expected = validate(CATALOG, call, dt.date(2026, 12, 4))
        assert any(f.severity.value == "error" for f in expected) is blocked
        shown = [f for f in expected if f.severity.value != "info"]
        for _ in range(2):  # the second call is served from the plan
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                try:
                    guarded.chat.completions.create(**kwargs)
                    assert not blocked
                except GuardError as exc:
                    assert blocked and list(exc.findings) == expected
            if not blocked:
                assert [list(w.message.findings) for w in seen  # type: ignore[union-attr]
                        if isinstance(w.message, ModelmapWarning)] == ([shown] if shown else [])
        assert state.plans is not None and len(state.plans.plans) == 1
        assert len(srv.take()) == (0 if blocked else 2)
    finally:
        srv.close()


def test_runtime_call_is_the_dataclass_call() -> None:
    """The guard's fast Call builder makes the same Call as the constructor, field for field."""
    from modelmap.validate.call import runtime_call

    for model, provider in (("gpt-5.5", "openai"), (None, None)):
        params = {"max_completion_tokens": 16}
        fast = runtime_call("chat.completions.create", model, params, "http://x/v1", provider)
        slow = Call(endpoint="chat.completions.create", model=model, params=params,
                    base_url="http://x/v1", via="runtime", provider=provider)
        assert fast == slow
        assert fast.__dict__ == slow.__dict__
        assert list(fast.__dict__) == list(slow.__dict__)
        assert fast.param_spans is not runtime_call("x", None, {}, None, None).param_spans
