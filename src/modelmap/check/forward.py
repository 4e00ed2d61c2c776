"""Which calls `check` judges as OpenAI's API, and which as someone else's.

A call whose base URL is not an OpenAI host (a gateway, a proxy, an env var read at run time)
is judged as foreign: the model string belongs to another server's namespace, so the OpenAI
model-name rules stay quiet about it. When the project says such a base URL forwards to
OpenAI (`openai-base-urls` in its config, docs/configuration.md), the call is judged as
OpenAI's API after all, like `guard(client, provider="openai")` at run time. Calls still
judged as foreign are counted by reason so the report can say so.

Patterns in `openai-base-urls`:

    "https://gateway.corp/v1"   a URL: base URLs that start with it (scheme, host, path)
    "gateway.corp", "*.corp"    a host or host glob: base URLs on that host
    "runtime"                   base URLs set at run time (an env var, a settings object) that
                                the scanner cannot read
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

from modelmap.scan.providers import DYNAMIC
from modelmap.validate.call import Call

RUNTIME = "runtime"
"""The pattern for base URLs set at run time."""
RUNTIME_REASON = "base URL set at run time"


def _host(url: str) -> str:
    text = url.strip()
    try:
        return (urlsplit(text if "://" in text else "https://" + text).hostname or "").lower()
    except ValueError:
        return ""


def forwards(call: Call, patterns: Sequence[str]) -> bool:
    """Whether the project says this call's base URL reaches OpenAI's API."""
    if call.provider == DYNAMIC and call.base_url is None:
        return RUNTIME in patterns
    base = (call.base_url or "").strip().rstrip("/").lower()
    if not base:
        return False
    host = _host(base)
    for pattern in patterns:
        pat = pattern.strip().rstrip("/").lower()
        if pat == RUNTIME or not pat:
            continue
        if "://" in pat:
            if base == pat or base.startswith(pat + "/"):
                return True
        elif host and fnmatchcase(host, pat):
            return True
    return False


def reason(call: Call) -> str | None:
    """Why a call is judged as not OpenAI's API (None: it is judged as OpenAI's)."""
    if call.provider is None or call.provider == "openai":
        return None
    if call.provider == DYNAMIC and call.base_url is None:
        return RUNTIME_REASON
    return call.provider


def route(calls: Iterable[Call], patterns: Sequence[str]) -> tuple[list[Call], dict[str, int]]:
    """The calls with forwarding applied, and the count of foreign calls by reason."""
    out: list[Call] = []
    foreign: Counter[str] = Counter()
    for call in calls:
        if call.provider not in (None, "openai") and patterns and forwards(call, patterns):
            call = dataclasses.replace(call, provider="openai")
        why = reason(call)
        if why is not None:
            foreign[why] += 1
        out.append(call)
    return out, dict(foreign)
