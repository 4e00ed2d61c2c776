"""`modelmap verify`: the pure comparison, the strict payload check, and GET /v1/models against a
real loopback HTTP server (normal listing, auth errors, 429/5xx with retries, slow, hostile)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.catalog.model import (
    Catalog,
    CodexAvailability,
    Lifecycle,
    Meta,
    Model,
    Source,
    Surface,
)
from modelmap.cli import _common, main
from modelmap.errors import RemoteError, UsageError
from modelmap.status import status
from modelmap.verify import RemoteModel, compare, expected_visible, parse_listing
from modelmap.verify_http import display_url, fetch_models, redact

D = dt.date.fromisoformat
DAY = D("2026-11-21")
KEY = "sk-proj-TESTKEY0123456789abcdefSECRET"
SRC = Source("https://example.test/models", D("2026-11-01"))
PAGE = Source("https://example.test/deprecations", D("2026-10-14"))


def _model(model_id: str, surfaces: tuple[str, ...], kind: str = "model", **kw: Any) -> Model:
    return Model(id=model_id, kind=kind, family="", modality="text", surfaces=frozenset(surfaces),
                 base=kw.get("base"), rolling=False, unsupported=kw.get("unsupported", False),
                 released=None, note="", codex=kw.get("codex"), sources=(SRC,))


def tiny_catalog() -> Catalog:
    """Seven models that exercise every branch of `expected_visible` and `compare`."""
    api = ("api.responses",)
    codex_only = CodexAvailability(True, True, False, True, False, None, SRC)
    models = [
        _model("alpha", api), _model("beta", ("api.images",)), _model("old", api),
        _model("alpha-2026-01-01", api, kind="snapshot", base="alpha"),
        _model("spark", ("codex.cli", "api.responses"), codex=codex_only),
        _model("hidden", api, unsupported=True), _model("chat-only", ("chatgpt",)),
        _model("dated", api),
    ]
    life = {
        "old": (Lifecycle("old", D("2026-10-23"), None, (), "", PAGE),),
        "dated": (Lifecycle("dated", D("2027-01-14"), None, (), "", PAGE),),
        "legacy-only": (Lifecycle("legacy-only", D("2026-02-01"), None, (), "", PAGE),),
    }
    surfaces = {k: Surface(k, k, k.split(".")[0], "", (), "", SRC)
                for k in ("api.responses", "api.images", "codex.cli", "chatgpt")}
    meta = Meta(DAY, None, None, "none", {}, "test")
    return Catalog(meta=meta, surfaces=surfaces, models={m.id: m for m in models}, labels={},
                   lifecycle=life, jobs={}, errors=(), facts=(), conflicts=())


CAT = tiny_catalog()


def rm(model_id: str, shutdown: str | None = None, field_present: bool = True) -> RemoteModel:
    return RemoteModel(model_id, "openai", 1, D(shutdown) if shutdown else None, field_present)


def test_expected_visible() -> None:
    # snapshot, unsupported, codex-only, chatgpt-only, deprecated (dated) and shut-down (old)
    # models are not expected: only state 'current' is
    assert expected_visible(CAT, DAY) == ["alpha", "beta"]


# listing -> (shutdown mismatch ids, invisible ids, unknown ids, fine-tunes)
COMPARE = [
    ((rm("alpha"), rm("beta"), rm("dated", "2027-01-14")), ((), (), (), 0)),
    ((rm("alpha"),), ((), ("beta",), (), 0)),
    ((rm("alpha"), rm("beta"), rm("dated", "2027-02-01")), (("dated",), (), (), 0)),
    ((rm("alpha"), rm("beta"), rm("dated")), (("dated",), (), (), 0)),
    ((rm("alpha", "2027-06-01"), rm("beta")), (("alpha",), (), (), 0)),
    ((rm("alpha"), rm("beta"), rm("dated", None, field_present=False)), ((), (), (), 0)),
    ((rm("alpha"), rm("beta"), rm("ft:alpha:acme::x1"), rm("gpt-9")), ((), (), ("gpt-9",), 1)),
    ((rm("alpha"), rm("beta"), rm("legacy-only", "2026-02-01")), ((), (), (), 0)),
    ((rm("alpha"), rm("beta"), rm("alpha-2027-03-03")), ((), (), ("alpha-2027-03-03",), 0)),
]


@pytest.mark.parametrize(("listing", "expected"), COMPARE)
def test_compare(listing: tuple[RemoteModel, ...], expected: tuple[Any, ...]) -> None:
    report = compare(CAT, listing, DAY)
    assert tuple(m.id for m in report.shutdown) == expected[0]
    assert tuple(m.id for m in report.invisible) == expected[1]
    assert tuple(u.id for u in report.unknown) == expected[2]
    assert report.fine_tunes == expected[3]
    assert report.findings == len(expected[0]) + len(expected[1])


def test_compare_messages() -> None:
    report = compare(CAT, [rm("dated", "2027-02-01"), rm("alpha-2027-03-03")], DAY)
    assert report.shutdown[0].message == (
        "dated: the API says shutdown 2027-02-01; the catalog says 2027-01-14 "
        "(https://example.test/deprecations, verified 2026-10-14, rank 2)")
    assert report.shutdown[0].source == PAGE
    assert [m.id for m in report.invisible] == ["alpha", "beta"]
    assert "access, not name" in report.invisible[0].message
    assert report.invisible[1].surfaces == ("api.images",)
    assert report.unknown[0].hint == "a dated snapshot of alpha, which the catalog knows"
    assert report.without_shutdown_field == 0


def _entry(model_id: str = "alpha", **over: Any) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": 1686935002, "owned_by": "openai",
            "shutdown_date": None, **over}


def test_parse_listing_good() -> None:
    payload = {"object": "list", "data": [
        _entry("gpt-4o", shutdown_date="2027-01-14"), _entry("x", owned_by="system"),
        {"id": "bare"}, _entry("gpt-4o")]}
    assert parse_listing(payload) == [
        RemoteModel("gpt-4o", "openai", 1686935002, D("2027-01-14"), True),
        RemoteModel("x", "system", 1686935002, None, True),
        RemoteModel("bare", "", None, None, False)]


# payload -> the field the one-line error names
BAD_PAYLOADS = [
    ([], "top level: expected an object"),
    ({"object": "list"}, "data: expected a list"),
    ({"object": "list", "data": {"id": "x"}}, "data: expected a list"),
    ({"object": "error", "data": []}, "object: expected 'list'"),
    ({"data": ["gpt-4o"]}, "data[0]: expected an object"),
    ({"data": [_entry(), {"object": "model"}]}, "data[1].id: expected a model ID"),
    ({"data": [_entry(7)]}, "data[0].id: expected a model ID"),
    ({"data": [_entry("")]}, "data[0].id: expected a model ID"),
    ({"data": [_entry("a\x1b[31mred")]}, "data[0].id: expected a model ID"),
    ({"data": [_entry("x" * 5000)]}, "data[0].id: expected a model ID"),
    ({"data": [_entry(object="file")]}, "data[0].object: expected 'model'"),
    ({"data": [_entry(created="yesterday")]}, "data[0].created: expected an integer"),
    ({"data": [_entry(created=True)]}, "data[0].created: expected an integer"),
    ({"data": [_entry(owned_by=["openai"])]}, "data[0].owned_by: expected a string"),
    ({"data": [_entry(shutdown_date=20261023)]}, "data[0].shutdown_date: expected YYYY-MM-DD"),
    ({"data": [_entry(shutdown_date="Oct 23")]}, "data[0].shutdown_date: expected YYYY-MM-DD"),
    ({"data": [_entry(shutdown_date="2026-02-30")]}, "data[0].shutdown_date: expected a real"),
    ({"data": [_entry(shutdown_date="2026-10-23\n")]}, "data[0].shutdown_date: expected YYYY"),
    ({"data": [_entry("gpt-4o\n")]}, "data[0].id: expected a model ID"),
]


@pytest.mark.parametrize(("payload", "expected"), BAD_PAYLOADS)
def test_parse_listing_rejects(payload: Any, expected: str) -> None:
    with pytest.raises(RemoteError) as info:
        parse_listing(payload)
    text = str(info.value)
    assert text.startswith("GET /models returned a malformed payload: " + expected)
    assert "\n" not in text and "\x1b" not in text and len(text) < 200


# --- a real loopback server ---------------------------------------------------------------


@dataclass
class Reply:
    """One scripted response."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunks: tuple[bytes, int] | None = None
    """(chunk, count): stream without Content-Length, closing the connection at the end."""


class Server:
    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict[str, str]] = []
        self.stop = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                owner.requests.append({"path": self.path, **{k.lower(): v for k, v in
                                                              self.headers.items()}})
                reply = owner.replies.pop(0) if owner.replies else Reply(599, b"unscripted")
                if reply.delay and owner.stop.wait(reply.delay):
                    return
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Type": "application/json", **reply.headers}
                    if reply.chunks is None:
                        headers.setdefault("Content-Length", str(len(reply.body)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    if reply.chunks is None:
                        self.wfile.write(reply.body)
                    else:
                        chunk, count = reply.chunks
                        for _ in range(count):
                            self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should for a huge body

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,),
                                       daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


def listing(*entries: dict[str, Any]) -> bytes:
    return json.dumps({"object": "list", "data": list(entries)}).encode()


def error(message: str, type_: str, code: str | None = None) -> bytes:
    return json.dumps({"error": {"message": message, "type": type_, "param": None,
                                 "code": code}}).encode()


NORMAL = listing(_entry("alpha"), _entry("beta", shutdown_date=None),
                 _entry("dated", shutdown_date="2027-01-14"), _entry("ft:alpha:acme::abc"))


def fetch(srv: Server, sleeps: list[float] | None = None, **kw: Any) -> list[RemoteModel]:
    record = sleeps if sleeps is not None else []
    kw.setdefault("timeout", 5.0)
    return fetch_models(srv.base_url, KEY, kw.pop("org", None), kw.pop("project", None),
                        sleep=record.append, **kw)


def test_fetch_normal_listing(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.replies = [Reply(body=NORMAL)]
    models = fetch(server, org="org-abc", project="proj_xyz")
    assert [m.id for m in models] == ["alpha", "beta", "dated", "ft:alpha:acme::abc"]
    assert models[2].shutdown_date == D("2027-01-14")
    (req,) = server.requests
    assert req["path"] == "/v1/models"
    assert req["authorization"] == f"Bearer {KEY}"
    assert req["openai-organization"] == "org-abc"
    assert req["openai-project"] == "proj_xyz"
    assert "HTTP Request: GET" in caplog.text and KEY not in caplog.text


def test_key_listed_as_model_id_is_scrubbed(server: Server,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    server.replies = [Reply(body=listing(_entry("alpha"), _entry("beta"), _entry(KEY),
                                         _entry("x", owned_by=f"me {KEY}")))]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setattr(_common, "load", lambda args=None: CAT)
    code, out, _ = run_cli(capsys, "--base-url", server.base_url, "--as-of", "2026-11-21")
    assert code == 0
    assert out.splitlines()[-3:] == ["  [redacted] (owned by openai)",
                                     "  x (owned by me [redacted])",
                                     "No disagreements with the catalog."]


def test_fetch_without_org_sends_no_org_header(server: Server) -> None:
    server.replies = [Reply(body=NORMAL)]
    fetch(server)
    assert "openai-organization" not in server.requests[0]
    assert "openai-project" not in server.requests[0]


# replies -> (error text expected, requests made, sleeps taken)
FAILURES = {
    "401 echoes key": ([Reply(401, error(f"Incorrect API key provided: {KEY}.",
                                         "invalid_request_error", "invalid_api_key"))],
                       "401 Unauthorized: the API rejected the key", 1, 0),
    "403": ([Reply(403, error("You are not allowed to sample from this model",
                              "invalid_request_error"))], "check that OPENAI_ORG_ID", 1, 0),
    "404": ([Reply(404, b"not here", {"Content-Type": "text/plain"})],
            "should end in /v1: server says 'not here'", 1, 0),
    "redirect": ([Reply(307, b"", {"Location": "https://user:pw@elsewhere.test/v1/models?x=1"})],
                 "redirected to https://elsewhere.test/v1/models;", 1, 0),
    "quota": ([Reply(429, error("You exceeded your current quota", "insufficient_quota",
                                "insufficient_quota"))], "429 insufficient_quota", 1, 0),
    "5xx thrice": ([Reply(503, b"{}")] * 3, "HTTP 503 (gave up after 3 attempts)", 3, 2),
    "retry-after too long": ([Reply(429, error("Rate limit", "requests"),
                                    {"Retry-After": "120"})],
                             "the server asks to wait 120 s (more than 30 s)", 1, 0),
    "malformed JSON": ([Reply(body=b'{"object": "list", "data": [')], "not valid JSON", 1, 0),
    "deep nesting": ([Reply(body=b"[" * 200_000)], "too deeply nested", 1, 0),
    "huge integer": ([Reply(body=b'{"data": [{"id": "x", "created": ' + b"9" * 50_000 + b"}]}")],
                     "not valid JSON", 1, 0),
    "not utf-8": ([Reply(body=b'{"data": [{"id": "\xff\xfe"}]}')], "not valid JSON", 1, 0),
    "wrong types": ([Reply(body=listing(_entry(shutdown_date=20261023)))],
                    "data[0].shutdown_date: expected YYYY-MM-DD or null, got 20261023", 1, 0),
    "key in id": ([Reply(body=listing(_entry(KEY + "\n")))], "data[0].id", 1, 0),
    "declared huge": ([Reply(body=b"{}", headers={"Content-Length": str(10**12)})],
                      "declares 1000000000000 bytes", 1, 0),
}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_fetch_failures(server: Server, name: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    replies, expected, count, slept = FAILURES[name]
    server.replies = list(replies)
    sleeps: list[float] = []
    with pytest.raises(RemoteError) as info:
        fetch(server, sleeps, retries=2)
    text = str(info.value)
    assert expected in text
    assert len(server.requests) == count
    assert len(sleeps) == slept
    assert KEY not in text and "TESTKEY" not in text and "\n" not in text
    assert KEY not in caplog.text
    assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.parametrize(("headers", "delay"), [
    ({"Retry-After": "3"}, 3.0), ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
    ({"Retry-After": "0"}, 0.0), ({"Retry-After": "-5"}, 0.0),
])
def test_429_then_success_honours_retry_after(server: Server, headers: dict[str, str],
                                              delay: float) -> None:
    server.replies = [Reply(429, error("Rate limit reached", "requests", "rate_limit_exceeded"),
                            headers), Reply(body=NORMAL)]
    sleeps: list[float] = []
    assert len(fetch(server, sleeps)) == 4
    assert sleeps == [delay]
    assert len(server.requests) == 2
    assert all(r["authorization"] == f"Bearer {KEY}" for r in server.requests)


def test_500_then_success_backs_off_with_jitter(server: Server) -> None:
    server.replies = [Reply(500, b"{}"), Reply(502, b"bad gateway"), Reply(body=NORMAL)]
    sleeps: list[float] = []
    assert [m.id for m in fetch(server, sleeps)][:2] == ["alpha", "beta"]
    assert len(server.requests) == 3
    assert 0.375 <= sleeps[0] <= 0.5 and 0.75 <= sleeps[1] <= 1.0


def test_slow_response_times_out_and_retries(server: Server) -> None:
    server.replies = [Reply(body=NORMAL, delay=30.0), Reply(body=NORMAL, delay=30.0)]
    sleeps: list[float] = []
    with pytest.raises(RemoteError) as info:
        fetch(server, sleeps, timeout=0.3, retries=1)
    assert "no complete response within 0.3 s (timeout) (gave up after 2 attempts)" in str(
        info.value)
    assert len(server.requests) == 2 and len(sleeps) == 1


def test_slow_then_fast_succeeds(server: Server) -> None:
    server.replies = [Reply(body=NORMAL, delay=30.0), Reply(body=NORMAL)]
    assert len(fetch(server, timeout=0.3, retries=1)) == 4
    assert len(server.requests) == 2


@pytest.mark.parametrize(("reply", "max_bytes"), [
    (Reply(chunks=(b" " * 65536, 340)), None),  # 21.25 MiB, no Content-Length, default cap
    (Reply(body=b" " * 300_000), 100_000),  # declared, over a small cap
    (Reply(chunks=(b"x" * 1000, 200)), 100_000),  # streamed, over a small cap
])
def test_huge_body_is_cut_off(server: Server, reply: Reply, max_bytes: int | None) -> None:
    server.replies = [reply]
    kw = {} if max_bytes is None else {"max_bytes": max_bytes}
    with pytest.raises(RemoteError) as info:
        fetch(server, **kw)
    limit = max_bytes or 20 * 1024 * 1024
    assert f"{limit} bytes modelmap reads" in str(info.value)
    assert len(server.requests) == 1


def test_connection_refused_is_retried() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed when the block ends: nothing listens there
    sleeps: list[float] = []
    with pytest.raises(RemoteError) as info:
        fetch_models(f"http://127.0.0.1:{port}/v1", KEY, timeout=2.0, retries=2,
                     sleep=sleeps.append)
    assert "network error: ConnectError" in str(info.value)
    assert "gave up after 3 attempts" in str(info.value) and len(sleeps) == 2


@pytest.mark.parametrize(("base", "key", "org", "expected"), [
    ("ftp://example.test/v1", KEY, None, "is not an http(s) URL"),
    ("http://127.0.0.1:1/v1", KEY[:9] + "\r\nX-Evil: 1", None, "OPENAI_API_KEY contains"),
    ("http://127.0.0.1:1/v1", KEY + "é", None, "OPENAI_API_KEY contains characters"),
    ("http://127.0.0.1:1/v1", "   ", None, "OPENAI_API_KEY is empty"),
    ("http://127.0.0.1:1/v1", KEY, "org x", "OPENAI_ORG_ID contains characters"),
])
def test_bad_inputs(base: str, key: str, org: str | None, expected: str) -> None:
    with pytest.raises(UsageError) as info:
        fetch_models(base, key, org, None, 1.0, 0)
    assert expected in str(info.value) and KEY not in str(info.value)


@pytest.mark.parametrize(("url", "shown"), [
    ("https://user:pw@api.example.test:8443/v1/models?key=sk-x#f",
     "https://api.example.test:8443/v1/models"),
    ("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v1"),
])
def test_display_url_drops_credentials(url: str, shown: str) -> None:
    assert display_url(url) == shown


@pytest.mark.parametrize(("text", "expected"), [
    (f"bad key {KEY}!", "bad key [redacted]!"),
    ("Incorrect API key provided: sk-proj-****************abcd.", "Incorrect API key provided: "
     "sk-[redacted]."),
    ("line one\nline\x1b[2Jtwo", "line one line [2Jtwo"),
    ("task-runner and monkey-patched", "task-runner and monkey-patched"),
    ("x" * 400, "x" * 297 + "..."),
])
def test_redact(text: str, expected: str) -> None:
    assert redact(text, KEY) == expected


# --- the CLI ----------------------------------------------------------------------------


@pytest.fixture
def cli_env(server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("MODELMAP_TODAY", DAY.isoformat())
    for name in ("OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(_common, "load", lambda args=None: CAT)
    return server


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["verify", *argv])
    out, err = capsys.readouterr()
    assert KEY not in out and KEY not in err and "TESTKEY" not in out + err
    return code, out, err


def test_cli_clean(cli_env: Server, capsys: pytest.CaptureFixture[str]) -> None:
    cli_env.replies = [Reply(body=NORMAL)]
    code, out, _ = run_cli(capsys)
    assert code == 0
    assert out.splitlines() == [
        f"GET {cli_env.base_url}/models: 4 models listed (1 fine-tunes skipped), as of 2026-11-21",
        "No disagreements with the catalog."]


def test_cli_findings(cli_env: Server, capsys: pytest.CaptureFixture[str]) -> None:
    cli_env.replies = [Reply(body=listing(_entry("alpha"), _entry("dated", shutdown_date=None),
                                          _entry("gpt-9", owned_by="system")))]
    code, out, _ = run_cli(capsys)
    assert code == 1
    assert out.splitlines()[1:] == [
        "", "Shutdown dates that disagree with the catalog (1):",
        "  dated: the API announces no shutdown; the catalog says 2027-01-14 "
        "(https://example.test/deprecations, verified 2026-10-14, rank 2)",
        "", "Current catalog models this key cannot see (1):",
        "  (access, not name: the IDs are valid; check the key's organization and project, "
        "organization verification, usage tier, or a staged rollout)",
        "  beta  (api.images)",
        "", "Listed for this key, unknown to the catalog (informational) (1):",
        "  gpt-9 (owned by system)"]


def test_cli_json_and_only_api(cli_env: Server, capsys: pytest.CaptureFixture[str]) -> None:
    cli_env.replies = [Reply(body=listing(_entry("alpha")))] * 2
    code, out, _ = run_cli(capsys, "--json")
    data = json.loads(out)
    assert code == 1
    assert [i["id"] for i in data["invisible"]] == ["beta"]
    assert data["summary"] == {"findings": 1, "shutdown": 0, "invisible": 1, "unknown": 0}
    assert data["base_url"] == cli_env.base_url and data["as_of"] == "2026-11-21"
    code, out, _ = run_cli(capsys, "--json", "--only-api")
    assert code == 0 and json.loads(out)["invisible"] == []


@pytest.mark.parametrize(("reply", "expected"), [
    (Reply(401, error(f"Incorrect API key provided: {KEY}", "invalid_request_error")),
     "401 Unauthorized"),
    (Reply(body=b"<html>gateway</html>"), "not valid JSON"),
])
def test_cli_errors_exit_2(cli_env: Server, capsys: pytest.CaptureFixture[str], reply: Reply,
                           expected: str) -> None:
    cli_env.replies = [reply]
    code, out, err = run_cli(capsys, "--retries", "0")
    assert code == 2 and out == ""
    assert err.startswith("modelmap: error: GET ") and expected in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(("argv", "env_key", "expected"), [
    ((), "", "OPENAI_API_KEY is not set"),
    (("--timeout", "0"), KEY, "out of range"),
    (("--retries", "many"), KEY, "invalid retry count"),
    (("--base-url", "api.openai.com"), KEY, "is not an http(s) URL"),
])
def test_cli_usage_errors(cli_env: Server, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...], env_key: str,
                          expected: str) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", env_key)
    try:
        code = main(["verify", *argv])
    except SystemExit as exc:  # argparse type errors exit from the parser
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert code == 2 and expected in err and KEY not in out + err
    assert cli_env.requests == []


def test_cli_real_catalog_agrees_with_itself(server: Server, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A listing built from the shipped catalog (every ID, its catalog date) verifies clean."""
    cat = default_catalog()
    entries = [_entry(m, shutdown_date=(d.isoformat() if (d := status(cat, m, DAY).shutdown_date)
                                        else None)) for m in cat.models]
    server.replies = [Reply(body=listing(*entries))]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("MODELMAP_TODAY", DAY.isoformat())
    code, out, _ = run_cli(capsys, "--base-url", server.base_url)
    assert code == 0, out
    assert out.endswith("No disagreements with the catalog.\n")
