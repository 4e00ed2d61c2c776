"""What every command says besides its answer: which catalog it used, and whether it is old.

After a command that loaded the catalog: in text output, one stderr line names the curated
data's date and the SDK layer (and overlays) it used, for the commands whose text report does
not already start with it; and once per run, the stale-data notice
(modelmap.catalog.freshness) when the curated data is older than its threshold. Neither is
printed under a command's -q/--quiet.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # argparse and pathlib load with the parser (not on `resolve NAME...`)
if TYPE_CHECKING:
    import argparse

PROVENANCE_ON_STDERR = frozenset({"resolve", "status", "validate", "check", "verify"})
"""Commands whose text output has no `catalog:` line of its own."""


def add_common(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    """Options every command takes: overlays, and silencing the stale-data notice. A
    subcommand's subcommand (`image check`) takes them too (`nested`): its values go to
    their own names, and `merge_nested` adds them to the command's."""
    import argparse
    from pathlib import Path

    pre = "nested_" if nested else ""
    quiet = argparse.SUPPRESS if nested else None
    parser.add_argument("--catalog-overlay", type=Path, action="append", default=quiet,
                        dest=f"{pre}catalog_overlay", metavar="PATH",
                        help="merge this catalog overlay file (repeatable; docs/overlay.md)")
    parser.add_argument("--no-stale-notice", action="store_true",
                        default=quiet if nested else False, dest=f"{pre}no_stale_notice",
                        help="do not say when the catalog's data is old")


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """`-q/--quiet` for a command that prints the catalog line on stderr (check has its own,
    which also drops its progress line)."""
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="nothing but errors on stderr (no catalog line, no stale-data "
                             "notice)")


def merge_nested(args: argparse.Namespace) -> None:
    """The common options given after a nested subcommand, added to the command's own."""
    more = getattr(args, "nested_catalog_overlay", None)
    if more:
        args.catalog_overlay = [*(getattr(args, "catalog_overlay", None) or []), *more]
    if getattr(args, "nested_no_stale_notice", False):
        args.no_stale_notice = True


def reset() -> None:
    from modelmap.cli import _common as c

    c.LOADED.clear()


def after(args: argparse.Namespace) -> None:
    from modelmap.catalog.freshness import layer_line, stale_notice
    from modelmap.cli import _common as c

    if not c.LOADED:
        return
    catalog = c.LOADED[-1]
    c.LOADED.clear()
    if getattr(args, "quiet", False):
        return  # -q/--quiet: nothing but errors on stderr
    meta = catalog.meta
    today = c.today()
    text = (not getattr(args, "json", False) and not getattr(args, "diff", False)
            and getattr(args, "format", None) in (None, "text", "github"))
    if text and args.command in PROVENANCE_ON_STDERR:
        print(f"modelmap: catalog: curated data verified {meta.curated_verified_on}; "
              f"{layer_line(meta)}", file=sys.stderr)
    notice = None if getattr(args, "no_stale_notice", False) else stale_notice(meta, today)
    if notice:
        print(f"modelmap: notice: {notice}", file=sys.stderr)
