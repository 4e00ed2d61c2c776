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

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from modelmap.catalog.model import Catalog
from modelmap.findings import Finding
from modelmap.validate.call import Call
from modelmap.validate.context import Ctx, make_ctx
from modelmap.validate.data import ParamRule
from modelmap.validate.endpoint_params import Prepared, prepare
from modelmap.validate.engine import _image_tools, _tidy
from modelmap.validate.model import (
    Resolved,
    check_background,
    check_lifecycle,
    check_name,
    check_rolling,
    check_surface,
)
from modelmap.validate.params import QUIET_WHEN_ABSENT, applicable, run_rules
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
    """Whether Responses image tools are judged (a Responses call, interface not shut down)."""
    listed: tuple[Finding, ...]
    """The overlay's allow/deny-list findings (appended after the tidy, as validate() does)."""
    legacy_shape: bool = False
    """The call has a pre-1.0 shape (the endpoint-wide parameter-name check is off)."""
    endpoint_params: Prepared | None = None
    """The endpoint-wide parameter checks (None: they say nothing for this key)."""
    background: bool = False
    """Whether check_background can speak (a Responses call with a target)."""
    quiet: tuple[Finding, ...] = ()
    """The answer when no parameter check finds anything: `fixed` tidied, then `listed`."""
    reads: frozenset[str] = frozenset()
    """Every parameter name the per-call checks look up (dotted names, and their first part)."""
    absent: tuple[Finding, ...] | None = None
    """The answer for a call with none of `reads` among its parameters (None: no shortcut,
    e.g. a check that reads every parameter)."""

    def run(self, call: Call) -> list[Finding]:
        """validate(catalog, call, as_of) for a call with this plan's key."""
        if self.absent is not None and self.reads.isdisjoint(call.params):
            return list(self.absent)  # no parameter any check reads: the answer is known
        return self.run_checks(call)

    def run_checks(self, call: Call) -> list[Finding]:
        """`run` without the shortcut: every per-call check on the call's parameters."""
        ctx = object.__new__(Ctx)  # the plan's context with this call: no re-derivation
        ctx.__dict__.update(self.ctx.__dict__)
        ctx.__dict__["call"] = call
        prepared = self.endpoint_params
        out = [] if prepared is None else prepared.run(ctx, self.legacy_shape)
        target = self.target
        if target is not None:
            if self.background:
                out += check_background(ctx, target)
            if self.rules:
                out += run_rules(ctx, target, self.rules)
        if self.tools:
            out += _image_tools(ctx)
        if not out:
            return list(self.quiet)
        return _tidy(ctx, [*self.fixed, *out]) + list(self.listed)


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
    found_plan = Plan(ctx=ctx, fixed=tuple(out), target=target, rules=rules,
                      tools=not dead and ctx.kind == "responses", listed=tuple(listed),
                      legacy_shape=bool(shape),
                      endpoint_params=prepare(ctx) if ctx.first_party else None,
                      background=ctx.kind == "responses",
                      quiet=(*_tidy(ctx, list(out)), *listed))
    reads = _reads(found_plan)
    if reads is None:
        return found_plan
    return dataclasses.replace(found_plan, reads=reads,
                               absent=tuple(found_plan.run_checks(bare)))


def _reads(p: Plan) -> frozenset[str] | None:
    """The parameters `p.run_checks` looks up, or None when it may read any of them (the
    `validate` command's unknown-name check) or more than its rules name (a check that is not
    quiet when its parameters are absent). A call without any of these parameters gets what
    a call without parameters gets."""
    names: set[str] = set()
    if p.endpoint_params is not None:
        if p.ctx.call.via == "cli" and not p.legacy_shape:
            return None  # MM304 looks at every name
        names.update(name for name, _, _ in p.endpoint_params.bounds)
    if p.target is not None:
        if p.background:
            names.add("background")
        for rule in p.rules:
            if rule.check not in QUIET_WHEN_ABSENT:
                return None
            names.update(rule.params)
    if p.tools:
        names.add("tools")
    return frozenset(names | {n.split(".", 1)[0] for n in names})


class Plans:
    """Plans by key and date for one catalog, dropped when the date changes (lifecycle
    verdicts and dated rules move with it) and when more than `limit` keys are held. Safe to
    share between threads: the worst a race does is compute a plan twice."""

    def __init__(self, catalog: Catalog, limit: int = 512) -> None:
        self.catalog = catalog
        self.limit = limit
        self.day: dt.date | None = None
        self.plans: dict[tuple[object, ...], Plan | None] = {}

    def known(self, endpoint: str, model: str | None, base_url: str | None,
              provider: str | None, via: str, params: Mapping[str, object], as_of: dt.date
              ) -> list[Finding] | None:
        """What validate() answers for the plannable call these values make, when a plan
        for its key is at hand and its shortcut holds (none of the parameters any check
        reads); None otherwise (build the Call and use `validate`). The runtime guard's fast
        path: no Call and no context is built for it."""
        if as_of != self.day:
            return None
        found = self.plans.get((endpoint, model, base_url, provider, via, as_of))
        if found is None or found.absent is None or not found.reads.isdisjoint(params):
            return None
        return list(found.absent)

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
