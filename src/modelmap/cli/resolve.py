"""`modelmap resolve NAME...`

Exit codes (README "Exit codes"): 0 every name known and its model not shut down, 1 any name
unknown or resolving to a shut-down model as of the date, 2 usage error."""

from __future__ import annotations

import argparse
from typing import Any

from modelmap.cli import _common as c


def register(sub: Any) -> None:
    p = sub.add_parser("resolve", help="what a model name really is: ID, snapshot, label, ...")
    p.add_argument("names", nargs="+", metavar="NAME")
    c.add_as_of(p)
    c.add_json(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from modelmap.resolve import resolve
    from modelmap.status import status

    catalog = c.load(args)
    day = c.as_of(args)
    results = [resolve(catalog, name) for name in args.names]
    payload: list[dict[str, Any]] = []
    for r in results:
        st = status(catalog, r.id, day) if r.id else None
        payload.append({
            "query": r.query,
            "kind": r.kind,
            "id": r.id,
            "api_ids": list(r.api_ids),
            "surfaces": list(r.surfaces),
            "status": st.state if st else None,
            "shutdown_date": st.shutdown_date if st else None,
            "days_left": st.days_left if st else None,
            "replacement": list(st.replacement) if st else [],
            "replacement_as_of": st.replacement_as_of if st else None,
            "caveat": r.caveat,
            "fix": ({"to": r.label.fix, "safety": r.label.fix_safety}
                    if r.label and r.label.fix else None),
            "provider": r.provider,
            "suggestions": [{"id": s.id, "reason": s.reason} for s in r.suggestions],
            "sources": [{"url": s.url, "verified_on": s.verified_on,
                         "confidence": s.confidence.value} for s in r.sources],
            "as_of": day,
        })
    failed = any(p["kind"] == "unknown" or p["status"] == "shut-down" for p in payload)
    if args.json:
        c.print_json(payload if len(payload) > 1 else payload[0])
        return 1 if failed else 0
    for i, item in enumerate(payload):
        if i:
            print()
        status_txt = item["status"] or ""
        if item["shutdown_date"]:
            when = item["shutdown_date"].isoformat()
            status_txt += (f" (shutdown {when}, {item['days_left']} days left)"
                           if item["status"] == "deprecated" and item["days_left"] is not None
                           else f" (shut down on {when})" if item["status"] == "shut-down"
                           else f" (shutdown {when})")
        if item["replacement"]:
            status_txt += (f"; replacement: {', '.join(item['replacement'])}"
                           f" (as of {item['replacement_as_of']})")
        unknown = item["kind"] == "unknown"
        c.print_fields([
            ("name", item["query"]),
            ("kind", "unknown (not an exact ID)" if unknown and item["api_ids"] else
             item["kind"]),
            ("id", item["id"] or ""),
            ("did you mean" if unknown else "use",
             ", ".join(item["api_ids"]) if item["kind"] != "model" else ""),
            ("surfaces", ", ".join(item["surfaces"])),
            ("status", status_txt),
            ("caveat", item["caveat"]),
            ("suggest", ", ".join(f"{s['id']} ({s['reason']})" for s in item["suggestions"]
                                  if s["id"] not in item["api_ids"])),
            ("source", "; ".join(f"{s['url']} ({s['verified_on']})" for s in item["sources"][:2])),
        ])
    return 1 if failed else 0
