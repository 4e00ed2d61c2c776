"""guard(client, ledger=PATH): the real openai client against the loopback server; image calls
append one ledger line each from the response already received (no extra request)."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import io
import json
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from PIL import Image

from modelmap.catalog.load import DATA_DIR
from modelmap.guard import GuardError, guard

sys.path.insert(0, str(Path(__file__).parent))
import openai_loopback
from openai_loopback import LoopbackOpenAI

DAY = dt.date(2026, 11, 21)
USAGE = {"input_tokens": 20, "output_tokens": 1056, "total_tokens": 1076,
         "input_tokens_details": {"text_tokens": 20, "image_tokens": 0},
         "output_tokens_details": {"image_tokens": 1056, "text_tokens": 0}}


def _png(size: tuple[int, int]) -> str:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


def _real_images(body: dict[str, Any]) -> dict[str, Any]:
    """An Images API answer with real PNGs of the requested size (1024x1024 for auto)."""
    size = body.get("size") or "1024x1024"
    w, h = (1024, 1024) if size == "auto" else map(int, size.split("x"))
    n = int(body.get("n") or 1)
    return {"created": 1763683200, "data": [{"b64_json": _png((w, h))} for _ in range(n)],
            "size": f"{w}x{h}", "quality": body.get("quality", "high"), "output_format": "png",
            "usage": USAGE}


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackOpenAI]:
    srv = LoopbackOpenAI()
    original = openai_loopback.ANSWERS["/v1/images/generations"]
    openai_loopback.ANSWERS["/v1/images/generations"] = _real_images
    yield srv
    openai_loopback.ANSWERS["/v1/images/generations"] = original
    srv.close()


def _client(server: LoopbackOpenAI, cls: Any = openai.OpenAI) -> Any:
    return cls(api_key="sk-test", base_url=server.base_url, max_retries=0)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def test_image_calls_append_one_line_each_no_extra_request(server: LoopbackOpenAI,
                                                           tmp_path: Path) -> None:
    led = tmp_path / "images.jsonl"
    client = guard(_client(server), as_of=DAY, provider="openai", ledger=led)
    server.take()
    out = client.images.generate(model="gpt-image-2", prompt="a lighthouse", size="1536x1024",
                                 quality="high", n=2)
    assert len(out.data) == 2
    client.chat.completions.create(model="gpt-5.5", messages=[{"role": "user", "content": "hi"}])
    seen = server.take()
    assert [r.path for r in seen] == ["/v1/images/generations", "/v1/chat/completions"]
    (rec,) = _lines(led)  # the chat call is not an image call: no line
    rates = next(p for p in tomllib.loads((DATA_DIR / "prices.toml").read_text())["price"]
                 if p["key"] == "gpt-image-2")
    want = (20 * rates["text_input"] + 1056 * rates["image_output"]) / 1e6
    assert (rec["via"], rec["model"], rec["size"], rec["quality"], rec["n"], rec["images"],
            rec["outcome"], rec["retries"]) == \
        ("guard", "gpt-image-2", "1536x1024", "high", 2, 2, "accepted", None)
    assert rec["cost_usd"] == pytest.approx(want) and rec["usage"] == USAGE
    assert rec["findings"] == ["MM806"]  # the loopback's PNGs carry no C2PA manifest


def test_blocked_call_is_recorded_and_not_sent(server: LoopbackOpenAI, tmp_path: Path) -> None:
    led = tmp_path / "images.jsonl"
    client = guard(_client(server), as_of=DAY, provider="openai", ledger=str(led))
    server.take()
    with pytest.raises(GuardError):
        client.images.generate(model="gpt-image-2", prompt="x", size="1920x1080")
    assert server.take() == []
    (rec,) = _lines(led)
    assert (rec["outcome"], rec["images"], rec["cost_usd"], rec["cost_basis"]) == \
        ("blocked", 0, 0.0, "not sent")
    assert "MM301" in rec["findings"]


def test_wrong_output_is_blocked_in_the_ledger(server: LoopbackOpenAI, tmp_path: Path) -> None:
    led = tmp_path / "images.jsonl"
    client = guard(_client(server), as_of=DAY, provider="openai", ledger=led)
    # The loopback's image has the requested size but is a PNG; the request says jpeg.
    client.images.generate(model="gpt-image-2", prompt="x", size="1024x1536",
                           output_format="jpeg")
    (rec,) = _lines(led)
    assert rec["outcome"] == "blocked" and "MM801" in rec["findings"]
    assert rec["cost_usd"] is not None  # it was generated, so it cost money


def test_async_client(server: LoopbackOpenAI, tmp_path: Path) -> None:
    led = tmp_path / "images.jsonl"
    client = guard(_client(server, openai.AsyncOpenAI), as_of=DAY, provider="openai",
                   ledger=led)

    async def go() -> Any:
        return await client.images.generate(model="gpt-image-2", prompt="x", size="1024x1024")

    out = asyncio.run(go())
    assert out.data and _lines(led)[0]["outcome"] == "accepted"


def test_auto_values_recorded_as_the_response_reports_them(server: LoopbackOpenAI,
                                                           tmp_path: Path) -> None:
    led = tmp_path / "images.jsonl"
    client = guard(_client(server), as_of=DAY, provider="openai", ledger=led)
    client.images.generate(model="gpt-image-2", prompt="x", size="auto")
    (rec,) = _lines(led)
    assert (rec["size"], rec["quality"], rec["format"]) == ("1024x1024", "high", "png")


def test_unreadable_output_and_no_ledger(server: LoopbackOpenAI, tmp_path: Path) -> None:
    led = tmp_path / "images.jsonl"
    openai_loopback.ANSWERS["/v1/images/generations"] = lambda body: {
        "created": 1, "data": [{"b64_json": "aGk="}], "usage": USAGE}
    try:
        client = guard(_client(server), as_of=DAY, provider="openai", ledger=led)
        client.images.generate(model="gpt-image-2", prompt="x", size="1024x1024")
        plain = guard(_client(server), as_of=DAY, provider="openai")
        plain.images.generate(model="gpt-image-2", prompt="x", size="1024x1024")
    finally:
        openai_loopback.ANSWERS["/v1/images/generations"] = _real_images
    (rec,) = _lines(led)
    assert rec["outcome"] == "blocked" and rec["findings"] == ["unreadable-output"]
