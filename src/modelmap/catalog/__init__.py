"""The catalog: curated data + SDK layer, loaded into an immutable, indexed Catalog.

Import from the submodules (`modelmap.catalog.load`, `modelmap.catalog.model`); this package
module stays empty so that importing a submodule costs only what it needs.
"""
