"""The image ledger: one JSONL line per checked generation, and its summary.

A line: {"v": 1, "at", "as_of", "via", "endpoint", "model", "size", "quality", "format", "n",
"images", "usage", "cost_usd", "cost_basis", "price_source", "price_verified_on", "outcome",
"retries", "findings"}. `outcome` is accepted (no error about the outputs) or blocked (errors,
or the guard refused the call: nothing was sent). `retries` is null when unknown.
`cost_usd` is an estimate from the dated price table (modelmap.image.prices), null when the
table has no price for the model.

The summary counts accepted / blocked / retried lines and divides the whole estimated spend
(blocked calls cost money too) by the number of accepted images, overall and per model and size.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelmap.errors import UsageError

OUTCOMES = ("accepted", "blocked")


def line(*, via: str, endpoint: str, model: str | None, params: Mapping[str, Any],
         as_of: dt.date, images: int, usage: Mapping[str, Any] | None, outcome: str,
         retries: int | None, findings: Iterable[str], sent: bool = True) -> dict[str, Any]:
    """One ledger record, with the cost estimated from the shipped price table (0 when the
    call was never sent)."""
    from modelmap.image.prices import estimate, load_prices

    size = params.get("size") or "auto"
    quality = params.get("quality") or "auto"
    cost = estimate(load_prices(), model, as_of, usage=usage, quality=str(quality),
                    size=str(size), images=images) if sent else None
    return {
        "v": 1, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "as_of": as_of.isoformat(), "via": via, "endpoint": endpoint, "model": model,
        "size": str(size), "quality": str(quality),
        "format": str(params.get("output_format") or "png"), "n": params.get("n", 1),
        "images": images, "usage": dict(usage) if usage else None,
        "cost_usd": cost.usd if cost else (None if sent else 0.0),
        "cost_basis": cost.basis if cost else (None if sent else "not sent"),
        "price_source": cost.source.url if cost else None,
        "price_verified_on": cost.source.verified_on.isoformat() if cost else None,
        "outcome": outcome, "retries": retries, "findings": sorted(set(findings)),
    }


def append(path: Path | str, record: Mapping[str, Any]) -> None:
    """Append one line with a single write (O_APPEND keeps concurrent lines whole)."""
    data = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


@dataclass
class Tally:
    """Counts for one group of ledger lines."""

    lines: int = 0
    accepted: int = 0
    blocked: int = 0
    retried: int = 0
    images_accepted: int = 0
    cost_usd: float = 0.0
    uncosted: int = 0
    """Lines without a cost estimate (their spend is unknown, not zero)."""
    unpriced: dict[str, int] = field(default_factory=dict)
    """Why lines have no estimate, counted (see `why_unpriced`)."""

    @property
    def cost_per_accepted_image(self) -> float | None:
        """None when nothing was accepted or no line has a price (unknown, not free)."""
        if not self.images_accepted or self.uncosted == self.lines:
            return None
        return round(self.cost_usd / self.images_accepted, 6)

    def add(self, rec: Mapping[str, Any]) -> None:
        self.lines += 1
        if rec["outcome"] == "accepted":
            self.accepted += 1
            self.images_accepted += rec["images"]
        else:
            self.blocked += 1
        if (rec.get("retries") or 0) > 0:
            self.retried += 1
        if rec.get("cost_usd") is None:
            self.uncosted += 1
            why = why_unpriced(rec)
            self.unpriced[why] = self.unpriced.get(why, 0) + 1
        else:
            self.cost_usd += rec["cost_usd"]

    def as_dict(self) -> dict[str, Any]:
        return {"lines": self.lines, "accepted": self.accepted, "blocked": self.blocked,
                "retried": self.retried, "images_accepted": self.images_accepted,
                "cost_usd": round(self.cost_usd, 6), "uncosted_lines": self.uncosted,
                "uncosted_why": dict(sorted(self.unpriced.items())),
                "cost_per_accepted_image": self.cost_per_accepted_image}


def why_unpriced(rec: Mapping[str, Any]) -> str:
    """Why a ledger line has no cost estimate, in a few words: what to change to get one."""
    if not rec.get("model"):
        return "no model"
    if rec.get("usage"):
        return f"no token price for {rec['model']}"
    if rec.get("quality") in (None, "auto"):
        return "quality auto (the API picks it; pass quality= or log usage)"
    return f"no per-image price for {rec['model']} {rec.get('size')} {rec.get('quality')}"


def read(path: Path) -> list[dict[str, Any]]:
    """Every record; UsageError names the file, line and field of the first bad one."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    out = []
    for no, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except ValueError as exc:
            raise UsageError(f"{path}:{no}: not valid JSON: {exc}") from None
        if not isinstance(rec, dict):
            raise UsageError(f"{path}:{no}: a ledger line must be a JSON object")
        _check(path, no, rec)
        out.append(rec)
    return out


def _check(path: Path, no: int, rec: Mapping[str, Any]) -> None:
    def bad(field: str, want: str) -> UsageError:
        return UsageError(f"{path}:{no}: field '{field}' must be {want}, got "
                          f"{json.dumps(rec.get(field))}")

    if rec.get("outcome") not in OUTCOMES:
        raise bad("outcome", "accepted or blocked")
    for name in ("model", "size"):
        if rec.get(name) is not None and not isinstance(rec[name], str):
            raise bad(name, "a string or null")
    images = rec.get("images")
    if not isinstance(images, int) or isinstance(images, bool) or images < 0:
        raise bad("images", "a non-negative integer")
    cost = rec.get("cost_usd")
    if cost is not None and (isinstance(cost, bool) or not isinstance(cost, int | float)):
        raise bad("cost_usd", "a number or null")
    retries = rec.get("retries")
    if retries is not None and (isinstance(retries, bool) or not isinstance(retries, int)):
        raise bad("retries", "an integer or null")


def summarise(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Totals and per (model, size) groups, groups sorted by model then size."""
    total = Tally()
    groups: dict[tuple[str, str], Tally] = {}
    for rec in records:
        total.add(rec)
        key = (rec.get("model") or "(none)", rec.get("size") or "auto")
        groups.setdefault(key, Tally()).add(rec)
    return {"total": total.as_dict(),
            "by_model_size": [{"model": m, "size": s, **t.as_dict()}
                              for (m, s), t in sorted(groups.items())]}
