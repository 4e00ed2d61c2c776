"""validate(call) -> exact rule codes, one table; every rule has bad and good cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.catalog.model import Catalog
from modelmap.findings import Severity
from modelmap.rules import RULES, emitter
from modelmap.validate import Call, validate

AS_OF = dt.date(2026, 11, 21)
GROQ = "https://api.groq.com/openai/v1"
OPENROUTER = "https://openrouter.ai/api/v1"


def c(endpoint: str, model: str | None, base_url: str | None = None, sdk_shape: str = "v1",
      **params: Any) -> Call:
    return Call(endpoint=endpoint, model=model, params=params, base_url=base_url,
                sdk_shape=sdk_shape)


def codex(model: str | None = "gpt-5.5", **params: Any) -> Call:
    return Call(endpoint="codex.config", model=model, params=params)


IMG = "images.generate"
CHAT = "chat.completions.create"
RESP = "responses.create"

# (rule exercised, bad|good, call, as_of or None, expected codes sorted)
CASES: list[tuple[str, str, Call, dt.date | None, list[str]]] = [
    ("MM101", "bad", c(IMG, "gpt-image-2.0"), None, ["MM101"]),
    ("MM101", "bad", c(CHAT, "GPT-5.5 Thinking"), None, ["MM101"]),
    ("MM101", "bad", c(CHAT, "gpt-5.6-sol-high"), None, ["MM101"]),
    ("MM101", "good", c(IMG, "gpt-image-2"), None, []),
    ("MM102", "bad", c(CHAT, "gpt-5.1-mini"), None, ["MM102"]),
    ("MM102", "bad", c(CHAT, "gpt-5.7-ultra"), None, ["MM102"]),
    ("MM101", "bad", c(CHAT, "GPT-5.5"), None, ["MM101"]),  # a display name: a known name
    ("MM102", "good", c(CHAT, "gpt-5.5"), None, []),
    ("MM102", "good", c(CHAT, "openai/gpt-oss-120b", base_url=GROQ), None, []),
    ("MM102", "good", c(CHAT, "my-deployment",
                        base_url="https://acme.openai.azure.com/openai/deployments/my-deployment"),
     None, []),
    ("MM102", "good", c(CHAT, "ft:gpt-4.1-mini-2025-04-14:acme::abc123"), None, ["MM402"]),
    ("MM201", "bad", c(RESP, "gpt-image-2"), None, ["MM201"]),
    ("MM201", "bad", c(CHAT, "gpt-image-2"), None, ["MM201"]),
    ("MM201", "good", c(RESP, "gpt-5.5", tools=[{"type": "image_generation",
                                                 "model": "gpt-image-2"}]), None, []),
    ("MM202", "bad", c(CHAT, "gpt-realtime-1.5"), None, ["MM202"]),
    ("MM202", "bad", c(RESP, "gpt-realtime-2"), None, ["MM202"]),
    ("MM202", "good", c("realtime.connect", "gpt-realtime-1.5"), None, []),
    ("MM203", "bad", c(CHAT, "gpt-5.5-pro"), None, ["MM203"]),
    ("MM203", "good", c(RESP, "gpt-5.5-pro", background=True), None, []),
    ("MM204", "bad", c(RESP, "gpt-5.3-codex-spark"), None, ["MM204"]),
    ("MM204", "bad", codex("gpt-5.3-codex-spark", forced_login_method="api"), None, ["MM204"]),
    ("MM204", "good", codex("gpt-5.3-codex-spark"), None, []),
    ("MM205", "bad", c(RESP, "gpt-audio-1.5"), None, ["MM205"]),
    ("MM205", "bad", c("audio.speech.create", "gpt-transcribe"), None, ["MM205"]),
    ("MM205", "good", c(CHAT, "gpt-audio-1.5", modalities=["text", "audio"],
                        audio={"voice": "marin", "format": "wav"}), None, []),
    ("MM205", "good", c("audio.translations.create", "whisper-1"), None, ["MM402", "MM404"]),
    ("MM206", "bad", c(IMG, "gpt-5.5"), None, ["MM206"]),
    ("MM206", "bad", c("embeddings.create", "gpt-5.5"), None, ["MM206"]),
    ("MM206", "good", c("embeddings.create", "text-embedding-3-small"), None, []),
    # The traps from the issue.
    ("MM301", "good", c(IMG, "gpt-image-2", size="1536x864"), None, []),
    ("MM301", "bad", c(IMG, "gpt-image-2", size="1920x1080"), None, ["MM301"]),
    ("MM301", "bad", c(IMG, "gpt-image-2", size="1024x3840"), None, ["MM301"]),
    ("MM301", "bad", c(IMG, "gpt-image-2", size="4096x2048"), None, ["MM301"]),
    ("MM301", "bad", c(IMG, "gpt-image-2", size="512x512"), None, ["MM301"]),
    ("MM301", "bad", c(IMG, "gpt-image-2", size="1:1"), None, ["MM301"]),
    ("MM301", "bad", c(IMG, "gpt-image-1.5", size="1792x1024"), None, ["MM301", "MM402"]),
    ("MM301", "good", c(IMG, "gpt-image-1.5", size="1024x1536"), None, ["MM402"]),
    ("MM301", "good", c(IMG, "gpt-image-2", size="auto"), None, []),
    ("MM301", "good", c(IMG, "gpt-image-2-2026-04-21", size="1920x1088"), None, []),
    ("MM301", "good", c("images.edit", "gpt-image-2.5-flare", size="1024x640"), None, []),
    ("MM302", "bad", c(IMG, "gpt-image-2", size="2880x2880"), None, ["MM302"]),
    ("MM302", "bad", c(IMG, "gpt-image-2", size="3840x2160"), None, ["MM302"]),
    ("MM302", "good", c(IMG, "gpt-image-2", size="2560x1440"), None, []),
    ("MM303", "bad", c(IMG, "gpt-image-2", quality="hd"), None, ["MM303"]),
    ("MM303", "bad", c(IMG, "gpt-image-2", quality="xhigh"), None, ["MM303"]),
    ("MM303", "bad", c("images.edit", "gpt-image-1-mini", input_fidelity="high"), None,
     ["MM303", "MM402"]),
    ("MM303", "bad", codex(providers={"x": {"wire_api": "chatty"}}), None, ["MM303"]),
    ("MM303", "good", c(IMG, "gpt-image-2.5-sunburst", quality="max"), None, []),
    ("MM303", "good", c(IMG, "gpt-image-2", quality="high"), None, []),
    ("MM304", "bad", c(IMG, "gpt-image-2", response_format="b64_json"), None, ["MM304"]),
    ("MM304", "bad", c(IMG, "gpt-image-1.5", style="vivid"), None, ["MM304", "MM402"]),
    ("MM304", "bad", c("images.edit", "gpt-image-2", input_fidelity="high"), None, ["MM304"]),
    ("MM304", "bad", c(RESP, "gpt-5.5", tools=[{"type": "image_generation",
                                                "model": "gpt-image-2",
                                                "input_fidelity": "low"}]), None, ["MM304"]),
    ("MM304", "bad", c(CHAT, "o3", temperature=0), None, ["MM304", "MM402"]),
    ("MM304", "bad", c(CHAT, "gpt-5.5", temperature=0.2), None, ["MM304"]),
    ("MM304", "bad", c("audio.speech.create", "tts-1", instructions="calm"), None,
     ["MM304", "MM402"]),
    ("MM304", "good", c(CHAT, "gpt-5.5", temperature=0.2, reasoning_effort="none"), None, []),
    ("MM304", "good", c(CHAT, "gpt-5.5", temperature=1), None, []),
    ("MM304", "good", c("audio.speech.create", "gpt-4o-mini-tts", instructions="calm"), None,
     ["MM402"]),
    ("MM305", "bad", c(CHAT, "gpt-5.5", max_tokens=500), None, ["MM305"]),
    ("MM305", "bad", c(CHAT, "gpt-6-luna", max_tokens=500), None, ["MM305"]),
    ("MM305", "bad", c(RESP, "gpt-5.5", max_tokens=500), None, ["MM305"]),
    ("MM305", "bad", c(RESP, "gpt-5.5", response_format={"type": "json_object"}), None,
     ["MM305"]),
    ("MM305", "good", c(CHAT, "gpt-5.5", max_completion_tokens=500), None, []),
    ("MM305", "good", c(RESP, "gpt-5.5", max_output_tokens=500), None, []),
    ("MM306", "bad", c(IMG, "gpt-image-2", n=12), None, ["MM306"]),
    ("MM306", "bad", c(IMG, "gpt-image-2", partial_images=4), None, ["MM306"]),
    ("MM306", "good", c(IMG, "gpt-image-2", n=4, partial_images=2), None, []),
    ("MM307", "bad", c(IMG, "gpt-image-2.5-flare", background="transparent",
                       output_format="jpeg"), None, ["MM307"]),
    ("MM307", "bad", c(IMG, "gpt-image-2", background="transparent"), None, ["MM307"]),
    ("MM307", "bad", c(IMG, "gpt-image-2", background="transparent"), dt.date(2026, 6, 1),
     ["MM307"]),
    ("MM307", "good", c(IMG, "gpt-image-2.5-flare", background="transparent",
                        output_format="webp"), None, []),
    ("MM307", "good", c(IMG, "gpt-image-2", background="opaque", output_format="jpeg"), None,
     []),
    ("MM308", "bad", c(RESP, "gpt-6-astra", reasoning={"effort": "none"}), None, ["MM308"]),
    ("MM308", "bad", c(CHAT, "gpt-5.5", reasoning_effort="ultra"), None, ["MM308"]),
    ("MM308", "bad", c(RESP, "gpt-5-mini", reasoning={"effort": "none"}), None,
     ["MM308", "MM402"]),
    ("MM308", "good", c(RESP, "gpt-6-astra", reasoning={"effort": "max"}), None, []),
    ("MM308", "good", codex("gpt-5.5", model_reasoning_effort="high"), None, []),
    ("MM309", "bad", c(CHAT, "gpt-audio-1.5", messages=[{"role": "user", "content": "hi"}]),
     None, ["MM309"]),
    ("MM309", "bad", c(CHAT, "gpt-audio", modalities=["text"]), None, ["MM309"]),
    ("MM309", "good", c(CHAT, "gpt-audio-1.5", messages=[{"role": "user", "content": [
        {"type": "input_audio", "input_audio": {"data": "...", "format": "wav"}}]}]),
     None, []),
    ("MM310", "bad", c("audio.transcriptions.create", "gpt-4o-transcribe",
                       response_format="verbose_json"), None, ["MM310", "MM402"]),
    ("MM310", "bad", c("audio.transcriptions.create", "whisper-1",
                       timestamp_granularities=["word"]), None, ["MM310", "MM402"]),
    ("MM310", "good", c("audio.transcriptions.create", "whisper-1", response_format="verbose_json",
                        timestamp_granularities=["word"]), None, ["MM402"]),
    ("MM310", "good", c("audio.transcriptions.create", "gpt-transcribe", response_format="json"),
     None, []),
    ("MM401", "bad", c(CHAT, "gpt-4"), None, ["MM401"]),
    ("MM401", "bad", c(IMG, "gpt-image-1", size="1792x1024"), None, ["MM401"]),
    ("MM401", "bad", c(IMG, "gpt-image-1.5"), dt.date(2026, 12, 2), ["MM401"]),
    ("MM401", "bad", c("realtime.connect", "gpt-4o-realtime-preview"), None, ["MM401"]),
    ("MM401", "good", c(CHAT, "gpt-6-luna"), None, []),
    ("MM402", "bad", c(CHAT, "gpt-4o"), None, ["MM402"]),
    ("MM402", "bad", c(CHAT, "gpt-4o-2024-08-06"), None, ["MM402"]),
    ("MM402", "good", c(CHAT, "gpt-6.1-sol"), None, []),
    ("MM402", "good", c(IMG, "gpt-image-1.5"), dt.date(2026, 5, 1), []),
    ("MM402", "good", c(CHAT, "gpt-4o-2024-08-06"), dt.date(2026, 10, 13), []),
    ("MM402", "bad", c(CHAT, "gpt-4o-2024-08-06"), dt.date(2026, 10, 14), ["MM402"]),
    ("MM403", "bad", c("videos.create", "sora-2"), None, ["MM403"]),
    ("MM403", "bad", c("videos.remix", None), None, ["MM403"]),
    ("MM403", "bad", c("beta.assistants.create", "gpt-4o"), None, ["MM403"]),
    ("MM403", "good", c("videos.create", "sora-2"), dt.date(2026, 9, 1), ["MM402", "MM404"]),
    ("MM403", "good", c("videos.create", "sora-2", base_url="https://gateway.example/v1"), None,
     []),
    ("MM404", "bad", c("audio.translations.create", "whisper-1"), None, ["MM402", "MM404"]),
    ("MM404", "good", c("audio.transcriptions.create", "gpt-transcribe"), None, []),
    ("MM405", "bad", codex(providers={"local": {"wire_api": "chat"}}), None, ["MM405"]),
    ("MM405", "bad", codex(wire_api={"local": "chat"}), dt.date(2026, 1, 15), ["MM405"]),
    ("MM405", "good", codex(providers={"local": {"wire_api": "responses"}}), None, []),
    ("MM405", "good", codex(providers={"local": {"wire_api": "chat"}}), dt.date(2025, 12, 1), []),
    ("MM406", "bad", codex(profiles=["fast"]), None, ["MM406"]),
    ("MM406", "bad", codex(profile="fast"), None, ["MM406"]),
    ("MM406", "good", codex(profiles=["fast"]), dt.date(2026, 5, 1), []),
    ("MM406", "good", codex(), None, []),
    ("MM407", "bad", codex("gpt-5.4"), None, ["MM407"]),
    ("MM407", "bad", codex("gpt-5.3-codex"), None, ["MM402", "MM407"]),
    ("MM407", "good", codex("gpt-5.4", forced_login_method="api"), None, []),
    ("MM407", "good", codex("gpt-5.4"), dt.date(2026, 8, 1), []),
    ("MM408", "bad", codex(approval_policy="untrusted"), None, ["MM408"]),
    ("MM408", "good", codex(approval_policy="on-request"), None, []),
    ("MM408", "good", codex(approval_policy="untrusted"), dt.date(2026, 8, 20), []),
    ("MM501", "bad", c(RESP, "gpt-5.5-pro"), None, ["MM501"]),
    ("MM501", "bad", c(RESP, "gpt-5.4-pro", background=False), None, ["MM501"]),
    ("MM501", "good", c(RESP, "gpt-5.5-pro", background=True), None, []),
    ("MM502", "bad", c("beta.realtime.connect", "gpt-realtime-1.5"), None, ["MM502"]),
    ("MM502", "good", c("realtime.connect", "gpt-realtime-1.5"), None, []),
    ("MM503", "bad", c(RESP, "chat-latest"), None, ["MM503"]),
    ("MM503", "good", c(RESP, "gpt-5.5"), None, []),
    ("MM504", "bad", c(CHAT, "gpt-5.5", base_url="https://api.openai.com/v1/chat/completions"),
     None, ["MM504"]),
    ("MM504", "bad", c(CHAT, "x-model", base_url="http://localhost:8000/v1/responses"), None,
     ["MM504"]),
    ("MM504", "good", c(CHAT, "gpt-5.5", base_url="https://api.openai.com/v1"), None, []),
    ("MM505", "bad", c(CHAT, "gpt-5.5", base_url="https://api.openai.com"), None, ["MM505"]),
    ("MM505", "good", c(CHAT, "gpt-5.5", base_url="https://api.openai.com/v1/"), None, []),
    ("MM505", "good", c(CHAT, "openai/gpt-5.5", base_url="https://openrouter.ai/api"), None, []),
    ("MM506", "bad", c(CHAT, "gpt-5.5", base_url="https://api.openai.com/v1/v1"), None,
     ["MM506"]),
    ("MM506", "good", c(CHAT, "gpt-5.5", base_url="https://eu.api.openai.com/v1"), None, []),
    ("MM507", "bad", c(IMG, "gpt-image-2", base_url="https://chatgpt.com/backend-api/codex"),
     None, ["MM507"]),
    ("MM507", "good", codex(model_provider="cg", providers={
        "cg": {"base_url": "https://chatgpt.com/backend-api/codex"}}), None, []),
    ("MM508", "bad", c(CHAT, "openai/gpt-5.5"), None, ["MM508"]),
    ("MM508", "bad", c(CHAT, "openai:gpt-4.1"), None, ["MM402", "MM508"]),
    ("MM508", "bad", c(CHAT, "openai/gpt-oss-120b"), None, ["MM102", "MM508"]),
    ("MM508", "good", c(CHAT, "openai/gpt-5.5", base_url=OPENROUTER), None, []),
    ("MM509", "bad", c("ChatCompletion.create", "gpt-5.5", sdk_shape="v0"), None, ["MM509"]),
    ("MM509", "bad", c(CHAT, "gpt-5.5", sdk_shape="node-v3"), None, ["MM509"]),
    ("MM509", "bad", c("embeddings.create", "text-embedding-3-small", engine="emb"), None,
     ["MM509"]),
    ("MM509", "good", c(CHAT, "gpt-5.5"), None, []),
    ("MM510", "bad", codex(model_provider="omniroute"), None, ["MM510"]),
    ("MM510", "bad", codex(model_provider="ollama-chat"), None, ["MM510"]),
    ("MM510", "good", codex(model_provider="ollama"), None, []),
    ("MM510", "good", codex(model_provider="omniroute", providers={
        "omniroute": {"name": "OmniRoute", "base_url": "https://example.invalid/v1"}}), None, []),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


def _id(case: tuple[str, str, Call, dt.date | None, list[str]]) -> str:
    rule, kind, call, day, _ = case
    return f"{rule}-{kind}-{call.endpoint}-{call.model}-{dict(call.params)}-{day or ''}"[:120]


@pytest.mark.parametrize("case", CASES, ids=[_id(x) for x in CASES])
def test_call_gives_exact_codes(
        catalog: Catalog, case: tuple[str, str, Call, dt.date | None, list[str]]) -> None:
    _, _, call, day, expected = case
    assert sorted(f.rule for f in validate(catalog, call, day or AS_OF)) == expected


def test_every_rule_has_bad_and_good_cases() -> None:
    """Every rule validate emits (MM1xx-MM5xx) has a bad and a good call in CASES."""
    missing = []
    for r in (r for r in RULES if emitter(r) == "validate"):
        bad = [x for x in CASES if x[0] == r.code and x[1] == "bad" and r.code in x[4]]
        good = [x for x in CASES if x[0] == r.code and x[1] == "good" and r.code not in x[4]]
        if not bad or not good:
            missing.append(r.code)
    assert missing == []


def test_case_labels_are_honest() -> None:
    """A case labelled bad must produce its rule; one labelled good must not."""
    wrong = [_id(x) for x in CASES if (x[0] in x[4]) != (x[1] == "bad")]
    assert wrong == []


SEVERITIES = [
    (c(IMG, "gpt-image-2", background="transparent"), None, "MM307", Severity.WARNING),
    (c(IMG, "gpt-image-2", background="transparent"), dt.date(2026, 6, 1), "MM307",
     Severity.ERROR),
    (c(IMG, "gpt-image-2.6-flare", size="1920x1080"), None, "MM301", Severity.WARNING),
    (c(IMG, "gpt-image-2", size="1920x1080"), None, "MM301", Severity.ERROR),
    # gpt-6-astra's efforts are on the models page (rank 2, MH); gpt-6.1-sol's only third-party
    (c(RESP, "gpt-6-astra", reasoning={"effort": "none"}), None, "MM308", Severity.ERROR),
    (c(RESP, "gpt-6.1-sol", reasoning={"effort": "none"}), None, "MM308", Severity.WARNING),
    (c(CHAT, "gpt-5.5", reasoning_effort="ultra"), None, "MM308", Severity.ERROR),
    # now dated by the deprecations page's 2025-09-15 notice (rank 2, MH): an error
    (c("realtime.connect", "gpt-4o-realtime-preview"), None, "MM401", Severity.ERROR),
    # the legacy Completions models: shut down per third parties only (rank 3): a warning
    (c("completions.create", "davinci-002"), None, "MM401", Severity.WARNING),
    (c(RESP, "gpt-6.2-sol", reasoning={"effort": "minimal"}), None, "MM308", Severity.WARNING),
    (c(CHAT, "gpt-4"), None, "MM401", Severity.ERROR),
    (c(CHAT, "gpt-4o"), None, "MM402", Severity.WARNING),
    (c(CHAT, "gpt-audio-1.5"), None, "MM309", Severity.WARNING),
    (c(CHAT, "gpt-audio-1.5", messages=[]), None, "MM309", Severity.ERROR),
    (codex(wire_api={"local": "chat"}), dt.date(2026, 1, 15), "MM405", Severity.WARNING),
    (codex(wire_api={"local": "chat"}), None, "MM405", Severity.ERROR),
    (c("audio.translations.create", "whisper-1"), None, "MM404", Severity.WARNING),
    (c(RESP, "chat-latest"), None, "MM503", Severity.INFO),
]


@pytest.mark.parametrize(("call", "day", "code", "severity"), SEVERITIES)
def test_severity_follows_evidence(catalog: Catalog, call: Call, day: dt.date | None,
                                   code: str, severity: Severity) -> None:
    found = [f for f in validate(catalog, call, day or AS_OF) if f.rule == code]
    assert [f.severity for f in found] == [severity]


def test_quiet_checks_say_nothing_without_their_parameters(catalog: Catalog) -> None:
    """run_rules skips a rule of a QUIET_WHEN_ABSENT check when none of the rule's parameters
    is in the call: each such rule must then find nothing, whatever the other parameters."""
    from modelmap.validate.context import make_ctx
    from modelmap.validate.data import rule_data
    from modelmap.validate.model import Resolved
    from modelmap.validate.params import CHECKS, QUIET_WHEN_ABSENT

    rules = rule_data(catalog).rules
    every = {p.split(".")[0] for r in rules for p in r.params} | {"modalities", "messages"}
    values: list[Any] = [None, True, 0, 7, 1.5, "low", "1024x1024", "x", [], {}, ["audio"],
                         {"effort": "high"}]
    seen = set()
    for rule in rules:
        if rule.check not in QUIET_WHEN_ABSENT:
            continue
        seen.add(rule.check)
        own = {p.split(".")[0] for p in rule.params}
        for value in values:
            params = {p: value for p in every - own}
            call = Call(endpoint="responses.create", model="gpt-5.5", params=params)
            ctx = make_ctx(catalog, call, AS_OF)
            target = Resolved("gpt-5.5", catalog.models["gpt-5.5"])
            assert CHECKS[rule.check](ctx, rule, target, None) == [], (rule.id, value)
    assert seen == QUIET_WHEN_ABSENT - {c for c in QUIET_WHEN_ABSENT
                                        if all(r.check != c for r in rules)}


@pytest.mark.parametrize(("call", "code", "advice"), [
    (Call(CHAT, "gpt-5.5-pro"), "MM203",
     'Use client.responses.create(model="gpt-5.5-pro", background=True).'),
    (Call(CHAT, "gpt-5.5-pro", lang="js"), "MM203",
     'Use client.responses.create({ model: "gpt-5.5-pro", background: true }).'),
    (Call(CHAT, "gpt-5.5-pro", lang="ai-sdk"), "MM203",
     'Use openai.responses("gpt-5.5-pro") in background mode.'),
    (Call(RESP, "gpt-5.5-pro"), "MM501", "Pass background=True and poll"),
    (Call(RESP, "gpt-5.5-pro", lang="js"), "MM501", "Pass background: true and poll"),
    (Call(CHAT, "gpt-5.5", sdk_shape="node-v3", lang="js"), "MM509",
     "createChatCompletion is an openai-node v3 call shape (OpenAIApi); the openai package "
     "removed it in v4. Use new OpenAI().chat.completions.create({ model: ... })."),
    (Call("images.create_variation", "dall-e-2", sdk_shape="node-v3", lang="js"), "MM509",
     "Use new OpenAI().images.createVariation({ model: ... })."),
    (Call("ChatCompletion.create", "gpt-5.5", sdk_shape="v0"), "MM509",
     "Use OpenAI().chat.completions.create(model=...)."),
])
def test_advice_is_spelled_in_the_calls_language(catalog: Catalog, call: Call, code: str,
                                                 advice: str) -> None:
    """A fresh-eyes trial: JS and AI SDK calls were told to write Python
    (`background=True`, `openai.ChatCompletion.create`)."""
    [found] = [f for f in validate(catalog, call, AS_OF) if f.rule == code]
    assert advice in found.message
