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
                "validate", "check", "rules"}
    assert set(sub.choices) == expected  # type: ignore[arg-type]


def test_version_fast_path_imports_no_catalog() -> None:
    code = ("import sys; from modelmap.cli import main; main(['--version']); "
            "print(any(m.startswith('modelmap.catalog') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == [f"modelmap {modelmap.__version__}", "False"]
