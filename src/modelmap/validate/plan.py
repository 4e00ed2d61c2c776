"""Precomputed validation for calls that differ only in their parameters (the runtime guard).

`validate()` judges a call from scratch. Most of that work depends on the endpoint, the model,
the base URL, the provider and the date, not on the other parameters: the name, surface,
lifecycle and route rules, and which params.toml rules apply to the model. `plan()` does that
part once; `Plan.run(call)` adds what does depend on the parameters (the parameter rules,
background, image tools), so a known model costs a dictionary lookup plus the parameter
checks. `run` returns exactly what `validate()` returns for the same call (tests/test_guard_plan.py
compares the two on generated calls).

A plan holds only for calls without source positions (`location`, spans), with
`sdk_shape="v1"` and all parameters known: what the guard builds. `plan()` returns None for
any other call, and for Codex configs; callers then use `validate()`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from modelmap.catalog.model import Catalog
from modelmap.findings import Finding
from modelmap.validate.call import Call
from modelmap.validate.context import Ctx, make_ctx
from modelmap.validate.data import ParamRule
from modelmap.validate.endpoint_params import check_endpoint_params
from modelmap.validate.engine import _image_tools, _tidy
from modelmap.validate.model import (
    Resolved,
    check_background,
    check_lifecycle,
    check_name,
    check_rolling,
    check_surface,
)
from modelmap.validate.params import applicable, run_rules
from modelmap.validate.route import check_call_base_url, check_interface, check_prefix, check_shape


@dataclass(frozen=True, slots=True)
class Plan:
    """What validate() finds for one (endpoint, model, base URL, provider, via) on one date,
    whatever the parameters, and what is left to run per call."""

    ctx: Ctx
    fixed: tuple[Finding, ...]
    """Findings that do not depend on the parameters, in validate()'s order."""
    target: Resolved | None
    """The judged model when the model and parameter rules go on (None: they stop)."""
    rules: tuple[ParamRule, ...]
    """The params.toml rules that apply to `target` on this request kind."""
    tools: bool
    """Whether Responses image tools are judged (the interface is not shut down)."""
    listed: tuple[Finding, ...]
    """The overlay's allow/deny-list findings (appended after the tidy, as validate() does)."""
    legacy_shape: bool = False
    """The call has a pre-1.0 shape (the endpoint-wide parameter-name check is off)."""

    def run(self, call: Call) -> list[Finding]:
        """validate(catalog, call, as_of) for a call with this plan's key."""
        ctx = object.__new__(Ctx)  # the plan's context with this call: no re-derivation
        ctx.__dict__.update(self.ctx.__dict__)
        ctx.__dict__["call"] = call
        out = list(self.fixed) + check_endpoint_params(ctx, legacy_shape=self.legacy_shape)
        if self.target is not None:
            out += check_background(ctx, self.target) + run_rules(ctx, self.target, self.rules)
        if self.tools:
            out += _image_tools(ctx)
        return _tidy(ctx, out) + list(self.listed)


def plannable(call: Call) -> bool:
    """Whether `plan()` can stand for validate() on calls like this one."""
    return (call.location is None and call.model_span is None and not call.param_spans
            and call.sdk_shape == "v1" and not call.unknown_params and call.site is None
            and call.base_url_span is None and call.endpoint != "codex.config")


def plan(catalog: Catalog, call: Call, as_of: dt.date) -> Plan | None:
    """The plan for calls with `call`'s key (its parameters are ignored), or None when the
    call is not plannable."""
    if not plannable(call):
        return None
    bare = Call(endpoint=call.endpoint, model=call.model, base_url=call.base_url,
                via=call.via, provider=call.provider)
    ctx = make_ctx(catalog, bare, as_of)
    if ctx.kind == "codex.config":
        return None
    shape = check_shape(ctx)
    out = shape + check_call_base_url(ctx)
    iface, dead = check_interface(ctx)
    out += iface
    target: Resolved | None = None
    rules: tuple[ParamRule, ...] = ()
    if not dead:
        out += check_prefix(ctx)
        names, found = check_name(ctx)
        out += names
        if found is not None:
            life = check_lifecycle(ctx, found)
            if any(f.rule == "MM401" for f in life):
                out += life  # a shut-down model: nothing else matters
            else:
                out += check_surface(ctx, found) + life + check_rolling(ctx, found)
                target, rules = found, applicable(ctx, found)
    listed: list[Finding] = []
    if catalog.allowed_models is not None or catalog.denied_models:
        from modelmap.check.policy import listed as policy_listed

        listed = policy_listed(catalog, bare)
    return Plan(ctx=ctx, fixed=tuple(out), target=target, rules=rules, tools=not dead,
                listed=tuple(listed), legacy_shape=bool(shape))


class Plans:
    """Plans by key and date for one catalog, dropped when the date changes (lifecycle
    verdicts and dated rules move with it) and when more than `limit` keys are held. Safe to
    share between threads: the worst a race does is compute a plan twice."""

    def __init__(self, catalog: Catalog, limit: int = 512) -> None:
        self.catalog = catalog
        self.limit = limit
        self.day: dt.date | None = None
        self.plans: dict[tuple[object, ...], Plan | None] = {}

    def validate(self, call: Call, as_of: dt.date) -> list[Finding]:
        """validate(self.catalog, call, as_of), from a plan when the call allows one."""
        if as_of != self.day:
            self.plans.clear()
            self.day = as_of
        # The date is part of the key too: a thread that read the old day never gets a plan
        # another thread made for the new one.
        key = (call.endpoint, call.model, call.base_url, call.provider, call.via, as_of)
        try:
            found = self.plans[key]
        except KeyError:
            if len(self.plans) >= self.limit:
                self.plans.clear()
            found = self.plans[key] = plan(self.catalog, call, as_of)
        if found is None or not plannable(call):
            from modelmap.validate import validate

            return validate(self.catalog, call, as_of)
        return found.run(call)
