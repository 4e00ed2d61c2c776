"""A loopback stand-in for the OpenAI HTTP API: records every request, answers with realistic
JSON (chat.completions, responses, images, embeddings, moderations, videos) and SSE streams
for `stream: true`.

Used by tests/test_guard.py and bench/bench_guard.py. Binds 127.0.0.1 on a free port; the
real openai client talks to it through `base_url=server.base_url`.
"""

from __future__ import annotations

import base64
import json
import struct
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CREATED = 1763683200


@dataclass(frozen=True)
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    """Parsed JSON body, the raw text when it is not JSON, or None when empty."""


def _chat(model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-loop1", "object": "chat.completion", "created": CREATED, "model": model,
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                     "message": {"role": "assistant", "content": "hi", "refusal": None,
                                 "annotations": []}}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6},
        "service_tier": "default", "system_fingerprint": None,
    }


def _chat_stream(model: str) -> list[tuple[str | None, Any]]:
    def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {"id": "chatcmpl-loop1", "object": "chat.completion.chunk", "created": CREATED,
                "model": model, "system_fingerprint": None,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish,
                             "logprobs": None}]}

    return [(None, chunk({"role": "assistant", "content": ""}, None)),
            (None, chunk({"content": "h"}, None)), (None, chunk({"content": "i"}, None)),
            (None, chunk({}, "stop")), (None, "[DONE]")]


def _message(status: str, text: str) -> dict[str, Any]:
    content = [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]
    return {"type": "message", "id": "msg_loop1", "status": status, "role": "assistant",
            "content": content if text else []}


def _response(model: str, status: str = "completed", text: str = "hi") -> dict[str, Any]:
    return {
        "id": "resp_loop1", "object": "response", "created_at": CREATED, "status": status,
        "model": model, "output": [_message(status, text)] if text else [],
        "parallel_tool_calls": True, "tool_choice": "auto", "tools": [], "error": None,
        "incomplete_details": None, "instructions": None, "metadata": {}, "temperature": 1.0,
        "top_p": 1.0, "text": {"format": {"type": "text"}},
        "usage": {"input_tokens": 5, "output_tokens": 1, "total_tokens": 6,
                  "input_tokens_details": {"cached_tokens": 0},
                  "output_tokens_details": {"reasoning_tokens": 0}},
    }


def _response_stream(model: str) -> list[tuple[str | None, Any]]:
    part = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
    where = {"item_id": "msg_loop1", "output_index": 0, "content_index": 0}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": _response(model, "in_progress", "")},
        {"type": "response.in_progress", "response": _response(model, "in_progress", "")},
        {"type": "response.output_item.added", "output_index": 0,
         "item": _message("in_progress", "")},
        {"type": "response.content_part.added", **where, "part": part},
        {"type": "response.output_text.delta", **where, "delta": "h", "logprobs": []},
        {"type": "response.output_text.delta", **where, "delta": "i", "logprobs": []},
        {"type": "response.output_text.done", **where, "text": "hi", "logprobs": []},
        {"type": "response.content_part.done", **where, "part": {**part, "text": "hi"}},
        {"type": "response.output_item.done", "output_index": 0,
         "item": _message("completed", "hi")},
        {"type": "response.completed", "response": _response(model)},
    ]
    return [(e["type"], {**e, "sequence_number": i}) for i, e in enumerate(events)]


def _images(body: dict[str, Any]) -> dict[str, Any]:
    return {"created": CREATED, "data": [{"b64_json": "aGk="}],
            "size": body.get("size", "1024x1024"), "quality": body.get("quality", "high"),
            "output_format": "png", "background": "opaque",
            "usage": {"input_tokens": 10, "output_tokens": 100, "total_tokens": 110,
                      "input_tokens_details": {"text_tokens": 10, "image_tokens": 0}}}


def _embeddings(body: dict[str, Any]) -> dict[str, Any]:
    vector: Any = [0.5, 0.25]
    if body.get("encoding_format") == "base64":  # the SDK asks for base64 unless told otherwise
        vector = base64.b64encode(struct.pack("<2f", *vector)).decode()
    return {"object": "list", "model": body.get("model"),
            "data": [{"object": "embedding", "index": 0, "embedding": vector}],
            "usage": {"prompt_tokens": 1, "total_tokens": 1}}


def _moderation(body: dict[str, Any]) -> dict[str, Any]:
    return {"id": "modr-loop1", "model": body.get("model", "omni-moderation-latest"),
            "results": [{"flagged": False, "categories": {}, "category_scores": {},
                         "category_applied_input_types": {}}]}


def _video() -> dict[str, Any]:
    return {"id": "video_loop1", "object": "video", "model": "sora-2", "status": "queued",
            "progress": 0, "created_at": CREATED, "seconds": "4", "size": "720x1280"}


def _sse(events: list[tuple[str | None, Any]]) -> bytes:
    out = []
    for name, data in events:
        text = data if isinstance(data, str) else json.dumps(data)
        out.append((f"event: {name}\n" if name else "") + f"data: {text}\n\n")
    return "".join(out).encode()


ANSWERS: dict[str, Any] = {
    "/v1/images/generations": _images,
    "/v1/embeddings": _embeddings,
    "/v1/moderations": _moderation,
    "/v1/videos": lambda body: _video(),
}
"""Plain JSON answers by request path (chat and responses, which also stream, are in do_POST)."""


class LoopbackOpenAI:
    """The server; `requests` lists what arrived, in order."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as against the real API
            disable_nagle_algorithm = True  # headers and body go out in two writes

            def log_message(self, *args: Any) -> None:
                pass

            def _record(self) -> Any:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body: Any = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                with server._lock:
                    server.requests.append(Recorded(self.command, self.path,
                                                    dict(self.headers.items()), body))
                return body

            def _send(self, status: int, payload: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                self._record()
                error = {"error": {"message": "not here", "type": "invalid_request_error"}}
                self._send(404, json.dumps(error).encode(), "application/json")

            def do_POST(self) -> None:
                body = self._record()
                body = body if isinstance(body, dict) else {}
                model = str(body.get("model", ""))
                stream = bool(body.get("stream"))
                path = self.path.split("?", 1)[0]
                if path == "/v1/chat/completions":
                    if stream:
                        self._send(200, _sse(_chat_stream(model)), "text/event-stream")
                    else:
                        self._send(200, json.dumps(_chat(model)).encode(), "application/json")
                elif path == "/v1/responses":
                    if stream:
                        self._send(200, _sse(_response_stream(model)), "text/event-stream")
                    else:
                        self._send(200, json.dumps(_response(model)).encode(), "application/json")
                elif path in ANSWERS:
                    answer = ANSWERS[path](body)
                    self._send(200, json.dumps(answer).encode(), "application/json")
                else:
                    self.do_GET()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def take(self) -> list[Recorded]:
        """Return and forget the requests recorded so far."""
        with self._lock:
            seen, self.requests = self.requests, []
        return seen

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
