"""Raw HTTP requests in JS/TS: `fetch`/`axios.post` to a `/v1/...` URL with a JSON body that
names a model, and `new WebSocket("wss://.../v1/realtime?model=...")`."""

from __future__ import annotations

from urllib.parse import urlsplit

from modelmap.scan.js.build import FileInfo, Route, args_of, make_call, object_arg
from modelmap.scan.js.resolve import property_map, resolve
from modelmap.scan.js.values import Node, Value, dotted, unwrap
from modelmap.scan.providers import provider_for_url
from modelmap.validate.call import Call, Span
from modelmap.validate.endpoints import CALL_PATHS, from_http_path


def raw_http_call(info: FileInfo, node: Node, name: str, args: list[Node]) -> list[Call]:
    """`fetch(url, { body: JSON.stringify({...}) })` or `axios.post(url, {...})`."""
    url = resolve(args[0], info.b, info.pos) if args else None
    if url is None:
        return []
    try:
        parts = urlsplit(url.text)
        host = parts.hostname
    except ValueError:  # malformed (`http://[`): not a request we can place
        return []
    endpoint = from_http_path(parts.path) if host == "api.openai.com" else None
    base = None
    if endpoint is None:
        tail = next((p for p in CALL_PATHS if parts.path.rstrip("/").endswith(p)), None)
        if tail is None:
            return []
        endpoint = from_http_path(tail)
        base = url.text[: url.text.rfind(tail)]
    body = object_arg(args, 1, info.b)
    if body is not None and name != "axios.post":
        payload = property_map(body, info.b)[0].get("body")
        payload = unwrap(payload) if payload is not None else None
        if payload is None or payload.type != "call_expression" or \
                dotted(payload.child_by_field_name("function")) != "JSON.stringify":
            return []
        body = object_arg(args_of(payload), 0, info.b)
    if body is None or endpoint is None or "model" not in property_map(body, info.b)[0]:
        return []
    route = Route(base, provider_for_url(base) if base else None)
    return make_call(info, node, endpoint, body, route)


def realtime_url_call(info: FileInfo, node: Node, url: Value) -> list[Call]:
    """`new WebSocket(url)` to a realtime URL whose query names the model."""
    start = url.text.index("model=") + len("model=")
    model = url.text[start:].split("&")[0]
    span = None
    if url.span is not None and url.span.line == url.span.end_line:
        col = url.span.column + start
        span = Span(url.span.line, col, url.span.line, col + len(model))
    base = url.text[: url.text.index("/v1/realtime") + 3].replace("wss://", "https://", 1)
    value = Value(model, span, url.via, url.where, url.origin)
    return make_call(info, node, "realtime.connect", None, Route(None, provider_for_url(base)),
                 value=value)
