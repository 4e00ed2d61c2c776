"""Live verify: what the user's key sees in GET /v1/models, compared with the catalog.

`parse_listing` (payload -> RemoteModel list, strict) and `compare` (catalog + listing ->
VerifyReport) are pure. The network side (`fetch_models`) is `modelmap.verify_http`, which
imports this module and never the other way round.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from modelmap.catalog.model import Catalog, Source
from modelmap.errors import RemoteError
from modelmap.status import status

_SNAPSHOT = re.compile(r"^(?P<base>.+)-\d{4}-\d{2}-\d{2}$")
_SAFE_ID = re.compile(r"[\x21-\x7e]{1,200}")  # printable ASCII, no spaces, bounded
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class RemoteModel:
    """One entry of GET /v1/models."""

    id: str
    """The model ID as the API lists it."""
    owned_by: str
    """`owned_by` (empty when the server left it out)."""
    created: int | None
    """Unix time of creation, if given."""
    shutdown_date: dt.date | None
    """Announced shutdown; None when null or absent."""
    has_shutdown_field: bool
    """Whether the entry carried `shutdown_date` at all (null counts as present)."""


@dataclass(frozen=True)
class Invisible:
    """A catalog model the key should be able to use but that the listing lacks."""

    id: str
    surfaces: tuple[str, ...]
    """The API surfaces the catalog says serve it."""
    message: str


@dataclass(frozen=True)
class Unknown:
    """An ID the key sees that the catalog does not know."""

    id: str
    owned_by: str
    shutdown_date: dt.date | None
    hint: str
    """What it looks like (a dated snapshot of a known model), or empty."""


@dataclass(frozen=True)
class ShutdownMismatch:
    """The API's `shutdown_date` for an ID differs from the catalog's."""

    id: str
    remote: dt.date | None
    catalog: dt.date | None
    source: Source | None
    """Source of the catalog's date (the winning lifecycle claim)."""
    message: str


@dataclass(frozen=True)
class VerifyReport:
    """The result of comparing one listing with the catalog on one date."""

    as_of: dt.date
    listed: int
    """Entries in the listing (fine-tunes included)."""
    fine_tunes: int
    """`ft:` entries skipped."""
    without_shutdown_field: int
    """Entries that carried no `shutdown_date` (an older server or a gateway)."""
    shutdown: tuple[ShutdownMismatch, ...]
    invisible: tuple[Invisible, ...]
    unknown: tuple[Unknown, ...]

    @property
    def findings(self) -> int:
        """Disagreements that fail a run: shutdown mismatches and invisible current models."""
        return len(self.shutdown) + len(self.invisible)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _bad(where: str, expected: str, value: Any) -> RemoteError:
    return RemoteError(f"GET /models returned a malformed payload: {where}: expected {expected}, "
                       f"got {_show(value)} ({type(value).__name__})")


def parse_listing(payload: Any) -> list[RemoteModel]:
    """Validate a decoded GET /v1/models body strictly; RemoteError names the first bad field.

    Fields modelmap uses (`id`, `shutdown_date`) must be well formed; `object`, `created` and
    `owned_by` are type-checked when present. Duplicate IDs keep their first entry.
    """
    if not isinstance(payload, dict):
        raise _bad("top level", "an object", payload)
    if "object" in payload and payload["object"] != "list":
        raise _bad("object", "'list'", payload["object"])
    data = payload.get("data")
    if not isinstance(data, list):
        raise _bad("data", "a list", data)
    out: dict[str, RemoteModel] = {}
    for i, item in enumerate(data):
        where = f"data[{i}]"
        if not isinstance(item, dict):
            raise _bad(where, "an object", item)
        model_id = item.get("id")
        if not isinstance(model_id, str) or not _SAFE_ID.fullmatch(model_id):
            raise _bad(f"{where}.id", "a model ID (1-200 printable characters)", model_id)
        if item.get("object", "model") != "model":
            raise _bad(f"{where}.object", "'model'", item["object"])
        created = item.get("created")
        if created is not None and (not isinstance(created, int) or isinstance(created, bool)):
            raise _bad(f"{where}.created", "an integer", created)
        owned_by = item.get("owned_by", "")
        if not isinstance(owned_by, str):
            raise _bad(f"{where}.owned_by", "a string", owned_by)
        raw = item.get("shutdown_date")
        day: dt.date | None = None
        if raw is not None:
            if not isinstance(raw, str) or not _DATE.fullmatch(raw):
                raise _bad(f"{where}.shutdown_date", "YYYY-MM-DD or null", raw)
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                raise _bad(f"{where}.shutdown_date", "a real date", raw) from None
        out.setdefault(model_id, RemoteModel(
            id=model_id, owned_by=_printable(owned_by), created=created, shutdown_date=day,
            has_shutdown_field="shutdown_date" in item))
    return list(out.values())


def _printable(text: str) -> str:
    """Drop control characters (a hostile server's escape sequences) and bound the length."""
    clean = "".join(ch for ch in text if ch.isprintable())
    return clean[:100]


def expected_visible(catalog: Catalog, as_of: dt.date) -> list[str]:
    """Catalog IDs an API key should see: API-served models, current on `as_of`.

    Snapshots and aliases are left out (listings vary), as are IDs a source marks unsupported
    and Codex models without API access.
    """
    out = []
    for model in catalog.models.values():
        if model.kind != "model" or model.unsupported:
            continue
        if not any(s.startswith("api.") for s in model.surfaces):
            continue
        if model.codex is not None and not model.codex.api_access:
            continue
        if status(catalog, model.id, as_of).state == "current":
            out.append(model.id)
    return sorted(out)


def _known(catalog: Catalog, model_id: str) -> bool:
    return model_id in catalog.models or model_id in catalog.lifecycle


def _hint(catalog: Catalog, model_id: str) -> str:
    m = _SNAPSHOT.match(model_id)
    if m and _known(catalog, m["base"]):
        return f"a dated snapshot of {m['base']}, which the catalog knows"
    return ""


def _where(src: Source | None) -> str:
    if src is None:
        return "no source"
    return f"{src.url}, verified {src.verified_on}, rank {int(src.rank)}"


def compare(catalog: Catalog, listing: Sequence[RemoteModel], as_of: dt.date) -> VerifyReport:
    """Compare what a key sees with the catalog on `as_of`."""
    seen = {r.id: r for r in listing}
    shutdown: list[ShutdownMismatch] = []
    unknown: list[Unknown] = []
    fine_tunes = 0
    for remote in sorted(seen.values(), key=lambda r: r.id):
        if remote.id.startswith("ft:"):
            fine_tunes += 1
            continue
        if not _known(catalog, remote.id):
            unknown.append(Unknown(remote.id, remote.owned_by, remote.shutdown_date,
                                   _hint(catalog, remote.id)))
            continue
        if not remote.has_shutdown_field:
            continue  # the server does not report dates: nothing to compare
        st = status(catalog, remote.id, as_of)
        if st.shutdown_date == remote.shutdown_date:
            continue
        said = (f"the API says shutdown {remote.shutdown_date}" if remote.shutdown_date
                else "the API announces no shutdown")
        cat = (f"the catalog says {st.shutdown_date}" if st.shutdown_date
               else "the catalog has no shutdown date")
        shutdown.append(ShutdownMismatch(
            remote.id, remote.shutdown_date, st.shutdown_date, st.source,
            f"{remote.id}: {said}; {cat} ({_where(st.source)})"))
    invisible = []
    for model_id in expected_visible(catalog, as_of):
        if model_id in seen:
            continue
        surfaces = tuple(sorted(s for s in catalog.models[model_id].surfaces
                                if s.startswith("api.")))
        invisible.append(Invisible(
            model_id, surfaces,
            f"{model_id}: not listed for this key (access, not name: the ID is valid; check "
            "the organization and project the key belongs to, organization verification, "
            "usage tier, or a staged rollout)"))
    return VerifyReport(
        as_of=as_of, listed=len(listing), fine_tunes=fine_tunes,
        without_shutdown_field=sum(1 for r in seen.values() if not r.has_shutdown_field),
        shutdown=tuple(shutdown), invisible=tuple(invisible), unknown=tuple(unknown))


__all__ = ["Invisible", "RemoteModel", "ShutdownMismatch", "Unknown", "VerifyReport",
           "compare", "expected_visible", "parse_listing"]
