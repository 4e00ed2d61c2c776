"""Typed views of params.toml and families.toml (loaded raw into Catalog.params by the loader).

Parsing validates every entry (errors name file, entry and field) and is cached per catalog
data version, so `validate` stays cheap when a scan calls it thousands of times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from modelmap.catalog.fields import SOURCE_FIELDS, Entry
from modelmap.catalog.model import Catalog, Source
from modelmap.errors import CatalogError
from modelmap.record import field, record

TYPE_CHECKING = False  # not `import typing` at run time: ~3 ms of a one-shot command
if TYPE_CHECKING:
    from typing import Any

CHECKS = ("one_of", "unsupported", "renamed", "range", "size_flex", "size_fixed", "requires",
          "value_status", "audio_required")
STATES = ("supported", "preview", "unsupported")


@record
class Family:
    """A parameter family: member IDs and shared traits."""

    key: str
    members: tuple[str, ...]
    traits: frozenset[str]
    source: Source


@record
class ValueStatus:
    """A dated support state of one parameter value."""

    since: dt.date
    state: str
    """supported | preview | unsupported."""
    note: str
    source: Source


@record
class ParamRule:
    """One [[rule]] of params.toml."""

    id: str
    code: str
    match: tuple[str, ...]
    """Family keys, `trait:<name>`, or `*`."""
    models: tuple[str, ...]
    """Optional narrowing to these base IDs within the matched families."""
    kinds: tuple[str, ...]
    params: tuple[str, ...]
    check: str
    opts: Mapping[str, Any]
    """Check-specific options (values, min, max, multiple, ...)."""
    severity: str | None
    hint: str
    source: Source
    status: tuple[ValueStatus, ...] = ()


@record
class Interface:
    """A whole interface (request kind) with a dated or undated retirement."""

    kind: str
    name: str
    shutdown_date: dt.date | None
    instead: str
    note: str
    source: Source


@record
class CodexForm:
    """A Codex config form and the release that removed it."""

    key: str
    deprecated_on: dt.date | None
    removed_on: dt.date
    release: str
    source: Source


@record
class RuleData:
    """Everything validate reads from the two files."""

    families: Mapping[str, Family]
    family_of: Mapping[str, str]
    """Member ID -> family key."""
    rules: tuple[ParamRule, ...]
    interfaces: Mapping[str, Interface]
    codex_forms: Mapping[str, CodexForm]
    codex: Mapping[str, Any]
    route: Mapping[str, Any]
    route_source: Source | None = None
    codex_source: Source | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


_CACHE: dict[tuple[str, int], RuleData] = {}

_RULE_FIELDS = {
    "id", "code", "match", "models", "kinds", "params", "check", "severity", "hint", "status",
    "values", "value_hints", "allow_values", "unless_param", "unless_values", "to", "min", "max",
    "multiple", "max_ratio", "max_edge", "min_pixels", "max_pixels", "experimental_above",
    "allow", "when", "other", "other_values", "other_default", "value", *SOURCE_FIELDS,
}


def rule_data(catalog: Catalog) -> RuleData:
    """The parsed data of `catalog` (cached by data version and identity)."""
    key = (catalog.meta.data_version, id(catalog.params))
    cached = _CACHE.get(key)
    if cached is None:
        cached = parse(catalog.params)
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = cached
    return cached


def parse(raw: Mapping[str, Any]) -> RuleData:
    """Validate and type the raw TOML tables; CatalogError on the first bad field."""
    fam_raw = raw.get("families", {}).get("family", {})
    families: dict[str, Family] = {}
    family_of: dict[str, str] = {}
    if not isinstance(fam_raw, dict):
        raise CatalogError("families.toml", "[family]", "family", "must be a table of families")
    for key, body in fam_raw.items():
        if not isinstance(body, dict):
            raise CatalogError("families.toml", f"family.{key}", key, "must be a table")
        e = Entry("families.toml", f"family.{key}", body)
        e.reject_unknown({"members", "traits", *SOURCE_FIELDS})
        fam = Family(key, e.texts("members"), frozenset(e.texts("traits")), e.source())
        for member in fam.members:
            if member in family_of:
                raise e.fail("members", f"{member!r} is already in family {family_of[member]!r}")
            family_of[member] = key
        families[key] = fam
    params = raw.get("params", {})
    rules = tuple(_rule(i, item, families) for i, item in enumerate(params.get("rule", [])))
    interfaces: dict[str, Interface] = {}
    for i, item in enumerate(params.get("interface", [])):
        e = Entry("params.toml", f"interface[{i}]", item)
        e.reject_unknown({"kind", "name", "shutdown_date", "instead", "note", *SOURCE_FIELDS})
        interfaces[e.text("kind")] = Interface(
            kind=e.text("kind"), name=e.text("name"), shutdown_date=e.opt_day("shutdown_date"),
            instead=e.text("instead", ""), note=e.text("note", ""), source=e.source())
    codex = dict(params.get("codex", {}))
    forms: dict[str, CodexForm] = {}
    for i, item in enumerate(codex.pop("form", [])):
        e = Entry("params.toml", f"codex.form[{i}]", item)
        e.reject_unknown({"key", "deprecated_on", "removed_on", "release", *SOURCE_FIELDS})
        forms[e.text("key")] = CodexForm(e.text("key"), e.opt_day("deprecated_on"),
                                         e.day("removed_on"), e.text("release"), e.source())
    route = dict(params.get("route", {}))
    route_src = Entry("params.toml", "[route]", route).source() if route else None
    codex_src = Entry("params.toml", "[codex]", codex).source() if codex else None
    return RuleData(families=families, family_of=family_of, rules=rules, interfaces=interfaces,
                    codex_forms=forms, codex=codex, route=route, route_source=route_src,
                    codex_source=codex_src)


def _rule(i: int, item: Any, families: Mapping[str, Family]) -> ParamRule:
    if not isinstance(item, dict):
        raise CatalogError("params.toml", f"rule[{i}]", "rule", "must be a table")
    label = f"rule[{i}]" + (f" ({item['id']})" if isinstance(item.get("id"), str) else "")
    e = Entry("params.toml", label, item)
    e.reject_unknown(_RULE_FIELDS)
    from modelmap.rules import BY_CODE

    code = e.text("code")
    if code not in BY_CODE:
        raise e.fail("code", f"names no rule in RULES: {code!r}")
    check = e.text("check")
    if check not in CHECKS:
        raise e.fail("check", f"must be one of {', '.join(CHECKS)}, got {check!r}")
    match = e.texts("match")
    for m in match:
        if m != "*" and not m.startswith("trait:") and m not in families:
            raise e.fail("match", f"names unknown family {m!r}")
    severity = e.opt_text("severity")
    if severity is not None and severity not in ("info", "warning", "error"):
        raise e.fail("severity", f"must be info, warning or error, got {severity!r}")
    src = e.source()
    status = []
    for j, st in enumerate(e.tables("status")):
        s = Entry(e.file, f"{label}.status[{j}]", st)
        s.reject_unknown({"since", "state", "note", *SOURCE_FIELDS})
        state = s.text("state")
        if state not in STATES:
            raise s.fail("state", f"must be one of {', '.join(STATES)}, got {state!r}")
        status.append(ValueStatus(s.day("since"), state, s.text("note", ""),
                                  s.source(defaults=item) if s.has("source") else src))
    opts = {k: v for k, v in item.items() if k not in {
        "id", "code", "match", "models", "kinds", "params", "check", "severity", "hint",
        "status", *SOURCE_FIELDS}}
    if not e.texts("params"):
        raise e.fail("params", "must name at least one parameter")
    return ParamRule(
        id=e.text("id"), code=code, match=match, models=e.texts("models"), kinds=e.texts("kinds"),
        params=e.texts("params"), check=check, opts=opts, severity=severity,
        hint=e.text("hint", ""), source=src, status=tuple(status))
