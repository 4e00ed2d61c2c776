"""`modelmap resolve NAME...`

Exit codes (README "Exit codes"): 0 every name known and its model not shut down, 1 any name
unknown or resolving to a shut-down model as of the date, 2 usage error."""

from __future__ import annotations

from modelmap.cli import _common as c
from modelmap.cli import notices

TYPE_CHECKING = False  # argparse and typing stay unloaded on `resolve NAME...` (cli._quick)
if TYPE_CHECKING:
    import argparse
    from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "resolve", help="what a model name really is: ID, snapshot, label, ...",
        description="What each NAME really is: model, snapshot, alias, fine-tune, "
                    "display-name, label, unsupported or unknown, with its lifecycle as of a "
                    "date. A fine-tune (ft:BASE:...) has its base model's lifecycle.",
        epilog="--json prints one object for one NAME and a list of objects for several "
               "(or always a list with --json-list). Each object's `state` is the lifecycle "
               "state with the same meaning as in `modelmap status --json`; `status` is the "
               "same value under its older name, kept for compatibility.")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--json-list", action="store_true",
                   help="like --json, but always a list, even for one NAME")
    c.add_as_of(p)
    c.add_json(p)
    notices.add_quiet(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from modelmap.resolve import resolve
    from modelmap.status import status

    catalog = c.load(args)
    day = c.as_of(args)
    results = [resolve(catalog, name) for name in args.names]
    payload: list[dict[str, Any]] = []
    for r in results:
        # A label answers with the lifecycle of the one ID it stands for (status does too).
        target = r.target if r.kind in ("model", "snapshot", "alias", "display-name",
                                        "unsupported", "label", "fine-tune") else None
        st = status(catalog, target, day) if target else None
        if st is not None and st.state == "unknown":
            st = None
        payload.append({
            "query": r.query,
            "kind": r.kind,
            "id": r.id,
            "display_name": r.display_name,
            "display_of": r.display_of,
            "label": ({"name": r.label.name, "kind": r.label.kind, "surface": r.label.surface}
                      if r.label else None),
            "api_ids": list(r.api_ids),
            "surfaces": list(r.surfaces),
            "status_of": st.id if st else None,
            "status": st.state if st else None,
            "state": st.state if st else None,
            "base": r.base,
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
    # One rule for every command: an unknown or shut-down answer exits 1.
    code = 1 if any(p["kind"] == "unknown" or p["status"] == "shut-down" for p in payload) else 0
    if args.json or args.json_list:
        from modelmap.catalog.freshness import provenance

        payload = [{**o, "catalog": provenance(catalog.meta, day)} for o in payload]
        c.print_json(payload if len(payload) > 1 or args.json_list else payload[0])
        return code
    for i, item in enumerate(payload):
        if i:
            print()
        unknown = item["kind"] == "unknown"
        c.print_fields([
            ("name", item["query"]),
            ("kind", "unknown (not an exact ID)" if unknown and item["api_ids"] else
             _kind_text(item)),
            ("id", item["id"] or ""),
            ("did you mean" if unknown else "use",
             ", ".join(item["api_ids"]) if item["kind"] not in ("model", "display-name",
                                                                 "fine-tune") else ""),
            ("base", item["base"] or ""),
            ("surfaces", ", ".join(item["surfaces"])),
            ("status", _status_text(item)),
            ("caveat", item["caveat"]),
            ("suggest", ", ".join(f"{s['id']} ({s['reason']})" for s in item["suggestions"]
                                  if s["id"] not in item["api_ids"])),
            ("source", "; ".join(f"{s['url']} ({s['verified_on']})" for s in item["sources"][:2])),
        ])
    return code


def _kind_text(item: dict[str, Any]) -> str:
    """display-name (of an API ID) and label (a ChatGPT mode, launch name or invented variant)
    are different kinds; say which."""
    kind = str(item["kind"])
    if kind == "display-name":
        return f"display-name (a model page's name for {item['id']})"
    if kind == "label" and item["label"]:
        text = f"label ({item['label']['kind']}, {item['label']['surface']})"
        if item["display_of"]:
            text += f"; also spelled like the display name of {item['display_of']}"
        return text
    if item["display_name"] and item["display_name"] != item["id"]:
        return f"{kind} (display name: {item['display_name']})"
    return kind


def _status_text(item: dict[str, Any]) -> str:
    if not item["status"]:
        return ""
    text = str(item["status"])
    if item["status_of"] != item["id"]:
        text += f" ({item['status_of']})"
    if item["status"] == "shut-down":
        text += f", shut down on {item['shutdown_date']}"
    elif item["status"] == "deprecated":
        days = item["days_left"]
        text += f", shutdown {item['shutdown_date']}, {days} day{'' if days == 1 else 's'} left"
    if item["replacement"]:
        text += (f"; replacement {', '.join(item['replacement'])} "
                 f"(as of {item['replacement_as_of']})")
    elif item["status"] != "current" and item["replacement_as_of"]:
        text += f"; no replacement named (as of {item['replacement_as_of']})"
    return text
