"""status(model, as_of): current / deprecated / shut-down / unknown, as of a date.

`status_of_name` accepts what people write: an ID, or a display name or label that stands for
one ID (modelmap.resolve), and says which of the two it answered for. A fine-tuned model
(`ft:<base>:...`) answers with its base model's lifecycle (via `fine-tune`): OpenAI shuts
fine-tunes down with their base. Surrounding whitespace is ignored.

Before a model's release date (when the catalog has one) the state is `not-released`; for a
model without one that would count as current, a date before the catalog's earliest dated
fact is `before-catalog`: the catalog cannot say whether the model existed then.
"""

from __future__ import annotations

import datetime as dt

from modelmap.catalog.load import replacement_as_of
from modelmap.catalog.model import Catalog, Lifecycle, Model, Source
from modelmap.record import record


@record
class Status:
    """A model's lifecycle state on one date."""

    id: str
    """The ID asked about."""
    state: str
    """current | deprecated | shut-down | unknown | not-released | before-catalog."""
    shutdown_date: dt.date | None
    """Announced or executed shutdown, if any."""
    days_left: int | None
    """Days from as_of to the shutdown (negative once past)."""
    replacement: tuple[str, ...]
    """Recommended successors as of `replacement_as_of` (empty: none named)."""
    replacement_as_of: dt.date | None
    """Date of the page version that named the replacement."""
    as_of: dt.date
    source: Source | None
    """Source of the winning lifecycle claim."""
    note: str
    """What the winning source says, in short."""
    contested: bool
    """Whether another source gives a different date (see `modelmap facts --conflicts`)."""

    @property
    def strong(self) -> bool:
        """Whether a verdict on this status may be an error (rank 1-2, H/MH)."""
        return self.source is not None and self.source.strong


def status(catalog: Catalog, model_id: str, as_of: dt.date) -> Status:
    """Lifecycle state of `model_id` on `as_of` (a surface shutdown counts too)."""
    model = catalog.models.get(model_id)
    claims: tuple[Lifecycle, ...] = catalog.lifecycle.get(model_id, ())
    if not claims and model is not None and model.base:
        claims = catalog.lifecycle.get(model.base, ())
    if model is None and not claims:
        return Status(model_id, "unknown", None, None, (), None, as_of, None,
                      "not in the catalog", False)
    best = claims[0] if claims else None
    shutdown = best.shutdown_date if best else None
    source = best.source if best else (model.sources[0] if model and model.sources else None)
    note = best.note if best else (model.note if model else "")
    if shutdown is None and model is not None:
        # A model whose only surfaces are all shut down is shut down with them.
        dead = [catalog.surfaces[s] for s in model.surfaces if s in catalog.surfaces]
        api = [s for s in dead if s.group == "api"]
        if api and all(s.shutdown_date for s in api):
            shutdown = max(s.shutdown_date for s in api if s.shutdown_date)
            source = api[0].source
    rep = replacement_as_of(claims, as_of)
    contested = any(c.subject == model_id and c.field == "shutdown_date"
                    for c in catalog.conflicts)
    announced = best.deprecated_on if best else None
    if best is not None and announced is None:
        # The SDK layer dates a shutdown but not its notice: borrow the notice date from
        # another claim that agrees on the same shutdown date.
        announced = next((c.deprecated_on for c in claims if c.deprecated_on is not None
                          and c.shutdown_date == best.shutdown_date), None)
    if shutdown is None:
        state, days = "current", None
    else:
        days = (shutdown - as_of).days
        if days <= 0:
            state = "shut-down"
        elif announced is not None and as_of < announced:
            state = "current"  # the notice had not been given yet on that date
        else:
            state = "deprecated"
    early = _before_release(catalog, model, as_of, state)
    if early is not None:
        state, note = early
    return Status(
        id=model_id, state=state, shutdown_date=shutdown, days_left=days,
        replacement=rep.ids if rep else (), replacement_as_of=rep.as_of if rep else None,
        as_of=as_of, source=source, note=note, contested=contested,
    )


def status_of_name(catalog: Catalog, name: str, as_of: dt.date) -> tuple[Status, str | None]:
    """The status of `name` (an ID), else of the one ID a display name or label stands for;
    with the kind of name it went through (None: `name` itself is known to the catalog)."""
    name = name.strip()
    direct = status(catalog, name, as_of)
    if direct.state != "unknown":
        return direct, None
    from modelmap.resolve import resolve

    res = resolve(catalog, name)
    target = res.target if res.kind in ("display-name", "label", "model", "snapshot",
                                        "alias", "fine-tune") else None
    if target is None:
        return direct, None
    found = status(catalog, target, as_of)
    return (found, res.kind) if found.state != "unknown" else (direct, None)


def _before_release(catalog: Catalog, model: Model | None, as_of: dt.date, state: str
                    ) -> tuple[str, str] | None:
    """(state, note) when `as_of` is before the model existed, as far as the catalog knows:
    before its release date, or (for a model that would count as current) before the
    catalog's earliest dated fact."""
    if model is not None and model.released is not None:
        if as_of < model.released:
            return "not-released", f"released on {model.released}, after {as_of}"
        return None
    if state != "current":
        return None  # deprecated or shut down: the claim itself says the model existed
    floor = known_since(catalog)
    if floor is not None and as_of < floor:
        return "before-catalog", (f"{as_of} is before the catalog's earliest dated fact "
                                  f"({floor}): it cannot say whether the model existed then")
    return None


_FLOOR: list[tuple[Catalog, dt.date | None]] = []
"""The last catalog asked about and its floor (held, so its identity cannot be reused)."""


def known_since(catalog: Catalog) -> dt.date | None:
    """The earliest date the catalog records: a release, a deprecation notice or a
    shutdown (the models it names existed before it)."""
    if not _FLOOR or _FLOOR[0][0] is not catalog:
        days = [m.released for m in catalog.models.values() if m.released is not None]
        days += [d for claims in catalog.lifecycle.values() for c in claims
                 for d in (c.deprecated_on, c.shutdown_date) if d is not None]
        _FLOOR[:] = [(catalog, min(days, default=None))]
    return _FLOOR[0][1]
