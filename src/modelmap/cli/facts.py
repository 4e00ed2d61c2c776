"""`modelmap facts [--as-of DATE] [--stale] [--conflicts] [--kind K] [--ttl KIND=DAYS]`

Every report starts with the catalog's age and the openai version its SDK layer came from.
A table wider than the terminal (or $COLUMNS) is printed as one block per fact, URLs whole.
`--stale` exits 1 when any fact is older than the time-to-live of its kind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from modelmap.cli import _common as c

if TYPE_CHECKING:
    from modelmap.catalog.model import Catalog, Conflict, Fact, Source


def register(sub: Any) -> None:
    p = sub.add_parser("facts", help="the dated, sourced facts behind the catalog; stale ones; "
                                     "disagreements")
    p.add_argument("--stale", action="store_true",
                   help="only facts older than their kind's time-to-live (exit 1 if any)")
    p.add_argument("--conflicts", action="store_true", help="only disagreements between sources")
    p.add_argument("--kind", metavar="K", help="only facts of this kind (price, quota, id, ...)")
    p.add_argument("--subject", metavar="TEXT", help="only facts whose subject contains TEXT")
    p.add_argument("--ttl", metavar="KIND=DAYS", action="append", default=[],
                   help="override a kind's time-to-live (repeatable)")
    c.add_as_of(p)
    c.add_json(p)
    p.set_defaults(func=run)


def catalog_info(catalog: Catalog, as_of: dt.date) -> dict[str, Any]:
    """Provenance of the catalog, for every report."""
    from modelmap.catalog.facts import stale_facts
    from modelmap.catalog.freshness import provenance

    return {**provenance(catalog.meta, as_of), "data_version": catalog.meta.data_version,
            "stale_facts": len(stale_facts(catalog, as_of))}


def catalog_line(info: dict[str, Any]) -> str:
    """One line: curated date and age, SDK layer version and origin, and how many facts
    are past their time-to-live (the newest verification alone says little of the rest)."""
    sdk = (f"SDK layer from {info['sdk']} ({info['sdk_origin']}, generated "
           f"{info['sdk_generated_on']})" if info["sdk"] else "no SDK layer")
    if info.get("overlays"):
        sdk += "; overlay " + ", ".join(info["overlays"])
    age = info["age_days"]
    when = (f"{age} day{'' if age == 1 else 's'} old as of {info['as_of']}" if age >= 0
            else f"{-age} days newer than the as-of date {info['as_of']}")
    stale = info.get("stale_facts") or 0
    day = info.get("as_of")
    also = f" --as-of {day}" if day is not None and str(day) != str(c.today()) else ""
    old = (f"; {stale} fact{'' if stale == 1 else 's'} past {'its' if stale == 1 else 'their'} "
           f"time-to-live (modelmap facts --stale{also})") if stale else ""
    return (f"catalog: curated data verified {info['curated_verified_on']} ({when}); "
            f"{sdk}{old}")


def warn_sdk(catalog: Catalog) -> None:
    """Print modelmap.sdk's 'installed openai is newer' warning to stderr, if it has one."""
    import importlib

    try:
        module = importlib.import_module("modelmap.sdk")
    except ImportError:
        return
    check = getattr(module, "newer_installed_warning", None)
    message = check(catalog) if callable(check) else None
    if isinstance(message, str) and message:
        print(f"modelmap: warning: {message}", file=sys.stderr)


def _parse_ttl(items: list[str], known: set[str]) -> dict[str, int]:
    from modelmap.errors import UsageError

    out: dict[str, int] = {}
    for item in items:
        kind, sep, days = item.partition("=")
        if not sep or kind not in known or not days.strip().isdigit():
            raise UsageError(f"--ttl {item!r}: expected KIND=DAYS with KIND one of "
                             f"{', '.join(sorted(known))} and DAYS a whole number")
        out[kind] = int(days)
    return out


def _source(src: Source) -> dict[str, Any]:
    return {"source": src.url, "verified_on": src.verified_on,
            "confidence": src.confidence.value, "rank": int(src.rank)}


def _conflict(conflict: Conflict, origins: dict[Source, str]) -> dict[str, Any]:
    def cite(src: Source) -> dict[str, Any]:
        return {**_source(src), "origin": origins.get(src, "shipped")}

    return {"subject": conflict.subject, "field": conflict.field, "chosen": conflict.chosen,
            "chosen_source": cite(conflict.chosen_source),
            "others": [{"claim": claim, **cite(src)} for claim, src in conflict.others],
            "note": conflict.note}


def run(args: argparse.Namespace) -> int:
    from modelmap.catalog.facts import fact_conflicts, stale_facts
    from modelmap.errors import UsageError

    catalog = c.load(args)
    day = c.as_of(args)
    warn_sdk(catalog)
    info = {**catalog_info(catalog, day), "as_of": day}
    kinds = {f.kind for f in catalog.facts} | set(catalog.meta.ttl_days)
    ttl = {**catalog.meta.ttl_days, **_parse_ttl(args.ttl, kinds)}
    if args.kind and args.kind not in kinds:
        raise UsageError(f"--kind {args.kind!r}: not a fact kind; known kinds: "
                         f"{', '.join(sorted(kinds))}")

    def keep(subject: str, kind: str) -> bool:
        return ((not args.kind or kind == args.kind)
                and (not args.subject or args.subject.lower() in subject.lower()))

    if args.conflicts:
        conflicts = [x for x in (*catalog.conflicts, *fact_conflicts(catalog.facts))
                     if keep(x.subject, x.field) or (args.kind and args.kind in x.field)]
        origins = {f.source: f.origin for f in catalog.facts if f.origin != "shipped"}
        payload = [_conflict(x, origins) for x in conflicts]
        if args.json:
            c.print_json({"as_of": day, "catalog": info, "conflicts": payload})
            return 0
        print(catalog_line(info))
        rows = [[x["subject"], x["field"], f"{x['chosen']} ({_cite(x['chosen_source'], True)})",
                 "; ".join(f"{o['claim']} ({_cite(o, True)})" for o in x["others"]), x["note"]]
                for x in payload]
        c.print_table(f"{len(rows)} disagreements (the chosen claim is what modelmap uses; "
                      "'why' says what chose it)",
                      ["subject", "field", "chosen", "others", "why"], rows, records=True)
        return 0

    stale = [f for f, _, _ in stale_facts(catalog, day, ttl)]
    stale_set = set(stale)
    facts: list[Fact] = stale if args.stale else sorted(
        catalog.facts, key=lambda f: (f.kind, f.subject))
    items = []
    for f in facts:
        if not keep(f.subject, f.kind):
            continue
        items.append({"subject": f.subject, "kind": f.kind, "claim": f.claim,
                      **_source(f.source), "age_days": (day - f.source.verified_on).days,
                      "ttl_days": ttl.get(f.kind, ttl.get("id", 365)), "until": f.until,
                      "stale": f in stale_set, "origin": f.origin})
    if args.json:
        c.print_json({"as_of": day, "catalog": info, "ttl_days": ttl, "facts": items})
    else:
        print(catalog_line(info))
        title = (f"{len(items)} facts older than their time-to-live as of {day}" if args.stale
                 else f"{len(items)} facts")
        rows = [[i["subject"], i["kind"], i["claim"], _cite(i),
                 f"{i['age_days']}d/{i['ttl_days']}d" + (" stale" if i["stale"] else ""),
                 i["origin"]] for i in items]
        c.print_table(title, ["subject", "kind", "claim", "source", "age/ttl", "origin"], rows,
                      records=True)
    return 1 if args.stale and items else 0


def _cite(src: dict[str, Any], origin: bool = False) -> str:
    where = src.get("origin", "shipped")
    return (f"{src['source']}, {src['verified_on']}, {src['confidence']}, rank {src['rank']}"
            + (f", {where}" if origin and where != "shipped" else ""))
