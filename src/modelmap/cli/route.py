"""`modelmap route JOB... [--as-of DATE] [--json]` and `modelmap route --list`

Exit 0 with a route; 1 when no job matches (the closest jobs are named); 2 on bad input
(empty, ambiguous, a date before the job's first route).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from modelmap.cli import _common as c

if TYPE_CHECKING:
    from modelmap.catalog.model import Route
    from modelmap.route import RouteAnswer


def register(sub: Any) -> None:
    p = sub.add_parser("route", help="the first route for a job: surface, model, why, caveats",
                       description="JOB is a job key (see --list) or a description in English, "
                                   "Russian or Chinese, e.g. 'live voice agent'.")
    p.add_argument("job", nargs="*", metavar="JOB")
    p.add_argument("--list", action="store_true", help="list the job keys and their titles")
    c.add_as_of(p)
    c.add_json(p)
    p.set_defaults(func=run)


def _route_dict(r: Route) -> dict[str, Any]:
    return {"surface": r.surface, "model": r.model, "kind": r.kind, "since": r.since,
            "until": r.until, "source": r.source.url, "verified_on": r.source.verified_on,
            "confidence": r.source.confidence.value, "rank": int(r.source.rank)}


def answer_dict(a: RouteAnswer, catalog_info: dict[str, Any]) -> dict[str, Any]:
    """The JSON shape of one route answer."""
    r = a.route
    return {
        "job": a.job.key, "title": a.job.title, "query": a.query, "kind": a.kind,
        "surface": r.surface, "model": r.model, "model_kind": a.model_kind,
        "model_status": a.model_state, "model_shutdown": a.model_shutdown,
        "why": r.why, "hold_back": r.hold_back, "fallback": r.fallback,
        "recheck": list(r.recheck), "since": r.since, "until": r.until,
        "verified_on": r.source.verified_on, "source": r.source.url,
        "confidence": r.source.confidence.value, "rank": int(r.source.rank),
        "superseded": [_route_dict(x) for x in a.superseded],
        "upcoming": [_route_dict(x) for x in a.upcoming],
        "matched": [{"lang": h.lang, "keyword": h.keyword, "weight": h.weight}
                    for h in a.match.hits],
        "as_of": a.as_of, "catalog": catalog_info,
    }


def run(args: argparse.Namespace) -> int:
    from modelmap.cli.facts import catalog_info, catalog_line
    from modelmap.errors import UsageError
    from modelmap.route import NoJobMatch, route

    catalog = c.load(args)
    day = c.as_of(args)
    info = {**catalog_info(catalog, day), "as_of": day}
    if args.list:
        jobs = [{"job": j.key, "title": j.title} for j in catalog.jobs.values()]
        if args.json:
            c.print_json(jobs)
        else:
            c.print_table("jobs", ["job", "title"], [[j["job"], j["title"]] for j in jobs])
        return 0
    text = " ".join(args.job).strip()
    if not text:
        raise UsageError("give a job key or a description, e.g. `modelmap route live voice "
                         "agent` (`modelmap route --list` shows the keys)")
    try:
        answer = route(catalog, text, day)
    except NoJobMatch as miss:
        # Not a usage error: the question was well formed, the map has no job for it (exit 1).
        if args.json:
            c.print_json({"job": None, "query": text, "closest": list(miss.closest),
                          "as_of": day, "catalog": info})
        else:
            print(f"modelmap: {miss}", file=sys.stderr)
        return 1
    data = answer_dict(answer, info)
    if args.json:
        c.print_json(data)
        return 0
    model = data["model"] or "-"
    if data["model_kind"] == "label":
        model += " (a product label, not an API ID)"
    elif data["model_status"]:
        model += f" ({data['model_status']} as of {day}"
        model += f", shutdown {data['model_shutdown']})" if data["model_shutdown"] else ")"
    surface = data["surface"]
    if data["kind"] == "no-path":
        surface = "none: no supported path"
    elif surface in catalog.surfaces:
        surface += f" ({catalog.surfaces[surface].name})"
    c.print_fields([
        ("job", f"{data['job']}: {data['title']}"),
        ("matched", ", ".join(f"{m['keyword']} +{m['weight']}" for m in data["matched"])),
        ("surface", surface),
        ("model", model if data["kind"] != "recheck" else "- (no model pick: recheck first)"),
        ("why", data["why"]),
        ("hold back", data["hold_back"]),
        ("fallback", data["fallback"]),
        ("recheck", "; ".join(data["recheck"])),
        ("since", str(data["since"])),
        ("verified", f"{data['verified_on']}{_ahead(data)} ({data['source']}, confidence "
                     f"{data['confidence']}, rank {data['rank']})"),
    ])
    history = [("superseded", x) for x in data["superseded"]] + [
        ("upcoming", x) for x in data["upcoming"]]
    if history:
        print()
        c.print_table("other dated routes for this job", ["", "dates", "surface", "model",
                                                           "source"],
                      [[tag, f"{x['since']} to {x['until'] or 'now'}", x["surface"],
                        x["model"] or "-", x["source"]] for tag, x in history])
    print()
    print(catalog_line(info))
    return 0


def _ahead(data: dict[str, Any]) -> str:
    """`, announced ahead` when the source was read before the route began (a dated change
    announced in advance), so the two dates do not read as a slip."""
    since, verified = data.get("since"), data.get("verified_on")
    return ", announced ahead" if since and verified and str(verified) < str(since) else ""

