"""Build the SDK layer (schema 1, see modelmap.catalog.sdk_layer) from an openai package.

The package is read with `ast`, never imported. Each canonical Literal key of the catalog
(meta.toml [sdk_literals]) is looked up at its known places first and then by name anywhere
under openai/types, so moved files still resolve. Dated notes come from every "Deprecated
values" docstring attached to a model slot and are filed under the canonical Literals whose IDs
they name; dated notes on endpoint paths (`"/v1/videos"` in BatchCreateParams.endpoint) are
kept apart as endpoint notes (modelmap.sdk.endpoint_notes). Unknown shapes are skipped quietly;
with strict mode (`strict=True` or env MODELMAP_STRICT=1) they raise ExtractError instead, and
so does a missing expected Literal.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from modelmap.errors import ModelmapError
from modelmap.sdk.docnotes import DocNote, has_block, parse_block
from modelmap.sdk.endpoint_notes import endpoint_notes
from modelmap.sdk.resources import MethodNote, method_notes
from modelmap.sdk.slots import Slot, find_slots
from modelmap.sdk.source import PackageSource

SCHEMA = 1


class ExtractError(ModelmapError):
    """Strict mode met a shape it does not know, or an expected Literal is missing."""


@dataclass(frozen=True)
class Want:
    """Where one canonical Literal lives, best guess first."""

    key: str
    places: tuple[tuple[str, str], ...]
    """(path under openai/, symbol) pairs; symbol is an alias name or `Class.field`."""
    since_major: int = 0
    """Strict mode expects it from this openai major version on."""
    direct_only: bool = False
    """Take only the IDs written in the slot itself, not those of aliases it names."""
    minus: tuple[str, ...] = ()
    """Drop IDs that already belong to these keys."""


WANTS: tuple[Want, ...] = (
    Want("ChatModel", (("openai/types/shared/chat_model.py", "ChatModel"),
                       ("openai/types/chat_model.py", "ChatModel"))),
    Want("ResponsesOnlyModel", (("openai/types/shared/responses_model.py", "ResponsesModel"),),
         direct_only=True, minus=("ChatModel",)),
    Want("ImageModel", (("openai/types/image_model.py", "ImageModel"),)),
    Want("ImageGenerationToolModel", (("openai/types/responses/tool.py", "ImageGeneration.model"),
                                      ("openai/types/responses/tool_param.py",
                                       "ImageGeneration.model"))),
    Want("VideoModel", (("openai/types/video_model.py", "VideoModel"),)),
    Want("SpeechModel", (("openai/types/audio/speech_model.py", "SpeechModel"),)),
    Want("AudioModel", (("openai/types/audio_model.py", "AudioModel"),)),
    Want("RealtimeModel", (("openai/types/realtime/realtime_session_create_request.py",
                            "RealtimeSessionCreateRequest.model"),
                           ("openai/types/realtime/realtime_session_create_request_param.py",
                            "RealtimeSessionCreateRequestParam.model"))),
    Want("LiveModel", (("openai/types/live/session_config.py", "SessionConfig.model"),
                       ("openai/types/live/session_config_param.py", "SessionConfigParam.model")),
         since_major=3),
    Want("EmbeddingModel", (("openai/types/embedding_model.py", "EmbeddingModel"),)),
    Want("ModerationModel", (("openai/types/moderation_model.py", "ModerationModel"),)),
    Want("CompletionsModel", (("openai/types/completion_create_params.py",
                               "CompletionCreateParamsBase.model"),)),
    Want("TranscriptionSessionModel", (("openai/types/realtime/audio_transcription.py",
                                        "AudioTranscription.model"),
                                       ("openai/types/realtime/audio_transcription_param.py",
                                        "AudioTranscriptionParam.model"))),
)


@dataclass
class _Index:
    """Lazily parsed files of one package."""

    src: PackageSource
    strict: bool
    skipped: list[str]
    texts: dict[str, str] = field(default_factory=dict)
    parsed: dict[str, list[Slot]] = field(default_factory=dict)

    def text(self, path: str) -> str:
        if path not in self.texts:
            self.texts[path] = self.src.read(path)
        return self.texts[path]

    def slots(self, path: str) -> list[Slot]:
        if path not in self.parsed:
            try:
                tree = ast.parse(self.text(path), filename=path)
            except SyntaxError as exc:
                self.skip(f"{path}:{exc.lineno}: cannot parse: {exc.msg}")
                tree = ast.Module(body=[], type_ignores=[])
            self.parsed[path] = find_slots(path, tree)
        return self.parsed[path]

    def skip(self, message: str) -> None:
        if self.strict:
            raise ExtractError(f"openai {self.src.version}: {message}")
        self.skipped.append(message)

    def find(self, symbol: str, prefer: Iterable[str] = ()) -> Slot | None:
        for path in prefer:
            if self.src.exists(path):
                hit = _match(self.slots(path), symbol)
                if hit is not None:
                    return hit
        owner = symbol.rpartition(".")[0]
        probe = re.compile(rf"^class {re.escape(owner)}\b" if owner else
                           rf"^{re.escape(symbol)}\b", re.M)
        for path in self.src.paths():
            if probe.search(self.text(path)):
                hit = _match(self.slots(path), symbol)
                if hit is not None:
                    return hit
        return None


def _match(slots: list[Slot], symbol: str) -> Slot | None:
    return next((s for s in slots if s.symbol == symbol), None)


def strict_default() -> bool:
    return os.environ.get("MODELMAP_STRICT", "").strip().lower() in ("1", "true", "yes")


def extract(src: PackageSource, generated_on: dt.date, *, strict: bool | None = None,
            source_label: str | None = None) -> dict[str, Any]:
    """The SDK layer for one package, as the JSON-ready dict `modelmap sync` writes."""
    strict = strict_default() if strict is None else strict
    index = _Index(src, strict, [])
    major = _major(src.version)
    literals: dict[str, dict[str, Any]] = {}
    resolved: dict[str, set[str]] = {}
    own: dict[str, Slot] = {}
    for want in WANTS:
        slot = None
        for path, symbol in want.places:
            slot = index.find(symbol, prefer=[path])
            if slot is not None:
                break
        if slot is None:
            if major is None or major >= want.since_major:
                index.skip(f"no Literal for {want.key} (looked for "
                           f"{', '.join(s for _, s in want.places)})")
            continue
        ids = list(slot.ids) if want.direct_only else _expand(index, slot, set())
        drop = {i for k in want.minus for i in literals.get(k, {}).get("ids", [])}
        ids = [i for i in dict.fromkeys(ids) if i not in drop]
        if not ids:
            index.skip(f"{slot.path}: {slot.symbol} lists no model IDs")
            continue
        literals[want.key] = {"path": slot.path, "symbol": slot.symbol, "ids": ids}
        resolved[want.key] = set(ids)
        own[want.key] = slot
    notes = _notes(index, literals, resolved, own)
    return {
        "schema": SCHEMA,
        "openai_version": src.version,
        "generated_on": generated_on.isoformat(),
        "source": source_label or src.label,
        "literals": literals,
        "notes": notes,
        "endpoint_notes": endpoint_notes(src, index.skip),
        "skipped": index.skipped,
    }


def _expand(index: _Index, slot: Slot, seen: set[str]) -> list[str]:
    """The slot's own IDs plus those of the aliases it refers to (same package)."""
    ids = list(slot.ids)
    for ref in slot.refs:
        if ref in seen or not ref[:1].isupper() or not ref.endswith(("Model", "ModelParam")):
            continue
        seen.add(ref)
        target = index.find(ref, prefer=_near(slot.path, ref))
        if target is not None:
            ids.extend(_expand(index, target, seen))
    return ids


def _near(path: str, name: str) -> list[str]:
    """Likely files for alias `name` next to `path` (ChatModel -> chat_model.py)."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    folder = path.rsplit("/", 1)[0]
    return [f"{folder}/{snake}.py", f"openai/types/shared/{snake}.py",
            f"openai/types/shared_params/{snake}.py", f"openai/types/{snake}.py"]


def _notes(index: _Index, literals: dict[str, dict[str, Any]], resolved: dict[str, set[str]],
           own: dict[str, Slot]) -> list[dict[str, Any]]:
    """Notes per canonical Literal: its own docstring first, then every other model slot,
    then dated deprecations on resource methods. An (ID, kind, date) is recorded once."""
    others: list[Slot] = []
    for path in index.src.paths():
        if "Deprecated values" in index.text(path):
            others.extend(s for s in index.slots(path) if has_block(s.doc))
    bullets: dict[Slot, list[DocNote]] = {}
    for slot in dict.fromkeys([*own.values(), *others]):
        if has_block(slot.doc):
            bullets[slot] = _checked_bullets(index, slot)
    methods = _method_notes(index, literals)
    seen: set[tuple[str, str, str, str | None]] = set()
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for key in literals:
        first = [own[key]] if own[key] in bullets else []
        sources = [(s.path, s.symbol, bullets[s]) for s in [*first, *(
            s for s in bullets if s not in first)]]
        sources.extend((m.path, m.symbol, [m.note]) for m in methods if m.key == key)
        for path, symbol, notes in sources:
            for bullet in notes:
                day = bullet.date.isoformat() if bullet.date else None
                fresh = [i for i in bullet.ids if i in resolved[key]
                         and (key, i, bullet.kind, day) not in seen]
                if not fresh:
                    continue
                seen.update((key, i, bullet.kind, day) for i in fresh)
                mkey = (key, bullet.kind, day, bullet.replacements, bullet.text, path)
                note = merged.setdefault(mkey, {
                    "ids": [], "literal": key, "kind": bullet.kind, "date": day,
                    "replacements": list(bullet.replacements), "text": bullet.text,
                    "path": path, "symbol": symbol})
                note["ids"].extend(i for i in fresh if i not in note["ids"])
    return list(merged.values())


_DATED_DEPRECATION = re.compile(r"deprecated\(\s*\"[^\"]*\d{4}")


def _method_notes(index: _Index, literals: dict[str, dict[str, Any]]) -> list[MethodNote]:
    aliases = {v["symbol"]: k for k, v in literals.items() if "." not in v["symbol"]}
    ids = {k: list(v["ids"]) for k, v in literals.items()}
    out: list[MethodNote] = []
    for path in index.src.paths("openai/resources/"):
        if not _DATED_DEPRECATION.search(index.text(path)):
            continue
        try:
            tree = ast.parse(index.text(path), filename=path)
        except SyntaxError as exc:
            index.skip(f"{path}:{exc.lineno}: cannot parse: {exc.msg}")
            continue
        out.extend(method_notes(path, tree, aliases, ids))
    return out


def _checked_bullets(index: _Index, slot: Slot) -> list[DocNote]:
    """The slot's known bullets; unknown shapes and stray IDs are reported (or raise)."""
    slot_ids = set(_expand(index, slot, set()))
    out = []
    for bullet in parse_block(slot.doc):
        where = f"{slot.path}:{slot.doc_line + bullet.line}"
        if bullet.kind == "unknown":
            index.skip(f"{where}: unknown 'Deprecated values' line: {bullet.text[:120]}")
            continue
        stray = [i for i in bullet.ids if i not in slot_ids]
        if stray:
            index.skip(f"{where}: names IDs not in {slot.symbol}: {', '.join(stray)}")
        out.append(bullet)
    return out


def _major(version: str) -> int | None:
    m = re.match(r"(\d+)", version)
    return int(m.group(1)) if m else None
