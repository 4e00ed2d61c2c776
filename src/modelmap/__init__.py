"""modelmap: the dated, sourced map of OpenAI model routes, and the checks that keep code on it."""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing import ...`: typing costs ~7 ms of every start-up
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

# Public names load lazily so `modelmap --version` and `import modelmap` stay cheap.
# Functions that share a name with a submodule (resolve, status, validate) are imported from
# their module (`from modelmap.resolve import resolve`): a package attribute would be replaced by
# the submodule as soon as it is imported.
_LAZY = {
    "load_catalog": "modelmap.catalog.load",
    "default_catalog": "modelmap.catalog.load",
    "Catalog": "modelmap.catalog.model",
    "Resolution": "modelmap.resolve",
    "Status": "modelmap.status",
    "RouteAnswer": "modelmap.route",
    "Diagnosis": "modelmap.explain",
    "ModelmapError": "modelmap.errors",
    "CatalogError": "modelmap.errors",
    "UsageError": "modelmap.errors",
    "RemoteError": "modelmap.errors",
    "Call": "modelmap.validate.call",
    "Finding": "modelmap.findings",
    "Severity": "modelmap.findings",
    "RULES": "modelmap.rules",
    "Rule": "modelmap.rules",
    # modelmap.guard is a callable module, so the name survives the submodule import.
    "guard": "modelmap.guard",
    "GuardError": "modelmap.guard",
    "ModelmapWarning": "modelmap.guard",
}

__all__ = [
    "RULES",
    "Call",
    "Catalog",
    "CatalogError",
    "Diagnosis",
    "Finding",
    "GuardError",
    "ModelmapError",
    "ModelmapWarning",
    "RemoteError",
    "Resolution",
    "RouteAnswer",
    "Rule",
    "Severity",
    "Status",
    "UsageError",
    "__version__",
    "default_catalog",
    "guard",
    "load_catalog",
]

if TYPE_CHECKING:
    from modelmap.catalog.load import default_catalog, load_catalog
    from modelmap.catalog.model import Catalog
    from modelmap.errors import CatalogError, ModelmapError, RemoteError, UsageError
    from modelmap.explain import Diagnosis
    from modelmap.findings import Finding, Severity
    from modelmap.guard import GuardError, ModelmapWarning, guard
    from modelmap.resolve import Resolution
    from modelmap.route import RouteAnswer
    from modelmap.rules import RULES, Rule
    from modelmap.status import Status
    from modelmap.validate.call import Call


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'modelmap' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
