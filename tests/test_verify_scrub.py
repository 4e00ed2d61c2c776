"""`verify` never prints a piece of the key: echoes cut, re-cased or split by a hostile server
are scrubbed before anything is truncated (issue 15, item 5), against the loopback server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmap.cli import main
from modelmap.scrub import MIN_RUN, scrub
from test_verify import Reply, Server

KEY = "sk-proj-Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ3kL5"  # 44 characters, like a real key


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


def leaked(text: str, key: str = KEY) -> list[str]:
    """Runs of MIN_RUN key characters found in `text` (case and separators ignored)."""
    def norm(s: str) -> str:
        return "".join(ch for ch in s.lower() if ch.isalnum())

    k, t = norm(key), norm(text)
    # the fixed prefix "sk-proj-" is not secret: only runs inside the random part count
    return [k[i:i + MIN_RUN] for i in range(6, len(k) - MIN_RUN + 1) if k[i:i + MIN_RUN] in t]


def _entry(model_id: str = "gpt-5.5", **extra: Any) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": 1, "owned_by": "openai", **extra}


def _listing(*entries: dict[str, Any]) -> bytes:
    return json.dumps({"object": "list", "data": list(entries)}).encode()


def _owned(owned_by: str) -> bytes:
    return _listing(_entry("acme-custom-1", owned_by=owned_by))  # unknown: owner is shown


SECRET = KEY[8:]  # without the "sk-proj-" shape a pattern would catch
SPLIT = " ".join(SECRET[i:i + 4] for i in range(0, len(SECRET), 4))
CASES = {
    "owned_by cut to 30": Reply(body=_owned(SECRET[:30])),
    "owned_by long, cut at 100": Reply(body=_owned("x" * 80 + KEY)),
    "owned_by upper-cased": Reply(body=_owned(SECRET.upper())),
    "owned_by split": Reply(body=_owned(SPLIT)),
    "id is a slice": Reply(body=_listing(_entry(KEY[6:40]))),
    "object echoes the key": Reply(body=_listing(_entry(object="m " + KEY))),
    "object echoes the secret": Reply(body=_listing(_entry(object="m " + SECRET))),
    "shutdown_date echoes": Reply(body=_listing(_entry(shutdown_date=KEY[3:])),),
    "401 message cut at 200": Reply(401, json.dumps({"error": {
        "message": "y" * 180 + KEY, "type": "invalid_request_error"}}).encode()),
    "401 plain text": Reply(401, ("bad key " + KEY.swapcase()).encode()),
    "302 location": Reply(302, b"", {"Location": f"http://127.0.0.1:1/{KEY}/v1"}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_verify_output_never_holds_a_piece_of_the_key(
        server: Server, name: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    server.replies = [CASES[name]]
    for fmt in ([], ["--json"]):
        server.replies = [CASES[name]]
        code = main(["verify", "--base-url", server.base_url, "--as-of", "2026-11-21",
                     "--retries", "0", *fmt])
        out = capsys.readouterr()
        assert code in (0, 1, 2)
        assert leaked(out.out + out.err) == [], (name, out.out, out.err)
    assert server.requests[0]["authorization"] == f"Bearer {KEY}"  # the real key was sent


@settings(max_examples=300, deadline=None)
@given(key=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                   min_size=20, max_size=60),
       start=st.integers(min_value=0, max_value=60), length=st.integers(min_value=8),
       sep=st.sampled_from(["", " ", "-", "\u200b", "\n"]), upper=st.booleans(),
       before=st.text(max_size=20), after=st.text(max_size=20))
def test_scrub_removes_any_long_piece(key: str, start: int, length: int, sep: str, upper: bool,
                                      before: str, after: str) -> None:
    piece = key[start:start + length]
    if len(piece) < MIN_RUN:
        return
    echoed = sep.join(piece.upper() if upper else piece)
    cleaned = scrub(before + echoed + after, key)
    assert leaked(cleaned, "sk-pro" + key) == []
