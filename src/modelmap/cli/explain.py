"""`modelmap explain [TEXT|-] [--as-of DATE] [--json]`: an API error -> cause and first checks.

TEXT is the error message, its JSON body, the SDK's exception text, or the path of a file holding
one of them; with no TEXT, or `-`, the error is read from standard input. Exit 0 when
recognised, 1 when not (unrecognised, or `not-sure` when several known errors fit and nothing in
the error picks one), 2 on bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from modelmap.cli import _common as c

if TYPE_CHECKING:
    from modelmap.explain import Diagnosis


def register(sub: Any) -> None:
    p = sub.add_parser("explain", help="an API error's likely cause and the first checks",
                       description="TEXT is the error message or its JSON body, or one path "
                                   "of a file holding it; '-' or nothing reads standard input.")
    p.add_argument("text", nargs="*", metavar="TEXT")
    c.add_as_of(p)
    c.add_json(p)
    p.set_defaults(func=run)


def _read(args: argparse.Namespace) -> str:
    from modelmap.errors import UsageError

    parts: list[str] = args.text
    if len(parts) == 1 and parts != ["-"] and os.path.isfile(parts[0]):
        try:  # `explain error.json`: the file's text, not its name
            with open(parts[0], encoding="utf-8") as f:
                return f.read(MAX_INPUT)
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else f"not UTF-8 text ({exc.reason})"
            raise UsageError(f"{parts[0]}: cannot read ({why})") from None
    if parts and parts != ["-"]:
        return " ".join(parts)[:MAX_INPUT]
    if not parts and sys.stdin.isatty():
        raise UsageError("give the error text as an argument, or pipe it in (`... | modelmap "
                         "explain -`)")
    try:
        return sys.stdin.read(MAX_INPUT)  # an error body is small: the rest is not read
    except UnicodeDecodeError as exc:
        raise UsageError(f"standard input is not text: {exc.reason}") from None


MAX_INPUT = 1_000_000
"""Characters of input read and analysed."""
MAX_ECHO = 4096
"""Characters of the error message shown back."""


def _unplaced(d: dict[str, Any]) -> str:
    """Why the error's surface is unknown: no endpoint named, and no model, or one that the
    catalog cannot place (unknown, or served on several surfaces)."""
    if not d["model"]:
        return "the error names no endpoint or model"
    return f"the error names no endpoint, and {d['model']} does not tell which"


def _cut(message: str) -> str:
    if len(message) <= MAX_ECHO:
        return message
    return f"{message[:MAX_ECHO]}... [cut: {len(message)} characters in all]"


def diagnosis_dict(d: Diagnosis, catalog_info: dict[str, Any]) -> dict[str, Any]:
    """The JSON shape of a diagnosis."""
    res, st = d.resolution, d.model_status
    return {
        "key": d.key, "recognised": d.recognised, "matched_by": d.matched_by,
        "candidates": list(d.candidates),
        "cause": d.cause, "checks": list(d.checks), "surface": d.surface,
        "surfaces": list(d.surfaces), "notes": list(d.notes),
        "error": {"message": d.error.message, "status": d.error.status, "type": d.error.type,
                  "code": d.error.code, "param": d.error.param, "form": d.error.form},
        "model": d.model,
        "model_resolution": ({"kind": res.kind, "id": res.id, "api_ids": list(res.api_ids),
                              "suggestions": [s.id for s in res.suggestions]}
                             if res else None),
        "model_status": ({"state": st.state, "shutdown_date": st.shutdown_date,
                          "replacement": list(st.replacement),
                          "replacement_as_of": st.replacement_as_of} if st else None),
        "sources": [{"url": s.url, "verified_on": s.verified_on,
                     "confidence": s.confidence.value, "rank": int(s.rank)} for s in d.sources],
        "as_of": d.as_of, "catalog": catalog_info,
    }


def run(args: argparse.Namespace) -> int:
    from modelmap.cli.facts import catalog_info, catalog_line
    from modelmap.explain import explain

    text = _read(args)
    catalog = c.load(args)
    day = c.as_of(args)
    info = {**catalog_info(catalog, day), "as_of": day}
    d = diagnosis_dict(explain(catalog, text, day), info)
    d["error"]["message"] = _cut(d["error"]["message"])
    if args.json:
        c.print_json(d)
        return 0 if d["recognised"] else 1
    err = d["error"]
    head = " ".join(str(x) for x in (err["status"], err["type"], err["code"]) if x)
    model = ""
    if d["model"]:
        res, st = d["model_resolution"], d["model_status"]
        model = f"{d['model']} ({res['kind'] if res else '?'}"
        model += f", {st['state']} as of {day})" if st else ")"
    c.print_fields([
        ("error", f"{head}: {err['message']}" if head else err["message"]),
        ("diagnosis", d["key"]),
        ("cause", d["cause"]),
        ("model", model),
        ("surface", d["surface"] or (
            f"unknown ({_unplaced(d)}; it occurs on {', '.join(d['surfaces'])})"
            if d["surfaces"] else "")),
    ])
    for i, check in enumerate(d["checks"], 1):
        print(f"{'check' if i == 1 else '':9}  {i}. {check}")
    for note in d["notes"]:
        print(f"{'note':9}  {note}")
    for s in d["sources"]:
        print(f"{'source':9}  {s['url']} (verified {s['verified_on']}, confidence "
              f"{s['confidence']}, rank {s['rank']})")
    print(catalog_line(info))
    return 0 if d["recognised"] else 1
