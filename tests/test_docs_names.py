"""Docs misses (issue 10): unknown model names recommended in prose without a "model is" cue,
and snippets shown without their import lines."""

from __future__ import annotations

import datetime as dt

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.scan.base import ScanContext
from modelmap.scan.docs.scanner import scan_docs
from modelmap.validate import validate

CTX = ScanContext(root="", strict=True)
AS_OF = dt.date(2026, 11, 21)


def names(text: str) -> list[tuple[str, int, int]]:
    fs = scan_docs("README.md", text, CTX)
    return [(c.model or "", c.location.line, c.location.column) for c in fs.calls
            if c.location is not None and c.via == "docs"]


@pytest.mark.parametrize(("text", "found"), [
    ("For voice, use `gpt-4o-realtime-turbo` with Realtime.\n", "gpt-4o-realtime-turbo"),
    ("We recommend switching to gpt-realtime-mini-2 for speed.\n", "gpt-realtime-mini-2"),
    ("`gpt-5.9-ultra` is recommended for hard tasks.\n", "gpt-5.9-ultra"),
    ("Try o7-mini-high when you need reasoning.\n", "o7-mini-high"),
    ("- Pick `whisper-3-large` for transcripts\n", "whisper-3-large"),
    ("Upgrade to gpt-4.7-turbo today.\n", "gpt-4.7-turbo"),
])
def test_recommended_unknown_names_are_calls(text: str, found: str) -> None:
    got = names(text)
    assert [g[0] for g in got] == [found]
    line, column = got[0][1], got[0][2]
    assert text.split("\n")[line - 1][column - 1:].startswith(found)


@pytest.mark.parametrize("text", [
    "Set the model to `gpt-5.5` for chat.\n",  # known
    "Use `gpt-4-32k` if you must.\n",  # known (shut down): MM401's business in code
    "IDs look like `gpt-5.x` or `gpt-5-*`; use `gpt-4.x` family names loosely.\n",
    "Never use `gpt-turbo-9`: it is not a valid ID.\n",  # explains the mistake
    "Use `gpt-oss-120b` with Ollama.\n",  # open weights, someone else's
    "Our roadmap mentions `gpt-7` someday.\n",  # no recommending word
    "Use `GPT-9 Turbo` in the app.\n",  # not spelled like an ID (a label's business)
    "We use the gpt-realtime-x model family.\n",
    "# Use `gpt-9-mega`\n",  # headings are not advice
])
def test_no_call_without_a_recommendation_of_an_unknown_id(text: str) -> None:
    assert names(text) == []


def test_recommended_name_is_judged_mm102() -> None:
    fs = scan_docs("README.md", "For voice, use `gpt-4o-realtime-turbo`.\n", CTX)
    (call,) = fs.calls
    rules = [f.rule for f in validate(default_catalog(), call, AS_OF)]
    assert rules == ["MM102"]


@pytest.mark.parametrize(("lang", "snippet", "endpoint"), [
    ("python", 'openai.ChatCompletion.create(model="gpt-4-32k", messages=[])',
     "chat.completions.create"),
    ("py", 'resp = client.responses.create(model="gpt-4-32k", input="x")', "responses.create"),
    ("js", 'const c = await openai.createChatCompletion({ model: "gpt-4-32k", messages });',
     "chat.completions.create"),
    ("ts", 'const c = await openai.chat.completions.create({ model: "gpt-4-32k" });',
     "chat.completions.create"),
])
def test_snippets_without_imports_are_calls(lang: str, snippet: str, endpoint: str) -> None:
    text = f"# Quick start\n\n```{lang}\n{snippet}\n```\n"
    fs = scan_docs("README.md", text, CTX)
    got = [(c.endpoint, c.model, c.location.line) for c in fs.calls if c.location]
    assert got == [(endpoint, "gpt-4-32k", 4)]
    assert fs.calls[0].model_span is not None
    span = fs.calls[0].model_span
    assert text.split("\n")[span.line - 1][span.column - 1:span.end_column - 1] == "gpt-4-32k"


def test_snippet_with_its_own_imports_is_left_as_written() -> None:
    text = ("```js\nimport OpenAI from \"openai\";\nconst openai = new OpenAI();\n"
            "await openai.createChatCompletion({ model: \"gpt-4-32k\" });\n```\n")
    assert [c.sdk_shape for c in scan_docs("README.md", text, CTX).calls] == []


def test_a_python_template_that_does_not_parse_yields_nothing() -> None:
    text = ("```python\nfrom {provider_sdk} import {SyncClient}\nclient = {SyncClient}()\n"
            'user = client.chat.completions.create(model="your-model-name", messages=[])\n'
            "```\n")
    assert scan_docs("README.md", text, CTX).calls == ()
