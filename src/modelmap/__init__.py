"""modelmap: the dated, sourced map of OpenAI model routes, and the checks that keep code on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public names load lazily so `modelmap --version` and `import modelmap` stay cheap.
_LAZY = {
    "load_catalog": "modelmap.catalog.load",
    "default_catalog": "modelmap.catalog.load",
    "Catalog": "modelmap.catalog.model",
    "resolve": "modelmap.resolve",
    "Resolution": "modelmap.resolve",
    "status": "modelmap.status",
    "Status": "modelmap.status",
    "ModelmapError": "modelmap.errors",
    "CatalogError": "modelmap.errors",
    "UsageError": "modelmap.errors",
    "RemoteError": "modelmap.errors",
}

__all__ = [
    "Catalog",
    "CatalogError",
    "ModelmapError",
    "RemoteError",
    "Resolution",
    "Status",
    "UsageError",
    "__version__",
    "default_catalog",
    "load_catalog",
    "resolve",
    "status",
]

if TYPE_CHECKING:
    from modelmap.catalog.load import default_catalog, load_catalog
    from modelmap.catalog.model import Catalog
    from modelmap.errors import CatalogError, ModelmapError, RemoteError, UsageError
    from modelmap.resolve import Resolution, resolve
    from modelmap.status import Status, status


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'modelmap' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
