"""The project's own model policy: MM701 model-not-allowed, MM702 snapshot-pin-missing.

Pure: a call, the catalog and the policy in, findings out. Both rules are quiet unless the
project's config sets them up (`[tool.modelmap.policy]`: allowed-models, denied-models,
require-snapshot). A deny list wins over the allow list.

When the catalog itself carries the lists (a catalog overlay, docs/overlay.md), validate()
applies them through `listed()`, so `check`, `validate` and the runtime guard agree;
check_policy() then leaves those lists to validate and adds only what differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

from modelmap.catalog.model import Catalog, Model
from modelmap.check.config import Policy
from modelmap.findings import Finding, Fix, Location
from modelmap.normalize import strip_provider
from modelmap.rules import finding, replace_fix
from modelmap.validate.call import Call


def check_policy(catalog: Catalog, call: Call, policy: Policy) -> list[Finding]:
    """Policy findings for one call (model strings only; unresolved models are skipped).

    MM701 judges only model IDs the catalog knows: a label or a typo is already reported once
    (MM101/MM102, with the ID to use), and a second finding on the same string is noise."""
    if not call.model:
        return []
    model, where = _model_and_place(call.model, call)
    out: list[Finding] = []
    if (policy.allowed_models, policy.denied_models) != (catalog.allowed_models,
                                                         catalog.denied_models):
        out += _lists(catalog, call, model, where, policy.allowed_models, policy.denied_models)
    entry = catalog.models.get(model)
    if entry is not None and _must_pin(entry, policy.require_snapshot):
        snaps = snapshots_of(catalog, entry)
        if snaps:
            newest = snaps[-1]
            fix = replace_fix("unsafe", f"pin '{newest}'", call.model_span,
                              _quoted_like(call.model, newest))
            others = f" (known: {', '.join(snaps)})" if len(snaps) > 1 else ""
            out.append(finding(
                "MM702",
                f"'{call.model}' moves to new snapshots over time; this project requires a "
                f"dated pin such as '{newest}'{others}", location=where, fix=fix))
    return out


def listed(catalog: Catalog, call: Call) -> list[Finding]:
    """MM701 for the catalog overlay's allow and deny lists (called by validate())."""
    if not call.model or (catalog.allowed_models is None and not catalog.denied_models):
        return []
    model, where = _model_and_place(call.model, call)
    return _lists(catalog, call, model, where, catalog.allowed_models, catalog.denied_models)


def _model_and_place(model: str, call: Call) -> tuple[str, Location | None]:
    """The model without an `openai/` prefix, and where its string sits (else the call)."""
    provider, bare = strip_provider(model)
    where = call.location
    if call.model_span is not None and where is not None:
        span = call.model_span
        where = type(where)(where.path, span.line, span.column, span.end_line, span.end_column)
    return (bare if provider == "openai" else model), where


def _lists(catalog: Catalog, call: Call, model: str, where: Location | None,
           allowed: tuple[str, ...] | None, denied: tuple[str, ...]) -> list[Finding]:
    if model not in catalog.models and not model.startswith("ft:"):
        return []  # a label or a typo: MM101/MM102 already name it, once
    hit = [pat for pat in denied if _allowed(catalog, model, (pat,))]
    if hit:
        return [finding("MM701", f"'{call.model}' is on this project's denied-models list "
                                 f"({', '.join(hit)})", location=where)]
    if allowed is not None and not _allowed(catalog, model, allowed):
        shown = ", ".join(allowed) or "(empty list)"
        return [finding("MM701", f"'{call.model}' is not on this project's allowed-models "
                                 f"list ({shown})", location=where)]
    return []
def fix_allowed(catalog: Catalog, call: Call, fix: Fix | None, policy: Policy) -> bool:
    """False when the fix would write a model into the call that the project's allow list
    does not name (a fix must never lead out of the project's policy)."""
    span = call.model_span
    if fix is None or policy.allowed_models is None or span is None:
        return True
    for e in fix.edits:
        if (e.line, e.column) == (span.line, span.column):
            provider, bare = strip_provider(e.replacement)
            if not _allowed(catalog, bare if provider == "openai" else e.replacement,
                            policy.allowed_models):
                return False
    return True


def snapshots_of(catalog: Catalog, model: Model) -> list[str]:
    """Dated snapshots of a model (for an alias: of the model it points to), oldest first."""
    bases = {model.id}
    if model.kind == "alias" and model.base:
        bases.add(model.base)
    return sorted(m.id for m in catalog.models.values()
                  if m.kind == "snapshot" and m.base in bases and not m.unsupported)


def _allowed(catalog: Catalog, model: str, patterns: Iterable[str]) -> bool:
    names = [model]
    entry = catalog.models.get(model)
    if entry is not None and entry.kind == "snapshot" and entry.base:
        names.append(entry.base)
    return any(fnmatchcase(name, pat) for name in names for pat in patterns)


def _must_pin(model: Model, rule: bool | tuple[str, ...]) -> bool:
    if model.kind == "snapshot" or model.unsupported:
        return False
    if isinstance(rule, bool):
        return rule
    return any(fnmatchcase(model.id, pat) for pat in rule)


def _quoted_like(original: str, new_id: str) -> str:
    # The span covers the string's content, so the replacement is the bare ID; a provider
    # prefix the original carried is kept.
    provider, _ = strip_provider(original)
    return f"{provider}/{new_id}" if provider == "openai" and "/" in original else (
        f"{provider}:{new_id}" if provider == "openai" else new_id)
