"""Framework wrappers around the OpenAI API, and what each one really sends.

- LangChain `ChatOpenAI(model=|model_name=)`: chat.completions.create (LangChain's default);
  responses.create with `use_responses_api=True` or `output_version="responses/v1"`.
- LangChain `OpenAI(...)` (langchain_openai, langchain.llms): completions.create (legacy).
- LangChain `OpenAIEmbeddings`: embeddings.create.
- LangChain `init_chat_model("openai:x")`, `init_chat_model("x", model_provider="openai")`, or a
  bare `gpt-*`/`o*` name (LangChain infers OpenAI): chat (responses with the flag above).
- LiteLLM `completion(model="openai/x")` and siblings: endpoint by function (completion ->
  chat, text_completion -> completions, embedding, image_generation, transcription, speech,
  responses, moderation); `openai/` is stripped, bare OpenAI-looking names are kept.
- OpenAI Agents SDK `Agent(model=)`, `RunConfig(model=)`: responses.create (the SDK default;
  chat when the file calls `set_default_openai_api("chat_completions")`); `openai/` stripped,
  `litellm/...` follows LiteLLM. `OpenAIChatCompletionsModel` / `OpenAIResponsesModel`: chat /
  responses, through the client given as `openai_client=`.
- pydantic-ai `Agent("openai:x")` (chat), `"openai-responses:x"` (responses),
  `OpenAIChatModel`, `OpenAIResponsesModel`.
- CrewAI `LLM(model=)`, `Agent(llm="...")`: chat through LiteLLM's rules.

A LiteLLM call with `mock_response=` sends nothing and yields no call.

Models for other providers (`azure/...`, `groq/...`, `anthropic:...`) yield no call at all:
they are not OpenAI requests. Azure wrappers (`AzureChatOpenAI`) yield calls with provider
`azure`, so validate can tell deployment names from model IDs. Library default models (a
wrapper built without a model) are not reported: they change between library versions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENAI_LIKE = re.compile(
    r"(?i)^(gpt-|gpt\d|o\d|chatgpt|text-(davinci|curie|babbage|ada|embedding|moderation)|"
    r"davinci|curie|babbage|code-|dall-e|whisper|tts-|omni-moderation|codex|sora|"
    r"computer-use)")
"""Names that an OpenAI-defaulting wrapper would send to OpenAI without a prefix."""

WRAPPER_PARAMS = frozenset({
    "temperature", "top_p", "reasoning_effort", "reasoning", "seed", "n", "stop",
    "frequency_penalty", "presence_penalty", "service_tier", "max_completion_tokens",
    "max_output_tokens", "size", "quality", "verbosity", "dimensions", "voice",
    "response_format", "background", "output_format", "modalities", "audio",
})
"""Wrapper keywords passed through to the API unchanged (others are renamed or local)."""


def drops_temperature(model: object, effort: object) -> bool:
    """langchain-openai's ChatOpenAI removes a non-default temperature for gpt-5 reasoning
    models (not the chat ones, not with reasoning effort "none") before sending: it never
    reaches the API (langchain_openai/chat_models/base.py, validate_temperature)."""
    return (isinstance(model, str) and model.lower().startswith("gpt-5")
            and "chat" not in model.lower() and effort != "none")


@dataclass(frozen=True)
class Wrapper:
    """How one wrapper call carries its model."""

    family: str
    """langchain | init_chat_model | litellm | agents | agents_model | pydantic_ai | crewai."""
    endpoint: str
    model_kw: tuple[str, ...] = ("model",)
    model_pos: int | None = None
    """Positional index of the model argument, when it may be positional."""
    base_url_kw: tuple[str, ...] = ()
    client_kw: str | None = None
    """Keyword (or positional 1) carrying an OpenAI client object."""
    provider: str | None = None


_LC_BASE = ("base_url", "openai_api_base", "api_base")
_LANGCHAIN = {
    "ChatOpenAI": Wrapper("langchain", "chat.completions.create", ("model", "model_name"),
                          None, _LC_BASE),
    "AzureChatOpenAI": Wrapper("langchain", "chat.completions.create",
                               ("model", "model_name"), None, _LC_BASE, provider="azure"),
    "OpenAI": Wrapper("langchain", "completions.create", ("model", "model_name"), None,
                      _LC_BASE),
    "AzureOpenAI": Wrapper("langchain", "completions.create", ("model", "model_name"), None,
                           _LC_BASE, provider="azure"),
    "OpenAIEmbeddings": Wrapper("langchain", "embeddings.create", ("model",), None, _LC_BASE),
    "AzureOpenAIEmbeddings": Wrapper("langchain", "embeddings.create", ("model",), None,
                                     _LC_BASE, provider="azure"),
    "init_chat_model": Wrapper("init_chat_model", "chat.completions.create", ("model",), 0,
                               ("base_url",)),
}
_LITELLM_ENDPOINTS = {
    "completion": "chat.completions.create", "acompletion": "chat.completions.create",
    "text_completion": "completions.create", "atext_completion": "completions.create",
    "embedding": "embeddings.create", "aembedding": "embeddings.create",
    "image_generation": "images.generate", "aimage_generation": "images.generate",
    "transcription": "audio.transcriptions.create",
    "atranscription": "audio.transcriptions.create", "speech": "audio.speech.create",
    "aspeech": "audio.speech.create", "responses": "responses.create",
    "aresponses": "responses.create", "moderation": "moderations.create",
}
_AGENTS = {
    "Agent": Wrapper("agents", "responses.create"),
    "RunConfig": Wrapper("agents", "responses.create"),
    "OpenAIChatCompletionsModel": Wrapper("agents_model", "chat.completions.create",
                                          ("model",), 0, client_kw="openai_client"),
    "OpenAIResponsesModel": Wrapper("agents_model", "responses.create", ("model",), 0,
                                    client_kw="openai_client"),
}
_PYDANTIC_AI = {
    "Agent": Wrapper("pydantic_ai", "chat.completions.create", ("model",), 0),
    "OpenAIModel": Wrapper("agents_model", "chat.completions.create", ("model_name",), 0),
    "OpenAIChatModel": Wrapper("agents_model", "chat.completions.create", ("model_name",), 0),
    "OpenAIResponsesModel": Wrapper("agents_model", "responses.create", ("model_name",), 0),
}
REALTIME_RUNNERS = ("RealtimeRunner", "RealtimeRunConfig")
"""Agents SDK realtime classes whose model settings scan.python.shapes reads."""
_UNIMPORTED = ("ChatOpenAI", "AzureChatOpenAI", "init_chat_model", "OpenAIEmbeddings",
               "OpenAIChatCompletionsModel")


def match(qualname: str) -> Wrapper | None:
    """The wrapper a (import-resolved) dotted call name denotes, if any."""
    module, _, last = qualname.rpartition(".")
    top = module.split(".", 1)[0]
    if "langchain" in top and last in _LANGCHAIN:
        return _LANGCHAIN[last]
    if not module and last in _UNIMPORTED:
        return _LANGCHAIN.get(last) or _AGENTS.get(last)
    if top == "litellm" and last in _LITELLM_ENDPOINTS:
        return Wrapper("litellm", _LITELLM_ENDPOINTS[last], ("model",), 0,
                       ("api_base", "base_url"))
    if top == "agents" and last in _AGENTS:
        return _AGENTS[last]
    if top == "pydantic_ai" and last in _PYDANTIC_AI:
        return _PYDANTIC_AI[last]
    if top == "crewai" and last == "LLM":
        return Wrapper("crewai", "chat.completions.create", ("model",), 0,
                       ("base_url", "api_base"))
    if top == "crewai" and last == "Agent":
        return Wrapper("crewai", "chat.completions.create", ("llm",))
    return None


def route(w: Wrapper, text: str, flags: dict[str, object]) -> tuple[str, str, str | None] | None:
    """(model sent to OpenAI, endpoint, provider) for a wrapper's model string, or None when
    the string names another provider's model. `flags` holds the call's literal keywords."""
    endpoint = w.endpoint
    if flags.get("use_responses_api") is True or flags.get("output_version") == "responses/v1":
        endpoint = "responses.create"
    if w.family in ("langchain", "agents_model"):
        return text, endpoint, w.provider
    if w.family == "init_chat_model":
        provider, sep, bare = text.partition(":")
        if not sep:
            provider, bare = str(flags.get("model_provider") or ""), text
            if not provider and OPENAI_LIKE.match(text):
                provider = "openai"
        if provider == "azure_openai":
            return bare, endpoint, "azure"
        return (bare, endpoint, None) if provider == "openai" else None
    if w.family in ("litellm", "crewai"):
        return litellm_route(text, endpoint, flags.get("custom_llm_provider"))
    if w.family == "agents":
        if flags.get("_chat_default") is True:
            endpoint = "chat.completions.create"
        if text.startswith("litellm/"):
            return litellm_route(text[len("litellm/"):], "chat.completions.create", None)
        head, sep, bare = text.partition("/")
        if not sep:
            return text, endpoint, None
        return (bare, endpoint, None) if head == "openai" else None
    if w.family == "pydantic_ai":
        head, sep, bare = text.partition(":")
        chosen = {"openai": "chat.completions.create", "openai-chat": "chat.completions.create",
                  "openai-responses": "responses.create"}.get(head)
        if sep and chosen:
            return bare, chosen, None
        return None
    return None


def litellm_route(text: str, endpoint: str,
                  custom_provider: object = None) -> tuple[str, str, str | None] | None:
    """LiteLLM's `provider/model` convention (`openai/` is OpenAI; bare OpenAI names too)."""
    head, sep, bare = text.partition("/")
    if custom_provider == "openai":
        return text, endpoint, None
    if not sep:
        return (text, endpoint, None) if OPENAI_LIKE.match(text) else None
    if head == "openai":
        return bare, endpoint, None
    if head == "text-completion-openai":
        return bare, "completions.create", None
    return None


def prefix_length(written: str, sent: str) -> int:
    """How many leading characters of `written` the wrapper strips to get `sent`."""
    return len(written) - len(sent) if written.endswith(sent) else 0


def names_for(top: str) -> frozenset[str]:
    """The last names `match` accepts under a top-level package (`litellm` -> completion,
    acompletion, ...), and for `agents` the realtime runners scan.python.shapes reads: what
    a file importing from that package can call a wrapper by."""
    out: set[str] = set()
    if "langchain" in top:
        out.update(_LANGCHAIN)
    if top == "litellm":
        out.update(_LITELLM_ENDPOINTS)
    if top == "agents":
        out.update(_AGENTS)
        out.update(REALTIME_RUNNERS)
    if top == "pydantic_ai":
        out.update(_PYDANTIC_AI)
    if top == "crewai":
        out.update(("LLM", "Agent"))
    return frozenset(out)
