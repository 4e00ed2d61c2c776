"""Codex `config.toml`: the model, provider tables, wire API and profiles, as codex.config Calls.

A TOML file is a Codex config when its path says so (`.codex/config.toml`, any `*.toml` under a
`.codex` directory, `codex/config.toml`) or its keys do (a `[model_providers.*]` table or a
top-level `model_provider`).

One Call per file, in the params convention of modelmap.validate.codex (H4's rules), and a
second one for `review_model` (the model `/review` uses) when it is set:

    params = {
        "<key>": <value>,                 # every top-level scalar but `model`: model_provider,
                                          # model_reasoning_effort, profile, openai_base_url,
                                          # forced_login_method, approval_policy, ...
        "profiles": ["<name>", ...],      # legacy inline [profiles.<name>] tables, in order
        "providers": {"<id>": {...}},     # each [model_providers.<id>] table's scalar keys
    }
    param_spans: "<key>" for top-level scalars, "profiles.<name>" and "providers.<id>" (the
    table name in its header), "providers.<id>.<key>" (a provider string, inside quotes).

Legacy inline profiles are judged as a whole (they are rejected, MM406); the models inside them
are not judged one by one. Newer profile files (`~/.codex/<name>.config.toml`) are Codex
configs of their own and get their own Call. `provider` is None when the effective provider
is OpenAI's (`openai`, or a table whose base URL is api.openai.com), else a name (`local` for
oss/ollama/lmstudio, the URL's vendor, or the table id).
"""

from __future__ import annotations

from typing import Any

from modelmap.findings import Location
from modelmap.scan.config.tree import Node, TomlScan
from modelmap.scan.providers import provider_for_url
from modelmap.validate.call import Call, Span
from modelmap.validate.codex import REVIEW, ROLE

ENDPOINT = "codex.config"
BUILTIN_PROVIDERS = {"openai": None, "oss": "local", "ollama": "local", "lmstudio": "local"}
"""Provider ids Codex defines itself -> our provider name (None: OpenAI)."""
ROUTING = ("model_provider", "forced_login_method", "openai_base_url", "providers")
"""The params that decide where a model goes (validate.codex._model_ctx)."""


def is_codex_config(relpath: str, root: Node) -> bool:
    """Is this TOML tree a Codex config (by path or by keys)?"""
    path = "/" + relpath.replace("\\", "/").lower()
    if "/.codex/" in path and path.endswith(".toml"):
        return True
    if path.endswith("/codex/config.toml"):
        return True
    providers = root.get("model_providers")
    chosen = root.get("model_provider")
    return (providers is not None and providers.items is not None) or (
        chosen is not None and isinstance(chosen.value, str))


def _scalars(node: Node) -> dict[str, Any]:
    return {k: v.value for k, v in node.items or () if v.items is None and v.elems is None}


def codex_calls(relpath: str, root: Node, found: TomlScan) -> list[Call]:
    """The Call of one Codex config (a list, like every scanner result)."""
    params: dict[str, Any] = {k: v for k, v in _scalars(root).items() if k != "model"}
    spans: dict[str, Span] = {k: found.spans[(k,)] for k in params if (k,) in found.spans}
    tables = root.get("model_providers")
    providers: dict[str, dict[str, Any]] = {}
    for pid, table in (tables.items or ()) if tables is not None else ():
        if table.items is None:
            continue
        providers[pid] = _scalars(table)
        header = found.headers.get(("model_providers", pid))
        if header is not None:
            spans[f"providers.{pid}"] = header
        for key in providers[pid]:
            span = found.spans.get(("model_providers", pid, key))
            if span is not None:
                spans[f"providers.{pid}.{key}"] = span
    if providers:
        params["providers"] = providers
    profiles = root.get("profiles")
    inline = [k for k, v in (profiles.items or ()) if v.items is not None] \
        if profiles is not None else []
    if inline:
        params["profiles"] = inline
        for name in inline:
            header = found.headers.get(("profiles", name))
            if header is not None:
                spans[f"profiles.{name}"] = header
    model = root.get("model")
    text = model.value if model is not None and isinstance(model.value, str) else None
    span = model.span if model is not None and text is not None else None
    provider, base = _route(params.get("model_provider"), providers)
    first = span or next(iter(spans.values()), None) or Span(1, 1, 1, 1)
    location = Location(relpath, first.line, first.column, first.end_line, first.end_column)
    calls = [Call(ENDPOINT, text, params=params, param_spans=spans, location=location,
                  model_span=span, base_url=base, provider=provider,
                  via="config" if text is not None else "absent", origin="model",
                  site=location)]
    review = root.get("review_model")
    if review is not None and isinstance(review.value, str) and review.span is not None:
        # The model /review runs on, sent the same way as `model`: a Call of its own that
        # carries only what routes it (its config's other rules are the first Call's).
        routing = {k: params[k] for k in ROUTING if k in params}
        rspan = review.span
        at = Location(relpath, rspan.line, rspan.column, rspan.end_line, rspan.end_column)
        calls.append(Call(ENDPOINT, review.value, params={**routing, ROLE: REVIEW},
                          param_spans={k: v for k, v in spans.items()
                                       if k.split(".", 1)[0] in routing},
                          location=at, model_span=rspan, base_url=base, provider=provider,
                          via="config", origin="review_model", site=at))
    return calls


def _route(chosen: Any, providers: dict[str, dict[str, Any]]) -> tuple[str | None, str | None]:
    """(provider, base URL) for the effective model_provider id."""
    pid = chosen if isinstance(chosen, str) and chosen else "openai"
    table = providers.get(pid)
    if table is None:
        return BUILTIN_PROVIDERS.get(pid, pid), None
    base = table.get("base_url")
    if isinstance(base, str) and base:
        return provider_for_url(base), base
    return (None, None) if pid == "openai" else (pid, None)
