"""`modelmap verify [--base-url URL] [--timeout S] [--retries N] [--as-of DATE] [--json]
[--only-api] [--save [PATH]]`: the user's GET /v1/models against the catalog; --save writes
the shutdown dates it shows into a catalog overlay (modelmap.verify_save).

Reads OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID. Exit 0: nothing
disagrees; 1: shutdown dates disagree or current catalog models are invisible to the key;
2: usage or remote error. The key is never printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from modelmap.cli import _common as c
from modelmap.cli import notices

DEFAULT_BASE_URL = "https://api.openai.com/v1"


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is out of range: use 0 < S <= 600")
    return value


def _retries(text: str) -> int:
    if not text.isdigit() or int(text) > 10:
        raise argparse.ArgumentTypeError(f"invalid retry count {text!r}: use 0-10")
    return int(text)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "verify", help="compare GET /v1/models for your key with the catalog",
        description="Lists the models your key sees (OPENAI_API_KEY, OPENAI_BASE_URL, "
                    "OPENAI_ORG_ID, OPENAI_PROJECT_ID) and reports current catalog models the key "
                    "cannot see, IDs the catalog does not know, and shutdown dates that disagree.")
    p.add_argument("--base-url", default=None, metavar="URL",
                   help=f"API base (default: $OPENAI_BASE_URL or {DEFAULT_BASE_URL})")
    p.add_argument("--timeout", type=_positive, default=30.0, metavar="S",
                   help="seconds per attempt (default: 30)")
    p.add_argument("--retries", type=_retries, default=2, metavar="N",
                   help="retries on 429, 5xx and network errors (default: 2)")
    p.add_argument("--only-api", action="store_true",
                   help="judge only the IDs the API returned: skip 'invisible to this key' "
                        "(which depends on the key's organization and project access)")
    p.add_argument("--save", nargs="?", const=_FOUND, default=None, type=Path, metavar="PATH",
                   help="write the shutdown dates the listing shows into a catalog overlay "
                        "(default: the project config found from here, else ./modelmap.toml)")
    c.add_as_of(p)
    c.add_json(p)
    notices.add_quiet(p)
    p.set_defaults(func=run)


_FOUND = Path("\0found")
"""--save without a PATH: the project config (modelmap.verify_save.default_target)."""


def run(args: argparse.Namespace) -> int:
    from modelmap import __version__
    from modelmap.errors import UsageError
    from modelmap.verify import compare
    from modelmap.verify_http import display_url, fetch_models

    key = os.environ.get("OPENAI_API_KEY", "")
    if not key.strip():
        raise UsageError("OPENAI_API_KEY is not set: verify lists the models of your own key")
    base = args.base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
    org = os.environ.get("OPENAI_ORG_ID") or None
    project = os.environ.get("OPENAI_PROJECT_ID") or None
    day = c.as_of(args)
    catalog = c.load(args)
    listing = fetch_models(base, key, org, project, args.timeout, args.retries)
    report = compare(catalog, listing, day)
    saved = _save(args, listing, day, display_url(base), catalog)
    invisible = () if args.only_api else report.invisible
    findings = len(report.shutdown) + len(invisible)
    shown = display_url(base)
    if base.strip().lower().startswith("http://") and not _loopback(base):
        print(f"modelmap: warning: the key was sent over plain http to {shown}", file=sys.stderr)
    if args.json:
        c.print_json({
            "modelmap": __version__, "as_of": day, "base_url": shown,
            "organization": bool(org), "project": bool(project),
            "catalog": _catalog_info(catalog, day),
            "listed": report.listed, "fine_tunes_skipped": report.fine_tunes,
            "without_shutdown_field": report.without_shutdown_field,
            "shutdown_disagreements": [{
                "id": m.id, "api": m.remote, "catalog": m.catalog,
                "source": m.source.url if m.source else None,
                "verified_on": m.source.verified_on if m.source else None,
                "message": m.message} for m in report.shutdown],
            "invisible": [{"id": m.id, "surfaces": list(m.surfaces), "message": m.message}
                          for m in invisible],
            "unknown": [{"id": u.id, "owned_by": u.owned_by, "shutdown_date": u.shutdown_date,
                         "hint": u.hint} for u in report.unknown],
            "summary": {"findings": findings, "shutdown": len(report.shutdown),
                        "invisible": len(invisible), "unknown": len(report.unknown)},
            **({"saved": saved} if saved else {}),
        })
        return 1 if findings else 0
    scope = ", ".join(n for n, v in (("organization", org), ("project", project)) if v)
    print(f"GET {shown}/models: {report.listed} models listed"
          + (f" ({report.fine_tunes} fine-tunes skipped)" if report.fine_tunes else "")
          + f", as of {day}" + (f", {scope} header set" if scope else ""))
    if report.without_shutdown_field:
        print(f"note: {report.without_shutdown_field} entries carry no shutdown_date "
              "(an older server or a gateway); their dates were not compared")
    _section("Shutdown dates that disagree with the catalog", [m.message for m in report.shutdown])
    _section("Current catalog models this key cannot see",
             [f"{m.id}  ({', '.join(m.surfaces)})" for m in invisible],
             note="access, not name: the IDs are valid; check the key's organization and "
                  "project, organization verification, usage tier, or a staged rollout")
    _section("Listed for this key, unknown to the catalog (informational)", [
        u.id + (f" (owned by {u.owned_by})" if u.owned_by else "")
        + (f", shutdown {u.shutdown_date}" if u.shutdown_date else "")
        + (f": {u.hint}" if u.hint else "") for u in report.unknown])
    if not findings:
        print("No disagreements with the catalog.")
    if saved:
        print(f"{'saved' if saved['changed'] else 'unchanged'}: {saved['path']} "
              f"({saved['entries']} lifecycle entries from this listing)")
    return 1 if findings else 0


def _save(args: argparse.Namespace, listing: Any, day: Any, shown: str, catalog: Any
          ) -> dict[str, Any] | None:
    """verify --save: the listing's dates into the overlay (modelmap.verify_save)."""
    if args.save is None:
        return None
    from modelmap.verify_save import default_target, lifecycle_entries, save

    path = default_target(Path.cwd()) if args.save == _FOUND else args.save
    entries = lifecycle_entries(listing, day, shown)
    changed = save(path, entries, catalog)
    return {"path": str(path), "entries": len(entries), "changed": changed}


def _catalog_info(catalog: Any, day: Any) -> dict[str, Any]:
    from modelmap.catalog.freshness import provenance

    info = provenance(catalog.meta, day)
    return {"curated_verified_on": info.pop("curated_verified_on"), "sdk": info.pop("sdk"),
            **info}


def _section(title: str, lines: list[str], note: str = "") -> None:
    if not lines:
        return
    print(f"\n{title} ({len(lines)}):")
    if note:
        print(f"  ({note})")
    for line in lines:
        print(f"  {line}")


def _loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")
