"""Raw HTTP requests to OpenAI paths: `requests.post(URL, json={...})` and look-alikes.

Any `<x>.post(url, json=body)` (requests, httpx, an httpx/aiohttp client or session) whose URL
ends in an OpenAI API path (`/v1/chat/completions`, `/v1/responses`, `/v1/images/generations`,
... see modelmap.validate.endpoints.HTTP_PATHS) is a request; the model and params come from
the body dict. The URL may be a literal, a constant, an f-string or a `+` concatenation; when
only its path is readable (`f"{base}/chat/completions"`), the provider is `dynamic`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from modelmap.scan.providers import DYNAMIC, provider_for_url
from modelmap.scan.python.astutil import keyword
from modelmap.scan.python.scope import Env
from modelmap.scan.python.sdk import Client
from modelmap.scan.python.values import Resolver
from modelmap.validate.endpoints import HTTP_PATHS

PATH_WORDS = ("/chat/completions", "/responses", "/embeddings", "/images/", "/audio/",
              "/moderations", "/completions", "/videos")
"""A file mentions one of these before its `.post(` lines are worth a look."""
POST_HINT = re.compile(r"\.post\s*\(")
_SUFFIXES = sorted(((p.removeprefix("/v1"), key) for p, key in HTTP_PATHS.items()),
                   key=lambda item: -len(item[0]))


@dataclass(frozen=True)
class HttpCall:
    """A POST to an OpenAI path."""

    endpoint: str
    body: ast.expr
    client: Client


def http_call(res: Resolver, node: ast.Call, env: Env) -> HttpCall | None:
    """The request a `.post(url, json=...)` call makes, if its URL is an OpenAI path."""
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "post"):
        return None
    url = node.args[0] if node.args else keyword(node, "url")
    body = keyword(node, "json")
    if url is None or body is None:
        return None
    full, tail = _url(res, url, env)
    if tail is None:
        return None
    path = tail.split("?", 1)[0].rstrip("/")
    for suffix, endpoint in _SUFFIXES:
        if path.endswith(suffix):
            if full is None:
                return HttpCall(endpoint, body, Client(None, DYNAMIC))
            base = full.split("?", 1)[0].rstrip("/")[: -len(suffix)]
            return HttpCall(endpoint, body, Client(base, provider_for_url(full)))
    return None


def _url(res: Resolver, url: ast.expr, env: Env) -> tuple[str | None, str | None]:
    """(full URL when readable, a readable tail of it)."""
    values = res.values(url, env)
    if values:
        return values[0].text, values[0].text
    if isinstance(url, ast.JoinedStr) and url.values:
        parts = [_one(res, p.value if isinstance(p, ast.FormattedValue) else p, env)
                 for p in url.values]
        known = [p for p in parts if p is not None]
        last = parts[-1] if isinstance(url.values[-1], ast.Constant) else None
        return ("".join(known) if len(known) == len(parts) else None), last
    if isinstance(url, ast.BinOp) and isinstance(url.op, ast.Add):
        left, right = _one(res, url.left, env), _one(res, url.right, env)
        return (left + right if left is not None and right is not None else None), right
    return None, None


def _one(res: Resolver, expr: ast.expr, env: Env) -> str | None:
    texts = {v.text for v in res.values(expr, env)}
    return texts.pop() if len(texts) == 1 else None
