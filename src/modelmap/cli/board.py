"""`modelmap board -o board.html [--as-of DATE]`: the route map as one static page."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from modelmap.cli import _common as c


def register(sub: Any) -> None:
    p = sub.add_parser("board", help="write the route map as one self-contained HTML page",
                       description="Jobs and their first route, labels that are not model "
                                   "IDs, and a shutdown timeline, as of a date: one static "
                                   "HTML file with no network requests.")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", required=True,
                   help="where to write the page ('-' for stdout)")
    c.add_as_of(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from modelmap.board import render_board

    day = c.as_of(args)
    html = render_board(c.load(args), day)
    if str(args.output) == "-":
        sys.stdout.write(html)
        return 0
    _write_atomic(args.output, html)
    print(f"wrote {args.output} (as of {day})")
    return 0


def _write_atomic(path: Path, text: str) -> None:
    from modelmap.errors import UsageError
    from modelmap.fswrite import usual_mode, write_atomic

    try:
        write_atomic(path, text.encode("utf-8"), mode=usual_mode())
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
