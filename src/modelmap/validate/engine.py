"""Run the rule modules over one call, in a fixed order, and tidy the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from modelmap.catalog.model import Catalog
from modelmap.findings import Finding
from modelmap.record import replace
from modelmap.validate import codex
from modelmap.validate.call import Call
from modelmap.validate.context import Ctx, make_ctx
from modelmap.validate.endpoint_params import check_endpoint_params
from modelmap.validate.model import (
    check_background,
    check_lifecycle,
    check_name,
    check_rolling,
    check_surface,
)
from modelmap.validate.params import check_params
from modelmap.validate.route import check_call_base_url, check_interface, check_prefix, check_shape
from modelmap.validate.settle import settle_fixes

_VIA_NOTES: Mapping[str, str] = {
    "env-default": "the model is the default of an environment variable; the value at run time "
                   "may differ",
}


def run(catalog: Catalog, call: Call, as_of: dt.date) -> list[Finding]:
    """All findings for `call`, ordered by position then code."""
    ctx = make_ctx(catalog, call, as_of)
    shape = check_shape(ctx)
    out = shape + check_call_base_url(ctx) + check_endpoint_params(ctx,
                                                                   legacy_shape=bool(shape))
    iface, dead = check_interface(ctx)
    out += iface
    if not dead:
        if ctx.kind == "codex.config":
            out += codex.check(ctx, judge_model)
        else:
            out += check_prefix(ctx) + judge_model(ctx) + _image_tools(ctx)
    return _tidy(ctx, out)


def judge_model(ctx: Ctx) -> list[Finding]:
    """Name, lifecycle, surface, route-advice and parameter rules for the call's model; a fix
    that writes another model is settled on one that draws no finding (validate/settle.py)."""
    return settle_fixes(ctx, _judge_model(ctx), _judge_model)


def _judge_model(ctx: Ctx) -> list[Finding]:
    names, target = check_name(ctx)
    if target is None:
        return names
    life = check_lifecycle(ctx, target)
    if any(f.rule == "MM401" for f in life):
        return names + life  # a shut-down model: nothing else matters
    return (names + check_surface(ctx, target) + life + check_rolling(ctx, target)
            + check_background(ctx, target) + check_params(ctx, target))


def _image_tools(ctx: Ctx) -> list[Finding]:
    """Responses `tools=[{"type": "image_generation", "model": ...}]` as sub-calls.

    Only for calls without a source location (the CLI, the runtime guard): scanners emit their
    own `responses.tools.image_generation` calls with exact spans, and expanding here too would
    report every tool finding twice."""
    tools = ctx.call.params.get("tools")
    if ctx.kind != "responses" or ctx.call.location is not None or not isinstance(
            tools, (list, tuple)):
        return []
    out: list[Finding] = []
    for tool in tools:
        if not isinstance(tool, Mapping) or tool.get("type") != "image_generation":
            continue
        model = tool.get("model")
        if not isinstance(model, str):
            continue
        sub = Call(endpoint="responses.tools.image_generation", model=model,
                   params={k: v for k, v in tool.items() if k not in ("type", "model")},
                   base_url=ctx.call.base_url, location=ctx.call.location, via=ctx.call.via)
        out += judge_model(make_ctx(ctx.catalog, sub, ctx.as_of))
    return out


def _tidy(ctx: Ctx, findings: list[Finding]) -> list[Finding]:
    note = _VIA_NOTES.get(ctx.call.via)
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.message)
        if key in seen:
            continue
        seen.add(key)
        if note and f.family not in ("route-config",):
            f = replace(f, message=f"{f.message} (Note: {note}.)")
        out.append(f)
    out.sort(key=lambda f: ((f.location.line, f.location.column) if f.location else (0, 0),
                            f.rule))
    return out
