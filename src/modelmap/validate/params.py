"""Parameter rules (MM3xx), interpreted from params.toml: no model names in this module.

Each [[rule]] names the families it applies to, the request kinds, the parameters and one
check; this module only knows how to run the checks. Before a check runs, the value's JSON
type is compared with the type the rule's own data implies (`expected_type`): a `range` of
integers takes an integer (not 1.5, true or "2"), `one_of` takes the type of its values, a
size check takes a string. A wrong type is the rule's finding, and the check is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from modelmap.findings import Finding, Severity
from modelmap.rules import finding
from modelmap.validate.context import MISSING, Ctx, lookup
from modelmap.validate.data import Family, ParamRule, ValueStatus
from modelmap.validate.model import Resolved
from modelmap.validate.types import expected_type, json_type

TYPE_CHECKING = False  # not `import typing` at run time: ~3 ms of a one-shot command
if TYPE_CHECKING:
    from typing import Any

_SIZE = re.compile(r"^(\d+)x(\d+)$")


def check_params(ctx: Ctx, target: Resolved) -> list[Finding]:
    """Every params.toml rule that applies to this model family and request kind."""
    return run_rules(ctx, target, applicable(ctx, target))


def applicable(ctx: Ctx, target: Resolved) -> tuple[ParamRule, ...]:
    """The rules that apply to this model and request kind (what the call's parameters are
    does not matter here: the guard computes this once per endpoint and model)."""
    fam = ctx.family(target.model) if target.model else ctx.family_by_id(target.id)
    return tuple(rule for rule in ctx.data.rules
                 if ctx.kind in rule.kinds and _matches(rule, fam)
                 and (not rule.models or _in_models(ctx, target, rule.models)))


def run_rules(ctx: Ctx, target: Resolved, rules: tuple[ParamRule, ...]) -> list[Finding]:
    """Run `rules` (from `applicable`) on the call's parameters."""
    out: list[Finding] = []
    done: set[tuple[str, str | None]] = set()
    params = ctx.call.params
    for rule in rules:  # ctx.has(p), inlined: this loop runs on every guarded call
        name = None
        for p in rule.params:
            if p in params if "." not in p else lookup(params, p) is not MISSING:
                name = p
                break
        if name is None and rule.check in QUIET_WHEN_ABSENT:
            continue  # what _wrong_type and the check would say: nothing
        if (rule.code, name) in done:
            continue  # an earlier (broader, better-sourced) rule already judged this value
        found = _wrong_type(ctx, rule, target, name) or CHECKS[rule.check](ctx, rule, target,
                                                                             name)
        if found:
            done.add((rule.code, name))
            out.extend(found)
    return out


def _wrong_type(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None
                ) -> list[Finding]:
    """The rule's finding when the value's JSON type is not one the rule's data implies
    (an integral float such as 2.0 counts as an integer)."""
    if name is None:
        return []
    value = ctx.param(name)
    want = expected_type(rule)
    if value is None or value is MISSING or want is None:
        return []
    got = json_type(value)
    if got in want or (got == "number" and "integer" in want and float(value).is_integer()):
        return []
    import json

    shown = json.dumps(value, default=repr)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    msg = (f"{name}={shown} is {_a(got)}; {target.id} "
           f"takes {' or '.join(map(_a, sorted(want)))} here")
    return [_emit(ctx, rule, name, msg + ".")]


def _a(word: str) -> str:
    """`an integer`, `a string`."""
    return f"a{'n' if word[:1] in ('a', 'e', 'i', 'o', 'u') else ''} {word}"


def _matches(rule: ParamRule, fam: Family | None) -> bool:
    for m in rule.match:
        if m == "*":
            return True
        if fam is None:
            continue
        if m.startswith("trait:") and m[6:] in fam.traits:
            return True
        if m == fam.key:
            return True
    return False


def _in_models(ctx: Ctx, target: Resolved, models: tuple[str, ...]) -> bool:
    model = target.model
    ids = {target.id}
    while model is not None and model.base and model.base not in ids:
        ids.add(model.base)
        model = ctx.catalog.models.get(model.base)
    return bool(ids & set(models))


def _emit(ctx: Ctx, rule: ParamRule, name: str | None, message: str, *,
          code: str | None = None, severity: Severity | None = None,
          strong: bool = True) -> Finding:
    sev = severity or (Severity(rule.severity) if rule.severity else None)
    text = f"{message.rstrip('.')} ({rule.hint})." if rule.hint else message
    return finding(code or rule.code, text,
                   location=ctx.param_location(name) if name else ctx.location(),
                   sources=(rule.source.url,), severity=sev,
                   strong=strong and rule.source.strong)


def _show(values: Any) -> str:
    return ", ".join(str(v) for v in values)


def _one_of(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None) -> list[Finding]:
    value = ctx.param(name) if name else MISSING
    values = rule.opts.get("values", [])
    if name is None or value is None or _hashable(value) in values:
        return []
    hints: Mapping[str, str] = rule.opts.get("value_hints", {})
    extra = f"; {hints[value]}" if isinstance(value, str) and value in hints else ""
    msg = f"{name}={value!r} is not accepted by {target.id}; allowed: {_show(values)}{extra}."
    return [_emit(ctx, rule, name, msg)]


def _hashable(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) else repr(value)


def _unsupported(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None) -> list[Finding]:
    if name is None:
        return []
    value = ctx.param(name)
    if value is None or _hashable(value) in rule.opts.get("allow_values", []):
        return []
    unless = rule.opts.get("unless_param", [])
    if unless:
        present = [ctx.param(p) for p in unless if ctx.has(p)]
        if any(v in rule.opts.get("unless_values", []) for v in present):
            return []
    msg = f"{target.id} does not accept {name}"
    if ctx.kind in ("chat", "responses"):
        msg += f" on {ctx.endpoint}"
    return [_emit(ctx, rule, name, msg + ".")]


def _renamed(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None) -> list[Finding]:
    if name is None or ctx.param(name) is None:
        return []
    to = rule.opts.get("to", "")
    subject = target.id if rule.match != ("*",) else ctx.endpoint
    msg = f"{subject} does not accept {name}; use {to} instead."
    return [_emit(ctx, rule, name, msg)]


def _range(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None) -> list[Finding]:
    value = ctx.param(name) if name else None
    if name is None or not isinstance(value, (int, float)) or isinstance(value, bool):
        return []
    lo, hi = rule.opts.get("min"), rule.opts.get("max")
    if (lo is None or value >= lo) and (hi is None or value <= hi):
        return []
    msg = f"{name}={value} is outside {lo}..{hi} for {target.id}."
    return [_emit(ctx, rule, name, msg)]


def _size_fixed(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None) -> list[Finding]:
    value = ctx.param(name) if name else None
    values = rule.opts.get("values", [])
    if name is None or value is None or value in values:
        return []
    msg = f"size {value!r} is not a {target.id} size; allowed: {_show(values)}."
    return [_emit(ctx, rule, name, msg)]


def _size_flex(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None) -> list[Finding]:
    value = ctx.param(name) if name else None
    o = rule.opts
    if name is None or value is None or value in o.get("allow", []):
        return []
    m = _SIZE.match(value) if isinstance(value, str) else None
    if m is None:
        allow = "".join(f" or {a}" for a in o.get("allow", []))
        msg = f"size {value!r} is not WIDTHxHEIGHT{allow} (for {target.id})."
        return [_emit(ctx, rule, name, msg)]
    w, h = int(m[1]), int(m[2])
    long, short, px = max(w, h), min(w, h), w * h
    problems = []
    mult = o.get("multiple")
    if short == 0:
        problems.append("both edges must be at least 1 pixel")
    elif mult and (w % mult or h % mult):
        bad = [str(e) for e in dict.fromkeys((w, h)) if e % mult]
        problems.append(f"both edges must be multiples of {mult} ({' and '.join(bad)} "
                        f"{'is' if len(bad) == 1 else 'are'} not)")
    if short and o.get("max_ratio") and long / short > o["max_ratio"]:
        problems.append(f"long:short must be at most {o['max_ratio']}:1")
    if o.get("max_edge") and long > o["max_edge"]:
        problems.append(f"the long edge must be at most {o['max_edge']}")
    lo, hi = o.get("min_pixels"), o.get("max_pixels")
    if (lo and px < lo) or (hi and px > hi):
        problems.append(f"total pixels must be within {lo:,}..{hi:,} (got {px:,})")
    if problems:
        msg = f"size {value!r} is invalid for {target.id}: {'; '.join(problems)}."
        return [_emit(ctx, rule, name, msg)]
    exp = o.get("experimental_above")
    if exp and px > exp:
        msg = (f"size {value!r} has {px:,} pixels, more than {exp:,}: experimental for "
               f"{target.id}; expect slower or failed requests.")
        return [_emit(ctx, rule, name, msg, code="MM302", severity=Severity.WARNING)]
    return []


def _requires(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None) -> list[Finding]:
    value = ctx.param(name) if name else None
    when = rule.opts.get("when")
    if name is None or value is None or (when and _hashable(value) not in when):
        return []
    other = rule.opts["other"]
    if not ctx.has(other) and ctx.call.unknown_params:
        return []
    got = ctx.param(other) if ctx.has(other) else rule.opts.get("other_default")
    allowed = rule.opts.get("other_values", [])
    if got in allowed:
        return []
    shown = f"{got!r}" + ("" if ctx.has(other) else " (the default)")
    what = f"{name}={value!r}" if when else name
    msg = f"{what} needs {other} in {_show(allowed)}; got {shown}."
    return [_emit(ctx, rule, name, msg)]


def _value_status(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None) -> list[Finding]:
    value = ctx.param(name) if name else None
    if name is None or value != rule.opts.get("value"):
        return []
    dated = [s for s in rule.status if s.since <= ctx.as_of]
    if not dated:
        return []
    dated.sort(key=lambda s: (int(s.source.rank), -s.since.toordinal()))
    best = dated[0]
    newer = [s for s in dated[1:] if s.since > best.since and s.state != best.state]
    msg = _status_message(name, value, target.id, best, newer)
    if best.state == "unsupported":
        return [_emit(ctx, rule, name, msg, strong=best.source.strong)]
    if best.state == "preview":
        return [_emit(ctx, rule, name, msg, severity=Severity.WARNING)]
    return []


def _status_message(name: str, value: Any, model_id: str, best: ValueStatus,
                    newer: list[ValueStatus]) -> str:
    state = {"unsupported": "is not supported", "preview": "is a preview"}[best.state]
    msg = (f"{name}={value!r} {state} for {model_id} as of {best.since} "
           f"(source: {best.source.url}): {best.note}.")
    for s in newer:
        msg += (f" A later claim ({s.since}, {s.source.url}) says {s.state}: {s.note}; "
                f"it ranks lower, so it is not the verdict.")
    return msg


def _audio_required(ctx: Ctx, rule: ParamRule, target: Resolved, name: str | None) -> list[Finding]:
    modalities = ctx.param("modalities")
    if isinstance(modalities, (list, tuple)) and "audio" in modalities:
        return []
    messages = ctx.param("messages")
    if _has_input_audio(messages):
        return []
    if modalities is MISSING and ctx.call.unknown_params:
        return []
    known = isinstance(messages, (list, tuple))
    msg = (f"{target.id} needs audio in or out, but modalities has no 'audio'"
           + (" and the messages carry no input audio." if known else
              "; unless the messages carry input audio, the API answers 400."))
    return [_emit(ctx, rule, "modalities" if modalities is not MISSING else None, msg,
                  strong=known)]


def _has_input_audio(messages: Any) -> bool:
    if not isinstance(messages, (list, tuple)):
        return False
    for message in messages:
        content = message.get("content") if isinstance(message, Mapping) else None
        if isinstance(content, (list, tuple)) and any(
                isinstance(p, Mapping) and p.get("type") == "input_audio" for p in content):
            return True
    return False


Check = Callable[[Ctx, ParamRule, Resolved, "str | None"], list[Finding]]

CHECKS: Mapping[str, Check] = {
    "one_of": _one_of, "unsupported": _unsupported, "renamed": _renamed, "range": _range,
    "size_flex": _size_flex, "size_fixed": _size_fixed, "requires": _requires,
    "value_status": _value_status, "audio_required": _audio_required,
}
"""check name (params.toml `check`) -> interpreter. data.CHECKS must list the same names."""
QUIET_WHEN_ABSENT = frozenset(CHECKS) - {"audio_required"}
"""Checks that find nothing when none of the rule's parameters is in the call, whatever else
is (run_rules skips them then; tests/test_validate_rules.py holds each to it)."""
