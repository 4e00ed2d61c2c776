"""The SDK layer's generator: read the `openai` package's model Literals with `ast`.

- `modelmap.sdk.source`: open a wheel, a folder, or the installed package (never imported).
- `modelmap.sdk.extract`: build the layer dict (schema 1, see modelmap.catalog.sdk_layer).
- `modelmap.sdk.diff`: compare two layers.

This module itself stays light: other commands import it to warn when the installed openai is
newer than the layer the catalog uses.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `import typing`: this module loads on every catalog query

if TYPE_CHECKING:
    from modelmap.catalog.model import Catalog


def installed_openai_version() -> str | None:
    """The version of the `openai` distribution installed here (metadata only, no import)."""
    from importlib import metadata

    try:
        return metadata.version("openai")
    except metadata.PackageNotFoundError:
        return None


def version_key(version: str) -> tuple[tuple[int, ...], int, str]:
    """Order versions: release numbers first, then final > pre-release (`3.54.0` > `3.54.0rc1`)."""
    import re  # not at module level: this module loads on every catalog query

    m = re.match(r"^\s*v?([0-9]{1,18}(?:\.[0-9]{1,18})*)(.*)$", version[:256])
    if not m:
        return ((), 0, version)
    nums = tuple(int(p) for p in m.group(1).split("."))
    while len(nums) > 1 and nums[-1] == 0:
        nums = nums[:-1]
    rest = m.group(2).strip()
    final = rest == "" or rest.startswith((".post", "post", "+"))
    return (nums, 1 if final else 0, rest)


def newer_installed_warning(catalog: Catalog, installed: str | None = None) -> str | None:
    """A one-line warning when the installed openai is newer than the catalog's SDK layer.

    `installed` defaults to installed_openai_version(); None when no openai is installed.
    """
    return layer_warning(catalog.meta.sdk_version, catalog.meta.sdk_origin, installed)


def layer_warning(layer: str | None, origin: str, installed: str | None = None) -> str | None:
    """The same check from a layer's openai version and origin (shipped | user | file)."""
    installed = installed if installed is not None else installed_openai_version()
    if installed is None:
        return None
    if layer is None:
        return (f"openai {installed} is installed but the catalog has no SDK layer: "
                "run `modelmap sync` to read its model IDs and shutdown dates")
    if version_key(installed) > version_key(layer):
        return (f"openai {installed} is installed but the catalog's SDK layer comes from openai "
                f"{layer} ({origin}): run `modelmap sync` to refresh it")
    return None


__all__ = ["installed_openai_version", "layer_warning", "newer_installed_warning", "version_key"]
