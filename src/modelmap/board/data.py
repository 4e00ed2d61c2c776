"""What the board shows, read from the catalog as of a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from modelmap.catalog.model import Catalog, Label
from modelmap.errors import UsageError

KEYWORDS_SHOWN = 3
"""Russian and Chinese keywords shown per job (the heaviest first)."""


@dataclass(frozen=True)
class JobRow:
    key: str
    title: str
    ru: tuple[str, ...]
    zh: tuple[str, ...]
    surface: str
    surface_name: str
    model: str | None
    model_is_label: bool
    kind: str
    """use | recheck | no-path | none (no route dated yet)."""
    why: str
    hold_back: str
    fallback: str
    recheck: tuple[str, ...]
    recheck_by: dt.date | None
    """The route's verified_on plus the catalog's route time-to-live."""
    overdue: bool
    since: dt.date | None
    source: str


@dataclass(frozen=True)
class LabelRow:
    name: str
    variants: tuple[str, ...]
    kind: str
    surface: str
    api_ids: tuple[str, ...]
    caveat: str
    source: str


@dataclass(frozen=True)
class Shutdown:
    model: str
    shutdown: dt.date
    deprecated: dt.date | None
    replacement: tuple[str, ...]
    days: int
    """Days from as_of to the shutdown (negative: already shut down)."""
    source: str


@dataclass(frozen=True)
class Board:
    as_of: dt.date
    curated_verified_on: dt.date
    sdk: str
    data_version: str
    jobs: tuple[JobRow, ...]
    labels: tuple[LabelRow, ...]
    shutdowns: tuple[Shutdown, ...]


def _keywords(words: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    ranked = sorted(words, key=lambda kw: (-kw[1], kw[0]))
    return tuple(w for w, _ in ranked[:KEYWORDS_SHOWN])


def job_rows(catalog: Catalog, as_of: dt.date) -> list[JobRow]:
    from modelmap.route import route

    ttl = dt.timedelta(days=catalog.meta.ttl_days.get("route", 90))
    rows = []
    for job in catalog.jobs.values():
        ru, zh = _keywords(job.keywords.get("ru", ())), _keywords(job.keywords.get("zh", ()))
        try:
            ans = route(catalog, job.key, as_of)
        except UsageError:
            rows.append(JobRow(job.key, job.title, ru, zh, "", "", None, False, "none",
                               f"No route dated on or before {as_of}.", "", "", (), None,
                               False, None, ""))
            continue
        r = ans.route
        surface = catalog.surfaces.get(r.surface)
        by = r.source.verified_on + ttl
        rows.append(JobRow(
            key=job.key, title=job.title, ru=ru, zh=zh, surface=r.surface,
            surface_name=surface.name if surface else r.surface, model=r.model,
            model_is_label=ans.model_kind == "label", kind=ans.kind, why=r.why,
            hold_back=r.hold_back, fallback=r.fallback, recheck=r.recheck, recheck_by=by,
            overdue=by < as_of, since=r.since, source=r.source.url))
    return rows


def label_rows(catalog: Catalog) -> list[LabelRow]:
    seen: dict[str, Label] = {}
    for label in catalog.labels.values():
        seen.setdefault(label.name, label)
    return [LabelRow(name=lb.name, variants=lb.variants, kind=lb.kind, surface=lb.surface,
                     api_ids=lb.api_ids, caveat=lb.caveat, source=lb.source.url)
            for lb in sorted(seen.values(), key=lambda lb: lb.name.lower())]


def shutdowns(catalog: Catalog, as_of: dt.date) -> list[Shutdown]:
    """Every model with a shutdown date by the best-ranked claim, soonest first."""
    from modelmap.catalog.load import replacement_as_of

    out = []
    for model, claims in catalog.lifecycle.items():
        best = claims[0]
        if best.shutdown_date is None:
            continue
        rep = replacement_as_of(claims, as_of)
        out.append(Shutdown(model=model, shutdown=best.shutdown_date,
                            deprecated=best.deprecated_on,
                            replacement=rep.ids if rep else (),
                            days=(best.shutdown_date - as_of).days, source=best.source.url))
    return sorted(out, key=lambda s: (s.shutdown, s.model))


def board_data(catalog: Catalog, as_of: dt.date) -> Board:
    meta = catalog.meta
    sdk = f"openai {meta.sdk_version} ({meta.sdk_origin} layer" + (
        f", generated {meta.sdk_generated_on})" if meta.sdk_generated_on else ")") \
        if meta.sdk_version else "no SDK layer"
    return Board(as_of=as_of, curated_verified_on=meta.curated_verified_on, sdk=sdk,
                 data_version=meta.data_version, jobs=tuple(job_rows(catalog, as_of)),
                 labels=tuple(label_rows(catalog)),
                 shutdowns=tuple(shutdowns(catalog, as_of)))
