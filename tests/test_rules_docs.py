"""The RULES table: shape, docs sections, generated pages in sync, fixtures for every rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modelmap.findings import FAMILIES
from modelmap.rules import EMITTERS, RULES, Rule, emitter
from modelmap.rules_docs import drift, expected, render_rule

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"

# Code group -> families allowed in it (architecture.md: numbered by family group).
GROUP_FAMILIES = {
    "1": {"label-as-id", "unknown-model"}, "2": {"wrong-surface"},
    "3": {"invalid-param", "unsupported-param"}, "4": {"shut-down", "deprecated"},
    "5": {"route-advice", "route-config"}, "6": {"stale-claim", "label-as-id"},
    "7": {"policy"}, "8": {"image-output"},
}


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_row_is_well_formed(rule: Rule) -> None:
    assert re.fullmatch(r"MM[1-9]\d\d", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.family in FAMILIES
    assert rule.family in GROUP_FAMILIES[rule.code[2]]
    assert rule.summary.strip() and not rule.summary.endswith(" ")


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_has_every_doc_section(rule: Rule) -> None:
    d = rule.docs
    assert [bool(x.strip()) for x in (d.what, d.why, d.example, d.use_instead, d.fix_safety)] \
        == [True] * 5
    assert d.example != d.use_instead


def test_codes_and_names_are_unique_and_sorted() -> None:
    codes = [r.code for r in RULES]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert len({r.name for r in RULES}) == len(RULES)


def test_every_family_has_a_rule() -> None:
    assert {r.family for r in RULES} == set(FAMILIES)


def test_rule_page_sections_in_order() -> None:
    page = render_rule(RULES[0])
    heads = re.findall(r"^## (.+)$", page, flags=re.M)
    assert heads == ["What it does", "Why is this bad?", "Example", "Use instead", "Fix safety",
                     "Severity"]


def test_generated_docs_match_files() -> None:
    """Fails when docs/rules drifts from RULES: run
    `python -m modelmap.rules_docs --write-docs docs/rules`."""
    assert drift(DOCS) == []


def test_drift_detects_an_edited_page(tmp_path: Path) -> None:
    for path, text in expected(tmp_path).items():
        path.write_text(text, encoding="utf-8")
    assert drift(tmp_path) == []
    page = tmp_path / "MM301-invalid-image-size.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    (tmp_path / "MM999-gone.md").write_text("old\n", encoding="utf-8")
    assert drift(tmp_path) == [f"{page}: differs from RULES",
                               f"{tmp_path / 'MM999-gone.md'}: no such rule in RULES"]


def test_every_code_group_has_an_owner() -> None:
    assert {r.code[2] for r in RULES} <= set(EMITTERS)


@pytest.mark.parametrize("rule", [r for r in RULES if emitter(r) != "validate"],
                         ids=[r.code for r in RULES if emitter(r) != "validate"])
def test_rules_outside_validate_are_exercised_by_some_test(rule: Rule) -> None:
    """validate's rules have bad/good cases in test_validate_rules.py; rules emitted elsewhere
    (docs scanner, policy) must be exercised by their owner's tests."""
    mine = {"test_rules_docs.py", "test_validate_rules.py", "test_validate_details.py",
            "test_validate_cli.py"}
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")
             if p.name not in mine]
    assert any(rule.code in t for t in texts), f"no test mentions {rule.code}"
