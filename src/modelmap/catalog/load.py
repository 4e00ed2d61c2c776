"""Load the curated data and the SDK layer, merge them by precedence, index the result."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from modelmap.catalog.model import (
    Catalog,
    Confidence,
    Conflict,
    Label,
    Lifecycle,
    Meta,
    Model,
    Rank,
    Replacement,
    Source,
)
from modelmap.errors import CatalogError
from modelmap.fsread import stat_input
from modelmap.normalize import normalize

TYPE_CHECKING = False  # not `import typing`: ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    # The parsers (tomllib, field readers) load only on a cache miss: see default_catalog().
    from modelmap.catalog import curated
    from modelmap.catalog.sdk_layer import SdkLayer

    DATA_DIR: Path  # module __getattr__ makes it on first use

_DATA = os.path.join(os.path.dirname(__file__), "data")
"""DATA_DIR as a string: pathlib (with urllib and re) stays unloaded on a cached start."""
SHIPPED_LAYER = "sdk_layer.json"
"""sdk_layer.SHIPPED_NAME, without importing that module on a cached start (a test checks)."""
STALE_AFTER_DAYS = 30
"""Default age of the curated data after which each command says it is old."""


def load_catalog(data_dir: Path | None = None, sdk_layer: Path | bool | None = None,
                 overlays: Sequence[Path] = ()) -> Catalog:
    """Load and validate the catalog.

    `sdk_layer`: None picks this environment's layer (modelmap.catalog.envlayer); False loads
    none; a path loads that file. `overlays`: overlay files merged after the shipped data
    (modelmap.catalog.overlay; default_catalog() finds them like the check config).
    """
    from pathlib import Path

    if data_dir is None:
        data_dir = Path(_data_dir())
    from modelmap.catalog.sdk_layer import SdkLayer, choose_layer

    if sdk_layer is False:
        layer = None
    elif isinstance(sdk_layer, Path):
        layer = SdkLayer.read(sdk_layer, origin="file")
    else:
        layer = choose_layer(data_dir)
    return _build(data_dir, layer, tuple(overlays))


def default_catalog() -> Catalog:
    """The catalog most callers want: this environment's SDK layer, the overlays found from
    the working directory; loaded once per process, compiled form cached on disk."""
    from modelmap.catalog.overlay import discover

    return catalog_for(discover())


def catalog_for(overlays: tuple[Path, ...]) -> Catalog:
    """default_catalog() with these overlay files (cached per process and on disk; an edited
    overlay file is read again)."""
    stamps = []
    for path in overlays:
        stat_input(path)
        try:
            st = path.stat()
            stamps.append((st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((0, -1))
    return _catalog_for(overlays, tuple(stamps))


@lru_cache(maxsize=4)
def _catalog_for(overlays: tuple[Path, ...], stamps: tuple[tuple[int, int], ...]) -> Catalog:
    from modelmap.catalog.cache import cached, input_key

    folder = _data_dir()
    shipped = os.path.join(folder, SHIPPED_LAYER)
    fast = _shipped_entry(folder, shipped, overlays)
    if fast is not None:
        return fast
    from pathlib import Path

    from modelmap.catalog.sdk_layer import choose_layer

    data_dir = Path(folder)
    layer = choose_layer(data_dir)
    origin = layer.origin if layer is not None else "none"
    # the shipped layer's path as _shipped_entry spells it, so both find the same entry
    extra = [shipped] if origin == "shipped" else [layer.path] if layer and layer.path else []
    key = input_key(folder, [*extra, *overlays]) + "-" + origin

    def build() -> Catalog:
        return _build(data_dir, layer, overlays)

    return cached(key, build)


def _data_dir() -> str | Path:
    """$MODELMAP_CATALOG_DIR, else DATA_DIR (a test may set it), else the shipped data."""
    override = os.environ.get("MODELMAP_CATALOG_DIR")
    if override:
        return override
    patched: str | Path = globals().get("DATA_DIR", _DATA)
    return patched


def __getattr__(name: str) -> Any:
    if name == "DATA_DIR":  # a Path made on first use (pathlib stays off a cached start)
        from pathlib import Path

        return Path(_DATA)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _shipped_entry(folder: str | Path, shipped: str, overlays: tuple[Path, ...]
                   ) -> Catalog | None:
    """The stored catalog built on the shipped SDK layer (the file `shipped` in the data
    folder), when that is the layer choose_layer would pick, without parsing the layer's JSON:
    the entry's key covers the shipped file, and its meta holds that file's openai version to
    compare with the installed one. None when there is no such entry or another layer applies
    (the caller then decides as before)."""
    from modelmap.catalog.cache import input_key, lookup

    if os.environ.get("MODELMAP_SDK_LAYER") or not os.path.exists(shipped):
        return None

    def build() -> Catalog:
        from pathlib import Path

        from modelmap.catalog.sdk_layer import choose_layer

        return _build(Path(folder), choose_layer(Path(folder)), overlays)

    found = lookup(input_key(folder, [shipped, *overlays]) + "-shipped", build)
    if found is None or found.meta.sdk_origin != "shipped" or found.meta.sdk_version is None:
        return None
    from modelmap.catalog.envlayer import installed_version

    version = installed_version()
    if version is None or version == found.meta.sdk_version:
        return found
    from modelmap.sdk import version_key

    return found if version_key(version) <= version_key(found.meta.sdk_version) else None


def _clear() -> None:
    _catalog_for.cache_clear()


default_catalog.cache_clear = _clear  # type: ignore[attr-defined]


def _build(data_dir: Path, layer: SdkLayer | None, overlay_paths: tuple[Path, ...] = ()
           ) -> Catalog:
    from modelmap.catalog import curated
    from modelmap.catalog.overlay import merge_all, read_overlay, settings

    meta_raw = curated.read_toml(data_dir / "meta.toml")
    ttl = meta_raw.get("ttl_days", {})
    literal_surfaces = meta_raw.get("sdk_literals", {})
    if not isinstance(ttl, dict) or not all(isinstance(v, int) for v in ttl.values()):
        raise CatalogError("meta.toml", "[ttl_days]", "ttl_days", "must map kind -> days")
    surfaces = curated.parse_surfaces(data_dir / "surfaces.toml")
    for lit, keys in literal_surfaces.items():
        for key in keys:
            if key not in surfaces:
                raise CatalogError("meta.toml", "[sdk_literals]", lit, f"unknown surface {key!r}")
    cmodels = curated.parse_models(data_dir / "models.toml", surfaces)
    claims = curated.parse_lifecycle(data_dir / "lifecycle.toml")
    labels = curated.parse_labels(data_dir / "labels.toml", surfaces)
    jobs = curated.parse_jobs(data_dir / "jobs.toml", surfaces) if (
        data_dir / "jobs.toml").exists() else {}
    errors = curated.parse_errors(data_dir / "errors.toml") if (
        data_dir / "errors.toml").exists() else []
    params: dict[str, Any] = {}
    for name in ("params.toml", "families.toml", "facts.toml", "display_names.toml"):
        if (data_dir / name).exists():
            params[name.removesuffix(".toml")] = curated.read_toml(data_dir / name)
    from modelmap.names import exceptions

    exceptions(params.get("display_names"))  # malformed display names fail at load time

    all_sources = [m.source for m in cmodels] + [c.source for c in claims] + [
        lb.source for lb in labels] + [s.source for s in surfaces.values()] + [
        r.source for j in jobs.values() for r in j.routes] + [e.source for e in errors]
    curated_day = max(s.verified_on for s in all_sources if s.rank != Rank.SDK)

    conflicts: list[Conflict] = []
    overlays = [read_overlay(p, surfaces) for p in overlay_paths]
    cmodels, labels, jobs = merge_all(overlays, cmodels, labels, jobs, claims, conflicts)
    models = _merge_models(cmodels, layer, literal_surfaces, conflicts)
    if layer is not None:
        claims.extend(layer.lifecycle())
    lifecycle = _rank_lifecycle(claims, layer, conflicts)
    label_index = _index_labels(labels, models, {
        id(lb): str(o.path) for o in overlays for lb in o.labels})
    allowed, denied, stale_after = settings(overlays, STALE_AFTER_DAYS)
    meta = Meta(
        curated_verified_on=curated_day,
        sdk_version=layer.openai_version if layer else None,
        sdk_generated_on=layer.generated_on if layer else None,
        sdk_origin=layer.origin if layer else "none",
        ttl_days=dict(ttl),
        data_version=_data_version(data_dir, layer, overlay_paths),
        overlays=tuple(str(p) for p in overlay_paths), stale_after_days=stale_after,
        sdk_path=layer.path if layer else "",
    )
    catalog = Catalog(
        meta=meta, surfaces=surfaces, models=models, labels=label_index, lifecycle=lifecycle,
        jobs=jobs, errors=tuple(errors), facts=(), conflicts=tuple(conflicts), params=params,
        sdk_literals={k: tuple(v) for k, v in literal_surfaces.items()},
        allowed_models=allowed, denied_models=denied,
    )
    from modelmap.catalog.facts import collect_facts
    from modelmap.catalog.overlay import tag_origins

    facts = collect_facts(catalog, claims)
    if layer is not None:
        from modelmap.catalog.sdk_layer import endpoint_facts

        ep_facts, ep_conflicts = endpoint_facts(layer, surfaces)
        facts.extend(ep_facts)
        conflicts.extend(ep_conflicts)
    facts = tag_origins(facts, overlays, layer)
    return Catalog(**{**catalog.__dict__, "facts": tuple(facts), "conflicts": tuple(conflicts)})


def _merge_models(
    cmodels: list[curated.CuratedModel],
    layer: SdkLayer | None,
    literal_surfaces: Mapping[str, list[str]],
    conflicts: list[Conflict],
) -> dict[str, Model]:
    from modelmap.names import split_snapshot

    sdk_members: dict[str, list[str]] = {}
    sdk_src: Source | None = None
    unsupported: set[str] = set()
    if layer is not None:
        sdk_src = layer.source
        for lit, ids in layer.literals.items():
            for model_id in ids:
                sdk_members.setdefault(model_id, []).append(lit)
        unsupported = layer.unsupported_ids()
    by_id = {m.id: m for m in cmodels}
    snapshot_of = {snap: m.id for m in cmodels for snap in m.snapshots}
    out: dict[str, Model] = {}
    all_ids = list(dict.fromkeys([*by_id, *snapshot_of, *sdk_members]))
    for model_id in all_ids:
        lits = tuple(sdk_members.get(model_id, ()))
        sdk_surfaces = {s for lit in lits for s in literal_surfaces.get(lit, ())}
        cm = by_id.get(model_id)
        base_id = snapshot_of.get(model_id)
        if base_id is None and cm is None:
            m = split_snapshot(model_id)
            if m and (m[0] in by_id or m[0] in sdk_members):
                base_id = m[0]
        parent = by_id.get(base_id) if base_id else None
        owner = cm or parent
        surfaces = set(sdk_surfaces)
        sources: list[Source] = [sdk_src] if (lits and sdk_src) else []
        if owner is not None:
            surfaces |= set(owner.surfaces)
            removed = surfaces & set(owner.not_surfaces)
            contested = removed & sdk_surfaces
            for key in sorted(contested):
                assert sdk_src is not None
                conflicts.append(Conflict(
                    subject=model_id, field=f"surface {key}", chosen="not supported",
                    chosen_source=owner.source, others=(("listed in SDK " + "/".join(lits),
                                                         sdk_src),),
                    note="a model page says the surface does not serve this model, but the "
                         "SDK type admits it; verdicts on it are warnings"))
            surfaces -= set(owner.not_surfaces)
            sources.insert(0, owner.source)
        if cm is not None:
            kind, base, rolling = cm.kind, cm.base, cm.rolling
            modality, note, released, codex = cm.modality, cm.note, cm.released, cm.codex
        elif base_id is not None:
            kind, base, rolling = "snapshot", base_id, False
            modality = parent.modality if parent else _modality_from(lits)
            note = f"Dated snapshot of {base_id}."
            released, codex = None, None
        else:
            kind, base, rolling = "model", None, False
            modality, note, released, codex = _modality_from(lits), "", None, None
        out[model_id] = Model(
            id=model_id, kind=kind, family="", modality=modality, surfaces=frozenset(surfaces),
            base=base, rolling=rolling, unsupported=model_id in unsupported, released=released,
            note=note, codex=codex, sources=tuple(sources), sdk_literals=lits,
        )
    return out


_LITERAL_MODALITY = {
    "ChatModel": "text", "ResponsesOnlyModel": "text", "ImageModel": "image",
    "ImageGenerationToolModel": "image", "VideoModel": "video", "SpeechModel": "speech",
    "AudioModel": "transcription", "RealtimeModel": "realtime", "LiveModel": "live",
    "EmbeddingModel": "embedding", "ModerationModel": "moderation",
    "TranscriptionSessionModel": "transcription", "CompletionsModel": "text",
}


def _modality_from(literals: Iterable[str]) -> str:
    for lit in literals:
        if lit in _LITERAL_MODALITY:
            return _LITERAL_MODALITY[lit]
    return "text"


def _rank_lifecycle(
    claims: list[Lifecycle], layer: SdkLayer | None, conflicts: list[Conflict]
) -> dict[str, tuple[Lifecycle, ...]]:
    grouped: dict[str, list[Lifecycle]] = {}
    for c in claims:
        grouped.setdefault(c.model, []).append(c)
    sdk_ids = layer.all_ids() if layer else set()
    out: dict[str, tuple[Lifecycle, ...]] = {}
    for model_id, group in grouped.items():
        dated = [c for c in group if c.shutdown_date is not None or c.origin != "sdk"]
        dated.sort(key=lambda c: (int(c.source.rank), -c.source.verified_on.toordinal()))
        if not dated:
            continue
        best = dated[0]
        others = tuple((_show(c.shutdown_date), c.source) for c in dated[1:]
                       if c.shutdown_date != best.shutdown_date)
        if others:
            conflicts.append(Conflict(
                subject=model_id, field="shutdown_date", chosen=_show(best.shutdown_date),
                chosen_source=best.source, others=others,
                note="precedence: openai package first, OpenAI pages next, third parties last"))
        if (layer is not None and model_id in sdk_ids and best.origin != "sdk"
                and best.shutdown_date is not None):
            conflicts.append(Conflict(
                subject=model_id, field="shutdown_date", chosen=_show(best.shutdown_date),
                chosen_source=best.source,
                others=(("no shutdown note", layer.source),),
                note=f"the openai {layer.openai_version} package lists the ID with no shutdown "
                     "date: a source that is silent on a date does not outrank one that gives "
                     "it, so the dated notice stands"))
        out[model_id] = tuple(dated)
    return out


def _show(day: dt.date | None) -> str:
    return day.isoformat() if day else "none"


def _index_labels(labels: list[Label], models: Mapping[str, Model],
                  files: Mapping[int, str]) -> dict[str, Label]:
    """Labels by normalised name; `files`: id(label) -> overlay file, for error messages."""
    index: dict[str, Label] = {}
    for label in labels:
        for name in (label.name, *label.variants):
            key = normalize(name)
            if name in models:
                # A label spelled exactly like a real ID would shadow the model: bad data.
                raise CatalogError(files.get(id(label), "labels.toml"), label.name,
                                   "name" if name == label.name else "variants",
                                   f"{name!r} is a real model ID, not a label")
            index[key] = label
    return index


def _data_version(data_dir: Path, layer: SdkLayer | None,
                  overlays: Sequence[Path] = ()) -> str:
    import json

    from modelmap.digest import sha256

    h = sha256()
    for path in overlays:
        h.update(str(path).encode())
        h.update(path.read_bytes())
    for path in sorted(data_dir.glob("*.toml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    if layer is not None:
        h.update(json.dumps(layer.raw, sort_keys=True).encode())
    return h.hexdigest()[:16]


def replacement_as_of(claims: Iterable[Lifecycle], as_of: dt.date) -> Replacement | None:
    """The newest replacement recommendation dated on or before `as_of`, across all claims."""
    best: Replacement | None = None
    for claim in claims:
        for rep in claim.replacements:
            if rep.as_of <= as_of and (best is None or rep.as_of > best.as_of):
                best = rep
    return best


__all__ = ["DATA_DIR", "Confidence", "default_catalog", "load_catalog", "replacement_as_of"]
