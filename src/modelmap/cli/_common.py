"""Shared CLI plumbing: dates, catalog loading, JSON and table output."""

from __future__ import annotations

import datetime as dt
import os
import sys

from modelmap.errors import UsageError

TYPE_CHECKING = False  # argparse, json, pathlib, typing load when used (`resolve NAME...`)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from modelmap.catalog.model import Catalog


def parse_date(text: str) -> dt.date:
    """argparse type for --as-of: strictly YYYY-MM-DD (not 20260101 or 2026-W01-1, which
    fromisoformat also takes), with a clear one-line error otherwise."""
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (
                text[:4] + text[5:7] + text[8:]).isdigit() or not text.isascii():
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(f"invalid date {text[:40]!r}: use YYYY-MM-DD") from None


def today() -> dt.date:
    """The default as-of date (MODELMAP_TODAY pins it for reproducible runs)."""
    pinned = os.environ.get("MODELMAP_TODAY")
    if pinned:
        import argparse

        try:
            return parse_date(pinned)
        except argparse.ArgumentTypeError:
            raise UsageError(f"MODELMAP_TODAY={pinned!r} is not a date YYYY-MM-DD") from None
    return dt.date.today()


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
                        help="judge dates as of this day (default: today)")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def as_of(args: argparse.Namespace) -> dt.date:
    value = getattr(args, "as_of", None)
    return value if isinstance(value, dt.date) else today()


LOADED: list[Catalog] = []
"""Catalogs this process's command loaded (for the notices printed after it)."""


def load(args: argparse.Namespace | None = None, start: Path | None = None,
         config: Path | None = None) -> Catalog:
    """This environment's catalog with its overlays: the project config found from `start`
    (default: the working directory) or `config`, $MODELMAP_CATALOG_OVERLAY, --catalog-overlay."""
    from modelmap.catalog.load import catalog_for
    from modelmap.catalog.overlay import discover

    explicit = tuple(getattr(args, "catalog_overlay", None) or ())
    catalog = catalog_for(discover(start, explicit, config=config))
    LOADED.append(catalog)
    return catalog


def to_jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [to_jsonable(v) for v in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    if hasattr(value, "value") and hasattr(value, "name"):  # Enum
        return value.value
    return value


def print_json(obj: Any) -> None:
    import json

    sys.stdout.write(json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False) + "\n")


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], *,
                records: bool = False) -> None:
    """A rich table on a terminal when rich is installed; tab-free aligned plain text when
    piped or without rich. With `records`, a table wider than the known width ($COLUMNS or
    the terminal's; modelmap.report.text.text_width) is printed as one block per row instead,
    so long cells (URLs) stay whole."""
    if records and _too_wide(headers, rows):
        _print_records(title, headers, rows)
        return
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR") and _rich_table(
            title, headers, rows):
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    widths = [min(w, 60) for w in widths]
    if title:
        print(title)
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _known_width() -> int | None:
    """$COLUMNS or the terminal's width; None when stdout is piped and COLUMNS is unset."""
    from modelmap.report.text import text_width

    if not os.environ.get("COLUMNS", "").strip().isdigit() and not sys.stdout.isatty():
        return None
    return text_width(sys.stdout)


def _too_wide(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
    limit = _known_width()
    if limit is None or not rows:
        return False
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    return sum(widths) + 2 * (len(widths) - 1) > limit


def _print_records(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """One block per row: the first cell as its heading, then `header  value` lines wrapped
    at word boundaries to the width (a word longer than the line, like a URL, stays whole)."""
    import textwrap

    width = _known_width() or 100
    key = max(len(h) for h in headers[1:])
    if title:
        print(title)
    for row in rows:
        print()
        print(row[0])
        for h, cell in zip(headers[1:], row[1:], strict=True):
            if not cell:
                continue
            first = f"  {h.ljust(key)}  "
            print("\n".join(textwrap.wrap(cell, width=width, initial_indent=first,
                                           subsequent_indent=" " * len(first),
                                           break_long_words=False, break_on_hyphens=False)))


def _rich_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
    """Print with rich, an optional extra (modelmap[rich]); False when it is not installed."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        return False
    table = Table(title=title, show_lines=False)
    for h in headers:
        table.add_column(h, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    return True


def print_fields(pairs: Sequence[tuple[str, str]]) -> None:
    """key: value lines, skipping empty values."""
    width = max((len(k) for k, v in pairs if v), default=0)
    for key, value in pairs:
        if value:
            print(f"{key.ljust(width)}  {value}")
