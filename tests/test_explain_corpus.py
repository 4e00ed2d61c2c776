"""The explain corpus: API errors in the forms developers meet them, with the diagnosis expected.

tests/data/explain_corpus.jsonl is written by tests/data/make_explain_corpus.py (see there for
the forms). `sdk-python` entries are served by a loopback HTTP server and raised by the real
openai client, so the text explain() reads is what the installed SDK prints.
`python -m tests.test_explain_corpus` prints the accuracy per form.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from modelmap.catalog.load import load_catalog
from modelmap.catalog.model import Catalog
from modelmap.explain import explain

CORPUS = Path(__file__).parent / "data" / "explain_corpus.jsonl"
ENTRIES: list[dict[str, Any]] = [json.loads(line) for line in
                                 CORPUS.read_text("utf-8").splitlines() if line.strip()]
TODAY = dt.date(2026, 12, 4)
NODE_CLASS = {400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError",
              404: "NotFoundError", 429: "RateLimitError"}


class ErrorServer:
    """Answers every request with the status and JSON body set last (one at a time)."""

    def __init__(self) -> None:
        self.status, self.payload = 500, b"{}"
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(server.payload)))
                self.end_headers()
                self.wfile.write(server.payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def sdk_text(self, status: int, body: dict[str, Any]) -> str:
        """What the real openai client raises for this answer, as a traceback's last line."""
        import openai

        self.status, self.payload = status, json.dumps(body).encode()
        client = openai.OpenAI(api_key="sk-test", base_url=self.base_url, max_retries=0)
        try:
            client.chat.completions.create(model="gpt-5.5",
                                           messages=[{"role": "user", "content": "hi"}])
        except openai.APIStatusError as exc:
            return f"openai.{type(exc).__name__}: {exc}"
        finally:
            client.close()
        raise AssertionError("the server answered with an error; the client did not raise")


def render(entry: dict[str, Any], server: ErrorServer | None) -> str:
    """The entry as the text a developer would paste into `modelmap explain`."""
    if "text" in entry:
        return str(entry["text"])
    status, body = int(entry["status"]), entry["body"]
    form = entry["form"]
    if form == "json":
        return json.dumps(body)
    if form == "http":
        return (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
                f"content-type: application/json\r\n\r\n{json.dumps(body, indent=2)}")
    if form == "sdk-node":
        name = NODE_CLASS.get(status, "InternalServerError")
        return f"{name}: {status} {body['error']['message']}"
    if form == "sdk-python":
        assert server is not None
        return server.sdk_text(status, body)
    raise AssertionError(f"unknown form {form!r}")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def server() -> Iterator[ErrorServer]:
    srv = ErrorServer()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def test_corpus_shape() -> None:
    forms = Counter(e["form"] for e in ENTRIES)
    assert len(ENTRIES) >= 60
    assert {"json", "sdk-python", "http", "sdk-node", "text", "ws"} <= set(forms)


def test_sdk_form_is_what_the_sdk_prints(server: ErrorServer) -> None:
    text = server.sdk_text(400, {"error": {"message": "bad", "type": "invalid_request_error",
                                           "param": "size", "code": "invalid_value"}})
    # openai 3.x prints the message alone (older releases printed the whole body as a dict)
    assert text == "openai.BadRequestError: Error code: 400 - bad"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e['id']}-{e['form']}-{e['expected']}")
def test_corpus_entry(catalog: Catalog, server: ErrorServer, entry: dict[str, Any]) -> None:
    text = render(entry, server)
    assert explain(catalog, text, TODAY).key == entry["expected"], text


def main() -> None:
    catalog = load_catalog()
    server = ErrorServer()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for entry in ENTRIES:
        got = explain(catalog, render(entry, server), TODAY).key
        for key in (entry["form"], "all", entry.get("set", "written-with-the-fix")):
            total[key] += 1
            right[key] += got == entry["expected"]
        if got != entry["expected"]:
            print(f"miss {entry['id']:3} {entry['form']:10} expected {entry['expected']:28} "
                  f"got {got}")
    for key in sorted(total):
        print(f"{key:11} {right[key]:3}/{total[key]:<3} {right[key] / total[key]:.3f}")


if __name__ == "__main__":
    main()
