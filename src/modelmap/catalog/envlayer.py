"""This environment's SDK layer: the `openai` package importable here, read on demand.

The layer the catalog uses follows the interpreter that runs modelmap, never a file another
environment wrote:

- `MODELMAP_SDK_LAYER=PATH` names a layer file explicitly (origin `file`);
- else, when the `openai` distribution found on this interpreter's `sys.path` is newer than
  the layer shipped inside modelmap, its Literals are read with the project's extractor (no
  import of openai) and the result is cached as JSON (origin `installed`);
- else the shipped layer (origin `shipped`): an older or missing openai never narrows the map.

The cache entry is keyed by (openai version, the resolved package folder, `sys.prefix`, the
extractor's own source), and the entry repeats that key inside, checked on every read: a layer
read in one virtual environment can never be served to another. Entries are plain JSON in
`<cache dir>/sdk-layers/` (MODELMAP_CACHE_DIR moves it); `modelmap sync` rewrites this
environment's entry and shows what changed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from functools import lru_cache

from modelmap.digest import sha256
from modelmap.record import record

TYPE_CHECKING = False  # not `import typing`: ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

CACHE_SCHEMA = 1


@record
class InstalledOpenai:
    """The `openai` distribution this interpreter would import (located, not imported)."""

    version: str
    package_dir: Path
    """The resolved `.../site-packages/openai` folder."""


def installed_openai() -> InstalledOpenai | None:
    """The openai distribution on this interpreter's sys.path, or None (no import of it).

    The same search importlib.metadata makes (the first sys.path entry holding an
    `openai-<version>.dist-info` wins), without its import cost on every CLI start."""
    found = _locate()
    if found is None:
        return None
    from pathlib import Path

    try:
        return InstalledOpenai(version=found[0], package_dir=Path(found[1]).resolve())
    except OSError:
        return None


def installed_version() -> str | None:
    """installed_openai().version, without pathlib (which imports urllib and re): the
    layer choice on a cached start needs only the version."""
    found = _locate()
    if found is None:
        return None
    try:
        os.path.realpath(found[1])
    except OSError:  # installed_openai() says None then (its Path.resolve fails)
        return None
    return found[0]


def _locate() -> tuple[str, str] | None:
    """(version, package folder) of the first openai distribution on sys.path, or None."""
    for entry in sys.path:
        root = entry or "."
        try:
            names = os.listdir(root)
        except OSError:
            continue
        for name in names:
            low = name.lower()
            if not (low.startswith("openai-") and low[7:8].isdigit()
                    and low.endswith((".dist-info", ".egg-info"))):
                continue  # not openai-agents-…, openai_harmony-…
            version = _version_of(os.path.join(root, name), name)
            pkg = os.path.join(root, "openai")
            if version and os.path.isdir(os.path.join(pkg, "types")):
                return version, pkg
            return None
    return None


def _version_of(info: str | Path, name: str) -> str | None:
    """Version from the metadata file (`Version:` header), else from the folder name."""
    for meta in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(info, meta), encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip() or None
                    if not line.strip():
                        break
        except OSError:
            continue
    stem = name.rsplit(".", 1)[0]
    version = stem.split("-", 1)[1] if "-" in stem else ""
    return version.split("-")[0] or None


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A digest of the extractor's source: a changed extractor never reuses an old entry."""
    from pathlib import Path

    from modelmap import __version__

    h = sha256(__version__.encode())
    sdk_dir = Path(__file__).resolve().parent.parent / "sdk"
    for path in sorted(sdk_dir.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def environment_key(inst: InstalledOpenai) -> dict[str, str]:
    """What an entry is valid for; stored in the entry and compared on every read."""
    from pathlib import Path

    return {"openai_version": inst.version, "package_dir": str(inst.package_dir),
            "prefix": str(Path(sys.prefix).resolve()), "extractor": extractor_version()}


def cache_path(inst: InstalledOpenai) -> Path:
    """Where this environment's layer for `inst` is cached."""
    import json

    from modelmap.catalog.cache import cache_dir

    key = json.dumps(environment_key(inst), sort_keys=True)
    digest = sha256(key.encode()).hexdigest()[:20]
    return cache_dir() / "sdk-layers" / f"openai-{inst.version}-{digest}.json"


def read_cached(inst: InstalledOpenai) -> dict[str, Any] | None:
    """The cached layer for `inst` in this environment, or None (absent, foreign, corrupt)."""
    import json

    path = cache_path(inst)
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if (not isinstance(entry, dict) or entry.get("cache_schema") != CACHE_SCHEMA
            or entry.get("environment") != environment_key(inst)
            or not isinstance(entry.get("layer"), dict)):
        return None
    layer: dict[str, Any] = entry["layer"]
    return layer


def extract_installed(inst: InstalledOpenai, today: dt.date) -> dict[str, Any]:
    """Read the installed package's Literals now (raises a ModelmapError when it cannot)."""
    from modelmap.sdk.extract import extract
    from modelmap.sdk.source import open_source

    src = open_source(inst.package_dir)
    try:
        src.version = inst.version
        return extract(src, today, source_label=f"installed openai ({inst.package_dir})")
    finally:
        src.close()


def write_cached(inst: InstalledOpenai, layer: dict[str, Any]) -> Path | None:
    """Store `layer` as this environment's entry (atomically); None when the dir is read-only."""
    import json

    from modelmap.fswrite import write_atomic

    path = cache_path(inst)
    entry = {"cache_schema": CACHE_SCHEMA, "environment": environment_key(inst), "layer": layer}
    try:
        write_atomic(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"), mode=0o600,
                     prefix=".layer-", mkdir=True)
    except OSError:
        return None
    prune(path.parent, keep=path)
    return path


MAX_AGE_DAYS = 90
"""Entries not rewritten for this long are deleted (an environment that still uses one just
reads its openai again, once)."""


def prune(directory: Path, keep: Path, now: float | None = None) -> list[Path]:
    """Delete stale entries and abandoned temporary files; returns what was deleted."""
    import time

    now = time.time() if now is None else now
    doomed = []
    for other in [*directory.glob("openai-*.json"), *directory.glob(".layer-*.tmp")]:
        try:
            old = now - other.stat().st_mtime > (
                MAX_AGE_DAYS * 86400 if other.suffix == ".json" else 86400)
        except OSError:
            continue
        if old and other != keep:
            doomed.append(other)
    for other in doomed:
        other.unlink(missing_ok=True)
    return doomed


def environment_layer(inst: InstalledOpenai, today: dt.date | None = None
                      ) -> tuple[dict[str, Any], Path]:
    """The layer of `inst`: from this environment's cache, else extracted and cached."""
    cached = read_cached(inst)
    if cached is not None:
        return cached, cache_path(inst)
    layer = extract_installed(inst, today or dt.date.today())
    return layer, write_cached(inst, layer) or cache_path(inst)
