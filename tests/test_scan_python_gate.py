"""The Python gate's narrowings (modelmap.scan.python.gate): a resource attribute counts
only in code that can be an SDK path, a wrapper only where the file imports it and uses it,
and so on. Each case is also scanned with the gate off: whenever the scanner finds a call, the gate
must have said yes (the superset contract of tests/test_scan_gates.py)."""

from __future__ import annotations

import pytest

from modelmap.scan.python import gate
from test_scan_gates import py_calls


def _calls(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    return py_calls(text, monkeypatch, "litellm/router.py")  # inside LiteLLM: `from .main`


OPEN = [
    # SDK paths, whole or through a bound part
    'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
    'chat = client.chat\nchat.completions.create(model="gpt-4o", messages=[])\n',
    'completions = client.chat.completions\n'
    'completions.create(model="gpt-4o", messages=[])\n',
    'r = client.responses; r.create(model="gpt-4o", input="hi")\n',
    'client.chat \\\n    .completions.create(model="gpt-4o", messages=[])\n',
    '(client.images).generate(model="dall-e-3", prompt="x")\n',
    'speech = (client.audio\n    .speech.create(model="tts-1", voice="alloy", input="x"))\n',
    # wrappers, imported and used
    'from litellm import completion\ncompletion(model="gpt-4o", messages=[])\n',
    'from litellm import (\n    acompletion as ac,\n)\nawait ac(model="gpt-4o", messages=[])\n',
    'import litellm as ll\nll.completion(model="gpt-4o", messages=[])\n',
    'import openai\nopenai.ChatCompletion.create(model="gpt-4", messages=[])\n',
    'from langchain_openai import ChatOpenAI\n'
    'class Mine(ChatOpenAI):\n    model_name: str = "gpt-4o"\n',
    'from crewai import LLM\nllm = LLM(model="gpt-4o")\n',
    'from .main import completion\ncompletion(model="gpt-4o", messages=[])\n',
]
SHUT = [
    # resources only in module paths, subscripts or prose
    'from litellm.llms.openai.chat.gpt_transformation import OpenAIGPTConfig\n'
    'config = OpenAIGPTConfig()\n',
    'import openai.resources.chat.completions as chat_mod\nprint(chat_mod.__name__)\n',
    'response = self.responses[self.i]\n',
    '"""Send /chat/completions requests to litellm.responses instead."""\n',
    'payload = {"images": request.images, "audio": message.audio or None}\n',
    # a wrapper package imported, but no wrapper used
    'import litellm\nlitellm.suppress_debug_info = True\n',
    'from litellm import completion_cost\ncost = completion_cost(response)\n',
    'from litellm.types.utils import ModelResponse\ndef f(x: ModelResponse) -> None: ...\n',
    # a resource in code, but no SDK path can be completed from what the file writes
    'config = litellm.llms.openai.chat.gpt_transformation.OpenAIGPTConfig()\n',
    'usage = response.audio.duration\n',
    # a name of a wrapper, but from a package where it is not one (the openai client class,
    # a litellm type that shares a v0 class's name)
    'from openai import OpenAI\nclient = OpenAI(api_key=key)\n',
    'from litellm import Embedding\nitem = Embedding(values=[])\n',
    'import openai\nclient = openai.OpenAI()\n',
    # a wrapper's name in prose only; a POST to an OpenAI path without the json= body it reads
    '"""Works like the ChatOpenAI class of LangChain, without it."""\n',
    'r = httpx.post(base + "/chat/completions", content=payload)\n',
    # a v0 class name, but the type from openai.types (v0 calls go through `openai` itself)
    'from openai.types.chat import ChatCompletion\nx = ChatCompletion.construct(id="1")\n',
    # a model-like literal, but passed to nothing imported by name
    'import os\nprint("gpt-4o")\nsend("hi", "gpt-4o")\n',
]


@pytest.mark.parametrize("text", OPEN)
def test_the_gate_opens_for_each_shape_and_the_scanner_agrees(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert gate.worth_scanning(text)
    assert _calls(text, monkeypatch) >= 1, "a case the scanner reports nothing for proves nothing"


@pytest.mark.parametrize("text", SHUT)
def test_the_gate_stays_shut_where_the_scanner_finds_nothing(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _calls(text, monkeypatch) == 0
    assert not gate.worth_scanning(text)


def test_a_statement_the_reading_cannot_follow_opens_the_gate() -> None:
    assert gate.wrapper_use("from litellm import x; y = 1\n")
    assert gate.wrapper_use("from litellm import \\\n    completion\ncompletion(x)\n")
    assert not gate.wrapper_use("from litellm import x\ny = 1\n")


def test_an_imported_helper_called_with_a_model_literal_opens_the_gate() -> None:
    """helpers.from_imports reads a call of a name imported with `from` that has a model-like
    literal after it on the same line (the helper itself lives in another module)."""
    assert gate.worth_scanning('from app.llm import ask\nask("hi", "gpt-4o")\n')
    assert gate.worth_scanning('from app.llm import ask as a\nx = a("hi", model="o3")\n')
    assert gate.worth_scanning('from .llm import (\n    ask,\n)\nask("hi", "gpt-4o")\n')
    assert not gate.worth_scanning('from app.llm import ask\nask("hi")\nx = f("gpt-4o")\n')
    assert not gate.worth_scanning('import app.llm\napp.llm.ask("hi", "gpt-4o")\n')


def test_every_sdk_path_segment_must_be_an_attribute() -> None:
    assert gate.sdk_path("c.chat.completions.create(x)")
    assert gate.sdk_path("chat = c.chat\nchat.completions\n    .create(x)")
    assert gate.sdk_path("c.videos.remix(x)")  # any method of the videos resource
    assert not gate.sdk_path("c.chat.completions.list_all(x)")
    assert not gate.sdk_path("# chat completions create\nc.chat.send(x)")


@pytest.mark.parametrize(("text", "opens"), [
    ('"""Usage:\n\n    client.chat.completions.create(model="gpt-4o")\n"""\n', False),
    ('# client.chat.completions.create(model="gpt-4o")\nx = 1\n', False),
    ('x = f"{client.chat.completions.create(model=\'gpt-4o\')}"\n', True),
    ('x = rf"{c.responses.create(model=m)}"\n', True),
    ('x = f"""\n{client.chat.completions.create(model=m)}\n"""\n', True),
    ('x = "a # b"; client.chat.completions.create(model="gpt-4o")\n', True),
    ('s = "it\'s"\nclient.chat.completions.create(model="gpt-4o")  # done\n', True),
])
def test_an_sdk_path_only_in_a_docstring_or_comment_is_not_a_call(
        text: str, opens: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK's own docstrings show `client.chat.completions.create(...)`; the scanner reads
    code only. f-strings stay in: their replacement fields are code."""
    assert gate.worth_scanning(text) is opens
    if not opens:
        assert _calls(text, monkeypatch) == 0
