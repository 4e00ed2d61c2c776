"""Settle the model a fix writes: a fix never proposes a model that itself draws a finding.

A label's fix (`gpt-4o-latest` -> `gpt-4o`), a typo's twin and a lifecycle replacement name
a model from the catalog, but that model may itself be deprecated, shut down, a rolling
alias, not served by the call's endpoint, or refuse one of the call's parameters as of the
check date. Each such fix is judged again with its target in the call (the same rules, the
same date): a target that draws a finding the call did not already have is replaced by its
catalog successor (a deprecated or shut-down model naming exactly one replacement, followed
to the end of the chain) or, for a label, by the label's other API IDs in the catalog's
order; when nothing settles, the finding keeps its message and offers no fix. A fix that
ends at another model than its data named is unsafe (another model is a behaviour change).

Fixes that keep the model (a provider prefix removed) are left as they are, and so is a
respelling of the call's own model (`GPT-4o` -> `gpt-4o`) whose ID is only deprecated: the
string fails now and the ID works, so the fix stays safe, and MM402 then says the rest with
its own fix (a model change, which a spelling fix must not make).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from modelmap.findings import Finding, Fix, Location
from modelmap.normalize import strip_provider
from modelmap.record import replace
from modelmap.resolve import Resolution, resolve
from modelmap.rules import replace_fix
from modelmap.status import status
from modelmap.validate.context import Ctx, make_ctx

Judge = Callable[[Ctx], list[Finding]]

CHAIN = 8
"""Successor links followed at most (the catalog's chains are short; this bounds a loop)."""


def settle_fixes(ctx: Ctx, findings: list[Finding], judge: Judge) -> list[Finding]:
    """`findings` with every model-replacing fix settled (see the module doc). `judge` must
    not settle fixes itself (it judges candidates, whose own fixes do not matter)."""
    span = ctx.call.model_span
    if span is None or not any(_target(f.fix, ctx) for f in findings):
        return findings
    model_at = ctx.model_location()
    baseline = {_key(f) for f in findings if f.location != model_at}
    out = []
    for f in findings:
        target = _target(f.fix, ctx)
        if target is not None:
            assert f.fix is not None
            res = _resolution(ctx)
            chosen, tried = settle(ctx, _candidates(res, target), judge, baseline)
            if chosen != target and _respelt(res, target, tried):
                # The same model, spelt right: the string fails now, the ID works; that the
                # ID is deprecated is MM402's to say (with its own fix) once it is written.
                out.append(replace(f, message=f"{f.message} ({target} is deprecated: once it "
                                              f"is written, MM402 offers its replacement.)"))
                continue
            if chosen is None:  # what each candidate the data names would draw instead
                why = "; ".join(f"{cand} {'itself ' if k == 0 else ''}draws {_named(drew)}"
                                for k, (cand, drew) in enumerate(tried))
                f = replace(f, message=f"{f.message} No fix offered: {why} on this call.",
                            fix=None)
            elif chosen != target:  # the headline names the target: say why the fix differs
                f = replace(f, message=f"{f.message} The fix writes {chosen}: {target} itself "
                                       f"draws {_named(tried[0][1])} on this call.",
                            fix=replace_fix("unsafe", f"Replace with '{chosen}' (another model)",
                                            span, chosen))
        out.append(f)
    return out


def settle(ctx: Ctx, candidates: Sequence[str], judge: Judge,
           baseline: set[tuple[str, Location | None]] | None = None
           ) -> tuple[str | None, list[tuple[str, list[Finding]]]]:
    """The first candidate (or a successor of it) that draws no finding on this call as of
    the check date beyond the `baseline` ones (rule, location) the call has anyway, and what
    each candidate tried before it drew (candidate, findings), in order."""
    known = baseline or set()
    tried: list[tuple[str, list[Finding]]] = []
    for first in candidates:
        seen: set[str] = set()
        cand: str | None = first
        while cand is not None and cand not in seen and len(seen) < CHAIN:
            seen.add(cand)
            sub = make_ctx(ctx.catalog, replace(ctx.call, model=cand), ctx.as_of)
            here = sub.model_location()
            drew = [f for f in judge(sub) if f.location == here or _key(f) not in known]
            if not drew:
                return cand, tried
            if cand == first:
                tried.append((first, drew))
            nxt = status(ctx.catalog, cand, ctx.as_of).replacement
            cand = nxt[0] if len(nxt) == 1 else None
    return None, tried


def _resolution(ctx: Ctx) -> Resolution | None:
    """What the call's model string is (None: not a string)."""
    model = ctx.call.model
    return resolve(ctx.catalog, model.strip()) if isinstance(model, str) else None


def _respelt(res: Resolution | None, target: str,
             tried: list[tuple[str, list[Finding]]]) -> bool:
    """Is the fix a respelling of the call's own model (a display name or the ID with other
    case or separators, resolving to `target`) whose target draws only a deprecation?"""
    if res is None or not tried or tried[0][0] != target:
        return False
    return res.kind == "display-name" and res.id == target and all(
        d.rule == "MM402" for d in tried[0][1])


def _named(drew: list[Finding]) -> str:
    """The first finding a fix's target draws, by rule and first sentence (a label's fix that
    does not settle would otherwise hide what the call has once the label is fixed: a size
    gpt-image-2 refuses)."""
    if not drew:
        return "a finding"
    first = drew[0].message.split(". ", 1)[0].rstrip(".")
    return f"{drew[0].rule} ({first})"


def _key(f: Finding) -> tuple[str, Location | None]:
    return f.rule, f.location


def _target(fix: Fix | None, ctx: Ctx) -> str | None:
    """The model a fix writes over the call's model string (None: not such a fix, or one
    that keeps the model)."""
    span = ctx.call.model_span
    if fix is None or span is None or len(fix.edits) != 1:
        return None
    edit = fix.edits[0]
    if (edit.line, edit.column, edit.end_line, edit.end_column) != (
            span.line, span.column, span.end_line, span.end_column):
        return None
    model = ctx.call.model if isinstance(ctx.call.model, str) else ""
    if strip_provider(model.strip())[1] == strip_provider(edit.replacement)[1]:
        return None
    return edit.replacement


def _candidates(res: Resolution | None, target: str) -> list[str]:
    """The fix's target, then (for a label) the label's other API IDs."""
    out = [target]
    label = res.label if res is not None else None
    if label is not None:
        out += [i for i in label.api_ids if i not in out]
    return out
