"""The command line: argparse subcommands; the only layer that prints.

Each subcommand lives in its own module with `register(subparsers)`; add new ones to
COMMANDS. Heavy imports happen inside the command functions so start-up stays fast.

Exit codes, the same rule for every command: 0 clean or known, 1 findings or an unknown /
shut-down answer, 2 usage or input error, 130 interrupted (Ctrl-C, one line on stderr).
"""

from __future__ import annotations

import os
import sys

from modelmap import __version__
from modelmap.errors import ModelmapError

TYPE_CHECKING = False  # argparse and typing load only when a parser is built (not --version)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any

COMMANDS = (
    "resolve", "route", "status", "explain", "catalog_cmd", "facts", "sync", "verify",
    "validate_cmd", "check", "rules", "image", "board",
)


_PARSER: list[type[argparse.ArgumentParser]] = []


def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse's parser with one-line usage errors (defined on first use: see --version)."""
    if not _PARSER:
        import argparse

        class _Parser(argparse.ArgumentParser):
            def error(self, message: str) -> None:  # type: ignore[override]
                # One line on stderr and exit 2, like every other usage error.
                self.exit(2, f"modelmap: error: {message}\n")

            def _get_formatter(self) -> argparse.HelpFormatter:
                if _BUILDING:  # add_argument's metavar check: any width will do, and
                    # passing one spares the terminal-size lookup (an import of shutil,
                    # which imports bz2, lzma and zlib: ~5 ms) on every start
                    return self.formatter_class(prog=self.prog, width=80)  # type: ignore[call-arg]
                return super()._get_formatter()

        _PARSER.append(_Parser)
    return _PARSER[0]


_MODULE_OF = {"catalog": "catalog_cmd", "validate": "validate_cmd"}
"""Command names whose module is named otherwise (the rest: module = command)."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only` (a command name), just that command's subparser: every
    command module imported and registered costs start-up time (~25 ms for all)."""
    parser_class = _parser_class()
    _BUILDING.append(True)
    try:
        return _build(parser_class, only)
    finally:
        _BUILDING.clear()


_BUILDING: list[bool] = []
"""Non-empty while build_parser runs (see _Parser._get_formatter)."""


def _build(parser_class: type[argparse.ArgumentParser], only: str | None
           ) -> argparse.ArgumentParser:
    import importlib

    parser = parser_class(prog="modelmap",
                          description="The dated, sourced map of OpenAI model routes.")
    parser.add_argument("--version", action="version", version=f"modelmap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    names = [_MODULE_OF.get(only, only)] if only is not None else COMMANDS
    for name in names:
        try:
            module = importlib.import_module(f"modelmap.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"modelmap.cli.{name}":
                continue  # not built yet
            raise
        module.register(sub)
    import argparse  # loaded here: --version never builds a parser

    from modelmap.cli.notices import add_common

    for command in sub.choices.values():
        add_common(command)
        for action in command._actions:  # `image check --catalog-overlay X` works too
            if isinstance(action, argparse._SubParsersAction):
                for nested in action.choices.values():
                    add_common(nested, nested=True)
    return parser


def _safe_streams() -> None:
    """Characters the terminal's encoding cannot show (PYTHONIOENCODING=ascii, a C locale)
    are printed as backslash escapes instead of ending the command with a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:  # noqa: SIM105 - contextlib is one more import on every start
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a closed or odd stream
                pass


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _safe_streams()
    if argv == ["--version"]:  # fast path: no subcommand modules imported
        print(f"modelmap {__version__}")
        return 0
    found = None
    if argv[:1] == ["check"]:
        from modelmap.check import replay

        found = replay.record_file(argv)
        code = None if found is None else replay.replay(found)
        if code is not None:  # the same check as last time, with nothing changed
            return code
    quick = _quick(argv)
    if quick is not None:
        return _run(quick)
    first = argv[0] if argv else ""
    known = _MODULE_OF.get(first, first) in COMMANDS
    parser = build_parser(first if known else None)
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            # `validate ENDPOINT k=v --json k2=v2`: pairs after an option are still pairs
            if getattr(args, "command", None) == "validate" and all(
                    "=" in e and not e.startswith("-") for e in extra):
                args.pairs = [*args.pairs, *extra]
            else:
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:  # --help, --version, usage errors: keep argparse's code
        return exc.code if isinstance(exc.code, int) else 2
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)  # like git and ruff: help on stderr, exit 2
        return 2
    if found is not None and args.command == "check":
        return _recorded(found, args)
    return _run(args)


def _recorded(found: tuple[str, bytes], args: Any) -> int:
    """`_run(args)` for a check, recorded for replay (modelmap.check.replay)."""
    from modelmap import cachedirs
    from modelmap.check import replay

    check_cache = cachedirs.check_dir() if args.cache_dir is None else os.fspath(args.cache_dir)
    recorder = replay.recorder(found, cachedirs.root(), check_cache)
    try:
        code = _run(args)
    except BaseException:
        recorder.finish(None)
        raise
    recorder.finish(code)
    return code


def _quick(argv: list[str]) -> Any:
    """The namespace argparse would make for `resolve NAME...` with no option (every NAME
    non-empty and not starting with `-`), without importing argparse or building a parser;
    None for anything else (tests/test_cli_basic.py compares the two)."""
    if len(argv) < 2 or argv[0] != "resolve" or not all(
            a and not a.startswith("-") for a in argv[1:]):
        return None
    from types import SimpleNamespace

    from modelmap.cli.resolve import run

    return SimpleNamespace(command="resolve", names=argv[1:], json_list=False, as_of=None,
                           json=False, func=run, catalog_overlay=None, no_stale_notice=False,
                           quiet=False)


def _run(args: Any) -> int:
    """Run the parsed command, with the notices after it and the exit-code rules."""
    from modelmap.cli import notices

    notices.merge_nested(args)
    try:
        notices.reset()
        code: int = args.func(args)
        notices.after(args)  # which catalog was used; whether it is old
        return code
    except ModelmapError as exc:
        print(f"modelmap: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("modelmap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
