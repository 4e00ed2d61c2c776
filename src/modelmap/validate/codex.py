"""Codex config.toml rules (MM405-MM408, MM510, plus model and base-URL rules).

A scanner turns one config.toml into one Call with `endpoint="codex.config"`:

    Call(endpoint="codex.config",
         model="gpt-5.5",                      # root `model`, None when absent
         params={
             "model_provider": "local",        # root key, when present
             "model_reasoning_effort": "high",
             "forced_login_method": "api",     # api | chatgpt, when present
             "approval_policy": "on-request",  # root key, when present
             "openai_base_url": "...",         # root key, when present
             "profile": "fast",                # legacy top-level selector, when present
             "profiles": ["fast"],             # names of legacy [profiles.<name>] tables
             "providers": {                    # every [model_providers.<id>] table, literal keys
                 "local": {"base_url": "http://localhost:8000/v1", "wire_api": "chat",
                           "name": "Local", "env_key": "LOCAL_KEY"},
             },
         },
         model_span=Span(...),                 # the `model` string content (no quotes)
         param_spans={
             "model_provider": Span(...), "profile": Span(...),
             "profiles.fast": Span(...),              # the [profiles.fast] header
             "providers.local": Span(...),            # the [model_providers.local] header
             "providers.local.wire_api": Span(...),   # string content, no quotes
             "providers.local.base_url": Span(...),
         })

`review_model` (the model `/review` runs on) comes as a second Call with `model` set to it and
`params = {"model_role": "review_model", <the routing keys above>}`: only its model is judged.

`"wire_api": {"<provider id>": "chat"}` (with spans `wire_api.<id>`) is accepted as a shorthand
for the providers' wire_api keys. The Codex version is unknown to a scanner, so removed forms
are judged by the current Codex release as of the check date (dates in params.toml), and the
message names the release that removed them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from modelmap.findings import Finding, Severity
from modelmap.record import replace
from modelmap.rules import finding, replace_fix
from modelmap.validate.call import Span
from modelmap.validate.context import Ctx, is_openai_host
from modelmap.validate.route import check_base_url

TYPE_CHECKING = False  # not `import typing` at run time: ~3 ms of a one-shot command
if TYPE_CHECKING:
    from typing import Any

JudgeModel = Callable[[Ctx], list[Finding]]
ROLE, REVIEW = "model_role", "review_model"
"""params[ROLE] == REVIEW marks the Call of a config's `review_model` (its model is judged,
nothing else)."""


def providers(params: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Provider tables by id, merging the `wire_api` shorthand."""
    raw = params.get("providers", {})
    out: dict[str, dict[str, Any]] = {}
    if isinstance(raw, Mapping):
        out = {str(k): dict(v) if isinstance(v, Mapping) else {} for k, v in raw.items()}
    elif isinstance(raw, (list, tuple)):
        out = {str(k): {} for k in raw}
    short = params.get("wire_api", {})
    if isinstance(short, Mapping):
        for pid, value in short.items():
            out.setdefault(str(pid), {}).setdefault("wire_api", value)
    return out


def _span(ctx: Ctx, *keys: str) -> Span | None:
    return next((ctx.call.param_spans[k] for k in keys if k in ctx.call.param_spans), None)


def check(ctx: Ctx, judge_model: JudgeModel) -> list[Finding]:
    """Every finding for one Codex config."""
    params = ctx.call.params
    provs = providers(params)
    if params.get(ROLE) == REVIEW:  # the config's other rules are its first Call's
        review = _model_ctx(ctx, provs)
        return judge_model(review) + _signin_retired(review) if review is not None else []
    out = (_profiles(ctx) + _wire_api(ctx, provs) + _provider_ref(ctx, provs)
           + _approval_policy(ctx))
    for pid, table in provs.items():
        url = table.get("base_url")
        if isinstance(url, str):
            loc = ctx.location(_span(ctx, f"providers.{pid}.base_url", f"providers.{pid}"))
            out += check_base_url(ctx, url, loc, allow_chatgpt=True)
    root_url = params.get("openai_base_url")
    if isinstance(root_url, str):
        out += check_base_url(ctx, root_url, ctx.param_location("openai_base_url"))
    mctx = _model_ctx(ctx, provs)
    if mctx is not None and ctx.call.model:
        out += judge_model(mctx) + _signin_retired(mctx)
    return out


def _profiles(ctx: Ctx) -> list[Finding]:
    form = ctx.data.codex_forms.get("profiles")
    if form is None or ctx.as_of < form.removed_on:
        return []
    params = ctx.call.params
    out = []
    names = params.get("profiles", [])
    names = list(names) if isinstance(names, (list, tuple, Mapping)) else []
    for name in names:
        msg = (f"[profiles.{name}] is a legacy profile table; Codex rejects it since "
               f"{form.release}. Move its keys to ~/.codex/{name}.config.toml and select it "
               f"with `codex --profile {name}`.")
        out.append(finding("MM406", msg, location=ctx.location(_span(ctx, f"profiles.{name}")),
                           sources=(form.source.url,), strong=form.source.strong))
    selector = params.get("profile")
    if isinstance(selector, str):
        msg = (f"profile = {selector!r} is the legacy profile selector; Codex rejects it since "
               f"{form.release}. Use `codex --profile {selector}` with "
               f"~/.codex/{selector}.config.toml.")
        out.append(finding("MM406", msg, location=ctx.param_location("profile"),
                           sources=(form.source.url,), strong=form.source.strong))
    return out


def _approval_policy(ctx: Ctx) -> list[Finding]:
    """MM408: `approval_policy = "untrusted"`, removed from Codex (dated in params.toml)."""
    form = ctx.data.codex_forms.get("approval_untrusted")
    value = ctx.call.params.get("approval_policy")
    if form is None or value != "untrusted" or ctx.as_of < form.removed_on:
        return []
    msg = (f"approval_policy = \"untrusted\" was removed in {form.release}; current Codex "
           f"refuses to start with this config. Use approval_policy = \"on-request\" (Codex "
           f"asks before running commands it does not trust) or \"never\".")
    span = _span(ctx, "approval_policy")
    fix = replace_fix("unsafe", "Set approval_policy to \"on-request\"", span, "on-request")
    return [finding("MM408", msg, location=ctx.param_location("approval_policy"), fix=fix,
                    sources=(form.source.url,), strong=form.source.strong)]


def _wire_api(ctx: Ctx, provs: Mapping[str, Mapping[str, Any]]) -> list[Finding]:
    form = ctx.data.codex_forms.get("wire_api_chat")
    allowed = ctx.data.codex.get("wire_api_values", ["responses"])
    src = ctx.data.codex_source
    out = []
    for pid, table in provs.items():
        value = table.get("wire_api")
        if not isinstance(value, str) or value in allowed:
            continue
        span = _span(ctx, f"providers.{pid}.wire_api", f"wire_api.{pid}")
        loc = ctx.location(span or _span(ctx, f"providers.{pid}"))
        if value == "chat" and form is not None:
            if ctx.as_of >= form.removed_on:
                msg = (f"[model_providers.{pid}] sets wire_api = \"chat\", which Codex removed in "
                       f"{form.release}; current Codex refuses to load the whole config, even "
                       f"when this provider is unused. Use wire_api = \"responses\" (the provider "
                       f"must speak the Responses API, or sit behind a gateway that does).")
                sev = None
            elif form.deprecated_on is not None and ctx.as_of >= form.deprecated_on:
                msg = (f"[model_providers.{pid}] sets wire_api = \"chat\", which Codex deprecated "
                       f"and removes in {form.release}. Use wire_api = \"responses\".")
                sev = Severity.WARNING
            else:
                continue
            fix = replace_fix("unsafe", "Set wire_api to \"responses\"", span, "responses")
            out.append(finding("MM405", msg, location=loc, fix=fix, sources=(form.source.url,),
                               strong=form.source.strong, severity=sev))
            continue
        msg = (f"[model_providers.{pid}] wire_api = {value!r} is not a Codex wire API; Codex "
               f"accepts only {', '.join(repr(a) for a in allowed)}.")
        out.append(finding("MM303", msg, location=loc, sources=(src.url,) if src else ()))
    return out


def _provider_ref(ctx: Ctx, provs: Mapping[str, Mapping[str, Any]]) -> list[Finding]:
    selected = ctx.call.params.get("model_provider")
    builtins = ctx.data.codex.get("builtin_providers", [])
    if not isinstance(selected, str) or selected in provs or selected in builtins:
        return []
    removed: Mapping[str, str] = ctx.data.codex.get("removed_providers", {})
    src = ctx.data.codex_source
    if selected in removed:
        msg = (f"model_provider = {selected!r} is no longer a built-in Codex provider; use "
               f"{removed[selected]!r}.")
    else:
        msg = (f"model_provider = {selected!r} names no [model_providers.{selected}] table and no "
               f"built-in provider ({', '.join(builtins)}); Codex fails at start-up with "
               f"'Model provider `{selected}` not found'.")
    return [finding("MM510", msg, location=ctx.param_location("model_provider"),
                    sources=(src.url,) if src else ())]


def _model_ctx(ctx: Ctx, provs: Mapping[str, Mapping[str, Any]]) -> Ctx | None:
    """The context model rules run in, or None when the model goes to a foreign provider."""
    params = ctx.call.params
    selected = params.get("model_provider", "openai")
    login = params.get("forced_login_method")
    if selected == "openai":
        base = params.get("openai_base_url")
        first = is_openai_host(base if isinstance(base, str) else None, ctx.data)
        surfaces = ("api.responses",) if login == "api" else ctx.surfaces
    else:
        url = provs.get(str(selected), {}).get("base_url")
        first = isinstance(url, str) and is_openai_host(url, ctx.data)
        surfaces = ("api.responses",)
    if not first:
        return None
    return replace(ctx, first_party=True, surfaces=surfaces)


def _signin_retired(ctx: Ctx) -> list[Finding]:
    """MM407: retired from Codex with ChatGPT sign-in (API keys unaffected)."""
    if ctx.surfaces == ("api.responses",):
        return []  # API key sign-in: the retirement does not apply
    model = ctx.catalog.models.get(str(ctx.call.model).strip())
    seen: set[str] = set()
    while model is not None and model.codex is None and model.base and model.id not in seen:
        seen.add(model.id)
        model = ctx.catalog.models.get(model.base)
    if model is None or model.codex is None:
        return []
    day = model.codex.chatgpt_signin_retired_on
    if day is None or day > ctx.as_of:
        return []
    msg = (f"{model.id} was retired from Codex with ChatGPT sign-in on {day}; under ChatGPT "
           f"sign-in Codex answers that the model is not supported with a ChatGPT account. API "
           f"keys still reach it. {model.note}")
    src = model.codex.source
    return [finding("MM407", msg.strip(), location=ctx.model_location(), sources=(src.url,),
                    strong=src.strong)]
