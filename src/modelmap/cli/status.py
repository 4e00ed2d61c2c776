"""`modelmap status MODEL [--as-of DATE]`

Exit codes (README "Exit codes"): 0 every model current or deprecated (still served), 1 any
model unknown or shut down as of the date, 2 usage error."""

from __future__ import annotations

import argparse
from typing import Any

from modelmap.cli import _common as c
from modelmap.cli import notices


def register(sub: Any) -> None:
    p = sub.add_parser(
        "status", help="a model's lifecycle state as of a date",
        description="Lifecycle state of each MODEL as of a date. A display name or label "
                    "answers for the one ID it stands for and says it is not an API ID; a "
                    "fine-tune (ft:BASE:...) answers with its base model's lifecycle.",
        epilog="--json prints one object for one MODEL and a list for several. `via` is how "
               "the name was read (null: an ID in the catalog; display-name, label, "
               "fine-tune), `is_api_id` whether the name as written is a string the API "
               "accepts, `warning` what to know about the name itself (null: nothing).")
    p.add_argument("models", nargs="+", metavar="MODEL")
    c.add_as_of(p)
    c.add_json(p)
    notices.add_quiet(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from modelmap.errors import UsageError
    from modelmap.status import status_of_name

    catalog = c.load(args)
    day = c.as_of(args)
    out: list[dict[str, Any]] = []
    for name in args.models:
        if not name.strip():
            raise UsageError("empty model name")
        st, via = status_of_name(catalog, name, day)
        out.append({
            "query": name, "via": via, "is_api_id": via in (None, "fine-tune", "model",
                                                             "snapshot", "alias"),
            "warning": _warning(name.strip(), via, st.id),
            "id": st.id, "state": st.state, "shutdown_date": st.shutdown_date,
            "days_left": st.days_left, "replacement": list(st.replacement),
            "replacement_as_of": st.replacement_as_of, "as_of": st.as_of,
            "source": st.source.url if st.source else None,
            "verified_on": st.source.verified_on if st.source else None,
            "confidence": st.source.confidence.value if st.source else None,
            "contested": st.contested, "note": st.note,
        })
    if args.json:
        from modelmap.catalog.freshness import provenance

        out = [{**o, "catalog": provenance(catalog.meta, day)} for o in out]
        c.print_json(out if len(out) > 1 else out[0])
    else:
        for i, item in enumerate(out):
            if i:
                print()
            line = f"{item['id']}: {item['state']} as of {item['as_of']}"
            if item["via"]:
                what = f"{item['via']} of {item['id']}"
                if not item["is_api_id"]:
                    what += f"; not an API ID, send {item['id']}"
                line = f"{item['query'].strip()} ({what}) -> " + line
            if item["state"] == "shut-down":
                line += f" (shut down on {item['shutdown_date']})"
            elif item["state"] == "deprecated":
                days = item["days_left"]
                line += (f" (shutdown {item['shutdown_date']}, {days} "
                         f"day{'' if days == 1 else 's'} left)")
            print(line)
            if item["replacement"]:
                print(f"  replacement: {', '.join(item['replacement'])} "
                      f"(as of {item['replacement_as_of']})")
            elif item["state"] in ("shut-down", "deprecated") and item["replacement_as_of"]:
                print(f"  replacement: none named (as of {item['replacement_as_of']})")
            if item["warning"]:
                print(f"  warning: {item['warning']}")
            if item["note"]:
                print(f"  note: {item['note']}")
            if item["source"]:
                print(f"  source: {item['source']} (verified {item['verified_on']}, "
                      f"confidence {item['confidence']})")
            if item["contested"]:
                print("  sources disagree on this date: see `modelmap facts --conflicts`")
    return 1 if any(o["state"] in ("unknown", "shut-down") for o in out) else 0


def _warning(name: str, via: str | None, target: str) -> str | None:
    """What to know about the name as written, when it is not the ID it answered for."""
    if via == "fine-tune":
        return (f"this is the lifecycle of the base model {target}: OpenAI shuts fine-tuned "
                f"models down together with their base")
    if via in ("label", "display-name"):
        return (f"'{name}' is a {via}, not an API ID; send '{target}'")
    return None
