"""Call shapes real projects use (issue 10): snippet -> exact calls, in Python and JS/TS.

Each positive case has a negative twin (another vendor's class, an unrelated `Runner`, a
value that cannot be known) that must yield no call with a model. The gate test
(tests/test_scan_gates.py) reads the source strings of this file too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.scan.base import ScanContext
from modelmap.scan.js.scanner import scan_javascript
from modelmap.scan.python.scanner import scan as scan_python
from modelmap.validate import validate
from modelmap.validate.call import Call

CTX = ScanContext(root="", strict=True)
PY = "from openai import OpenAI\nclient = OpenAI()\n"
JS = 'import OpenAI from "openai";\nconst client = new OpenAI();\n'


def calls(src: str, path: str) -> list[Call]:
    if path.endswith(".py"):
        return list(scan_python(path, src, CTX).calls)
    return list(scan_javascript(path, src, CTX).calls)


def rows(src: str, path: str) -> list[tuple[Any, ...]]:
    out = []
    for c in sorted(calls(src, path), key=lambda c: (c.location.line, c.location.column)
                    if c.location else (0, 0)):
        assert c.location is not None
        out.append((c.endpoint, c.model, c.location.line, c.location.column, c.via,
                    c.provider))
    return out


CHAT = "chat.completions.create"
RESP = "responses.create"
RT = "realtime.connect"

CASES: list[tuple[str, str, str, list[tuple[Any, ...]]]] = [
    # -- Python ----------------------------------------------------------------------------
    ("py-cast", PY + 'from typing import cast\n'
     'client.chat.completions.create(model=cast(str, "gpt-4.1"), messages=[])\n', "a.py",
     [(CHAT, "gpt-4.1", 4, 1, "literal", None)]),
    ("py-typing-cast-name", PY + 'import typing\nM = "o3"\n'
     'client.responses.create(model=typing.cast("ChatModel", M), input="x")\n', "a.py",
     [(RESP, "o3", 4, 5, "constant", None)]),
    ("py-fine-tune", PY + 'client.fine_tuning.jobs.create(model="gpt-4.1-mini",'
     ' training_file="f")\n', "a.py",
     [("fine_tuning.jobs.create", "gpt-4.1-mini", 3, 38, "literal", None)]),
    ("py-helper-positional", PY + 'def ask(q, model="gpt-5.5"):\n'
     '    return client.chat.completions.create(model=model, messages=[])\n'
     'ask("hi", "gpt-4.1")\n', "a.py",
     [(CHAT, "gpt-5.5", 3, 18, "param-default", None), (CHAT, "gpt-4.1", 5, 1, "literal",
                                                       None)]),
    ("py-helper-keyword-async", PY + 'async def ask(q, *, model):\n'
     '    return await client.responses.create(model=model, input=q)\n'
     'async def main():\n    await ask("x", model="o3")\n', "a.py",
     [(RESP, None, 4, 18, "unresolved", None), (RESP, "o3", 6, 11, "literal", None)]),
    ("py-helper-constant-arg", PY + 'M = "gpt-4o"\ndef ask(model):\n'
     '    return client.chat.completions.create(model=model, messages=[])\nask(M)\n', "a.py",
     [(CHAT, "gpt-4o", 3, 5, "constant", None), (CHAT, None, 5, 12, "unresolved", None)]),
    ("py-helper-unknown-arg", PY + 'import sys\ndef ask(model):\n'
     '    return client.chat.completions.create(model=model, messages=[])\n'
     'ask(sys.argv[1])\n', "a.py",
     [(CHAT, None, 5, 12, "unresolved", None)]),
    ("py-helper-rebound", PY + 'def ask(model):\n    model = model.strip()\n'
     '    return client.chat.completions.create(model=model, messages=[])\n'
     'ask("gpt-4.1")\n', "a.py",
     [(CHAT, None, 5, 12, "unresolved", None)]),
    ("py-helper-method-not-followed", PY + 'class Bot:\n    def ask(self, model):\n'
     '        return client.chat.completions.create(model=model, messages=[])\n'
     'Bot().ask("gpt-4.1")\n', "a.py",
     [(CHAT, None, 5, 16, "unresolved", None)]),
    ("py-realtime-url", 'URL = "wss://api.openai.com/v1/realtime?model=gpt-realtime&x=1"\n',
     "a.py", [(RT, "gpt-realtime", 1, 7, "literal", None)]),
    ("py-realtime-calls-fstring", 'M = "gpt-realtime"\n'
     'u = f"https://api.openai.com/v1/realtime/calls?model={M}"\n', "a.py",
     [("realtime.calls.create", "gpt-realtime", 1, 5, "constant", None)]),
    ("py-realtime-url-other-host", 'u = "wss://example.com/v1/realtime?model=gpt-realtime"\n'
     'v = "https://api.openai.com/v1/realtime?voice=ash"\n', "a.py", []),
    ("py-realtime-runner", 'from agents.realtime import RealtimeRunner, RealtimeRunConfig\n'
     'r = RealtimeRunner(a, config=RealtimeRunConfig(model_settings={"model_name": '
     '"gpt-realtime", "input_audio_transcription": {"model": "gpt-4o-transcribe"}}))\n',
     "a.py", [(RT, "gpt-realtime", 2, 30, "literal", None),
              ("config.model", "gpt-4o-transcribe", 2, 30, "literal", None)]),
    ("py-realtime-runner-audio-dict", 'from agents.realtime import RealtimeRunner\n'
     'S = dict(model_name="gpt-realtime", audio={"input": {"transcription": '
     '{"model": "whisper-1"}}})\nr = RealtimeRunner(a, config={"model_settings": S})\n',
     "a.py", [(RT, "gpt-realtime", 2, 21, "literal", None),
              ("config.model", "whisper-1", 2, 81, "literal", None)]),
    ("py-realtime-run-model-config", 'from agents.realtime import RealtimeRunner\n'
     'async def main(runner):\n'
     '    s = await runner.run(model_config={"initial_model_settings": {\n'
     '        "model_name": "gpt-realtime"}})\n', "a.py",
     [(RT, "gpt-realtime", 3, 15, "literal", None)]),
    ("py-run-model-config-without-agents", 'async def main(runner):\n'
     '    await runner.run(model_config={"initial_model_settings": {"model_name": "x"}})\n',
     "a.py", []),
    ("py-unrelated-runner", 'from tasks import RealtimeRunner\n'
     'r = RealtimeRunner(config={"model_settings": {"model_name": "gpt-realtime"}})\n',
     "a.py", []),
    ("py-langchain-subclass", 'from langchain_openai import ChatOpenAI\n'
     'class Mine(ChatOpenAI):\n    model_name: str = "gpt-4.1"\n'
     '    use_responses_api: bool = True\n', "a.py",
     [(RESP, "gpt-4.1", 3, 23, "literal", None)]),
    ("py-vendor-subclass", 'from acme import ChatOpenAI\n'
     'class Mine(ChatOpenAI):\n    model_name: str = "gpt-4.1"\n', "a.py", []),
    ("py-settings-field", PY + 'from pydantic import BaseModel\n'
     'class S(BaseModel):\n    model: str = "gpt-4.1"\n'
     'client.chat.completions.create(model=S().model, messages=[])\n', "a.py",
     [(CHAT, "gpt-4.1", 5, 18, "field-default", None)]),
    ("py-config-get-or-default", 'import requests\nfrom app import conf\n'
     'requests.post("https://api.openai.com/v1/images/generations",\n'
     '              json={"model": conf().get("image_model") or "dall-e-2"})\n', "a.py",
     [("images.generate", "dall-e-2", 3, 1, "literal", None)]),
    ("py-run-tools-and-parse", PY + 'client.beta.chat.completions.run_tools(model="gpt-4.1",'
     ' messages=[], tools=[])\nclient.responses.parse(model="o3", input="x")\n', "a.py",
     [("beta.chat.completions.run_tools", "gpt-4.1", 3, 1, "literal", None),
      ("responses.parse", "o3", 4, 1, "literal", None)]),
    # -- JS / TS ---------------------------------------------------------------------------
    ("js-runner", 'import { Runner } from "@openai/agents";\n'
     'const r = new Runner({ model: "gpt-4.1", workflowName: "w" });\n', "a.ts",
     [(RESP, "gpt-4.1", 2, 11, "literal", None)]),
    ("js-runner-unrelated", 'import { Runner } from "mocha";\n'
     'const r = new Runner({ model: "gpt-4.1" });\n', "a.ts", []),
    ("js-realtime-session", 'import { RealtimeSession } from "@openai/agents/realtime";\n'
     'const s = new RealtimeSession(agent, { model: "gpt-realtime",\n'
     '  config: { input_audio_transcription: { model: "gpt-4o-transcribe" } } });\n', "a.ts",
     [(RT, "gpt-realtime", 2, 11, "literal", None),
      ("config.model", "gpt-4o-transcribe", 2, 11, "literal", None)]),
    ("js-langchain-configuration", 'import { ChatOpenAI } from "@langchain/openai";\n'
     'const m = new ChatOpenAI({ model: "gpt-4.1",\n'
     '  configuration: { baseURL: "https://openrouter.ai/api/v1" } });\n', "a.ts",
     [(CHAT, "gpt-4.1", 2, 11, "literal", "openrouter")]),
    ("js-langchain-azure", 'const { AzureChatOpenAI } = require("@langchain/openai");\n'
     'const m = new AzureChatOpenAI({ modelName: "my-deployment" });\n', "a.js",
     [(CHAT, "my-deployment", 2, 11, "literal", "azure")]),
    ("js-langchain-other-vendor", 'import { ChatOpenAI } from "@vendor/chat";\n'
     'const m = new ChatOpenAI({ model: "gpt-4.1" });\n', "a.ts", []),
    ("js-langchain-default-model", 'import { ChatOpenAI } from "@langchain/openai";\n'
     'const m = new ChatOpenAI({ temperature: 0 });\n', "a.ts", []),
    ("js-create-openai-inline", 'import { createOpenAI } from "@ai-sdk/openai";\n'
     'const m = createOpenAI({ baseURL: "https://api.groq.com/openai/v1" })("llama-3");\n',
     "a.ts", [(RESP, "llama-3", 2, 11, "literal", "groq")]),
    ("js-experimental-realtime", 'import { openai } from "@ai-sdk/openai";\n'
     'const m = openai.experimental_realtime("gpt-realtime");\n', "a.ts",
     [(RT, "gpt-realtime", 2, 11, "literal", None)]),
    ("js-experimental-realtime-live", 'import { openai } from "@ai-sdk/openai";\n'
     'const a = openai.experimental_realtime("gpt-live-1");\n'
     'const b = openai.experimental_realtime("early-id", { api: "live" });\n', "a.ts",
     [("live.connect", "gpt-live-1", 2, 11, "literal", None),
      ("live.connect", "early-id", 3, 11, "literal", None)]),
    ("js-global-default-provider", 'import { openai } from "@ai-sdk/openai";\n'
     'import { embed } from "ai";\nglobalThis.AI_SDK_DEFAULT_PROVIDER = openai;\n'
     'await embed({ model: "text-embedding-3-small", value: "x" });\n', "a.ts",
     [("embeddings.create", "text-embedding-3-small", 4, 7, "literal", None)]),
    ("js-global-default-other", 'import { generateText } from "ai";\n'
     'import { mistral } from "@ai-sdk/mistral";\n'
     'globalThis.AI_SDK_DEFAULT_PROVIDER = mistral;\n'
     'await generateText({ model: "mistral-large", prompt: "x" });\n', "a.ts", []),
    ("js-no-default-provider", 'import { generateText } from "ai";\n'
     'await generateText({ model: "gpt-4.1", prompt: "x" });\n', "a.ts", []),
    ("js-run-tools", JS + 'client.beta.chat.completions.runTools({ model: "gpt-4.1", '
     'messages, tools });\n', "a.ts",
     [("beta.chat.completions.run_tools", "gpt-4.1", 3, 1, "literal", None)]),
    ("js-fine-tune", JS + 'client.fineTuning.jobs.create({ model: "gpt-4.1-mini", '
     'training_file: f });\n', "a.ts",
     [("fine_tuning.jobs.create", "gpt-4.1-mini", 3, 40, "literal", None)]),
    ("js-realtime-template", 'const M = "gpt-realtime";\n'
     'const url = `wss://api.openai.com/v1/realtime?model=${M}`;\n', "a.js",
     [(RT, "gpt-realtime", 1, 11, "constant", None)]),
    ("ts-same-name-two-functions", JS + 'function a() { const m = "gpt-4.1"; '
     'return client.responses.create({ model: m }); }\n'
     'function b() { const m = "o3"; return client.responses.create({ model: m }); }\n',
     "a.ts", [(RESP, "gpt-4.1", 3, 26, "constant", None),
              (RESP, "o3", 4, 26, "constant", None)]),
    ("ts-param-shadows-constant", JS + 'const model = "gpt-4.1";\n'
     'function f(model: string) { return client.responses.create({ model }); }\n', "a.ts",
     [(RESP, None, 4, 36, "unresolved", None)]),
    ("ts-arrow-return", JS + 'const pick = (): string => "o3";\n'
     'client.responses.create({ model: pick() });\n', "a.ts",
     [(RESP, "o3", 3, 28, "literal", None)]),
    ("ts-returns-param", JS + 'function pick(m: string) { return m; }\n'
     'client.responses.create({ model: pick("o3") });\n', "a.ts",
     [(RESP, None, 4, 1, "unresolved", None)]),
    ("ts-helper-positional", JS + 'function ask(q: string, model: string) {\n'
     '  return client.responses.create({ model, input: q });\n}\n'
     'ask("hi", "o3");\nconst M = "gpt-4.1";\nask("hi", M);\n', "a.ts",
     [(RESP, None, 4, 10, "unresolved", None), (RESP, "o3", 6, 1, "literal", None),
      (RESP, "gpt-4.1", 7, 11, "constant", None)]),
    ("ts-helper-reassigned-param", JS + 'function ask(model: string) {\n'
     '  model = model.trim();\n  return client.responses.create({ model });\n}\n'
     'ask("o3");\n', "a.ts", [(RESP, None, 5, 10, "unresolved", None)]),
    ("ts-helper-object-param", JS + 'const ask = ({ model }: { model: string }) =>\n'
     '  client.responses.create({ model });\nask({ model: "o3" });\n', "a.ts",
     [(RESP, None, 4, 3, "unresolved", None)]),
    ("ts-as-satisfies-non-null", JS + 'const M = process.env.M!;\n'
     'client.responses.create({ model: ("o3" as string) });\n'
     'client.responses.create({ model: ("o3" satisfies string)! });\n', "a.ts",
     [(RESP, "o3", 4, 1, "literal", None), (RESP, "o3", 5, 1, "literal", None)]),
]


@pytest.mark.parametrize(("name", "src", "path", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_shapes(name: str, src: str, path: str, expected: list[tuple[Any, ...]]) -> None:
    assert rows(src, path) == expected


@pytest.mark.parametrize("path", ["a.py", "a.ts"])
def test_fine_tuning_model_is_judged_but_never_rewritten(path: str) -> None:
    src = (PY + 'client.fine_tuning.jobs.create(model="gpt-3.5-turbo-0125", training_file="f")\n'
           if path == "a.py" else
           JS + 'client.fineTuning.jobs.create({ model: "gpt-3.5-turbo-0125" });\n')
    (call,) = calls(src, path)
    assert call.model_span is None
    found = validate(default_catalog(), call, dt.date(2026, 11, 21))
    shut = [f for f in found if f.rule == "MM401"]
    assert shut and all(f.fix is None for f in found)


def test_helper_call_site_literal_has_its_span_for_fixes() -> None:
    src = PY + 'def ask(model):\n' \
        '    return client.chat.completions.create(model=model, messages=[])\n' \
        'ask("gpt-4.1")\n'
    (call,) = [c for c in calls(src, "a.py") if c.model is not None]
    assert call.model_span is not None and call.model_span.line == 5
    assert src.splitlines()[4][call.model_span.column - 1:call.model_span.end_column - 1] \
        == "gpt-4.1"
    assert call.unknown_params and call.site is not None and call.site.line == 5


def test_realtime_url_model_span_covers_only_the_model() -> None:
    src = 'const u = "wss://api.openai.com/v1/realtime?model=gpt-realtime&v=1";\n'
    (call,) = calls(src, "a.js")
    span = call.model_span
    assert span is not None
    assert src[span.column - 1:span.end_column - 1] == "gpt-realtime"


def test_websocket_url_is_reported_once() -> None:
    src = 'const ws = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime");\n'
    assert [c.model for c in calls(src, "a.js")] == ["gpt-realtime"]


def test_helpers_are_exported_as_pseudo_constants() -> None:
    from modelmap.scan.python.scanner import module_constants

    src = PY + 'def ask(q, model="gpt-5.5"):\n' \
        '    return client.chat.completions.create(model=model, messages=[])\n' \
        'async def draw(q, *, model):\n    return await client.images.generate(model=model)\n' \
        'def fixed(q):\n    model = "o3"\n    return client.responses.create(model=model)\n'
    consts = module_constants(src, "app/llm.py")
    assert consts["ask()"] == "chat.completions.create 1 model 1"
    assert consts["draw()"] == "images.generate -1 model 1"
    assert "fixed()" not in consts
    foreign = 'from groq import Groq\nclient = Groq()\n' \
        'def ask(model):\n    return client.chat.completions.create(model=model)\n'
    assert "ask()" not in module_constants(foreign, "app/other.py")


def test_imported_helper_call_site() -> None:
    consts = {"app.llm": {"ask()": "chat.completions.create 1 model 1"}}
    src = 'from app.llm import ask\nask("hi", "gpt-4.1")\nask("hi", model="o3")\n'
    ctx = ScanContext(root="", strict=True, constants=consts)
    found = [(c.endpoint, c.model, c.location.line) for c in scan_python("main.py", src, ctx).calls
             if c.location is not None]
    assert found == [(CHAT, "gpt-4.1", 2), (CHAT, "o3", 3)]
    shadowed = 'from app.llm import ask\nask = print\nask("hi", "gpt-4.1")\n'
    assert not scan_python("main.py", shadowed, ctx).calls


def test_suppressions_cover_the_new_shapes(tmp_path: Any, capsys: Any) -> None:
    import contextlib
    import json

    from modelmap.cli import main

    (tmp_path / "app.py").write_text(
        PY + 'def ask(model):\n'
        '    return client.chat.completions.create(model=model, messages=[])\n'
        'ask("gpt-4-0314")  # modelmap: ignore[MM401]\n'
        'ask("gpt-4-0613")\n'
        'URL = "wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview"  # noqa: MM401\n',
        encoding="utf-8")
    (tmp_path / "voice.ts").write_text(
        'import { RealtimeSession } from "@openai/agents/realtime";\n'
        'const s = new RealtimeSession(agent, { // modelmap: ignore[shut-down]\n'
        '  model: "gpt-4o-realtime-preview",\n});\n', encoding="utf-8")
    with contextlib.chdir(tmp_path):  # paths are printed relative to the working directory
        main(["check", ".", "--format", "json", "--as-of", "2026-11-21", "--no-cache"])
    out = json.loads(capsys.readouterr().out)
    assert [(f["path"], f["line"], f["rule"]) for f in out["findings"]] == [
        ("app.py", 6, "MM401")]
