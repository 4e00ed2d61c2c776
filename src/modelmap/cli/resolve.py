"""`modelmap resolve NAME...`"""

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
            "caveat": r.caveat,
            "fix": ({"to": r.label.fix, "safety": r.label.fix_safety}
                    if r.label and r.label.fix else None),
            "provider": r.provider,
            "suggestions": [{"id": s.id, "reason": s.reason} for s in r.suggestions],
            "sources": [{"url": s.url, "verified_on": s.verified_on,
                         "confidence": s.confidence.value} for s in r.sources],
            "as_of": day,
        })
    if args.json:
        from modelmap.catalog.freshness import provenance

        payload = [{**o, "catalog": provenance(catalog.meta, day)} for o in payload]
        c.print_json(payload if len(payload) > 1 else payload[0])
        return 0
    for i, item in enumerate(payload):
        if i:
            print()
        status_txt = item["status"] or ""
        if item["shutdown_date"]:
            status_txt += f" (shutdown {item['shutdown_date'].isoformat()})"
        c.print_fields([
            ("name", item["query"]),
            ("kind", item["kind"]),
            ("id", item["id"] or ""),
            ("use", ", ".join(item["api_ids"]) if item["kind"] != "model" else ""),
            ("surfaces", ", ".join(item["surfaces"])),
            ("status", status_txt),
            ("caveat", item["caveat"]),
            ("suggest", ", ".join(f"{s['id']} ({s['reason']})" for s in item["suggestions"])),
            ("source", "; ".join(f"{s['url']} ({s['verified_on']})" for s in item["sources"][:2])),
        ])
    return 0
