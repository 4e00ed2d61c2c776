"""The names the Python scanner and its pruning both key on (one list, so the two cannot drift:
a wrapper the scanner knows must also keep the function bodies that use it unpruned)."""

from __future__ import annotations

WRAPPER_NAMES = (
    "ChatOpenAI", "AzureChatOpenAI", "OpenAI", "AzureOpenAI", "OpenAIEmbeddings",
    "AzureOpenAIEmbeddings", "init_chat_model", "completion", "acompletion", "text_completion",
    "atext_completion", "embedding", "aembedding", "image_generation", "aimage_generation",
    "transcription", "atranscription", "speech", "aspeech", "responses", "aresponses",
    "moderation", "Agent", "RunConfig", "OpenAIChatCompletionsModel", "OpenAIResponsesModel",
    "OpenAIModel", "OpenAIChatModel", "LLM", "RealtimeRunner", "RealtimeRunConfig")
"""Clients and wrapper entry points imported from the packages below."""
V0_CLASSES = ("ChatCompletion", "Completion", "Embedding", "Image", "Moderation", "Audio",
              "Edit")
"""openai < 1.0 resource classes (`openai.ChatCompletion.create(...)`)."""
PACKAGES = ("openai", "litellm", "langchain", "agents", "pydantic_ai", "crewai")
PACKAGE_PATTERN = r"(?:openai|litellm|langchain\w*|agents|pydantic_ai|crewai)"
"""PACKAGES as a regex alternation (`langchain` with its `langchain_*` packages)."""
UNIMPORTED = ("ChatOpenAI", "AzureChatOpenAI", "init_chat_model", "OpenAIEmbeddings",
              "OpenAIChatCompletionsModel")
"""Wrapper names recognised even without an import (star imports, notebooks pasted whole)."""
