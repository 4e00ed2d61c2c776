"""The one RULES table: code, kebab-case name, family, default severity, summary, fix, docs.

Codes are numbered by family group: MM1xx names, MM2xx surfaces, MM3xx parameters,
MM4xx lifecycle, MM5xx route and config (all emitted by modelmap.validate), MM6xx docs
(the docs scanner), MM7xx policy (the project's policy checks), MM8xx image outputs
(modelmap.image: what came back from an image call).
`fix` says whether a fix exists: safe (always a 1:1 rename), unsafe (only with
--unsafe-fixes), sometimes (when the data names exactly one target; its safety varies),
none. Severity policy: a verdict built on a rank-3 fact or a fact graded below MH is a
warning, never an error (`finding(..., strong=False)` does the downgrade).

`python -m modelmap.rules_docs --write-docs docs/rules` regenerates docs/rules/ from this table.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelmap.findings import FAMILIES, Edit, Finding, Fix, Location, Severity
from modelmap.record import record

TYPE_CHECKING = False  # not `import typing` at run time: ~3 ms of a one-shot command
if TYPE_CHECKING:
    from typing import Protocol

    class SpanLike(Protocol):
        """Anything with a 1-based span (modelmap.validate.call.Span)."""

        @property
        def line(self) -> int: ...
        @property
        def column(self) -> int: ...
        @property
        def end_line(self) -> int: ...
        @property
        def end_column(self) -> int: ...

FIXES = ("safe", "unsafe", "sometimes", "none")


@record
class RuleDocs:
    """The fixed sections of a rule page."""

    what: str
    """What it does."""
    why: str
    """Why is this bad?"""
    example: str
    """A call that triggers the rule (Python)."""
    use_instead: str
    """The corrected call."""
    fix_safety: str
    """When a fix exists and whether --fix applies it."""


@record
class Rule:
    """One row of the RULES table."""

    code: str
    """MM + three digits; the first digit is the family group."""
    name: str
    """Kebab-case name."""
    family: str
    """One of modelmap.findings.FAMILIES."""
    severity: Severity
    """Default severity (weak evidence lowers an error to a warning)."""
    summary: str
    """One line."""
    fix: str
    """safe | unsafe | sometimes | none."""
    docs: RuleDocs


def _r(code: str, name: str, family: str, severity: str, summary: str, fix: str,
       what: str, why: str, example: str, use_instead: str, fix_safety: str) -> Rule:
    return Rule(code, name, family, Severity(severity), summary, fix,
                RuleDocs(what, why, example, use_instead, fix_safety))


_NO_FIX = "No fix: the right change depends on what the code is for."

RULES: tuple[Rule, ...] = (
    _r("MM101", "label-as-id", "label-as-id", "error",
       "A ChatGPT/product label or an invented variant is used as a model ID.", "sometimes",
       "Flags model strings that are product or display names (\"GPT-5.5 Thinking\", "
       "\"ChatGPT Images 2.0\", a model page's \"GPT-5.5\") or invented variants "
       "(`gpt-image-2.0`, `gpt-4o-latest`), and names the API ID to use.",
       "The API matches model IDs exactly. A label is not an ID: the request fails with "
       "model_not_found, or worse, a caller maps it to a model with another contract.",
       'client.images.generate(model="gpt-image-2.0", prompt="a lighthouse")',
       'client.images.generate(model="gpt-image-2", prompt="a lighthouse")',
       "Safe when the label names exactly one ID with the same API (`gpt-image-2.0` -> "
       "`gpt-image-2`). Unsafe when the target is another model. The target must draw no "
       "finding of its own on the call as of the check date: a deprecated one is followed "
       "to its successor (`gpt-4o-latest` -> `gpt-6-luna`, not the deprecated `gpt-4o`), a "
       "rolling alias gives way to the label's pinned ID (\"GPT-5.5 Instant\" -> `gpt-5.5`, "
       "not `chat-latest`). No fix when nothing qualifies. A display name is written as its "
       "own ID even when that ID is deprecated (`GPT-4o` -> `gpt-4o`, safe): the same model "
       "spelt right, and MM402 then offers the replacement."),
    _r("MM102", "unknown-model", "unknown-model", "error",
       "Not a known model ID, snapshot, alias or label.", "sometimes",
       "Flags model strings the catalog does not know, or that the openai package lists but "
       "marks as not a supported model ID, and suggests the closest real IDs. Models on a "
       "non-OpenAI base URL and fine-tuned `ft:` IDs are not judged.",
       "A typo or an extrapolated name (`gpt-5.1-mini`) fails at run time with "
       "model_not_found. If the ID is newer than your catalog, run `modelmap sync`.",
       'client.chat.completions.create(model="gpt-5.1-mini", messages=msgs)',
       'client.chat.completions.create(model="gpt-5.4-mini", messages=msgs)',
       "Safe only when the string differs from a real ID by case or separators "
       "(`gpt_5.5` -> `gpt-5.5`; a display name such as `GPT-5.5` is MM101). Otherwise "
       "suggestions only; never rewritten."),
    _r("MM201", "image-model-as-text-model", "wrong-surface", "error",
       "An image model is sent to Chat Completions or as the top-level Responses model.",
       "none",
       "Flags GPT image models used as the model of a chat or Responses request.",
       "Image models are served by the Images API, or as the model of the Responses "
       "`image_generation` tool under a text model. As a top-level model the request fails.",
       'client.responses.create(model="gpt-image-2", input="draw a cat")',
       'client.images.generate(model="gpt-image-2", prompt="draw a cat")\n'
       '# or: client.responses.create(model="gpt-5.5", input="draw a cat",\n'
       '#          tools=[{"type": "image_generation", "model": "gpt-image-2"}])',
       "No fix: moving to another endpoint changes the request and response shapes."),
    _r("MM202", "realtime-model-on-rest", "wrong-surface", "error",
       "A realtime model is sent to a REST chat or Responses endpoint.", "none",
       "Flags realtime models (`gpt-realtime-*`) on Chat Completions, Responses or other REST "
       "endpoints.",
       "Realtime models serve live sessions over WebSocket, WebRTC or SIP; REST endpoints "
       "reject them as 'not a chat model'.",
       'client.chat.completions.create(model="gpt-realtime-1.5", messages=msgs)',
       'with client.realtime.connect(model="gpt-realtime-1.5") as conn: ...',
       "No fix: a realtime session is a different program shape."),
    _r("MM203", "responses-only-on-chat", "wrong-surface", "error",
       "A model the data marks as Responses-only is sent to Chat Completions.", "none",
       "Flags Pro, Codex and other models that the catalog says only POST /v1/responses "
       "serves, when they are called through Chat Completions.",
       "The API answers 404 'This model is only supported in v1/responses and not in "
       "v1/chat/completions.'",
       'client.chat.completions.create(model="gpt-5.5-pro", messages=msgs)',
       'client.responses.create(model="gpt-5.5-pro", input=msgs, background=True)',
       "No fix: the request and response shapes differ between the two APIs."),
    _r("MM204", "codex-only-model-via-api", "wrong-surface", "error",
       "A model that only Codex (with ChatGPT sign-in) serves is called through the API.",
       "none",
       "Flags Codex-only models such as `gpt-5.3-codex-spark` in API calls, or in a Codex "
       "config that signs in with an API key.",
       "These models have no API access: an API key gets model_not_found.",
       'client.responses.create(model="gpt-5.3-codex-spark", input="fix the bug")',
       'client.responses.create(model="gpt-5.3-codex", input="fix the bug")',
       "No fix: the replacement depends on the task."),
    _r("MM205", "audio-model-wrong-endpoint", "wrong-surface", "error",
       "An audio, speech or transcription model is sent to an endpoint that does not serve "
       "it.", "none",
       "Flags audio models on the wrong endpoint: `gpt-audio*` outside Chat Completions, "
       "speech models outside /v1/audio/speech, transcription models outside "
       "/v1/audio/transcriptions, text models on audio endpoints.",
       "Each audio model is served by one endpoint; anywhere else the request fails.",
       'client.responses.create(model="gpt-audio-1.5", input="hello")',
       'client.chat.completions.create(model="gpt-audio-1.5", modalities=["text", "audio"],\n'
       '    audio={"voice": "marin", "format": "wav"}, messages=msgs)',
       "No fix: the endpoint decides the request shape."),
    _r("MM206", "model-not-served-by-endpoint", "wrong-surface", "error",
       "A known model is sent to an endpoint whose surface does not serve it.", "none",
       "Flags any other pairing of a known model and an endpoint that the catalog says does "
       "not serve it (a text model on images.generate, an embedding model on chat).",
       "The API rejects the model for that endpoint.",
       'client.images.generate(model="gpt-5.5", prompt="a lighthouse")',
       'client.images.generate(model="gpt-image-2", prompt="a lighthouse")',
       _NO_FIX),
    _r("MM301", "invalid-image-size", "invalid-param", "error",
       "An image size the model rejects.", "none",
       "Checks `size` against the model family's rule from the catalog: flexible sizes for "
       "gpt-image-2 and later (edges multiples of 16, long:short at most 3:1, long edge at "
       "most 3840, total pixels within bounds, `auto`), fixed lists for gpt-image-1.x.",
       "The API answers 400 (for example 'Width and height must both be divisible by 16').",
       'client.images.generate(model="gpt-image-2", prompt=p, size="1920x1080")',
       'client.images.generate(model="gpt-image-2", prompt=p, size="1920x1088")',
       "No fix: the right size is a design choice."),
    _r("MM302", "experimental-image-size", "invalid-param", "warning",
       "An image size in the model's experimental range.", "none",
       "Warns on flexible sizes above the family's experimental threshold (2560x1440 pixels "
       "for gpt-image-2) that are otherwise valid.",
       "Experimental resolutions may be slower, fail more often, or change without notice.",
       'client.images.generate(model="gpt-image-2", prompt=p, size="3840x2160")',
       'client.images.generate(model="gpt-image-2", prompt=p, size="2560x1440")',
       "No fix."),
    _r("MM303", "invalid-param-value", "invalid-param", "error",
       "A parameter value this model or endpoint does not accept.", "none",
       "Checks enumerated values per model family from the catalog: image `quality` "
       "(`hd`/`standard` were DALL-E only; `xhigh`/`max` need gpt-image-2.5+), "
       "`input_fidelity` per model, Codex `wire_api` values, and similar.",
       "The API rejects the value with 400 invalid_value / unsupported_value.",
       'client.images.generate(model="gpt-image-2", prompt=p, quality="hd")',
       'client.images.generate(model="gpt-image-2", prompt=p, quality="high")',
       "No fix: pick the value you meant from the allowed list in the message."),
    _r("MM304", "unsupported-param", "unsupported-param", "error",
       "A parameter this model or endpoint does not accept at all.", "none",
       "Flags parameters the catalog marks unsupported for a model family: `response_format` "
       "and `style` on GPT image models, `input_fidelity` on gpt-image-2, `temperature`/"
       "`top_p` on reasoning models, `instructions` on tts-1. For a request as sent (`validate`, "
       "the runtime guard) also any parameter the endpoint does not define, per the `openai` "
       "package's request types (catalog/data/endpoint_params.json).",
       "The API answers 400 unknown_parameter or unsupported_parameter.",
       'client.images.generate(model="gpt-image-2", prompt=p, response_format="b64_json")',
       'client.images.generate(model="gpt-image-2", prompt=p)  # always base64',
       "No fix: removing a parameter can change what the caller expects back."),
    _r("MM305", "renamed-param", "unsupported-param", "error",
       "A parameter that has moved to another name for this model or endpoint.", "none",
       "Flags `max_tokens` on reasoning models in Chat Completions (use "
       "`max_completion_tokens`) and Chat Completions parameter names sent to Responses "
       "(`max_tokens` -> `max_output_tokens`, `response_format` -> `text.format`).",
       "The API answers 400 and names the new parameter.",
       'client.chat.completions.create(model="gpt-5.5", messages=msgs, max_tokens=500)',
       'client.chat.completions.create(model="gpt-5.5", messages=msgs,\n'
       '    max_completion_tokens=500)',
       "No fix yet: renaming a keyword needs its span, which scanners do not report."),
    _r("MM306", "param-out-of-range", "invalid-param", "error",
       "A numeric parameter outside the model's bounds.", "none",
       "Checks numeric bounds from the catalog (`n` 1..10 for GPT image models, "
       "`partial_images` 0..3, `output_compression` 0..100, `speed` 0.25..4); for a request "
       "as sent, also each endpoint's published bounds from the OpenAPI description "
       "(`max_output_tokens` at least 16 on Responses, `temperature` 0..2, `top_p` 0..1).",
       "The API answers 400 for values out of range.",
       'client.images.generate(model="gpt-image-2", prompt=p, n=12)',
       'client.images.generate(model="gpt-image-2", prompt=p, n=4)',
       "No fix."),
    _r("MM307", "transparent-background", "invalid-param", "error",
       "A transparent background the model does not support, or with a format that drops "
       "alpha.", "none",
       "Checks `background=\"transparent\"` against the model's dated support status (for "
       "gpt-image-2 a preview: warning) and requires `output_format` png or webp.",
       "Unsupported models answer 400 'Transparent background is not supported for this "
       "model'; jpeg has no alpha channel.",
       'client.images.generate(model="gpt-image-2.5-flare", prompt=p,\n'
       '    background="transparent", output_format="jpeg")',
       'client.images.generate(model="gpt-image-2.5-flare", prompt=p,\n'
       '    background="transparent", output_format="png")',
       "No fix."),
    _r("MM308", "reasoning-effort-value", "invalid-param", "error",
       "A reasoning effort value this model family does not accept.", "none",
       "Checks `reasoning_effort`, `reasoning.effort` and Codex `model_reasoning_effort` "
       "against the family's allowed values from the catalog.",
       "Not every reasoning model accepts every effort value; the API answers 400 "
       "unsupported_value and lists the accepted ones.",
       'client.responses.create(model="gpt-6-astra", input=q, reasoning={"effort": "none"})',
       'client.responses.create(model="gpt-6-astra", input=q, reasoning={"effort": "low"})',
       "No fix: the effort level is a cost/quality choice."),
    _r("MM309", "audio-model-without-audio", "invalid-param", "error",
       "An audio chat model called without audio in or out.", "none",
       "Flags `gpt-audio*` calls whose `modalities` lack \"audio\" and whose messages carry "
       "no input audio.",
       "The API answers 400 'This model requires that either input content or output "
       "modality contain audio.'",
       'client.chat.completions.create(model="gpt-audio-1.5", messages=msgs)',
       'client.chat.completions.create(model="gpt-audio-1.5", messages=msgs,\n'
       '    modalities=["text", "audio"], audio={"voice": "marin", "format": "wav"})',
       "No fix."),
    _r("MM310", "transcription-format", "invalid-param", "error",
       "A transcription response format the model does not produce.", "none",
       "Checks `response_format` (and `timestamp_granularities`) per transcription model.",
       "`verbose_json`, `srt` and `vtt` are whisper-1 formats; the GPT transcription models "
       "reject them with 400 unsupported_value.",
       'client.audio.transcriptions.create(model="gpt-4o-transcribe", file=f,\n'
       '    response_format="verbose_json")',
       'client.audio.transcriptions.create(model="gpt-4o-transcribe", file=f,\n'
       '    response_format="json")',
       "No fix."),
    _r("MM401", "model-shut-down", "shut-down", "error",
       "The model is past its shutdown date as of the check date.", "sometimes",
       "Flags model IDs whose shutdown date (from the openai package or OpenAI's deprecations "
       "page, by precedence) is on or before the check date, with the date and the "
       "replacement named as of that date.",
       "After shutdown the API rejects the model; requests are not rerouted.",
       'client.chat.completions.create(model="gpt-4", messages=msgs)',
       'client.chat.completions.create(model="gpt-6-luna", messages=msgs)',
       "Unsafe, and only when the data names exactly one replacement: a successor is "
       "another model with its own behaviour and price. The fix writes a replacement that "
       "draws no finding of its own on the call as of the check date (a deprecated one is "
       "followed to its successor), else none. A fine-tuned `ft:` ID is never rewritten: its "
       "base's lifecycle is reported with no fix, since no other model carries the tuning."),
    _r("MM402", "model-deprecated", "deprecated", "warning",
       "The model has an announced shutdown after the check date.", "sometimes",
       "Flags model IDs with a shutdown date still ahead, with the days left and the "
       "replacement named as of the check date. A fine-tuned ID (`ft:<base>:...`) is judged "
       "by its base model's dates.",
       "Code that still works today breaks on the shutdown date.",
       'client.chat.completions.create(model="gpt-4o", messages=msgs)',
       'client.chat.completions.create(model="gpt-6-luna", messages=msgs)',
       "Unsafe, and only when the data names exactly one replacement that draws no finding "
       "of its own on the call as of the check date (a deprecated one is followed to its "
       "successor). A fine-tuned `ft:` ID is never rewritten: its base's shutdown is "
       "reported with no fix, since the tuning has to be trained again on a current base."),
    _r("MM403", "interface-shut-down", "shut-down", "error",
       "The endpoint or interface is past its shutdown date.", "none",
       "Flags calls to interfaces that were switched off: the Videos API (`client.videos.*`) "
       "after 2026-09-24, the Assistants API (`client.beta.assistants`/`threads`).",
       "Every request to a shut-down interface fails; there may be no replacement API.",
       'client.videos.create(model="sora-2", prompt="a wave")',
       'client.images.generate(model="gpt-image-2", prompt="a wave")  # if a still fits',
       "No fix: the replacement, if any, is a different API."),
    _r("MM404", "interface-deprecated", "deprecated", "warning",
       "The endpoint or interface has an announced shutdown after the check date.", "none",
       "Flags calls to interfaces with a dated shutdown still ahead (for example "
       "/v1/audio/translations).",
       "The call works today and breaks on the shutdown date.",
       'client.audio.translations.create(model="whisper-1", file=f)',
       'client.audio.transcriptions.create(model="gpt-transcribe", file=f)',
       "No fix."),
    _r("MM405", "codex-wire-api-chat", "shut-down", "error",
       "A Codex provider sets `wire_api = \"chat\"`, which Codex removed.", "unsafe",
       "Flags `wire_api = \"chat\"` in any `[model_providers.*]` table of a Codex "
       "config.toml, judged by the current Codex release as of the check date.",
       "Current Codex refuses to load the whole config (even for an unused provider) with "
       "'`wire_api = \"chat\"` is no longer supported'.",
       '[model_providers.local]\nbase_url = "http://localhost:8000/v1"\nwire_api = "chat"',
       '[model_providers.local]\nbase_url = "http://localhost:8000/v1"\nwire_api = "responses"',
       "Unsafe: `responses` only works if the provider speaks the Responses API; otherwise "
       "put a Responses-translating gateway in front of it."),
    _r("MM406", "codex-legacy-profile", "shut-down", "error",
       "A Codex config uses `[profiles.*]` tables or a top-level `profile =`.", "none",
       "Flags legacy profile tables and the top-level `profile` selector, which Codex "
       "rejects since the release named in the message.",
       "Current Codex refuses the config; profiles now live in `~/.codex/<name>.config.toml` "
       "and are chosen with `--profile <name>`.",
       'profile = "fast"\n[profiles.fast]\nmodel = "gpt-5.4-mini"',
       '# ~/.codex/fast.config.toml\nmodel = "gpt-5.6-luna"\n# codex --profile fast',
       "No fix: the settings move to another file."),
    _r("MM407", "codex-signin-retired-model", "shut-down", "warning",
       "The model is retired from Codex with ChatGPT sign-in (API keys still reach it).",
       "none",
       "Flags Codex config models that Codex no longer offers under ChatGPT sign-in as of "
       "the check date. A warning: the scanner cannot tell how you sign in.",
       "Under ChatGPT sign-in Codex answers 'The model is not supported when using Codex "
       "with a ChatGPT account.'",
       'model = "gpt-5.3-codex"',
       'model = "gpt-5.5"',
       "No fix: the replacement depends on your plan."),
    _r("MM408", "codex-approval-untrusted", "shut-down", "error",
       "A Codex config sets `approval_policy = \"untrusted\"`, which Codex removed.", "unsafe",
       "Flags `approval_policy = \"untrusted\"` in a Codex config.toml (or a profile file), "
       "judged by the current Codex release as of the check date.",
       "Current Codex refuses to start with 'approval_policy = \"untrusted\" is no longer "
       "supported; remove this setting'; the ask-before-running behaviour moved into "
       "`on-request`.",
       'approval_policy = "untrusted"',
       'approval_policy = "on-request"',
       "Unsafe: `on-request` lets the model decide when to ask, which is not exactly the old "
       "ask-for-everything-untrusted behaviour; review it before applying."),
    _r("MM501", "pro-without-background", "route-advice", "warning",
       "A Pro model is called through Responses without `background=True`.", "none",
       "Flags Responses calls to models the catalog marks as long-running (Pro models) "
       "that do not set `background=True`.",
       "Pro requests can run for minutes; a synchronous call risks client and proxy "
       "time-outs. Background mode returns at once and lets you poll.",
       'client.responses.create(model="gpt-5.5-pro", input=q)',
       'client.responses.create(model="gpt-5.5-pro", input=q, background=True)',
       "No fix: background mode changes how the result is read (poll by response ID)."),
    _r("MM502", "retired-interface", "route-advice", "warning",
       "An interface that was replaced is still used (no first-party shutdown date known).",
       "none",
       "Flags interfaces superseded by a GA replacement whose shutdown is dated only by "
       "third parties, such as the Realtime beta (`client.beta.realtime`).",
       "Retired interfaces stop working without notice to your code; third parties report "
       "the Realtime beta as switched off.",
       'client.beta.realtime.connect(model="gpt-realtime-1.5")',
       'client.realtime.connect(model="gpt-realtime-1.5")',
       "No fix: event names and session shapes differ."),
    _r("MM503", "rolling-alias", "route-advice", "info",
       "A rolling alias whose target moves without notice.", "none",
       "Notes calls to rolling aliases such as `chat-latest`.",
       "The model behind a rolling alias changes; OpenAI recommends a fixed model for "
       "production.",
       'client.responses.create(model="chat-latest", input=q)',
       'client.responses.create(model="gpt-5.5", input=q)',
       "No fix: pinning a model is a product decision."),
    _r("MM504", "base-url-full-endpoint", "route-config", "error",
       "The base URL already ends in an endpoint path.", "none",
       "Flags base URLs ending in `/chat/completions`, `/responses`, `/images/generations` "
       "and other paths the SDK appends itself.",
       "The SDK appends the path again: POST /v1/chat/completions/chat/completions fails "
       "with 404.",
       'OpenAI(base_url="https://api.openai.com/v1/chat/completions")',
       'OpenAI(base_url="https://api.openai.com/v1")',
       "No fix."),
    _r("MM505", "base-url-missing-v1", "route-config", "error",
       "An api.openai.com base URL without the /v1 prefix.", "none",
       "Flags base URLs on api.openai.com whose path does not start with /v1.",
       "Requests go to /chat/completions instead of /v1/chat/completions and fail with 404 "
       "unknown_url.",
       'OpenAI(base_url="https://api.openai.com")',
       'OpenAI(base_url="https://api.openai.com/v1")',
       "No fix."),
    _r("MM506", "base-url-doubled-v1", "route-config", "error",
       "A base URL with /v1 twice.", "none",
       "Flags base URLs containing /v1/v1.",
       "Requests go to /v1/v1/... and fail with 404.",
       'OpenAI(base_url="https://api.openai.com/v1/v1")',
       'OpenAI(base_url="https://api.openai.com/v1")',
       "No fix."),
    _r("MM507", "chatgpt-backend-as-api-base", "route-config", "error",
       "The ChatGPT backend (chatgpt.com/backend-api) is used as the API base URL.", "none",
       "Flags SDK base URLs that point at chatgpt.com/backend-api.",
       "That backend serves the ChatGPT and Codex apps (one Responses route and a "
       "per-account catalog), not the public API endpoints.",
       'OpenAI(base_url="https://chatgpt.com/backend-api/codex").images.generate(...)',
       'OpenAI(base_url="https://api.openai.com/v1").images.generate(...)',
       "No fix."),
    _r("MM508", "provider-prefix-to-openai", "route-config", "error",
       "A provider-prefixed model (`openai/...`, `openai:...`) is sent straight to "
       "api.openai.com.", "unsafe",
       "Flags gateway or framework spellings of a model sent by the OpenAI SDK to its default "
       "base URL. On a gateway base URL the same string is fine and is not flagged.",
       "The OpenAI API expects the bare ID; `openai/gpt-4o` fails with model_not_found.",
       'OpenAI().chat.completions.create(model="openai/gpt-5.5", messages=msgs)',
       'OpenAI().chat.completions.create(model="gpt-5.5", messages=msgs)',
       "Unsafe: maybe the prefix is right and the base URL should point at the gateway."),
    _r("MM509", "legacy-sdk-shape", "route-config", "error",
       "An openai<1.0 call shape (`openai.ChatCompletion.create`, `engine=`).", "none",
       "Flags module-level v0 SDK calls and the `engine=` keyword, and in JavaScript the "
       "openai-node v3 `OpenAIApi` methods (`createChatCompletion`).",
       "openai>=1.0 removed them: the call raises APIRemovedInV1 before any request. The "
       "openai npm package removed `OpenAIApi` in v4.",
       'openai.ChatCompletion.create(model="gpt-5.5", messages=msgs)',
       'OpenAI().chat.completions.create(model="gpt-5.5", messages=msgs)',
       "No fix: the client object and the response types changed."),
    _r("MM510", "codex-missing-provider", "route-config", "error",
       "A Codex config selects a `model_provider` that no table defines.", "none",
       "Flags `model_provider = \"x\"` when neither a `[model_providers.x]` table nor a "
       "built-in provider of that name exists.",
       "Codex fails at start-up with 'Model provider `x` not found'.",
       'model_provider = "omniroute"',
       'model_provider = "omniroute"\n[model_providers.omniroute]\nname = "OmniRoute"\n'
       'base_url = "https://example.invalid/v1"',
       "No fix."),
    _r("MM601", "stale-claim-undated", "stale-claim", "warning",
       "Docs state a volatile OpenAI fact (price, free tier, quota, limit, shutdown date) "
       "with no dated source next to it.", "none",
       "Flags prose in Markdown, MDX and reStructuredText that states a price, a free tier, a "
       "quota or rate limit, a size or context limit, or a shutdown date about an OpenAI model "
       "or API, when the same paragraph, list item or table (with its lead-in line) has no "
       "date together with a source (a link, or words such as source, verified, checked).",
       "Prices, quotas and limits change often and shutdown dates move. A number with no date "
       "and no source cannot be rechecked, so readers cannot tell whether it still holds.",
       "gpt-image-2 costs $0.04 per image.",
       "gpt-image-2 costs $0.04 per image ([pricing](https://openai.com/api/pricing/), "
       "checked 2026-11-20).",
       "No fix: only a person can recheck the number and its source."),
    _r("MM602", "stale-claim-expired", "stale-claim", "warning",
       "Docs state a volatile OpenAI fact whose dated source is older than its time-to-live.",
       "none",
       "Flags the same claims as MM601 when they carry a dated source, if that date is older "
       "than the catalog's `ttl_days` for the claim's kind (price and quota 14 days, limit "
       "and lifecycle 60 by default; `ttl-days` in the project config overrides) as of the "
       "check date.",
       "A dated source shows when the claim was true, not that it still is; past its "
       "time-to-live it needs a fresh look.",
       "The free tier allows 3 images per day (source: help center, checked 2025-01-10).",
       "The free tier allows 3 images per day (source: help center, checked 2026-11-18).",
       "No fix: recheck the source, then update the claim and its date."),
    _r("MM603", "label-in-docs", "label-as-id", "warning",
       "Docs present a product label or an invented variant as an API model ID.",
       "sometimes",
       "Flags labels (\"GPT-5.5 Thinking\", `gpt-5.5-instant`, \"ChatGPT Images 2.0\") written "
       "as a model ID in prose: inside `model=`/`model:`/`--model` code spans, as a code span "
       "next to words such as model ID or API, quoted after \"model ID\", or in a table "
       "column headed Model ID. Prose that merely names a ChatGPT mode is not flagged.",
       "Readers copy what docs present as an ID; a label sent as a model fails with "
       "model_not_found or maps to a model with another contract.",
       "Set `model=\"GPT-5.5 Thinking\"` when calling the API.",
       "Set `model=\"gpt-5.5\"` with `reasoning={\"effort\": \"high\"}` when calling the API.",
       "Safe when the label names exactly one ID with the same API (`ChatGPT Images 2.0` -> "
       "`gpt-image-2`); unsafe when the target is a rolling alias or another family; none "
       "when the label has no single target."),
    _r("MM701", "model-not-allowed", "policy", "error",
       "The model is on the project's deny list, or not on its allow list.", "none",
       "Flags model strings that match a pattern in `[tool.modelmap.policy] denied-models`, "
       "or none of the patterns in `allowed-models` (IDs or globs; a dated snapshot of a "
       "listed ID counts as listed; the deny list wins). Quiet when neither list is set. "
       "Lists in a catalog overlay apply to `validate` and the runtime guard too.",
       "The project has decided which models its code may call (cost, data handling, "
       "evaluation); a model outside the list has not been through that decision.",
       '# allowed-models = ["gpt-5.5", "gpt-image-2"]\n'
       'client.responses.create(model="gpt-5.5-pro", input=q)',
       'client.responses.create(model="gpt-5.5", input=q)',
       "No fix: which allowed model fits is the project's choice."),
    _r("MM702", "snapshot-pin-missing", "policy", "error",
       "The project requires a dated snapshot, but the call names a moving model ID.",
       "unsafe",
       "Flags model IDs that have dated snapshots when `[tool.modelmap.policy] "
       "require-snapshot` is true (or lists the ID), and names the snapshots to pin.",
       "An undated ID moves to a new snapshot when OpenAI updates it, so behaviour can "
       "change without a code change; a pinned snapshot changes only when you change it.",
       '# require-snapshot = true\nclient.responses.create(model="gpt-5.5", input=q)',
       'client.responses.create(model="gpt-5.5-2026-04-23", input=q)',
       "Unsafe: pins the newest known snapshot, which may behave unlike the model the "
       "moving ID points to today. Applied only with --unsafe-fixes."),
    _r("MM801", "image-format-mismatch", "image-output", "error",
       "The saved image is not in the format the request asked for.", "none",
       "Reads the file's real type with Pillow (not its extension) and compares it with the "
       "request's `output_format` (png when omitted).",
       "Code that expects PNG (or JPEG) and gets something else breaks later: a transparent "
       "PNG saved as JPEG loses its alpha, a CDN or an upload step that converts formats hides "
       "what the API returned.",
       "modelmap image check images.generate model=gpt-image-2 output_format=png out.jpg",
       "modelmap image check images.generate model=gpt-image-2 output_format=jpeg out.jpg",
       "No fix: decide which format you need, then save what the API returned unchanged."),
    _r("MM802", "image-size-mismatch", "image-output", "error",
       "The image's width and height differ from the requested size (or, for `auto`, are not "
       "a size the model allows).", "none",
       "Compares the decoded width x height with the request's `size`. For `size=auto` (or no "
       "size) the received size must be one the model accepts as of the check date, judged by "
       "the same parameter data `validate` uses; for models with flexible sizes that is a "
       "warning, as their auto outputs may fall outside the explicit-size limits. Says so "
       "when the aspect ratio matches (a downstream resize).",
       "Layouts, print sizes and crops assume the size that was asked for; a resized or "
       "differently shaped image shifts or blurs them, and nothing fails until a person looks.",
       "modelmap image check images.generate model=gpt-image-2 size=1536x1024 thumb_768.png",
       "modelmap image check images.generate model=gpt-image-2 size=1536x1024 original.png",
       "No fix: keep the original file, or request the size you store."),
    _r("MM803", "image-alpha-missing", "image-output", "error",
       "A transparent background was requested (and the model supports it as of the date), "
       "but the image has no alpha channel.", "none",
       "Flags PNG and WebP outputs without an alpha channel when the request set "
       "`background=transparent` and the catalog says the model supports (or previews) "
       "transparency on the check date. A warning, not an error, while support is a preview.",
       "A cut-out asset without alpha shows a solid box when composited; the request "
       "succeeded, so nothing else reports it.",
       "modelmap image check images.generate model=gpt-image-2.5-flare background=transparent "
       "flattened.png",
       "modelmap image check images.generate model=gpt-image-2.5-flare background=transparent "
       "output_format=png original.png",
       "No fix: save the API's PNG/WebP bytes as they came; do not flatten them."),
    _r("MM804", "image-transparency-unavailable", "image-output", "warning",
       "Transparency was requested where it cannot arrive: the model does not support it as "
       "of the date, or the format cannot carry alpha.", "none",
       "Flags `background=transparent` when the catalog marks transparent backgrounds "
       "unsupported for the model on the check date, or when the requested format or the "
       "received file is JPEG (no alpha channel).",
       "Asking does not make it so: the call fails or comes back opaque. A transparent asset "
       "then needs a separate compositing step (background removal on an opaque image) or a "
       "model that supports it.",
       "modelmap image check images.generate model=gpt-image-2 background=transparent "
       "output_format=jpeg out.jpg",
       "modelmap image check images.generate model=gpt-image-2 background=opaque "
       "output_format=jpeg out.jpg",
       "No fix: plan a compositing route, or pick a model that supports transparency."),
    _r("MM805", "image-compression-mismatch", "image-output", "warning",
       "A JPEG's estimated quality is far from the requested `output_compression`.", "none",
       "Estimates JPEG quality from the file's quantization tables (the libjpeg scaling, "
       "inverted) and compares it with `output_compression` (tolerance 10). WebP quality is "
       "not recoverable from the file; the report names the WebP encoding (lossy or "
       "lossless) instead.",
       "A quality far from the request means a downstream re-encode (often at a CDN or "
       "upload default) or a wrong setting: artefacts appear in text and edges, or files are "
       "larger than planned.",
       "modelmap image check images.generate model=gpt-image-2 output_format=jpeg "
       "output_compression=90 recompressed.jpg",
       "modelmap image check images.generate model=gpt-image-2 output_format=jpeg "
       "output_compression=90 original.jpg",
       "No fix: find the step that re-encodes, or set the compression you want."),
    _r("MM806", "image-provenance-missing", "image-output", "warning",
       "The image carries no valid C2PA provenance manifest.", "none",
       "Reads the file with the c2pa library (c2pa-python). No manifest means the route does "
       "not sign, or something downstream (an editor, a resize, an upload) stripped the "
       "metadata; a manifest that fails validation (say, a data hash mismatch) means the "
       "content changed after signing. An untrusted test or private signer is not flagged.",
       "Provenance records are part of a production image route: without the manifest "
       "nobody can later show where the image came from or that it was AI-generated.",
       "modelmap image check images.generate model=gpt-image-2 stripped.png",
       "modelmap image check images.generate model=gpt-image-2 as_returned.png",
       "No fix: keep the API's bytes, and use tools that preserve C2PA when editing."),
    _r("MM807", "image-provenance-removed-by-edit", "image-output", "warning",
       "An edit's source image carried C2PA provenance; the edited output does not.", "none",
       "With `--source IMAGE` (the input of an edit), flags outputs without a manifest when "
       "a source had one, and notes outputs whose manifest lists none of the sources as an "
       "ingredient.",
       "The edit broke the provenance chain: the new image can no longer show where its "
       "content came from.",
       "modelmap image check images.edit model=gpt-image-2 --source signed.png edited.png",
       "modelmap image check images.edit model=gpt-image-2 --source signed.png "
       "edited_with_manifest.png",
       "No fix: edit with a tool that writes a new manifest with the source as ingredient."),
    _r("MM808", "image-count-mismatch", "image-output", "error",
       "The number of images received differs from the `n` requested.", "none",
       "Counts the decoded images of the response (or the files given) and compares with "
       "`n` (1 when omitted).",
       "Code that indexes data[1] or bills per image breaks when fewer images come back; more "
       "images than asked means a retry or a duplicate save.",
       "modelmap image check images.generate model=gpt-image-2 n=4 response.json",
       "modelmap image check images.generate model=gpt-image-2 n=4 response_with_4.json",
       "No fix: find where images were lost or duplicated."),
    _r("MM809", "image-downstream-processing", "image-output", "warning",
       "The file shows signs of a resize or re-encode after the API returned it.", "none",
       "Collects the evidence: same aspect ratio at another size (a resize), a format other "
       "than the one requested, a JPEG quality other than the one requested, and no metadata "
       "or provenance left in the file.",
       "Checks on what the API returned say nothing about what users get; the processing "
       "step is where quality, transparency and provenance are lost.",
       "modelmap image check images.generate model=gpt-image-2 size=1024x1024 cdn_copy.webp",
       "modelmap image check images.generate model=gpt-image-2 size=1024x1024 api_copy.png",
       "No fix: keep the original next to any derived copy."),
)

EMITTERS: Mapping[str, str] = {
    "1": "validate", "2": "validate", "3": "validate", "4": "validate", "5": "validate",
    "6": "scan.docs", "7": "policy", "8": "image",
}
"""First digit of a code -> the component that emits the rule (and owns its fixtures)."""


def emitter(r: Rule) -> str:
    """The component that emits `r`."""
    return EMITTERS[r.code[2]]


BY_CODE: Mapping[str, Rule] = {r.code: r for r in RULES}
BY_NAME: Mapping[str, Rule] = {r.name: r for r in RULES}


def rule(code: str) -> Rule:
    """The rule with this code (KeyError names the code)."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"no rule {code!r} in RULES") from None


def finding(code: str, message: str, *, location: Location | None = None,
            fix: Fix | None = None, sources: tuple[str, ...] = (), strong: bool = True,
            severity: Severity | None = None) -> Finding:
    """Build a Finding for `code`. `strong=False` (rank-3 or sub-MH evidence) caps it at
    warning; `severity` overrides the default (a data entry may set its own)."""
    r = rule(code)
    sev = severity or r.severity
    if not strong and sev is Severity.ERROR:
        sev = Severity.WARNING
    return Finding(rule=r.code, name=r.name, family=r.family, severity=sev, message=message,
                   location=location, fix=fix, sources=sources)


def replace_fix(safety: str, message: str, span: SpanLike | None,
                replacement: str) -> Fix | None:
    """A one-edit fix replacing `span`, or None when no span is known."""
    if span is None:
        return None
    return Fix(safety=safety, message=message, edits=(
        Edit(span.line, span.column, span.end_line, span.end_column, replacement),))


def _check_table() -> None:
    codes = [r.code for r in RULES]
    if codes != sorted(codes) or len(set(codes)) != len(codes):
        raise AssertionError("RULES must be sorted by code without duplicates")
    for r in RULES:
        if r.family not in FAMILIES or r.fix not in FIXES:
            raise AssertionError(f"{r.code}: bad family {r.family!r} or fix {r.fix!r}")
        if r.code[2] not in EMITTERS:
            raise AssertionError(f"{r.code}: no emitter for code group {r.code[2]}xx")


_check_table()
