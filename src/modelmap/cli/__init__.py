"""The command line: argparse subcommands; the only layer that prints.

Each subcommand lives in its own module with `register(subparsers)`; add new ones to
COMMANDS. Heavy imports happen inside the command functions so start-up stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from modelmap import __version__
from modelmap.errors import ModelmapError

COMMANDS = (
    "resolve", "route", "status", "explain", "catalog_cmd", "facts", "sync", "verify",
    "validate_cmd", "check", "rules",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line on stderr and exit 2, like every other usage error.
        self.exit(2, f"modelmap: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="modelmap", description="The dated, sourced map of OpenAI model routes.")
    parser.add_argument("--version", action="version", version=f"modelmap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"modelmap.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"modelmap.cli.{name}":
                continue  # not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # fast path: no subcommand modules imported
        print(f"modelmap {__version__}")
        return 0
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: keep argparse's code
        return exc.code if isinstance(exc.code, int) else 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
        return code
    except ModelmapError as exc:
        print(f"modelmap: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
