"""Route rules: interface lifecycle (MM403/404/502), base URLs, provider prefixes and v0 SDK
shapes (MM504-509). Hosts, backends and dates come from params.toml and surfaces.toml."""

from __future__ import annotations

from urllib.parse import urlsplit

from modelmap.catalog.model import Source
from modelmap.findings import Finding, Location
from modelmap.normalize import strip_provider
from modelmap.rules import finding, replace_fix
from modelmap.validate.context import Ctx, host_of, is_openai_host
from modelmap.validate.endpoints import CALL_PATHS, HTTP_PATHS, NODE_V3_METHODS, V0_ENDPOINTS


def check_interface(ctx: Ctx) -> tuple[list[Finding], bool]:
    """Findings for a dated or retired interface, and whether it is dead (skip model rules)."""
    if not ctx.first_party or ctx.kind is None:
        return [], False
    surfaces = [ctx.catalog.surfaces[s] for s in ctx.surfaces if s in ctx.catalog.surfaces]
    if surfaces and all(s.shutdown_date for s in surfaces):
        day = max(s.shutdown_date for s in surfaces if s.shutdown_date)
        name = " / ".join(s.name for s in surfaces)
        # The surface note describes the shut-down state, so it only reads right afterwards.
        return _dated(ctx, name, day, surfaces[0].note, "", surfaces[0].source)
    iface = ctx.data.interfaces.get(ctx.kind)
    if iface is None:
        return [], False
    if iface.shutdown_date is None:
        note = f" {iface.note[0].upper()}{iface.note[1:]}." if iface.note else ""
        msg = (f"{ctx.endpoint} uses the {iface.name}, which has been replaced.{note} "
               f"Use {iface.instead}.")
        return [finding("MM502", msg, location=ctx.location(), sources=(iface.source.url,))], False
    advice = f"Use {iface.instead}."
    return _dated(ctx, iface.name, iface.shutdown_date, advice, advice, iface.source)


def _dated(ctx: Ctx, name: str, day: object, advice: str, advice_before: str,
           src: Source) -> tuple[list[Finding], bool]:
    import datetime as dt

    assert isinstance(day, dt.date)
    days = (day - ctx.as_of).days
    cite = f" Source: {src.url} (verified {src.verified_on})."
    if days <= 0:
        when = "the check date" if days == 0 else f"{-days} days before {ctx.as_of}"
        msg = (f"{ctx.endpoint} calls the {name}, shut down on {day} ({when}); every request "
               f"fails. {advice}{cite}")
        return [finding("MM403", msg, location=ctx.location(), sources=(src.url,),
                        strong=src.strong)], True
    msg = (f"{ctx.endpoint} calls the {name}, which shuts down on {day} ({days} days after "
           f"{ctx.as_of}).{' ' + advice_before if advice_before else ''}{cite}")
    return [finding("MM404", msg, location=ctx.location(), sources=(src.url,),
                    strong=src.strong)], False


def check_shape(ctx: Ctx) -> list[Finding]:
    """MM509: openai<1.0 module-level calls and the engine= keyword."""
    call = ctx.call
    if call.sdk_shape == "node-v3":
        return [finding("MM509", _node_v3(ctx), location=ctx.location())]
    if call.sdk_shape != "v0" and "engine" not in call.params:
        return []
    if call.sdk_shape != "v0" and ctx.kind not in ("chat", "completions", "embeddings"):
        return []
    if call.sdk_shape == "v0":
        v0 = next((k for k, v in V0_ENDPOINTS.items() if v == ctx.endpoint), call.endpoint)
        what = f"openai.{v0} is an openai<1.0 call shape"
    else:
        what = "engine= is an openai<1.0 keyword"
    msg = (f"{what}; openai>=1.0 raises APIRemovedInV1 before sending anything. Use "
           f"OpenAI().{ctx.endpoint}(model=...).")
    return [finding("MM509", msg, location=ctx.location())]


def _node_v3(ctx: Ctx) -> str:
    """MM509 for openai-node v3's OpenAIApi methods, in JavaScript."""
    method = next((k for k, v in NODE_V3_METHODS.items() if v == ctx.endpoint), ctx.endpoint)
    path = ".".join(_camel(part) for part in ctx.endpoint.split("."))
    return (f"{method} is an openai-node v3 call shape (OpenAIApi); the openai package "
            f"removed it in v4. Use new OpenAI().{path}({{ model: ... }}).")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def check_prefix(ctx: Ctx) -> list[Finding]:
    """MM508: a provider-prefixed model sent to OpenAI's own API."""
    model = ctx.call.model
    if not isinstance(model, str) or not ctx.first_party or model.startswith("ft:"):
        return []
    provider, bare = strip_provider(model.strip())
    if provider is None:
        return []
    where = "api.openai.com" if ctx.call.base_url is None else ctx.call.base_url
    msg = (f"'{model}' carries the gateway/framework prefix '{provider}', but this call goes to "
           f"{where}, which expects the bare ID '{bare}' and answers model_not_found. Drop the "
           f"prefix, or point base_url at the gateway that uses it.")
    fix = replace_fix("unsafe", f"Replace with '{bare}'", ctx.call.model_span, bare)
    return [finding("MM508", msg, location=ctx.model_location(), fix=fix)]


def check_base_url(ctx: Ctx, url: str | None, location: Location | None, *,
                   allow_chatgpt: bool = False) -> list[Finding]:
    """MM504-MM507 for one base URL."""
    if url is None or not url.strip():
        return []
    text = url.strip()
    try:
        split = urlsplit(text if "://" in text else "https://" + text)
    except ValueError:  # malformed (`http://[`): no rule here can read it
        return []
    path = split.path.rstrip("/")
    host_path = host_of(text) + path
    src = ctx.data.route_source
    sources = (src.url,) if src else ()
    if not allow_chatgpt:
        for backend in ctx.data.route.get("chatgpt_backends", []):
            if host_path.startswith(backend):
                msg = (f"base URL {url!r} is the ChatGPT app backend, not the API; it serves "
                       f"the ChatGPT/Codex apps only. Use https://api.openai.com/v1.")
                return [finding("MM507", msg, location=location, sources=sources)]
    out: list[Finding] = []
    own = request_path(ctx.endpoint)
    tail = next((p for p in CALL_PATHS if path.endswith(p)), None)
    if tail is not None:
        msg = (f"base URL {url!r} already ends in {tail}; the SDK appends the endpoint path "
               f"itself, so requests go to ...{tail}{own or '/<endpoint path>'}. "
               f"Use {url[: url.rfind(tail)]!r}.")
        out.append(finding("MM504", msg, location=location, sources=sources))
    if "/v1/v1/" in path + "/":
        msg = (f"base URL {url!r} has /v1 twice; requests go to /v1/v1{own or '/...'} and "
               f"answer 404.")
        out.append(finding("MM506", msg, location=location, sources=sources))
    elif is_openai_host(text, ctx.data) and not (path == "/v1" or path.startswith("/v1/")):
        went = (f"requests go to {own} instead of /v1{own}" if own else
                "requests go to paths without /v1 (such as /responses instead of /v1/responses)")
        msg = (f"base URL {url!r} lacks /v1; {went} and answer 404 unknown_url. Use "
               f"https://{split.hostname}/v1.")
        out.append(finding("MM505", msg, location=location, sources=sources))
    return out


def request_path(endpoint: str) -> str | None:
    """The path (after /v1) the SDK requests for an endpoint key, None when it is not one
    call's (a config file's model, an unknown endpoint)."""
    found = next((p for p, key in HTTP_PATHS.items() if key == endpoint), None)
    return found.removeprefix("/v1") if found else None


def check_call_base_url(ctx: Ctx) -> list[Finding]:
    """Base URL rules for an SDK call (Codex configs check their providers in codex.py)."""
    if ctx.kind == "codex.config":
        return []
    span = ctx.call.base_url_span
    loc = ctx.location(span) if span is not None else ctx.param_location("base_url")
    return check_base_url(ctx, ctx.call.base_url, loc)
