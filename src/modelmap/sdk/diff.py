"""Compare two SDK layers: IDs added and removed per Literal, notes (dates) that changed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class NoteChange:
    """One ID whose dated notes differ between the layers (per Literal)."""

    id: str
    literals: tuple[str, ...]
    before: tuple[str, ...]
    """Notes in the old layer, e.g. `shutdown 2027-01-14`; empty: none."""
    after: tuple[str, ...]


@dataclass(frozen=True)
class LayerDiff:
    """What changed from `old` to `new`."""

    old_version: str | None
    new_version: str
    added: dict[str, list[str]] = field(default_factory=dict)
    """Literal -> IDs only in the new layer."""
    removed: dict[str, list[str]] = field(default_factory=dict)
    """Literal -> IDs only in the old layer."""
    literals_added: list[str] = field(default_factory=list)
    literals_removed: list[str] = field(default_factory=list)
    notes: list[NoteChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.notes or self.literals_added
                    or self.literals_removed)

    def counts(self) -> dict[str, int]:
        return {
            "ids_added": sum(len(v) for v in self.added.values()),
            "ids_removed": sum(len(v) for v in self.removed.values()),
            "notes_changed": len(self.notes),
            "dates_changed": sum(1 for n in self.notes if _dates(n.before) != _dates(n.after)),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version, "new_version": self.new_version,
            "literals_added": self.literals_added, "literals_removed": self.literals_removed,
            "ids_added": self.added, "ids_removed": self.removed,
            "notes_changed": [{"id": n.id, "literals": list(n.literals), "before": list(n.before),
                               "after": list(n.after)} for n in self.notes],
            "counts": self.counts(),
        }


def _dates(notes: tuple[str, ...]) -> set[str]:
    """The dates named in note descriptions (kind changes without a date don't count)."""
    return {d for n in notes for d in _DAY.findall(n.split(" (", 1)[0])}


def _ids(layer: Mapping[str, Any] | None) -> dict[str, list[str]]:
    if not layer:
        return {}
    return {k: list(v.get("ids", [])) for k, v in layer.get("literals", {}).items()}


def _describe(note: Mapping[str, Any]) -> str:
    text = str(note.get("kind"))
    if note.get("date"):
        text += f" {note['date']}"
    if note.get("replacements"):
        text += f" (use {', '.join(note['replacements'])})"
    return text


def _notes(layer: Mapping[str, Any] | None) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for note in (layer or {}).get("notes", []):
        for model_id in note.get("ids", []):
            out.setdefault((str(note.get("literal")), model_id), set()).add(_describe(note))
    for note in (layer or {}).get("endpoint_notes", []):  # dated endpoints, under "endpoint"
        for path in note.get("endpoints", []):
            out.setdefault(("endpoint", path), set()).add(_describe(note))
    return out


def diff_layers(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> LayerDiff:
    """The changes from `old` (None: no layer yet) to `new`, in the new layer's order."""
    old_ids, new_ids = _ids(old), _ids(new)
    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for lit in dict.fromkeys([*new_ids, *old_ids]):
        was, now = old_ids.get(lit, []), new_ids.get(lit, [])
        plus = [i for i in now if i not in set(was)]
        minus = [i for i in was if i not in set(now)]
        if plus:
            added[lit] = plus
        if minus:
            removed[lit] = minus
    old_notes, new_notes = _notes(old), _notes(new)
    grouped: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for lit, model_id in dict.fromkeys([*new_notes, *old_notes]):
        before = tuple(sorted(old_notes.get((lit, model_id), ())))
        after = tuple(sorted(new_notes.get((lit, model_id), ())))
        if before == after:
            continue
        grouped.setdefault((model_id, before, after), []).append(lit)
    changes = [NoteChange(model_id, tuple(lits), before, after)
               for (model_id, before, after), lits in grouped.items()]
    return LayerDiff(
        old_version=str(old["openai_version"]) if old else None,
        new_version=str(new["openai_version"]),
        added=added, removed=removed,
        literals_added=[k for k in new_ids if k not in old_ids] if old else [],
        literals_removed=[k for k in old_ids if k not in new_ids],
        notes=changes,
    )


def format_diff(diff: LayerDiff) -> list[str]:
    """Plain lines for the terminal."""
    lines = [f"openai {diff.old_version or '(no layer)'} -> {diff.new_version}"]
    if diff.empty:
        return [*lines, "no changes: same IDs and notes"]
    c = diff.counts()
    if diff.literals_added:
        lines.append(f"Literals added: {', '.join(diff.literals_added)}")
    if diff.literals_removed:
        lines.append(f"Literals removed: {', '.join(diff.literals_removed)}")
    for title, table, count in (("IDs added", diff.added, c["ids_added"]),
                                ("IDs removed", diff.removed, c["ids_removed"])):
        if table:
            lines.append(f"{title} ({count}):")
            lines.extend(f"  {lit}: {', '.join(ids)}" for lit, ids in table.items())
    if diff.notes:
        lines.append(f"Notes changed ({len(diff.notes)}; dates changed: {c['dates_changed']}):")
        groups: dict[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], list[str]] = {}
        for n in diff.notes:
            groups.setdefault((n.literals, n.before, n.after), []).append(n.id)
        for (lits, before, after), ids in groups.items():
            lines.append(f"  [{', '.join(lits)}] {'; '.join(before) or 'no note'} -> "
                         f"{'; '.join(after) or 'no note'}: {', '.join(ids)}")
    return lines
