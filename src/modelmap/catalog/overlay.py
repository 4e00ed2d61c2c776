"""Your own facts: a catalog overlay (docs/overlay.md).

An overlay adds models (private deployments, proxy aliases), labels, lifecycle dates and job
routes to the shipped catalog, and carries the project's allow and deny lists. It lives in

- `[tool.modelmap.catalog]` (and `[tool.modelmap.policy]`) of a pyproject.toml,
- `[catalog]` (and `[policy]`) of a modelmap.toml, found from the working directory (or the
  checked path) upward like the check config, or
- any TOML file named with `--catalog-overlay PATH` or `MODELMAP_CATALOG_OVERLAY` (paths
  separated by os.pathsep), whose top level is the catalog table (plus an optional `[policy]`).

Entries take the same fields and get the same validation as the shipped files (models.toml,
labels.toml, lifecycle.toml, jobs.toml), so every entry needs `source` and `verified_on`; an
error names the file, the entry and the field. Overlay facts are merged after the shipped
ones; where one replaces a shipped entry the disagreement is kept for `facts --conflicts`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence

from modelmap.errors import CatalogError
from modelmap.fsread import stat_input
from modelmap.record import field, record

TYPE_CHECKING = False  # not `import typing`: ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from modelmap.catalog.curated import CuratedModel
    from modelmap.catalog.model import Fact, Job, Label, Lifecycle, Source, Surface
    from modelmap.catalog.sdk_layer import SdkLayer

ENV = "MODELMAP_CATALOG_OVERLAY"
CATALOG_KEYS = {"model", "label", "lifecycle", "job", "max-age-days", "max_age_days"}
STANDALONE_KEYS = CATALOG_KEYS | {"policy"}


@record
class Overlay:
    """One overlay file, parsed and validated."""

    path: Path
    models: tuple[CuratedModel, ...] = ()
    labels: tuple[Label, ...] = ()
    lifecycle: tuple[Lifecycle, ...] = ()
    jobs: Mapping[str, Job] = field(default_factory=dict)
    allowed_models: tuple[str, ...] | None = None
    denied_models: tuple[str, ...] = ()
    max_age_days: int | None = None

    def sources(self) -> set[Source]:
        out = {m.source for m in self.models} | {lb.source for lb in self.labels}
        out |= {c.source for c in self.lifecycle}
        out |= {r.source for j in self.jobs.values() for r in j.routes}
        return out


def tables(path: Path, data: Mapping[str, Any]) -> tuple[Mapping[str, Any], Any, str]:
    """(catalog table, policy table or None, the catalog table's dotted prefix) of a file.

    pyproject.toml: `[tool.modelmap.catalog]`; a check config (modelmap.toml, or any file
    with a `catalog` table or check settings): `[catalog]`; else a standalone overlay whose top
    level is the catalog table."""
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        mm = tool.get("modelmap", {}) if isinstance(tool, dict) else {}
        mm = mm if isinstance(mm, dict) else {}
        prefix, table, policy = "tool.modelmap.catalog.", mm.get("catalog", {}), mm.get("policy")
    elif path.name == "modelmap.toml" or _is_check_config(data):
        prefix, table, policy = "catalog.", data.get("catalog", {}), data.get("policy")
    else:
        prefix, table, policy = "", {k: v for k, v in data.items() if k != "policy"}, data.get(
            "policy")
        for key in table:
            if key not in STANDALONE_KEYS:
                raise CatalogError(str(path), "(top level)", key, "is not a known overlay key")
    if not isinstance(table, dict):
        raise CatalogError(str(path), prefix.rstrip(".") or "(top level)", "catalog",
                           "must be a table")
    return table, policy, prefix


def _is_check_config(data: Mapping[str, Any]) -> bool:
    from modelmap.check.config import _KEYS as CONFIG_KEYS

    return any(k.replace("_", "-") in CONFIG_KEYS - {"policy"} for k in data)


def find_config(start: Path) -> Path | None:
    """modelmap.check.config.find_config's rule (nearest modelmap.toml, or pyproject.toml with
    a `[tool.modelmap]` table), without importing the checker on every command's start."""
    begin = start if start.is_dir() else start.parent
    for directory in (begin, *begin.parents):
        stat_input(directory / "modelmap.toml")
        if (directory / "modelmap.toml").is_file():
            return directory / "modelmap.toml"
        pyproject = directory / "pyproject.toml"
        try:
            raw = pyproject.read_bytes()
        except OSError:
            continue
        if b"modelmap" in raw and _has_table(raw, pyproject):
            return pyproject
    return None


def _has_table(raw: bytes, pyproject: str | Path) -> bool:
    """Does this pyproject.toml have a `[tool.modelmap]` table? Read with tomllib alone (the
    project's own pyproject names modelmap without the table); a file tomllib cannot read
    goes to the checker's reader, whose error names the file."""
    import tomllib

    try:
        tool = tomllib.loads(raw.decode("utf-8")).get("tool", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        from pathlib import Path

        from modelmap.check.config import find_config as full

        return full(Path(pyproject)) == Path(pyproject)
    return isinstance(tool, dict) and "modelmap" in tool


def _find_config_from(begin: str) -> str | None:
    """find_config for an absolute, normalised folder (the working directory) on strings:
    pathlib (with urllib and re) stays unloaded when no project config is found."""
    directory = begin
    while True:
        stat_input(os.path.join(directory, "modelmap.toml"))
        if os.path.isfile(os.path.join(directory, "modelmap.toml")):
            return os.path.join(directory, "modelmap.toml")
        pyproject = os.path.join(directory, "pyproject.toml")
        try:
            with open(pyproject, "rb") as fh:
                raw = fh.read()
        except OSError:
            raw = b""
        if b"modelmap" in raw and _has_table(raw, pyproject):
            return pyproject
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def read_overlay(path: Path, surfaces: Mapping[str, Surface]) -> Overlay:
    """Parse one overlay file; every error is one line naming file, entry and field."""
    from modelmap.catalog import curated

    return parse_overlay(path, curated.read_toml(path), surfaces)


def parse_overlay(path: Path, data: Mapping[str, Any], surfaces: Mapping[str, Surface]
                  ) -> Overlay:
    """Validate the parsed content of the overlay file `path`."""
    from modelmap.catalog import curated

    table, policy_raw, prefix = tables(path, data)
    where = prefix.rstrip(".") or "(top level)"
    for key in table:
        if key not in CATALOG_KEYS:
            raise CatalogError(str(path), where, key, "is not a known overlay key (model, "
                               "label, lifecycle, job, max-age-days)")
    models = curated.parse_models(path, surfaces, table, prefix)
    lifecycle = [_as_overlay(c) for c in curated.parse_lifecycle(path, table, prefix)]
    labels = curated.parse_labels(path, surfaces, table, prefix)
    jobs = curated.parse_jobs(path, surfaces, table, prefix)
    max_age = table.get("max-age-days", table.get("max_age_days"))
    if max_age is not None and (not isinstance(max_age, int) or isinstance(max_age, bool)
                                or max_age < 0):
        raise CatalogError(str(path), where, "max-age-days",
                           f"must be a whole number of days (0 turns the notice off), "
                           f"got {max_age!r}")
    allowed: tuple[str, ...] | None = None
    denied: tuple[str, ...] = ()
    if policy_raw is not None and not prefix:
        from modelmap.check.config import parse_policy

        pol = parse_policy(policy_raw, path, "policy")
        allowed, denied = pol.allowed_models, pol.denied_models
    elif policy_raw is not None:
        from modelmap.check.config import load_config

        pol = load_config(path, path.parent).policy  # the check config's own validation
        allowed, denied = pol.allowed_models, pol.denied_models
    return Overlay(path=path, models=tuple(models), labels=tuple(labels),
                   lifecycle=tuple(lifecycle), jobs=jobs, allowed_models=allowed,
                   denied_models=denied, max_age_days=max_age)


def _as_overlay(claim: Lifecycle) -> Lifecycle:
    from dataclasses import replace

    return replace(claim, origin="overlay")


def discover(start: Path | None = None, explicit: Sequence[Path] = (),
             config: Path | None = None) -> tuple[Path, ...]:
    """Overlay files for a run: the project config (`config`, else the one found from `start`,
    default the working directory) when it has a catalog or policy table, then
    $MODELMAP_CATALOG_OVERLAY, then `explicit` paths (later files win)."""
    if config is None:
        try:
            if start is None:
                where = _find_config_from(os.getcwd())
                config = None if where is None else _as_path(where)
            else:
                config = find_config(start.absolute())
        except OSError:
            config = None
    env = os.environ.get(ENV, "")
    if config is None and not explicit and not any(p.strip() for p in env.split(os.pathsep)):
        return ()
    from pathlib import Path

    found: dict[Path, str] = {}
    if config is not None and has_overlay(config):
        found[config.resolve()] = "project config"
    for p in env.split(os.pathsep):
        if p.strip():
            found.setdefault(Path(p).absolute(), f"${ENV}")
    for q in explicit:
        found.setdefault(q.absolute(), "--catalog-overlay")
    for path, origin in found.items():
        if not path.is_file():
            what = "a folder, not a file" if path.is_dir() else "no such file"
            raise CatalogError(str(path), "(file)", "(read)",
                               f"{what} (overlay named by {origin})")
    return tuple(found)


def _as_path(text: str) -> Path:
    from pathlib import Path

    return Path(text)


def has_overlay(config: Path) -> bool:
    """Whether a project config carries a catalog overlay or a policy for the catalog."""
    from modelmap.catalog import curated

    try:
        data = curated.read_toml(config)
    except CatalogError:
        return True  # let the real read report the syntax error
    table, policy, _ = tables(config, data)
    return bool(table) or bool(policy)


def merge_all(overlays: Sequence[Overlay], models: list[CuratedModel], labels: list[Label],
              jobs: Mapping[str, Job], claims: list[Lifecycle], conflicts: list[Any]
              ) -> tuple[list[CuratedModel], list[Label], dict[str, Job]]:
    """The shipped records with every overlay merged in (claims are extended in place)."""
    if not overlays:
        return models, labels, dict(jobs)
    for o in overlays:
        claims.extend(o.lifecycle)
    return (merge_models(models, overlays, conflicts), merge_labels(labels, overlays, conflicts),
            merge_jobs(jobs, overlays))


def settings(overlays: Sequence[Overlay], max_age: int
             ) -> tuple[tuple[str, ...] | None, tuple[str, ...], int]:
    """(allow list, deny list, stale-notice days): a later overlay's allow list and age
    replace an earlier one's; deny lists add up."""
    allowed: tuple[str, ...] | None = None
    denied: list[str] = []
    for o in overlays:
        allowed = o.allowed_models if o.allowed_models is not None else allowed
        denied += o.denied_models
        max_age = o.max_age_days if o.max_age_days is not None else max_age
    return allowed, tuple(dict.fromkeys(denied)), max_age


def merge_models(shipped: list[CuratedModel], overlays: Iterable[Overlay],
                 conflicts: list[Any]) -> list[CuratedModel]:
    """Shipped models with the overlays' added or replaced; replacements stay reported."""
    from modelmap.catalog.model import Conflict

    by_id = {m.id: m for m in shipped}
    for ov in overlays:
        for m in ov.models:
            old = by_id.get(m.id)
            if old is not None:
                conflicts.append(Conflict(
                    subject=m.id, field="model", chosen=_describe(m), chosen_source=m.source,
                    others=((_describe(old), old.source),),
                    note=f"the overlay {ov.path} replaces the shipped entry"))
            by_id[m.id] = m
    return list(by_id.values())


def _describe(m: CuratedModel) -> str:
    where = ", ".join(m.surfaces) or "no surface"
    return f"{m.kind} on {where}" + (f" (base {m.base})" if m.base else "")


def merge_labels(shipped: list[Label], overlays: Iterable[Overlay],
                 conflicts: list[Any]) -> list[Label]:
    from modelmap.catalog.model import Conflict
    from modelmap.normalize import normalize

    by_key = {normalize(lb.name): lb for lb in shipped}
    out = list(shipped)
    for ov in overlays:
        for lb in ov.labels:
            old = by_key.get(normalize(lb.name))
            if old is not None:
                conflicts.append(Conflict(
                    subject=lb.name, field="label", chosen=", ".join(lb.api_ids) or "none",
                    chosen_source=lb.source,
                    others=((", ".join(old.api_ids) or "none", old.source),),
                    note=f"the overlay {ov.path} replaces the shipped label"))
                out.remove(old)
            by_key[normalize(lb.name)] = lb
            out.append(lb)
    return out


def merge_jobs(shipped: Mapping[str, Job], overlays: Iterable[Overlay]) -> dict[str, Job]:
    """New jobs are added; routes for a shipped job are added to its dated routes."""
    from dataclasses import replace

    out = dict(shipped)
    for ov in overlays:
        for key, job in ov.jobs.items():
            old = out.get(key)
            if old is None:
                out[key] = job
                continue
            routes = tuple(sorted((*old.routes, *job.routes), key=lambda r: r.since))
            out[key] = replace(old, routes=routes,
                               keywords={**old.keywords, **job.keywords})
    return out


def tag_origins(facts: list[Fact], overlays: Sequence[Overlay], layer: SdkLayer | None
                ) -> list[Fact]:
    """Tag each fact with where it came from: an overlay file, the SDK layer, or shipped."""
    import dataclasses

    from modelmap.catalog.model import Rank

    owner = {src: f"overlay {o.path}" for o in overlays for src in o.sources()}
    sdk = f"sdk ({layer.origin} openai {layer.openai_version})" if layer else "sdk"
    out = []
    for f in facts:
        origin = owner.get(f.source) or (sdk if f.source.rank == Rank.SDK
                                         and f.source.url.startswith("openai==") else "shipped")
        out.append(f if origin == f.origin else dataclasses.replace(f, origin=origin))
    return out
