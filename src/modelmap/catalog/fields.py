"""Typed field readers for catalog files: every error names file, entry and field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from modelmap.catalog.model import Confidence, Rank, Source
from modelmap.errors import CatalogError

TYPE_CHECKING = False  # not `import typing`: ~3 ms of every start-up
if TYPE_CHECKING:
    from typing import Any


class Entry:
    """One table of a data file, with the context needed for a one-line error."""

    def __init__(self, file: str, label: str, data: Mapping[str, Any]) -> None:
        self.file = file
        self.label = label
        self.data = data

    def fail(self, field: str, message: str) -> CatalogError:
        return CatalogError(self.file, self.label, field, message)

    def has(self, field: str) -> bool:
        return field in self.data

    def text(self, field: str, default: str | None = None) -> str:
        value = self.data.get(field, default)
        if value is None:
            raise self.fail(field, "is required")
        if not isinstance(value, str):
            raise self.fail(field, f"must be a string, got {type(value).__name__}")
        return value

    def opt_text(self, field: str) -> str | None:
        if field not in self.data:
            return None
        return self.text(field)

    def flag(self, field: str, default: bool = False) -> bool:
        value = self.data.get(field, default)
        if not isinstance(value, bool):
            raise self.fail(field, f"must be true or false, got {value!r}")
        return value

    def integer(self, field: str, default: int | None = None) -> int:
        value = self.data.get(field, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(field, f"must be an integer, got {value!r}")
        return value

    def texts(self, field: str) -> tuple[str, ...]:
        value = self.data.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(field, "must be a list of strings")
        return tuple(value)

    def day(self, field: str) -> dt.date:
        value = self.data.get(field)
        if value is None:
            raise self.fail(field, "is required (a date, YYYY-MM-DD)")
        return self._as_date(field, value)

    def opt_day(self, field: str) -> dt.date | None:
        value = self.data.get(field)
        return None if value is None else self._as_date(field, value)

    def _as_date(self, field: str, value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(field, f"must be a date YYYY-MM-DD, got {value!r}")

    def tables(self, field: str) -> list[Mapping[str, Any]]:
        value = self.data.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(field, "must be an array of tables")
        return value

    def table(self, field: str) -> Mapping[str, Any] | None:
        value = self.data.get(field)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(field, "must be a table")
        return value

    def source(self, defaults: Mapping[str, Any] | None = None) -> Source:
        """Read source/verified_on/confidence/rank, falling back to a parent's values."""
        merged: dict[str, Any] = dict(defaults or {})
        merged.update({k: v for k, v in self.data.items() if v is not None})
        child = Entry(self.file, self.label, merged)
        url = child.text("source")
        verified = child.day("verified_on")
        conf_raw = child.text("confidence", "H")
        try:
            confidence = Confidence(conf_raw)
        except ValueError:
            msg = f"must be one of H, MH, M, L, got {conf_raw!r}"
            raise child.fail("confidence", msg) from None
        rank_raw = child.integer("rank", int(Rank.OPENAI))
        try:
            rank = Rank(rank_raw)
        except ValueError:
            raise child.fail("rank", f"must be 1, 2 or 3, got {rank_raw!r}") from None
        return Source(url=url, verified_on=verified, confidence=confidence, rank=rank)

    def reject_unknown(self, allowed: set[str]) -> None:
        """Typos in field names are errors, not silently ignored data."""
        for key in self.data:
            if key not in allowed:
                raise self.fail(key, "is not a known field")


SOURCE_FIELDS = {"source", "verified_on", "confidence", "rank"}
