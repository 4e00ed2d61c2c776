"""The public surface: __all__ is complete and importable; every listed command exists."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import modelmap
from modelmap.cli import COMMANDS, build_parser


@pytest.mark.parametrize("name", modelmap.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(modelmap, name) is not None


def test_all_is_complete_and_unique() -> None:
    assert len(modelmap.__all__) == len(set(modelmap.__all__))
    lazy = set(modelmap._LAZY)
    assert lazy <= set(modelmap.__all__), "a lazily exported name is missing from __all__"
    assert set(modelmap.__all__) - lazy == {"__version__"}


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_module_exists_and_registers(name: str) -> None:
    module = importlib.import_module(f"modelmap.cli.{name}")
    assert callable(module.register)


def test_parser_has_every_command() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    expected = {"resolve", "route", "status", "explain", "catalog", "facts", "sync", "verify",
                "validate", "check", "rules", "image", "board"}
    assert set(sub.choices) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("argv", [
    ["resolve", "GPT-5.5 Instant", "--json"], ["route", "live voice agent"],
    ["status", "gpt-4o", "--as-of", "2026-11-21"], ["explain", "model_not_found"],
    ["catalog"], ["facts", "--stale"], ["sync", "--dry-run"], ["verify"],
    ["validate", "images.generate", "model=gpt-image-2", "size=1920x1080"],
    ["check", "src", "--format", "json", "--select", "MM1"], ["rules"],
    ["image", "check", "model=gpt-image-2", "out.png", "--as-of", "2026-11-21"],
    ["image", "ledger", "images.jsonl"], ["board", "-o", "board.html"],
])
def test_one_command_parser_reads_argv_like_the_full_parser(argv: list[str]) -> None:
    """main() builds only the named command's parser (start-up time); same arguments."""
    full = build_parser().parse_args(argv)
    one = build_parser(argv[0]).parse_args(argv)
    assert vars(one) == vars(full)
    sub = next(a for a in build_parser(argv[0])._actions if a.dest == "command")
    assert set(sub.choices) == {argv[0]}  # type: ignore[arg-type]


def test_version_fast_path_imports_no_catalog() -> None:
    code = ("import sys; from modelmap.cli import main; main(['--version']); "
            "print(any(m.startswith('modelmap.catalog') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == [f"modelmap {modelmap.__version__}", "False"]
