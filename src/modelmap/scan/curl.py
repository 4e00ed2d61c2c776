"""`curl` requests to OpenAI's API, in a shell script or a docs shell block.

A `curl` to a `/v1/...` URL with a JSON body (`-d '{...}'`, `--data`, `--data-raw`, `--json`)
or form fields (`-F model=...`) becomes a raw-HTTP `Call`; as for an SDK call with the model
written inside it, `location` is the whole command and `model_span` the model string.
Positions are those of the text given (a whole script, or a docs block, which the docs
scanner shifts).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from modelmap.findings import Location
from modelmap.scan.providers import provider_for_url
from modelmap.scan.text import LineIndex
from modelmap.validate.call import Call, Span
from modelmap.validate.endpoints import CALL_PATHS, from_http_path

_CURL = re.compile(r"(?<![\w-])curl\b")
_URL = re.compile(r"""https?://[^\s'"\\]+|\$\{?\w+\}?/[^\s'"\\]+""")
_DATA = re.compile(r"""(?:-d|--data(?:-raw|-binary)?|--json)\s+(?P<q>['"])""")
_FORM_MODEL = re.compile(r"""-F\s+['"]?model=(?P<model>[^\s'"]+)""")
_MODEL_KEY = re.compile(r'"model"\s*:\s*"(?P<model>[^"]*)"')


def curl_calls(relpath: str, text: str) -> list[Call]:
    """Raw-HTTP calls for every `curl` in `text` (positions are relative to it)."""
    index = LineIndex(text)
    calls: list[Call] = []
    starts = [m.start() for m in _CURL.finditer(text)]
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        call = _one(relpath, text, start, end, index)
        if call is not None:
            calls.append(call)
    return calls


def _one(relpath: str, text: str, start: int, end: int, index: LineIndex) -> Call | None:
    command = text[start:end]
    url_m = _URL.search(command)
    if url_m is None:
        return None
    url = url_m.group(0)
    try:
        path = urlsplit(url).path if url.startswith("http") else "/" + url.split("/", 1)[1]
        host = urlsplit(url).hostname if url.startswith("http") else None
    except ValueError:  # malformed (`http://[`)
        return None
    endpoint = from_http_path(path) if host == "api.openai.com" else None
    base: str | None = None
    if endpoint is None:
        tail = next((p for p in CALL_PATHS if path.rstrip("/").endswith(p)), None)
        if tail is None:
            return None
        endpoint = from_http_path(tail)
        base = url[: url.rfind(tail)]
    model, offset, params = _body(command)
    if endpoint is None or model is None:
        return None
    site = index.span(start, start + len(command.rstrip()))
    span = index.span(start + offset, start + offset + len(model))
    provider = (provider_for_url(base) or "dynamic") if base else None
    if base and not base.startswith("http"):
        base = None
    return Call(endpoint=endpoint, model=model, params=params, base_url=base,
                location=_loc(relpath, site), model_span=span, via="literal",
                provider=provider, site=_loc(relpath, site))


def _body(command: str) -> tuple[str | None, int, dict[str, Any]]:
    """(model, its offset in the command, other JSON params)."""
    data = _DATA.search(command)
    if data is not None:
        quote = data["q"]
        close = command.find(quote, data.end())
        raw = command[data.end(): close if close >= 0 else len(command)]
        params: dict[str, Any] = {}
        try:
            parsed = json.loads(raw.replace("\\\n", "\n"))
            if isinstance(parsed, dict):
                params = {k: v for k, v in parsed.items() if k != "model"}
        except ValueError:
            pass
        m = _MODEL_KEY.search(raw)
        if m is not None:
            return m["model"], data.end() + m.start("model"), params
        return None, 0, params
    form = _FORM_MODEL.search(command)
    if form is not None:
        return form["model"], form.start("model"), {}
    return None, 0, {}


def _loc(relpath: str, span: Span) -> Location:
    return Location(relpath, span.line, span.column, span.end_line, span.end_column)
