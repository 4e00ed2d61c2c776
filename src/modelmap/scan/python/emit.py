"""Turning one recognised Python call into `Call`s: keywords, model values, params, spans.

See modelmap.scan.python.scanner for the choices (one Call per model value, unresolved models,
where `location` points, what `model_span` and `param_spans` cover).
"""

from __future__ import annotations

import ast
from typing import Any

from modelmap.findings import Location
from modelmap.scan.python import helpers, wrappers
from modelmap.scan.python.astutil import MISSING, literal
from modelmap.scan.python.scope import Env
from modelmap.scan.python.sdk import Client, base_from, client_of
from modelmap.scan.python.values import Resolver, Value
from modelmap.scan.text import LineIndex
from modelmap.validate.call import Call, Span
from modelmap.validate.endpoints import NO_REWRITE

_CLIENT_ONLY = frozenset({"extra_headers", "extra_query", "timeout", "model", "engine"})
KW = dict[str, tuple[ast.expr, Env, str]]
"""Keyword name -> (value expression, where to resolve it, the dict it came from: "" for a
keyword written at the call, "**" for a `**dict` splat, "json" for an HTTP body)."""


class Emitter:
    """Builds Calls for one file; the finder decides which call nodes are requests."""

    def __init__(self, relpath: str, lines: LineIndex, res: Resolver) -> None:
        self.path = relpath
        self.lines = lines
        self.res = res
        self.calls: list[Call] = []
        self.sites: list[tuple[int, int]] = []
        self.chat_default = False
        self.helpers: dict[tuple[int, str], helpers.Helper] = {}
        """Functions whose parameter became a request's model (see python_helpers)."""

    def helper_site(self, call: ast.Call, env: Env, found: list[helpers.Helper]) -> None:
        """Requests a call of one of the project's helpers makes with a readable model
        argument."""
        if not isinstance(call.func, ast.Name) or any(
                call.func.id in f.bindings for f in env.funcs):
            return
        for helper in found:
            arg = helpers.site_argument(call, helper)
            if arg is None or not self.res.values(arg, env):
                continue
            self.emit(call, helper.endpoint, env, helper.client, (arg, env, ""), {}, True,
                      shape=helper.shape, route=helper.route)

    def wrapper(self, node: ast.Call, w: wrappers.Wrapper, env: Env) -> None:
        kwargs, _ = self.kwargs(node, env)
        model = next((kwargs[k] for k in w.model_kw if k in kwargs), None)
        if model is None and w.model_pos is not None and len(node.args) > w.model_pos:
            model = (node.args[w.model_pos], env, "")
        if model is None or isinstance(model[0], ast.Call):
            return
        if w.family == "litellm" and "mock_response" in kwargs:
            return  # LiteLLM answers with the mock; nothing is sent
        flags: dict[str, object] = {"_chat_default": self.chat_default}
        for name in ("use_responses_api", "output_version", "model_provider",
                     "custom_llm_provider"):
            if name in kwargs:
                flags[name] = literal(kwargs[name][0])
        client = Client(None, w.provider)
        for name in w.base_url_kw:
            if name in kwargs:
                client = base_from(self.res, kwargs[name][0], kwargs[name][1], w.provider)
        holder = kwargs.get(w.client_kw or "") or (
            (node.args[1], env, "") if w.client_kw and len(node.args) > 1 else None)
        if holder is not None:
            client = client_of(self.res, holder[0], holder[1]) or client
        provider = kwargs.get("provider")
        if provider is not None:
            value = literal(provider[0])
            if isinstance(value, str) and value != "openai":
                client = Client(None, value)
            elif isinstance(provider[0], ast.Call):
                client = client_of(self.res, provider[0], env) or client

        def route(text: str) -> tuple[str, str, str | None] | None:
            return wrappers.route(w, text, flags)

        keep = wrappers.WRAPPER_PARAMS
        if w.family == "langchain" and (flags.get("use_responses_api") is True
                                        or flags.get("output_version") == "responses/v1"):
            # ChatOpenAI's max_tokens (alias max_completion_tokens) is sent to the Responses
            # API as max_output_tokens.
            keep = keep - {"max_completion_tokens"}
        if w.family == "langchain" and wrappers.drops_temperature(
                literal(model[0]), literal(kwargs["reasoning_effort"][0])
                if "reasoning_effort" in kwargs else None):
            keep = keep - {"temperature"}
        self.emit(node, w.endpoint, env, client, model, kwargs, True, route=route, keep=keep)

    def image_tools(self, node: ast.Call, tools: tuple[ast.expr, Env, str],
                     client: Client) -> None:
        for lst in self.res.objects(tools[0], tools[1]):
            for elt in getattr(lst.node, "elts", []) if lst.kind == "list" else []:
                for obj in self.res.objects(elt, lst.env or tools[1]):
                    if obj.kind != "dict" or not isinstance(obj.node, ast.Dict):
                        continue
                    items = {k.value: (v, obj.env or tools[1], "")
                             for k, v in zip(obj.node.keys, obj.node.values, strict=True)
                             if isinstance(k, ast.Constant) and isinstance(k.value, str)}
                    kind = items.get("type")
                    if kind is not None and literal(kind[0]) == "image_generation":
                        rest = {k: v for k, v in items.items() if k != "type"}
                        self.emit(node, "responses.tools.image_generation", tools[1], client,
                                   items.get("model"), rest, False)

    # -- building calls ----------------------------------------------------------------------

    def kwargs(self, node: ast.Call, env: Env) -> tuple[KW, bool]:
        """Keywords of a call, `**dict` splats of readable dict literals included."""
        out: KW = {}
        unknown = False
        for kw in node.keywords:
            if kw.arg is not None:
                out[kw.arg] = (kw.value, env, "")
                continue
            items, missing = self.dict_kwargs(kw.value, env, "**")
            unknown = unknown or missing
            for key, value in items.items():
                out.setdefault(key, value)
        return out, unknown

    def dict_kwargs(self, expr: ast.expr, env: Env, label: str = "json") -> tuple[KW, bool]:
        """String-keyed entries of the dict literal `expr` stands for, and whether some
        entries (or the dict itself) could not be read."""
        dicts = [o for o in self.res.objects(expr, env)
                 if o.kind == "dict" and isinstance(o.node, ast.Dict)]
        out: KW = {}
        unknown = not dicts
        for o in dicts[:1]:
            assert isinstance(o.node, ast.Dict)
            for k, v in zip(o.node.keys, o.node.values, strict=True):
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    out.setdefault(k.value, (v, o.env or env, label))
                else:
                    unknown = True
        return out, unknown

    def emit(self, node: ast.Call, endpoint: str, env: Env, client: Client,
              model: tuple[ast.expr, Env, str] | None, kwargs: KW, unknown: bool, *,
              shape: str = "v1", route: Any = None,
              keep: frozenset[str] | None = None) -> None:
        if model is not None:
            helpers.note(self.helpers, model, endpoint, client, shape, route)
        site = self._loc(node)
        self.sites.append((site.line, site.end_line))
        params, spans = self._params(kwargs, keep)
        common: dict[str, Any] = {
            "params": params, "param_spans": spans, "base_url": client.base_url,
            "sdk_shape": shape, "unknown_params": unknown, "site": site,
            "base_url_span": self.lines.inner_span(client.base_node) if client.base_node else None}
        values = self._unique(self.res.values(model[0], model[1])) if model else []
        if not values:
            if route is None:
                self.calls.append(Call(endpoint, None, location=site, provider=client.provider,
                                       via="unresolved" if model else "absent", **common))
            return
        no_fix = endpoint in NO_REWRITE
        for v in values:
            text, ep, provider = v.text, endpoint, client.provider
            if route is not None:
                routed = route(text)
                if routed is None:
                    continue
                text, ep, foreign = routed
                provider = foreign or provider
            via, origin = v.via, v.origin
            inside = v.node is not None and self._within(v.node, node)
            if model is not None and model[2] and via == "literal" and not inside:
                via, origin = "dict-value", model[2]
            location = site if v.node is None or (inside and not no_fix) else self._loc(v.node)
            span = (self.lines.inner_span(v.node, wrappers.prefix_length(v.text, text))
                    if v.node and not no_fix else None)
            self.calls.append(Call(ep, text, location=location, model_span=span, via=via,
                                   origin=origin, provider=provider, **common))

    def _params(self, kwargs: KW, keep: frozenset[str] | None
                ) -> tuple[dict[str, Any], dict[str, Span]]:
        params: dict[str, Any] = {}
        spans: dict[str, Span] = {}
        items = list(kwargs.items())
        extra = kwargs.get("extra_body")
        if extra is not None and isinstance(extra[0], ast.Dict):
            items += [(k.value, (v, extra[1], extra[2]))
                      for k, v in zip(extra[0].keys, extra[0].values, strict=True)
                      if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        for name, (expr, env, _) in items:
            if name in _CLIENT_ONLY or name == "extra_body" or (keep and name not in keep):
                continue
            spans[name] = self.lines.node_span(expr)
            value = literal(expr)
            if value is MISSING:
                texts = {v.text for v in self.res.values(expr, env)}
                value = texts.pop() if len(texts) == 1 else MISSING
            if value is not MISSING:
                params[name] = value
        return params, spans

    @staticmethod
    def _unique(values: list[Value]) -> list[Value]:
        seen: set[tuple[str, int]] = set()
        out = []
        for v in values:
            key = (v.text, id(v.node))
            if key not in seen:
                seen.add(key)
                out.append(v)
        return out

    # -- positions ---------------------------------------------------------------------------

    def _loc(self, node: ast.expr) -> Location:
        s = self.lines.node_span(node)
        return Location(self.path, s.line, s.column, s.end_line, s.end_column)

    def _within(self, inner: ast.expr, outer: ast.expr) -> bool:
        a, b = self.lines.node_offsets(inner)
        c, d = self.lines.node_offsets(outer)
        return c <= a and b <= d
