"""Flatten every sourced entry of the catalog into Facts, and judge their freshness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from modelmap.catalog.fields import Entry
from modelmap.catalog.model import Catalog, Fact, Lifecycle, Rank


def collect_facts(catalog: Catalog, claims: Iterable[Lifecycle]) -> list[Fact]:
    """Every fact the catalog rests on, one line each."""
    out: list[Fact] = []
    for s in catalog.surfaces.values():
        text = f"{s.name}: {s.endpoint or 'product surface'}"
        if s.shutdown_date:
            text += f"; shut down {s.shutdown_date}"
        out.append(Fact(s.key, "surface", text, s.source))
    for m in catalog.models.values():
        for src in m.sources:
            if src.rank == Rank.SDK and m.id in catalog.models and len(m.sources) > 1:
                continue  # the SDK listing is summarised per layer, not per ID
            where = ", ".join(sorted(m.surfaces)) or "no surface"
            out.append(Fact(m.id, "id", f"{m.id} ({m.kind}) served by {where}", src))
        if m.codex is not None:
            c = m.codex
            out.append(Fact(m.id, "availability",
                            f"Codex CLI {_yn(c.cli)}, IDE {_yn(c.ide)}, Cloud {_yn(c.cloud)}, "
                            f"ChatGPT credits {_yn(c.chatgpt_credits)}, API {_yn(c.api_access)}"
                            + (f"; retired for ChatGPT sign-in {c.chatgpt_signin_retired_on}"
                               if c.chatgpt_signin_retired_on else ""), c.source))
    for claim in claims:
        day = claim.shutdown_date.isoformat() if claim.shutdown_date else "no date"
        out.append(Fact(claim.model, "lifecycle", f"shutdown {day}", claim.source))
    seen: set[str] = set()
    for label in catalog.labels.values():
        if label.name in seen:
            continue
        seen.add(label.name)
        out.append(Fact(label.name, "label",
                        f"not an API ID; use {', '.join(label.api_ids) or 'no API route'}",
                        label.source))
    for job in catalog.jobs.values():
        for r in job.routes:
            out.append(Fact(job.key, "route", f"{r.surface} {r.model or '-'} (since {r.since})",
                            r.source))
    for err in catalog.errors:
        out.append(Fact(err.key, "error", err.cause, err.source))
    out.extend(_free_facts(catalog.params.get("facts")))
    return out


def _free_facts(raw: Any) -> Iterator[Fact]:
    """Volatile claims kept in facts.toml (prices, quotas, limits)."""
    if not isinstance(raw, Mapping):
        return
    for i, item in enumerate(raw.get("fact", [])):
        e = Entry("facts.toml", f"fact[{i}]", item)
        yield Fact(e.text("subject"), e.text("kind"), e.text("claim"), e.source())


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


def stale_facts(catalog: Catalog, as_of: dt.date,
                ttl_override: Mapping[str, int] | None = None) -> list[tuple[Fact, int, int]]:
    """Facts older than their kind's time-to-live: (fact, age_days, ttl_days)."""
    ttl = {**catalog.meta.ttl_days, **(ttl_override or {})}
    out = []
    for fact in catalog.facts:
        limit = ttl.get(fact.kind, ttl.get("id", 365))
        age = (as_of - fact.source.verified_on).days
        if age > limit:
            out.append((fact, age, limit))
    out.sort(key=lambda t: (-(t[1] - t[2]), t[0].subject))
    return out
