"""What every rule module needs to know about one call: kind, surfaces, route, family, spans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlsplit

from modelmap.catalog.model import Catalog, Model
from modelmap.findings import Location
from modelmap.record import record
from modelmap.validate.call import Call, Span
from modelmap.validate.data import Family, RuleData, rule_data
from modelmap.validate.endpoints import ENDPOINTS, canonical, kind_of

TYPE_CHECKING = False  # not `import typing` at run time: ~3 ms of a one-shot command
if TYPE_CHECKING:
    from typing import Any

_MISSING = object()


@record
class Ctx:
    """One call in context. Built once per validate() call."""

    catalog: Catalog
    call: Call
    as_of: dt.date
    data: RuleData
    endpoint: str
    """Canonical endpoint key."""
    kind: str | None
    """Request kind (endpoints.KINDS), None for an unknown endpoint."""
    surfaces: tuple[str, ...]
    """Surfaces the endpoint reaches (empty when unknown or legacy)."""
    first_party: bool
    """True when the request goes to OpenAI's own API (no base URL, or an OpenAI host)."""

    def location(self, span: Span | None = None) -> Location | None:
        """The span's location (in the call's file), else the call's own location."""
        loc = self.call.location
        if span is None:
            return loc
        return Location(path=loc.path if loc else "", line=span.line, column=span.column,
                        end_line=span.end_line, end_column=span.end_column)

    def model_location(self) -> Location | None:
        return self.location(self.call.model_span)

    def param_location(self, name: str) -> Location | None:
        """Location of a parameter value: its own span, its top-level key's, or the call's."""
        spans = self.call.param_spans
        span = spans.get(name) or spans.get(name.split(".", 1)[0])
        return self.location(span)

    def param(self, name: str) -> Any:
        """The value of a (dotted) parameter, or MISSING."""
        return lookup(self.call.params, name)

    def has(self, name: str) -> bool:
        return self.param(name) is not _MISSING

    def family(self, model: Model | None) -> Family | None:
        """The parameter family of a model (snapshots and aliases inherit their base's)."""
        seen: set[str] = set()
        while model is not None and model.id not in seen:
            key = self.data.family_of.get(model.id)
            if key is not None:
                return self.data.families[key]
            seen.add(model.id)
            model = self.catalog.models.get(model.base) if model.base else None
        return None

    def family_by_id(self, model_id: str) -> Family | None:
        model = self.catalog.models.get(model_id)
        if model is not None:
            return self.family(model)
        key = self.data.family_of.get(model_id)
        return self.data.families[key] if key else None


_SERVED: dict[tuple[str, int], frozenset[str]] = {}


def served_surfaces(catalog: Catalog) -> frozenset[str]:
    """Surfaces at least one catalog model lists (cached). A surface no model lists has no
    data to judge a model against."""
    key = (catalog.meta.data_version, id(catalog.models))
    found = _SERVED.get(key)
    if found is None:
        found = frozenset(s for m in catalog.models.values() for s in m.surfaces)
        if len(_SERVED) > 8:
            _SERVED.clear()
        _SERVED[key] = found
    return found


MISSING = _MISSING
"""Sentinel for an absent parameter (None is a real JSON value)."""


def lookup(params: Mapping[str, Any], name: str) -> Any:
    """Walk a dotted name into nested mappings; MISSING when any step is absent."""
    if name in params:
        return params[name]
    if "." not in name:
        return _MISSING  # the common case, without the walk below
    node: Any = params
    for part in name.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def host_of(url: str) -> str:
    """Lower-case host of a URL (accepts a URL without scheme)."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        return (urlsplit(text).hostname or "").lower()
    except ValueError:  # malformed (`http://[`)
        return ""


def is_openai_host(url: str | None, data: RuleData) -> bool:
    """Whether a base URL is OpenAI's own API (None means the SDK default)."""
    if url is None or not url.strip():
        return True
    host = host_of(url)
    for entry in data.route.get("openai_hosts", ["api.openai.com"]):
        if entry.startswith(".") and host.endswith(entry):
            return True
        if host == entry:
            return True
    return False


def make_ctx(catalog: Catalog, call: Call, as_of: dt.date, endpoint: str | None = None,
             kind: str | None = None) -> Ctx:
    """Build the context; `endpoint`/`kind` override what the call says (sub-calls)."""
    key = canonical(endpoint or call.endpoint)
    data = rule_data(catalog)
    k = kind or kind_of(key)
    surfaces = ENDPOINTS.get(key, ())
    if not surfaces and k is not None:
        surfaces = next((ENDPOINTS[e] for e, kk in _kind_keys() if kk == k), ())
    # provider="openai" asserts OpenAI's API whatever the base URL (a test double, a proxy that
    # forwards verbatim); otherwise a base URL off OpenAI's hosts is a foreign server.
    first = call.provider == "openai" or (
        call.provider is None and is_openai_host(call.base_url, data))
    if first and isinstance(call.model, str):
        from modelmap.scan.providers import provider_for_model

        first = provider_for_model(call.model) is None
    return Ctx(catalog=catalog, call=call, as_of=as_of, data=data, endpoint=key, kind=k,
               surfaces=surfaces, first_party=first)


def _kind_keys() -> list[tuple[str, str]]:
    from modelmap.validate.endpoints import KINDS

    return list(KINDS.items())
