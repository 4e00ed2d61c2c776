"""validate(catalog, call, as_of): the one pure check behind the CLI, the checker and the guard.

Rules live by concern: model.py (names, surfaces, lifecycle), params.py (data-driven parameter
rules from params.toml), route.py (base URLs, prefixes, SDK shapes, route advice), codex.py
(Codex config.toml). Each returns findings built from the RULES table (modelmap.rules).
"""

from __future__ import annotations

import datetime as dt

from modelmap.catalog.model import Catalog
from modelmap.findings import Finding
from modelmap.validate.call import Call, Span
from modelmap.validate.endpoints import ENDPOINTS, HTTP_PATHS, KINDS


def validate(catalog: Catalog, call: Call, as_of: dt.date) -> list[Finding]:
    """Every finding for one call, as of a date; pure (no I/O, no clock)."""
    from modelmap.validate.engine import run

    found = run(catalog, call, as_of)
    if catalog.allowed_models is not None or catalog.denied_models:
        from modelmap.check.policy import listed  # a catalog overlay's allow/deny lists

        found += listed(catalog, call)
    return found


__all__ = ["ENDPOINTS", "HTTP_PATHS", "KINDS", "Call", "Span", "validate"]
