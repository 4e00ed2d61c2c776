"""Endpoint keys: what a `Call.endpoint` names, which surfaces serve it, and its HTTP path.

An endpoint key is the SDK call path without the client (`images.generate`,
`chat.completions.create`, `beta.realtime.connect`, ...). `ENDPOINTS` maps every key to the
surface keys (see surfaces.toml) that the call reaches; `KINDS` groups keys by request shape
so parameter rules can say "chat" instead of listing every spelling. `HTTP_PATHS` turns a raw
request path (`/v1/images/generations`) into its endpoint key for `modelmap validate --request`.
"""

from __future__ import annotations

from collections.abc import Mapping

_CHAT = ("api.chat_completions",)
_RESPONSES = ("api.responses",)
_IMAGES = ("api.images",)
_REALTIME = ("api.realtime",)
_VIDEOS = ("api.videos",)
_LIVE = ("api.live",)

# kind -> endpoint keys of that request shape (the first key is the canonical one).
_BY_KIND: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "chat": (("chat.completions.create", "chat.completions.parse", "chat.completions.stream",
              "beta.chat.completions.parse", "beta.chat.completions.stream",
              "chat.completions.run_tools", "beta.chat.completions.run_tools"), _CHAT),
    "responses": (("responses.create", "responses.stream", "responses.parse",
                   "beta.responses.create", "responses.compact",
                   "responses.input_tokens.count"), _RESPONSES),
    "images.generate": (("images.generate",), _IMAGES),
    "images.edit": (("images.edit",), _IMAGES),
    "images.variation": (("images.create_variation",), _IMAGES),
    "image_tool": (("responses.tools.image_generation",), ("api.responses.image_tool",)),
    "speech": (("audio.speech.create",), ("api.audio.speech",)),
    "transcription": (("audio.transcriptions.create",), ("api.audio.transcriptions",)),
    "translation": (("audio.translations.create",), ("api.audio.translations",)),
    "embeddings": (("embeddings.create",), ("api.embeddings",)),
    "moderations": (("moderations.create",), ("api.moderations",)),
    "videos": (("videos.create", "videos.remix", "videos.edit", "videos.extend",
                "videos.create_and_poll", "videos.retrieve", "videos.list", "videos.delete",
                "videos.download_content", "videos.create_character", "videos.get_character",
                "videos.poll"), _VIDEOS),
    "realtime": (("realtime.connect", "realtime.client_secrets.create", "realtime.calls.create",
                  "realtime.calls.accept"), _REALTIME),
    "realtime_beta": (("beta.realtime.connect", "beta.realtime.sessions.create",
                       "beta.realtime.transcription_sessions.create"), _REALTIME),
    "live": (("live.connect", "live.create"), _LIVE),
    "assistants": (("beta.assistants.create", "beta.assistants.update",
                    "beta.threads.create", "beta.threads.create_and_run",
                    "beta.threads.runs.create", "beta.threads.runs.create_and_poll",
                    "beta.threads.runs.stream", "beta.threads.messages.create"), ()),
    "completions": (("completions.create",), ()),
    # Dashboard-era platform APIs with a dated shutdown (params.toml [[interface]]).
    "evals": (("evals.create", "evals.retrieve", "evals.update", "evals.list", "evals.delete",
               "evals.runs.create", "evals.runs.retrieve", "evals.runs.list",
               "evals.runs.cancel", "evals.runs.delete"), ()),
    "prompts": (("prompts.create",), ()),
    # A fine-tuning job names its base model: only name and lifecycle rules apply.
    "fine_tuning": (("fine_tuning.jobs.create",), ()),
    "codex.config": (("codex.config",), ("codex.cli", "codex.ide", "api.responses")),
    # A model named in a settings file (.env, YAML, JSON, TOML) with no known endpoint:
    # only name and lifecycle rules apply (modelmap.scan.config.scanner).
    "config": (("config.model",), ()),
}

ENDPOINTS: Mapping[str, tuple[str, ...]] = {
    key: surfaces for keys, surfaces in _BY_KIND.values() for key in keys
}
"""Endpoint key -> the surface keys it reaches (empty: a legacy interface with no surface)."""

NO_REWRITE = frozenset({"fine_tuning.jobs.create"})
"""Endpoints whose model scanners never offer to rewrite (they give no `model_span`): the
replacement of a shut-down model for inference says nothing about what can be fine-tuned."""

KINDS: Mapping[str, str] = {key: kind for kind, (keys, _) in _BY_KIND.items() for key in keys}
"""Endpoint key -> request kind (chat, responses, images.generate, ..., codex.config)."""

V0_ENDPOINTS: Mapping[str, str] = {
    "ChatCompletion.create": "chat.completions.create",
    "ChatCompletion.acreate": "chat.completions.create",
    "Completion.create": "completions.create",
    "Completion.acreate": "completions.create",
    "Embedding.create": "embeddings.create",
    "Image.create": "images.generate",
    "Image.create_edit": "images.edit",
    "Image.create_variation": "images.create_variation",
    "Audio.transcribe": "audio.transcriptions.create",
    "Audio.translate": "audio.translations.create",
    "Moderation.create": "moderations.create",
}
"""openai<1.0 module-level calls (with or without the `openai.` prefix) -> v1 endpoint key."""

HTTP_PATHS: Mapping[str, str] = {
    "/v1/chat/completions": "chat.completions.create",
    "/v1/responses": "responses.create",
    "/v1/responses/compact": "responses.compact",
    "/v1/images/generations": "images.generate",
    "/v1/images/edits": "images.edit",
    "/v1/images/variations": "images.create_variation",
    "/v1/audio/speech": "audio.speech.create",
    "/v1/audio/transcriptions": "audio.transcriptions.create",
    "/v1/audio/translations": "audio.translations.create",
    "/v1/embeddings": "embeddings.create",
    "/v1/moderations": "moderations.create",
    "/v1/videos": "videos.create",
    "/v1/realtime": "realtime.connect",
    "/v1/realtime/client_secrets": "realtime.client_secrets.create",
    "/v1/realtime/calls": "realtime.calls.create",
    "/v1/realtime/sessions": "beta.realtime.sessions.create",
    "/v1/realtime/transcription_sessions": "beta.realtime.transcription_sessions.create",
    "/v1/live/sessions": "live.create",
    "/v1/assistants": "beta.assistants.create",
    "/v1/threads": "beta.threads.create",
    "/v1/threads/runs": "beta.threads.create_and_run",
    "/v1/completions": "completions.create",
    "/v1/evals": "evals.create",
    "/v1/prompts": "prompts.create",
    "/v1/fine_tuning/jobs": "fine_tuning.jobs.create",
}
"""Raw HTTP request path -> endpoint key."""

CALL_PATHS: tuple[str, ...] = (
    "/chat/completions", "/responses", "/images/generations", "/images/edits",
    "/images/variations", "/audio/speech", "/audio/transcriptions", "/audio/translations",
    "/embeddings", "/moderations", "/completions", "/realtime", "/videos",
)
"""Paths the SDK appends to the base URL; a base URL ending in one is a full endpoint."""


def canonical(endpoint: str) -> str:
    """The endpoint key for `endpoint`, accepting `client.`/`openai.` prefixes, async twins
    (`AsyncOpenAI` calls look the same) and v0 module-level names; unknown keys come back as is."""
    key = endpoint.strip()
    for prefix in ("client.", "async_client.", "aclient.", "openai."):
        if key.startswith(prefix):
            key = key[len(prefix):]
    if key in V0_ENDPOINTS:
        return V0_ENDPOINTS[key]
    if key.startswith("with_raw_response."):
        key = key.removeprefix("with_raw_response.")
    return key.replace(".with_raw_response.", ".").replace(".with_streaming_response.", ".")


def kind_of(endpoint: str) -> str | None:
    """Request kind of an endpoint key (after `canonical`), or None when unknown."""
    key = canonical(endpoint)
    if key in KINDS:
        return KINDS[key]
    if key.startswith("videos."):
        return "videos"
    if key.startswith(("beta.assistants.", "beta.threads.")):
        return "assistants"
    if key.startswith("evals."):
        return "evals"
    if key.startswith("beta.realtime."):
        return "realtime_beta"
    if key.startswith("realtime."):
        return "realtime"
    if key.startswith("live."):
        return "live"
    return None


def from_http_path(path: str) -> str | None:
    """Endpoint key for a raw request path (with or without /v1, query and trailing slash)."""
    clean = path.split("?", 1)[0].rstrip("/")
    if not clean.startswith("/"):
        clean = "/" + clean
    if not clean.startswith("/v1/"):
        clean = "/v1" + clean
    return HTTP_PATHS.get(clean)


NODE_V3_METHODS = {
    "createChatCompletion": "chat.completions.create", "createCompletion": "completions.create",
    "createImage": "images.generate", "createImageEdit": "images.edit",
    "createImageVariation": "images.create_variation", "createEmbedding": "embeddings.create",
    "createModeration": "moderations.create",
}
"""Legacy openai-node v3 (`new OpenAIApi(cfg).createChatCompletion(...)`) methods."""
