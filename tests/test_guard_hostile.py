"""The guard judges the request as it will be sent: `extra_body` merged over the keyword
arguments the way the openai SDK merges it, and a non-string model (issue 15, item 7); the
real openai client against the loopback server."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

import openai
import pytest

from modelmap.guard import GuardError, guard
from openai_loopback import LoopbackOpenAI

DAY = dt.date(2026, 11, 21)
MSG = [{"role": "user", "content": "Say hi."}]
IMG = "gpt-image-2"


def _sync(srv: LoopbackOpenAI) -> Any:
    return guard(openai.OpenAI(api_key="sk-test", base_url=srv.base_url, max_retries=0),
                 as_of=DAY, provider="openai")


def _async(srv: LoopbackOpenAI) -> Any:
    return guard(openai.AsyncOpenAI(api_key="sk-test", base_url=srv.base_url, max_retries=0),
                 as_of=DAY, provider="openai")


BLOCKED: list[tuple[str, Callable[[Any], Any], set[str]]] = [
    ("extra-body-model", lambda c: c.chat.completions.create(
        model="gpt-5.5", messages=MSG, extra_body={"model": IMG}), {"MM201"}),
    ("extra-body-size", lambda c: c.images.generate(
        model=IMG, prompt="x", extra_body={"size": "1920x1080"}), {"MM301"}),
    ("extra-body-n", lambda c: c.images.generate(
        model=IMG, prompt="x", extra_body={"n": 1.5}), {"MM306"}),
    ("model-is-an-int", lambda c: c.chat.completions.create(model=5, messages=MSG), {"MM102"}),
    ("model-is-a-list", lambda c: c.responses.create(model=["gpt-5.5"], input="x"), {"MM102"}),
    ("extra-body-model-int", lambda c: c.responses.create(
        model="gpt-5.5", input="x", extra_body={"model": None}), {"MM102"}),
    ("model-empty", lambda c: c.responses.create(model="", input="x"), {"MM102"}),
]


@pytest.mark.parametrize("make", [_sync, _async], ids=["sync", "async"])
@pytest.mark.parametrize(("name", "send", "rules"), BLOCKED, ids=[b[0] for b in BLOCKED])
def test_judged_as_sent_and_blocked(srv: LoopbackOpenAI, make: Callable[[Any], Any], name: str,
                                    send: Callable[[Any], Any], rules: set[str]) -> None:
    with pytest.raises(GuardError) as err:
        send(make(srv))
    assert {f.rule for f in err.value.findings if f.severity == "error"} == rules
    assert srv.take() == []


def test_extra_body_override_is_what_is_judged_and_sent(srv: LoopbackOpenAI) -> None:
    """The keyword says an image model, extra_body says a text model: the SDK sends the text
    model, so the call is allowed, and the wire shows the same model the guard judged."""
    client = _sync(srv)
    out = client.chat.completions.create(model=IMG, messages=MSG, extra_body={"model": "gpt-5.5"})
    assert out.choices[0].message.content
    (req,) = srv.take()
    assert req.body["model"] == "gpt-5.5"
    client.images.generate(model=IMG, prompt="x", size="1920x1080",
                           extra_body={"size": "1024x1024"})
    (req,) = srv.take()
    assert req.body["size"] == "1024x1024"


def test_async_extra_body_override_is_sent(srv: LoopbackOpenAI) -> None:
    async def go() -> Any:
        return await _async(srv).responses.create(model=IMG, input="x",
                                                  extra_body={"model": "gpt-5.5"})

    assert asyncio.run(go()).output_text
    (req,) = srv.take()
    assert req.body["model"] == "gpt-5.5"
