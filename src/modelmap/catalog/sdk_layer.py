"""The SDK-derived layer: model IDs per SDK Literal and dated notes, as JSON.

Format (written by `modelmap sync` / modelmap.sdk.extract, schema 1):

    {"schema": 1, "openai_version": "3.54.0", "generated_on": "2026-11-22",
     "literals": {"ChatModel": {"path": "openai/types/shared/chat_model.py", "ids": [...]}, ...},
     "notes": [{"ids": [...], "literal": "ChatModel", "kind": "shutdown|retired|unsupported",
                "date": "2027-01-14" | null, "replacements": [...], "text": "..."}]}

Optional fields the generator adds (ignored by older readers): top-level "source" (wheel name or
folder) and "skipped" (unfamiliar shapes passed over), per Literal "symbol" (alias or
`Class.field`), per note "path" and "symbol" of the docstring it came from (used as the
source path when present), and "endpoint_notes": dated notes on endpoint paths, not models
(`[{"endpoints": ["/v1/videos"], "kind": "shutdown", "date": "2026-09-24", "text": "...",
"path": "...", "symbol": "BatchCreateParams.endpoint"}]`), which become rank-1 surface facts.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from modelmap.catalog.model import (
    Confidence,
    Conflict,
    Fact,
    Lifecycle,
    Rank,
    Replacement,
    Source,
    Surface,
)
from modelmap.errors import CatalogError
from modelmap.record import record, replace

TYPE_CHECKING = False  # not `import typing`: ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

MAX_LAYER_BYTES = 32_000_000
_VERSION = r"[0-9A-Za-z.+\-]{1,64}"
SHIPPED_NAME = "sdk_layer.json"
SCHEMA = 1


@record
class SdkLayer:
    """A parsed, validated SDK layer file."""

    openai_version: str
    generated_on: dt.date
    literals: dict[str, tuple[str, ...]]
    paths: dict[str, str]
    notes: tuple[dict[str, Any], ...]
    origin: str
    """shipped | installed (this environment's openai) | file (MODELMAP_SDK_LAYER, --layer)."""
    raw: dict[str, Any]
    endpoint_notes: tuple[dict[str, Any], ...] = ()
    path: str = ""
    """The file it was read from (shipped data, this environment's cache entry, or a file)."""

    @property
    def source(self) -> Source:
        return Source(url=f"openai=={self.openai_version}", verified_on=self.generated_on,
                      confidence=Confidence.H, rank=Rank.SDK)

    @classmethod
    def read(cls, path: Path, origin: str) -> SdkLayer:
        import json

        from modelmap.fsread import read_regular

        try:
            data = read_regular(path, MAX_LAYER_BYTES)
            if data is None:
                raise CatalogError(str(path), "(file)", "(read)",
                                   f"is not a regular file of at most {MAX_LAYER_BYTES} bytes")
            raw = json.loads(data.decode("utf-8"))
        except OSError as exc:
            raise CatalogError(str(path), "(file)", "(read)", exc.strerror or str(exc)) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise CatalogError(str(path), "(file)", "(json)", f"is not valid JSON: {exc}") from None
        except RecursionError:
            raise CatalogError(str(path), "(file)", "(json)",
                               "is not valid JSON: nested too deeply") from None
        layer = cls.parse(raw, str(path), origin)
        return replace(layer, path=str(path))

    @classmethod
    def parse(cls, raw: Any, name: str, origin: str) -> SdkLayer:
        def fail(entry: str, field: str, msg: str) -> CatalogError:
            return CatalogError(name, entry, field, msg)

        if not isinstance(raw, dict):
            raise fail("(root)", "(root)", "must be a JSON object")
        if raw.get("schema") != SCHEMA:
            raise fail("(root)", "schema", f"must be {SCHEMA}, got {raw.get('schema')!r}")
        version = raw.get("openai_version")
        if not isinstance(version, str) or not _re().fullmatch(_VERSION, version):
            raise fail("(root)", "openai_version",
                       "must be a version string (digits, letters, . + -; at most 64)")
        try:
            generated = dt.date.fromisoformat(str(raw.get("generated_on")))
        except ValueError:
            raise fail("(root)", "generated_on", "must be a date YYYY-MM-DD") from None
        lits_raw = raw.get("literals")
        if not isinstance(lits_raw, dict):
            raise fail("(root)", "literals", "must be an object")
        literals: dict[str, tuple[str, ...]] = {}
        paths: dict[str, str] = {}
        for lit, body in lits_raw.items():
            ids = body.get("ids") if isinstance(body, dict) else None
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise fail(f"literals.{lit}", "ids", "must be a list of strings")
            literals[lit] = tuple(ids)
            paths[lit] = str(body.get("path", ""))
        notes = raw.get("notes", [])
        if not isinstance(notes, list):
            raise fail("(root)", "notes", "must be a list")
        for i, note in enumerate(notes):
            if not isinstance(note, dict):
                raise fail(f"notes[{i}]", "(note)", "must be an object")
            if note.get("kind") not in ("shutdown", "retired", "unsupported"):
                raise fail(f"notes[{i}]", "kind", f"unknown kind {note.get('kind')!r}")
            ids = note.get("ids")
            if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids):
                raise fail(f"notes[{i}]", "ids", "must be a list of strings")
            if note.get("date") is not None:
                try:
                    dt.date.fromisoformat(str(note["date"]))
                except ValueError:
                    raise fail(f"notes[{i}]", "date", "must be a date YYYY-MM-DD") from None
        ep_notes = raw.get("endpoint_notes", [])
        if not isinstance(ep_notes, list):
            raise fail("(root)", "endpoint_notes", "must be a list")
        for i, note in enumerate(ep_notes):
            entry = f"endpoint_notes[{i}]"
            if not isinstance(note, dict):
                raise fail(entry, "(note)", "must be an object")
            eps = note.get("endpoints")
            if (not isinstance(eps, list) or not eps
                    or not all(isinstance(x, str) and x.startswith("/") for x in eps)):
                raise fail(entry, "endpoints", "must be a non-empty list of paths like '/v1/x'")
            if note.get("kind") not in ("shutdown", "retired"):
                raise fail(entry, "kind", f"unknown kind {note.get('kind')!r}")
            try:
                dt.date.fromisoformat(str(note.get("date")))
            except ValueError:
                raise fail(entry, "date", "must be a date YYYY-MM-DD") from None
        return cls(openai_version=version, generated_on=generated, literals=literals,
                   paths=paths, notes=tuple(notes), origin=origin, raw=raw,
                   endpoint_notes=tuple(ep_notes))

    def all_ids(self) -> set[str]:
        return {i for ids in self.literals.values() for i in ids}

    def unsupported_ids(self) -> set[str]:
        return {i for n in self.notes if n["kind"] == "unsupported" for i in n["ids"]}

    def lifecycle(self) -> list[Lifecycle]:
        """One rank-1 claim per ID for every dated note."""
        out = []
        for note in self.notes:
            if note["kind"] == "unsupported" or note.get("date") is None:
                continue
            day = dt.date.fromisoformat(note["date"])
            path = str(note.get("path") or self.paths.get(str(note.get("literal")), ""))
            src = Source(url=f"openai=={self.openai_version}:{path}",
                         verified_on=self.generated_on, confidence=Confidence.H, rank=Rank.SDK)
            reps = tuple(
                [Replacement(ids=tuple(note["replacements"]), as_of=self.generated_on, source=src)]
                if note.get("replacements") else [])
            for model_id in note["ids"]:
                out.append(Lifecycle(
                    model=model_id, shutdown_date=day, deprecated_on=None, replacements=reps,
                    note=str(note.get("text", "")), source=src, origin="sdk"))
        return out


def endpoint_facts(layer: SdkLayer, surfaces: Mapping[str, Surface]
                   ) -> tuple[list[Fact], list[Conflict]]:
    """A rank-1 surface fact per endpoint note, filed under the surface that serves the path
    (or the path itself), and a conflict where the curated surface gives another date."""
    facts: list[Fact] = []
    conflicts: list[Conflict] = []
    for note in layer.endpoint_notes:
        day = dt.date.fromisoformat(str(note["date"]))
        src = Source(url=f"openai=={layer.openai_version}:{note.get('path', '')}",
                     verified_on=layer.generated_on, confidence=Confidence.H, rank=Rank.SDK)
        for path in note["endpoints"]:
            surface = next((s for s in surfaces.values()
                            if s.endpoint.split(" ")[-1] == path), None)
            subject = surface.key if surface else path
            facts.append(Fact(subject, "surface", f"{path}: {note['kind']} {day} "
                              f"(SDK note: {note.get('text', '')})", src))
            if surface is not None and surface.shutdown_date != day:
                shown = surface.shutdown_date.isoformat() if surface.shutdown_date else "none"
                conflicts.append(Conflict(
                    subject=subject, field="shutdown_date", chosen=day.isoformat(),
                    chosen_source=src, others=((shown, surface.source),),
                    note=f"the openai {layer.openai_version} package dates the end of {path}; "
                         "the curated surface says otherwise"))
    return facts, conflicts


def _version_key(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split(".")[:16]:
        digits = "".join(ch for ch in piece if ch in "0123456789")[:18]
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def user_layer_path() -> Path:
    """Where `modelmap sync` wrote before layers followed the environment (no longer read:
    a file there would leak one environment's openai into every other one)."""
    from pathlib import Path

    override = os.environ.get("MODELMAP_DATA_DIR")
    if override:
        return Path(override) / SHIPPED_NAME
    from platformdirs import user_data_dir

    return Path(user_data_dir("modelmap", appauthor=False)) / SHIPPED_NAME


def choose_layer(data_dir: Path, today: dt.date | None = None) -> SdkLayer | None:
    """The layer this environment uses (see modelmap.catalog.envlayer for the rules)."""
    from pathlib import Path

    explicit = os.environ.get("MODELMAP_SDK_LAYER")
    if explicit:
        return SdkLayer.read(Path(explicit), origin="file")
    shipped_path = data_dir / SHIPPED_NAME
    shipped = SdkLayer.read(shipped_path, origin="shipped") if shipped_path.exists() else None
    from modelmap.catalog.envlayer import environment_layer, installed_openai
    from modelmap.errors import ModelmapError
    from modelmap.sdk import version_key

    inst = installed_openai()
    if inst is None or (shipped is not None and version_key(inst.version)
                        <= version_key(shipped.openai_version)):
        return shipped
    try:
        raw, path = environment_layer(inst, today)
        layer = SdkLayer.parse(raw, str(path), origin="installed")
    except ModelmapError:
        return shipped  # unreadable: the 'installed openai is newer' warning says so
    return replace(layer, path=str(path))


def _re() -> Any:
    """`re`, loaded when a layer is parsed (not when one is only chosen)."""
    import re

    return re
