"""modelmap.guard against the real openai client and a real loopback HTTP server.

A blocked call must leave the server with zero requests; an allowed call must arrive exactly as
an unguarded client sends it (path, headers, JSON body) and come back parsed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import pytest

import modelmap
from modelmap.errors import UsageError
from modelmap.guard import GuardError, ModelmapWarning, guard, unwrap

sys.path.insert(0, str(Path(__file__).parent))
from openai_loopback import LoopbackOpenAI, Recorded

DAY = dt.date(2026, 11, 21)
MSG = [{"role": "user", "content": "Say hi."}]


def sync_client(srv: LoopbackOpenAI) -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test", base_url=srv.base_url, max_retries=0)


def async_client(srv: LoopbackOpenAI) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key="sk-test", base_url=srv.base_url, max_retries=0)


def wire(requests: list[Recorded]) -> list[tuple[str, str, dict[str, str], Any]]:
    return [(r.method, r.path, r.headers, r.body) for r in requests]


# ---- blocked: GuardError before anything is sent (same table for sync and async clients) ----

IMG = "gpt-image-2"
BLOCKED: list[tuple[str, Callable[[Any], Any], str, set[str]]] = [
    ("chat-image-model", lambda c: c.chat.completions.create(model=IMG, messages=MSG),
     "chat.completions.create", {"MM201"}),
    ("chat-stream-true",
     lambda c: c.chat.completions.create(model=IMG, messages=MSG, stream=True),
     "chat.completions.create", {"MM201"}),
    ("chat-stream-manager", lambda c: c.chat.completions.stream(model=IMG, messages=MSG),
     "chat.completions.stream", {"MM201"}),
    ("chat-parse", lambda c: c.chat.completions.parse(model=IMG, messages=MSG),
     "chat.completions.parse", {"MM201"}),
    ("responses-image-model", lambda c: c.responses.create(model=IMG, input="hi"),
     "responses.create", {"MM201"}),
    ("responses-stream-manager", lambda c: c.responses.stream(model=IMG, input="hi"),
     "responses.stream", {"MM201"}),
    ("image-size-not-16",
     lambda c: c.images.generate(model=IMG, prompt="a lighthouse", size="1920x1080"),
     "images.generate", {"MM301"}),
    ("label-as-id", lambda c: c.chat.completions.create(model="GPT-5.5 Thinking", messages=MSG),
     "chat.completions.create", {"MM101"}),
    ("raw-response-client",
     lambda c: c.with_raw_response.chat.completions.create(model=IMG, messages=MSG),
     "chat.completions.create", {"MM201"}),
    ("raw-response-resource",
     lambda c: c.chat.completions.with_raw_response.create(model=IMG, messages=MSG),
     "chat.completions.create", {"MM201"}),
    ("streaming-response",
     lambda c: c.with_streaming_response.images.generate(model=IMG, prompt="x",
                                                         size="1920x1080"),
     "images.generate", {"MM301"}),
    ("with-options", lambda c: c.with_options(timeout=5.0).responses.create(model=IMG, input="x"),
     "responses.create", {"MM201"}),
    ("with-options-raw",
     lambda c: c.with_options(max_retries=1).with_raw_response.chat.completions.create(
         model=IMG, messages=MSG),
     "chat.completions.create", {"MM201"}),
    ("realtime-connect", lambda c: c.realtime.connect(model=IMG),
     "realtime.connect", {"MM206"}),
    ("beta-realtime-connect", lambda c: c.beta.realtime.connect(model=IMG),
     "beta.realtime.connect", {"MM206"}),
    ("embeddings-chat-model", lambda c: c.embeddings.create(model="gpt-5.5", input="x"),
     "embeddings.create", {"MM206"}),
    ("videos-after-shutdown", lambda c: c.videos.create(model="sora-2", prompt="x"),
     "videos.create", {"MM403"}),
]


@pytest.mark.parametrize("make", [sync_client, async_client], ids=["sync", "async"])
@pytest.mark.parametrize(("name", "send", "endpoint", "rules"), BLOCKED,
                         ids=[b[0] for b in BLOCKED])
def test_blocked_call_raises_and_sends_nothing(
    srv: LoopbackOpenAI, make: Callable[[LoopbackOpenAI], Any], name: str,
    send: Callable[[Any], Any], endpoint: str, rules: set[str],
) -> None:
    client = guard(make(srv), as_of=DAY, provider="openai")
    with pytest.raises(GuardError) as err:
        send(client)  # async methods raise here, before a coroutine exists to await
    assert {f.rule for f in err.value.findings if f.severity == "error"} == rules
    assert err.value.call.endpoint == endpoint
    assert isinstance(err.value, ValueError)
    assert srv.take() == []


# ---- allowed: the request arrives unchanged and the answer comes back parsed ----

def _chat_stream(c: Any) -> str:
    chunks = c.chat.completions.create(model="gpt-5.5", messages=MSG, stream=True)
    return "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)


def _chat_manager(c: Any) -> str:
    with c.chat.completions.stream(model="gpt-5.5", messages=MSG) as stream:
        return str(stream.get_final_completion().choices[0].message.content)


def _responses_manager(c: Any) -> str:
    with c.responses.stream(model="gpt-5.5", input="Say hi.") as stream:
        return str(stream.get_final_response().output_text)


def _streaming_response(c: Any) -> str:
    with c.with_streaming_response.responses.create(model="gpt-5.5", input="hi") as resp:
        return str(resp.parse().output_text)


ALLOWED: list[tuple[str, Callable[[Any], Any], Any]] = [
    ("chat", lambda c: c.chat.completions.create(model="gpt-5.5", messages=MSG)
     .choices[0].message.content, "hi"),
    ("chat-stream-true", _chat_stream, "hi"),
    ("chat-stream-manager", _chat_manager, "hi"),
    ("responses", lambda c: c.responses.create(model="gpt-5.5", input="hi").output_text, "hi"),
    ("responses-stream-manager", _responses_manager, "hi"),
    ("images-gpt-image-2",
     lambda c: c.images.generate(model=IMG, prompt="a lighthouse", size="1536x1024",
                                 quality="high").data[0].b64_json, "aGk="),
    ("embeddings", lambda c: c.embeddings.create(model="text-embedding-3-small", input="x")
     .data[0].embedding, [0.5, 0.25]),
    ("raw-response", lambda c: c.with_raw_response.chat.completions.create(
        model="gpt-5.5", messages=MSG).parse().id, "chatcmpl-loop1"),
    ("streaming-response", _streaming_response, "hi"),
    ("with-options", lambda c: c.with_options(timeout=7.5).chat.completions.create(
        model="gpt-5.5", messages=MSG).id, "chatcmpl-loop1"),
]


@pytest.mark.parametrize(("name", "send", "expected"), ALLOWED, ids=[a[0] for a in ALLOWED])
def test_allowed_call_arrives_unchanged(
    srv: LoopbackOpenAI, name: str, send: Callable[[Any], Any], expected: Any
) -> None:
    plain = sync_client(srv)
    assert send(plain) == expected
    sent_plain = wire(srv.take())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an allowed call raises no ModelmapWarning either
        assert send(guard(plain, as_of=DAY, provider="openai")) == expected
    sent_guarded = wire(srv.take())
    assert len(sent_plain) == 1
    assert sent_guarded == sent_plain


async def _async_chat(c: Any) -> Any:
    reply = await c.chat.completions.create(model="gpt-5.5", messages=MSG)
    return reply.choices[0].message.content


async def _async_chat_stream(c: Any) -> Any:
    chunks = await c.chat.completions.create(model="gpt-5.5", messages=MSG, stream=True)
    return "".join([ch.choices[0].delta.content or "" async for ch in chunks if ch.choices])


async def _async_responses_manager(c: Any) -> Any:
    async with c.responses.stream(model="gpt-5.5", input="Say hi.") as stream:
        return (await stream.get_final_response()).output_text


async def _async_raw(c: Any) -> Any:
    raw = await c.with_options(timeout=9.0).with_raw_response.images.generate(
        model=IMG, prompt="a lighthouse", size="1024x1536")
    return raw.parse().data[0].b64_json


ASYNC_ALLOWED = [("chat", _async_chat, "hi"), ("chat-stream-true", _async_chat_stream, "hi"),
                 ("responses-stream-manager", _async_responses_manager, "hi"),
                 ("with-options-raw-images", _async_raw, "aGk=")]


@pytest.mark.parametrize(("name", "send", "expected"), ASYNC_ALLOWED,
                         ids=[a[0] for a in ASYNC_ALLOWED])
@pytest.mark.asyncio
async def test_async_allowed_call_arrives_unchanged(
    srv: LoopbackOpenAI, name: str, send: Callable[[Any], Any], expected: Any
) -> None:
    plain = async_client(srv)
    assert await send(plain) == expected
    sent_plain = wire(srv.take())
    assert await send(guard(plain, as_of=DAY, provider="openai")) == expected
    assert wire(srv.take()) == sent_plain
    assert len(sent_plain) == 1
    await plain.close()


# ---- warn mode, fail_on, as_of ----

def test_warn_mode_warns_logs_and_sends(srv: LoopbackOpenAI,
                                        caplog: pytest.LogCaptureFixture) -> None:
    client = guard(sync_client(srv), mode="warn", as_of=DAY, provider="openai")
    with caplog.at_level(logging.WARNING, logger="modelmap.guard"), \
            pytest.warns(ModelmapWarning) as caught:
        reply = client.chat.completions.create(model=IMG, messages=MSG)
    assert reply.choices[0].message.content == "hi"
    assert [r.body["model"] for r in srv.take()] == [IMG]
    assert [w.filename for w in caught] == [__file__]  # points at the caller's line
    assert {f.rule for f in caught[0].message.findings} == {"MM201"}  # type: ignore[union-attr]
    assert [(r.name, r.levelno) for r in caplog.records] == [("modelmap.guard", logging.WARNING)]
    assert "MM201" in caplog.records[0].getMessage()


@pytest.mark.parametrize("mode", ["raise", "warn"])
def test_info_finding_is_logged_not_warned(srv: LoopbackOpenAI, mode: Any,
                                           caplog: pytest.LogCaptureFixture) -> None:
    client = guard(sync_client(srv), mode=mode, as_of=DAY, provider="openai")
    with caplog.at_level(logging.INFO, logger="modelmap.guard"), warnings.catch_warnings():
        warnings.simplefilter("error")
        client.chat.completions.create(model="chat-latest", messages=MSG)  # a rolling alias
    assert [r.body["model"] for r in srv.take()] == ["chat-latest"]
    assert [(r.levelno, "MM503" in r.getMessage()) for r in caplog.records] == [
        (logging.INFO, True)]


# gpt-image-2 above 2560x1440 is experimental (a warning); 3840x2160 is the maximum.
BIG = {"model": IMG, "prompt": "a lighthouse", "size": "3840x2160"}


def test_warning_below_fail_on_is_sent_with_a_warning(srv: LoopbackOpenAI) -> None:
    with pytest.warns(ModelmapWarning) as caught:
        guard(sync_client(srv), as_of=DAY, provider="openai").images.generate(**BIG)
    assert {f.rule for f in caught[0].message.findings} == {"MM302"}  # type: ignore[union-attr]
    assert [r.body["size"] for r in srv.take()] == ["3840x2160"]


def test_fail_on_warning_blocks_a_warning(srv: LoopbackOpenAI) -> None:
    with pytest.raises(GuardError) as err:
        client = guard(sync_client(srv), fail_on="warning", as_of=DAY, provider="openai")
        client.images.generate(**BIG)
    assert [(f.rule, f.severity) for f in err.value.findings] == [("MM302", "warning")]
    assert srv.take() == []


@pytest.mark.parametrize(("as_of", "warned", "blocked", "sent"), [
    (dt.date(2026, 9, 1), {"MM402", "MM404"}, set(), 1),  # announced: sent, with warnings
    (dt.date(2026, 9, 24), set(), {"MM403"}, 0),  # the Videos API shutdown day: blocked
    (DAY, set(), {"MM403"}, 0),
])
def test_as_of_decides_a_dated_shutdown(srv: LoopbackOpenAI, as_of: dt.date, warned: set[str],
                                        blocked: set[str], sent: int) -> None:
    client = guard(sync_client(srv), as_of=as_of, provider="openai")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            client.videos.create(model="sora-2", prompt="a lighthouse")
            raised: set[str] = set()
        except GuardError as err:
            raised = {f.rule for f in err.findings}
    ours = [w.message for w in caught if isinstance(w.message, ModelmapWarning)]
    assert {f.rule for w in ours for f in w.findings} == warned
    assert (raised, len(srv.take())) == (blocked, sent)


@pytest.mark.parametrize(("provider", "sent"), [
    (None, [IMG]),  # judged by base_url: loopback is not OpenAI's API, model rules stay quiet
    ("openai", []),  # the loopback stands in for OpenAI's API: the image model is blocked
])
def test_provider_decides_whether_model_rules_apply(srv: LoopbackOpenAI, provider: str | None,
                                                    sent: list[str]) -> None:
    client = guard(sync_client(srv), as_of=DAY, provider=provider)
    try:
        client.chat.completions.create(model=IMG, messages=MSG)
    except GuardError as err:
        assert [f.rule for f in err.findings] == ["MM201"]
    assert [r.body["model"] for r in srv.take()] == sent


# ---- the wrapper itself ----

def test_guard_is_idempotent_and_unwraps() -> None:
    plain = openai.OpenAI(api_key="sk-test", base_url="http://127.0.0.1:9/v1")
    guarded = guard(plain)
    assert guard(guarded) is guarded
    assert guard(guarded, mode="warn") is guarded
    assert unwrap(guarded) is plain
    assert unwrap(plain) is plain
    assert isinstance(guarded, openai.OpenAI)
    assert type(guarded) is not openai.OpenAI
    assert guarded.api_key == "sk-test"
    assert guarded.files is plain.files  # no model: handed out untouched
    assert guarded.chat.completions is guarded.chat.completions  # proxies are cached


def test_setting_attributes_reaches_the_client_and_the_check(srv: LoopbackOpenAI) -> None:
    plain = sync_client(srv)
    guarded = guard(plain, as_of=DAY, provider="openai")
    guarded.chat.completions.create(model="gpt-5.5", messages=MSG)  # caches the base URL text
    guarded.max_retries = 3
    guarded.base_url = srv.base_url + "/alt"
    assert (plain.max_retries, str(plain.base_url)) == (3, srv.base_url + "/alt/")
    with pytest.raises(GuardError) as err:
        guarded.chat.completions.create(model=IMG, messages=MSG)
    assert err.value.call.base_url == srv.base_url + "/alt/"
    assert [r.path for r in srv.take()] == ["/v1/chat/completions"]


def test_unguarded_clients_are_untouched(srv: LoopbackOpenAI) -> None:
    from openai.resources.chat.completions import Completions

    create = Completions.__dict__["create"]
    guard(sync_client(srv))
    assert Completions.__dict__["create"] is create
    sync_client(srv).chat.completions.create(model=IMG, messages=MSG)
    assert [r.path for r in srv.take()] == ["/v1/chat/completions"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"mode": "block"}, "guard: mode must be 'raise' or 'warn', not 'block'"),
    ({"fail_on": "info"}, "guard: fail_on must be 'warning' or 'error', not 'info'"),
    ({"fail_on": "fatal"}, "guard: fail_on must be 'warning' or 'error', not 'fatal'"),
])
def test_bad_options_are_usage_errors(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError) as err:
        guard(openai.OpenAI(api_key="sk-test"), **kwargs)
    assert str(err.value) == message


def test_non_client_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not dict"):
        guard({})


def test_context_manager_returns_the_guard(srv: LoopbackOpenAI) -> None:
    guarded = guard(sync_client(srv), as_of=DAY, provider="openai")
    with guarded as client, pytest.raises(GuardError):
        client.chat.completions.create(model=IMG, messages=MSG)
    assert srv.take() == []


def test_async_context_manager_returns_the_guard(srv: LoopbackOpenAI) -> None:
    async def main() -> None:
        async with guard(async_client(srv), as_of=DAY, provider="openai") as client:
            with pytest.raises(GuardError):
                await client.chat.completions.create(model=IMG, messages=MSG)

    asyncio.run(main())
    assert srv.take() == []


def test_package_attribute_is_callable_on_first_access() -> None:
    code = (
        "import modelmap, openai\n"
        "g = modelmap.guard(openai.OpenAI(api_key='k', base_url='http://127.0.0.1:9/v1'))\n"
        "assert modelmap.guard.GuardError is modelmap.GuardError\n"
        "assert modelmap.guard(g) is g\n"
        "import modelmap.guard\n"
        "assert modelmap.guard(g) is g and modelmap.guard.unwrap(g) is not g\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (out.returncode, out.stdout) == (0, "ok\n"), out.stderr
    assert modelmap.GuardError is GuardError


def test_the_guards_date_is_todays_in_any_time_zone() -> None:
    """The guard reads the clock at each call but converts it to a local date once a day
    (modelmap.guard._today); time.tzset() after a TZ change must still give today's date."""
    import os
    import time

    from modelmap.guard import _today

    saved = os.environ.get("TZ")
    try:
        for zone in ("Pacific/Kiritimati", "Etc/GMT+12", "UTC", "America/Sao_Paulo"):
            os.environ["TZ"] = zone
            time.tzset()
            assert _today() == dt.date.today(), zone
            assert _today() == dt.date.today(), zone  # the cached answer too
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()
    assert _today() == dt.date.today()
