"""GET /v1/models over httpx: bounded reads, retries with backoff, and a key that never leaks.

Every failure is a RemoteError with one line of text, scrubbed of the key. Retried: 429 (except
`insufficient_quota`), 5xx, timeouts and connection errors, honouring Retry-After up to a cap.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from modelmap.errors import RemoteError, UsageError
from modelmap.verify import RemoteModel, parse_listing

if TYPE_CHECKING:
    import httpx

MAX_BYTES = 20 * 1024 * 1024
"""Largest body read from GET /models (a real listing is well under 100 KB)."""
MAX_DELAY = 30.0
"""Longest single wait between attempts; a longer Retry-After ends the run instead."""
_ERROR_BYTES = 64 * 1024
_KEYLIKE = re.compile(r"\b(sk-|sess-|key-)[A-Za-z0-9_\-*]{4,}")


class _Retry(Exception):
    """An attempt failed in a way worth retrying."""

    def __init__(self, message: str, delay: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.delay = delay


def redact(text: str, key: str) -> str:
    """Remove the key (whole, cut, re-cased or split: see modelmap.scrub) and anything shaped
    like one from text, then keep it on one line and cut it (scrubbing comes first)."""
    from modelmap.scrub import scrub

    if key:
        text = scrub(text.replace(key, "[redacted]"), key)
    text = _KEYLIKE.sub(r"\1[redacted]", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text if len(text) <= 300 else text[:297] + "..."


def display_url(url: str) -> str:
    """The URL without user:password, query or fragment (safe to print)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:  # `http://[` or a port out of range: show only the scheme
        return f"{url.split(':', 1)[0][:20]}://(malformed)"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def models_url(base_url: str) -> str:
    """`{base}/models`, after checking the base is an http(s) URL."""
    try:
        parts = urlsplit(base_url.strip())
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        valid = False
    if not valid:
        raise UsageError(f"base URL {display_url(base_url)!r} is not an http(s) URL "
                         "(expected e.g. https://api.openai.com/v1)")
    return base_url.strip().rstrip("/") + "/models"


def _headers(api_key: str, org: str | None, project: str | None) -> dict[str, str]:
    if not api_key.strip():
        raise UsageError("OPENAI_API_KEY is empty")
    for name, value in (("OPENAI_API_KEY", api_key), ("OPENAI_ORG_ID", org),
                        ("OPENAI_PROJECT_ID", project)):
        if value is not None and not re.fullmatch(r"[\x21-\x7e]+", value.strip()):
            # Never echo the value: a header with a newline would make httpx quote it back.
            raise UsageError(f"{name} contains characters that cannot be sent in an HTTP header")
    headers = {"Authorization": f"Bearer {api_key.strip()}", "Accept": "application/json"}
    if org:
        headers["OpenAI-Organization"] = org.strip()
    if project:
        headers["OpenAI-Project"] = project.strip()
    return headers


def fetch_models(
    base_url: str, api_key: str, org: str | None = None, project: str | None = None,
    timeout: float = 30.0, retries: int = 2, *, max_bytes: int = MAX_BYTES,
    max_delay: float = MAX_DELAY, sleep: Callable[[float], None] = time.sleep,
) -> list[RemoteModel]:
    """GET {base_url}/models with the key; the validated listing, or RemoteError."""
    import httpx

    url = models_url(base_url)
    headers = _headers(api_key, org, project)
    shown = display_url(url)
    attempt = 0
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False) as client:
        while True:
            try:
                body = _attempt(client, url, headers, timeout, max_bytes, api_key)
                break
            except _Retry as exc:
                if attempt >= retries:
                    tries = f"{attempt + 1} attempt" + ("s" if attempt else "")
                    raise RemoteError(f"GET {shown}: {redact(exc.message, api_key)} "
                                      f"(gave up after {tries})") from None
                delay = _backoff(attempt, max_delay) if exc.delay is None else exc.delay
                if delay > max_delay:
                    raise RemoteError(f"GET {shown}: {redact(exc.message, api_key)}; the server "
                                      f"asks to wait {delay:.0f} s (more than {max_delay:.0f} s), "
                                      "try again later") from None
                sleep(delay)
                attempt += 1
            except RemoteError as exc:
                raise RemoteError(f"GET {shown}: {redact(str(exc), api_key)}") from None
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as exc:
        kind = "too deeply nested" if isinstance(exc, RecursionError) else "not valid JSON"
        raise RemoteError(f"GET {shown}: the response body is {kind} "
                          f"({len(body)} bytes)") from None
    from modelmap.scrub import Scrubber

    # Every string the server sent loses any echo of the key before anything cuts or shows
    # it (an error names a field's value, owned_by is cut to 100 characters).
    payload = Scrubber(api_key).json(payload)
    try:
        models = parse_listing(payload)
    except RemoteError as exc:
        raise RemoteError(redact(str(exc), api_key)) from None
    # A hostile server could list the key itself as a model ID: scrub it at the boundary.
    key = api_key.strip()
    return [replace(m, id=m.id.replace(key, "[redacted]"),
                    owned_by=m.owned_by.replace(key, "[redacted]"))
            if key in m.id or key in m.owned_by else m for m in models]


def _attempt(client: httpx.Client, url: str, headers: dict[str, str], timeout: float,
             max_bytes: int, api_key: str) -> bytes:
    """One request: the body of a 200, or _Retry / RemoteError."""
    import httpx

    deadline = time.monotonic() + timeout
    try:
        with client.stream("GET", url, headers=headers) as resp:
            if resp.status_code != 200:
                raw = _read(resp, _ERROR_BYTES, deadline, truncate=True)
                from modelmap.scrub import scrub  # before _server_message cuts the text

                text = scrub(raw.decode("utf-8", "replace"), api_key)
                _raise_for(resp.status_code, resp.headers, text.encode(), api_key)
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise RemoteError(f"the response declares {int(declared)} bytes, more than the "
                                  f"{max_bytes} bytes modelmap reads")
            return _read(resp, max_bytes, deadline)
    except httpx.TimeoutException:
        raise _Retry(f"no complete response within {timeout:g} s (timeout)") from None
    except httpx.TransportError as exc:
        # Connection refused, reset, DNS failure, protocol error: all transient from here.
        raise _Retry(f"network error: {type(exc).__name__}: {exc}") from None


def _read(resp: httpx.Response, limit: int, deadline: float, truncate: bool = False) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > limit:
            if truncate:
                chunks.append(chunk[: limit - (size - len(chunk))])
                break
            raise RemoteError(f"the response is larger than the {limit} bytes modelmap reads")
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise _Retry("the response trickled in past the timeout")
    return b"".join(chunks)


def _server_message(raw: bytes) -> tuple[str, str]:
    """(message, code-or-type) from an error envelope {"error": {...}}, or from plain text."""
    try:
        data: Any = json.loads(raw)
    except (ValueError, RecursionError):
        return raw.decode("utf-8", "replace").strip()[:200], ""
    err = data.get("error") if isinstance(data, dict) else None
    if isinstance(err, dict):
        msg = err.get("message")
        code = err.get("code") or err.get("type")
        return (msg if isinstance(msg, str) else ""), (code if isinstance(code, str) else "")
    if isinstance(err, str):
        return err, ""
    return "", ""


def _raise_for(code: int, headers: httpx.Headers, raw: bytes, api_key: str) -> None:
    message, kind = _server_message(raw)
    said = f": server says {redact(message, api_key)!r}" if message else ""
    if code == 401:
        raise RemoteError(f"401 Unauthorized: the API rejected the key; check OPENAI_API_KEY "
                          f"(and that OPENAI_BASE_URL is the server the key belongs to){said}")
    if code == 403:
        raise RemoteError(f"403 Forbidden: the key may not list models here; check that "
                          f"OPENAI_ORG_ID and OPENAI_PROJECT_ID match the key, and that a "
                          f"restricted key has read access to Models{said}")
    if code == 404:
        raise RemoteError(f"404 Not Found: no models listing at this URL; OPENAI_BASE_URL "
                          f"should end in /v1{said}")
    if code == 429 and kind == "insufficient_quota":
        raise RemoteError(f"429 insufficient_quota: the account is out of credit or over its "
                          f"budget (not a rate limit, so not retried){said}")
    if code == 429 or code >= 500:
        raise _Retry(f"HTTP {code}{said}", _retry_after(headers))
    if 300 <= code < 400:
        where = redact(display_url(headers.get("location", "")), api_key) or "elsewhere"
        raise RemoteError(f"HTTP {code}: redirected to {where}; set OPENAI_BASE_URL to the "
                          f"final URL (redirects are not followed with a key attached)")
    raise RemoteError(f"HTTP {code}{said}")


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds from `retry-after-ms` or `Retry-After` (seconds or an HTTP date)."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _backoff(attempt: int, cap: float) -> float:
    """0.5 s doubling per attempt, with up to 25 % jitter, capped."""
    delay = min(0.5 * 2.0**attempt, cap, 8.0)
    return delay * (1 - 0.25 * random.random())


__all__ = ["MAX_BYTES", "MAX_DELAY", "display_url", "fetch_models", "models_url", "redact"]
