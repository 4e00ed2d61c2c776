"""`modelmap verify --save [PATH]`: the shutdown dates your own GET /v1/models shows, written
into a catalog overlay (docs/overlay.md) as rank-1 lifecycle facts.

One `[[...lifecycle]]` entry per shutdown date, IDs sorted, source `GET <base>/models`,
verified on the run's date. Entries a previous `--save` wrote (their note carries MARK) are
replaced; everything else in the file, comments included, is kept (tomlkit). Null dates and
fine-tunes are not written. The file is rewritten atomically, and only when the text changes,
so running it twice gives the same file. Where the entries go depends on the file: pyproject.toml
`[tool.modelmap.catalog]`, modelmap.toml (or another check config) `[catalog]`, any other file
its top level. The result is read back with the overlay's own validation before it replaces
the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelmap.errors import UsageError

if TYPE_CHECKING:
    from modelmap.catalog.model import Catalog
    from modelmap.verify import RemoteModel

MARK = "written by modelmap verify --save"


def lifecycle_entries(listing: Sequence[RemoteModel], day: dt.date, shown_url: str
                      ) -> list[dict[str, Any]]:
    """The entries to write: one per announced date the listing shows."""
    by_date: dict[dt.date, list[str]] = {}
    for r in listing:
        if r.shutdown_date is not None and not r.id.startswith("ft:"):
            by_date.setdefault(r.shutdown_date, []).append(r.id)
    return [{"ids": sorted(set(ids)), "shutdown_date": when,
             "note": f"GET /v1/models lists this shutdown_date for our key ({MARK})",
             "source": f"GET {shown_url}/models", "verified_on": day, "rank": 1}
            for when, ids in sorted(by_date.items())]


def default_target(start: Path) -> Path:
    """The project config found from `start` upward, else `modelmap.toml` in `start`."""
    from modelmap.check.config import find_config

    return find_config(start) or start / "modelmap.toml"


def save(path: Path, entries: list[dict[str, Any]], catalog: Catalog) -> bool:
    """Write `entries` into the overlay at `path`; True when the file changed."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from modelmap.catalog.overlay import tables

    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        doc = tomlkit.parse(old)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    except TOMLKitError as exc:
        raise UsageError(f"{path}: invalid TOML ({exc})") from None
    if old.strip():
        _, _, prefix = tables(path, doc.unwrap())
    else:
        prefix = "tool.modelmap.catalog." if path.name == "pyproject.toml" else (
            "" if path.suffix == ".toml" and path.name != "modelmap.toml" else "catalog.")
    container: Any = doc
    for key in [k for k in prefix.split(".") if k]:
        if key not in container:
            container[key] = tomlkit.table(is_super_table=True)
        container = container[key]
    aot = container.get("lifecycle")
    if aot is None:
        aot = tomlkit.aot()
        container["lifecycle"] = aot
    for i in reversed(range(len(aot))):
        if MARK in str(aot[i].get("note", "")):
            del aot[i]
    for entry in entries:
        aot.append(tomlkit.item(entry))
    text = tomlkit.dumps(doc)
    if text == old:
        return False
    _write_checked(path, text, catalog)
    return True


def _write_checked(path: Path, text: str, catalog: Catalog) -> None:
    """Validate `text` as this overlay, then write it through a temporary file and rename."""
    import tomllib

    from modelmap.catalog.overlay import parse_overlay

    parse_overlay(path, tomllib.loads(text), catalog.surfaces)
    from modelmap.fswrite import write_atomic

    try:  # an existing overlay keeps its permission bits
        write_atomic(path, text.encode("utf-8"), mkdir=True)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
