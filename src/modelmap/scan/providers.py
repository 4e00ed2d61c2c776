"""Who serves a request: a base URL, a client class or a wrapper prefix -> provider name.

None means OpenAI's own API (api.openai.com, the default). Any other value tells `validate`
that the model string belongs to someone else's namespace (an Azure deployment name, an
OpenRouter slug, a local model), so OpenAI model-name rules must stay quiet about it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

DYNAMIC = "dynamic"
"""A base URL is set from a run-time value the scanner cannot read."""

_HOSTS: tuple[tuple[str, str], ...] = (
    ("openai.azure.com", "azure"), ("azure.com", "azure"), ("azure-api.net", "azure"),
    ("openrouter.ai", "openrouter"), ("groq.com", "groq"), ("together.xyz", "together"),
    ("together.ai", "together"), ("fireworks.ai", "fireworks"), ("deepseek.com", "deepseek"),
    ("mistral.ai", "mistral"), ("cerebras.ai", "cerebras"), ("x.ai", "xai"),
    ("perplexity.ai", "perplexity"), ("anthropic.com", "anthropic"),
    ("googleapis.com", "google"), ("githubcopilot.com", "copilot"),
    ("models.inference.ai.azure.com", "azure"), ("models.github.ai", "github"),
    ("dashscope.aliyuncs.com", "dashscope"), ("api.moonshot.cn", "moonshot"),
    ("ai-gateway.vercel.sh", "vercel"), ("portkey.ai", "portkey"),
    ("chatgpt.com", "chatgpt-backend"), ("huggingface.co", "huggingface"),
    ("ollama.com", "ollama"), ("amazonaws.com", "bedrock"), ("bigmodel.cn", "zhipu"),
    ("volces.com", "volcengine"), ("siliconflow.cn", "siliconflow"), ("nvidia.com", "nvidia"),
)
_LOCAL = ("localhost", "127.0.0.1", "0.0.0.0", "::1", "host.docker.internal")

CLIENT_CLASSES: dict[str, str | None] = {
    "OpenAI": None, "AsyncOpenAI": None, "Client": None, "AsyncClient": None,
    "AzureOpenAI": "azure", "AsyncAzureOpenAI": "azure",
    "Groq": "groq", "AsyncGroq": "groq", "Together": "together", "AsyncTogether": "together",
    "Cerebras": "cerebras", "AsyncCerebras": "cerebras", "Fireworks": "fireworks",
    "AsyncFireworks": "fireworks", "Mistral": "mistral", "InferenceClient": "huggingface",
    "AsyncInferenceClient": "huggingface", "ZhipuAI": "zhipu", "Ark": "volcengine",
    "AsyncArk": "volcengine", "Portkey": "portkey", "AsyncPortkey": "portkey",
    "Anthropic": "anthropic", "AsyncAnthropic": "anthropic", "AnthropicBedrock": "bedrock",
    "AsyncAnthropicBedrock": "bedrock", "AnthropicVertex": "google",
    "AsyncAnthropicVertex": "google", "ZhipuAiClient": "zhipu",
}
"""Client constructors by class name -> provider (None: OpenAI unless a base URL says else)."""

FOREIGN_SDKS: dict[str, str] = {
    "groq": "groq", "together": "together", "cerebras": "cerebras", "fireworks": "fireworks",
    "mistralai": "mistral", "huggingface_hub": "huggingface", "zhipuai": "zhipu",
    "volcenginesdkarkruntime": "volcengine", "portkey_ai": "portkey", "anthropic": "anthropic",
    "ollama": "ollama", "cohere": "cohere", "google": "google", "zai": "zhipu",
    "boto3": "bedrock", "botocore": "bedrock",
}
"""Top-level modules of SDKs that mimic the OpenAI call shape but talk to someone else."""


FAKE = "fake"
"""A base URL taken from a variable named as a fake endpoint: a test server, never OpenAI."""
_FAKE_REF = re.compile(
    r"^(?:os\.environ/|\$\{?|env:)(?:\w+_)?(?:FAKE|MOCK|MOCKED|DUMMY|STUB)(?:_\w+)?\}?$", re.I)


def fake_endpoint(value: str) -> bool:
    """Is a base-URL value a reference to a variable named as a fake endpoint? LiteLLM proxy
    configs point test deployments at `api_base: os.environ/FAKE_OPENAI_API_BASE` (a mock
    server); `os.environ/OPENAI_API_BASE` is a real endpoint and stays unknown (None)."""
    return bool(_FAKE_REF.match(value.strip()))


def provider_for_url(url: str) -> str | None:
    """Provider for a base URL (None: api.openai.com or an OpenAI host)."""
    text = url.strip()
    if not text:
        return None
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
        host = (parts.hostname or "").lower()
    except ValueError:  # malformed (`http://[`): where it goes cannot be told
        return DYNAMIC
    if host in ("api.openai.com", "openai.com") or host.endswith(".openai.com"):
        return None
    if host in _LOCAL or host.startswith(("127.", "192.168.", "10.")) or host.endswith(".local"):
        return "local"
    for suffix, name in _HOSTS:
        if host == suffix or host.endswith("." + suffix):
            return name
    return host or DYNAMIC


FOREIGN_CLIENT_MODULES: dict[str, str] = {"litellm.proxy.client": "litellm-proxy"}
"""Modules (and their submodules) whose client classes copy the OpenAI SDK's call shape but
send to another server: `litellm.proxy.client.Client().chat.completions.create(model="gpt-4")`
asks a LiteLLM proxy, whose model names are its own model groups."""


def foreign_client_module(module: str) -> str | None:
    """The provider of a foreign client module (`litellm.proxy.client.exceptions` counts)."""
    for prefix, provider in FOREIGN_CLIENT_MODULES.items():
        if module == prefix or module.startswith(prefix + "."):
            return provider
    return None


WRAPPER_PROVIDERS: dict[str, str] = {"from_litellm": "litellm"}
"""Client wrappers that route by the model string's own provider prefix
(`instructor.from_litellm(completion)`: `watsonx/...` goes to watsonx)."""

SDK_PROVIDERS = frozenset({"bedrock", "vertex", "azure"})
"""`OpenAI(provider=bedrock(...))`: the openai package's own provider helpers, which send the
request to another cloud (any other `provider=` value is taken as foreign too)."""

_BEDROCK_ID = re.compile(r"^(?:(?:us|eu|apac|ap|global|us-gov|jp|au|ca)\.)?openai\.[a-z0-9]")


def provider_for_model(name: str) -> str | None:
    """The vendor whose namespace a model string is in, when its spelling says so: Amazon
    Bedrock's `openai.gpt-oss-120b-1:0` and cross-region `us.openai.gpt-5.4` IDs. None: the
    string may be an OpenAI ID."""
    return "bedrock" if _BEDROCK_ID.match(name.strip()) else None
