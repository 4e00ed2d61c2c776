"""Parse the curated TOML files into plain records (validation happens here)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelmap.catalog.fields import SOURCE_FIELDS, Entry
from modelmap.catalog.model import (
    CodexAvailability,
    ErrorPattern,
    Job,
    Label,
    Lifecycle,
    Replacement,
    Route,
    Source,
    Surface,
)
from modelmap.errors import CatalogError


@dataclass(frozen=True)
class CuratedModel:
    """A models.toml entry before it is merged with the SDK layer."""

    id: str
    kind: str
    modality: str
    surfaces: tuple[str, ...]
    not_surfaces: tuple[str, ...]
    snapshots: tuple[str, ...]
    base: str | None
    rolling: bool
    released: dt.date | None
    note: str
    codex: CodexAvailability | None
    source: Source


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file; a syntax error names the file and the position."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(path.name, "(file)", "(syntax)", str(exc)) from None
    except OSError as exc:
        raise CatalogError(str(path), "(file)", "(read)", exc.strerror or str(exc)) from None


def entries(path: Path, data: Mapping[str, Any], table: str, key: str,
            where: str | None = None) -> list[Entry]:
    """The array of tables `table`, each wrapped with a readable label.

    `where` is set for an overlay: the file is then named by its full path and each entry
    by its table path (`tool.modelmap.catalog.model[0] (id)`)."""
    file = path.name if where is None else str(path)
    where = where or ""
    raw = data.get(table, [])
    if not isinstance(raw, list):
        raise CatalogError(file, f"[{where}{table}]", table, "must be an array of tables")
    out = []
    for i, item in enumerate(raw):
        name = item.get(key) if isinstance(item, dict) else None
        label = f"{where}{table}[{i}]" + (f" ({name})" if isinstance(name, str) else "")
        if not isinstance(item, dict):
            raise CatalogError(file, label, table, "must be a table")
        out.append(Entry(file, label, item))
    return out


def _data(path: Path, data: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return read_toml(path) if data is None else data


MODEL_FIELDS = {
    "id", "kind", "modality", "surfaces", "not_surfaces", "snapshots", "base", "rolling",
    "released", "note", "codex", *SOURCE_FIELDS,
}
MODALITIES = {
    "text", "image", "realtime", "audio", "transcription", "speech", "video", "embedding",
    "moderation", "live", "codex",
}


def parse_models(path: Path, surfaces: Mapping[str, Surface],
                 data: Mapping[str, Any] | None = None,
                 where: str | None = None) -> list[CuratedModel]:
    out = []
    for e in entries(path, _data(path, data), "model", "id", where):
        e.reject_unknown(MODEL_FIELDS)
        modality = e.text("modality")
        if modality not in MODALITIES:
            raise e.fail("modality", f"must be one of {sorted(MODALITIES)}, got {modality!r}")
        kind = e.text("kind", "model")
        if kind not in ("model", "alias"):
            raise e.fail("kind", f"must be 'model' or 'alias', got {kind!r}")
        for fld in ("surfaces", "not_surfaces"):
            for key in e.texts(fld):
                if key not in surfaces:
                    raise e.fail(fld, f"names unknown surface {key!r}")
        codex = None
        table = e.table("codex")
        if table is not None:
            c = Entry(e.file, e.label + ".codex", table)
            c.reject_unknown({"cli", "ide", "cloud", "chatgpt_credits", "api_access",
                              "chatgpt_signin_retired_on", *SOURCE_FIELDS})
            codex = CodexAvailability(
                cli=c.flag("cli"), ide=c.flag("ide"), cloud=c.flag("cloud"),
                chatgpt_credits=c.flag("chatgpt_credits"), api_access=c.flag("api_access"),
                chatgpt_signin_retired_on=c.opt_day("chatgpt_signin_retired_on"),
                source=c.source(),
            )
        out.append(CuratedModel(
            id=e.text("id"), kind=kind, modality=modality, surfaces=e.texts("surfaces"),
            not_surfaces=e.texts("not_surfaces"), snapshots=e.texts("snapshots"),
            base=e.opt_text("base"), rolling=e.flag("rolling"), released=e.opt_day("released"),
            note=e.text("note", ""), codex=codex, source=e.source(),
        ))
    return out


def parse_surfaces(path: Path) -> dict[str, Surface]:
    out: dict[str, Surface] = {}
    for e in entries(path, read_toml(path), "surface", "key"):
        e.reject_unknown({"key", "name", "group", "endpoint", "sdk", "note", "shutdown_date",
                          *SOURCE_FIELDS})
        key = e.text("key")
        if key in out:
            raise e.fail("key", f"duplicates surface {key!r}")
        out[key] = Surface(
            key=key, name=e.text("name"), group=e.text("group"), endpoint=e.text("endpoint", ""),
            sdk=e.texts("sdk"), note=e.text("note", ""), source=e.source(),
            shutdown_date=e.opt_day("shutdown_date"),
        )
    return out


def parse_lifecycle(path: Path, data: Mapping[str, Any] | None = None,
                    where: str | None = None) -> list[Lifecycle]:
    out = []
    for e in entries(path, _data(path, data), "lifecycle", "ids", where):
        e.reject_unknown({"ids", "shutdown_date", "deprecated_on", "note", "replacement",
                          *SOURCE_FIELDS})
        ids = e.texts("ids")
        if not ids:
            raise e.fail("ids", "must name at least one model ID")
        src = e.source()
        reps = []
        for i, table in enumerate(e.tables("replacement")):
            r = Entry(e.file, f"{e.label}.replacement[{i}]", table)
            r.reject_unknown({"ids", "as_of", *SOURCE_FIELDS})
            rsrc = r.source(defaults=e.data) if r.has("source") else src
            reps.append(Replacement(ids=r.texts("ids"), as_of=r.day("as_of"), source=rsrc))
        for model_id in ids:
            out.append(Lifecycle(
                model=model_id, shutdown_date=e.opt_day("shutdown_date"),
                deprecated_on=e.opt_day("deprecated_on"), replacements=tuple(reps),
                note=e.text("note", ""), source=src,
            ))
    return out


def parse_labels(path: Path, surfaces: Mapping[str, Surface],
                 data: Mapping[str, Any] | None = None, where: str | None = None) -> list[Label]:
    out = []
    for e in entries(path, _data(path, data), "label", "name", where):
        e.reject_unknown({"name", "kind", "surface", "api_ids", "fix", "fix_safety", "variants",
                          "caveat", *SOURCE_FIELDS})
        kind = e.text("kind")
        if kind not in ("product", "invented"):
            raise e.fail("kind", f"must be 'product' or 'invented', got {kind!r}")
        surface = e.text("surface")
        if surface != "api" and surface not in surfaces:
            raise e.fail("surface", f"names unknown surface {surface!r}")
        safety = e.text("fix_safety", "none")
        if safety not in ("safe", "unsafe", "none"):
            raise e.fail("fix_safety", f"must be safe, unsafe or none, got {safety!r}")
        fix = e.opt_text("fix")
        if safety != "none" and fix is None:
            raise e.fail("fix", f"is required when fix_safety is {safety!r}")
        out.append(Label(
            name=e.text("name"), kind=kind, surface=surface, api_ids=e.texts("api_ids"), fix=fix,
            fix_safety=safety, caveat=e.text("caveat"), variants=e.texts("variants"),
            source=e.source(),
        ))
    return out


JOB_LANGUAGES = ("en", "ru", "zh")
ERROR_CONDITIONS = ("label", "shut-down", "no-api-access", "unknown", "known", "status",
                    "endpoint-shut-down")
"""`when` values of errors.toml rows (interpreted by modelmap.explain)."""


def parse_jobs(path: Path, surfaces: Mapping[str, Surface],
               data: Mapping[str, Any] | None = None, where: str | None = None) -> dict[str, Job]:
    out: dict[str, Job] = {}
    for e in entries(path, _data(path, data), "job", "key", where):
        e.reject_unknown({"key", "title", "keywords", "route"})
        key = e.text("key")
        kw_table = e.table("keywords") or {}
        keywords: dict[str, tuple[tuple[str, int], ...]] = {}
        for lang, words in kw_table.items():
            k = Entry(e.file, f"{e.label}.keywords", kw_table)
            if lang not in JOB_LANGUAGES:
                raise k.fail(lang, f"is not a keyword language {JOB_LANGUAGES}")
            if not isinstance(words, dict):
                raise k.fail(lang, "must map keyword -> weight")
            pairs = []
            for word, weight in words.items():
                if not isinstance(weight, int):
                    raise k.fail(f"{lang}.{word}", "weight must be an integer")
                pairs.append((word.lower(), weight))
            keywords[lang] = tuple(pairs)
        routes = []
        for i, table in enumerate(e.tables("route")):
            r = Entry(e.file, f"{e.label}.route[{i}]", table)
            r.reject_unknown({"surface", "model", "why", "hold_back", "fallback", "recheck",
                              "since", "until", "kind", *SOURCE_FIELDS})
            surface = r.text("surface")
            if surface != "none" and surface not in surfaces:
                raise r.fail("surface", f"names unknown surface {surface!r}")
            kind = r.text("kind", "use")
            if kind not in ("use", "recheck"):
                raise r.fail("kind", f"must be 'use' or 'recheck', got {kind!r}")
            since, until = r.day("since"), r.opt_day("until")
            if until is not None and until <= since:
                raise r.fail("until", f"must be after since ({since})")
            routes.append(Route(
                surface=surface, model=r.opt_text("model"), why=r.text("why"),
                hold_back=r.text("hold_back", ""), fallback=r.text("fallback", ""),
                recheck=r.texts("recheck"), since=since, until=until,
                source=r.source(), kind=kind,
            ))
        if not routes:
            raise e.fail("route", "needs at least one route")
        routes.sort(key=lambda rt: rt.since)
        out[key] = Job(key=key, title=e.text("title"), keywords=keywords, routes=tuple(routes))
    return out


def parse_errors(path: Path) -> list[ErrorPattern]:
    import re

    out = []
    for e in entries(path, read_toml(path), "error", "key"):
        e.reject_unknown({"key", "pattern", "status", "code", "cause", "checks", "surfaces",
                          "model_group", "path_group", "when", "type", "param", "code_default",
                          *SOURCE_FIELDS})
        when = e.opt_text("when")
        if when is not None and when not in ERROR_CONDITIONS:
            raise e.fail("when", f"must be one of {ERROR_CONDITIONS}, got {when!r}")
        # A row without a pattern is matched by its code (or, with when='status', its status).
        pattern = e.text("pattern", "")
        if not pattern and not e.has("code") and when != "status":
            raise e.fail("pattern", "is required unless the row has a code or when = 'status'")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise e.fail("pattern", f"is not a valid regular expression: {exc}") from None
        groups: dict[str, int | None] = {}
        for field in ("model_group", "path_group"):
            group = e.integer(field) if e.has(field) else None
            if group is not None and not 0 < group <= compiled.groups:
                raise e.fail(field, f"names group {group}, the pattern has {compiled.groups}")
            groups[field] = group
        if when == "endpoint-shut-down" and groups["path_group"] is None:
            raise e.fail("path_group", "is required with when = 'endpoint-shut-down'")
        out.append(ErrorPattern(
            key=e.text("key"), pattern=pattern,
            status=e.integer("status") if e.has("status") else None, code=e.opt_text("code"),
            cause=e.text("cause"), checks=e.texts("checks"), surfaces=e.texts("surfaces"),
            source=e.source(), model_group=groups["model_group"], when=when,
            type=e.opt_text("type"), param=e.opt_text("param"),
            path_group=groups["path_group"], code_default=e.flag("code_default"),
        ))
    return out
