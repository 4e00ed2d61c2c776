"""Python scanner: snippet -> exact calls (endpoint, model, line, col, via, provider, base_url)."""

from __future__ import annotations

from typing import Any

import pytest

from modelmap.scan.base import ScanContext
from modelmap.scan.python.scanner import module_constants, scan
from modelmap.scan.python.scope import module_name
from modelmap.validate.call import Call

H = "from openai import OpenAI\nclient = OpenAI()\n"
CHAT = "chat.completions.create"
RESP = "responses.create"
IMG = "images.generate"
OR_URL = "https://openrouter.ai/api/v1"


def run(src: str, path: str = "app.py", **ctx: Any) -> list[Call]:
    return list(scan(path, src, ScanContext(root="", strict=True, **ctx)).calls)


def rows(src: str, path: str = "app.py", **ctx: Any) -> list[tuple[Any, ...]]:
    out = []
    for c in run(src, path, **ctx):
        assert c.location is not None and c.site is not None
        out.append((c.endpoint, c.model, c.location.line, c.location.column, c.via,
                    c.provider, c.base_url))
    return out


# (name, source, expected [(endpoint, model, line, col, via, provider, base_url)])
CASES: list[tuple[str, str, list[tuple[Any, ...]]]] = [
    # -- SDK call shapes -----------------------------------------------------------------------
    ("literal-chat", H + 'client.chat.completions.create(model="gpt-4o", messages=[])\n',
     [(CHAT, "gpt-4o", 3, 1, "literal", None, None)]),
    ("async-await", "from openai import AsyncOpenAI\nclient = AsyncOpenAI()\n"
     "async def f():\n    return await client.responses.create(model=\"gpt-5.5\", input=\"x\")\n",
     [(RESP, "gpt-5.5", 4, 18, "literal", None, None)]),
    ("with-options-raw-response", H + "client.with_options(timeout=5).images.with_raw_response"
     '.generate(model="gpt-image-2", prompt="p")\n',
     [(IMG, "gpt-image-2", 3, 1, "literal", None, None)]),
    ("streaming-response", H + "with client.responses.with_streaming_response.create(\n"
     '    model="o3-pro", input="x") as r:\n    pass\n',
     [(RESP, "o3-pro", 3, 6, "literal", None, None)]),
    ("beta-parse", H + 'client.beta.chat.completions.parse(model="gpt-4o-2024-08-06", '
     "messages=[])\n",
     [("beta.chat.completions.parse", "gpt-4o-2024-08-06", 3, 1, "literal", None, None)]),
    ("realtime-ga-and-beta", H + 'client.realtime.connect(model="gpt-realtime")\n'
     'client.beta.realtime.connect(model="gpt-4o-realtime-preview")\n',
     [("realtime.connect", "gpt-realtime", 3, 1, "literal", None, None),
      ("beta.realtime.connect", "gpt-4o-realtime-preview", 4, 1, "literal", None, None)]),
    ("realtime-client-secret-session", H + "client.realtime.client_secrets.create(\n"
     '    session={"type": "realtime", "model": "gpt-realtime-mini"})\n',
     [("realtime.client_secrets.create", "gpt-realtime-mini", 3, 1, "literal", None, None)]),
    ("audio-embeddings-moderations", H
     + 'client.audio.speech.create(model="tts-1", voice="alloy", input="x")\n'
     'client.audio.transcriptions.create(model="whisper-1", file=f)\n'
     'client.audio.translations.create(model="whisper-1", file=f)\n'
     'client.embeddings.create(model="text-embedding-3-small", input="x")\n'
     'client.moderations.create(model="omni-moderation-latest", input="x")\n',
     [("audio.speech.create", "tts-1", 3, 1, "literal", None, None),
      ("audio.transcriptions.create", "whisper-1", 4, 1, "literal", None, None),
      ("audio.translations.create", "whisper-1", 5, 1, "literal", None, None),
      ("embeddings.create", "text-embedding-3-small", 6, 1, "literal", None, None),
      ("moderations.create", "omni-moderation-latest", 7, 1, "literal", None, None)]),
    ("videos-any-method", H + 'client.videos.create(model="sora-2", prompt="p")\n'
     'client.videos.retrieve("video_1")\n',
     [("videos.create", "sora-2", 3, 1, "literal", None, None),
      ("videos.retrieve", None, 4, 1, "absent", None, None)]),
    ("module-level-client", "import openai\n"
     'openai.chat.completions.create(model="gpt-4.1", messages=[])\n',
     [(CHAT, "gpt-4.1", 2, 1, "literal", None, None)]),
    ("receiver-through-local", H + "chat = client.chat\n"
     'chat.completions.create(model="gpt-4o", messages=[])\n',
     [(CHAT, "gpt-4o", 4, 1, "literal", None, None)]),
    ("bound-sdk-method", H + "create = client.chat.completions.create\n"
     "def f():\n    return create(\n        model='gpt-4o', messages=[])\n",
     [(CHAT, "gpt-4o", 5, 12, "literal", None, None)]),
    ("image-tool-in-responses", H + 'client.responses.create(model="gpt-5.5", input="x",\n'
     '    tools=[{"type": "image_generation", "model": "gpt-image-1", "size": "auto"}])\n',
     [(RESP, "gpt-5.5", 3, 1, "literal", None, None),
      ("responses.tools.image_generation", "gpt-image-1", 3, 1, "literal", None, None)]),
    ("two-values-ifexp", H + 'client.chat.completions.create(model="gpt-4o" if x else '
     '"gpt-4o-mini")\n',
     [(CHAT, "gpt-4o", 3, 1, "literal", None, None),
      (CHAT, "gpt-4o-mini", 3, 1, "literal", None, None)]),
    # -- v0 SDK ---------------------------------------------------------------------------------
    ("v0-chat-engine", 'import openai\nopenai.ChatCompletion.create(engine="gpt-35-turbo", '
     "messages=[])\n",
     [(CHAT, "gpt-35-turbo", 2, 1, "literal", None, None)]),
    ("v0-completion", 'import openai\nopenai.Completion.create(model="text-davinci-003", '
     'prompt="x")\n',
     [("completions.create", "text-davinci-003", 2, 1, "literal", None, None)]),
    ("v0-imported-class", "from openai import Embedding\n"
     'Embedding.create(model="text-embedding-ada-002", input="x")\n',
     [("embeddings.create", "text-embedding-ada-002", 2, 1, "literal", None, None)]),
    ("v0-audio-positional", 'import openai\nopenai.Audio.transcribe("whisper-1", f)\n',
     [("audio.transcriptions.create", "whisper-1", 2, 1, "literal", None, None)]),
    ("v0-azure-api-type", 'import openai\nopenai.api_type = "azure"\n'
     'openai.api_base = "https://x.openai.azure.com"\n'
     'openai.ChatCompletion.create(engine="my-deploy", messages=[])\n',
     [(CHAT, "my-deploy", 4, 1, "literal", "azure", "https://x.openai.azure.com")]),
    # -- values that reach model= -------------------------------------------------------------
    ("module-constant", H + 'MODEL = "gpt-4o-mini"\nclient.chat.completions.create(model=MODEL)\n',
     [(CHAT, "gpt-4o-mini", 3, 9, "constant", None, None)]),
    ("env-default-getenv", "import os\n" + H
     + 'M = os.getenv("OPENAI_MODEL", "gpt-4o")\nclient.chat.completions.create(model=M)\n',
     [(CHAT, "gpt-4o", 4, 31, "env-default", None, None)]),
    ("env-default-environ-get", "import os\n" + H
     + 'client.chat.completions.create(model=os.environ.get("M", "gpt-4"))\n',
     [(CHAT, "gpt-4", 4, 1, "env-default", None, None)]),
    ("env-or-default", "from os import getenv\n" + H
     + 'M = getenv("M") or "gpt-4-turbo"\nclient.chat.completions.create(model=M)\n',
     [(CHAT, "gpt-4-turbo", 4, 20, "env-default", None, None)]),
    ("dataclass-field", H + "from dataclasses import dataclass\n@dataclass\nclass Cfg:\n"
     '    model: str = "o3"\ncfg = Cfg()\nclient.responses.create(model=cfg.model, input="x")\n',
     [(RESP, "o3", 6, 18, "field-default", None, None)]),
    ("pydantic-field-default", H + "class S(BaseSettings):\n"
     '    openai_model: str = Field(default="gpt-4.1")\n'
     "client.chat.completions.create(model=S().openai_model)\n",
     [(CHAT, "gpt-4.1", 4, 39, "field-default", None, None)]),
    ("ctor-kwarg-overrides-field", H + "class S:\n    model: str = \"a\"\n"
     's = S(model="gpt-5")\nclient.chat.completions.create(model=s.model)\n',
     [(CHAT, "gpt-5", 5, 13, "constant", None, None)]),
    ("param-default", H + 'def ask(q, model="gpt-5-mini"):\n'
     "    return client.chat.completions.create(model=model, messages=q)\n",
     [(CHAT, "gpt-5-mini", 3, 18, "param-default", None, None)]),
    ("self-attr-from-init-param", H + "class Bot:\n"
     '    def __init__(self, model: str = "o3-pro"):\n        self.model = model\n'
     "    def go(self):\n        return client.responses.create(model=self.model)\n",
     [(RESP, "o3-pro", 4, 37, "param-default", None, None)]),
    ("class-constant-via-self", H + 'class Bot:\n    MODEL = "gpt-4o"\n    def run(self):\n'
     "        client.chat.completions.create(model=self.MODEL)\n",
     [(CHAT, "gpt-4o", 4, 13, "class-constant", None, None)]),
    ("alias-table-entry-that-is-sent", H
     + 'MODELS = {"fast": "gpt-4o-mini", "smart": "gpt-4o"}\n'
     'client.chat.completions.create(model=MODELS["fast"])\n',
     [(CHAT, "gpt-4o-mini", 3, 19, "dict-value", None, None)]),
    ("config-dict-get", H + 'CFG = {"model": "gpt-4.1-mini"}\n'
     'client.chat.completions.create(model=CFG.get("model", "gpt-4o"))\n',
     [(CHAT, "gpt-4.1-mini", 3, 17, "dict-value", None, None)]),
    ("unknown-dict-get-default", H + "def f(cfg):\n"
     '    client.chat.completions.create(model=cfg.get("model", "gpt-4o"))\n',
     [(CHAT, "gpt-4o", 4, 5, "get-default", None, None)]),
    ("splat-dict", H + 'params = {"model": "gpt-5", "messages": []}\n'
     "client.chat.completions.create(**params)\n",
     [(CHAT, "gpt-5", 3, 20, "dict-value", None, None)]),
    ("loop-over-list", H + 'for m in ["gpt-4", "gpt-4.1"]:\n'
     '    client.embeddings.create(model=m, input="x")\n',
     [("embeddings.create", "gpt-4", 3, 11, "loop", None, None),
      ("embeddings.create", "gpt-4.1", 3, 20, "loop", None, None)]),
    ("comprehension-over-constant", H + 'MODELS = ["o3", "o4-mini"]\n'
     '[client.responses.create(model=m, input="x") for m in MODELS]\n',
     [(RESP, "o3", 3, 11, "loop", None, None), (RESP, "o4-mini", 3, 17, "loop", None, None)]),
    ("unresolved-parameter", H + "def f(m):\n    client.chat.completions.create(model=m)\n",
     [(CHAT, None, 4, 5, "unresolved", None, None)]),
    ("unresolved-call-result", H + "client.chat.completions.create(model=pick())\n",
     [(CHAT, None, 3, 1, "unresolved", None, None)]),
    ("local-shadows-module", H + 'MODEL = "gpt-4"\ndef f():\n    for MODEL in names():\n'
     "        client.chat.completions.create(model=MODEL)\n",
     [(CHAT, None, 6, 9, "unresolved", None, None)]),
    # -- clients and routes ---------------------------------------------------------------------
    ("base-url-groq", "from openai import OpenAI\n"
     'c = OpenAI(base_url="https://api.groq.com/openai/v1")\n'
     'c.chat.completions.create(model="llama-3.1-70b")\n',
     [(CHAT, "llama-3.1-70b", 3, 1, "literal", "groq", "https://api.groq.com/openai/v1")]),
    ("base-url-openai", "from openai import OpenAI\n"
     'c = OpenAI(base_url="https://api.openai.com/v1")\n'
     'c.chat.completions.create(model="gpt-4o")\n',
     [(CHAT, "gpt-4o", 3, 1, "literal", None, "https://api.openai.com/v1")]),
    ("base-url-env-default-local", "import os\nfrom openai import OpenAI\n"
     'c = OpenAI(base_url=os.getenv("BASE", "http://localhost:11434/v1"))\n'
     'c.chat.completions.create(model="llama3")\n',
     [(CHAT, "llama3", 4, 1, "literal", "local", "http://localhost:11434/v1")]),
    ("base-url-dynamic", "import os\nfrom openai import OpenAI\n"
     'c = OpenAI(base_url=os.environ["BASE"])\nc.chat.completions.create(model="qwen-max")\n',
     [(CHAT, "qwen-max", 4, 1, "literal", "dynamic", None)]),
    ("azure-client", "from openai import AzureOpenAI\n"
     'c = AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_version="2024-06-01")\n'
     'c.chat.completions.create(model="my-gpt4o")\n',
     [(CHAT, "my-gpt4o", 3, 1, "literal", "azure", "https://r.openai.azure.com")]),
    ("azure-only-module-untraceable-client", "from openai import AsyncAzureOpenAI, AzureOpenAI\n"
     "def f(c):\n    return c.chat.completions.create(model=\"my-gpt4o\")\n",
     [(CHAT, "my-gpt4o", 3, 12, "literal", "azure", None)]),
    ("openai-and-azure-module-untraceable-client", "from openai import AzureOpenAI, OpenAI\n"
     "def f(c):\n    return c.chat.completions.create(model=\"gpt-5.5\")\n",
     [(CHAT, "gpt-5.5", 3, 12, "literal", None, None)]),
    ("with-options-base-url", H
     + 'client.with_options(base_url="https://openrouter.ai/api/v1").chat.completions.create('
     'model="openai/gpt-4o")\n',
     [(CHAT, "openai/gpt-4o", 3, 1, "literal", "openrouter", OR_URL)]),
    ("self-client-attribute", "from openai import OpenAI\nclass A:\n    def __init__(self):\n"
     '        self.client = OpenAI(base_url="https://openrouter.ai/api/v1")\n'
     "    def go(self):\n"
     '        self.client.chat.completions.create(model="anthropic/claude-3.5-sonnet")\n',
     [(CHAT, "anthropic/claude-3.5-sonnet", 6, 9, "literal", "openrouter", OR_URL)]),
    ("pass-through-wrapper", "import instructor\nfrom openai import OpenAI\n"
     'c = instructor.from_openai(OpenAI(base_url="http://localhost:11434/v1"))\n'
     'c.chat.completions.create(model="llama3")\n',
     [(CHAT, "llama3", 4, 1, "literal", "local", "http://localhost:11434/v1")]),
    ("look-alike-sdk-client", "from groq import Groq\nc = Groq()\n"
     'c.chat.completions.create(model="llama3-70b-8192")\n',
     [(CHAT, "llama3-70b-8192", 3, 1, "literal", "groq", None)]),
    ("look-alike-sdk-by-import", "import together\ndef f(c):\n"
     '    c.chat.completions.create(model="meta-llama/Llama-3-70b")\n',
     [(CHAT, "meta-llama/Llama-3-70b", 3, 5, "literal", "together", None)]),
    # -- wrappers -------------------------------------------------------------------------------
    ("langchain-chat", "from langchain_openai import ChatOpenAI\n"
     'llm = ChatOpenAI(model="gpt-4o-latest", temperature=0)\n',
     [(CHAT, "gpt-4o-latest", 2, 7, "literal", None, None)]),
    ("langchain-responses-flag", "from langchain_openai import ChatOpenAI\n"
     'ChatOpenAI(model_name="o3-pro", use_responses_api=True)\n',
     [(RESP, "o3-pro", 2, 1, "literal", None, None)]),
    ("langchain-legacy-llm", "from langchain_openai import OpenAI\n"
     'OpenAI(model="gpt-3.5-turbo-instruct")\n',
     [("completions.create", "gpt-3.5-turbo-instruct", 2, 1, "literal", None, None)]),
    ("langchain-embeddings", "from langchain_openai import OpenAIEmbeddings\n"
     'OpenAIEmbeddings(model="text-embedding-3-large")\n',
     [("embeddings.create", "text-embedding-3-large", 2, 1, "literal", None, None)]),
    ("langchain-azure", "from langchain_openai import AzureChatOpenAI\n"
     'AzureChatOpenAI(model="gpt-4o", azure_deployment="prod")\n',
     [(CHAT, "gpt-4o", 2, 1, "literal", "azure", None)]),
    ("langchain-base-url", "from langchain_openai import ChatOpenAI\n"
     'ChatOpenAI(model="deepseek-chat", base_url="https://api.deepseek.com/v1")\n',
     [(CHAT, "deepseek-chat", 2, 1, "literal", "deepseek", "https://api.deepseek.com/v1")]),
    ("init-chat-model-prefix", "from langchain.chat_models import init_chat_model\n"
     'init_chat_model("openai:gpt-4.1")\n',
     [(CHAT, "gpt-4.1", 2, 1, "literal", None, None)]),
    ("init-chat-model-provider-kw", "from langchain.chat_models import init_chat_model\n"
     'init_chat_model("o3", model_provider="openai", use_responses_api=True)\n'
     'init_chat_model("claude-3-5-sonnet", model_provider="anthropic")\n'
     'init_chat_model("gpt-4o-mini")\n',
     [(RESP, "o3", 2, 1, "literal", None, None),
      (CHAT, "gpt-4o-mini", 4, 1, "literal", None, None)]),
    ("litellm", "import litellm\nfrom litellm import completion, embedding\n"
     'completion(model="openai/gpt-4o", messages=[])\n'
     'completion(model="groq/llama3-8b", messages=[])\n'
     'litellm.completion(model="azure/my-deploy", messages=[])\n'
     'embedding(model="text-embedding-3-small", input=["x"])\n'
     'litellm.image_generation(model="dall-e-3", prompt="p")\n',
     [(CHAT, "gpt-4o", 3, 1, "literal", None, None),
      ("embeddings.create", "text-embedding-3-small", 6, 1, "literal", None, None),
      (IMG, "dall-e-3", 7, 1, "literal", None, None)]),
    ("agents-sdk", "from agents import Agent, RunConfig, OpenAIChatCompletionsModel\n"
     "from openai import AsyncOpenAI\n"
     'a = Agent(name="a", model="gpt-5.5")\n'
     'b = Agent(name="b", model="litellm/anthropic/claude-3")\n'
     'c = Agent(name="c", model=OpenAIChatCompletionsModel(model="gpt-4o", '
     'openai_client=AsyncOpenAI(base_url="https://openrouter.ai/api/v1")))\n'
     'RunConfig(model="openai/gpt-4.1")\n',
     [(RESP, "gpt-5.5", 3, 5, "literal", None, None),
      (CHAT, "gpt-4o", 5, 27, "literal", "openrouter", OR_URL),
      (RESP, "gpt-4.1", 6, 1, "literal", None, None)]),
    ("agents-chat-default", "from agents import Agent, set_default_openai_api\n"
     'set_default_openai_api("chat_completions")\nAgent(name="a", model="gpt-4o")\n',
     [(CHAT, "gpt-4o", 3, 1, "literal", None, None)]),
    ("pydantic-ai", "from pydantic_ai import Agent\n"
     'Agent("openai:gpt-4o")\nAgent("openai-responses:o3")\nAgent("anthropic:claude-3")\n',
     [(CHAT, "gpt-4o", 2, 1, "literal", None, None),
      (RESP, "o3", 3, 1, "literal", None, None)]),
    ("crewai-llm", 'from crewai import LLM, Agent\nLLM(model="openai/gpt-4o-mini")\n'
     'Agent(role="r", llm="gpt-4-turbo")\n',
     [(CHAT, "gpt-4o-mini", 2, 1, "literal", None, None),
      (CHAT, "gpt-4-turbo", 3, 1, "literal", None, None)]),
    ("wrapper-unresolved-yields-nothing", "from langchain_openai import ChatOpenAI\n"
     "def make(m):\n    return ChatOpenAI(model=m)\n", []),
    # -- raw HTTP ------------------------------------------------------------------------------
    ("http-requests-literal", "import requests\n"
     'requests.post("https://api.openai.com/v1/chat/completions",\n'
     '              json={"model": "gpt-4", "messages": []}, headers=h)\n',
     [(CHAT, "gpt-4", 2, 1, "literal", None, "https://api.openai.com/v1")]),
    ("http-fstring-dynamic-base", "import httpx\n"
     'r = httpx.post(f"{base}/v1/responses", json={"model": "o3", "input": "x"})\n',
     [(RESP, "o3", 2, 5, "literal", "dynamic", None)]),
    ("http-constants-and-body-variable", "import aiohttp\n"
     'URL = "http://localhost:11434/v1/chat/completions"\n'
     'async def f(session):\n    body = {"model": "llama3", "stream": False}\n'
     "    await session.post(URL, json=body)\n",
     [(CHAT, "llama3", 4, 22, "dict-value", "local", "http://localhost:11434/v1")]),
    ("http-images-concat", "import requests\nBASE = 'https://api.openai.com/v1'\n"
     "requests.post(BASE + '/images/generations', json={'model': 'dall-e-3', 'n': 2})\n",
     [(IMG, "dall-e-3", 3, 1, "literal", None, "https://api.openai.com/v1")]),
    ("unicode-columns", "# ünïcödé\n" + H
     + 'x = "é"; client.chat.completions.create(model="gpt-4o")\n',
     [(CHAT, "gpt-4o", 4, 10, "literal", None, None)]),
]

# Mentions that are not calls: nothing to report.
TRAPS: list[tuple[str, str]] = [
    ("alias-table-never-sent", 'ALIASES = {"gpt-4": "gpt-4o", "fast": "gpt-4o-mini"}\n'
     "def canonical(name):\n    return ALIASES.get(name, name)\n"),
    ("docstring-and-comment", '"""Uses gpt-4-vision-preview via client.chat.completions."""\n'
     '# client.chat.completions.create(model="gpt-4")\nx = 1\n'),
    ("test-data-only", 'import pytest\n@pytest.mark.parametrize("model", ["gpt-4", "o1-mini"])\n'
     "def test_resolve(model):\n    assert resolve(model).kind == 'model'\n"),
    ("mock-assertion", "from unittest import mock\nm = mock.Mock()\n"
     'm.chat.completions.create.assert_called_with(model="gpt-4")\n'
     "m.chat.completions.create.return_value = 1\n"),
    ("other-sdk-shape", "import anthropic\nc = anthropic.Anthropic()\n"
     'c.messages.create(model="claude-3-opus", max_tokens=10)\n'),
    ("string-in-log", H + 'print("client.chat.completions.create(model=gpt-4)")\n'),
    ("http-other-vendor-path", "import requests\n"
     'requests.post("https://api.anthropic.com/v1/messages", json={"model": "claude-3"})\n'
     'requests.post("https://example.com/upload", json={"model": "gpt-4"})\n'),
    ("litellm-mock-response", "import litellm\n"
     'litellm.completion(model="gpt-3.5-turbo", messages=[], mock_response="Hi")\n'),
    ("litellm-other-providers", "from litellm import completion\n"
     'completion(model="anthropic/claude-3", messages=[])\n'
     'completion(model="ollama/llama3", messages=[])\n'),
]


@pytest.mark.parametrize(("name", "src", "expected"), CASES, ids=[c[0] for c in CASES])
def test_calls(name: str, src: str, expected: list[tuple[Any, ...]]) -> None:
    assert rows(src) == expected


@pytest.mark.parametrize(("name", "src"), TRAPS, ids=[t[0] for t in TRAPS])
def test_traps_yield_no_calls(name: str, src: str) -> None:
    assert run(src) == []


@pytest.mark.parametrize(("name", "src", "expected"), CASES, ids=[c[0] for c in CASES])
def test_model_span_is_the_model_text(name: str, src: str,
                                      expected: list[tuple[Any, ...]]) -> None:
    lines = src.split("\n")
    for call in run(src):
        if call.model_span is None:
            assert call.model is None
            continue
        span = call.model_span
        assert span.line == span.end_line
        assert lines[span.line - 1][span.column - 1: span.end_column - 1] == call.model


def test_model_span_skips_wrapper_prefix() -> None:
    src = "from litellm import completion\ncompletion(model='openai/gpt-4o', messages=[])\n"
    (call,) = run(src)
    assert call.model_span is not None
    assert (call.model_span.column, call.model_span.end_column) == (26, 32)


def test_no_span_for_escaped_or_concatenated_literals() -> None:
    src = H + 'client.chat.completions.create(model="gpt-" "4o")\n'
    (call,) = run(src)
    assert (call.model, call.model_span, call.via) == ("gpt-4o", None, "literal")


def test_params_literal_values_and_spans_for_every_keyword() -> None:
    src = H + ('client.chat.completions.create(model="o3", temperature=0, max_tokens=n,\n'
               '    messages=[], extra_body={"reasoning_effort": "high"}, timeout=3)\n')
    (call,) = run(src)
    assert dict(call.params) == {"temperature": 0, "messages": [],
                                 "reasoning_effort": "high"}
    assert sorted(call.param_spans) == ["max_tokens", "messages", "reasoning_effort",
                                        "temperature"]
    span = call.param_spans["max_tokens"]
    assert (span.line, span.column, span.end_line, span.end_column) == (3, 70, 3, 71)
    assert call.unknown_params is False and call.sdk_shape == "v1"


def test_kwargs_splat_makes_params_unknown() -> None:
    src = H + 'client.chat.completions.create(model="gpt-4o", **opts)\n'
    (call,) = run(src)
    assert call.unknown_params is True


def test_v0_shape_is_marked() -> None:
    (call,) = run('import openai\nopenai.ChatCompletion.create(model="gpt-4", messages=[])\n')
    assert call.sdk_shape == "v0"


def test_wrappers_keep_only_pass_through_params() -> None:
    src = ("from langchain_openai import ChatOpenAI\n"
           'ChatOpenAI(model="o3", temperature=0, max_tokens=5, api_key="k")\n')
    (call,) = run(src)
    assert dict(call.params) == {"temperature": 0}
    assert call.unknown_params is True


def test_location_points_at_definition_and_site_at_call() -> None:
    src = H + 'MODEL = "gpt-4"\n\nclient.chat.completions.create(model=MODEL)\n'
    (call,) = run(src)
    assert call.location is not None and call.site is not None
    assert (call.location.line, call.location.column, call.location.end_column) == (3, 9, 16)
    assert (call.site.line, call.site.column, call.site.end_column) == (5, 1, 44)
    assert call.origin == "MODEL"


def test_base_url_span_points_into_the_constructor() -> None:
    src = ('from openai import OpenAI\nc = OpenAI(base_url="https://api.openai.com/v1/chat/'
           'completions")\nc.chat.completions.create(model="gpt-4o")\n')
    (call,) = run(src)
    assert call.base_url_span is not None
    assert (call.base_url_span.line, call.base_url_span.column) == (2, 22)


# -- project imports ----------------------------------------------------------------------------

CONSTS = {"app.settings": {"MODEL": "gpt-4", "cfg.model": "o3"}, "src.pkg.conf": {"M": "gpt-5"}}


@pytest.mark.parametrize(("path", "src", "expected"), [
    ("main.py", "from app.settings import MODEL\n" + H
     + "client.chat.completions.create(model=MODEL)\n",
     [(CHAT, "gpt-4", 4, 1, "import", None, None)]),
    ("app/main.py", "from .settings import MODEL as M\n" + H
     + "client.chat.completions.create(model=M)\n",
     [(CHAT, "gpt-4", 4, 1, "import", None, None)]),
    ("x.py", "import app.settings as s\n" + H + "client.responses.create(model=s.cfg.model)\n",
     [(RESP, "o3", 4, 1, "import", None, None)]),
    ("x.py", "from app import settings\n" + H + "client.responses.create(model=settings.MODEL)\n",
     [(RESP, "gpt-4", 4, 1, "import", None, None)]),
    ("x.py", "from pkg.conf import M\n" + H + "client.responses.create(model=M)\n",
     [(RESP, "gpt-5", 4, 1, "import", None, None)]),
    ("x.py", "from elsewhere import M\n" + H + "client.responses.create(model=M)\n",
     [(RESP, None, 4, 1, "unresolved", None, None)]),
])
def test_imported_constants(path: str, src: str, expected: list[tuple[Any, ...]]) -> None:
    assert rows(src, path, constants=CONSTS) == expected


@pytest.mark.parametrize(("src", "expected"), [
    ('MODEL = "gpt-4"\nOTHER = MODEL\n', {"MODEL": "gpt-4", "OTHER": "gpt-4"}),
    ('import os\nM = os.getenv("X", "gpt-4o")\n', {"M": "gpt-4o"}),
    ('M = "a" if x else "b"\nN = 3\n', {}),
    ('class S:\n    model: str = "o3"\n    n = 1\nsettings = S()\n',
     {"S.model": "o3", "settings.model": "o3"}),
    ('CFG = {"model": "gpt-5", "n": 1}\n', {"CFG.model": "gpt-5"}),
    ("def broken(:\n", {}),
])
def test_module_constants(src: str, expected: dict[str, str]) -> None:
    assert module_constants(src) == expected


@pytest.mark.parametrize(("rel", "name"), [
    ("app/settings.py", "app.settings"), ("app/__init__.py", "app"),
    ("src/pkg/m.pyi", "src.pkg.m"), ("top.py", "top"),
])
def test_module_name(rel: str, name: str) -> None:
    assert module_name(rel) == name


# -- suppressions and robustness ----------------------------------------------------------------

def test_suppression_on_any_line_of_a_call_covers_the_call() -> None:
    src = H + ("client.chat.completions.create(\n"
               '    model="gpt-4",  # modelmap: ignore[MM401]\n'
               "    messages=[],\n)\n")
    fs = scan("a.py", src, ScanContext(root="", strict=True))
    assert fs.line_ignores == {n: frozenset({"MM401"}) for n in (3, 4, 5, 6)}


def test_suppression_on_a_multiline_definition_covers_its_literal() -> None:
    src = "import os\n" + H + ('M = os.getenv(\n    "X",\n    "gpt-4",\n)  # noqa: MM401\n'
                             "client.chat.completions.create(model=M)\n")
    fs = scan("a.py", src, ScanContext(root="", strict=True))
    assert fs.calls[0].location is not None and fs.calls[0].location.line == 6
    assert fs.line_ignores.get(6) == frozenset({"MM401"})


def test_syntax_error_is_quiet_for_users_and_loud_in_strict_mode() -> None:
    src = "# modelmap: ignore-file\nclient.chat.completions.create(model=\n"
    fs = scan("a.py", src, ScanContext(root=""))
    assert fs.calls == () and fs.file_ignores is None
    with pytest.raises(SyntaxError):
        scan("a.py", src, ScanContext(root="", strict=True))


def test_files_without_hints_are_not_parsed() -> None:
    fs = scan("a.py", "def broken(:\n", ScanContext(root="", strict=True))
    assert fs.calls == ()
