"""Docs that state facts about the code are checked against it: the configuration reference
covers every key the parser accepts, the examples README shows the run as it is, the SDK layer
figures are recomputed, the rules index names every code range, relative links resolve, and
every `modelmap ...` command in the user docs parses."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml

from modelmap.catalog.load import default_catalog
from modelmap.check import config
from modelmap.cli import build_parser, main
from modelmap.rules import RULES
from modelmap.rules_docs import CODE_RANGES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
USER_DOCS = [ROOT / "README.md", DOCS / "configuration.md", DOCS / "ci.md",
             ROOT / "examples" / "README.md"]


def test_configuration_reference_covers_every_key() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ .*?`([a-z-]+)`", text, re.MULTILINE))
    for key in sorted(config._KEYS | config._POLICY_KEYS):
        assert key in headings, f"docs/configuration.md has no section for {key!r}"
    for kind, days in default_catalog().meta.ttl_days.items():
        assert f"`{kind}` {days}" in text, f"ttl-days kind {kind} ({days}) not documented"
    for name in config.DEFAULT_EXCLUDE:
        assert f"`{name}`" in text


def test_configuration_example_is_accepted(tmp_path: Path) -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    block = re.search(r"## A complete example\n\n```toml\n(.*?)```", text, re.DOTALL)
    assert block is not None
    (tmp_path / "pyproject.toml").write_text(block.group(1), encoding="utf-8")
    cfg = config.load_config(tmp_path / "pyproject.toml", tmp_path)
    assert cfg.policy.allowed_models and cfg.openai_base_urls
    assert set(tomllib.loads(block.group(1))["tool"]["modelmap"]) <= config._KEYS


def test_examples_readme_shows_the_run_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MODELMAP_TODAY", raising=False)
    main(["check", "examples/", "--as-of", "2026-11-21", "--format", "concise"])
    actual = capsys.readouterr().out.splitlines()
    shown = re.search(r"```text\n(.*?)```", text, re.DOTALL)
    assert shown is not None
    lines = shown.group(1).splitlines()
    assert len(lines) == len(actual)
    for want, got in zip(lines, actual, strict=True):
        if want.endswith(" ..."):
            assert got.startswith(want.removesuffix(" ...")), (want, got)
        else:
            assert want == got
    # The table: one row per finding (plus the clean file), with the rule that fires.
    main(["check", "examples/", "--as-of", "2026-11-21", "--json"])
    rules = sorted(f["rule"] for f in json.loads(capsys.readouterr().out)["findings"])
    rows = re.findall(r"^\| `[^|]+` \| .* \| (MM\d+) [a-z-]+ \|$", text, re.MULTILINE)
    assert sorted(rows) == rules


def test_sdk_layer_figures() -> None:
    text = " ".join((DOCS / "sdk-layer.md").read_text(encoding="utf-8").split())
    layer = json.loads((ROOT / "src/modelmap/catalog/data/sdk_layer.json").read_text())
    lits = layer["literals"]
    ids = [i for lit in lits.values() for i in lit["ids"]]
    kinds = [n["kind"] for n in layer["notes"]]
    assert (f"{len(lits)} Literals, {len(ids)} IDs ({len(set(ids))} distinct), "
            f"{len(kinds)} notes: {kinds.count('shutdown')} `shutdown`") in text
    assert f"{kinds.count('retired')} `retired`, {kinds.count('unsupported')} `unsupported`" in text
    catalog = default_catalog()
    meta = tomllib.loads((ROOT / "src/modelmap/catalog/data/meta.toml").read_text())
    by_surface: dict[str, set[str]] = {}
    for lit, surfaces in meta["sdk_literals"].items():
        assert f"| {lit} |" in text, f"{lit} missing from the 'Where each Literal lives' table"
        for s in surfaces:
            by_surface.setdefault(s, set()).update(lits.get(lit, {}).get("ids", []))
    for s, members in by_surface.items():
        have = sum(1 for i in members if i in catalog.models and s in catalog.models[i].surfaces)
        assert f"{s} {have}/{len(members)}" in text
    assert f"Conflicts with the layer loaded: {len(catalog.conflicts)}," in text


def test_rules_index_names_every_code_range() -> None:
    text = (DOCS / "rules" / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        hundred = rule.code[2]
        assert hundred in CODE_RANGES, f"{rule.code}: no CODE_RANGES entry for MM{hundred}xx"
        assert f"MM{hundred}xx {CODE_RANGES[hundred]}" in text


@pytest.mark.parametrize("doc", [*sorted(DOCS.glob("*.md")), ROOT / "README.md",
                                 ROOT / "examples" / "README.md"], ids=lambda p: p.name)
def test_relative_links_resolve(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        assert (doc.parent / path).exists(), f"{doc.name}: dangling link {target}"
    assert "../facts/" not in text and "/work/" not in text


def _commands(doc: Path) -> list[str]:
    text = doc.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```(?:sh|yaml|toml)?\n(.*?)```", text, re.DOTALL):
        for line in block.splitlines():
            m = re.search(r"(?:^|[\s:-]|&& )modelmap (\w[^#`]*)", line)
            if m and not line.lstrip().startswith(("#", "- id:", "- repo:", "name:", "uses:")):
                found.append(m.group(1).strip())
    for inline in re.findall(r"`modelmap ([^`]+)`", text):  # not templates like [--surface S]
        if "[" not in inline and "..." not in inline and "<" not in inline:
            found.append(inline.replace("\\|", "|"))
    return found


@pytest.mark.parametrize("doc", USER_DOCS, ids=lambda p: p.name)
def test_commands_in_user_docs_parse(doc: Path) -> None:
    commands = _commands(doc)
    assert commands or doc.name == "configuration.md"
    for command in commands:
        argv = shlex.split(command)
        parser = build_parser(argv[0] if argv and not argv[0].startswith("-") else None)
        try:
            parser.parse_args(argv)
        except SystemExit as exc:  # --help exits 0; a usage error exits 2
            assert exc.code == 0, f"{doc.name}: `modelmap {command}` does not parse"


def test_action_uploads_sarif_before_failing() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    names = [s.get("uses", s.get("name", "")) for s in steps]
    check = next(i for i, s in enumerate(steps) if s.get("id") == "check")
    upload = next(i for i, n in enumerate(names) if n.startswith("github/codeql-action/upload"))
    assert check < upload < len(steps) - 1
    assert "set +e" in steps[check]["run"] and "exit 0" in steps[check]["run"]
    assert "--format sarif" in steps[check]["run"]
    assert steps[upload]["if"].startswith("${{ always()")
    assert "--format github" in steps[-1]["run"] and "--exit-zero" not in steps[-1]["run"]
    for step in steps:  # inputs reach shell scripts through env, never pasted into them
        assert "${{ inputs." not in step.get("run", "")
    ci = (DOCS / "ci.md").read_text(encoding="utf-8")
    for block in re.findall(r"```yaml\n(.*?)```", ci, re.DOTALL):
        yaml.safe_load(block)
    assert os.path.exists(ROOT / "action.yml")
