"""What the README and docs say about the command line matches the command line: which
commands take --json, where `sync` writes, where the `catalog:` line goes, image check's
default --fail-on, the overlay section of the configuration reference, and which commands
read the config."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from modelmap.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONFIG = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
OVERLAY = (ROOT / "docs" / "overlay.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    """Every command, nested ones as `image check`, that runs something."""
    out: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    nested = any(isinstance(a, argparse._SubParsersAction)
                                 for a in child._actions)
                    if nested:
                        walk(child, f"{prefix}{name} ")
                    else:
                        out[f"{prefix}{name}"] = child
    walk(build_parser(), "")
    return out


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {s for a in parser._actions for s in a.option_strings}


def test_readme_names_the_commands_without_json() -> None:
    sentence = re.search(r"Every command but (.+?) takes `--json`", README)
    assert sentence is not None
    named = set(re.findall(r"`([a-z ]+)`", sentence.group(1)))
    without = {name for name, p in _commands().items() if "--json" not in _options(p)}
    assert named == without


def test_readme_global_options_work_after_every_command() -> None:
    said = " ".join(README.split())
    assert "`--no-stale-notice` after its name" in said and "not before it" in said
    assert "before or after its second word" in said
    for name, parser in _commands().items():
        assert {"--catalog-overlay", "--no-stale-notice"} <= _options(parser), name


def test_sync_is_documented_where_it_writes() -> None:
    assert "user data dir" not in README
    assert "sdk-layers/" in README
    import inspect

    from modelmap.catalog import envlayer

    assert '"sdk-layers"' in inspect.getsource(envlayer.cache_path)


def test_image_check_defaults_to_warning_as_documented() -> None:
    parsers = _commands()
    defaults = {name: next(a.default for a in parsers[name]._actions if a.dest == "fail_on")
                for name in ("check", "validate", "image check")}
    # check's default comes from its config (fail-on, default warning)
    assert defaults["validate"] == defaults["image check"] == "warning"
    assert "`check`, `validate` and `image check` all default to `warning`" in README


@pytest.mark.parametrize(("argv", "where"), [
    (["route", "generate an image"], "last"), (["explain", "model_not_found"], "last"),
    (["catalog"], "first"), (["facts", "--kind", "price"], "first"),
])
def test_catalog_line_is_where_overlay_md_says(argv: list[str], where: str,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COLUMNS", raising=False)
    main(argv)
    lines = capsys.readouterr().out.strip().splitlines()
    line = lines[-1] if where == "last" else lines[0]
    assert line.startswith("catalog: curated data verified")
    said = "end with" if where == "last" else "start with"
    pattern = rf"`{argv[0]}`[^.]*? {said} (one|a `catalog:` line)"
    assert re.search(pattern, OVERLAY.replace("\n  ", " ")), (argv[0], said)


def test_configuration_points_at_the_overlay() -> None:
    section = CONFIG[CONFIG.index("## Your own models"):CONFIG.index("## In the code")]
    assert "once the overlay" not in section and "Until then" not in section
    assert "(overlay.md)" in section and "[[tool.modelmap.catalog.model]]" in section
    assert "ignores the config" not in CONFIG


def test_policy_in_the_config_reaches_validate(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """configuration.md: `validate` reads allowed-models from the project config."""
    assert "`check`, `validate`, `image check` (its request) and the runtime guard" in CONFIG
    (tmp_path / "pyproject.toml").write_text(
        '[tool.modelmap.policy]\nallowed-models = ["gpt-5.5*"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "responses.create", "model=gpt-4.1", "--json"]) == 1
    assert '"MM701"' in capsys.readouterr().out
