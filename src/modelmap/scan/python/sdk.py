"""OpenAI SDK call shapes in Python: the endpoint a call path reaches, and through which client.

`<anything>.chat.completions.create(...)`, `.responses.create/stream/parse`, `.images.*`,
`.audio.*`, `.embeddings.create`, `.moderations.create`, `.videos.<any>`, `.realtime.connect`,
`.beta.realtime.connect`, `.live.*`, `.beta.chat.completions.parse`, assistants... (the keys
of modelmap.validate.endpoints.ENDPOINTS), also through `.with_options(...)`,
`.with_raw_response` and `.with_streaming_response`. The client is followed back to its
constructor (`OpenAI(base_url=...)`, `AzureOpenAI`, another vendor's look-alike SDK such as
`Groq()`), through names, `self.client` attributes and pass-through wrappers such as
`instructor.from_openai(OpenAI())`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from modelmap.scan.providers import (
    CLIENT_CLASSES,
    DYNAMIC,
    FOREIGN_SDKS,
    SDK_PROVIDERS,
    WRAPPER_PROVIDERS,
    foreign_client_module,
    provider_for_url,
)
from modelmap.scan.python.scope import Env
from modelmap.scan.python.values import Resolver
from modelmap.validate.endpoints import ENDPOINTS

_NOISE = frozenset({"with_raw_response", "with_streaming_response"})
RESOURCES = frozenset({"chat", "responses", "images", "audio", "embeddings", "moderations",
                        "videos", "realtime", "beta", "live", "completions",
                        "fine_tuning"})
_BARE_CTORS = frozenset({"OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI"})
_BASE_KW = ("base_url", "api_base")
_AZURE_KW = ("azure_endpoint", "base_url")


@dataclass(frozen=True)
class Client:
    """What is known about the client a call goes through."""

    base_url: str | None = None
    provider: str | None = None
    base_node: ast.Constant | None = None
    """The base URL string literal, when it is in this file."""


@dataclass(frozen=True)
class SdkCall:
    """An SDK method call: endpoint key, the client expression and `with_options` calls."""

    endpoint: str
    receiver: ast.expr
    options: tuple[ast.Call, ...]


def sources(res: Resolver, expr: ast.expr, env: Env) -> list[tuple[ast.expr, Env]]:
    """The expressions a name or attribute (`client`, `self.client`) may be bound to."""
    if isinstance(expr, ast.Name):
        return [(b.expr, b.env) for b in res.bindings(expr.id, env)
                if b.expr is not None and b.kind in ("module", "local")]
    out: list[tuple[ast.expr, Env]] = []
    if isinstance(expr, ast.Attribute):
        for o in res.objects(expr.value, env, 1):
            if o.kind in ("class", "instance") and o.cls is not None:
                for cls in res.info.mro(o.cls):
                    for b in res.info.self_attrs(cls).get(expr.attr, []) + cls.fields.get(
                            expr.attr, []):
                        if b.expr is not None:
                            out.append((b.expr, b.env))
    return out


def _unwrap(expr: ast.expr) -> ast.expr:
    while True:
        if isinstance(expr, ast.Attribute) and expr.attr in _NOISE:
            expr = expr.value
        elif (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
              and expr.func.attr == "with_options"):
            expr = expr.func.value
        else:
            return expr


def sdk_call(func: ast.expr) -> SdkCall | None:
    """Match a call's function expression against the SDK endpoint keys (longest key)."""
    steps: list[tuple[str, ast.expr]] = []
    options: list[ast.Call] = []
    cur = func
    while True:
        if isinstance(cur, ast.Attribute):
            if cur.attr not in _NOISE:
                steps.append((cur.attr, cur.value))
            cur = cur.value
        elif (isinstance(cur, ast.Call) and isinstance(cur.func, ast.Attribute)
              and cur.func.attr == "with_options"):
            options.append(cur)
            cur = cur.func.value
        else:
            break
    steps.reverse()
    attrs = [a for a, _ in steps]
    for i, first in enumerate(attrs):
        if first not in RESOURCES:
            continue
        key = ".".join(attrs[i:])
        if key in ENDPOINTS or (first == "videos" and len(attrs) - i == 2):
            return SdkCall(key, steps[i][1], tuple(options))
    return None


def expand_receiver(resolver: Resolver, func: ast.expr, env: Env) -> ast.expr | None:
    """`chat = client.chat; chat.completions.create(...)`: substitute a single local or
    module binding of the chain's root name, so the full SDK path can be matched."""
    root = func
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name):
        return None
    found = sources(resolver, root, env)
    if len(found) != 1 or not isinstance(found[0][0], ast.Attribute | ast.Call):
        return None
    bound = found[0][0]

    def rebuild(expr: ast.expr) -> ast.expr:
        if expr is root:
            return bound
        assert isinstance(expr, ast.Attribute)
        return ast.Attribute(value=rebuild(expr.value), attr=expr.attr, ctx=ast.Load())

    return rebuild(func)


def client_of(resolver: Resolver, expr: ast.expr, env: Env, depth: int = 0) -> Client | None:
    """The client an expression evaluates to, when it can be traced to a constructor."""
    if depth > 5:
        return None
    expr = _unwrap(expr)
    if isinstance(expr, ast.Call):
        qual = resolver.qualname(expr.func) or ""
        module, _, last = qual.rpartition(".")
        top = module.split(".", 1)[0]
        proxied = foreign_client_module(module) if last[:1].isupper() else None
        if proxied is not None and not any(kw.arg in _BASE_KW for kw in expr.keywords):
            # `litellm.proxy.client.Client()`: the proxy its environment names (a base URL,
            # when given, says where the requests go: see below)
            return Client(None, proxied)
        if last in CLIENT_CLASSES and (top == "openai" or top in FOREIGN_SDKS
                                       or (not module and last in _BARE_CTORS)):
            foreign = FOREIGN_SDKS.get(top) if top != "openai" else None
            provider = foreign or CLIENT_CLASSES[last]
            kws = _AZURE_KW if provider == "azure" else _BASE_KW
            return _with_base(resolver, expr, env, provider, kws)
        if last in WRAPPER_PROVIDERS:
            return Client(None, WRAPPER_PROVIDERS[last])
        if last[:1].isupper() and any(kw.arg in _BASE_KW for kw in expr.keywords):
            # Another package's client class (`litellm.proxy.client.Client(base_url=...)`):
            # its base URL still says where the requests go.
            return _with_base(resolver, expr, env, None, _BASE_KW)
        if expr.args:
            return client_of(resolver, expr.args[0], env, depth + 1)
        return None
    if isinstance(expr, ast.Name) and resolver.info.imports.get(expr.id) == ("openai", None):
        return module_client(resolver)
    for source, source_env in sources(resolver, expr, env)[:8]:
        found = client_of(resolver, source, source_env, depth + 1)
        if found is not None:
            return found
    return None


def _with_base(resolver: Resolver, call: ast.Call, env: Env, provider: str | None,
               names: tuple[str, ...]) -> Client:
    for kw in call.keywords:
        if kw.arg == "provider" and provider is None:
            named = _sdk_provider(resolver, kw.value, env)
            if named is not None:
                return Client(None, named)
    for kw in call.keywords:
        if kw.arg in names:
            return base_from(resolver, kw.value, env, provider)
    return Client(None, provider)


def _sdk_provider(resolver: Resolver, expr: ast.expr, env: Env) -> str | None:
    """`OpenAI(provider=bedrock(...))` (or a name bound to it): the cloud the openai package's
    provider helper sends requests to; None for `provider=None`."""
    if isinstance(expr, ast.Constant) and expr.value is None:
        return None
    if isinstance(expr, ast.Name):
        for source, _ in sources(resolver, expr, env)[:4]:
            if isinstance(source, ast.Call):
                expr = source
                break
    if isinstance(expr, ast.Call):
        last = (resolver.qualname(expr.func) or "").rpartition(".")[2].lower()
        if last in SDK_PROVIDERS:
            return last
    return DYNAMIC


def base_from(resolver: Resolver, expr: ast.expr, env: Env, provider: str | None) -> Client:
    """Client facts from a base URL expression (a literal, constant or env default)."""
    if isinstance(expr, ast.Constant) and expr.value is None:
        return Client(None, provider)
    values = resolver.values(expr, env)
    if not values:
        return Client(None, provider or DYNAMIC)
    first = values[0]
    return Client(first.text, provider or provider_for_url(first.text), first.node)


def module_client(resolver: Resolver) -> Client:
    """The v1 module-level client (`openai.chat...`), configured by `openai.base_url = ...`."""
    assigns = resolver.info.attr_assigns
    env = Env()
    provider = None
    for expr in assigns.get("openai.api_type", []):
        if any(v.text.startswith("azure") for v in resolver.values(expr, env)):
            provider = "azure"
    for name in ("openai.base_url", "openai.api_base"):
        for expr in assigns.get(name, []):
            return base_from(resolver, expr, env, provider)
    return Client(None, provider)


def with_options(resolver: Resolver, client: Client, options: tuple[ast.Call, ...],
                 env: Env) -> Client:
    """Apply `with_options(base_url=...)` overrides (innermost first)."""
    for opt in reversed(options):
        for kw in opt.keywords:
            if kw.arg == "base_url":
                client = base_from(resolver, kw.value, env, None)
    return client


def default_provider(resolver: Resolver) -> str | None:
    """For an untraceable client: OpenAI, unless the file imports only a look-alike SDK or
    only Azure's client classes."""
    info = resolver.info
    tops = info.top_modules
    if "openai" in tops:
        # A module that imports only Azure's client classes from openai talks to Azure.
        clients = {name for mod, name in info.imports.values()
                   if mod.split(".", 1)[0] == "openai" and name in CLIENT_CLASSES}
        if clients and all(CLIENT_CLASSES[c] == "azure" for c in clients):
            return "azure"
        return None
    proxied = {p for mod, _ in info.imports.values() if (p := foreign_client_module(mod))}
    if len(proxied) == 1:  # the file's only client comes from a proxy's client module
        return proxied.pop()
    return next((FOREIGN_SDKS[t] for t in sorted(tops) if t in FOREIGN_SDKS), None)
