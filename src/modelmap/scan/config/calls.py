"""What the config scanners share: a model value in a settings file as a `config.model` Call
(provider prefixes stripped, other vendors' names left out), and a bare base-URL setting as a
model-less Call. Used by the YAML/JSON/TOML scanner (`scanner`) and the dotenv one (`env`)."""

from __future__ import annotations

import re

from modelmap.catalog.model import Catalog
from modelmap.findings import Location
from modelmap.scan.python.wrappers import OPENAI_LIKE
from modelmap.validate.call import Call, Span

ENDPOINT = "config.model"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

FOREIGN = frozenset({
    "anthropic", "claude", "groq", "ollama", "mistral", "mistralai", "gemini", "google",
    "vertex", "vertexai", "bedrock", "aws", "cohere", "deepseek", "together", "fireworks",
    "openrouter", "perplexity", "xai", "grok", "huggingface", "hf", "lmstudio", "llamacpp",
    "vllm", "qwen", "dashscope", "zhipu", "moonshot", "replicate", "cerebras", "azure",
    "azure_openai", "azureopenai", "local", "nvidia", "sambanova", "watsonx"})
"""Provider names whose section or setting makes a model key someone else's."""


def norm_key(key: str) -> str:
    """`defaultModel`, `default-model`, `DEFAULT_MODEL` -> `default_model`."""
    return _CAMEL.sub("_", key.strip()).lower().replace("-", "_").replace(" ", "_")


def candidate(catalog: Catalog, value: str) -> bool:
    """Is `value` model-like enough to be an OpenAI model setting? (A catalog ID or label, or
    spelled like an OpenAI model; cheap: no fuzzy matching.)"""
    from modelmap.normalize import normalize

    text = value.strip()
    if not text or len(text) > 80 or "${" in text or "{{" in text or "\n" in text:
        return False
    if text.lower().startswith("gpt-oss"):
        return False
    if " " not in text and OPENAI_LIKE.match(text):
        return True
    return text in catalog.models or normalize(text) in catalog.labels


def split_prefix(value: str) -> tuple[str, int] | None:
    """`openai/x` -> ('x', 7); another vendor's prefix -> None; no prefix -> (value, 0)."""
    for sep in ("/", ":"):
        head, found, tail = value.partition(sep)
        if found and head and "/" not in head and " " not in head:
            if head.lower() == "openai":
                return tail, len(head) + 1
            if norm_key(head) in FOREIGN or sep == "/":
                return None
    return value, 0


def location_of(path: str, span: Span) -> Location:
    return Location(path, span.line, span.column, span.end_line, span.end_column)


def make_call(path: str, catalog: Catalog, value: str, span: Span | None, origin: str,
              provider: str | None, base_url: str | None, near: Span | None = None,
              base_span: Span | None = None) -> Call | None:
    split = split_prefix(value.strip())
    if split is None:
        return None
    bare, skip = split
    if not candidate(catalog, bare):
        return None
    lead = len(value) - len(value.lstrip())
    model_span = None
    if span is not None and span.line == span.end_line:
        model_span = Span(span.line, span.column + lead + skip, span.end_line,
                          span.column + lead + skip + len(bare))
    where = model_span or span or near or Span(1, 1, 1, 1)  # unlocated: the file's start
    location = location_of(path, where)
    return Call(ENDPOINT, bare, location=location, model_span=model_span, via="config",
                origin=origin, provider=provider, base_url=base_url, site=location,
                base_url_span=base_span)


def base_call(path: str, url: str, span: Span | None, origin: str) -> Call:
    """A model-less call for a base URL set with no model beside it: only the base-URL rules
    judge it (provider None: the URL's host decides, and it is not counted as a foreign call)."""
    location = location_of(path, span or Span(1, 1, 1, 1))
    return Call(ENDPOINT, None, location=location, via="config", origin=origin, base_url=url,
                site=location, base_url_span=span)


def default_catalog() -> Catalog:
    from modelmap.catalog.load import default_catalog

    return default_catalog()


MODEL_KEY = re.compile(r"^(model|.+_model|model_name|model_id|engine|llm|llm_model)$")

BASE_KEYS = frozenset({"base_url", "api_base", "base_uri", "baseurl", "openai_base_url",
                       "openai_api_base"})
"""Keys that name a client's base URL outright (checked even without a model next to them)."""

MODEL_WORD = re.compile(r"(?i)model|engine|llm|base[_-]?ur[li]|api[_-]?base")
"""Files without any of these words hold no model key and no base-URL key: not parsed."""

BASE_WORD = re.compile(r"(?i)base[_-]?ur[li]|api[_-]?base")
