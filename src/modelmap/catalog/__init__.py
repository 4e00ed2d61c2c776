"""The catalog: curated data + SDK layer, loaded into an immutable, indexed Catalog."""

from modelmap.catalog.load import default_catalog, load_catalog
from modelmap.catalog.model import Catalog, Conflict, Fact, Label, Lifecycle, Model, Source

__all__ = [
    "Catalog", "Conflict", "Fact", "Label", "Lifecycle", "Model", "Source", "default_catalog",
    "load_catalog",
]
