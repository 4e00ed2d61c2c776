"""Flatten every sourced entry of the catalog into Facts, and judge their freshness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from modelmap.catalog.fields import Entry
from modelmap.catalog.model import Catalog, Conflict, Fact, Lifecycle, Rank
from modelmap.errors import CatalogError


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
        # An executed shutdown is history, like a superseded route: it cannot go stale.
        out.append(Fact(claim.model, "lifecycle", f"shutdown {day}", claim.source,
                        until=claim.shutdown_date))
    seen: set[str] = set()
    for label in catalog.labels.values():
        if label.name in seen:
            continue
        seen.add(label.name)
        out.append(Fact(label.name, "label",
                        f"not an API ID; use {', '.join(label.api_ids) or 'no API route'}",
                        label.source))
    from modelmap.names import exceptions

    for entry in exceptions(catalog.params.get("display_names")).values():
        out.append(Fact(entry.id, "label", f"display name {entry.name!r} (a model page's name, "
                        "not an API ID)", entry.source))
    for job in catalog.jobs.values():
        for r in job.routes:
            span = f"since {r.since}" + (f", until {r.until}" if r.until else "")
            out.append(Fact(job.key, "route", f"{r.surface} {r.model or '-'} ({span})",
                            r.source, until=r.until))
    for err in catalog.errors:
        out.append(Fact(err.key, "error", err.cause, err.source))
    out.extend(_free_facts(catalog.params.get("facts")))
    return out


FREE_FACT_KINDS = ("price", "quota", "limit", "param", "availability")


def _free_facts(raw: Any) -> Iterator[Fact]:
    """Volatile claims kept in facts.toml (prices, quotas, limits)."""
    if not isinstance(raw, Mapping):
        return
    items = raw.get("fact", [])
    if not isinstance(items, list):
        raise CatalogError("facts.toml", "[fact]", "fact", "must be an array of tables")
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise CatalogError("facts.toml", f"fact[{i}]", "fact", "must be a table")
        name = item.get("subject")
        e = Entry("facts.toml", f"fact[{i}]" + (f" ({name})" if isinstance(name, str) else ""),
                  item)
        e.reject_unknown({"subject", "kind", "claim", "source", "verified_on", "confidence",
                          "rank"})
        kind = e.text("kind")
        if kind not in FREE_FACT_KINDS:
            raise e.fail("kind", f"must be one of {FREE_FACT_KINDS}, got {kind!r}")
        yield Fact(e.text("subject"), kind, e.text("claim"), e.source())


def fact_conflicts(facts: Iterable[Fact]) -> list[Conflict]:
    """Facts with the same subject and kind but different claims: precedence picks one
    (rank, then confidence, then the newer date) and the others stay visible."""
    groups: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        if fact.kind in FREE_FACT_KINDS:
            groups.setdefault((fact.subject, fact.kind), []).append(fact)
    order = {"H": 0, "MH": 1, "M": 2, "L": 3}
    out = []
    for (subject, kind), group in groups.items():
        if len({f.claim for f in group}) < 2:
            continue
        group.sort(key=lambda f: (int(f.source.rank), order[f.source.confidence.value],
                                  -f.source.verified_on.toordinal()))
        best = group[0]
        out.append(Conflict(
            subject=subject, field=kind, chosen=best.claim, chosen_source=best.source,
            others=tuple((f.claim, f.source) for f in group[1:] if f.claim != best.claim),
            note="facts.toml: sources disagree; precedence is rank, confidence, then date"))
    return out


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


def stale_facts(catalog: Catalog, as_of: dt.date,
                ttl_override: Mapping[str, int] | None = None) -> list[tuple[Fact, int, int]]:
    """Facts older than their kind's time-to-live: (fact, age_days, ttl_days)."""
    ttl = {**catalog.meta.ttl_days, **(ttl_override or {})}
    out = []
    for fact in catalog.facts:
        if fact.until is not None and fact.until <= as_of:
            continue  # superseded before the as-of date: history, not a live claim
        limit = ttl.get(fact.kind, ttl.get("id", 365))
        age = (as_of - fact.source.verified_on).days
        if age > limit:
            out.append((fact, age, limit))
    out.sort(key=lambda t: (-(t[1] - t[2]), t[0].subject))
    return out
